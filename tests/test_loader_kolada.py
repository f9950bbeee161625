"""loaders/kolada.py: Kolada data responses, API v2 and v3 shapes."""
from __future__ import annotations

from tests.conftest import CRIME_COLUMNS

SURVEY_COLUMNS = ("survey, year, place_id, indicator_id, grade, gender, value, unit, n_respondents, flag,"
                  " source_label")

KIND = "kolada"


def test_kolada_v3_shape_imports_rate_without_count(load, query):
    # {"kpi":"N07403","municipality":"0162","period":2023,"values":[{"gender":"T","value":512.3,...}]}
    result = load(KIND, "kolada_v3.json")

    assert result.status == "ok", result.message
    assert result.kind == "kolada"
    assert result.notices == ["1 värden lästa för N07403."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts") == [
        ("kommun-0162", "vald", "N07403", "year", 2023, None, None, 512.3, False, "kolada", None)]


def test_kolada_v2_shape_string_period_takes_total_gender(load, query):
    # "count", "next_page", period "2022", values for K, M and T: only T is used.
    result = load(KIND, "kolada_v2.json")

    assert result.status == "ok", result.message
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts") == [
        ("kommun-0180", "bostadsinbrott", "N07546", "year", 2022, None, None, 299.5, False, "kolada", None)]


def test_kolada_codes_0000_and_0001_map_to_riket_and_lan(load, query):
    result = load(KIND, "kolada_riket_lan.json")

    assert result.status == "ok", result.message
    assert query("SELECT place_id, category_id, year, count, rate_per_100k FROM crime_counts"
                 " ORDER BY place_id") == [
        ("lan-01", "totalt", 2023, None, 15980.4),
        ("riket", "totalt", 2023, None, 14101.2),
    ]


def test_kolada_null_value_with_status_missing_keeps_status_as_flag(load, query):
    result = load(KIND, "kolada_saknas.json")

    assert result.status == "ok", result.message
    assert result.notices == ["1 värden lästa för N07544.", "1 värden saknas i Kolada (status sparad)."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts") == [
        ("kommun-0162", "narkotika", "N07544", "year", 2024, None, None, None, False, "kolada", "Missing")]


def test_kolada_unknown_kpi_is_rejected(load, query):
    result = load(KIND, "kolada_okant_nyckeltal.json")

    assert result.status == "rejected"
    assert result.message == (
        "«kolada_okant_nyckeltal.json» importerades inte. Databasen är oförändrad.\n"
        "  - post 1, kolumn «kpi»: fann «N00945», förväntade ett av de stödda nyckeltalen "
        "N07540, N07403, N07546, N07544 (anmälda brott) eller N07611, N07620, N07633, N07606, N07628, "
        "N00620, N00621 (enkäter).")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


# --- survey KPIs (NTU, SCB:s medborgarundersökning) -> survey_results ----------------------------

def test_kolada_survey_kpis_v3_land_in_survey_results_with_gender_split(load, query):
    # N07611 for Danderyd with K, M and T; N07620 for riket with T only.
    result = load(KIND, "kolada_enkat_v3.json")

    assert result.status == "ok", result.message
    assert result.kind == "kolada"
    assert result.notices == ["4 enkätvärden lästa för N07611, N07620 (kön: T, K, M)."]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results ORDER BY place_id, indicator_id, gender") == [
        ("ntu", 2023, "kommun-0162", "otrygghet_sen_kvall", "alla", "K", 21.4, "andel", None, None, "N07611"),
        ("ntu", 2023, "kommun-0162", "otrygghet_sen_kvall", "alla", "M", 9.8, "andel", None, None, "N07611"),
        ("ntu", 2023, "kommun-0162", "otrygghet_sen_kvall", "alla", "T", 15.6, "andel", None, None, "N07611"),
        ("ntu", 2023, "riket", "avstatt_aktivitet", "alla", "T", 18.2, "andel", None, None, "N07620"),
    ]
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]
    # The shipped indicators are used as they are; none is added.
    assert query("SELECT count(*) FROM survey_indicators WHERE _import_id IS NOT NULL") == [(0,)]


def test_kolada_survey_kpis_v2_shape_medborgarundersokning(load, query):
    # v2: "count", "next_page", period as a string, "count" inside each value, integer value 52.
    result = load(KIND, "kolada_enkat_v2.json")

    assert result.status == "ok", result.message
    assert result.notices == ["4 enkätvärden lästa för N00620, N00621 (kön: T, K, M)."]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results ORDER BY indicator_id, gender") == [
        ("medborgarundersokning", 2022, "kommun-0180", "fa_problem_berusade", "alla", "K", 41.0, "andel", None,
         None, "N00620"),
        ("medborgarundersokning", 2022, "kommun-0180", "fa_problem_berusade", "alla", "M", 47.5, "andel", None,
         None, "N00620"),
        ("medborgarundersokning", 2022, "kommun-0180", "fa_problem_berusade", "alla", "T", 44.0, "andel", None,
         None, "N00620"),
        ("medborgarundersokning", 2022, "kommun-0180", "fa_problem_langning", "alla", "T", 52.0, "andel", None,
         None, "N00621"),
    ]


