"""Report generation and image export: the full Word report (every section), the PowerPoint deck,
and one chart rendered to PNG with the kaleido server already running (warm).

    .venv/bin/python -m benchmarks.documents --db /tmp/riket.duckdb --place kommun-0180
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from benchmarks.pages import percentile


def measure(db_path: Path, *, place: str = "kommun-0180", runs: int = 3, image_runs: int = 20) -> dict:
    from lagesbild import db, deck, figures, images, queries, report

    con = db.open_snapshot(Path(db_path))
    try:
        status = queries.run(con, "data_status").iloc[0]
        year_to = int(status["last_year"])
        year_from = max(int(status["first_year"]), year_to - 9)
        images.start_server()
        out: dict = {"place": place, "period": f"{year_from}–{year_to}"}
        times, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            data = report.build_report(con, place_id=place, year_from=year_from, year_to=year_to,
                                       sections=list(report.SECTIONS), analysis_text="")
            times.append(time.perf_counter() - start)
            size = len(data)
        out["report"] = {"n": runs, "median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
                         "kb": round(size / 1024)}
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            data = deck.build_deck(con, place_id=place, year_from=year_from, year_to=year_to,
                                   sections=list(report.SECTIONS))
            times.append(time.perf_counter() - start)
        out["deck"] = {"n": runs, "median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
                       "kb": round(len(data) / 1024)}
        q = figures.on(con)
        ctx = figures.context(q, place_id=place, year_from=year_from, year_to=year_to)
        fig = figures.view("brott", q, ctx).fig
        images.render(fig, "png")                         # the server's first image
        times = []
        for i in range(image_runs):
            fig.update_layout(title_text=f"<b>Anmälda brott</b> {i}")     # a new image each time, no cache
            start = time.perf_counter()
            images.render(fig, "png")
            times.append(time.perf_counter() - start)
        out["image_png"] = {"n": image_runs, "median_s": round(statistics.median(times), 3),
                            "p95_s": round(percentile(times, 95), 3)}
        times = []
        for i in range(image_runs):
            fig.update_layout(title_text=f"<b>Anmälda brott</b> svg {i}")
            start = time.perf_counter()
            images.render(fig, "svg")
            times.append(time.perf_counter() - start)
        out["image_svg"] = {"n": image_runs, "median_s": round(statistics.median(times), 3),
                            "p95_s": round(percentile(times, 95), 3)}
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--place", default="kommun-0180")
    args = parser.parse_args(argv)
    print(measure(args.db, place=args.place))
    return 0


if __name__ == "__main__":
    sys.exit(main())
