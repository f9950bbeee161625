"""Real-browser fixtures: a Streamlit server on a free port (`lagesbild.serve.spawn`). The browser
fixtures (`browser`, `page`: Debian's chromium via Playwright, never a downloaded browser) are in
tests/conftest.py, shared with tests/integration."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lagesbild import serve

ROOT = Path(__file__).resolve().parents[2]


def start_server(db_path: Path, log_dir: Path):
    """The app as scripts/start.sh runs it, on a free port against `db_path`: (process, url, log file)."""
    log = open(log_dir / "streamlit.log", "w")
    proc, url = serve.spawn(db_path, log)
    return proc, url, log


def stop_server(proc, log) -> None:
    serve.stop(proc)
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