def test_kolada_survey_missing_value_keeps_status_or_dots_as_flag(load, query):
    # Region Stockholm (0001): T null with status "Missing", K 12.5, M null with an empty status.
    result = load(KIND, "kolada_enkat_saknas.json")

    assert result.status == "ok", result.message
    assert result.notices == ["3 enkätvärden lästa för N07633 (kön: T, K, M).",
                              "2 värden saknas i Kolada (status sparad)."]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results ORDER BY gender") == [
        ("ntu", 2024, "lan-01", "utsatt_brott_person", "alla", "K", 12.5, "andel", None, None, "N07633"),
        ("ntu", 2024, "lan-01", "utsatt_brott_person", "alla", "M", None, "andel", None, "..", "N07633"),
        ("ntu", 2024, "lan-01", "utsatt_brott_person", "alla", "T", None, "andel", None, "Missing", "N07633"),
    ]


def test_kolada_survey_reimport_is_unchanged_and_undo_removes_rows(load, query, undo):
    first = load(KIND, "kolada_enkat_v3.json")
    again = load(KIND, "kolada_enkat_v3.json")

    assert first.status == "ok", first.message
    assert again.status == "unchanged"
    assert undo(first.import_id).startswith(f"Import {first.import_id} («kolada_enkat_v3.json») är ångrad: 4 rader")
    assert query("SELECT count(*) FROM survey_results") == [(0,)]


def test_kolada_crime_and_survey_kpis_in_one_file_are_rejected(load, query, db_sha256):
    before = db_sha256()
    result = load(KIND, "kolada_brott_och_enkat.json")

    assert result.status == "rejected"
    assert result.message == (
        "«kolada_brott_och_enkat.json» importerades inte. Databasen är oförändrad.\n"
        "  - filen blandar nyckeltal för anmälda brott (N07403, N07540) och enkätnyckeltal (N07611, N07620). "
        "De sparas i olika tabeller, så en fil får bara innehålla det ena slaget: hämta dem som separata filer "
        "från Kolada (ett anrop för brottsnyckeltalen och ett för enkätnyckeltalen) och importera filerna var "
        "för sig.")
    assert db_sha256() == before


def test_kolada_survey_value_gender_and_kpi_problems_are_listed(load, query):
    result = load(KIND, "kolada_enkat_fel.json")

    assert result.status == "rejected"
    assert result.message == (
        "«kolada_enkat_fel.json» importerades inte. Databasen är oförändrad.\n"
        "  - post 1, kolumn «value»: fann «120.0», förväntade en andel 0–100 (procent) för N07611 "
        "(Otrygghet vid utevistelse sen kväll).\n"
        "  - post 1, kolumn «gender»: fann «X», förväntade T (totalt), K (kvinnor) eller M (män).\n"
        "  - post 2, kolumn «gender»: fann «K», förväntade högst ett värde per kön.\n"
        "  - post 3, kolumn «kpi»: fann «N00945», förväntade ett av de stödda nyckeltalen N07540, N07403, "
        "N07546, N07544 (anmälda brott) eller N07611, N07620, N07633, N07606, N07628, N00620, N00621 (enkäter).")
    assert query("SELECT count(*) FROM survey_results") == [(0,)]


def test_kolada_crime_kpis_unchanged_by_survey_support(load, query):
    # A crime file still writes crime_counts only (T only; K/M ignored) and nothing in survey_results.
    result = load(KIND, "kolada_v2.json")

    assert result.status == "ok", result.message
    assert result.notices == ["1 värden lästa för N07546."]
    assert query(f"SELECT {CRIME_COLUMNS} FROM crime_counts") == [
        ("kommun-0180", "bostadsinbrott", "N07546", "year", 2022, None, None, 299.5, False, "kolada", None)]
    assert query("SELECT count(*) FROM survey_results") == [(0,)]


def test_kolada_survey_kpi_map_comes_from_the_registry():
    from loaders.kolada import survey_kpis

    assert {k: (v["survey"], v["indicator_id"], v["unit"]) for k, v in survey_kpis().items()} == {
        "N07611": ("ntu", "otrygghet_sen_kvall", "andel"),
        "N07620": ("ntu", "avstatt_aktivitet", "andel"),
        "N07633": ("ntu", "utsatt_brott_person", "andel"),
        "N07606": ("ntu", "fortroende_polisen", "andel"),
        "N07628": ("ntu", "problem_berusade", "andel"),
        "N00620": ("medborgarundersokning", "fa_problem_berusade", "andel"),
        "N00621": ("medborgarundersokning", "fa_problem_langning", "andel"),
    }
