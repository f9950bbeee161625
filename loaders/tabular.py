"""Reading tables as people actually have them: CSV/TXT in any of the encodings Excel and BRÅ use,
or the first matching sheet of an Excel workbook. Everything comes back as text with the row numbers
a user sees in the file, so messages can point at the right row.
"""
from __future__ import annotations

import csv
import warnings
import io
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from loaders.base import SourceFile

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


HeaderTest = Callable[[list[str]], bool]


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def _finish(frame: pd.DataFrame, rows: np.ndarray, header_row: int, description: str) -> Table:
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame.columns = [str(c).strip() for c in frame.columns]
    keep = (frame != "").any(axis=1).to_numpy()
    return Table(frame[keep].reset_index(drop=True), rows[keep], header_row, description)


def read_text_table(text: str, is_header: HeaderTest, *, encoding: str = "") -> Table | None:
    """Find the header line (title lines above it are skipped) and read the rows below it."""
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
    with warnings.catch_warnings():
        # BRÅ's trailing ';' makes data rows one field longer than the header; that is expected.
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, skiprows=index, header=0, dtype=str,
            keep_default_na=False, index_col=False, skip_blank_lines=False, engine="c",
        )
    frame = frame.loc[:, [not str(c).startswith("Unnamed:") or frame[c].ne("").any() for c in frame.columns]]
    rows = np.arange(len(frame)) + index + 2
    names = {";": "semikolon", "\t": "tabb", ",": "komma"}
    return _finish(frame, rows, index + 1, f"text ({encoding}, {names[delimiter]})")


def excel_sheets(src: SourceFile) -> dict[str, pd.DataFrame]:
    """Every sheet as raw cells, read once per file (detection and reading share it)."""
    if "_sheets" not in src.cache:
        src.cache["_sheets"] = pd.read_excel(io.BytesIO(src.data), sheet_name=None, header=None,
                                             dtype=object, engine="calamine")
    return src.cache["_sheets"]


def read_excel_table(src: SourceFile, is_header: HeaderTest) -> Table | None:
    """The first sheet that has a matching header row within its first 40 rows."""
    for sheet, raw in excel_sheets(src).items():
        head = raw.head(40)
        for index in range(len(head)):
            cells = [_cell_text(v) for v in head.iloc[index].tolist()]
            if is_header(cells):
                body = raw.iloc[index + 1:].map(_cell_text)
                body.columns = [c if c else f"Unnamed: {i}" for i, c in enumerate(cells)]
                body = body.loc[:, [not c.startswith("Unnamed:") for c in body.columns]]
                rows = np.arange(len(body)) + index + 2
                return _finish(body, rows, index + 1, f"Excel, blad «{sheet}»")
    return None


def read_table(src: SourceFile, is_header: HeaderTest) -> Table | None:
    """Text or Excel, whichever the file is; None when no header row matches."""
    if is_excel(src):
        return read_excel_table(src, is_header)
    text, encoding = src.decoded
    return read_text_table(text, is_header, encoding=encoding)


def header_matcher(*required: Iterable[str]) -> HeaderTest:
    """A header test: every group in `required` has at least one cell matching (case-insensitive)."""
    groups = [{r.casefold() for r in group} for group in required]

    def test(cells: list[str]) -> bool:
        folded = {c.strip().casefold() for c in cells}
        return all(folded & g for g in groups)

    return test


def pick_column(table: Table, names: Iterable[str]) -> str | None:
    """The table's column whose name matches one of `names` (case-insensitive)."""
    wanted = [n.casefold() for n in names]
    for column in table.frame.columns:
        if column.strip().casefold() in wanted:
            return column
    return None
