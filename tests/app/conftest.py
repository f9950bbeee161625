"""AppTest fixtures: the app pointed at a database through LAGESBILD_DB, caches cleared per test."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/overview.py", "pages/reported_crime.py", "pages/police_events.py", "pages/presence.py",
         "pages/safety.py", "pages/place_profile.py", "pages/map.py",
         "pages/priority_areas.py", "pages/report.py", "pages/meeting.py"]


@pytest.fixture
def app_on(monkeypatch):
    """app_on(db_path, **query_params) -> an AppTest that has run (and switched page if asked)."""

    def start(db_path, page: str | None = None, *, secrets: dict | None = None, user: dict | None = None,
              **params) -> AppTest:
        monkeypatch.setenv("LAGESBILD_DB", str(db_path))
        monkeypatch.delenv("LAGESBILD_READ_ONLY", raising=False)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=60)
        at.secrets.update({"lagesbild": {}, **(secrets or {})})   # never a secrets.toml from the machine
        if user is not None:
            at.user = user
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return start


@pytest.fixture
def media(monkeypatch):
    """`media(button)` is the file behind a download button (`.content`, `.filename`). AppTest discards
    its media files after a run, so the storage it creates is recorded and read back by the button's URL."""
    storages: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            storages.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return lambda button: storages[-1].get_file(button.proto.url.rsplit("/", 1)[-1].split("?")[0])


@pytest.fixture(scope="module")
def survey_db(tmp_path_factory):
    """A database with tests/app/data/enkater.csv only (suppressed groups included)."""
    from loaders.pipeline import import_files

    path = tmp_path_factory.mktemp("surveys") / "s.duckdb"
    (result,) = import_files([Path(__file__).parent / "data" / "enkater.csv"], db_path=path)
    assert result.status == "ok", result.message
    return path
