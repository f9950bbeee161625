"""Every named query against golden results on a small database built through the loaders.

The expected rows are worked out by hand from the files in tests/queries/data/ (see comments)."""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from lagesbild import db, queries
from loaders.pipeline import import_files

DATA = Path(__file__).parent / "data"
YEARS = dict(year_from=2024, year_to=2025)
LAN_DATES = dict(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "q.duckdb"
    files = [DATA / n for n in ("folkmangd.csv", "Databasfil.txt", "polisstatistik.csv", "handelser.json",
                                "polisstatistik_manad.csv", "enkater.csv", "patrullogg.csv")]
    results = import_files(files, db_path=path)
    assert [r.status for r in results] == ["ok"] * 7, [r.message for r in results]
    connection = db.open_snapshot(path)
    yield connection
    connection.close()


def rows(frame, columns):
    out = []
    for record in frame[columns].to_dict("records"):
        out.append(tuple(None if (v is None or (isinstance(v, float) and math.isnan(v)) or v is _NA) else v
                         for v in record.values()))
    return out


_NA = __import__("pandas").NA


def test_every_sql_file_is_covered():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    for name in queries.names():
        assert any(t.startswith(name) for t in tested), f"no golden test for {name}.sql"


def test_crime_series_prefers_bra_and_computes_missing_rates(con):
    frame = queries.run(con, "crime_series", places=["kommun-0162", "sdo-hasselby-vallingby", "plats-hasselby-torg"],
                        category="totalt", period_type="year", **YEARS)
    # Danderyd: Brå rows win over the local 2 590 for 2025; rates as Brå gave them.
    # Hässelby-Vällingby: Brå gave '..' as rate: 9 000 / 80 000 and 8 100 / 81 000 per 100 000.
    # Hässelby torg has no total, so it has no rows.
    assert rows(frame, ["place_id", "year", "count", "rate_per_100k", "rate_computed", "source", "population"]) == [
        ("kommun-0162", 2024, 2500, 7440.0, False, "bra", None),
        ("kommun-0162", 2025, 2600, 7740.0, False, "bra", None),
        ("sdo-hasselby-vallingby", 2024, 9000, 11250.0, True, "bra", 80000),
        ("sdo-hasselby-vallingby", 2025, 8100, 10000.0, True, "bra", 81000),
    ]


def test_crime_series_local_statistics_have_no_rate(con):
    frame = queries.run(con, "crime_series", places=["plats-hasselby-torg"], category="skadegorelse",
                        period_type="year", **YEARS)
    assert rows(frame, ["name", "year", "count", "rate_per_100k", "source", "source_label"]) == [
        ("Hässelby torg", 2024, 97, None, "lokal", "Skadegörelse"),
        ("Hässelby torg", 2025, 101, None, "lokal", "Skadegörelse"),
    ]


def test_crime_series_monthly_keeps_markers(con):
    frame = queries.run(con, "crime_series", places=["kommun-0162"], category="misshandel",
                        period_type="month", year_from=2025, year_to=2025)
    # Jan 10; Feb '-' is zero (flagged); Mar '..' is unknown, never 0.
    assert rows(frame, ["period", "count", "rate_per_100k", "flag"]) == [
        (1, 10, 30.0, None), (2, 0, 0.0, "-"), (3, None, None, ".."),
    ]


def test_crime_reference_gives_riket_and_lan(con):
    frame = queries.run(con, "crime_reference", places=["sdo-hasselby-vallingby"], category="totalt",
                        period_type="year", **YEARS)
    assert rows(frame, ["place_id", "year", "count", "rate_per_100k", "source"]) == [
        ("riket", 2024, 1500000, 14300.0, "bra"), ("riket", 2025, 1450000, 13700.0, "bra"),
        ("lan-01", 2024, 390000, 15900.0, "bra"), ("lan-01", 2025, 380000, 15400.0, "bra"),
    ]


def test_crime_yearly_by_category(con):
    frame = queries.run(con, "crime_yearly_by_category", place_id="kommun-0162", **YEARS)
    # Brå's yearly rows; the local 2 590 and the incomplete months of misshandel are not used.
    assert rows(frame, ["category_id", "year", "count", "rate_per_100k", "source", "from_months"]) == [
        ("totalt", 2024, 2500, 7440.0, "bra", False), ("totalt", 2025, 2600, 7740.0, "bra", False),
        ("misshandel", 2024, 100, 298.0, "bra", False), ("misshandel", 2025, 144, 429.0, "bra", False),
    ]


def test_crime_yearly_by_category_sums_complete_months_only(con):
    frame = queries.run(con, "crime_yearly_by_category", place_id="plats-morby-centrum", **YEARS)
    # 2025 has all twelve months (1 + 2 + … + 12 = 78); 2024 has only eleven, so no yearly figure.
    assert rows(frame, ["category_id", "year", "count", "rate_per_100k", "source", "from_months"]) == [
        ("skadegorelse", 2025, 78, None, "lokal", True)]


def test_crime_categories_for_places(con):
    frame = queries.run(con, "crime_categories_for_places", places=["kommun-0162"], period_type="year")
    # totalt: two Brå years + one local row; misshandel: two Brå years.
    assert rows(frame, ["category_id", "label", "n_rows"]) == [
        ("totalt", "Totalt antal brott", 3), ("misshandel", "Misshandel inkl. grov", 2)]


def test_places_with_data(con):
    frame = queries.run(con, "places_with_data")
    assert rows(frame, ["place_id", "has_crime", "has_events"]) == [
        ("riket", True, False), ("lan-01", True, True), ("kommun-0162", True, True),
        ("kommun-0160", True, True), ("sdo-hasselby-vallingby", True, False),
        ("plats-barracuda", False, False), ("plats-hasselby-torg", True, False),
        ("plats-morby-centrum", True, False), ("plats-vallingby-centrum", False, False),
    ]
    assert frame.loc[frame["has_surveys"], "place_id"].tolist() == ["kommun-0162", "sdo-hasselby-vallingby"]
    # patrullogg.csv: Barracuda and Vällingby centrum have only patrols, yet can be picked.
    assert frame.loc[frame["has_patrols"], "place_id"].tolist() == [
        "plats-barracuda", "plats-hasselby-torg", "plats-morby-centrum", "plats-vallingby-centrum"]


def test_place_lineage(con):
    frame = queries.run(con, "place_lineage", place_id="plats-hasselby-torg")
    assert frame["place_id"].tolist() == ["plats-hasselby-torg", "stadsdel-hasselby-gard",
                                          "sdo-hasselby-vallingby", "kommun-0180", "lan-01", "riket"]
    former = queries.run(con, "place_lineage", place_id="sdo-alvsjo")
    assert (former["valid_to"].iloc[0].date(), former["successor_name"].iloc[0]) == (dt.date(2020, 6, 30), "Hägersten-Älvsjö")


def test_series_breaks_for_places(con):
    frame = queries.run(con, "series_breaks_for_places", places=["kommun-0162", "sdo-hasselby-vallingby"])
    # Brå's 2015 break for kommuner, NTU's 2017 break everywhere, Stockholm's 2020 area change for
    # the city's surveys at stadsdelsområde level.
    assert rows(frame, ["place_id", "year", "source"]) == [
        ("kommun-0162", 2015, "bra"), ("kommun-0162", 2017, "ntu"),
        ("sdo-hasselby-vallingby", 2017, "ntu"), ("sdo-hasselby-vallingby", 2020, "stockholmsenkaten"),
        ("sdo-hasselby-vallingby", 2020, "trygghetsmatning_stad")]


def test_data_status(con):
    status = queries.run(con, "data_status").iloc[0]
    # 15 Databasfil rows (the '..' month included) + 3 + 23 local rows; 4 events; 2 population rows.
    assert (status["crime_rows"], status["event_rows"], status["population_rows"], status["imports"],
            status["demo_imports"], status["first_year"], status["last_year"]) == (41, 4, 2, 7, 0, 2022, 2025)
    assert status["survey_rows"] == 5                              # survey years count for the period: 2022
    assert status["patrol_rows"] == 9                              # patrullogg.csv, 2023–2025


def _lan_places(con):
    return queries.run(con, "event_places", place_id="lan-01")["place_id"].tolist()


def test_event_places(con):
    places = _lan_places(con)
    # the län, its 26 kommuner, Stockholm's 16 stadsdelsområden, 121 stadsdelar/kommundelar, 8 places
    assert len(places) == 172 and {"lan-01", "kommun-0162", "plats-morby-centrum"} <= set(places)
    assert queries.run(con, "event_places", place_id="kommun-0160")["place_id"].tolist() == ["kommun-0160"]


def test_events_by_month_type_excludes_summaries(con):
    frame = queries.run(con, "events_by_month_type", places=_lan_places(con), types=[], **LAN_DATES)
    assert rows(frame, ["month", "type", "n"]) == [
        (dt.datetime(2025, 3, 1), "Misshandel", 2), (dt.datetime(2025, 4, 1), "Stöld", 1)]
    danderyd = queries.run(con, "events_by_month_type", places=["kommun-0162"], types=["Stöld"], **LAN_DATES)
    assert rows(danderyd, ["month", "type", "n"]) == [(dt.datetime(2025, 4, 1), "Stöld", 1)]


def test_events_weekday_hour_uses_incident_time(con):
    frame = queries.run(con, "events_weekday_hour", places=_lan_places(con), types=[], **LAN_DATES)
    # Mon 3 Mar 21.50, Sat 8 Mar 00.40 (published 01.05), Tue 1 Apr 08.30
    assert rows(frame, ["weekday", "hour", "n"]) == [(1, 21, 1), (2, 8, 1), (6, 0, 1)]


def test_events_latest_includes_summaries(con):
    frame = queries.run(con, "events_latest", places=_lan_places(con), types=[], limit=3, **LAN_DATES)
    assert rows(frame, ["event_id", "place_name", "is_summary"]) == [
        (4, "Stockholms län", True), (3, "Danderyd", False), (2, "Täby", False)]


def test_event_types(con):
    frame = queries.run(con, "event_types", places=_lan_places(con), **LAN_DATES)
    assert rows(frame, ["type", "n"]) == [("Misshandel", 2), ("Stöld", 1)]


def test_places_all_reaches_places_without_data(con):
    frame = queries.run(con, "places_all")
    assert len(frame) == 457        # 1 riket + 21 län + 290 kommuner + 16 SDO + 121 stadsdelar + 8 platser
    assert frame["place_id"].iloc[0] == "riket"
    assert rows(frame[frame["place_id"] == "plats-hortusparkeringen"], ["name", "level", "parent_name"]) == [
        ("Hortusparkeringen", "plats", "Danderyds sjukhus")]


def test_import_history_newest_first(con):
    frame = queries.run(con, "import_history")
    assert rows(frame, ["import_id", "file_name", "kind", "rows_added", "status", "is_demo"]) == [
        (7, "patrullogg.csv", "patrullogg", 9, "ok", False),
        (6, "enkater.csv", "enkat", 5, "ok", False),
        (5, "polisstatistik_manad.csv", "polisstatistik", 23, "ok", False),
        (4, "handelser.json", "polisen-handelser", 4, "ok", False),
        (3, "polisstatistik.csv", "polisstatistik", 3, "ok", False),
        (2, "Databasfil.txt", "bra-databasfil", 15, "ok", False),
        (1, "folkmangd.csv", "folkmangd", 2, "ok", False),
    ]


def test_survey_catalog(con):
    frame = queries.run(con, "survey_catalog")
    assert rows(frame, ["survey", "indicator_id", "unit", "higher_is_better", "theme", "n_rows", "first_year",
                        "last_year"]) == [
        ("stockholmsenkaten", "trygg_omradet", "andel", True, "trygghet", 4, 2022, 2024),
        ("trygghetsmatning_polis", "problemindex_ordning", "index_0_6", False, "ordningsstorningar", 1, 2024, 2024),
    ]
    assert frame["population"].iloc[0] == "elever i årskurs 9 och gymnasiets år 2"


def test_survey_places(con):
    frame = queries.run(con, "survey_places", survey="stockholmsenkaten", indicator="trygg_omradet")
    assert frame["place_id"].tolist() == ["kommun-0162", "sdo-hasselby-vallingby"]


def test_survey_series_hides_small_and_flagged_groups(con):
    frame = queries.run(con, "survey_series", survey="stockholmsenkaten", indicator="trygg_omradet",
                        places=["sdo-hasselby-vallingby", "kommun-0162"], year_from=2022, year_to=2024, min_n=10)
    # Pojkar 2022: 9 respondents -> hidden; flickor 2024: XX in the source -> hidden. The value never leaves.
    assert rows(frame, ["place_id", "year", "grade", "gender", "value", "suppressed", "n_respondents"]) == [
        ("kommun-0162", 2024, "gy2", "T", 91.0, None, 240),
        ("sdo-hasselby-vallingby", 2022, "ak9", "K", 80.5, None, 150),
        ("sdo-hasselby-vallingby", 2022, "ak9", "M", None, "n<10", 9),
        ("sdo-hasselby-vallingby", 2024, "ak9", "K", None, "XX", None),
    ]
    lower = queries.run(con, "survey_series", survey="stockholmsenkaten", indicator="trygg_omradet",
                        places=["sdo-hasselby-vallingby"], year_from=2022, year_to=2022, min_n=5)
    assert rows(lower, ["gender", "value"]) == [("K", 80.5), ("M", 86.0)]


# --- patrols (patrullogg.csv) --------------------------------------------------------------------
# The log, with its weekday and length. Periods below are 2024–2025, so the 2023 pass never counts.
#   2023-09-01 fri 21:00–23:00  Hässelby torg      Polisen (polis)                   2 h
#   2024-05-17 fri 21:00–01:00  Barracuda          Föräldravandring, 7 deltagare     4 h, over midnight
#   2024-09-20 fri 21:00–00:00  Barracuda          Föräldravandring, no count        3 h, ends on midnight
#   2025-05-16 fri 21:00–01:00  Barracuda          Föräldravandring, 6 deltagare     4 h
#   2025-09-05 fri 21:30–00:15  Hässelby torg      Polisen, 2                        2.75 h, over midnight
#   2025-09-06 sat 22:00–23:00  Hässelby torg      Nattvandrare (nattvandring), 5    1 h
#   2025-09-07 sun 23:30–00:30  Hässelby torg      Polisen, 2                        1 h, into Monday
#   2025-09-12 fri 21:00–22:30  Vällingby centrum  Ordningsvakter, no count          1.5 h
#   2025-10-03 fri 20:00–23:00  Mörby centrum      Securitas (vaktare), 1            3 h
# Stockholm (kommun-0180) holds Hässelby torg and Vällingby centrum; Danderyd (kommun-0162) Barracuda
# and Mörby centrum.
PATROL_DATES = dict(date_from=dt.date(2024, 1, 1), date_to=dt.date(2025, 12, 31))
ALL = dict(kinds=[], organisations=[])


def _places(con, place_id):
    return queries.run(con, "event_places", place_id=place_id)["place_id"].tolist()


def test_patrol_kinds(con):
    frame = queries.run(con, "patrol_kinds")
    assert frame["kind"].tolist() == ["polis", "ordningsvakt", "vaktare", "foraldravandring", "nattvandring",
                                      "faltassistent", "grannsamverkan", "annan"]
    assert frame["label"].iloc[1] == "Ordningsvakter"


def test_patrol_options_for_filters(con):
    frame = queries.run(con, "patrol_options", places=_places(con, "kommun-0180"), **PATROL_DATES)
    # Polisen: 5 and 7 September 2025 (the 2023 pass is outside the dates); in kind order.
    assert rows(frame, ["kind", "label", "organisation", "passes", "first_start", "last_start", "is_demo"]) == [
        ("polis", "Polis", "Polisen", 2, dt.datetime(2025, 9, 5, 21, 30), dt.datetime(2025, 9, 7, 23, 30), False),
        ("ordningsvakt", "Ordningsvakter", "Ordningsvakter", 1, dt.datetime(2025, 9, 12, 21), dt.datetime(2025, 9, 12, 21),
         False),
        ("nattvandring", "Nattvandring", "Nattvandrare", 1, dt.datetime(2025, 9, 6, 22), dt.datetime(2025, 9, 6, 22),
         False),
    ]
    assert queries.run(con, "patrol_options", places=["kommun-0160"], **PATROL_DATES).empty


def test_patrol_hours_by_period_month_and_week(con):
    stockholm = _places(con, "kommun-0180")
    month = queries.run(con, "patrol_hours_by_period", places=stockholm, resolution="month", **PATROL_DATES, **ALL)
    # Polis 2.75 + 1 h; all in September 2025 (the Sunday pass counts on the day it started).
    assert rows(month, ["period_start", "kind", "passes", "hours"]) == [
        (dt.datetime(2025, 9, 1), "polis", 2, 3.75), (dt.datetime(2025, 9, 1), "ordningsvakt", 1, 1.5),
        (dt.datetime(2025, 9, 1), "nattvandring", 1, 1.0)]
    week = queries.run(con, "patrol_hours_by_period", places=stockholm, resolution="week", **PATROL_DATES, **ALL)
    # ISO week 36 starts Monday 1 September (Fri 5, Sat 6, Sun 7); week 37 on Monday 8 September.
    assert rows(week, ["period_start", "kind", "passes", "hours"]) == [
        (dt.datetime(2025, 9, 1), "polis", 2, 3.75), (dt.datetime(2025, 9, 1), "nattvandring", 1, 1.0),
        (dt.datetime(2025, 9, 8), "ordningsvakt", 1, 1.5)]
    only = queries.run(con, "patrol_hours_by_period", places=stockholm, resolution="month", kinds=["polis"],
                       organisations=[], **PATROL_DATES)
    assert rows(only, ["kind", "hours"]) == [("polis", 3.75)]
    walkers = queries.run(con, "patrol_hours_by_period", places=stockholm, resolution="month", kinds=[],
                          organisations=["Nattvandrare"], **PATROL_DATES)
    assert rows(walkers, ["kind", "hours"]) == [("nattvandring", 1.0)]


def test_patrol_hours_by_place(con):
    frame = queries.run(con, "patrol_hours_by_place", places=_places(con, "kommun-0180"), **PATROL_DATES, **ALL)
    assert rows(frame, ["place_name", "kind", "organisations", "passes", "hours"]) == [
        ("Hässelby torg", "polis", "Polisen", 2, 3.75), ("Hässelby torg", "nattvandring", "Nattvandrare", 1, 1.0),
        ("Vällingby centrum", "ordningsvakt", "Ordningsvakter", 1, 1.5)]


def test_patrol_passes_by_year_averages_counted_passes_only(con):
    frame = queries.run(con, "patrol_passes_by_year", places=_places(con, "kommun-0162"), **PATROL_DATES, **ALL)
    # 2024: two walks, only one with a count (7): average 7, not 3.5. Hours 4 + 3.
    assert rows(frame, ["year", "kind", "passes", "passes_with_count", "participants", "avg_participants", "hours"]) == [
        (2024, "foraldravandring", 2, 1, 7, 7.0, 7.0),
        (2025, "vaktare", 1, 1, 1, 1.0, 3.0),
        (2025, "foraldravandring", 1, 1, 6, 6.0, 4.0)]


def test_patrol_weekday_hour_splits_passes_into_clock_hours(con):
    frame = queries.run(con, "patrol_weekday_hour", places=_places(con, "kommun-0180"), **PATROL_DATES, **ALL)
    # Fri 21:30–00:15: 0.5 h in 21, 1 h in 22 and 23, 0.25 h in hour 0 of Saturday (6).
    # Fri 21:00–22:30: 1 h in 21, 0.5 h in 22. Sat 22–23: 1 h. Sun 23:30–00:30: 0.5 h Sunday (7) 23 and
    # 0.5 h Monday (1) 0.
    assert rows(frame, ["weekday", "hour", "hours", "passes"]) == [
        (1, 0, 0.5, 1), (5, 21, 1.5, 2), (5, 22, 1.5, 2), (5, 23, 1.0, 1), (6, 0, 0.25, 1), (6, 22, 1.0, 1),
        (7, 23, 0.5, 1)]
    danderyd = queries.run(con, "patrol_weekday_hour", places=_places(con, "kommun-0162"), **PATROL_DATES, **ALL)
    # Three Friday walks 21–01/21–00/21–01 and Securitas 20–23: the walk ending at 00:00 adds nothing to
    # Saturday 0.
    assert rows(danderyd, ["weekday", "hour", "hours", "passes"]) == [
        (5, 20, 1.0, 1), (5, 21, 4.0, 4), (5, 22, 4.0, 4), (5, 23, 3.0, 3), (6, 0, 2.0, 2)]


def test_patrol_observations_only_where_recorded(con):
    frame = queries.run(con, "patrol_observations", places=_places(con, "kommun-0162"), **PATROL_DATES, **ALL)
    # 2024: Ungdomar 20 + 15, Berusade 3 + 2, Polis kontaktad Ja (1) on one walk, empty on the other.
    # 2025: Ungdomar 18 and Polis kontaktad Nej (0) on the walk; Securitas recorded nothing.
    # The file has no columns for skadegörelse, bränder or bråk: those never appear.
    assert rows(frame, ["year", "observation", "n", "passes"]) == [
        (2024, "obs_youths", 35, 2), (2024, "obs_intoxicated", 5, 2), (2024, "obs_police_contacted", 1, 1),
        (2025, "obs_youths", 18, 1), (2025, "obs_police_contacted", 0, 1)]


def test_patrol_notes_search_is_literal_and_newest_first(con):
    stockholm = _places(con, "kommun-0180")
    frame = queries.run(con, "patrol_notes", places=stockholm, search="", limit=10, **PATROL_DATES, **ALL)
    # The phone number was masked on import; passes without notes are not listed.
    assert rows(frame, ["started_at", "place_name", "label", "organisation", "notes"]) == [
        (dt.datetime(2025, 9, 6, 22), "Hässelby torg", "Nattvandring", "Nattvandrare", "Grupp vid busshållplatsen"),
        (dt.datetime(2025, 9, 5, 21, 30), "Hässelby torg", "Polis", "Polisen", "Lugn kväll, ring [telefonnummer]")]
    assert queries.run(con, "patrol_notes", places=stockholm, search="RING", limit=10, **PATROL_DATES,
                       **ALL)["notes"].tolist() == ["Lugn kväll, ring [telefonnummer]"]
    assert queries.run(con, "patrol_notes", places=stockholm, search="070", limit=10, **PATROL_DATES, **ALL).empty
    danderyd = _places(con, "kommun-0162")
    # '%' and '_' are searched as themselves, not as wildcards.
    assert queries.run(con, "patrol_notes", places=danderyd, search="%", limit=10, **PATROL_DATES,
                       **ALL)["notes"].tolist() == ["Klotter på 50% av väggen"]
    assert queries.run(con, "patrol_notes", places=danderyd, search="_", limit=10, **PATROL_DATES, **ALL).empty
    latest = queries.run(con, "patrol_notes", places=danderyd, search="", limit=2, **PATROL_DATES, **ALL)
    assert latest["notes"].tolist() == ["Klotter på 50% av väggen", "Lugnare än i fjol"]


EVENING_SURVEYS = """Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande
Polisens trygghetsmätning;2022;Stockholm;Alla;Alla;Känner sig trygg ute sent en kväll;68,0;andel;900
Polisens trygghetsmätning;2024;Stockholm;Alla;Alla;Känner sig trygg ute sent en kväll;70,5;andel;950
Stockholms stads trygghetsmätning;2021;Hässelby-Vällingby;Alla;Alla;Känner sig trygg ute sent en kväll i bostadsområdet;74,0;andel;900
Stockholms stads trygghetsmätning;2023;Hässelby-Vällingby;Alla;Alla;Känner sig trygg ute sent en kväll i bostadsområdet;76,0;andel;8
Stockholms stads trygghetsmätning;2023;Stockholm;Alla;Alla;Känner sig trygg ute sent en kväll i bostadsområdet;78,0;andel;5000
NTU;2024;Stockholm;Alla;Alla;Otrygghet vid utevistelse sen kväll;16,0;andel;
NTU;2025;Stockholm;Alla;Kvinnor;Otrygghet vid utevistelse sen kväll;22,0;andel;
Stockholmsenkäten;2022;Hässelby-Vällingby;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;15,0;andel;400
Stockholmsenkäten;2024;Hässelby-Vällingby;gy 2;Alla;Känner sig otrygg ute ensam sent en kväll;12,0;andel;300
Stockholmsenkäten;2024;Hässelby-Vällingby;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;XX;andel;
"""


@pytest.fixture(scope="module")
def evening_con(tmp_path_factory):
    """The four evening-safety questions at Hässelby-Vällingby and Stockholm (its own database, so the
    survey catalogue above stays as it is)."""
    directory = tmp_path_factory.mktemp("evening")
    survey = directory / "kvall.csv"
    survey.write_text(EVENING_SURVEYS, encoding="utf-8")
    (result,) = import_files([survey], db_path=directory / "e.duckdb")
    assert result.status == "ok", result.message
    connection = db.open_snapshot(directory / "e.duckdb")
    yield connection
    connection.close()


EVENING = ["trygghetsmatning_polis:trygg_kvall", "trygghetsmatning_stad:trygg_kvall", "ntu:otrygghet_sen_kvall",
           "stockholmsenkaten:otrygg_ute_kvall"]


def test_place_survey_latest_evening_questions_in_the_order_asked(evening_con):
    torg = _lineage(evening_con, "plats-hasselby-torg")
    frame = queries.run(evening_con, "place_survey_latest", places=torg, year_from=2020, year_to=2025, min_n=10,
                        indicators=EVENING)
    # Hässelby torg -> Hässelby gård (1) -> Hässelby-Vällingby (2) -> Stockholm (3).
    # Polisen: only Stockholm has it; 2024 is the latest. Stad: Hässelby-Vällingby is nearer than
    # Stockholm, and its latest year (2023, 8 svarande) is hidden, not replaced by 2021 or Stockholm.
    # NTU: the 2025 row is for women only; the total is 2024. Stockholmsenkäten: åk 9 before gy 2, and
    # åk 9 2024 is hidden in the source (XX).
    assert rows(frame, ["survey", "indicator_id", "place_id", "depth", "year", "grade", "value", "suppressed",
                        "n_respondents"]) == [
        ("trygghetsmatning_polis", "trygg_kvall", "kommun-0180", 3, 2024, "alla", 70.5, None, 950),
        ("trygghetsmatning_stad", "trygg_kvall", "sdo-hasselby-vallingby", 2, 2023, "alla", None, "n<10", 8),
        ("ntu", "otrygghet_sen_kvall", "kommun-0180", 3, 2024, "alla", 16.0, None, None),
        ("stockholmsenkaten", "otrygg_ute_kvall", "sdo-hasselby-vallingby", 2, 2024, "ak9", None, "XX", None),
    ]
    assert frame["publisher"].iloc[0] == "Polisen" and frame["higher_is_better"].tolist() == [True, True, False, False]
    earlier = queries.run(evening_con, "place_survey_latest", places=torg, year_from=2020, year_to=2023, min_n=5,
                          indicators=EVENING)
    # Up to 2023: Polisen 2022; the 8 answers are enough with threshold 5; no NTU total yet.
    assert rows(earlier, ["survey", "year", "value", "suppressed"]) == [
        ("trygghetsmatning_polis", 2022, 68.0, None), ("trygghetsmatning_stad", 2023, 76.0, None),
        ("stockholmsenkaten", 2022, 15.0, None)]
    assert queries.run(evening_con, "place_survey_latest", places=_lineage(evening_con, "kommun-0162"),
                       year_from=2020, year_to=2025, min_n=10, indicators=EVENING).empty


# --- the place profile (Platser) -------------------------------------------------------------------

def _lineage(con, place_id):
    return queries.run(con, "place_lineage", place_id=place_id)["place_id"].tolist()


def test_place_survey_latest_every_question_nearest_place(evening_con):
    frame = queries.run(evening_con, "place_survey_latest", places=_lineage(evening_con, "plats-hasselby-torg"),
                        year_from=2020, year_to=2025, min_n=10, indicators=[])
    # Every question there is (no indicator list): the nearest area with a result for
    # everybody (Stockholm for Polisen and NTU, Hässelby-Vällingby for the city's surveys), the latest year
    # there, hidden values as NULL with the reason. By survey label (NTU, Polisens, Stockholms stads,
    # Stockholmsenkäten).
    assert rows(frame, ["survey", "indicator_id", "place_name", "depth", "year", "grade", "value", "suppressed",
                        "n_respondents"]) == [
        ("ntu", "otrygghet_sen_kvall", "Stockholm", 3, 2024, "alla", 16.0, None, None),
        ("trygghetsmatning_polis", "trygg_kvall", "Stockholm", 3, 2024, "alla", 70.5, None, 950),
        ("trygghetsmatning_stad", "trygg_kvall", "Hässelby-Vällingby", 2, 2023, "alla", None, "n<10", 8),
        ("stockholmsenkaten", "otrygg_ute_kvall", "Hässelby-Vällingby", 2, 2024, "ak9", None, "XX", None),
    ]
    assert frame["survey_label"].iloc[0] == "Nationella trygghetsundersökningen (NTU)"


def test_place_survey_latest_totals_only(con):
    # Danderyd has its own results for everybody; Hässelby-Vällingby only per gender, so nothing to show
    # (a girls' figure never stands in for everybody).
    frame = queries.run(con, "place_survey_latest", places=_lineage(con, "kommun-0162"), year_from=2020,
                        year_to=2025, min_n=10, indicators=[])
    assert rows(frame, ["survey", "indicator_id", "place_id", "depth", "year", "grade", "value", "unit"]) == [
        ("trygghetsmatning_polis", "problemindex_ordning", "kommun-0162", 0, 2024, "alla", 1.2, "index_0_6"),
        ("stockholmsenkaten", "trygg_omradet", "kommun-0162", 0, 2024, "gy2", 91.0, "andel"),
    ]
    assert queries.run(con, "place_survey_latest", places=["sdo-hasselby-vallingby"], year_from=2020,
                       year_to=2025, min_n=10, indicators=[]).empty


@pytest.fixture(scope="module")
def plans_con(tmp_path_factory):
    """Two action plans for Danderyd, written the way the action-plan loader writes them (the 2019 plan
    as demo data)."""
    path = tmp_path_factory.mktemp("plans") / "p.duckdb"
    db.ensure_database(path)
    with db.writer(path) as w:
        w.con.execute("""INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, started_at,
                                                 is_demo)
                         VALUES (1, 'plan-2019.xlsx', 'x', 'handlingsplan', 'ok', 3, TIMESTAMP '2025-01-01', true)""")
        w.con.execute("""INSERT INTO action_plans (plan_id, title, place_id, valid_from, valid_to, _import_id)
                         VALUES
            ('danderyd-2017', 'Handlingsplan 2017–2018', 'kommun-0162', DATE '2017-05-01', DATE '2018-04-30', NULL),
            ('danderyd-2019', 'Medborgarlöfte 2019', 'kommun-0162', DATE '2019-01-01', DATE '2019-12-31', 1)""")
        w.con.execute("""INSERT INTO priority_areas (area_id, plan_id, name, goal, description, sort_order,
                                                     _import_id) VALUES
            ('danderyd-2017/inbrott', 'danderyd-2017', 'Minska inbrott och bildelsstölder', NULL, NULL, 1, NULL),
            ('danderyd-2017/trygghet', 'danderyd-2017', 'Ökad trygghet i centrum', NULL, NULL, 2, NULL),
            ('danderyd-2017/tomt', 'danderyd-2017', 'Ordning i centrum', NULL, NULL, 3, NULL),
            ('danderyd-2017/unga', 'danderyd-2017', 'Unga', NULL, NULL, 4, NULL),
            ('danderyd-2019/narkotika', 'danderyd-2019', 'Narkotika', NULL, NULL, 1, 1)""")
        w.con.execute("""INSERT INTO priority_area_places (area_id, place_id, _import_id) VALUES
            ('danderyd-2017/trygghet', 'plats-morby-centrum', NULL), ('danderyd-2017/tomt', 'plats-morby-centrum', NULL),
            ('danderyd-2019/narkotika', 'plats-morby-centrum', 1)""")
        w.con.execute("""INSERT INTO actions (action_id, area_id, activity, implementation, responsible, due_text,
                                              due_date, ongoing, status, status_text, sort_order, _import_id) VALUES
            ('danderyd-2017/inbrott#1', 'danderyd-2017/inbrott', 'Kameraövervakning vid Mörby Centrum och Hortusparkeringen',
             NULL, 'KLK', '2017 -12-31, löpande', DATE '2017-12-31', true, 'genomford', 'Genomfört', 1, NULL),
            ('danderyd-2017/inbrott#2', 'danderyd-2017/inbrott', 'Information till alla hushåll', 'Grannsamverkan',
             'Polisen', NULL, NULL, false, NULL, NULL, 2, NULL),
            ('danderyd-2017/inbrott#3', 'danderyd-2017/inbrott', 'Bättre belysning', 'Vid Mörby centrums entré',
             'Tekniska', 'T2 2018', DATE '2018-06-30', false, 'paborjad', NULL, 3, NULL),
            ('danderyd-2017/trygghet#1', 'danderyd-2017/trygghet', 'Trygghetsvandring', NULL, 'KLK, Polisen', NULL,
             NULL, false, NULL, NULL, 1, NULL),
            ('danderyd-2017/unga#1', 'danderyd-2017/unga', 'Fältassistenter vid Mörby C på fredagar', NULL, 'SOC',
             NULL, NULL, true, 'pagar', NULL, 1, NULL),
            ('danderyd-2019/narkotika#1', 'danderyd-2019/narkotika', 'Kontroller i centrum', NULL, 'Polisen', NULL,
             NULL, false, NULL, NULL, 1, 1)""")
        w.changed = True
    connection = db.open_snapshot(path)
    yield connection
    connection.close()


def test_place_actions_listed_areas_and_named_in_text(plans_con):
    frame = queries.run(plans_con, "place_actions", place_id="plats-morby-centrum")
    # Newest plan first. 2017: "Mörby Centrum" (any case), "Mörby centrums" (genitive, in the
    # implementation) and the alias "Mörby C" name it in the text; "Trygghetsvandring" and the area
    # without activities are there because their areas list the place. "Information till alla hushåll"
    # names nothing.
    assert rows(frame, ["plan_id", "area_name", "activity", "responsible", "status", "listed", "is_demo"]) == [
        ("danderyd-2019", "Narkotika", "Kontroller i centrum", "Polisen", None, True, True),
        ("danderyd-2017", "Minska inbrott och bildelsstölder",
         "Kameraövervakning vid Mörby Centrum och Hortusparkeringen", "KLK", "genomford", False, False),
        ("danderyd-2017", "Minska inbrott och bildelsstölder", "Bättre belysning", "Tekniska", "paborjad", False,
         False),
        ("danderyd-2017", "Ökad trygghet i centrum", "Trygghetsvandring", "KLK, Polisen", None, True, False),
        ("danderyd-2017", "Ordning i centrum", None, None, None, True, False),
        ("danderyd-2017", "Unga", "Fältassistenter vid Mörby C på fredagar", "SOC", "pagar", False, False),
    ]
    assert rows(frame.iloc[[1]], ["due_text", "due_date", "ongoing"]) == [
        ("2017 -12-31, löpande", dt.datetime(2017, 12, 31), True)]


def test_place_actions_whole_words_only(plans_con):
    # Hortusparkeringen is named once; Ale (kommun) is not "alla"; Hässelby torg is named nowhere.
    assert queries.run(plans_con, "place_actions", place_id="plats-hortusparkeringen")["action_id"].tolist() == [
        "danderyd-2017/inbrott#1"]
    assert queries.run(plans_con, "place_actions", place_id="kommun-1440").empty
    assert queries.run(plans_con, "place_actions", place_id="plats-hasselby-torg").empty


def test_map_survey_options_shares_for_everyone_per_year_and_grade(con):
    frame = queries.run(con, "map_survey_options", places=["kommun-0162", "kommun-0160", "sdo-hasselby-vallingby"])
    # enkater.csv: Danderyd's gy 2 result for Alla counts; Hässelby-Vällingby has only flickor and
    # pojkar, and Polisens problemindex is an index, not a share.
    assert rows(frame, ["survey", "indicator_id", "label", "higher_is_better", "year", "grade", "n_places"]) == [
        ("stockholmsenkaten", "trygg_omradet", "Känner sig trygg i området där man bor", True, 2024, "gy2", 1)]
    assert frame["survey_label"].tolist() == ["Stockholmsenkäten"]
    assert queries.run(con, "map_survey_options", places=["sdo-hasselby-vallingby"]).empty


def test_peer_places_same_level_same_parent(con):
    # Danderyd's peers are the län's 26 kommuner (itself included); Hässelby-Vällingby's are
    # Stockholm's stadsdelsområden, the former ones (before the 2020 and 2023 mergers) included.
    kommuner = queries.run(con, "peer_places", place_id="kommun-0162")["place_id"].tolist()
    assert len(kommuner) == 26 and "kommun-0162" in kommuner and all(p.startswith("kommun-01") for p in kommuner)
    areas = queries.run(con, "peer_places", place_id="sdo-hasselby-vallingby")["place_id"].tolist()
    assert len(areas) == 16 and {"sdo-alvsjo", "sdo-hagersten-alvsjo", "sdo-norrmalm", "sdo-norra-innerstaden"} <= set(areas)
    assert queries.run(con, "peer_places", place_id="riket").empty           # riket has no parent


def test_place_notes_latest_newest_version(tmp_path):
    from lagesbild import notes

    path = tmp_path / "notes.duckdb"
    db.ensure_database(path)
    notes.save_note(path, "kommun-0162", "Första", "anna")
    notes.save_note(path, "kommun-0162", "Andra", "bertil")
    notes.save_note(path, "kommun-0180", "Stockholm", "cecilia")
    snapshot = db.open_snapshot(path)
    frame = queries.run(snapshot, "place_notes_latest", place_id="kommun-0162")
    assert rows(frame, ["text", "updated_by", "versions"]) == [("Andra", "bertil", 2)]
    assert queries.run(snapshot, "place_notes_latest", place_id="kommun-0114").empty
    snapshot.close()
    assert notes.undo_note(path, "kommun-0162") is True
    snapshot = db.open_snapshot(path)
    assert rows(queries.run(snapshot, "place_notes_latest", place_id="kommun-0162"), ["text", "versions"]) == [
        ("Första", 1)]
    snapshot.close()


def test_agendas_newest_first_with_place_name(tmp_path):
    from lagesbild import meeting

    path = tmp_path / "agendas.duckdb"
    db.ensure_database(path)
    meeting.save_agenda(path, meeting.Agenda(("brott", "trygghet"), "kommun-0162", (2020, 2025), "Mars"), "anna")
    meeting.save_agenda(path, meeting.Agenda(("narvaro",), None, None, "April"), None)
    snapshot = db.open_snapshot(path)
    frame = queries.run(snapshot, "agendas")
    snapshot.close()
    assert rows(frame, ["agenda_id", "name", "views", "place_id", "place_name", "year_from", "year_to",
                        "saved_by"]) == [
        ("april", "April", "narvaro", None, None, None, None, None),
        ("mars", "Mars", "brott,trygghet", "kommun-0162", "Danderyd", 2020, 2025, "anna")]


# --- priority areas (Fokusområden) ------------------------------------------------------------------

PRIORITY_PLAN = "danderyd-test-2024"
A1, A2 = f"{PRIORITY_PLAN}/trygga-platser", f"{PRIORITY_PLAN}/vald"


def _priority_events() -> str:
    """Polisen's events in Danderyd from 1 January 2023 to 31 December 2024 (so 2023 and 2024 are
    covered whole): Inbrott on 10 Feb, 15 Mar and 1 Jul 2023 and 1 Feb 2024; one in Täby; a summary."""
    import json

    def event(i, day, time, kind, place, location="Danderyd"):
        d = dt.date.fromisoformat(day)
        month = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                 "november", "december"][d.month - 1]
        return {"id": i, "datetime": f"{day} {time}:00 +01:00", "name": f"{d.day:02d} {month} {time.replace(':', '.')}, "
                f"{kind}, {place}", "summary": "s", "url": f"/{i}/", "type": kind,
                "location": {"name": location, "gps": "59.4,18.05"}}

    return json.dumps([event(101, "2023-01-01", "00:30", "Rån", "Danderyd"),
                       event(102, "2023-02-10", "12:00", "Inbrott", "Danderyd"),
                       event(103, "2023-03-15", "12:00", "Inbrott", "Danderyd"),
                       event(104, "2023-07-01", "12:00", "Inbrott", "Danderyd"),
                       event(105, "2024-02-01", "12:00", "Inbrott", "Danderyd"),
                       event(106, "2024-12-31", "20:00", "Rån", "Danderyd"),
                       event(107, "2023-03-01", "12:00", "Inbrott", "Täby", "Täby"),
                       event(108, "2024-01-02", "06:00", "Sammanfattning natt", "Stockholms län", "Stockholms län")],
                      ensure_ascii=False)


