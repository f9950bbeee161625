"""loaders/police_template.py: our own template `Område;År;Månad;Brottskategori;Antal` (CSV or Excel)."""
from __future__ import annotations

from tests.conftest import CRIME_COLUMNS

KIND = "polisstatistik"
TORG_SKADEGORELSE = ("plats-hasselby-torg", "skadegorelse", "Skadegörelse")


def test_polisstatistik_csv_month_number_gives_monthly_local_rows(load, query):
    result = load(KIND, "polisstatistik_manad_nummer.csv")

    assert result.status == "ok", result.message
    assert result.kind == "polisstatistik"
    assert result.notices == ["3 rader lästa (text (utf-8, semikolon))."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY category_id, period") == [
        ("plats-hasselby-torg", "misshandel", "Misshandel", "month", 2018, 1, 12, None, False, "lokal", None),
        (*TORG_SKADEGORELSE, "month", 2018, 1, 274, None, False, "lokal", None),
        (*TORG_SKADEGORELSE, "month", 2018, 2, 198, None, False, "lokal", None),
    ]


def test_polisstatistik_xlsx_with_title_row_above_header_imports(load, query):
    # Row 1 is a title, row 2 empty, the header is row 3.
    result = load(KIND, "polisstatistik_rubrik_ovanfor.xlsx")

    assert result.status == "ok", result.message
    assert result.kind == "polisstatistik"
    assert result.notices == ["2 rader lästa (Excel, blad «Hässelby torg»)."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY period") == [
        (*TORG_SKADEGORELSE, "month", 2018, 1, 274, None, False, "lokal", None),
        (*TORG_SKADEGORELSE, "month", 2018, 2, 198, None, False, "lokal", None),
    ]


def test_polisstatistik_month_names_map_to_numbers(load, query):
    # "mars" and "Maj"
    result = load(KIND, "polisstatistik_manad_namn.csv")

    assert result.status == "ok", result.message
    assert query("SELECT place_id, category_id, period_type, year, period, count FROM crime_counts"
                 " ORDER BY period") == [
        ("plats-vallingby-centrum", "ran", "month", 2019, 3, 3),
        ("plats-vallingby-centrum", "ran", "month", 2019, 5, 5),
    ]


def test_polisstatistik_without_month_column_gives_yearly_rows(load, query):
    result = load(KIND, "polisstatistik_utan_manad.csv")

    assert result.status == "ok", result.message
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY year") == [
        (*TORG_SKADEGORELSE, "year", 2018, None, 2456, None, False, "lokal", None),
        (*TORG_SKADEGORELSE, "year", 2019, None, 2101, None, False, "lokal", None),
    ]


def test_polisstatistik_unknown_category_rejected_with_suggestion(load, query):
    result = load(KIND, "polisstatistik_okand_kategori.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«polisstatistik_okand_kategori.csv» importerades inte. Databasen är oförändrad.\n"
        "  - kolumn «Brottskategori», rad 3: okänd brottskategori «Klotterbrott» "
        "(närmast kända: Narkotikabrott, Trafikbrott).")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]
    assert query("SELECT count(*) FROM crime_categories WHERE _import_id IS NOT NULL") == [(0,)]
