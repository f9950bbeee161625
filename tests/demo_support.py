"""Shared by the app, query and browser tests: build databases through the real loaders."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from lagesbild import db
from loaders.demo import build_demo


def build_demo_db(directory: Path) -> Path:
    path = directory / "demo.duckdb"
    with contextlib.redirect_stdout(open(os.devnull, "w")):
        assert build_demo(path, out_dir=directory / "files") == 0
    return path


def read(path: Path, sql: str, params=None):
    con = db.open_snapshot(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
