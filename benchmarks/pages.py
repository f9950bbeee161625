"""Server-side script time of every page: the default view, a change of place and a change of period.

Each page runs in Streamlit's AppTest (the same script runner the server uses, without a browser),
against the database in `LAGESBILD_DB`. For run i of `runs`:

- **default**: a new session opens the page (query caches are shared by the process, as on a server,
  so the first run of all is cold and reported apart as `first`);
- **place**: the same session picks the i-th other place in the sidebar (a place not shown before,
  so its queries are not cached);
- **period**: the session then picks the i-th period (spans not used before).

The time is `AppTest.run()` wall time in this process for opening the page in a session (the
router's default page has run before, untimed): app.py, the page script, the queries, the chart
builders and Streamlit's own work for the rerun. Results are median and p95 in milliseconds per page and
action. `measure(db_path, runs)` is called by benchmarks/run.py in a child process per database.

    LAGESBILD_DB=/tmp/riket.duckdb .venv/bin/python -m benchmarks.pages --runs 20
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [("Översikt", "pages/overview.py"), ("Karta", "pages/map.py"), ("Platser", "pages/place_profile.py"),
         ("Fokusområden", "pages/priority_areas.py"), ("Rapport", "pages/report.py"),
         ("Mötesläge", "pages/meeting.py"), ("Anmälda brott", "pages/reported_crime.py"),
         ("Polisens händelser", "pages/police_events.py"), ("Närvaro och patrullering", "pages/presence.py"),
         ("Trygghet och enkäter", "pages/safety.py"), ("Importera data", "pages/data_import.py")]
# The presentation of Mötesläge is a page state of its own (no sidebar: place and period are pills).
MEETING = ("Mötesläge, visning", "pages/meeting.py")
MEETING_VIEWS = "brott,brottstyper,handelser,handelser-tid,trygghet,narvaro"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1), "max_ms": round(max(values) * 1000, 1)}


def _choices(db_path: Path) -> tuple[str, list[str], tuple[int, int], list[tuple[int, int]]]:
    """The default place, other places to switch to (kommuner and big-city areas first), the whole
    period and distinct spans to switch to."""
    from lagesbild import db, queries, ui

    con = db.open_snapshot(db_path)
    try:
        places = queries.run(con, "places_with_data")
        status = queries.run(con, "data_status").iloc[0]
    finally:
        con.close()
    ids = places["place_id"].tolist()
    default = ui.default_place(ids)
    current = places[places["valid_to"].isna() & places["level"].isin(["kommun", "stadsdelsomrade"])]
    others = [p for p in current["place_id"] if p != default]
    first, last = int(status["first_year"]), int(status["last_year"])
    spans = [(start, end) for length in range(1, last - first + 1) for start in range(first, last - length + 2)
             for end in [start + length - 1] if (start, end) != (first, last)]
    spans.sort(key=lambda s: (-s[1], s[0]))   # recent periods first: what users pick
    return default, others, (first, last), spans


def _app(page: str, params: dict | None = None):
    """A new session that has run the router's default page (untimed); `.run()` then opens `page`
    (AppTest cannot start on another page, and pages link to each other through the router)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.secrets.update({"lagesbild": {}})
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    return at


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _check(at, label: str) -> None:
    if at.exception:
        raise RuntimeError(f"{label}: {[e.message for e in at.exception]}")


def without_memo() -> None:
    """The page path as it was before the figure and query caches (docs/performance.md, before/after):
    builders run on every rerun and every cached query result is a pickled copy."""
    import streamlit as st

    from lagesbild import queries, ui

    @st.cache_data(max_entries=1000, show_spinner=False)
    def copied(name: str, path: str, version: str, params: tuple):
        return queries.run(ui._snapshot(path, version), name, **dict(params))

    ui.pure = lambda fn, *args, **kwargs: fn(*args, **kwargs)
    ui._cached = copied


def measure(db_path: Path, runs: int = 20, pages: list[tuple[str, str]] | None = None, *,
            memo: bool = True) -> list[dict]:
    """One dict per page and action: page, action, n, median_ms, p95_ms, max_ms (and `first_ms` for
    the default view: the cold first run). `memo=False` measures the path without the caches."""
    os.environ["LAGESBILD_DB"] = str(db_path)
    import streamlit as st

    if not memo:
        without_memo()

    default, others, _, spans = _choices(db_path)
    if len(others) < runs or len(spans) < runs:
        raise RuntimeError(f"the database has too few places ({len(others)}) or periods ({len(spans)}) for "
                           f"{runs} runs")
    results = []
    st.cache_data.clear()
    for label, page in pages or PAGES:
        times = {"default": [], "place": [], "period": []}
        warm_up = _app(page)
        first = _timed(warm_up.run)                      # cold caches: reported apart
        _check(warm_up, label)
        for i in range(runs):
            at = _app(page)
            times["default"].append(_timed(at.run))
            _check(at, label)
            places = [s for s in at.sidebar.selectbox if s.label == "Plats"]
            if places:
                times["place"].append(_timed(lambda: places[0].set_value(others[i]).run()))
                _check(at, label)
            years = [s for s in at.sidebar.slider if s.label == "Period (år)"]
            if years:
                times["period"].append(_timed(lambda: years[0].set_value(spans[i]).run()))
                _check(at, label)
        for action, values in times.items():
            if values:
                row = {"page": label, "action": action, **summary(values)}
                if action == "default":
                    row["first_ms"] = round(first * 1000, 1)
                results.append(row)
    results.extend(_meeting(runs, default, others, spans))
    return results


def _meeting(runs: int, default: str, others: list[str], spans: list[tuple[int, int]]) -> list[dict]:
    """Mötesläge while presenting: open a view, step to the next, change place, change period."""
    from lagesbild import db, queries

    label, page = MEETING
    con = db.open_snapshot(Path(os.environ["LAGESBILD_DB"]))
    try:
        places = queries.run(con, "places_with_data")
    finally:
        con.close()
    current = places[places["valid_to"].isna()]
    ids = dict(zip(current["name"], current["place_id"]))
    times = {"default": [], "next": [], "place": [], "period": []}
    for i in range(runs):
        at = _app(page, {"vyer": MEETING_VIEWS, "vy": str(i % 5 + 1), "plats": default})
        times["default"].append(_timed(at.run))
        _check(at, label)
        nxt = [b for b in at.button if b.label == "Nästa"][0]
        times["next"].append(_timed(lambda: nxt.click().run()))
        place = [p for p in at.pills if p.label == "Plats"][0]
        offered = [ids[name] for name in place.options if name in ids and ids[name] != place.value]
        target = offered[i % len(offered)]          # a pill: one click to another place
        times["place"].append(_timed(lambda: place.set_value(target).run()))
        _check(at, label)
        period = [p for p in at.pills if p.label == "Period"][0]
        options = [o for o in period.options if o != period.value]
        times["period"].append(_timed(lambda: period.set_value(options[i % len(options)]).run()))
        _check(at, label)
    return [{"page": label, "action": action, **summary(values)} for action, values in times.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("LAGESBILD_DB", ROOT / "data/lagesbild.duckdb")))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--without-memo", action="store_true", help="without the figure and query caches (before)")
    args = parser.parse_args(argv)
    results = measure(args.db, args.runs, memo=not args.without_memo)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    for r in results:
        print(f"{r['page']:<28} {r['action']:<8} median {r['median_ms']:>8} ms  p95 {r['p95_ms']:>8} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
