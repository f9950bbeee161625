"""DuckDB access: versioned migrations, read-only snapshots for the app, and the one write path.

Writes never touch the live file. A writer takes an exclusive lock file, copies the database to a
temporary file beside it, works on the copy and, only if something changed, checkpoints it and
renames it over the live file (`os.replace`, atomic on POSIX). Readers therefore always see either
the state before or after a write, a killed writer leaves only a stale temporary file, and a
running app (read-only snapshot) never blocks the CLI. See docs/architecture.md.

The database may instead be hosted (`LAGESBILD_DB=md:lagesbild`, DuckDB's hosted engine
MotherDuck; see `lagesbild.settings`). Every public function here takes either a path or such a
URL: a path keeps the file behaviour above, a URL goes to the hosted backend at the end of this
module (read connections `duckdb.connect(url, read_only=True)`, writes as transactions on the
hosted database, the data version from the one-row table `lagesbild_data_version` that every write
transaction bumps). See docs/architecture.md ("Database location") and docs/scaling.md.
"""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb

from lagesbild.settings import MotherDuckURL, describe, is_url

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


class DatabaseUnavailable(RuntimeError):
    """A hosted database could not be reached (message in Swedish)."""


def target(value: str | os.PathLike | MotherDuckURL) -> Path | MotherDuckURL:
    """What a database argument names: a `MotherDuckURL` for `md:…`, else the path as given."""
    if isinstance(value, MotherDuckURL):
        return value
    if is_url(value):
        return MotherDuckURL(str(value).strip())
    return Path(value)


def is_hosted(value) -> bool:
    """True when the database is hosted (an `md:` URL), False for a file."""
    return is_url(value)


def exists(value) -> bool:
    """Whether the database is there: the file exists; a hosted database is assumed to exist."""
    return True if is_url(value) else Path(value).exists()


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
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        " AND table_catalog = current_database()"
    ).fetchone()[0]
    if not found:
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