def _priority_workbook(path: Path) -> None:
    """A test plan for Danderyd 2024–2025 with two areas, as the areas file («fokusomraden») writes it."""
    from openpyxl import Workbook

    book = Workbook()
    areas = book.active
    areas.title = "Fokusområden"
    areas.append(["Plan-id", "Plan", "Gäller för", "Från", "Till", "Nr", "Fokusområde", "Mål", "Beskrivning", "Id"])
    areas.append([PRIORITY_PLAN, "Testplan Danderyd 2024–2025", "Danderyd", "2024-01-01", "2025-12-31", 1,
                  "Trygga platser", "Tryggare centrum", "Väktare och föräldravandringar", None])
    areas.append([PRIORITY_PLAN, "Testplan Danderyd 2024–2025", "Danderyd", "2024-01-01", "2025-12-31", 2,
                  "Våld", None, None, None])
    places = book.create_sheet("Platser")
    places.append(["Plan-id", "Fokusområde", "Plats"])
    for area, place in (("Trygga platser", "Mörby C"), ("Trygga platser", "Barracuda"), ("Våld", "Danderyd (kommundel)")):
        places.append([PRIORITY_PLAN, area, place])
    indicators = book.create_sheet("Indikatorer")
    indicators.append(["Plan-id", "Fokusområde", "Källa", "Indikator", "Plats", "Basår", "Mål"])
    for row in (("Trygga platser", "Anmälda brott", "Skadegörelse", None, None, "minska"),
                ("Trygga platser", "Närvaro", "Alla typer", None, None, None),
                ("Trygga platser", "Polisens händelser", "Inbrott", None, None, None),
                ("Våld", "Anmälda brott", "misshandel", None, None, None),
                ("Våld", "Enkät", "Stockholmsenkäten: Känner sig trygg i området där man bor", "Danderyd", None, "öka"),
                ("Våld", "Anmälda brott", "Skadegörelse", "Hässelby torg", 2024, "minska")):
        indicators.append([PRIORITY_PLAN, *row])
    book.save(path)


