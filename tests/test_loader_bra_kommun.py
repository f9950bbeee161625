"""loaders/bra_kommun.py: BRÅ's yearly «Anmälda brott kommunerna ÅÅÅÅ.csv» and Excel re-saves of it."""
from __future__ import annotations

from tests.conftest import CRIME_COLUMNS

KIND = "bra-kommun"
COUNTS = "SELECT place_id, year, count, rate_per_100k, flag FROM crime_counts ORDER BY place_id"


def test_bra_kommun_utf8_bom_crlf_semicolon_imports_every_row(load, query):
    result = load(KIND, "Anmälda brott kommunerna 2024.csv")

    assert result.status == "ok", result.message
    assert result.kind == "bra-kommun"
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (4, 0, 0, 0)
    assert result.notices == ["År 2024; 4 rader lästa (text (utf-8-sig, semikolon))."]
    assert query(COUNTS) == [
        ("kommun-0162", 2024, 2210, 6654.0, None),   # Danderyd
        ("kommun-1440", 2024, 2537, 7810.0, None),   # Ale
        ("kommun-1489", 2024, 4293, 10100.0, None),  # Alingsås
        ("riket", 2024, 1548876, 14658.0, None),     # Hela landet
    ]


def test_bra_kommun_rows_fixed_columns_are_total_bra_yearly(load, query):
    load(KIND, "Anmälda brott kommunerna 2024.csv")

    assert query("SELECT DISTINCT category_id, source_label, period_type, period, preliminary, source, "
                 "_import_id FROM crime_counts") == [
        ("totalt", "Anmälda brott", "year", None, False, "bra", 1)]


def test_bra_kommun_hela_landet_maps_to_riket(load, query):
    load(KIND, "Anmälda brott kommunerna 2024.csv")

    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts WHERE place_id = 'riket'") == [
        ("riket", "totalt", "Anmälda brott", "year", 2024, None, 1548876, 14658.0, False, "bra", None)]


def test_bra_kommun_import_log_records_file_kind_and_counts(load, query):
    load(KIND, "Anmälda brott kommunerna 2024.csv")

    assert query("SELECT import_id, file_name, kind, status, rows_loaded, rows_added, rows_replaced,"
                 " rows_unchanged, rows_skipped, imported_by, is_demo, undone_at FROM import_log") == [
        (1, "Anmälda brott kommunerna 2024.csv", "bra-kommun", "ok", 4, 4, 0, 0, 0, "test", False, None)]


def test_bra_kommun_space_and_nbsp_thousands_separators_parse_as_integers(load, query):
    # "2 537" (space) and "4\u00a0293" (NBSP); the rates "7 810" and "10\u00a0100" likewise.
    result = load(KIND, "kommun_tusental_mellanslag_nbsp_2024.csv")

    assert result.status == "ok", result.message
    assert query(COUNTS) == [
        ("kommun-1440", 2024, 2537, 7810.0, None),
        ("kommun-1489", 2024, 4293, 10100.0, None),
    ]


def test_bra_kommun_rate_with_decimal_comma_parses_as_decimal(load, query):
    # "6 654,3" and "11523,75"
    result = load(KIND, "kommun_decimalkomma_2024.csv")

    assert result.status == "ok", result.message
    assert query(COUNTS) == [
        ("kommun-0162", 2024, 2210, 6654.3, None),
        ("kommun-0184", 2024, 9876, 11523.75, None),
    ]


def test_bra_kommun_year_in_file_name_is_used(load, query):
    load(KIND, "kommun_cp1252_2023.csv")

    assert query("SELECT DISTINCT year FROM crime_counts") == [(2023,)]


def test_bra_kommun_no_year_in_name_uses_year_option(load, query):
    result = load(KIND, "kommun_utan_ar.csv", options={"year": 2023})

    assert result.status == "ok", result.message
    assert result.notices == ["År 2023; 1 rader lästa (text (utf-8-sig, semikolon))."]
    assert query(COUNTS) == [("kommun-1440", 2023, 2537, 7810.0, None)]


