"""Real-browser fixtures: a Streamlit server on a free port and Debian's chromium via Playwright
(never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, log_dir: Path):
    """The app as scripts/start.sh runs it, on a free port against `db_path`: (process, url, log file)."""
    port = _free_port()
    env = dict(os.environ, LAGESBILD_DB=str(db_path))
    log = open(log_dir / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "lagesbild.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url, log
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start; see {log.name}")
        time.sleep(0.3)


def stop_server(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory):
    """The app on the shared demo database (tests here only read)."""
    proc, url, log = start_server(demo_db, tmp_path_factory.mktemp("server"))
    yield url
    stop_server(proc, log)


@pytest.fixture(scope="module")
def writable_server(demo_db, tmp_path_factory):
    """The app on its own copy of the demo database, for tests that import: (url, db path)."""
    directory = tmp_path_factory.mktemp("writable")
    path = directory / "live.duckdb"
    shutil.copyfile(demo_db, path)
    proc, url, log = start_server(path, directory)
    yield url, path
    stop_server(proc, log)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(executable).exists(), "Debian's chromium is missing: run scripts/test.sh, which installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