@pytest.fixture(scope="module")
def priority_con(tmp_path_factory):
    """Crime, surveys and patrols from tests/queries/data, the events above, the test plan, and the
    activities and abbreviations as the action-plan loader writes them."""
    directory = tmp_path_factory.mktemp("priority")
    path = directory / "p.duckdb"
    (directory / "handelser-2023-2024.json").write_text(_priority_events(), encoding="utf-8")
    _priority_workbook(directory / "fokusomraden-test.xlsx")
    files = [DATA / n for n in ("Databasfil.txt", "polisstatistik.csv", "polisstatistik_manad.csv", "enkater.csv",
                                "patrullogg.csv")]
    files += [directory / "handelser-2023-2024.json", directory / "fokusomraden-test.xlsx"]
    results = import_files(files, db_path=path)
    assert [r.status for r in results] == ["ok"] * 7, [r.message for r in results]
    with db.writer(path) as w:
        w.con.execute(f"""INSERT INTO actions (action_id, area_id, activity, implementation, responsible, due_text,
                                               due_date, ongoing, status, status_text, result, sort_order, _import_id)
                          VALUES
            ('{A1}#1', '{A1}', 'Väktarrondering', 'Varje natt', 'KLK', '2024-03-31', DATE '2024-03-31', false,
             'genomford', 'Genomfört', 'Klart', 1, 7),
            ('{A1}#2', '{A1}', 'Föräldravandringar', NULL, 'KLK, Polis', 'T2 2024, löpande', DATE '2024-08-31', true,
             'pagar', 'Pågår', NULL, 2, 7),
            ('{A1}#3', '{A1}', 'Belysning', NULL, 'TK', '2025-12-31', DATE '2025-12-31', false, NULL, NULL, NULL, 3, 7),
            ('{A2}#1', '{A2}', 'Samverkan mot våld', NULL, NULL, NULL, NULL, false, 'paborjad', NULL, NULL, 1, 7)""")
        w.con.execute(f"""INSERT INTO glossary VALUES ('{PRIORITY_PLAN}', 'TK', 'Tekniska kontoret', 7),
                                                      ('{PRIORITY_PLAN}', 'KLK', 'Kommunledningskontoret', 7)""")
        w.changed = True
    connection = db.open_snapshot(path)
    yield connection
    connection.close()


