"""loaders/population.py: SCB PX-Web JSON (scb-folkmangd) and the template Område;År;Folkmängd (folkmangd)."""
from __future__ import annotations

POPULATION = "SELECT place_id, year, population, _import_id FROM population ORDER BY place_id, year"


def test_scb_folkmangd_codes_map_to_riket_lan_and_kommun(load, query):
    # Region codes "00", "01" and "0162"; values are digit strings.
    result = load("scb-folkmangd", "scb_folkmangd_2024.json")

    assert result.status == "ok", result.message
    assert result.kind == "scb-folkmangd"
    assert result.notices == ["4 värden lästa."]
    assert query(POPULATION) == [
        ("kommun-0162", 2023, 32987, 1),
        ("kommun-0162", 2024, 33012, 1),
        ("lan-01", 2024, 2454821, 1),
        ("riket", 2024, 10551707, 1),
    ]


def test_scb_folkmangd_double_dot_value_is_skipped_with_notice(load, query):
    result = load("scb-folkmangd", "scb_folkmangd_prickar.json")

    assert result.status == "ok", result.message
    assert result.notices == ["2 värden lästa.", "1 värden saknades («..») och hoppades över."]
    assert query(POPULATION) == [("kommun-0162", 2024, 33012, 1)]


def test_scb_folkmangd_extra_dimension_with_two_values_is_rejected(load, query):
    # Kon = 1 and 2 for the same region and year: summing would count people twice.
    result = load("scb-folkmangd", "scb_folkmangd_kon.json")

    assert result.status == "rejected"
    assert result.message == (
        "«scb_folkmangd_kon.json» importerades inte. Databasen är oförändrad.\n"
        "  - dimensionen «kön» har flera värden (1, 2 …). Välj bort den eller välj «totalt» i SCB:s "
        "tabell, annars räknas samma befolkning flera gånger.")
    assert query("SELECT count(*) FROM population") == [(0,)]


def test_scb_folkmangd_deso_code_is_rejected_as_unknown_code(load, query):
    result = load("scb-folkmangd", "scb_folkmangd_deso.json")

    assert result.status == "rejected"
    assert result.message == (
        "«scb_folkmangd_deso.json» importerades inte. Databasen är oförändrad.\n"
        "  - kolumn «Region», post 2: okänd områdeskod «0180C1090»; förväntade 00 (riket), en länskod "
        "(01–25) eller en kommunkod med fyra siffror.")
    assert query("SELECT count(*) FROM population") == [(0,)]


def test_folkmangd_template_stadsdelsomraden_resolve_by_name(load, query):
    # "48 912" has a space as thousands separator.
    result = load("folkmangd", "folkmangd_stadsdelsomraden.csv")

    assert result.status == "ok", result.message
    assert result.kind == "folkmangd"
    assert result.notices == ["3 rader lästa (text (utf-8, semikolon))."]
    assert query(POPULATION) == [
        ("sdo-hasselby-vallingby", 2024, 77510, 1),
        ("sdo-rinkeby-kista", 2024, 48912, 1),
        ("sdo-spanga-tensta", 2023, 39004, 1),
    ]


def test_scb_folkmangd_single_non_total_value_is_flagged(load, query):
    result = load("scb-folkmangd", "scb_folkmangd_bara_man.json")
    assert result.status == "ok"
    assert ("Dimensionen «kön» har bara värdet «1». Kontrollera att det är totalen (t.ex. båda könen), "
            "annars blir folkmängden för liten.") in result.notices
