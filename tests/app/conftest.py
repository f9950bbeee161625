"""AppTest fixtures: the app pointed at a database through LAGESBILD_DB, caches cleared per test."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/overview.py", "pages/reported_crime.py", "pages/police_events.py", "pages/presence.py",
         "pages/safety.py", "pages/place_profile.py", "pages/map.py",
         "pages/priority_areas.py"]


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