def test_priority_plans_with_counts(priority_con):
    frame = queries.run(priority_con, "priority_plans")
    assert rows(frame, ["plan_id", "title", "place_id", "place_name", "place_text", "areas", "indicators", "actions",
                        "is_demo"]) == [
        (PRIORITY_PLAN, "Testplan Danderyd 2024–2025", "kommun-0162", "Danderyd", "Danderyd", 2, 6, 4, False)]
    assert (frame["valid_from"].iloc[0].date(), frame["valid_to"].iloc[0].date()) == (dt.date(2024, 1, 1),
                                                                                      dt.date(2025, 12, 31))


def test_priority_areas_in_order_with_places(priority_con):
    frame = queries.run(priority_con, "priority_areas", plan_id=PRIORITY_PLAN)
    # Places in the registry's order (Mörby centrum is listed before Barracuda in places.csv).
    assert rows(frame, ["area_id", "name", "goal", "sort_order", "indicators", "actions"]) == [
        (A1, "Trygga platser", "Tryggare centrum", 1, 3, 3), (A2, "Våld", None, 2, 3, 1)]
    assert [list(p) for p in frame["place_ids"]] == [["plats-morby-centrum", "plats-barracuda"], ["stadsdel-danderyd"]]
    assert [list(p) for p in frame["place_names"]] == [["Mörby centrum", "Barracuda"], ["Danderyd"]]
    assert queries.run(priority_con, "priority_areas", plan_id="ingen-plan").empty


