"""LAGESBILD_DB as a file path or an `md:` URL (MotherDuck, DuckDB's hosted engine).

No network: the URL parsing and dispatch are checked directly, and the hosted backend's
transactions, data version and writer exclusion run against a local DuckDB file standing in for
the hosted database (`db.hosted_connect` replaced), so only the connection itself is not tested.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from lagesbild import db, notes, settings
from lagesbild.settings import MotherDuckURL
from loaders.demo import build_demo
from loaders.pipeline import import_files, undo
from loaders.preview import preview_file
from loaders.base import SourceFile
from tests.conftest import fixture_path

KOMMUN_2024 = fixture_path("bra-kommun", "Anmälda brott kommunerna 2024.csv")
DATABASFIL = fixture_path("bra-databasfil", "databasfil_ar.txt")
TOKEN = "hemlig-token-123"


# --- parsing -------------------------------------------------------------------------------------

def test_unset_is_the_default_file(monkeypatch):
    monkeypatch.delenv("LAGESBILD_DB", raising=False)
    assert settings.db_path() == settings.DEFAULT_DB
    assert isinstance(settings.db_path(), Path)


def test_a_path_stays_a_resolved_path(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAGESBILD_DB", "  sub/lagesbild.duckdb ")
    assert settings.db_path() == tmp_path / "sub" / "lagesbild.duckdb"
    assert isinstance(settings.db_path(), Path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("LAGESBILD_DB", "~/x.duckdb")
    assert settings.db_path() == tmp_path / "x.duckdb"


@pytest.mark.parametrize("value,database", [
    ("md:lagesbild", "lagesbild"),
    ("MD:Lagesbild", "Lagesbild"),
    ("motherduck:lagesbild", "lagesbild"),
    ("md:", ""),
    (f"md:lagesbild?motherduck_token={TOKEN}&attach_mode=single", "lagesbild"),
])
def test_an_md_url_is_recognised(monkeypatch, value, database):
    monkeypatch.setenv("LAGESBILD_DB", value)
    url = settings.db_path()
    assert isinstance(url, MotherDuckURL)
    assert url.database == database
    assert str(url) == value              # what duckdb.connect gets, unchanged
    assert db.is_hosted(url) and db.is_hosted(value) and db.target(value) == url
    assert db.exists(url)


def test_the_token_never_shows_in_messages():
    url = settings.parse_db(f"md:lagesbild?motherduck_token={TOKEN}&attach_mode=single")
    assert url.parameters == {"motherduck_token": TOKEN, "attach_mode": "single"}
    for text in (repr(url), url.display, settings.describe(url), str(settings.local_file_only("X", url))):
        assert TOKEN not in text
        assert "md:lagesbild?motherduck_token=…&attach_mode=single" in text


def test_paths_are_not_urls(tmp_path):
    for value in (tmp_path / "md.duckdb", str(tmp_path / "md:x.duckdb"), "data/lagesbild.duckdb"):
        assert not db.is_hosted(value)
        assert isinstance(db.target(value), Path)
    assert db.target(tmp_path / "a.duckdb") == tmp_path / "a.duckdb"     # as given, not resolved
    assert not db.exists(tmp_path / "a.duckdb")


def test_using_a_url_as_a_file_is_a_clear_swedish_error():
    url = settings.parse_db("md:lagesbild")
    with pytest.raises(settings.LocalFileOnly, match="kräver en lokal databasfil.*MotherDuck \\(md:lagesbild\\)"):
        Path(url)


def test_writer_instance_parameter_is_added_once():
    url = settings.parse_db("md:lagesbild?attach_mode=single")
    assert str(url.with_parameter("user", "w")) == "md:lagesbild?attach_mode=single&user=w"
    assert str(settings.parse_db("md:lagesbild").with_parameter("user", "w")) == "md:lagesbild?user=w"
    assert settings.parse_db("md:x?user=a").with_parameter("user", "w") == settings.parse_db("md:x?user=a")


def test_demo_refuses_a_hosted_database(capsys, tmp_path):
    assert build_demo(settings.parse_db(f"md:lagesbild?motherduck_token={TOKEN}"), out_dir=tmp_path) == 1
    err = capsys.readouterr().err
    assert "Exempeldatabasen («python -m loaders demo») kräver en lokal databasfil" in err
    assert TOKEN not in err
    assert not list(tmp_path.iterdir())          # nothing written


# --- dispatch, against a local file standing in for the hosted database ---------------------------

@pytest.fixture
def hosted(tmp_path, monkeypatch, _migrated_template):
    """(url, calls): an md: URL whose connections go to a local file with the current schema."""
    file = tmp_path / "hosted.duckdb"
    file.write_bytes(_migrated_template.read_bytes())
    calls: list[tuple[str, bool]] = []

    def connect(url: str, read_only: bool = False):
        calls.append((url, read_only))
        return duckdb.connect(str(file))          # one instance for readers and writers here

    monkeypatch.setattr(db, "hosted_connect", connect)
    monkeypatch.setattr(db, "HOSTED_VERSION_TTL_S", 0.0)
    db._hosted_versions.clear()
    return settings.parse_db(f"md:lagesbild?motherduck_token={TOKEN}"), calls


def count(url, sql: str):
    con = db.open_snapshot(url)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_readers_connect_read_only_and_the_writer_on_its_own_instance(hosted):
    url, calls = hosted
    db.open_snapshot(url).close()
    assert calls == [(str(url), True)]
    assert db.data_version(url) == "md-0"                  # never written by Lägesbild yet
    with db.writer(url) as w:
        w.con.execute("SELECT 1")
    assert calls[-1] == (f"md:lagesbild?motherduck_token={TOKEN}&user=lagesbild-writer", False)
    assert db.data_version(url) == "md-0"                  # nothing changed, nothing published


def test_read_only_can_be_switched_off(hosted, monkeypatch):
    url, calls = hosted
    monkeypatch.setenv("LAGESBILD_MD_READ_ONLY", "0")
    db.open_snapshot(url).close()
    assert calls == [(str(url), False)]


def test_imports_commit_on_the_hosted_database_and_bump_the_version(hosted):
    url, _ = hosted
    (first,) = import_files([KOMMUN_2024], db_path=url, imported_by="test")
    assert first.status == "ok"
    after_first = db.data_version(url)
    assert after_first != "md-0"
    rows = count(url, "SELECT count(*) FROM crime_counts")
    assert rows > 0
    (again,) = import_files([KOMMUN_2024], db_path=url, imported_by="test")
    assert again.status == "unchanged"
    assert db.data_version(url) == after_first            # an unchanged import publishes nothing
    (second,) = import_files([DATABASFIL], db_path=url, imported_by="test")
    assert second.status == "ok" and db.data_version(url) != after_first
    assert count(url, "SELECT count(*) FROM crime_counts") > rows
    undo(second.import_id, db_path=url)
    assert count(url, "SELECT count(*) FROM crime_counts") == rows
    assert count(url, "SELECT count(*) FROM import_log WHERE status = 'ok'") == 1


def test_a_rejected_import_changes_nothing(hosted, tmp_path):
    url, _ = hosted
    import_files([KOMMUN_2024], db_path=url)
    version, rows = db.data_version(url), count(url, "SELECT count(*) FROM crime_counts")
    bad = tmp_path / "trasig.csv"
    bad.write_text("Område;År;Brottskategori;Antal\nDanderyd;2024;Totalt antal brott;många\n", encoding="utf-8")
    (result,) = import_files([bad], db_path=url)
    assert result.status == "rejected"
    assert db.data_version(url) == version
    assert count(url, "SELECT count(*) FROM crime_counts") == rows


def test_a_failing_write_is_rolled_back(hosted):
    url, _ = hosted
    version = db.data_version(url)
    with pytest.raises(RuntimeError):
        with db.writer(url) as w:
            w.con.execute("INSERT INTO place_notes VALUES ('kommun-0162', 'halv', 'x', now())")
            w.changed = True
            raise RuntimeError("krasch mitt i")
    assert count(url, "SELECT count(*) FROM place_notes") == 0
    assert db.data_version(url) == version


def test_statements_outside_a_callers_transaction_are_one_write(hosted):
    url, _ = hosted
    notes.save_note(url, "kommun-0162", "Första texten", "redaktör")
    first = db.data_version(url)
    notes.save_note(url, "kommun-0162", "Andra texten", "redaktör")
    assert db.data_version(url) != first
    assert notes.undo_note(url, "kommun-0162")
    assert count(url, "SELECT count(*) FROM place_notes") == 1


def test_preview_reads_the_hosted_database(hosted):
    url, _ = hosted
    preview = preview_file(SourceFile.from_path(KOMMUN_2024), url)
    assert preview.status == "ok" and not preview.errors
    assert count(url, "SELECT count(*) FROM crime_counts") == 0


def test_ensure_database_migrates_an_empty_hosted_database(hosted, tmp_path, monkeypatch):
    url, _ = hosted
    empty = tmp_path / "empty.duckdb"
    monkeypatch.setattr(db, "hosted_connect", lambda u, read_only=False: duckdb.connect(str(empty)))
    db.ensure_database(url)
    assert count(url, "SELECT max(version) FROM schema_version") == db.LATEST_VERSION
    version = db.data_version(url)
    assert version != "md-0"
    db.ensure_database(url)                                 # current: nothing written
    assert db.data_version(url) == version


def test_a_second_writer_waits_and_then_gives_up_in_swedish(hosted):
    url, _ = hosted
    with db.writer(url) as first:
        first.con.execute("SELECT count(*) FROM place_notes")      # holds the version row
        started = time.monotonic()
        with pytest.raises(db.DatabaseBusy, match="används av en annan import. Försök igen om en stund."):
            with db.writer(url, timeout=0.5) as second:
                second.con.execute("SELECT 1")
        assert time.monotonic() - started >= 0.5
        first.con.execute("INSERT INTO place_notes VALUES ('kommun-0162', 'text', 'a', now())")
        first.changed = True
    assert count(url, "SELECT count(*) FROM place_notes") == 1


def test_a_second_writer_lands_after_the_first(hosted):
    url, _ = hosted
    holding, errors = threading.Event(), []

    def later():
        holding.wait(10)
        try:
            notes.save_note(url, "kommun-0162", "från tråden", "b")
        except Exception as exc:     # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=later)
    thread.start()
    with db.writer(url) as first:
        first.con.execute("INSERT INTO place_notes VALUES ('kommun-0162', 'först', 'a', now())")
        first.changed = True
        holding.set()
        time.sleep(0.5)                  # the other writer is retrying meanwhile
    thread.join(20)
    assert errors == []
    texts = [t for (t,) in db.open_snapshot(url).execute("SELECT text FROM place_notes ORDER BY updated_at").fetchall()]
    assert texts == ["först", "från tråden"]


def test_an_unreachable_hosted_database_is_a_swedish_message_without_the_token(monkeypatch):
    def refuse(url, read_only=False):
        raise duckdb.IOException(f'Failed to download extension "motherduck" for {url}')

    monkeypatch.setattr(db, "hosted_connect", refuse)
    url = settings.parse_db(f"md:lagesbild?motherduck_token={TOKEN}")
    with pytest.raises(db.DatabaseUnavailable) as caught:
        db.open_snapshot(url)
    assert str(caught.value).startswith(
        "Kunde inte ansluta till databasen md:lagesbild?motherduck_token=… i MotherDuck")
    assert TOKEN not in str(caught.value)
