"""loaders/kolada.py: Kolada data responses, API v2 and v3 shapes."""
from __future__ import annotations

from tests.conftest import CRIME_COLUMNS

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
        "N07540, N07403, N07546, N07544.")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]