def test_bra_kommun_no_year_anywhere_is_rejected(load, query):
    result = load(KIND, "kommun_utan_ar.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«kommun_utan_ar.csv» importerades inte. Databasen är oförändrad.\n"
        "  - året framgår inte av filnamnet. Ange det med --year (t.ex. --year 2024) eller behåll Brås "
        "filnamn «Anmälda brott kommunerna 2024.csv».")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


def test_bra_kommun_excel_cp1252_resave_decodes_swedish_letters(load, query):
    result = load(KIND, "kommun_cp1252_2023.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["År 2023; 3 rader lästa (text (cp1252, semikolon))."]
    assert query(COUNTS) == [
        ("kommun-0114", 2023, 4120, 8900.0, None),    # Upplands Väsby
        ("kommun-0117", 2023, 3210, 6900.0, None),    # Österåker
        ("kommun-0181", 2023, 12345, 12050.0, None),  # Södertälje
    ]


def test_bra_kommun_utf16_le_bom_tab_separated_imports(load, query):
    result = load(KIND, "kommun_utf16_tabb_2023.txt")

    assert result.status == "ok", result.message
    assert result.kind == "bra-kommun"
    assert result.notices == ["År 2023; 2 rader lästa (text (utf-16, tabb))."]
    assert query(COUNTS) == [
        ("kommun-0114", 2023, 4120, 8900.0, None),    # Upplands-Väsby
        ("kommun-1280", 2023, 45678, 12999.0, None),  # Malmö
    ]


def test_bra_kommun_double_dot_gives_null_count_and_flag(load, query):
    result = load(KIND, "kommun_prickar_saknas_2024.csv")

    assert result.status == "ok", result.message
    assert query(COUNTS) == [
        ("kommun-0162", 2024, None, None, ".."),
        ("kommun-1440", 2024, 2537, 7810.0, None),
    ]


def test_bra_kommun_dash_gives_zero_count_and_flag(load, query):
    result = load(KIND, "kommun_streck_noll_2024.csv")

    assert result.status == "ok", result.message
    assert query(COUNTS) == [
        ("kommun-0187", 2024, 0, 0.0, "-"),   # Vaxholm
        ("kommun-1440", 2024, 2537, 7810.0, None),
    ]


def test_bra_kommun_bad_number_rejected_naming_file_row_column_and_value(load, query):
    result = load(KIND, "kommun_felaktigt_tal_2024.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«kommun_felaktigt_tal_2024.csv» importerades inte. Databasen är oförändrad.\n"
        "  - rad 3, kolumn «Antal»: fann «12a», förväntade ett heltal ≥ 0 eller «..».")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


def test_bra_kommun_unknown_place_rejected_suggesting_closest_name(load, query):
    result = load(KIND, "kommun_okand_kommun_2024.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«kommun_okand_kommun_2024.csv» importerades inte. Databasen är oförändrad.\n"
        "  - kolumn «Kommun», rad 3: okänd plats «Danderud» (närmast kända: Danderyd, Danderyd kommun). "
        "Lägg till den som alias eller ny plats med en platsfil (typ «platser»).")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


def test_bra_kommun_year_option_overriding_file_name_is_reported(load, query):
    result = load("bra-kommun", "Anmälda brott kommunerna 2024.csv", options={"year": 2023})
    assert result.status == "ok"
    assert "Året 2023 från --year används, inte 2024 som står i filnamnet." in result.notices
    assert {y for (y,) in query("SELECT DISTINCT year FROM crime_counts")} == {2023}


def test_bra_kommun_rejection_while_parsing_names_the_detected_kind(load):
    result = load("bra-kommun", "kommun_felaktigt_tal_2024.csv")
    assert (result.status, result.kind) == ("rejected", "bra-kommun")


def test_bra_kommun_url_encoded_file_name_gives_the_year(load, query):
    result = load("bra-kommun", "Anm%C3%A4lda%20brott%20kommunerna%202024.csv")
    assert result.status == "ok"
    assert {y for (y,) in query("SELECT DISTINCT year FROM crime_counts")} == {2024}
