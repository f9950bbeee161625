"""lagesbild.export: the produced XLSX, CSV and TSV opened and checked cell by cell."""
from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from lagesbild import charts, export

EVIL = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "Kategori": ["Totalt", EVIL, "Skadegörelse"],
        "År": ["2025", "2025", "2025"],
        "Antal": ["1\u00a0234", "..", "56"],
        "Per 100 000 inv.": ["3\u00a0456,7", "12,5", ".."],
        "Andel": ["12,5\u00a0%", "..", "3\u00a0%"],
        "Förändring": ["+12", "-3", "±0"],
        "Kod": ["0162", "@SUM(A1)", "-1,5 sedan 2018"],
    })


def xlsx(frame, **kwargs):
    args = dict(title="Anmälda brott: Danderyd [2015/2025]", source="Brå", period="2015–2025",
                definitions=["Säkerställd: Poisson-test, |z| ≥ 2.", "Per 100 000 invånare samma år."],
                suppression=export.suppression_rule(10), imported_at="2026-01-02 10:00", demo=True)
    return openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, **{**args, **kwargs})))


@pytest.mark.parametrize("text,expected", [
    ("1\u00a0234", (1234, "#,##0")), ("12,5", (12.5, "#,##0.0")), ("3\u00a0456,75", (3456.75, "#,##0.00")),
    ("12,5\u00a0%", (0.125, "0.0%")), ("3 %", (0.03, "0%")), ("+12", (12, "+#,##0;-#,##0;0")),
    ("-3", (-3, "#,##0")), ("2025", (2025, "0")), ("0", (0, "#,##0")), ("0,5", (0.5, "#,##0.0")),
])
def test_swedish_numbers_are_parsed(text, expected):
    value, number_format = export.parse_number(text)
    assert value == pytest.approx(expected[0]) and number_format == expected[1]


@pytest.mark.parametrize("text", ["..", "", "okänt", "0162", "12345", "12,5–15,6", "kv 1 2025", "-", "–",
                                  "+0,7 mot Stockholm", "1.234", EVIL])
def test_text_is_not_a_number(text):
    assert export.parse_number(text) is None


def test_to_numbers_keeps_dots_and_text(table):
    numbers = export.to_numbers(table)
    assert numbers.loc[0, "Antal"] == 1234 and numbers.loc[1, "Antal"] == ".."
    assert numbers.loc[0, "Andel"] == pytest.approx(0.125) and numbers.loc[2, "Per 100 000 inv."] == ".."
    assert numbers.loc[1, "Förändring"] == -3 and numbers.loc[0, "Kod"] == "0162"
    assert numbers.loc[1, "Kategori"] == EVIL          # to_numbers converts; writers neutralise


