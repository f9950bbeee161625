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


def test_patrol_evening_safety_nearest_place_latest_year(evening_con):
    frame = queries.run(evening_con, "patrol_evening_safety", place_id="plats-hasselby-torg", year_from=2020,
                        year_to=2025, min_n=10)
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
    earlier = queries.run(evening_con, "patrol_evening_safety", place_id="plats-hasselby-torg", year_from=2020,
                          year_to=2023, min_n=5)
    # Up to 2023: Polisen 2022; the 8 answers are enough with threshold 5; no NTU total yet.
    assert rows(earlier, ["survey", "year", "value", "suppressed"]) == [
        ("trygghetsmatning_polis", 2022, 68.0, None), ("trygghetsmatning_stad", 2023, 76.0, None),
        ("stockholmsenkaten", 2022, 15.0, None)]
    assert queries.run(evening_con, "patrol_evening_safety", place_id="kommun-0162", year_from=2020, year_to=2025,
                       min_n=10).empty
