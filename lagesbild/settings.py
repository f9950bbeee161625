"""Paths and settings read from the environment."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "lagesbild.duckdb"
DEMO_DIR = DATA_DIR / "demo"


def db_path() -> Path:
    """The database file: `LAGESBILD_DB` when set, else data/lagesbild.duckdb."""
    env = os.environ.get("LAGESBILD_DB", "").strip()
    return Path(env).expanduser().resolve() if env else DEFAULT_DB
