"""DuckDB access: versioned migrations, read-only snapshots for the app, and the one write path.

Writes never touch the live file. A writer takes an exclusive lock file, copies the database to a
temporary file beside it, works on the copy and, only if something changed, checkpoints it and
renames it over the live file (`os.replace`, atomic on POSIX). Readers therefore always see either
the state before or after a write, a killed writer leaves only a stale temporary file, and a
running app (read-only snapshot) never blocks the CLI. See docs/architecture.md.
"""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
LOCK_TIMEOUT_S = 300.0


def fault_point(name: str) -> None:
    """Test hook for crash tests: with LAGESBILD_FAULT_POINT=name, write the file named by
    LAGESBILD_FAULT_MARKER and sleep LAGESBILD_FAULT_SLEEP seconds (default 600) so a test can kill
    the process exactly here. Does nothing otherwise."""
    if os.environ.get("LAGESBILD_FAULT_POINT") != name:
        return
    marker = os.environ.get("LAGESBILD_FAULT_MARKER")
    if marker:
        Path(marker).write_text(name)
    time.sleep(float(os.environ.get("LAGESBILD_FAULT_SLEEP", "600")))


def lock_timeout() -> float:
    """How long a writer waits for another: LAGESBILD_LOCK_TIMEOUT seconds (default 300)."""
    try:
        return float(os.environ.get("LAGESBILD_LOCK_TIMEOUT", LOCK_TIMEOUT_S))
    except ValueError:
        return LOCK_TIMEOUT_S


class DatabaseBusy(RuntimeError):
    """Another process held the write lock for too long."""


def migrations() -> list[tuple[int, str, Path]]:
    """(version, name, path) of every migration file, in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.iterdir()):
        if path.suffix in (".sql", ".py") and path.name[:3].isdigit():
            found.append((int(path.name[:3]), path.stem, path))
    return found


LATEST_VERSION = max(v for v, _, _ in migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> int:
    """Apply missing migrations, each in its own transaction. Returns how many were applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    current = schema_version(con)
    applied = 0
    for version, name, path in migrations():
        if version <= current:
            continue
        con.begin()
        try:
            if path.suffix == ".sql":
                con.execute(path.read_text(encoding="utf-8"))
            else:
                spec = importlib.util.spec_from_file_location(f"lagesbild_migration_{version}", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                module.apply(con)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        applied += 1
    return applied


def data_version(path: Path) -> str:
    """Identity of the live database file; it changes with every completed write."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


def open_snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current version of the database.

    DuckDB keeps one database instance per path inside a process, so reopening the same path
    after a swap would return the old version. We open through a fresh hard link (removed at once;
    the open file stays valid) so every snapshot is its own instance.
    """
    link = path.with_name(f".{path.name}.read-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    os.link(path, link)
    try:
        return duckdb.connect(str(link), read_only=True)
    finally:
        os.unlink(link)


@dataclass
class Writer:
    """Handed out by `writer()`: the connection to the working copy and whether to publish it."""

    con: duckdb.DuckDBPyConnection
    changed: bool = False
    notes: list[str] = field(default_factory=list)


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def _exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(path), "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseBusy(
                        f"Databasen {path.name} används av en annan import. Försök igen om en stund."
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_copies(path: Path) -> None:
    # Only called with the lock held: any working copy left now belongs to a killed writer.
    for stale in path.parent.glob(f".{path.name}.*.tmp*"):
        stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer(path: Path, *, timeout: float | None = None, keep_migrations: bool = False) -> Iterator[Writer]:
    """The only way to change the database. Set `w.changed = True` to publish the working copy.

    The body runs against a private copy; if it raises, or leaves `changed` False, the live file
    is untouched (not even created or migrated, unless `keep_migrations`).
    """
    path = Path(path)
    with _exclusive_lock(path, lock_timeout() if timeout is None else timeout):
        _remove_stale_copies(path)
        work = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        if path.exists():
            shutil.copyfile(path, work)
        fault_point("after_copy")
        con = duckdb.connect(str(work))
        handle = Writer(con=con)
        try:
            if apply_migrations(con) and keep_migrations:
                handle.changed = True
            yield handle
            fault_point("before_checkpoint")
            if handle.changed:
                con.execute("CHECKPOINT")
            con.close()
            if handle.changed:
                _fsync(work)
                fault_point("before_replace")
                os.replace(work, path)
                _fsync(path.parent)
                fault_point("after_replace")
        finally:
            with contextlib.suppress(Exception):
                con.close()
            work.unlink(missing_ok=True)
            path.with_name(work.name + ".wal").unlink(missing_ok=True)


def ensure_database(path: Path) -> None:
    """Create the database or bring its schema up to date (no-op when current)."""
    path = Path(path)
    if path.exists():
        con = open_snapshot(path)
        try:
            if schema_version(con) >= LATEST_VERSION:
                return
        finally:
            con.close()
    with writer(path, keep_migrations=True):
        pass
