"""Fixtures shared by the report and deck tests: the demo database opened once per module, and the
kaleido image server (Debian's chromium) when it is there."""
from __future__ import annotations

import pytest

from lagesbild import db, images


@pytest.fixture(scope="module")
def demo_con(demo_db):
    connection = db.open_snapshot(demo_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def image_server():
    if images.chromium_path() is None:
        yield
        return
    images.start_server()
    yield
    images.stop_server()
