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


VOLATILE = {"import_log": "EXCLUDE (started_at, finished_at, undone_at)"}


def content_checksum(path: Path) -> dict[str, str]:
    """sha256 of every table's rows (sorted) and the sequences' positions, to compare database
    content across processes.
    When an import ran (its clock times in import_log) does not count as content."""
    import hashlib

    con = db.open_snapshot(path)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        sums = {t: hashlib.sha256(repr(con.execute(
                    f'SELECT * {VOLATILE.get(t, "")} FROM "{t}" ORDER BY ALL').fetchall()).encode()).hexdigest()
                for t in tables}
        sums["(sequences)"] = repr(con.execute(
            "SELECT sequence_name, last_value FROM duckdb_sequences() ORDER BY ALL").fetchall())
        return sums
    finally:
        con.close()