def test_priority_area_places_spell_places_the_file_can_read(priority_con):
    frame = queries.run(priority_con, "priority_area_places", plan_id=PRIORITY_PLAN)
    # «Danderyd» is the kommun, so the kommundel is written by its id.
    assert rows(frame, ["area_id", "place_id", "name", "level", "place_text"]) == [
        (A1, "plats-morby-centrum", "Mörby centrum", "plats", "Mörby centrum"),
        (A1, "plats-barracuda", "Barracuda", "plats", "Barracuda"),
        (A2, "stadsdel-danderyd", "Danderyd", "stadsdel", "stadsdel-danderyd")]


def test_priority_indicators_labels_and_units(priority_con):
    frame = queries.run(priority_con, "priority_indicators", plan_id=PRIORITY_PLAN)
    assert rows(frame, ["area_id", "sort_order", "source", "indicator_ref", "place_id", "baseline_year", "target",
                        "source_label", "label", "ref_text", "unit", "higher_is_better"]) == [
        (A1, 1, "crime", "skadegorelse", None, None, "minska", "Anmälda brott", "Skadegörelse (12 kap.)",
         "Skadegörelse (12 kap.)", "antal", None),
        (A1, 2, "patrols", "", None, None, None, "Närvaro", "All närvaro", "Alla typer", "timmar", None),
        (A1, 3, "events", "Inbrott", None, None, None, "Polisens händelser", "Publicerade händelser: Inbrott",
         "Inbrott", "antal", None),
        (A2, 1, "crime", "misshandel", None, None, None, "Anmälda brott", "Misshandel inkl. grov",
         "Misshandel inkl. grov", "antal", None),
        (A2, 2, "survey", "stockholmsenkaten:trygg_omradet", "kommun-0162", None, "öka", "Enkät",
         "Känner sig trygg i området där man bor", "Stockholmsenkäten: Känner sig trygg i området där man bor",
         "andel", True),
        (A2, 3, "crime", "skadegorelse", "plats-hasselby-torg", 2024, "minska", "Anmälda brott",
         "Skadegörelse (12 kap.)", "Skadegörelse (12 kap.)", "antal", None)]
    assert frame["place_text"].tolist()[4:] == ["Danderyd", "Hässelby torg"]


