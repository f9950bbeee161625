"""Several app processes on one database file while imports publish new versions (issue 8).

Three reader processes read the same file exactly as the app does (`lagesbild.ui.query`: the data
version, a snapshot per version through `db.open_snapshot`, the cached named query) while the CLI
publishes three imports. Every reader must see every version, in order, without restart and
without a single error. Then a real Streamlit server (`python -m lagesbild.serve`) on the same
kind of file shows an import made from the CLI on the next page load, in Debian's chromium.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lagesbild import db
from loaders.pipeline import import_files
from tests.conftest import ROOT, fixture_path
from tests.e2e import conftest as e2e

BASE = fixture_path("bra-kommun", "Anmälda brott kommunerna 2024.csv")
STAGES = [fixture_path("bra-databasfil", "databasfil_ar.txt"),
          fixture_path("polisstatistik", "polisstatistik_utan_manad.csv"),
          "vallingby.csv"]                  # written by the test (the place the browser looks at)
VALLINGBY = ("Område;År;Brottskategori;Antal\nVällingby centrum;2024;Totalt antal brott;300\n"
             "Vällingby centrum;2025;Totalt antal brott;321\n")
# (crime_counts rows, active imports) after the base import and after each stage, counted by hand
# from the fixture files: 4 kommun rows; +3 yearly rows; +2 local rows; +2 Vällingby rows.
STATES = [(4, 1), (7, 2), (9, 3), (11, 4)]
READERS = 3
WAIT_S = 30

# One reader process: the app's own data path, polled every 20 ms until the stop file appears.
READER = """
import json, os, sys, time
from pathlib import Path
from lagesbild import ui

status, stop = Path(sys.argv[1]), Path(sys.argv[2])
seen, versions = [], []
while not stop.exists():
    row = ui.query("data_status").iloc[0]
    state = [int(row["crime_rows"]), int(row["imports"])]
    if not seen or seen[-1] != state:
        seen.append(state)
        versions.append(ui.current_version())
        tmp = status.with_suffix(".tmp")
        tmp.write_text(json.dumps({"seen": seen, "versions": versions}))
        os.replace(tmp, status)
    time.sleep(0.02)
"""
HARMLESS = "No runtime found, using MemoryCacheStorageManager"   # Streamlit's caches outside a server


def reader_env(path: Path) -> dict:
    return dict(os.environ, LAGESBILD_DB=str(path), PYTHONPATH=str(ROOT))


def cli_import(path: Path, file: Path) -> subprocess.CompletedProcess:
    """`python -m loaders import FILE` against LAGESBILD_DB, as an editor would run it."""
    return subprocess.run([sys.executable, "-m", "loaders", "import", str(file)], cwd=ROOT, env=reader_env(path),
                          capture_output=True, text=True, timeout=120)


def errors_in(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and HARMLESS not in line]


@pytest.fixture
def live(tmp_path) -> Path:
    """A database file made with a small import, as the readers start on it."""
    path = tmp_path / "live.duckdb"
    (result,) = import_files([BASE], db_path=path, imported_by="test")
    assert result.status == "ok"
    (tmp_path / "vallingby.csv").write_text(VALLINGBY, encoding="utf-8")
    return path


def read_status(status: Path) -> dict:
    try:
        return json.loads(status.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {"seen": [], "versions": []}


def wait_until_all_see(statuses: list[Path], state: tuple[int, int], procs) -> None:
    deadline = time.monotonic() + WAIT_S
    while True:
        latest = [read_status(s)["seen"][-1:] for s in statuses]
        if all(s == [list(state)] for s in latest):
            return
        for proc in procs:
            assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"readers did not all reach {state}: {latest}"
        time.sleep(0.05)


def test_three_readers_see_every_publish_without_restart_or_errors(live, tmp_path):
    stop = tmp_path / "stop"
    statuses = [tmp_path / f"reader-{i}.json" for i in range(READERS)]
    logs = [open(tmp_path / f"reader-{i}.log", "w+") for i in range(READERS)]
    procs = [subprocess.Popen([sys.executable, "-c", READER, str(status), str(stop)], cwd=tmp_path,
                              env=reader_env(live), stdout=log, stderr=subprocess.STDOUT)
             for status, log in zip(statuses, logs)]
    try:
        wait_until_all_see(statuses, STATES[0], procs)
        for file, state in zip(STAGES, STATES[1:]):
            done = cli_import(live, tmp_path / file if isinstance(file, str) else file)
            assert done.returncode == 0, done.stderr
            assert errors_in(done.stderr) == []
            wait_until_all_see(statuses, state, procs)    # the readers keep running: no restart
    finally:
        stop.touch()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    for proc, status, log in zip(procs, statuses, logs):
        log.seek(0)
        output = log.read()
        log.close()
        assert proc.returncode == 0, output
        assert errors_in(output) == [], output                 # no lock error, no traceback, nothing
        result = read_status(status)
        assert [tuple(s) for s in result["seen"]] == STATES     # every version, in order, never a torn one
        assert len(set(result["versions"])) == len(STATES)
        assert result["versions"][-1] == db.data_version(live)
    # Snapshot links are removed at once and the writer's working copies are gone: only the lock file.
    assert sorted(p.name for p in live.parent.glob(f".{live.name}*")) == [f".{live.name}.lock"]


@pytest.mark.browser
def test_streamlit_server_shows_a_cli_import_without_restart(live, tmp_path, page):
    from playwright.sync_api import expect

    from tests.e2e.test_browser import open_page

    proc, url, log = e2e.start_server(live, tmp_path)
    try:
        # Before: Vällingby centrum has no data, so the page falls back to the first place with data.
        open_page(page, f"{url}/?plats=plats-vallingby-centrum", "Översikt")
        expect(page.get_by_role("heading", name="Ale (kommun)")).to_be_visible()
        assert page.get_by_role("heading", name="Vällingby centrum (plats i Vällingby)").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        done = cli_import(live, tmp_path / "vallingby.csv")
        assert done.returncode == 0, done.stderr
        open_page(page, f"{url}/?plats=plats-vallingby-centrum", "Översikt")     # same URL, same server
        expect(page.get_by_role("heading", name="Vällingby centrum (plats i Vällingby)")).to_be_visible()
        expect(page.get_by_test_id("stMetricValue").first).to_have_text("321")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.errors == []
        assert proc.poll() is None                                           # the same server process
    finally:
        e2e.stop_server(proc, log)
    text = (tmp_path / "streamlit.log").read_text()
    assert not [line for line in text.splitlines() if "Traceback" in line or "Error" in line], text
