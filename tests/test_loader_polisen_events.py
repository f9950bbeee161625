"""loaders/polisen_events.py: polisen.se/api/events JSON and the Parquet archive with the same fields."""
from __future__ import annotations

from datetime import datetime

from tests.conftest import EVENT_COLUMNS

KIND = "polisen-handelser"
MALMO_URL = "https://polisen.se/aktuellt/handelser/2025/juni/7/07-juni-06.32-misshandel-malmo/"


def event(query, event_id: int) -> dict:
    rows = query(f"SELECT {EVENT_COLUMNS} FROM police_events WHERE event_id = ?", [event_id])
    assert len(rows) == 1, rows
    return dict(zip([c.strip() for c in EVENT_COLUMNS.split(",")], rows[0]))


def test_polisen_api_record_imports_every_field(load, query):
    result = load(KIND, "handelser_api.json")

    assert result.status == "ok", result.message
    assert result.kind == "polisen-handelser"
    assert result.notices == ["1 händelser lästa."]
    assert query(f"SELECT {EVENT_COLUMNS} FROM police_events") == [(
        588164, datetime(2025, 6, 7, 6, 38, 18), datetime(2025, 6, 7, 6, 32), "Misshandel", "kommun-1280",
        "Malmö", "Man gripen, Malmö.", MALMO_URL, 55.604981, 13.003822, "07 juni 06.32, Misshandel, Malmö",
        False)]


def test_polisen_datetime_hour_not_zero_padded_parses(load, query):
    # "2025-06-07 6:38:18 +02:00"
    load(KIND, "handelser_api.json")

    assert event(query, 588164)["published_at"] == datetime(2025, 6, 7, 6, 38, 18)


def test_polisen_occurred_at_comes_from_the_title(load, query):
    # "07 juni 06.32, Misshandel, Malmö"
    load(KIND, "handelser_api.json")

    assert event(query, 588164)["occurred_at"] == datetime(2025, 6, 7, 6, 32)


def test_polisen_gps_string_is_lat_then_lon(load, query):
    # "55.604981,13.003822": Malmö is at latitude 55.6, longitude 13.0
    load(KIND, "handelser_api.json")

    row = event(query, 588164)
    assert (row["lat"], row["lon"]) == (55.604981, 13.003822)


def test_polisen_relative_url_gets_polisen_prefix(load, query):
    load(KIND, "handelser_api.json")

    assert event(query, 588164)["url"] == MALMO_URL


def test_polisen_absolute_url_is_kept(load, query):
    result = load(KIND, "handelser_absolut_url.json")

    assert result.status == "ok", result.message
    row = event(query, 105469)
    assert row["url"] == ("https://polisen.se/aktuellt/handelser/2018/december/28/"
                          "28-december-14.32-fyllerilob-ostersund/")
    assert (row["place_id"], row["published_at"], row["occurred_at"]) == (
        "kommun-2380", datetime(2018, 12, 28, 14, 32, 20), datetime(2018, 12, 28, 14, 32))


def test_polisen_december_title_published_in_january_belongs_to_previous_year(load, query):
    # "31 december 23.50, Brand, Malmö" published "2026-01-01 0:12:00 +01:00"
    result = load(KIND, "handelser_arsskifte.json")

    assert result.status == "ok", result.message
    row = event(query, 610001)
    assert row["published_at"] == datetime(2026, 1, 1, 0, 12, 0)
    assert row["occurred_at"] == datetime(2025, 12, 31, 23, 50)


def test_polisen_lan_location_with_kommun_title_suffix_maps_to_kommun(load, query):
    # location "Stockholms län", title "10 juni 22.15, Rån, Sollentuna"
    result = load(KIND, "handelser_lan_kommun_i_rubrik.json")

    assert result.status == "ok", result.message
    row = event(query, 700001)
    assert (row["place_id"], row["location_name"]) == ("kommun-0163", "Stockholms län")


def test_polisen_lan_location_without_kommun_in_the_lan_stays_lan(load, query):
    # Title suffixes "Stockholms län" (the län itself), "Gustavsberg" (not a kommun) and
    # "Uppsala" (a kommun, but in another län): all stay at lan-01.
    result = load(KIND, "handelser_lan_utan_kommun_i_rubrik.json")

    assert result.status == "ok", result.message
    assert query("SELECT event_id, place_id, location_name FROM police_events ORDER BY event_id") == [
        (700002, "lan-01", "Stockholms län"),
        (700003, "lan-01", "Stockholms län"),
        (700004, "lan-01", "Stockholms län"),
    ]