def test_priority_indicator_targets_spread_over_places(priority_con):
    frame = queries.run(priority_con, "priority_indicator_targets", plan_id=PRIORITY_PLAN)
    # No place: the area's places and the plan's place (first). Events: the kommun of each, once.
    assert rows(frame, ["area_id", "indicator_no", "place_id", "explicit", "is_plan_place", "place_sort"]) == [
        (A1, 1, "kommun-0162", False, True, 1), (A1, 1, "plats-morby-centrum", False, False, 2),
        (A1, 1, "plats-barracuda", False, False, 3),
        (A1, 2, "kommun-0162", False, True, 1), (A1, 2, "plats-morby-centrum", False, False, 2),
        (A1, 2, "plats-barracuda", False, False, 3),
        (A1, 3, "kommun-0162", False, True, 1),
        (A2, 1, "kommun-0162", False, True, 1), (A2, 1, "stadsdel-danderyd", False, False, 2),
        (A2, 2, "kommun-0162", True, True, 1),
        (A2, 3, "plats-hasselby-torg", True, False, 1)]


def test_priority_indicator_values_whole_years(priority_con):
    frame = queries.run(priority_con, "priority_indicator_values", plan_id=PRIORITY_PLAN, months=12, min_n=10)
    got = rows(frame, ["area_id", "indicator_no", "place_id", "year", "value", "n", "basis"])
    assert got == [
        # Skadegörelse: Mörby centrum's months sum to 78 in 2025 (1 + … + 12); 2024 lacks December.
        (A1, 1, "plats-morby-centrum", 2025, 78.0, None, "month"),
        # Presence: Barracuda's walks 2024 (4 h + 3 h) and 2025 (4 h); Mörby centrum 3 h in 2025; Danderyd
        # both (everything under it).
        (A1, 2, "kommun-0162", 2024, 7.0, 2, None), (A1, 2, "kommun-0162", 2025, 7.0, 2, None),
        (A1, 2, "plats-barracuda", 2024, 7.0, 2, None), (A1, 2, "plats-barracuda", 2025, 4.0, 1, None),
        (A1, 2, "plats-morby-centrum", 2025, 3.0, 1, None),
        # Inbrott in Danderyd: three in 2023, one in 2024 (Täby's and the summary do not count).
        (A1, 3, "kommun-0162", 2023, 3.0, None, None), (A1, 3, "kommun-0162", 2024, 1.0, None, None),
        # Misshandel: Brå's yearly figures (2025's months are incomplete).
        (A2, 1, "kommun-0162", 2024, 100.0, None, "year"), (A2, 1, "kommun-0162", 2025, 144.0, None, "year"),
        # Stockholmsenkäten: Danderyd's only group for everybody is gy 2.
        (A2, 2, "kommun-0162", 2024, 91.0, 240, "gy2"),
        # Hässelby torg: the local statistics.
        (A2, 3, "plats-hasselby-torg", 2024, 97.0, None, "year"), (A2, 3, "plats-hasselby-torg", 2025, 101.0, None, "year")]