@pytest.mark.parametrize("value,expected", [
    (EVIL, "'" + EVIL), ("+cmd", "'+cmd"), ("-1,5 sedan 2018", "'-1,5 sedan 2018"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-3", "-3"), ("+12", "+12"), ("-", "-"), ("..", ".."),
    ("Totalt", "Totalt"), (5, 5),
])
def test_neutralise(value, expected):
    assert export.neutralise(value) == expected


def test_xlsx_table_sheet(table):
    workbook = xlsx(table)
    assert workbook.sheetnames == ["Anmälda brott Danderyd 2015 202", "Om datan"]
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(table.columns)
    assert all(c.font.b for c in sheet[1]) and sheet["A1"].fill.fgColor.rgb.endswith("DCE3EE")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width
    cell = sheet["C2"]                                   # Antal "1 234"
    assert (cell.value, cell.data_type, cell.number_format) == (1234, "n", "#,##0")
    assert (sheet["D2"].value, sheet["D2"].number_format) == (pytest.approx(3456.7), "#,##0.0")
    assert (sheet["E2"].value, sheet["E2"].number_format) == (pytest.approx(0.125), "0.0%")
    assert (sheet["F2"].value, sheet["F2"].number_format) == (12, "+#,##0;-#,##0;0")
    assert (sheet["F3"].value, sheet["F3"].data_type) == (-3, "n")
    assert (sheet["B2"].value, sheet["B2"].number_format) == (2025, "0")
    for ref in ("C3", "E3", "D4"):                       # suppressed stays ".." as text, never 0
        assert (sheet[ref].value, sheet[ref].data_type) == ("..", "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("'" + EVIL, "s")
    assert (sheet["G2"].value, sheet["G2"].data_type) == ("0162", "s")
    assert sheet["G3"].value == "'@SUM(A1)" and sheet["G4"].value == "'-1,5 sedan 2018"
    assert sheet.oddHeader.center.text == charts.DEMO_NOTE


def test_xlsx_never_holds_a_formula(table):
    workbook = xlsx(table.assign(Kategori=[EVIL, "=1+1", "@x"]), title=EVIL, source="=cmd|' /C calc'!A0")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")))


def test_xlsx_about_sheet(table):
    rows = list(xlsx(table)["Om datan"].iter_rows(values_only=True))
    assert rows == [
        ("Titel", "Anmälda brott: Danderyd [2015/2025]"),
        ("Källa", "Brå"),
        ("Period", "2015–2025"),
        ("Definitioner", "Säkerställd: Poisson-test, |z| ≥ 2."),
        (None, "Per 100 000 invånare samma år."),
        ("Dolda värden", "Värden från färre än 10 svarande eller dolda i källan visas som «..», aldrig som 0."),
        ("Importerad", "2026-01-02 10:00"),
        ("Exempeldata", "EXEMPELDATA – inte verkliga siffror"),
    ]
    assert export.DEMO_NOTE == charts.DEMO_NOTE
    real = list(xlsx(table, demo=False, imported_at=None, definitions=())["Om datan"].iter_rows(values_only=True))
    assert ("Importerad", "okänt") in real and ("Definitioner", "–") in real
    assert not any("EXEMPELDATA" in str(r) for r in real)


@pytest.mark.parametrize("title,name", [("", "Tabell"), ("Om datan", "Tabell"), ("a" * 40, "a" * 31),
                                        ("x/y\\z?*[1]:", "x y z 1")])
def test_sheet_name(title, name):
    assert export.sheet_name(title) == name


def test_csv_for_swedish_excel(table):
    data = export.csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")[1:]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(table.columns)
    assert rows[1] == ["Totalt", "2025", "1234", "3456,7", "12,5%", "+12", "0162"]
    assert rows[2] == ["'" + EVIL, "2025", "..", "12,5", "..", "-3", "'@SUM(A1)"]
    assert rows[3] == ["Skadegörelse", "2025", "56", "..", "3%", "0", "'-1,5 sedan 2018"]
    assert text.splitlines()[1] == "Totalt;2025;1234;3456,7;12,5%;+12;0162"


def test_tsv_for_the_clipboard(table):
    assert export.tsv_text(table.assign(Kategori=["Totalt", EVIL, "Två\trader\nhär"])) == (
        "Kategori\tÅr\tAntal\tPer 100 000 inv.\tAndel\tFörändring\tKod\n"
        "Totalt\t2025\t1\u00a0234\t3\u00a0456,7\t12,5\u00a0%\t+12\t0162\n"
        f"'{EVIL}\t2025\t..\t12,5\t..\t-3\t'@SUM(A1)\n"
        "Två rader här\t2025\t56\t..\t3\u00a0%\t±0\t'-1,5 sedan 2018")


def test_missing_values_become_dots_everywhere():
    frame = pd.DataFrame({"Plats": ["A", None], "Antal": [None, "3"]})
    assert export.csv_bytes(frame).decode("utf-8-sig").split("\r\n")[1:3] == ["A;..", "..;3"]
    assert export.tsv_text(frame).split("\n")[1:] == ["A\t..", "..\t3"]
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(
        frame, title="t", source="s", period="p", suppression=None, imported_at=None, demo=False))).active
    assert [sheet["B2"].value, sheet["A3"].value, sheet["B3"].value] == ["..", "..", 3]


def test_slug():
    assert export.slug("Anmälda brott Danderyd 2015–2025") == "anmalda-brott-danderyd-2015-2025"
    assert export.slug("  ") == "tabell" and export.slug("Hässelby-Vällingby: år") == "hasselby-vallingby-ar"
