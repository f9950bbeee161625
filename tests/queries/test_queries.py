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
                                "polisstatistik_manad.csv", "enkater.csv")]
    results = import_files(files, db_path=path)
    assert [r.status for r in results] == ["ok"] * 6, [r.message for r in results]
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
        ("plats-hasselby-torg", True, False), ("plats-morby-centrum", True, False),
    ]
    assert frame.loc[frame["has_surveys"], "place_id"].tolist() == ["kommun-0162", "sdo-hasselby-vallingby"]


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
            status["demo_imports"], status["first_year"], status["last_year"]) == (41, 4, 2, 6, 0, 2022, 2025)
    assert status["survey_rows"] == 5                              # survey years count for the period: 2022


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
