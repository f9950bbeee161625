"""Shared fixtures for the loader tests.

- `db_path`: a fresh, migrated database file per test (tmp_path / "test.duckdb").
- `load(kind_dir, file_name, kind=None, options=None)`: import one fixture file through the real
  pipeline (`loaders.pipeline.import_files`) and return its ImportResult.
- `query(sql, params)`: rows from a read-only snapshot (`lagesbild.db.open_snapshot`), closed after use.
- `undo(import_id)`: `loaders.pipeline.undo_import` inside `lagesbild.db.writer`, as the CLI does it.
- `db_sha256()`: checksum of the database file, to prove that nothing was written.

Fixture files live in tests/fixtures/<kind>/; the binary ones were written once by
tests/fixtures/make_fixtures.py and are committed.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lagesbild import db  # noqa: E402
from loaders.pipeline import import_files, undo_import  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"

CRIME_COLUMNS = ("place_id, category_id, source_label, period_type, year, period, count, rate_per_100k,"
                 " preliminary, source, flag")
EVENT_COLUMNS = ("event_id, published_at, occurred_at, type, place_id, location_name, summary, url, lat,"
                 " lon, name, is_summary")


def fixture_path(kind_dir: str, file_name: str) -> Path:
    path = FIXTURES / kind_dir / file_name
    assert path.is_file(), f"missing fixture {path}"
    return path


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    """Migrating takes a noticeable moment; do it once and copy the file for each test."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    db.ensure_database(path)
    return path


@pytest.fixture
def db_path(tmp_path, _migrated_template) -> Path:
    path = tmp_path / "test.duckdb"
    shutil.copyfile(_migrated_template, path)
    db.ensure_database(path)  # a no-op on the copied, current schema
    return path


@pytest.fixture
def load(db_path):
    def _load(kind_dir: str, file_name: str, *, kind: str | None = None, options: dict | None = None):
        results = import_files([fixture_path(kind_dir, file_name)], db_path=db_path, kind=kind,
                               options=options or {}, imported_by="test")
        assert len(results) == 1
        return results[0]
    return _load


@pytest.fixture
def query(db_path):
    def _query(sql: str, params: list | None = None) -> list[tuple]:
        con = db.open_snapshot(db_path)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()
    return _query


@pytest.fixture
def undo(db_path):
    def _undo(import_id: int) -> str:
        with db.writer(db_path) as w:
            message = undo_import(w.con, import_id)
            w.changed = True
        return message
    return _undo


@pytest.fixture
def db_sha256(db_path):
    def _sha() -> str:
        return hashlib.sha256(db_path.read_bytes()).hexdigest()
    return _sha



@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo database, built once per test session through the real loaders (app and browser tests)."""
    from tests.demo_support import build_demo_db

    return build_demo_db(tmp_path_factory.mktemp("demo"))


# --- the real browser (shared by tests/e2e and tests/integration: one Playwright per session) -------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from lagesbild import serve

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(executable).exists(), "Debian's chromium is missing: run scripts/test.sh, which installs it"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=serve.CHROMIUM_ARGS)
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
