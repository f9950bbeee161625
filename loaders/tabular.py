"""Reading tables as people actually have them: CSV/TXT in any of the encodings Excel and BRÅ use,
or the first matching sheet of an Excel workbook. Everything comes back as text with the row numbers
a user sees in the file, so messages can point at the right row.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
from dataclasses import dataclass
from html import unescape
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from loaders.base import MAX_LISTED, ImportRejected, Problems, SourceFile

XLSX_MAGIC = b"PK\x03\x04"
TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".tab", ""}


def is_excel(src: SourceFile) -> bool:
    return src.data.startswith(XLSX_MAGIC) and src.suffix in {".xlsx", ".xlsm", ".xls", ""}


def sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


@dataclass
class Table:
    """Cells as stripped strings, `rows` the 1-based row number in the file for each data row."""

    frame: pd.DataFrame
    rows: np.ndarray
    header_row: int
    description: str  # e.g. "text (cp1252, semikolon)" or "Excel, blad «Data»"
    above: tuple[str, ...] = ()  # the non-empty lines above the header row (titles), as text


HeaderTest = Callable[[list[str]], bool]


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):                  # also pd.Timestamp
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):           # an Excel date or time cell
        return value.isoformat()
    if isinstance(value, dt.timedelta):                 # an Excel duration cell: h:mm:ss
        minutes, seconds = divmod(round(value.total_seconds()), 60)
        return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
    return str(value).strip()


# Column types whose equal values always print the same (`_cell_text`), so each distinct value can be
# printed once; a column mixing types (True and 1, text and numbers) is printed cell by cell.
_UNIFORM = {"string", "floating", "integer", "mixed-integer-float", "boolean", "datetime", "date", "time",
            "timedelta", "empty"}


def _cells_text(column: pd.Series) -> pd.Series:
    """`column.map(_cell_text)`, each distinct value printed once (a sheet repeats its values)."""
    if pd.api.types.infer_dtype(column, skipna=True) not in _UNIFORM:
        return column.map(_cell_text)
    values = column.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":     # str: _cell_text strips it
        printed = [value.strip() for value in uniques]
    else:
        printed = [_cell_text(value) for value in uniques]
    texts = np.array(printed + [""], dtype=object)[codes]
    missing = np.flatnonzero(codes < 0)        # None, NaN, NaT …: each as _cell_text prints it
    if len(missing):
        texts[missing] = [_cell_text(value) for value in values[missing]]
    return pd.Series(texts, index=column.index, dtype=object)


def _finish(frame: pd.DataFrame, rows: np.ndarray, header_row: int, description: str,
            above: list[list[str]]) -> Table:
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame.columns = [str(c).strip() for c in frame.columns]
    keep = (frame != "").any(axis=1).to_numpy()
    titles = tuple(" ".join(c for c in cells if c) for cells in above if any(cells))
    return Table(frame[keep].reset_index(drop=True), rows[keep], header_row, description, titles)


def _short_rows(text: str, lines: list[str], delimiter: str, header_index: int,
                width: int) -> list[tuple[int, int]]:
    """(line number, fields) of non-empty data lines with fewer fields than `width`, the header's
    named columns. pandas would pad such a line with empty cells, so a line cut off at the end of a
    file (or a hand-typed one missing a field) would otherwise look complete."""
    if '"' in text:
        reader = csv.reader(io.StringIO("\n".join(lines[header_index + 1:])), delimiter=delimiter)
        # line_num is the last physical line of a record (the same as its first for most rows).
        return [(reader.line_num + header_index + 1, len(r)) for r in reader
                if len(r) < width and any(c.strip() for c in r)]
    # Count the delimiters of every line in C (map over str.count); only short lines look further.
    body = lines[header_index + 1:]
    fields = np.fromiter(map(str.count, body, itertools.repeat(delimiter)), dtype=np.int64, count=len(body)) + 1
    short = []
    for position in np.flatnonzero(fields < width):
        line = body[position]
        if line.strip(delimiter + " \t"):
            short.append((int(position) + header_index + 2, int(fields[position])))
    return short


def read_text_table(text: str, is_header: HeaderTest, *, encoding: str = "",
                    file_name: str = "") -> Table | None:
    """Find the header line (title lines above it are skipped) and read the rows below it.

    Rejects (ImportRejected) data lines with fewer fields than the header's named columns."""
    lines = text.splitlines()
    for index, line in enumerate(lines[:40]):
        if not line.strip():
            continue
        delimiter = sniff_delimiter(line)
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
        if is_header(cells):
            break
    else:
        return None
    width = max(i + 1 for i, c in enumerate(cells) if c) if any(cells) else 0
    short = _short_rows(text, lines, delimiter, index, width)
    if short:
        header = delimiter.join(c for c in cells[:width])
        sep = {";": "semikolon", "\t": "tabbar", ",": "komman"}[delimiter]
        problems = [f"rad {number} har {n} fält men rubrikraden (rad {index + 1}) har {width} "
                    f"(«{header}»); raden verkar avklippt eller saknar {sep}. Förväntade ett fält per "
                    "kolumn (ett tomt värde skrivs som ett tomt fält)."
                    for number, n in short[:MAX_LISTED]]
        if len(short) > MAX_LISTED:
            problems.append(f"ytterligare {len(short) - MAX_LISTED} rader har för få fält.")
        raise ImportRejected(file_name, problems)
    with warnings.catch_warnings():
        # BRÅ's trailing ';' makes data rows one field longer than the header; that is expected.
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        # The C parser reads UTF-8 bytes; handing it them directly is faster than a StringIO.
        frame = pd.read_csv(
            io.BytesIO(text.encode("utf-8")), encoding="utf-8", sep=delimiter, skiprows=index, header=0,
            dtype=str, keep_default_na=False, index_col=False, skip_blank_lines=False, engine="c",
        )
    frame = frame.loc[:, [not str(c).startswith("Unnamed:") or frame[c].ne("").any() for c in frame.columns]]
    rows = np.arange(len(frame)) + index + 2
    names = {";": "semikolon", "\t": "tabb", ",": "komma"}
    above = [[c.strip() for c in next(csv.reader([l], delimiter=delimiter))] for l in lines[:index] if l.strip()]
    return _finish(frame, rows, index + 1, f"text ({encoding}, {names[delimiter]})", above)


