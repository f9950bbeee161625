"""Named queries: `run(con, "crime_series", places=[...], ...)` runs lagesbild/sql/crime_series.sql
with bound parameters and returns a DataFrame. Values are never put into SQL text."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).parent / "sql"


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a named query on its own cursor (safe across Streamlit's threads)."""
    params = {k: (list(v) if isinstance(v, (tuple, set, frozenset)) else v) for k, v in params.items()}
    cursor = con.cursor()
    try:
        return cursor.execute(load_sql(name), params).df()
    finally:
        cursor.close()
