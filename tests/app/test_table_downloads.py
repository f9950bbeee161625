"""Every table has Excel and CSV downloads and a "Kopiera" box; the files hold the table's values.

The files behind the buttons are read with the `media` fixture (tests/app/conftest.py).
"""
from __future__ import annotations

import io

import openpyxl
import pytest

from lagesbild import export
from tests.app.conftest import PAGES


def table_buttons(at) -> list[tuple]:
    buttons = at.get("download_button")
    excel = [b for b in buttons if b.label == "Excel"]
    csv = [b for b in buttons if b.label == "CSV"]
    return list(zip(excel, csv))


def test_crime_table_downloads_hold_the_table(app_on, demo_db, media):
    at = app_on(demo_db, "pages/reported_crime.py", plats="kommun-0162")
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[-1].value
    pairs = table_buttons(at)
    assert pairs, "the crime table has Excel and CSV downloads"
    excel, csv = pairs[-1]
    assert excel.proto.url.endswith(".xlsx") and csv.proto.url.endswith(".csv")

    workbook = openpyxl.load_workbook(io.BytesIO(media(excel).content))
    assert workbook.sheetnames[1] == "Om datan"
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == list(shown.columns)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet.max_row == len(shown) + 1
    first = shown.iloc[0]
    count_col = list(shown.columns).index("Antal") + 1
    expected = export.parse_number(first["Antal"])
    assert expected is not None
    assert sheet.cell(row=2, column=count_col).value == expected[0]
    assert sheet.cell(row=2, column=count_col).data_type == "n"
    assert sheet.cell(row=2, column=1).value == first["Plats"]
    about = {r[0]: r[1] for r in workbook["Om datan"].iter_rows(values_only=True) if r[0]}
    # The page names the table like its chart, with the chart's source and period.
    assert media(excel).filename == "anmalda-brott-totalt-danderyd-2015-2025.xlsx"
    assert about["Titel"] == "Totalt antal brott, per år"
    assert about["Källa"] == "Brå, anmälda brott" and about["Period"] == "2015–2025"
    assert "«..»" in about["Dolda värden"]
    assert about["Exempeldata"] == "EXEMPELDATA – inte verkliga siffror"
    assert about["Definitioner"].startswith("Säkerställd:")
    assert "senaste import i databasen" in about["Importerad"]

    data = media(csv).content
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";") == list(shown.columns)
    assert lines[1].split(";")[count_col - 1] == first["Antal"].replace("\u00a0", "")
    assert len([line for line in lines if line]) == len(shown) + 1

    assert any(code.value == export.tsv_text(shown) for code in at.code), "the Kopiera box holds the TSV"


def test_suppressed_survey_values_stay_dots_in_the_downloads(app_on, survey_db, media):
    # The same file as test_safety_page: Hässelby-Vällingby 2022 has 8 respondents, 2024 "XX".
    at = app_on(survey_db, None, plats="sdo-hasselby-vallingby", enkat="stockholmsenkaten", fraga="burit_vapen")
    at.switch_page("pages/safety.py").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[0].value
    hidden = shown.index[shown["Värde"] == ".."].tolist()
    assert len(hidden) >= 2
    excel, csv = table_buttons(at)[0]
    workbook = openpyxl.load_workbook(io.BytesIO(media(excel).content))
    sheet = workbook.worksheets[0]
    col = list(shown.columns).index("Värde") + 1
    for i in hidden:
        cell = sheet.cell(row=i + 2, column=col)
        assert (cell.value, cell.data_type) == ("..", "s")
    shown_value = sheet.cell(row=shown.index[shown["Värde"] == "7,5\u00a0%"][0] + 2, column=col)
    assert shown_value.value == pytest.approx(0.075) and shown_value.number_format == "0.0%"
    about = {r[0]: r[1] for r in workbook["Om datan"].iter_rows(values_only=True) if r[0]}
    assert about["Dolda värden"] == ("Värden från färre än 10 svarande eller dolda i källan visas som «..», "
                                     "aldrig som 0.")
    rows = [line.split(";") for line in media(csv).content.decode("utf-8-sig").split("\r\n")[1:] if line]
    assert [rows[i][col - 1] for i in hidden] == [".."] * len(hidden)
    assert "7,5%" in [r[col - 1] for r in rows]
    tsv = [line.split("\t") for line in next(c.value for c in at.code).split("\n")[1:]]
    assert [tsv[i][col - 1] for i in hidden] == [".."] * len(hidden)
    # Text beginning with "-" is neutralised in the CSV; the number "-1,5" alone would not be.
    change = list(shown.columns).index("Förändring")
    assert "'-1,5 sedan 2018 (procentenheter)" in [r[change] for r in rows]


@pytest.mark.parametrize("page", PAGES)
def test_every_table_has_downloads(app_on, demo_db, page):
    at = app_on(demo_db, page, plats="kommun-0162")
    assert not at.exception, [e.message for e in at.exception]
    tables = [d for d in at.dataframe if not d.value.empty]
    buttons = at.get("download_button")
    excel = [b for b in buttons if b.label == "Excel"]
    assert len([b for b in buttons if b.label == "CSV"]) == len(excel)
    # Every non-empty table drawn through ui.show_table has its buttons; data editors and other
    # st.dataframe calls may add tables without them, never the other way round.
    assert len(excel) <= len(tables)
    if page in ("pages/reported_crime.py", "pages/overview.py", "pages/safety.py"):
        assert excel