def excel_sheets(src: SourceFile) -> dict[str, pd.DataFrame]:
    """Every sheet as raw cells, read once per file (detection and reading share it)."""
    if "_sheets" not in src.cache:
        # Detection may get here before the pipeline's guard (the import page lists candidate kinds
        # first): never hand calamine a file the guard would refuse (a zip bomb fills the memory).
        from loaders.guards import check_file
        check_file(src)
        try:
            src.cache["_sheets"] = pd.read_excel(io.BytesIO(src.data), sheet_name=None, header=None,
                                                 dtype=object, engine="calamine")
        except Exception as exc:  # calamine's errors have no common base class
            raise ImportRejected(src.name, [
                f"Excel-filen går inte att läsa ({str(exc).strip()[:200]}); den kan vara skadad. Öppna den i "
                "Excel och spara den igen som .xlsx."]) from None
    return src.cache["_sheets"]


def read_excel_table(src: SourceFile, is_header: HeaderTest, only: Iterable[str] | None = None) -> Table | None:
    """The first sheet that has a matching header row within its first 40 rows (of the sheets named
    in `only`, compared case-insensitively, when given).

    Rejects (ImportRejected) a table whose sheet is hidden, or which has hidden rows, merged cells
    or formulas without a saved value below the header (see `excel_layout_problems`)."""
    wanted = None if only is None else {str(name).strip().casefold() for name in only}
    for sheet, raw in excel_sheets(src).items():
        if wanted is not None and str(sheet).strip().casefold() not in wanted:
            continue
        head = raw.head(40)
        for index in range(len(head)):
            cells = [_cell_text(v) for v in head.iloc[index].tolist()]
            if is_header(cells):
                excel_layout_problems(src, sheet, raw, index + 1, cells).raise_if_any()
                body = raw.iloc[index + 1:].apply(_cells_text)
                body.columns = [c if c else f"Unnamed: {i}" for i, c in enumerate(cells)]
                body = body.loc[:, [not c.startswith("Unnamed:") for c in body.columns]]
                rows = np.arange(len(body)) + index + 2
                above = [[_cell_text(v) for v in head.iloc[i].tolist()] for i in range(index)]
                return _finish(body, rows, index + 1, f"Excel, blad «{sheet}»", above)
    return None


