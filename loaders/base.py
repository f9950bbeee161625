"""What every loader shares: the source file, the parse result, rejections and value parsing.

All messages here are shown to users and are in Swedish. Parsing is vectorised (pandas) so large
files stay fast; every bad value is reported with its row and column, never coerced.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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




def _mixed_utf8(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a line that is not UTF-8) when the file mixes both, else None."""
    if data.decode("utf-8", "ignore").isascii():
        # Plain Windows-1252: not one valid multi-byte UTF-8 character anywhere (decoding with
        # "ignore" keeps every valid one, and is much faster than a search over a large file), so no
        # line can be UTF-8 with å, ä, ö.
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

    def release(self, *, bytes_too: bool = False) -> None:
        """Forget what reading decoded (the text, a parsed JSON document, Excel sheets): the parsed
        rows are all the pipeline needs from here, and several large files are parsed before any is
        written. Each is worked out again if asked for. With `bytes_too` (files the pipeline read
        from disk itself, which no caller sees) the bytes go as well; the checksum is kept, and
        nothing after parsing reads `data`."""
        self.__dict__.pop("decoded", None)
        self.cache.pop("_json", None)
        self.cache.pop("_sheets", None)
        if bytes_too:
            self.sha256                          # noqa: B018 (computed while the bytes are here)
            self.data = None


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


# --- the same patterns in Arrow's RE2 -------------------------------------------------------------
# pandas hands a string column's regex to Arrow (RE2) when RE2 can compile it and falls back to
# Python's re, one cell at a time, when it cannot (\u escapes). The hot patterns below are written
# for RE2 directly, with character classes built from Python's own definitions of \s and \d
# (str.isspace, str.isdecimal), so they match exactly what the Python patterns match.

# The classes for the Unicode version of Python 3.11 (the project's), as `_re2_class` computes them.
_RE2_CLASSES = {("14.0.0", "space"): r"[\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}-\x{2029}\x{202f}\x{205f}\x{3000}]",
                ("14.0.0", "decimal"): ("["
                        r"\x{30}-\x{39}\x{660}-\x{669}\x{6f0}-\x{6f9}\x{7c0}-\x{7c9}\x{966}-\x{96f}\x{9e6}-\x{9ef}"
                        r"\x{a66}-\x{a6f}\x{ae6}-\x{aef}\x{b66}-\x{b6f}\x{be6}-\x{bef}\x{c66}-\x{c6f}\x{ce6}-"
                        r"\x{cef}\x{d66}-\x{d6f}\x{de6}-\x{def}\x{e50}-\x{e59}\x{ed0}-\x{ed9}\x{f20}-\x{f29}"
                        r"\x{1040}-\x{1049}\x{1090}-\x{1099}\x{17e0}-\x{17e9}\x{1810}-\x{1819}\x{1946}-\x{194f}"
                        r"\x{19d0}-\x{19d9}\x{1a80}-\x{1a89}\x{1a90}-\x{1a99}\x{1b50}-\x{1b59}\x{1bb0}-\x{1bb9}"
                        r"\x{1c40}-\x{1c49}\x{1c50}-\x{1c59}\x{a620}-\x{a629}\x{a8d0}-\x{a8d9}\x{a900}-\x{a909}"
                        r"\x{a9d0}-\x{a9d9}\x{a9f0}-\x{a9f9}\x{aa50}-\x{aa59}\x{abf0}-\x{abf9}\x{ff10}-\x{ff19}"
                        r"\x{104a0}-\x{104a9}\x{10d30}-\x{10d39}\x{11066}-\x{1106f}\x{110f0}-\x{110f9}\x{11136}-"
                        r"\x{1113f}\x{111d0}-\x{111d9}\x{112f0}-\x{112f9}\x{11450}-\x{11459}\x{114d0}-\x{114d9}"
                        r"\x{11650}-\x{11659}\x{116c0}-\x{116c9}\x{11730}-\x{11739}\x{118e0}-\x{118e9}\x{11950}-"
                        r"\x{11959}\x{11c50}-\x{11c59}\x{11d50}-\x{11d59}\x{11da0}-\x{11da9}\x{16a60}-\x{16a69}"
                        r"\x{16ac0}-\x{16ac9}\x{16b50}-\x{16b59}\x{1d7ce}-\x{1d7ff}\x{1e140}-\x{1e149}\x{1e2f0}-"
                        r"\x{1e2f9}\x{1e950}-\x{1e959}\x{1fbf0}-\x{1fbf9}"
                        "]")}