def data_version(path: Path | MotherDuckURL) -> str:
    """Identity of the live database file; it changes with every completed write.
    For a hosted database: `md-<n>` from the table `lagesbild_data_version`."""
    if is_url(path):
        return _hosted_version(target(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


def open_snapshot(path: Path | MotherDuckURL) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current version of the database.

    DuckDB keeps one database instance per path inside a process, so reopening the same path
    after a swap would return the old version. We open through a fresh hard link (removed at once;
    the open file stays valid) so every snapshot is its own instance.
    For a hosted database: a read-only connection to it (`duckdb.connect(url, read_only=True)`).
    """
    if is_url(path):
        return _connect_hosted(target(path), read_only=hosted_read_only())
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
def writer(path: Path | MotherDuckURL, *, timeout: float | None = None,
           keep_migrations: bool = False) -> Iterator[Writer]:
    """The only way to change the database. Set `w.changed = True` to publish the working copy.

    The body runs against a private copy; if it raises, or leaves `changed` False, the live file
    is untouched (not even created or migrated, unless `keep_migrations`).
    A hosted database is written in transactions instead (see `_hosted_writer`).
    """
    if is_url(path):
        with _hosted_writer(target(path), lock_timeout() if timeout is None else timeout,
                            keep_migrations=keep_migrations) as handle:
            yield handle
        return
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


def ensure_database(path: Path | MotherDuckURL) -> None:
    """Create the database or bring its schema up to date (no-op when current)."""
    path = target(path)
    if is_url(path) or path.exists():
        con = open_snapshot(path)
        try:
            if schema_version(con) >= LATEST_VERSION:
                return
        finally:
            con.close()
    with writer(path, keep_migrations=True):
        pass


# --- hosted database (DuckDB's hosted engine, MotherDuck: `md:` URLs) ----------------------------
#
# No file to copy, link or rename: the hosted engine gives every connection the latest committed
# state, so readers are plain read-only connections and a write is a transaction on the hosted
# database. What the file backend gets from the inode (a data version) and the lock file (one
# writer at a time), this one gets from the one-row table `lagesbild_data_version`: every write
# transaction starts by incrementing it, so the version changes with each commit, and two writers'
# increments conflict (DuckDB's "Conflict on update"), which makes the second one wait (retry) like
# the lock.

# (not plain `data_version`: for a missing table DuckDB's Python client looks for a variable of that
# name, and would find the function below)
VERSION_TABLE = "lagesbild_data_version"
WRITER_INSTANCE = "lagesbild-writer"   # the writer's own client instance (see _hosted_writer)
HOSTED_VERSION_TTL_S = 2.0             # how long a read data version is reused within a process
hosted_connect = duckdb.connect        # replaced in tests: no network here
_hosted_versions: dict[str, tuple[float, str]] = {}
_hosted_versions_lock = threading.Lock()


def hosted_read_only() -> bool:
    """Open readers of a hosted database read-only (default), unless LAGESBILD_MD_READ_ONLY=0."""
    return os.environ.get("LAGESBILD_MD_READ_ONLY", "1").strip().lower() not in ("0", "false", "nej", "no")


def _connect_hosted(url: MotherDuckURL, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return hosted_connect(str(url), read_only=read_only)
    except duckdb.Error as exc:
        raise DatabaseUnavailable(
            f"Kunde inte ansluta till databasen {describe(url)} i MotherDuck: {_redact(str(exc), url)} "
            "Kontrollera nätverket, databasens namn (den skapas med CREATE DATABASE i MotherDuck) och "
            "att motherduck_token är satt (i adressen eller som miljövariabel).") from None


def _redact(text: str, url: MotherDuckURL) -> str:
    token = url.parameters.get("motherduck_token") or url.parameters.get("token")
    return text.replace(token, "…") if token else text


def _read_hosted_version(con) -> int:
    try:
        return con.execute(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}").fetchone()[0]
    except duckdb.CatalogException:        # never written by Lägesbild yet
        return 0


def _hosted_version(url: MotherDuckURL) -> str:
    key = str(url)
    with _hosted_versions_lock:
        hit = _hosted_versions.get(key)
    if hit is not None and time.monotonic() - hit[0] < HOSTED_VERSION_TTL_S:
        return hit[1]
    con = _connect_hosted(url, read_only=hosted_read_only())
    try:
        version = f"md-{_read_hosted_version(con)}"
    finally:
        con.close()
    with _hosted_versions_lock:
        _hosted_versions[key] = (time.monotonic(), version)
    return version


class _HostedWriteConnection:
    """`Writer.con` for a hosted database: the real connection, with transactions managed here.

    The first statement opens a transaction that starts by incrementing the version row (waiting
    while another writer holds it); `commit()` publishes it (the callers' own `begin()` is then a
    no-op, their `commit()` and `rollback()` end it). Statements run outside a caller's
    transaction (notes, agendas) join the open one and are published when the writer ends with
    `changed`, so a write is always one transaction together with its version increment.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, url: MotherDuckURL, timeout: float):
        self._con, self._url, self._timeout = con, url, timeout
        self._open = False
        self.commits = 0

    def _start(self) -> None:
        if self._open:
            return
        con, deadline = self._con, time.monotonic() + self._timeout
        while True:
            try:
                con.begin()
                bumped = con.execute(f"UPDATE {VERSION_TABLE} SET version = version + 1,"
                                     " changed_at = current_timestamp").fetchone()[0]
                if bumped:
                    self._open = True
                    return
                con.rollback()
                self._create_version_row()
            except duckdb.CatalogException:    # a database Lägesbild has not written yet
                con.rollback()
                self._create_version_row()
            except (duckdb.TransactionException, duckdb.ConstraintException):
                con.rollback()             # another writer holds (or just took) the version row
            if time.monotonic() > deadline:
                raise DatabaseBusy(f"Databasen {describe(self._url)} används av en annan import. "
                                   "Försök igen om en stund.")
            time.sleep(0.1)

    def _create_version_row(self) -> None:
        # Committed on its own (two writers may race here; the row is then there for both), so
        # that the version row is always there to be incremented, which is what excludes writers.
        with contextlib.suppress(duckdb.TransactionException, duckdb.ConstraintException, duckdb.CatalogException):
            self._con.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY"
                              " CHECK (id = 1), version BIGINT NOT NULL, changed_at TIMESTAMP NOT NULL)")
            self._con.execute(f"INSERT OR IGNORE INTO {VERSION_TABLE} VALUES (1, 0, current_timestamp)")

    def begin(self) -> None:
        self._start()

    def commit(self) -> None:
        if self._open:
            self._open = False
            self._con.commit()
            self.commits += 1

    def rollback(self) -> None:
        if self._open:
            self._open = False
            self._con.rollback()

    def close(self) -> None:
        self.rollback()
        self._con.close()

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        self._start()
        return getattr(self._con, name)


@contextlib.contextmanager
def _hosted_writer(url: MotherDuckURL, timeout: float, *, keep_migrations: bool) -> Iterator[Writer]:
    """`writer()` for a hosted database. Readers in the same process hold read-only connections,
    and DuckDB refuses a second client instance of the same URL with another configuration, so
    the writer connects with `user=lagesbild-writer` added (a separate instance of the same
    database, as MotherDuck documents for `?user=`)."""
    con = _connect_hosted(url.with_parameter("user", WRITER_INSTANCE), read_only=False)
    wrapped = _HostedWriteConnection(con, url, timeout)
    handle = Writer(con=wrapped)
    try:
        if apply_migrations(wrapped) and keep_migrations:
            handle.changed = True
        yield handle
        if handle.changed:
            wrapped.commit()
        else:
            wrapped.rollback()
    finally:
        with contextlib.suppress(Exception):
            wrapped.close()
        with _hosted_versions_lock:            # this process sees its own write at once
            _hosted_versions.pop(str(url), None)
