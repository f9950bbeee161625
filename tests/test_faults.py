"""Crashes and concurrent writers: a killed import leaves the database as before or after it, never
in between, and two imports at once both land (one waits) or the second gets a clear message."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lagesbild import db
from loaders.pipeline import import_files
from tests.conftest import ROOT, fixture_path
from tests.demo_support import content_checksum, read

FIRST = fixture_path("bra-kommun", "Anmälda brott kommunerna 2024.csv")
SECOND = fixture_path("bra-databasfil", "databasfil_ar.txt")
POINTS_BEFORE = ["after_copy", "mid_transaction", "before_checkpoint", "before_replace"]
POINTS_AFTER = ["after_replace"]


def start_import(path: Path, file: Path, tmp_path: Path, point: str | None = None, sleep: float = 600,
                 extra_env: dict | None = None) -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / f"marker-{point}-{time.monotonic_ns()}"
    env = dict(os.environ, **(extra_env or {}))
    if point:
        env.update(LAGESBILD_FAULT_POINT=point, LAGESBILD_FAULT_MARKER=str(marker), LAGESBILD_FAULT_SLEEP=str(sleep))
    proc = subprocess.Popen([sys.executable, "-m", "loaders", "--db", str(path), "import", str(file)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, marker


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never reached the fault point"
        time.sleep(0.05)


@pytest.fixture
def states(tmp_path):
    """(database path, checksum before the second import, checksum after it)."""
    reference = tmp_path / "reference.duckdb"
    import_files([FIRST], db_path=reference)
    before = content_checksum(reference)
    path = tmp_path / "live.duckdb"
    path.write_bytes(reference.read_bytes())
    import_files([SECOND], db_path=reference)
    after = content_checksum(reference)
    assert before != after
    return path, before, after


@pytest.mark.parametrize("point", POINTS_BEFORE + POINTS_AFTER)
def test_kill_9_leaves_before_or_after_state(states, tmp_path, point):
    path, before, after = states
    proc, marker = start_import(path, SECOND, tmp_path, point)
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert content_checksum(path) == (after if point in POINTS_AFTER else before)
    # The next start opens cleanly: the stale working copy goes, and the import can be done again.
    (result,) = import_files([SECOND], db_path=path)
    assert result.status == ("unchanged" if point in POINTS_AFTER else "ok")
    assert content_checksum(path) == after
    assert not list(path.parent.glob(f".{path.name}.*.tmp*"))


def test_two_imports_at_once_both_land_one_after_the_other(states, tmp_path):
    path, _, after = states
    third = fixture_path("polisstatistik", "polisstatistik_utan_manad.csv")
    slow, marker = start_import(path, SECOND, tmp_path, "mid_transaction", sleep=2)
    wait_for(marker, slow)
    fast, _ = start_import(path, third, tmp_path)          # waits for the lock
    assert slow.wait(60) == 0 and fast.wait(60) == 0, (slow.communicate(), fast.communicate())
    kinds = read(path, "SELECT kind FROM import_log WHERE status = 'ok' ORDER BY import_id")
    assert kinds == [("bra-kommun",), ("bra-databasfil",), ("polisstatistik",)]
    assert read(path, "SELECT count(*) FROM crime_counts WHERE source = 'lokal'")[0][0] > 0
    # nothing duplicated: every key once
    assert read(path, """SELECT count(*) FROM (SELECT place_id, category_id, period_type, year, period, source
                         FROM crime_counts GROUP BY ALL HAVING count(*) > 1)""") == [(0,)]


def test_second_import_gets_a_clear_message_when_the_wait_is_too_long(states, tmp_path):
    path, before, _ = states
    slow, marker = start_import(path, SECOND, tmp_path, "mid_transaction", sleep=10)
    wait_for(marker, slow)
    third = fixture_path("polisstatistik", "polisstatistik_utan_manad.csv")
    waiting, _ = start_import(path, third, tmp_path, extra_env={"LAGESBILD_LOCK_TIMEOUT": "1"})
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 1
    assert "används av en annan import. Försök igen om en stund." in err
    os.kill(slow.pid, signal.SIGKILL)
    slow.wait()
    assert content_checksum(path) == before


def test_reader_keeps_its_snapshot_while_a_write_is_published(states):
    path, before, after = states
    reader = db.open_snapshot(path)
    try:
        n_before = reader.execute("SELECT count(*) FROM crime_counts").fetchone()[0]
        import_files([SECOND], db_path=path)
        assert reader.execute("SELECT count(*) FROM crime_counts").fetchone()[0] == n_before
    finally:
        reader.close()
    assert content_checksum(path) == after