def test_priority_indicator_values_first_tertial(priority_con):
    frame = queries.run(priority_con, "priority_indicator_values", plan_id=PRIORITY_PLAN, months=4, min_n=10)
    got = rows(frame, ["area_id", "indicator_no", "place_id", "year", "value", "n"])
    # January–April: Mörby centrum 1 + 2 + 3 + 4 (2025) and 2 × 4 (2024, which has these months); no
    # presence in those months (0 h within each place's years); Inbrott 10 Feb and 15 Mar 2023, 1 Feb 2024;
    # no yearly crime figures and Danderyd's misshandel months are incomplete; surveys as for the year.
    assert got == [
        (A1, 1, "plats-morby-centrum", 2024, 8.0, None), (A1, 1, "plats-morby-centrum", 2025, 10.0, None),
        (A1, 2, "kommun-0162", 2024, 0.0, 0), (A1, 2, "kommun-0162", 2025, 0.0, 0),
        (A1, 2, "plats-barracuda", 2024, 0.0, 0), (A1, 2, "plats-barracuda", 2025, 0.0, 0),
        (A1, 2, "plats-morby-centrum", 2025, 0.0, 0),
        (A1, 3, "kommun-0162", 2023, 2.0, None), (A1, 3, "kommun-0162", 2024, 1.0, None),
        (A2, 2, "kommun-0162", 2024, 91.0, 240)]
    hidden = queries.run(priority_con, "priority_indicator_values", plan_id=PRIORITY_PLAN, months=12, min_n=300)
    assert not ((hidden["source"] == "survey")).any()      # 240 respondents < 300: never leaves the query


