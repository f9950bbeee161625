"""Paths and settings read from the environment.

`LAGESBILD_DB` names the database: a file path (the default, `data/lagesbild.duckdb`) or a DuckDB
hosted-engine URL (`md:lagesbild`, `md:lagesbild?motherduck_token=…`, also spelled `motherduck:`).
`db_path()` returns a `Path` for a file, exactly as before, and a `MotherDuckURL` for a URL;
`lagesbild.db` accepts either. See docs/architecture.md ("Database location") and docs/scaling.md.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "lagesbild.duckdb"
DEMO_DIR = DATA_DIR / "demo"

URL_PREFIXES = ("md:", "motherduck:")
SECRET_PARAMETERS = {"motherduck_token", "token"}


class LocalFileOnly(RuntimeError):
    """Something that needs a database file (copying, linking, deleting it) was asked of a hosted
    database. The message is Swedish and says what to do instead."""


@dataclass(frozen=True)
class MotherDuckURL:
    """A database in MotherDuck, DuckDB's hosted engine: `md:<name>[?param=value&…]`.

    `str()` is the full connection string (what `duckdb.connect` takes, token included), so the
    value survives a round trip through `str` like a path does; `repr()` and `display` hide the
    token. Using it as a file path (`Path(url)`, `open(url)`, `os.stat(url)`) raises
    `LocalFileOnly` with a Swedish message instead of silently naming a file "md:…".
    """

    url: str

    def __post_init__(self) -> None:
        if not is_url(self.url):
            raise ValueError(f"not a MotherDuck URL: {self.display}")

    @property
    def database(self) -> str:
        """The database name ('' for MotherDuck's default database)."""
        rest = self.url.split(":", 1)[1]
        return rest.split("?", 1)[0]

    @property
    def parameters(self) -> dict[str, str]:
        query = self.url.split("?", 1)[1] if "?" in self.url else ""
        return dict(parse_qsl(query, keep_blank_values=True))

    @property
    def display(self) -> str:
        """The URL with secrets replaced by «…», for messages and logs."""
        base = self.url.split("?", 1)[0]
        params = [f"{k}={'…' if k.lower() in SECRET_PARAMETERS else v}" for k, v in self.parameters.items()]
        return base + ("?" + "&".join(params) if params else "")

    def with_parameter(self, name: str, value: str) -> "MotherDuckURL":
        """The same database with one more connection-string parameter (kept if already set)."""
        if name in self.parameters:
            return self
        return MotherDuckURL(self.url + ("&" if "?" in self.url else "?") + urlencode({name: value}))

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"MotherDuckURL({self.display!r})"

    def __fspath__(self) -> str:
        raise local_file_only("Det här", self)


def is_url(value: object) -> bool:
    """True for a hosted-database URL (`md:…`, `motherduck:…`), False for anything else."""
    if isinstance(value, MotherDuckURL):
        return True
    return isinstance(value, str) and value.strip().lower().startswith(URL_PREFIXES)


def parse_db(value: str | os.PathLike) -> Path | MotherDuckURL:
    """A `LAGESBILD_DB` or `--db` value: a `MotherDuckURL` for `md:…`, else the resolved file path."""
    if isinstance(value, MotherDuckURL):
        return value
    if is_url(value):
        return MotherDuckURL(str(value).strip())
    return Path(value).expanduser().resolve()


def db_path() -> Path | MotherDuckURL:
    """The database: `LAGESBILD_DB` when set (a file path or an `md:` URL), else data/lagesbild.duckdb."""
    env = os.environ.get("LAGESBILD_DB", "").strip()
    return parse_db(env) if env else DEFAULT_DB


def describe(target: Path | MotherDuckURL | str) -> str:
    """The database for a message: the file path, or the URL without its token."""
    if is_url(target):
        return parse_db(target).display
    return str(target)


def local_file_only(what: str, target: Path | MotherDuckURL | str | None = None, hint: str = "") -> LocalFileOnly:
    """The Swedish error for a file-only feature used with a hosted database."""
    where = f" ({describe(target)})" if target is not None else ""
    return LocalFileOnly(
        f"{what} kräver en lokal databasfil, men databasen är en databas i MotherDuck{where}. "
        "Ange en databasfil med --db eller LAGESBILD_DB (t.ex. data/lagesbild.duckdb)." + (f" {hint}" if hint else ""))
