"""Tables as files: Excel (XLSX), CSV for Swedish Excel and tab-separated text for the clipboard.

Pure functions (no streamlit) from the display tables of `lagesbild.tables` (DataFrames of Swedish
text: "1 234", "12,5", "12,5 %", "+12", ".." for missing or suppressed) to bytes.

Choices:
- A cell is a number only when its whole text is a Swedish number as `fmt` writes it: optional sign
  ("+", "-", "±0"), digits grouped by a (no-break) space or at most four ungrouped digits (a year),
  no leading zero ("0162" is a code and stays text), optional decimal comma, optional "%".
  Everything else, "..", "–" and "okänt" included, stays text; ".." never becomes 0 or empty.
- XLSX: numbers are stored as numbers with a format that shows them as on screen. Format codes in the
  file are always en-US syntax ("#,##0.0"); Excel shows them with the reader's locale, so Swedish
  Excel shows "1 234,5". Grouped or small numbers get "#,##0…", ungrouped four-digit numbers
  (years) "0", a leading "+" or "±" a signed format, and percentages are stored as fractions
  (12,5 % -> 0.125) with a percent format ("0.0%"), so Excel computes with them like its own.
- CSV: ";" separated, UTF-8 with BOM, CRLF. Numbers are written without thousands separators
  ("1234", "12,5", "12,5%"), since Swedish Excel reads "1 234" with a no-break space as text.
- Formula injection (OWASP "CSV injection"): a text cell that starts with "=", "+", "-", "@", tab or
  carriage return gets a leading apostrophe in every format; numbers ("-3", "+12") are not text and
  stay numbers. In XLSX every text cell is also stored with data type "s", never as a formula.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

import pandas as pd

from lagesbild import fmt
from lagesbild.names import file_slug

ABOUT_SHEET = "Om datan"
DEMO_NOTE = "EXEMPELDATA – inte verkliga siffror"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_SPACES = "[ \u00a0\u202f]"
_NUMBER = re.compile(
    rf"^(?P<sign>[+-]?)(?P<int>\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d{{1,4}})(?:,(?P<dec>\d+))?"
    rf"(?P<pct>{_SPACES}?%)?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = "DCE3EE"


def suppression_rule(min_respondents: int | None = None) -> str:
    """The sentence for 'Dolda värden' on the 'Om datan' sheet."""
    if min_respondents:
        return (f"Värden från färre än {min_respondents} svarande eller dolda i källan visas som «..», "
                "aldrig som 0.")
    return "Värden som saknas eller är dolda i källan visas som «..», aldrig som 0."


def parse_number(value) -> tuple[int | float, str] | None:
    """A Swedish number as the tables write it -> (value, Excel number format), else None.

    '1 234' -> (1234, '#,##0'), '12,5' -> (12.5, '#,##0.0'), '12,5 %' -> (0.125, '0.0%'),
    '+12' -> (12, '+#,##0;-#,##0;0'), '2025' -> (2025, '0'), '..' / '0162' / 'okänt' -> None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if pd.isna(value):
            return None
        return value, "#,##0" if float(value).is_integer() else "#,##0.0"
    text = str(value).strip()
    if text == "±0":
        return 0, '+#,##0;-#,##0;"±0"'
    match = _NUMBER.match(text)
    if not match:
        return None
    digits = re.sub(_SPACES, "", match["int"])
    if len(digits) > 1 and digits.startswith("0"):
        return None                       # a code such as an SCB kommun code, not a number
    decimals = match["dec"] or ""
    sign = -1 if match["sign"] == "-" else 1
    number: int | float = sign * (float(f"{digits}.{decimals}") if decimals else int(digits))
    fraction = "." + "0" * len(decimals) if decimals else ""
    if match["pct"]:
        return number / 100, f"0{fraction}%"
    grouped = len(digits) < 4 or match["int"] != digits
    base = f"#,##0{fraction}" if grouped else f"0{fraction}"
    if match["sign"] == "+":
        return number, f"+{base};-{base};0"
    return number, base


