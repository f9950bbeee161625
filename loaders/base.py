"""What every loader shares: the source file, the parse result, rejections and value parsing.

All messages here are shown to users and are in Swedish. Parsing is vectorised (pandas) so large
files stay fast; every bad value is reported with its row and column, never coerced.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from lagesbild.names import name_key

MAX_LISTED = 25
MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december"]


class EncodingProblem(ValueError):
    """The bytes are not text in any encoding we read; the message is a Swedish sentence."""


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _utf16(data: bytes, encoding: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(data) % 2:
            raise EncodingProblem(
                f"filen är {what} men har ett udda antal byte, så sista tecknet är halvt; den verkar "
                "avklippt. Spara eller hämta den igen.") from exc
        raise EncodingProblem(
            f"filen är {what} men innehåller en ogiltig teckenföljd vid byte {exc.start}; den är skadad. "
            "Spara den igen (helst som CSV UTF-8).") from exc


_UTF8_START = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")   # how every non-ASCII UTF-8 character begins


def _mixed_utf8(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a line that is not UTF-8) when the file mixes both, else None."""
    if not _UTF8_START.search(data):  # plain Windows-1252: no line can be UTF-8 with å, ä, ö
        return None
    utf8_line = other_line = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            return utf8_line, other_line
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding). Handles UTF-8 with/without BOM, UTF-16 (Excel's "Unicode text") and
    Windows-1252 (Excel's plain CSV; also covers BRÅ's ISO-8859-1 Databasfil.txt).

    Raises EncodingProblem (Swedish) for bytes that are not text in any of them: a UTF-8 BOM over
    other bytes, cut UTF-16, UTF-8 and Windows-1252 lines mixed, bytes Windows-1252 does not define.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            byte = data[3 + exc.start]
            raise EncodingProblem(
                f"filen börjar med en UTF-8-markering (BOM) men rad {_line_of(data, 3 + exc.start)} är inte "
                f"UTF-8 (byte 0x{byte:02X}, troligen Windows-1252). Spara om filen som «CSV UTF-8» "
                "eller utan BOM.") from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", "UTF-16"), "utf-16"
    head = data[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without BOM: zero bytes in every other position.
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return _utf16(data, enc, "UTF-16 (utan BOM)"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed:
        raise EncodingProblem(
            f"filen blandar teckenkodningar: rad {mixed[0]} är UTF-8 men rad {mixed[1]} är inte det "
            "(troligen Windows-1252), så å, ä och ö skulle bli fel. Spara om hela filen i en kodning, "
            "helst «CSV UTF-8».")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise EncodingProblem(
            f"rad {_line_of(data, exc.start)}: byten 0x{byte:02X} är inget tecken i UTF-8 eller Windows-1252; "
            "filen är skadad eller har en annan teckenkodning. Spara om den som «CSV UTF-8».") from exc


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
        """(text, encoding), decoded once per file. Raises ImportRejected for undecodable bytes."""
        try:
            return decode_text(self.data)
        except EncodingProblem as exc:
            raise ImportRejected(self.name, [str(exc)]) from None

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. `problems` are full Swedish sentences;
    `details` the same per cell (row, column, found, expected) where they concern a cell, and
    `unknown_places` the place names no alias matched (name, rows, suggestions), `unknown_kinds` the
    patrol log texts no kind spelling matched (text, rows)."""

    def __init__(self, file_name: str, problems: list[str], *, details: list[dict] | None = None,
                 unknown_places: list[dict] | None = None, unknown_kinds: list[dict] | None = None):
        self.file_name = file_name
        self.problems = problems
        self.details = details or []
        self.unknown_places = unknown_places or []
        self.unknown_kinds = unknown_kinds or []
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
# Whole digits, or thousands separated by one space, NBSP or thin space in groups of three
# ("2 537", "1 548 876"); a separator anywhere else ("2 53 7") is not a number.
_INTEGER = r"(?:\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)"
FIRST_YEAR = 1990
MAX_RATE = 100_000


def last_year() -> int:
    """The latest year any file may hold: the current year."""
    return dt.date.today().year


def year_expected() -> str:
    return f"ett år {FIRST_YEAR}–{last_year()}"


def year_ok(year) -> bool:
    return year is not None and FIRST_YEAR <= int(year) <= last_year()


def squeeze(series: pd.Series) -> pd.Series:
    """Strip and drop every space inside (thousands separators: space, NBSP, thin space)."""
    return series.astype("string").fillna("").str.replace(_SPACE_CHARS, "", regex=True)


def _grouped(raw: pd.Series, decimals: bool) -> pd.Series:
    """True where the stripped text is a number whose spaces are thousands separators."""
    pattern = _INTEGER + (r"(?:[.,]\d+)?" if decimals else "")
    text = raw.astype("string").fillna("").str.strip()
    return text.str.fullmatch(pattern).fillna(False).astype(bool)


def parse_counts(raw: pd.Series, rows, column: str, problems: Problems,
                 *, markers: bool = True) -> tuple[pd.Series, pd.Series]:
    """Whole non-negative counts. With `markers`, '..' is NULL and '-' is 0; both flagged."""
    text = squeeze(raw)
    flag = pd.Series(pd.NA, index=raw.index, dtype="string")
    if markers:
        flag = flag.mask(text == "..", "..").mask(text == "-", "-")
    digits = _grouped(raw, decimals=False)
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
    numeric = _grouped(raw, decimals=True)
    problems.cells(~(numeric | missing), rows, column, raw,
                   "ett tal ≥ 0 (decimalkomma går bra)" + (" eller «..»" if allow_missing else ""))
    values = pd.to_numeric(text.where(numeric, None), errors="coerce").astype("Float64")
    return values.mask(text == "-", 0.0) if allow_missing else values


def parse_rates(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Rates per 100 000 inhabitants: as `parse_decimal`, and at most 100 000 (more crimes than
    inhabitants is not a rate; usually the count and rate columns have changed places)."""
    values = parse_decimal(raw, rows, column, problems)
    too_high = (values > MAX_RATE).fillna(False).astype(bool)
    problems.cells(too_high, rows, column, raw,
                   "högst 100 000 per 100 000 invånare (har kolumnerna för antal och per 100 000 inv. bytt plats?)")
    return values


def parse_years(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Four-digit years FIRST_YEAR..the current year (`2019.0` from Excel tolerated)."""
    text = squeeze(raw).str.replace(r"\.0$", "", regex=True)
    four = text.str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    years = pd.to_numeric(text.where(four, None), errors="coerce").astype("Int64")
    ok = ((years >= FIRST_YEAR) & (years <= last_year())).fillna(False).astype(bool)
    problems.cells(~ok, rows, column, raw, year_expected())
    return years.where(ok)


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


_SLASH = re.compile(r"\s*/\s*")


def indicator_key(label: str) -> str:
    """Matching key for a survey indicator label: `name_key`, and no spaces around a slash (Brå
    writes «Oro för överfall/ misshandel», our registry «Oro för överfall/misshandel»)."""
    return _SLASH.sub("/", name_key(label))


def require_nonempty(raw: pd.Series, rows, column: str, problems: Problems, expected: str) -> None:
    empty = raw.astype("string").fillna("").str.strip() == ""
    problems.cells(empty, rows, column, raw, expected)


# --- dates, clock times and durations as people type them in logs -------------------------------

_WEEKDAY_PREFIX = re.compile(r"^(?:mån|tis|ons|tor|fre|lör|sön)[a-zåäö]*\.?,?\s+", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(?::\d{2})?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})\.?\s*([a-zåäö]+)\.?\s+(\d{4})$", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_EXPECTED = ("ett datum som 2025-09-05, 5/9/2025, 5.9.2025 eller 5 sep 2025 "
                 f"(år {FIRST_YEAR}–nu)")


def _one_date(text: str) -> dt.date | None:
    text = _WEEKDAY_PREFIX.sub("", text.strip())
    try:
        if m := (_ISO_DATE.match(text) or _COMPACT_DATE.match(text)):
            year, month, day = (int(g) for g in m.groups())
        elif m := _ISO_DATETIME.match(text):   # an Excel date-and-time cell: the date counts here
            year, month, day = (int(g) for g in m.groups())
        elif m := _DAY_FIRST.match(text):
            day, month, year = (int(g) for g in m.groups())
            year += 2000 if year < 100 else 0
        elif m := _NAMED_MONTH.match(text):
            month = MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            day, year = int(m.group(1)), int(m.group(3))
        elif re.fullmatch(r"\d{5}(?:\.0)?", text):  # an Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:   # 31/2/2025
        return None


def parse_dates(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Calendar dates (datetime64) from ISO `2025-09-05`, Swedish day-first `5/9/2025`, `5.9.2025`,
    `5-9-25`, `5 sep 2025` (an optional weekday first: `fre 5 sep 2025`), `20250905`, Excel date cells
    and Excel serial numbers. Years FIRST_YEAR..this year."""
    text = raw.astype("string").fillna("").str.strip()
    mapping = {value: _one_date(value) for value in text.unique()}
    # A list, not text.map: mapping a string series turns None into NA (pandas 3), which has no `.year`.
    dates = pd.Series([mapping[value] for value in text], index=raw.index, dtype=object)
    ok = dates.map(lambda d: d is not None and year_ok(d.year)).astype(bool)
    problems.cells(~ok, rows, column, raw, DATE_EXPECTED)
    return pd.to_datetime(dates.where(ok, None))


_CLOCK = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?)?(?:\s*(?:-tiden|h))?$", re.IGNORECASE)
_COMPACT_CLOCK = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(\d{2})$", re.IGNORECASE)
TIME_EXPECTED = "ett klockslag som 21:30, 21.30, 2130 eller kl. 21.30"


def _one_time(text: str) -> int | None:
    text = text.strip()
    m = _CLOCK.match(text) or _COMPACT_CLOCK.match(text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if minute <= 59 and (hour < 24 or (hour == 24 and not minute)):
            return hour * 60 + minute
    # Only what is not a clock time is a day fraction: `0.30` is half past midnight, not 07:12.
    if re.fullmatch(r"0?\.\d+", text):           # an Excel time stored as a fraction of a day
        minutes = round(float(text) * 1440)
        return minutes if minutes < 1440 else None
    return None


def parse_times(raw: pd.Series, rows, column: str, problems: Problems, *, required: bool = True) -> pd.Series:
    """Minutes after midnight (Int64) from `21:30`, `21.30`, `2130`, `kl. 21.30`, `kl 21`, `21:30:00`
    (Excel time cells) and Excel day fractions. `24:00` is 1440 (midnight at the end of the day).
    Empty cells are errors when `required`, else NULL."""
    text = raw.astype("string").fillna("").str.strip()
    mapping = {value: _one_time(value) for value in text.unique() if value}
    minutes = text.map(lambda v: mapping.get(v) if v else None)
    bad = minutes.isna() & ((text != "") | required)
    problems.cells(bad, rows, column, raw, TIME_EXPECTED)
    return pd.array(minutes.tolist(), dtype="Int64")


_DURATION_PARTS = re.compile(
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|tim|timme|timmar|t)\.?)?\s*(?:(\d+)\s*(?:min|minuter|m)\.?)?$", re.IGNORECASE)
_DURATION_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
DURATION_EXPECTED = "en längd som 2:30, 150 min, 2,5 h eller 1 h 30 min"


def _one_duration(text: str, unit: str | None) -> int | None:
    text = text.strip()
    if m := _DURATION_CLOCK.match(text):
        hours, minutes = int(m.group(1)), int(m.group(2))
        return hours * 60 + minutes if minutes < 60 else None
    number = re.fullmatch(r"\d+(?:[.,]\d+)?", text)
    if number:
        if unit is None:
            return None            # 2 of what? the column name or the value must say
        value = float(text.replace(",", "."))
        return round(value * 60) if unit == "h" else round(value)
    m = _DURATION_PARTS.match(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    hours = float(m.group(1).replace(",", ".")) if m.group(1) else 0.0
    return round(hours * 60) + int(m.group(2) or 0)


def duration_unit(column: str) -> str | None:
    """'min' or 'h' when a duration column's name says its unit ("Tid (min)", "Timmar"), else None."""
    key = column.casefold()
    if "min" in key:
        return "min"
    if "tim" in key or "(h)" in key or key in ("h", "timmar"):
        return "h"
    return None


def parse_durations(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Minutes (Int64) from `2:30`, `150 min`, `2,5 h`, `1 h 30 min`, Excel duration cells, or a bare
    number in the unit the column name gives (`Tid (min)`, `Timmar`). Empty is NULL; more than
    24 hours is an error."""
    text = raw.astype("string").fillna("").str.strip()
    unit = duration_unit(column)
    mapping = {value: _one_duration(value, unit) for value in text.unique() if value}
    # A list, not text.map: mapping a string series turns None into NA (pandas 3), and `NA is None` is false.
    minutes = pd.Series([mapping.get(v) if v else None for v in text], index=raw.index, dtype=object)
    bad = (text != "") & minutes.map(lambda m: m is None or not 0 < m <= 24 * 60).astype(bool)
    expected = DURATION_EXPECTED + (f" (eller ett tal i {'minuter' if unit == 'min' else 'timmar'})" if unit
                                    else "; ett tal utan enhet räcker när kolumnen heter t.ex. «Tid (min)» "
                                         "eller «Timmar»") + ", högst 24 timmar"
    problems.cells(bad, rows, column, raw, expected)
    return pd.array([None if b else m for m, b in zip(minutes.tolist(), bad.tolist())], dtype="Int64")
