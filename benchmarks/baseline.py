"""Our query path against the naive one, on the same database and the same questions.

The naive way is what a quick Streamlit prototype does: read the whole table into pandas, then filter
and group in pandas. Each case runs both ways for the same place and period and checks that they
agree on the totals, so the comparison is between equal answers:

| Case (page) | Our path | Naive path |
|---|---|---|
| crime per year (Anmälda brott) | `crime_series` | `crime_counts` → filter place, category, years |
| categories (Översikt) | `crime_yearly_by_category` | `crime_counts` → filter, group by category and year |
| events per month (Polisens händelser) | `events_by_month_type` | `police_events` → filter, group by month, type |
| weekday × hour (Polisens händelser) | `events_weekday_hour` | `police_events` → filter, group by weekday, hour |
| survey series (Trygghet) | `survey_series` | `survey_results` → filter survey, indicator, places, years |
| presence hours (Närvaro) | `patrol_hours_by_period` | `patrols` → filter, hours, group by month and kind |

The naive path is timed twice: with the table read each time (`naive_ms`, a prototype without a
cache) and with the table already in memory (`naive_cached_ms`, one DataFrame per table kept in the
process, which costs its memory in every app process). Ratios are naive / ours; medians of `runs`.

    .venv/bin/python -m benchmarks.baseline --db /tmp/riket.duckdb
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from lagesbild import db, queries


def _median_s(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _cases(con, place: str, kommun: str, year_from: int, year_to: int) -> list[dict]:
    """(name, ours(), naive(table) , table, total(ours), total(naive)) per case."""
    d_from, d_to = dt.date(year_from, 1, 1), dt.date(year_to, 12, 31)
    events_places = queries.run(con, "event_places", place_id=kommun)["place_id"].tolist()
    patrol_places = queries.run(con, "event_places", place_id=place)["place_id"].tolist()
    survey = con.execute("SELECT survey, indicator_id FROM survey_results WHERE place_id = ? GROUP BY ALL "
                         "ORDER BY count(*) DESC LIMIT 1", [kommun]).fetchone()

    def crime(frame, category="totalt"):
        f = frame[(frame["place_id"] == place) & (frame["category_id"] == category) & (frame["period_type"] == "year")
                  & frame["year"].between(year_from, year_to)]
        return f.groupby("year")["count"].max()

    def categories(frame):
        f = frame[(frame["place_id"] == place) & (frame["period_type"] == "year")
                  & frame["year"].between(year_from, year_to)]
        return f.groupby(["category_id", "year"])["count"].max()

    def events(frame):
        when = frame["occurred_at"].fillna(frame["published_at"])
        f = frame[frame["place_id"].isin(events_places) & ~frame["is_summary"]
                  & (when.dt.date >= d_from) & (when.dt.date <= d_to)]
        return f.groupby([when[f.index].dt.to_period("M"), "type"]).size()

    def weekday_hour(frame):
        f = frame[frame["place_id"].isin(events_places) & ~frame["is_summary"] & frame["occurred_at"].notna()]
        f = f[(f["occurred_at"].dt.date >= d_from) & (f["occurred_at"].dt.date <= d_to)]
        return f.groupby([f["occurred_at"].dt.day_of_week + 1, f["occurred_at"].dt.hour]).size()

    def surveys(frame):
        f = frame[(frame["survey"] == survey[0]) & (frame["indicator_id"] == survey[1])
                  & frame["place_id"].isin([kommun, "riket"]) & frame["year"].between(year_from, year_to)]
        return f.groupby(["place_id", "year", "grade", "gender"])["value"].first()

    def presence(frame):
        f = frame[frame["place_id"].isin(patrol_places) & (frame["started_at"].dt.date >= d_from)
                  & (frame["started_at"].dt.date <= d_to)]
        hours = (f["ended_at"] - f["started_at"]).dt.total_seconds() / 3600
        return hours.groupby([f["started_at"].dt.to_period("M"), f["kind"]]).sum()

    return [
        dict(case="Anmälda brott per år", table="crime_counts", naive=crime, count=lambda r: r["count"].sum(),
             naive_count=lambda r: r.sum(),
             ours=lambda: queries.run(con, "crime_series", places=[place], category="totalt", period_type="year",
                                      year_from=year_from, year_to=year_to)),
        dict(case="Brottskategorier", table="crime_counts", naive=categories, count=len, naive_count=len,
             ours=lambda: queries.run(con, "crime_yearly_by_category", place_id=place, year_from=year_from,
                                      year_to=year_to)),
        dict(case="Händelser per månad", table="police_events", naive=events, count=lambda r: r["n"].sum(),
             naive_count=lambda r: r.sum(),
             ours=lambda: queries.run(con, "events_by_month_type", places=events_places, date_from=d_from,
                                      date_to=d_to, types=[])),
        dict(case="Händelser veckodag × timme", table="police_events", naive=weekday_hour,
             count=lambda r: r["n"].sum(), naive_count=lambda r: r.sum(),
             ours=lambda: queries.run(con, "events_weekday_hour", places=events_places, date_from=d_from,
                                      date_to=d_to, types=[])),
        dict(case="Enkätserie", table="survey_results", naive=surveys, count=len, naive_count=len,
             ours=lambda: queries.run(con, "survey_series", survey=survey[0], indicator=survey[1],
                                      places=[kommun, "riket"], year_from=year_from, year_to=year_to, min_n=10)),
        dict(case="Närvarotimmar per månad", table="patrols", naive=presence, count=lambda r: round(r["hours"].sum()),
             naive_count=lambda r: round(r.sum()),
             ours=lambda: queries.run(con, "patrol_hours_by_period", places=patrol_places, date_from=d_from,
                                      date_to=d_to, kinds=[], organisations=[], resolution="month")),
    ]


def measure(db_path: Path, *, place: str = "kommun-0180", runs: int = 5, years: tuple[int, int] | None = None) -> list[dict]:
    """One dict per case: case, ours_ms, naive_ms, naive_cached_ms, ratio, ratio_cached, agree."""
    con = db.open_snapshot(Path(db_path))
    try:
        status = queries.run(con, "data_status").iloc[0]
        year_to = int(status["last_year"])
        year_from, year_to = years or (max(int(status["first_year"]), year_to - 9), year_to)
        lineage = queries.run(con, "place_lineage", place_id=place)
        kommun = lineage.loc[lineage["level"] == "kommun", "place_id"].iloc[0]
        tables: dict[str, pd.DataFrame] = {}
        results = []
        for c in _cases(con, place, kommun, year_from, year_to):
            ours_s, ours = _median_s(c["ours"], runs)
            naive_s, naive = _median_s(lambda: c["naive"](con.execute(f"SELECT * FROM {c['table']}").df()), runs)
            if c["table"] not in tables:
                tables[c["table"]] = con.execute(f"SELECT * FROM {c['table']}").df()
            cached_s, _ = _median_s(lambda: c["naive"](tables[c["table"]]), runs)
            results.append(dict(case=c["case"], rows=int(con.execute(f"SELECT count(*) FROM {c['table']}").fetchone()[0]),
                                ours_ms=round(ours_s * 1000, 1), naive_ms=round(naive_s * 1000, 1),
                                naive_cached_ms=round(cached_s * 1000, 1), ratio=round(naive_s / ours_s, 1),
                                ratio_cached=round(cached_s / ours_s, 1),
                                agree=bool(c["count"](ours) == c["naive_count"](naive))))
        return results
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--place", default="kommun-0180")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    for r in measure(args.db, place=args.place, runs=args.runs):
        print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