def read_table(src: SourceFile, is_header: HeaderTest) -> Table | None:
    """Text or Excel, whichever the file is; None when no header row matches.

    Rejects (ImportRejected) a table with a header row but no data rows."""
    if is_excel(src):
        table = read_excel_table(src, is_header)
    else:
        text, encoding = src.decoded
        table = read_text_table(text, is_header, encoding=encoding, file_name=src.name)
    if table is not None and table.frame.empty:
        raise ImportRejected(src.name, [
            f"filen har en rubrikrad (rad {table.header_row}) men inga datarader under den. Förväntade "
            "minst en rad med värden."])
    return table


# --- Excel layout: what calamine's values do not show ------------------------------------------

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_TAG = re.compile(rb"<" + _NS + rb"row\b([^>]*)>")
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_R_ATTR = re.compile(rb'\br="([A-Z]*)(\d+)"')
_MERGE = re.compile(rb"<" + _NS + rb'mergeCell\b[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA = re.compile(rb"<" + _NS + rb"f[\s>/]")
_CELL = re.compile(rb"<" + _NS + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NS + rb"c>)", re.DOTALL)
_F_TEXT = re.compile(rb"<" + _NS + rb"f\b[^>]*?(?:/>|>(.*?)</" + _NS + rb"f>)", re.DOTALL)
_V_TEXT = re.compile(rb"<" + _NS + rb"v\b[^>]*?(?:/>|>(.*?)</" + _NS + rb"v>)", re.DOTALL)
_T_ATTR = re.compile(rb'\bt="(\w+)"')


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> tuple[str, bool] | None:
    """(path of the sheet's XML in the zip, hidden?) for a sheet name, from workbook.xml."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    targets = {m.group(1): m.group(2) for m in re.finditer(
        rb'<(?:\w+:)?Relationship\b(?=[^>]*\bId="([^"]+)")(?=[^>]*\bTarget="([^"]+)")[^>]*>', rels)}
    for m in re.finditer(rb"<" + _NS + rb"sheet\b([^>]*)>", workbook):
        attrs = m.group(1)
        name = re.search(rb'\bname="([^"]*)"', attrs)
        rid = re.search(rb'\b\w+:id="([^"]*)"', attrs)
        if not name or not rid:
            continue
        if unescape(name.group(1).decode("utf-8")) != sheet:
            continue
        target = targets.get(rid.group(1), b"").decode("utf-8")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        state = re.search(rb'\bstate="(\w+)"', attrs)
        return path, bool(state and state.group(1) != b"visible")
    return None


def excel_layout_problems(src: SourceFile, sheet: str, raw: pd.DataFrame, header_row: int,
                          header: list[str], last_row: int | None = None) -> Problems:
    """What would make the values of a sheet differ from what the user sees in Excel, from the
    table's header row down (to `last_row` when given: a table with notes under it, whose merged
    note cells are not data), in columns that have a header:

    - the sheet is hidden (the user does not know what is imported);
    - hidden rows that hold values (they would be imported without being seen);
    - merged cells (only the first cell has the value; the others would be empty);
    - formulas without a saved value (files written by programs that do not calculate).
    """
    problems = Problems(src.name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(src.data))
        found = _sheet_part(zf, sheet)
        if found is None:
            return problems
        xml = zf.read(found[0])
    except (zipfile.BadZipFile, KeyError, OSError):
        return problems
    named = {i for i, c in enumerate(header) if c}
    if not named:
        return problems
    last_col = max(named)

    def column_name(index: int) -> str:
        return header[index] if index < len(header) and header[index] else column_letter(index)

    if found[1]:
        problems.add(f"bladet «{sheet}» är dolt i arbetsboken. Ta fram bladet (eller flytta tabellen till "
                     "ett synligt blad) så att det syns vad som importeras.")
    # Hidden rows that hold something in the table's columns. (Each pattern is looked for only when
    # the text it needs occurs at all: a plain substring test is much faster over a large sheet.)
    if b'hidden="' in xml and _HIDDEN.search(xml):
        hidden, ordinal = [], 0
        for m in _ROW_TAG.finditer(xml):
            ordinal += 1
            r = _R_ATTR.search(m.group(1))
            row = int(r.group(2)) if r else ordinal
            ordinal = row
            if row > header_row and (last_row is None or row <= last_row) and _HIDDEN.search(m.group(1)):
                values = raw.iloc[row - 1, sorted(named)] if row - 1 < len(raw) else []
                if any(_cell_text(v) != "" for v in values):
                    hidden.append(row)
        if hidden:
            listed = ", ".join(map(str, hidden[:MAX_LISTED])) + (" …" if len(hidden) > MAX_LISTED else "")
            problems.add((f"blad «{sheet}»: rad {listed} är dold" if len(hidden) == 1 else
                          f"blad «{sheet}»: raderna {listed} är dolda")
                         + ". Dolda rader importeras inte i tysthet: visa dem i Excel och ta bort de rader som "
                         "inte ska med, spara och importera igen.")
    # Merged cells overlapping the table.
    for m in (_MERGE.finditer(xml) if b"mergeCell" in xml else ()):
        c1, r1 = _column_index(m.group(1)), int(m.group(2))
        c2, r2 = (_column_index(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        if r2 < header_row or c1 > last_col or not any(c1 <= i <= c2 for i in named):
            continue
        if last_row is not None and r1 > last_row:
            continue
        ref = m.group(0).split(b'ref="')[1].rstrip(b'"').decode()
        first = min(i for i in named if c1 <= i <= c2)
        problems.cell(max(r1, header_row), column_name(first), f"sammanfogade celler {ref}",
                      "ett värde i varje cell; dela upp sammanfogningen och skriv värdet på varje rad")
    # Formulas without a saved (cached) value: `<f` or `<x:f` (a prefix ends in `:`).
    if (b"<f" in xml or b":f" in xml) and _FORMULA.search(xml):
        for m in _CELL.finditer(xml):
            body = m.group(2) or b""
            f = _F_TEXT.search(body)
            if not f:
                continue
            r = _R_ATTR.search(m.group(1))
            if not r:
                continue
            col, row = _column_index(r.group(1)), int(r.group(2))
            if row <= header_row or col not in named or (last_row is not None and row > last_row):
                continue
            v = _V_TEXT.search(body)
            t = _T_ATTR.search(m.group(1))
            has_value = v is not None and (bool(v.group(1)) or (t is not None and t.group(1) == b"str"))
            if has_value:
                continue
            formula = unescape((f.group(1) or b"").decode("utf-8", "replace")).strip()
            what = f"formeln ={formula}" if formula else "en formel"
            problems.cell(row, column_name(col), f"{what} utan sparat värde (cell {column_letter(col)}{row})",
                          "ett värde; öppna filen i Excel och spara den igen så att formlernas resultat "
                          "sparas, eller klistra in som värden")
    return problems


def header_matcher(*required: Iterable[str]) -> HeaderTest:
    """A header test: every group in `required` has at least one cell matching (case-insensitive)."""
    groups = [{r.casefold() for r in group} for group in required]

    def test(cells: list[str]) -> bool:
        folded = {c.strip().casefold() for c in cells}
        return all(folded & g for g in groups)

    test.groups = [list(group) for group in required]  # for detection's "what is missing" hint
    return test


def pick_column(table: Table, names: Iterable[str]) -> str | None:
    """The table's column whose name matches one of `names` (case-insensitive)."""
    wanted = [n.casefold() for n in names]
    for column in table.frame.columns:
        if column.strip().casefold() in wanted:
            return column
    return None