@lru_cache(maxsize=None)
def _re2_class(kind: str) -> str:
    import unicodedata

    known = _RE2_CLASSES.get((unicodedata.unidata_version, kind))
    if known:
        return known
    test = str.isspace if kind == "space" else str.isdecimal
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if test(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"


def _re2(pattern: str, *, ascii_only: bool = False) -> str:
    """{S} is Python's \\s, {D} Python's \\d (Unicode) and {^S} Python's \\S, as RE2 classes.
    With `ascii_only`, the classes' ASCII part: the same matches on ASCII text, and much faster
    (RE2 is slow with large Unicode classes)."""
    space = r"[\x{9}-\x{d}\x{1c}-\x{20}]" if ascii_only else _re2_class("space")
    return (pattern.replace("{^S}", "[^" + space[1:]).replace("{S}", space)
            .replace("{D}", "[0-9]" if ascii_only else _re2_class("decimal")))


def _by_ascii(arrow: pa.Array, function, re2_pattern: str):
    """function(arrow, pattern) with the ASCII-only pattern on ASCII cells and the full one on the
    others (usually none or few), merged back in order. `function` maps cells one to one."""
    fast = _re2(re2_pattern, ascii_only=True)
    full = _re2(re2_pattern)
    if fast == full:
        return function(arrow, full)
    other = np.flatnonzero(~pc.fill_null(pc.string_is_ascii(arrow), True).to_numpy(zero_copy_only=False))
    result = function(arrow, fast)
    if not len(other):
        return result
    slow = function(pc.take(arrow, pa.array(other)), full)
    mask = np.zeros(len(arrow), dtype=bool)
    mask[other] = True
    if pa.types.is_struct(result.type):
        fields = [pc.replace_with_mask(pc.struct_field(result, [i]), pa.array(mask), pc.struct_field(slow, [i]))
                  for i in range(result.type.num_fields)]
        valid = pc.replace_with_mask(pc.is_valid(result), pa.array(mask), pc.is_valid(slow))
        return pa.StructArray.from_arrays(fields, names=[f.name for f in result.type],
                                          mask=pc.invert(valid))
    return pc.replace_with_mask(result, pa.array(mask), slow)


_INTEGER_RE2 = r"(?:{D}+|{D}{1,3}(?:[\x{20}\x{a0}\x{202f}\x{2009}]{D}{3})+)"
_DECIMALS_RE2 = r"(?:[.,]{D}+)?"


def per_distinct(series: pd.Series, function) -> pd.Series:
    """`function(series)` for an element-wise `function` (a chain of `.str` methods, say), computed
    on the distinct values only and spread back: a column of a large file has few distinct values."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    result = function(pd.Series(uniques, dtype=series.dtype))
    return pd.Series(result.array.take(codes), index=series.index, dtype=result.dtype)


def factorize_rows(*columns) -> tuple[np.ndarray, list[tuple]]:
    """(codes, distinct rows) of several columns together, the rows in order of first appearance:
    like `pd.MultiIndex.from_arrays(columns).factorize()`, without building a tuple per row."""
    codes, levels, size = None, [], 1
    for column in columns:
        c, u = pd.factorize(column, use_na_sentinel=False)
        levels.append(u)
        codes = c.astype(np.int64) if codes is None else codes * max(len(u), 1) + c
        size *= max(len(u), 1)
    pairs, combined = pd.factorize(codes)
    rows = []
    for value in np.asarray(combined, dtype=np.int64):
        parts = []
        for u in reversed(levels):
            value, position = divmod(int(value), max(len(u), 1))
            parts.append(u[position])
        rows.append(tuple(reversed(parts)))
    return pairs, rows


def _arrow(text: pd.Series) -> pa.Array | None:
    """The Arrow array behind a string column, or None (then the pandas path is taken)."""
    if not isinstance(text.array, pd.arrays.ArrowStringArray):
        return None
    arrow = pa.array(text.array)
    return arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow


def squeeze(series: pd.Series) -> pd.Series:
    """Strip and drop every space inside (thousands separators: space, NBSP, thin space)."""
    text = series.astype("string").fillna("")
    arrow = _arrow(text)
    if arrow is None:
        return text.str.replace(_SPACE_CHARS, "", regex=True)
    squeezed = _by_ascii(arrow, lambda a, pattern: pc.replace_substring_regex(a, pattern, ""), "{S}+")
    return pd.Series(pd.array(squeezed, dtype=text.dtype), index=text.index)


def _grouped(raw: pd.Series, decimals: bool) -> pd.Series:
    """True where the stripped text is a number whose spaces are thousands separators."""
    pattern = _INTEGER + (r"(?:[.,]\d+)?" if decimals else "")
    text = raw.astype("string").fillna("").str.strip()
    arrow = _arrow(text)
    if arrow is None:
        return text.str.fullmatch(pattern).fillna(False).astype(bool)
    re2 = "^(?:" + _INTEGER_RE2 + (_DECIMALS_RE2 if decimals else "") + ")$"
    matched = _by_ascii(arrow, pc.match_substring_regex, re2)
    return pd.Series(matched.to_numpy(zero_copy_only=False), index=text.index)


def extract(text: pd.Series, pattern: str, re2_pattern: str, *, empty_is_missing: bool = True) -> pd.DataFrame:
    """`text.str.extract(pattern)` (pandas runs it in Python, cell by cell), in Arrow: `re2_pattern`
    is the same pattern for RE2 (with `_re2`'s classes), its groups named as the columns wanted.
    Arrow gives "" for a group that did not take part; with `empty_is_missing` (for patterns whose
    groups need at least one character) that becomes missing, as in pandas."""
    arrow = _arrow(text)
    if arrow is None:
        return text.str.extract(pattern)
    found = _by_ascii(arrow, pc.extract_regex, re2_pattern)
    columns = {}
    for i, name in enumerate(found.type.names):
        column = pc.struct_field(found, [i])
        if empty_is_missing:
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
        columns[int(name[1:]) if name.startswith("_") and name[1:].isdigit() else name] = \
            pd.array(column, dtype=text.dtype)
    return pd.DataFrame(columns, index=text.index)


def replace(text: pd.Series, pattern: str, re2_pattern: str, replacement: str) -> pd.Series:
    """`text.str.replace(pattern, replacement, regex=True)` in Arrow (see `extract`)."""
    arrow = _arrow(text)
    if arrow is None:
        return text.str.replace(pattern, replacement, regex=True)
    replaced = _by_ascii(arrow, lambda a, pattern: pc.replace_substring_regex(a, pattern, replacement), re2_pattern)
    return pd.Series(pd.array(replaced, dtype=text.dtype), index=text.index)


def _numbers(text: pd.Series, ok: pd.Series, dtype: str) -> pd.Series:
    """`pd.to_numeric(text.where(ok, None), errors="coerce").astype(dtype)` ("Int64" or "Float64").
    Arrow converts the ASCII numbers the checks let through (integers up to 18 digits, decimals up
    to 15 characters, where both give the same value bit for bit); anything else takes the pandas
    path."""
    ok = np.asarray(ok, dtype=bool)
    arrow = _arrow(text)
    if arrow is not None:
        longest = 18 if dtype == "Int64" else 15
        plain = pc.and_(pc.string_is_ascii(arrow), pc.less_equal(pc.utf8_length(arrow), longest))
        if bool(np.all(plain.to_numpy(zero_copy_only=False)[ok])):
            target = pa.int64() if dtype == "Int64" else pa.float64()
            chosen = np.flatnonzero(ok)
            converted = pc.cast(pc.take(arrow, pa.array(chosen)), target).to_numpy(zero_copy_only=False)
            values = np.zeros(len(text), dtype=np.int64 if dtype == "Int64" else np.float64)
            values[chosen] = converted
            array = (pd.arrays.IntegerArray(values, ~ok) if dtype == "Int64"
                     else pd.arrays.FloatingArray(values, ~ok))
            return pd.Series(array, index=text.index)
    return pd.to_numeric(text.where(ok, None), errors="coerce").astype(dtype)


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
    values = _numbers(text, digits, "Int64")
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
    values = _numbers(text, numeric, "Float64")
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
    years = _numbers(text, four, "Int64")
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


def _per_unique(text: pd.Series, parse) -> tuple[np.ndarray, list]:
    """(codes, parse(value) for each distinct value): logs repeat their dates, times and durations,
    so each distinct text is parsed once and the results are spread back by code."""
    codes, uniques = pd.factorize(text)
    return codes, [parse(value) for value in uniques]


def parse_dates(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    """Calendar dates (datetime64) from ISO `2025-09-05`, Swedish day-first `5/9/2025`, `5.9.2025`,
    `5-9-25`, `5 sep 2025` (an optional weekday first: `fre 5 sep 2025`), `20250905`, Excel date cells
    and Excel serial numbers. Years FIRST_YEAR..this year."""
    text = raw.astype("string").fillna("").str.strip()
    codes, dates = _per_unique(text, _one_date)
    good = np.array([d is not None and year_ok(d.year) for d in dates], dtype=bool)
    ok = good[codes]
    problems.cells(~ok, rows, column, raw, DATE_EXPECTED)
    values = np.array([np.datetime64(d, "s") if g else np.datetime64("NaT", "s") for d, g in zip(dates, good)],
                      dtype="datetime64[s]")
    return pd.Series(values[codes], index=raw.index)


def _int_array(values: list, codes: np.ndarray) -> pd.arrays.IntegerArray:
    """Int64 from per-distinct-value results (int or None) and the codes that spread them."""
    missing = np.array([v is None for v in values], dtype=bool)
    numbers = np.array([0 if v is None else v for v in values], dtype=np.int64)
    return pd.arrays.IntegerArray(numbers[codes], missing[codes])


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
    codes, uniques = pd.factorize(text)
    minutes = [_one_time(value) if value else None for value in uniques]
    bad_values = np.array([m is None and (value != "" or required) for value, m in zip(uniques, minutes)],
                          dtype=bool)
    bad = bad_values[codes]
    problems.cells(bad, rows, column, raw, TIME_EXPECTED)
    return _int_array(minutes, codes)


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
    codes, uniques = pd.factorize(text)
    minutes = [_one_duration(value, unit) if value else None for value in uniques]
    bad_values = np.array([value != "" and (m is None or not 0 < m <= 24 * 60) for value, m in zip(uniques, minutes)],
                          dtype=bool)
    bad = bad_values[codes]
    expected = DURATION_EXPECTED + (f" (eller ett tal i {'minuter' if unit == 'min' else 'timmar'})" if unit
                                    else "; ett tal utan enhet räcker när kolumnen heter t.ex. «Tid (min)» "
                                         "eller «Timmar»") + ", högst 24 timmar"
    problems.cells(bad, rows, column, raw, expected)
    return _int_array([None if b else m for m, b in zip(minutes, bad_values)], codes)