def test_polisen_same_id_twice_in_one_file_keeps_latest_datetime(load, query):
    # The later version (9:15) is first in the file, the earlier (8:00) second.
    result = load(KIND, "handelser_samma_id_tva_ganger.json")

    assert result.status == "ok", result.message
    assert result.added == 1
    assert result.notices == [
        "2 händelser lästa.",
        "1 äldre versioner av samma händelse (samma id) ersattes av den senast publicerade.",
    ]
    assert query("SELECT event_id, published_at, summary FROM police_events") == [
        (588200, datetime(2025, 6, 7, 9, 15), "Uppdaterad: en person gripen.")]


def test_polisen_same_id_later_file_with_later_datetime_replaces(load, query):
    first = load(KIND, "handelser_version1.json")
    second = load(KIND, "handelser_version2_senare.json")

    assert first.status == "ok", first.message
    assert second.status == "ok", second.message
    assert (second.added, second.replaced, second.unchanged, second.skipped) == (0, 1, 0, 0)
    assert query("SELECT import_id, rows_added, rows_replaced FROM import_log ORDER BY import_id") == [
        (1, 1, 0), (2, 0, 1)]
    assert query("SELECT event_id, published_at, summary, _import_id FROM police_events") == [
        (588300, datetime(2025, 6, 8, 11, 30), "Uppdaterad uppgift.", 2)]
    assert query("SELECT event_id, published_at, summary, _replaced_by FROM police_events_replaced") == [
        (588300, datetime(2025, 6, 8, 10, 0), "Första uppgift.", 2)]


def test_polisen_same_id_later_file_with_earlier_datetime_is_skipped(load, query, db_sha256):
    load(KIND, "handelser_version1.json")
    before = db_sha256()

    result = load(KIND, "handelser_version0_tidigare.json")

    assert result.status == "unchanged"
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (0, 0, 0, 1)
    assert result.message == (
        "«handelser_version0_tidigare.json»: inga nya eller ändrade värden (0 rader tillagda, 0 ersatta, "
        "0 oförändrade, 1 överhoppade (databasen har redan en senare version av händelsen)). Inget ändrades.")
    assert db_sha256() == before
    assert query("SELECT event_id, published_at, summary FROM police_events") == [
        (588300, datetime(2025, 6, 8, 10, 0), "Första uppgift.")]


def test_polisen_summary_event_is_stored_flagged_as_summary(load, query):
    result = load(KIND, "handelser_sammanfattning_natt.json")

    assert result.status == "ok", result.message
    assert result.notices == ["1 händelser lästa.", "1 sammanfattningar lagras men räknas inte som händelser."]
    row = event(query, 588171)
    assert (row["type"], row["is_summary"], row["place_id"]) == ("Sammanfattning natt", True, "lan-18")


def test_polisen_type_with_double_space_is_normalised(load, query):
    # type "Rån,  försök"; the title has commas inside the type, the place is after the last one.
    result = load(KIND, "handelser_typ_dubbla_mellanslag.json")

    assert result.status == "ok", result.message
    row = event(query, 588250)
    assert (row["type"], row["place_id"], row["occurred_at"]) == (
        "Rån, försök", "kommun-1480", datetime(2025, 6, 8, 3, 10))


def test_polisen_json_with_utf8_bom_imports(load, query):
    result = load(KIND, "handelser_bom.json")

    assert result.status == "ok", result.message
    assert result.kind == "polisen-handelser"
    assert query("SELECT event_id, type, place_id, location_name FROM police_events") == [
        (588171, "Stöld", "kommun-0380", "Uppsala")]


def test_polisen_parquet_archive_imports_like_json(load, query):
    result = load(KIND, "handelser_arkiv.parquet")

    assert result.status == "ok", result.message
    assert result.kind == "polisen-handelser"
    assert query(f"SELECT {EVENT_COLUMNS} FROM police_events ORDER BY event_id") == [
        (588164, datetime(2025, 6, 7, 6, 38, 18), datetime(2025, 6, 7, 6, 32), "Misshandel", "kommun-1280",
         "Malmö", "Man gripen, Malmö.", MALMO_URL, 55.604981, 13.003822, "07 juni 06.32, Misshandel, Malmö",
         False),
        (700001, datetime(2025, 6, 10, 22, 40, 5), datetime(2025, 6, 10, 22, 15), "Rån", "kommun-0163",
         "Stockholms län", "Rån mot person vid pendeltågsstationen.",
         "https://polisen.se/aktuellt/handelser/2025/juni/10/10-juni-22.15-ran-sollentuna/",
         59.602496, 18.138438, "10 juni 22.15, Rån, Sollentuna", False),
    ]


def test_polisen_parquet_row_equal_to_json_record_is_unchanged(load):
    load(KIND, "handelser_api.json")

    # The archive holds the same Malmö event (id 588164) and one new event.
    result = load(KIND, "handelser_arkiv.parquet")

    assert result.status == "ok", result.message
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (1, 0, 1, 0)
