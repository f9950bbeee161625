"""loaders/bra_databasfil.py: «Databasfil.txt» from BRÅ's statistikdatabas (SOL), latin-1."""
from __future__ import annotations

from tests.conftest import CRIME_COLUMNS

KIND = "bra-databasfil"


def test_databasfil_latin1_yearly_rows_with_trailing_semicolon_import(load, query):
    result = load(KIND, "databasfil_ar.txt")

    assert result.status == "ok", result.message
    assert result.kind == "bra-databasfil"
    assert result.notices == ["3 rader lästa (text (cp1252, semikolon))."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY place_id") == [
        ("kommun-0162", "totalt", "Totalt antal brott", "year", 2025, None, 2210, 6654.3, False, "bra", None),
        ("riket", "totalt", "Totalt antal brott", "year", 2025, None, 14278, 135.0, False, "bra", None),
        ("sdo-hasselby-vallingby", "totalt", "Totalt antal brott", "year", 2025, None, 6543, 8321.7, False,
         "bra", None),
    ]


def test_databasfil_region_labels_resolve_to_kommun_and_stadsdelsomrade(load, query):
    load(KIND, "databasfil_ar.txt")

    # "Danderyd kommun" -> kommun-0162, "Hässelby - Vällingby (Sthlm)" -> sdo-hasselby-vallingby
    assert query("SELECT place_id, count FROM crime_counts WHERE place_id <> 'riket' ORDER BY 1") == [
        ("kommun-0162", 2210), ("sdo-hasselby-vallingby", 6543)]


def test_databasfil_rate_with_decimal_comma_parses_as_decimal(load, query):
    load(KIND, "databasfil_ar.txt")

    # "6 654,3" and "8321,7"
    assert query("SELECT rate_per_100k FROM crime_counts WHERE place_id <> 'riket' ORDER BY 1") == [
        (6654.3,), (8321.7,)]


def test_databasfil_prel_month_rows_get_month_period_and_preliminary(load, query):
    result = load(KIND, "databasfil_prel_manad.txt")

    assert result.status == "ok", result.message
    assert result.notices == [
        "3 rader lästa (text (cp1252, semikolon)).",
        "2 rader är preliminära (prel.); de ersätts när slutliga siffror importeras.",
    ]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY year, period") == [
        ("kommun-0162", "misshandel", "Misshandel inkl. grov (5, 6 §)", "month", 2025, 10, 10, 29.6, False,
         "bra", None),
        ("kommun-0162", "misshandel", "Misshandel inkl. grov (5, 6 §)", "month", 2026, 5, 9, 27.0, True,
         "bra", None),
        ("kommun-0162", "misshandel", "Misshandel inkl. grov (5, 6 §)", "month", 2026, 8, 12, 35.0, True,
         "bra", None),
    ]


def test_databasfil_swedish_month_abbreviations_maj_aug_okt_map_to_numbers(load, query):
    load(KIND, "databasfil_prel_manad.txt")

    assert query("SELECT year, period FROM crime_counts ORDER BY year, period") == [
        (2025, 10), (2026, 5), (2026, 8)]


def test_databasfil_quarter_rows_get_quarter_period(load, query):
    result = load(KIND, "databasfil_kvartal.txt")

    assert result.status == "ok", result.message
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY period") == [
        ("riket", "totalt", "Totalt antal brott", "quarter", 2025, 1, 350012, 3310.2, False, "bra", None),
        ("riket", "totalt", "Totalt antal brott", "quarter", 2025, 4, 361500, 3418.9, False, "bra", None),
    ]


def test_databasfil_double_dot_null_and_dash_zero_are_flagged(load, query):
    result = load(KIND, "databasfil_prickar_streck.txt")

    assert result.status == "ok", result.message
    assert query("SELECT place_id, category_id, count, rate_per_100k, flag FROM crime_counts ORDER BY 1, 2") == [
        ("kommun-0162", "misshandel", 0, 0.0, "-"),
        ("kommun-0162", "ran", None, None, ".."),
        ("kommun-0184", "ran", 85, 100.2, None),
    ]


def test_databasfil_echoed_parent_rows_are_skipped_and_reported(load, query):
    result = load(KIND, "databasfil_foralder_upprepad.txt")

    assert result.status == "ok", result.message
    assert result.added == 2
    assert result.notices == [
        "2 rader lästa (text (cp1252, semikolon)).",
        "2 rader hoppades över: överordnade brottstyper som Brå upprepar med «..» utan värden "
        "(«Brott mot brottsbalken»).",
    ]
    assert query("SELECT place_id, category_id, count, rate_per_100k FROM crime_counts ORDER BY 1") == [
        ("kommun-0162", "misshandel", 80, 240.5),
        ("riket", "misshandel", 95000, 901.2),
    ]
    # The skipped label did not become a category either.
    assert query("SELECT count(*) FROM crime_categories WHERE _import_id IS NOT NULL") == [(0,)]


def test_databasfil_unknown_brottskod_label_adds_category_and_reports_it(load, query):
    result = load(KIND, "databasfil_brottskod_okand.txt")

    assert result.status == "ok", result.message
    assert result.notices == [
        "2 rader lästa (text (cp1252, semikolon)).",
        "Nya brottskategorier lades till: «Befogenhetsbedrägeri».",
    ]
    assert query("SELECT category_id, label, parent_id, _import_id FROM crime_categories"
                 " WHERE _import_id IS NOT NULL") == [
        ("bra-befogenhetsbedrageri", "Befogenhetsbedrägeri", "totalt", 1)]
    assert query("SELECT alias, category_id, alias_key, _import_id FROM crime_category_aliases"
                 " WHERE _import_id IS NOT NULL ORDER BY alias") == [
        ("0950 - Befogenhetsbedrägeri", "bra-befogenhetsbedrageri", "0950-befogenhetsbedrägeri", 1),
        ("Befogenhetsbedrägeri", "bra-befogenhetsbedrageri", "befogenhetsbedrägeri", 1)]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts ORDER BY category_id") == [
        ("riket", "bra-befogenhetsbedrageri", "0950 - Befogenhetsbedrägeri", "year", 2025, None, 498, 4.7,
         False, "bra", None),
        ("riket", "totalt", "Totalt antal brott", "year", 2025, None, 14278, 135.0, False, "bra", None),
    ]
    assert query("SELECT message FROM import_log") == [(
        "2 rader tillagda, 0 ersatta, 0 oförändrade. 2 rader lästa (text (cp1252, semikolon)). "
        "Nya brottskategorier lades till: «Befogenhetsbedrägeri».",)]


def test_databasfil_brottskod_without_spaces_gets_a_bare_label(load, query):
    result = load("bra-databasfil", "databasfil_brottskod_utan_mellanslag.txt")
    assert result.status == "ok"
    assert query("SELECT category_id, label FROM crime_categories WHERE _import_id = ?", [result.import_id]) == [
        ("bra-befogenhetsbedrageri", "Befogenhetsbedrägeri")]
    assert query("SELECT source_label, count FROM crime_counts") == [("0950-Befogenhetsbedrägeri", 7)]


def test_databasfil_empty_brottstyp_is_rejected(load, query):
    result = load("bra-databasfil", "databasfil_tom_brottstyp.txt")
    assert result.status == "rejected"
    assert "rad 2, kolumn «Brott»: fann «(tomt)», förväntade en brottstyp." in result.message


def test_databasfil_totalt_suffix_matches_in_any_case(load, query):
    load("bra-databasfil", "databasfil_versal_totalt.txt")
    assert query("SELECT category_id, source_label FROM crime_counts") == [("misshandel", "Misshandel Totalt")]