def test_priority_actions_in_plan_order(priority_con):
    frame = queries.run(priority_con, "priority_actions", plan_id=PRIORITY_PLAN)
    assert rows(frame, ["action_id", "activity", "responsible", "due_text", "ongoing", "status", "sort_order"]) == [
        (f"{A1}#1", "Väktarrondering", "KLK", "2024-03-31", False, "genomford", 1),
        (f"{A1}#2", "Föräldravandringar", "KLK, Polis", "T2 2024, löpande", True, "pagar", 2),
        (f"{A1}#3", "Belysning", "TK", "2025-12-31", False, None, 3),
        (f"{A2}#1", "Samverkan mot våld", None, None, False, "paborjad", 1)]


def test_priority_glossary_sorted(priority_con):
    frame = queries.run(priority_con, "priority_glossary", plan_id=PRIORITY_PLAN)
    assert rows(frame, ["abbreviation", "meaning"]) == [("KLK", "Kommunledningskontoret"), ("TK", "Tekniska kontoret")]


def test_priority_indicator_options_every_kind(priority_con):
    frame = queries.run(priority_con, "priority_indicator_options")
    by_source = frame.groupby("source", sort=False).size().to_dict()
    # 21 crime categories, the 30 shipped survey questions, all events + the two types in the database
    # (summaries never), all presence + eight kinds.
    assert by_source == {"crime": 21, "survey": 30, "events": 3, "patrols": 9}
    assert rows(frame[frame["source"].isin(["events", "patrols"])].head(5),
                ["indicator_ref", "option_label"]) == [
        ("", "Polisens händelser: Alla typer"), ("Inbrott", "Polisens händelser: Inbrott"),
        ("Rån", "Polisens händelser: Rån"), ("", "Närvaro: Alla typer"), ("polis", "Närvaro: Polis")]
    assert frame["option_label"].iloc[0] == "Anmälda brott: Totalt antal brott"
    assert frame["option_label"].is_unique
