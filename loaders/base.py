"""What every loader shares: the source file, the parse result, rejections and value parsing.

All messages here are shown to users and are in Swedish. Parsing is vectorised (pandas) so large
files stay fast; every bad value is reported with its row and column, never coerced.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

MAX_LISTED = 25
MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december"]


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). Handles UTF-8 with/without BOM, UTF-16 (Excel's "Unicode text") and
    Windows-1252/latin-1 (Excel's plain CSV, BRÅ's Databasfil.txt)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without BOM: zero bytes in every other position.
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


@dataclass
class SourceFile:
    """A file to import: its bytes, name and checksum, and what has been decoded from it."""

    name: str
    data: bytes
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_path(cls, path: str | Path) -> "SourceFile":
        path = Path(path)
        return cls(name=path.name, data=path.read_bytes())

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def decoded(self) -> tuple[str, str]:
        """(text, encoding), decoded once per file."""
        return decode_text(self.data)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. `problems` are full Swedish sentences;
    `details` the same per cell (row, column, found, expected) where they concern a cell, and
    `unknown_places` the place names no alias matched (name, rows, suggestions)."""

    def __init__(self, file_name: str, problems: list[str], *, details: list[dict] | None = None,
                 unknown_places: list[dict] | None = None):
        self.file_name = file_name
        self.problems = problems
        self.details = details or []
        self.unknown_places = unknown_places or []
        self.kind: str | None = None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        shown = self.problems[:MAX_LISTED]
        more = len(self.problems) - len(shown)
        lines = [f"«{self.file_name}» importerades inte. Databasen är oförändrad."]
        lines += [f"  - {p}" for p in shown]
        if more:
            lines.append(f"  … och {more} fel till.")
        return "\n".join(lines)


class Problems:
    """Collects rejection reasons for one file."""

    def __init__(self, file_name: str, row_word: str = "rad"):
        self.file_name = file_name
        self.row_word = row_word  # "post" for JSON arrays
        self.items: list[str] = []
        self.details: list[dict] = []

    def add(self, text: str) -> None:
        self.items.append(text)

    def cell(self, row, column: str, found, expected: str) -> None:
        self.items.append(f"{self.row_word} {row}, kolumn «{column}»: fann «{found}», förväntade {expected}.")
        self.details.append({"row": row, "column": column, "found": str(found), "expected": expected})

    def cells(self, mask: np.ndarray | pd.Series, rows, column: str, found: pd.Series,
              expected: str) -> None:
        """Report every row where `mask` is true (vectorised callers)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        found_values = np.asarray(found, dtype=object)[mask]
        for row, value in zip(np.asarray(rows)[mask][: MAX_LISTED * 2], found_values):
            shown = "" if value is None or (isinstance(value, float) and np.isnan(value)) else value
            self.cell(row, column, shown if shown != "" else "(tomt)", expected)
        extra = int(mask.sum()) - min(int(mask.sum()), MAX_LISTED * 2)
        if extra:
            self.items.append(f"kolumn «{column}»: ytterligare {extra} rader med samma fel.")

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRejected(self.file_name, self.items, details=self.details)


@dataclass
class Parsed:
    """What a reader hands to the pipeline.

    `frame` has the target table's columns, plus `_row` (row number in the file) and either
    `place_name` (resolved through aliases) or `place_code` (SCB/Kolada code); crime rows carry
    `category_label` too.
    """

    target: str
    frame: pd.DataFrame
    place_column: str
    notices: list[str] = field(default_factory=list)
    category_column: str | None = None
    add_unknown_categories: bool = False
    row_word: str = "rad"          # "post" for JSON, in messages


# --- value parsing ---------------------------------------------------------------------------

_SPACE_CHARS = re.compile(r"[\s\u00a0\u202f\u2009]+")


def squeeze(series: pd.Series) -> pd.Series:
    """Strip and drop every space inside (thousands separators: space, NBSP, thin space)."""
    return series.astype("string").fillna("").str.replace(_SPACE_CHARS, "", regex=True)


def parse_counts(raw: pd.Series, rows, column: str, problems: Problems,
                 *, markers: bool = True) -> tuple[pd.Series, pd.Series]:
    """Whole non-negative counts. With `markers`, '..' is NULL and '-' is 0; both flagged."""
    text = squeeze(raw)
    flag = pd.Series(pd.NA, index=raw.index, dtype="string")
    if markers:
        flag = flag.mask(text == "..", "..").mask(text == "-", "-")
    digits = text.str.fullmatch(r"\d+").fillna(False).astype(bool)
    ok = digits | flag.notna()
    problems.cells(~ok, rows, column, raw, "ett heltal ≥ 0" + (" eller «..»" if markers else ""))
    values = pd.to_numeric(text.where(digits, None), errors="coerce").astype("Int64")
    values = values.mask((flag == "-").fillna(False).astype(bool), 0)
    return values, flag


def parse_decimal(raw: pd.Series, rows, column: str, problems: Problems,
                  *, allow_missing: bool = True) -> pd.Series:
    """Decimal numbers with comma or point; '..' and empty are NULL when allowed."""
    text = squeeze(raw).str.replace(",", ".", regex=False)
    missing = text.isin(["..", "", "-"]) if allow_missing else pd.Series(False, index=raw.index)
    numeric = text.str.fullmatch(r"\d+(\.\d+)?").fillna(False).astype(bool)
    problems.cells(~(numeric | missing), rows, column, raw,
                   "ett tal ≥ 0 (decimalkomma går bra)" + (" eller «..»" if allow_missing else ""))
    values = pd.to_numeric(text.where(numeric, None), errors="coerce").astype("Float64")
    return values.mask(text == "-", 0.0) if allow_missing else values


def parse_years(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    text = squeeze(raw).str.replace(r"\.0$", "", regex=True)
    ok = text.str.fullmatch(r"(19[5-9]\d|20\d\d)").fillna(False).astype(bool)
    problems.cells(~ok, rows, column, raw, "ett år med fyra siffror (t.ex. 2024)")
    return pd.to_numeric(text.where(ok, None), errors="coerce").astype("Int64")


def parse_months(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Month as 1-12, `jan`, `Januari`, `maj` … Empty stays NULL (a yearly row)."""
    text = squeeze(raw).str.lower().str.rstrip(".").str.replace(r"\.0$", "", regex=True)
    named = text.map(MONTHS)
    numeric = pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,2}").fillna(False)), errors="coerce")
    numeric = numeric.where((numeric >= 1) & (numeric <= 12))
    months = named.astype("Float64").fillna(numeric.astype("Float64"))
    bad = months.isna() & (text != "")
    problems.cells(bad, rows, column, raw, "en månad 1–12 eller ett månadsnamn (jan, februari …)")
    return months.round().astype("Int64")


def require_nonempty(raw: pd.Series, rows, column: str, problems: Problems, expected: str) -> None:
    empty = raw.astype("string").fillna("").str.strip() == ""
    problems.cells(empty, rows, column, raw, expected)