def neutralise(value):
    """Make a text cell harmless in a spreadsheet: text starting with =, +, -, @, tab or CR gets a
    leading apostrophe. Numbers ("-3", "+12") and non-text values are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    if parse_number(value) is not None or value.strip() in ("-", "±0"):
        return value                      # a number, or the lone "-" that tables use for zero
    return "'" + value


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return fmt.MISSING
    return str(value)


def to_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """The display table with every cell that is fully a Swedish number turned into an int or float
    (percentages into fractions, as Excel stores them); '..' and other text stay text."""
    def convert(value):
        parsed = parse_number(value)
        return _text(value) if parsed is None else parsed[0]

    return frame.apply(lambda column: column.map(convert)).astype(object) if len(frame.columns) else frame.copy()


def _csv_cell(value) -> str:
    text = _text(value)
    parsed = parse_number(text)
    if parsed is None:
        return neutralise(text)
    # The number as Swedish Excel reads it: no thousands separator, decimal comma, "%" attached.
    clean = re.sub(_SPACES, "", text.strip())
    return "0" if clean == "±0" else clean


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV for Swedish Excel: ';', decimal comma, UTF-8 with BOM, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _tsv_cell(value) -> str:
    text = neutralise(_text(value))
    return re.sub(r"[\t\r\n]+", " ", text)


def tsv_text(frame: pd.DataFrame) -> str:
    """The table as tab-separated text with a header row (no final newline), for pasting into Word or
    Excel. Cells keep their screen text ("1 234", "12,5 %", so Word shows the table as the page does;
    the Excel download is the one to compute with); tabs and line breaks inside a cell become spaces;
    text that Excel would take as a formula is neutralised, since pasting into Excel parses formulas."""
    lines = ["\t".join(_tsv_cell(str(c)) for c in frame.columns)]
    lines += ["\t".join(_tsv_cell(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    return "\n".join(lines)


def sheet_name(title: str | None) -> str:
    """A valid Excel sheet name from a title: no []:*?/\\, at most 31 characters, not 'Om datan'."""
    name = _SHEET_FORBIDDEN.sub(" ", title or "").strip().strip("'").strip()
    name = re.sub(r"\s+", " ", name)[:31].strip() or "Tabell"
    return "Tabell" if name.casefold() == ABOUT_SHEET.casefold() else name


def slug(text: str | None, default: str = "tabell") -> str:
    """An ASCII file name part: 'Anmälda brott Danderyd 2015–2025' -> 'anmalda-brott-danderyd-2015-2025'."""
    return file_slug(text, default)


def _set_text(cell, value: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
    cell.data_type = "s"                  # never a formula, whatever the text looks like


def xlsx_bytes(frame: pd.DataFrame, *, title: str, source: str, period: str,
               definitions: Iterable[str] = (), suppression: str | None = None,
               imported_at: str | None = None, demo: bool = False) -> bytes:
    """The table as an Excel workbook: the table on a sheet named after it (bold filled header,
    frozen header row, autofilter, column widths from the content, numbers as numbers with Swedish
    display formats) and a second sheet 'Om datan' with title, source, period, definitions,
    the rule for hidden values, import date and, for demo data, EXEMPELDATA."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(title)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    widths = []
    for col, header in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=col)
        _set_text(cell, str(header))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        widths.append(len(str(header)))
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=col)
            text = _text(value)
            parsed = parse_number(value if not isinstance(value, str) else text)
            if parsed is None:
                _set_text(cell, text)
            else:
                cell.value, cell.number_format = parsed
                cell.alignment = Alignment(horizontal="right")
            widths[col - 1] = max(widths[col - 1], len(text))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    if len(frame.columns) and len(frame):
        sheet.auto_filter.ref = sheet.dimensions
    if demo:
        sheet.oddHeader.center.text = DEMO_NOTE      # printed pages carry the demo mark too

    about = workbook.create_sheet(ABOUT_SHEET)
    rows = [("Titel", title or "Tabell"), ("Källa", source), ("Period", period)]
    definitions = [d for d in definitions if d]
    rows += [("Definitioner" if i == 0 else "", d) for i, d in enumerate(definitions or ["–"])]
    rows += [("Dolda värden", suppression or suppression_rule()), ("Importerad", imported_at or "okänt")]
    if demo:
        rows.append(("Exempeldata", DEMO_NOTE))
    for r, (label, value) in enumerate(rows, start=1):
        _set_text(about.cell(row=r, column=1), label)
        about.cell(row=r, column=1).font = bold
        _set_text(about.cell(row=r, column=2), str(value))
        about.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    workbook.properties.title = title or "Tabell"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
