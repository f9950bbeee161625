"""The whole benchmark suite in one command; writes the results into docs/performance.md.

    .venv/bin/python -m benchmarks.run                  # riket (scale 1), 20 runs per page action
    .venv/bin/python -m benchmarks.run --scale 0.05 --runs 5 --out /tmp/perf.md   # a quick look

Steps, each in its own process so one part's caches and memory do not colour the next:
the demo database (`python -m loaders demo`), the riket files in the real formats
(`benchmarks.scale`), import throughput and memory per format (`benchmarks.imports`), the riket
database built through the same loaders, every page's script time at demo and riket scale
(`benchmarks.pages`), our queries against the naive pandas way (`benchmarks.baseline`), the report,
the deck and image export (`benchmarks.documents`), cold start, 20 concurrent browser sessions and
the server's memory (`benchmarks.serving`). The generated part of docs/performance.md lies between
the markers below; the text around it (analysis, before/after) is kept.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"
PAGE_MEDIAN_MS, PAGE_P95_MS = 300, 800
CONCURRENT_P95_S, COLD_START_S, APP_MEMORY_MB = 2.0, 5.0, 1024
REPORT_S, IMAGE_S, BASELINE_RATIO = 20.0, 0.5, 5.0


def _python(code: str, env: dict | None = None, timeout: int = 3600) -> object:
    """Run `code` in a child Python (repo root on the path); it prints one JSON line last."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})), timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> dict:
    import duckdb
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "os": platform.platform(),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "streamlit": streamlit.__version__}


def _ok(good: bool) -> str:
    return "✅" if good else "❌"


def _n(value) -> str:
    return f"{value:,.0f}".replace(",", " ")


def page_table(demo: list[dict], riket: list[dict]) -> str:
    """Pages × actions, median and p95 at both scales, riket checked against the targets."""
    by = {(r["page"], r["action"]): r for r in demo}
    lines = ["| Page | Action | Demo median (ms) | Demo p95 (ms) | Riket median (ms) | Riket p95 (ms) | Target |",
             "|---|---|---:|---:|---:|---:|:-:|"]
    for r in riket:
        d = by.get((r["page"], r["action"]), {})
        good = r["median_ms"] < PAGE_MEDIAN_MS and r["p95_ms"] < PAGE_P95_MS
        first = f" (first: {_n(r['first_ms'])})" if "first_ms" in r else ""
        lines.append(f"| {r['page']} | {r['action']}{first} | {d.get('median_ms', '–')} | {d.get('p95_ms', '–')} | "
                     f"{r['median_ms']} | {r['p95_ms']} | {_ok(good)} |")
    return "\n".join(lines)


def write_results(out: Path, results: dict) -> None:
    m, imports = results["machine"], results["imports"]
    text = [BEGIN, "", f"Run {results['finished']} with `{results['command']}` in {results['minutes']} min "
            f"(scale {results['scale']}, {results['runs']} runs per page action).", "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {_n(m['memory_mb'])} MB RAM; {m['os']}; Python {m['python']}, "
            f"DuckDB {m['duckdb']}, Streamlit {m['streamlit']}.", "",
            f"Riket database: {_n(results['riket_rows'])} rows imported in {results['riket_build_s']} s "
            f"({_n(results['riket_mb'])} MB on disk); demo database {_n(results['demo_mb'])} MB.", "",
            "### Import throughput (end to end: parse, validate, load)", "",
            "| Format | Files | Rows | Seconds | Rows/s | Target rows/s | Peak memory (MB) | Target |",
            "|---|---:|---:|---:|---:|---:|---:|:-:|"]
    for r in imports:
        good = r["rows_per_s"] >= r["target_rows_per_s"] and r["peak_mb"] < 2048
        text.append(f"| {r['format']} | {r['files']} | {_n(r['rows'])} | {r['seconds']} | {_n(r['rows_per_s'])} | "
                    f"{_n(r['target_rows_per_s'])} | {_n(r['peak_mb'])} | {_ok(good)} |")
    text += ["", "### Page script time (server side, AppTest)", "",
             f"Target at riket: median under {PAGE_MEDIAN_MS} ms, p95 under {PAGE_P95_MS} ms. *first* is the cold "
             "first run of the process (empty caches).", "", page_table(results["pages_demo"], results["pages_riket"])]
    c, s = results["cold_start"], results["concurrency"]
    d = results["documents"]
    text += ["", "### App", "", "| Measure | Result | Target | |", "|---|---:|---:|:-:|",
             f"| Cold start to first rendered page (median of {c['n']}) | {c['median_s']} s | {COLD_START_S} s | "
             f"{_ok(c['median_s'] < COLD_START_S)} |",
             f"| {s['sessions']} concurrent sessions switching page and place, p95 to a rendered chart "
             f"({s['renders']} switches, {s['errors']} timed out) | {s['p95_s']} s (p50 {s['p50_s']} s) | "
             f"{CONCURRENT_P95_S} s | {_ok(s['p95_s'] < CONCURRENT_P95_S and not s['errors'])} |",
             f"| … their first load of the app, all at once (p50 / p95) | {s['first_load_p50_s']} / "
             f"{s['first_load_p95_s']} s | – | |",
             f"| … server CPU during the run ({s['wall_s']} s wall) | {s['server_cpu_s']} s, "
             f"{s['server_cpu_per_render_ms']} ms per page shown | – | |",
             f"| Server peak memory after the sessions | {_n(s['server_peak_mb'])} MB | {_n(APP_MEMORY_MB)} MB | "
             f"{_ok(s['server_peak_mb'] < APP_MEMORY_MB)} |",
             f"| Full DOCX report, {d['place']} {d['period']} (median of {d['report']['n']}) | {d['report']['median_s']} s "
             f"| {REPORT_S} s | {_ok(d['report']['median_s'] < REPORT_S)} |",
             f"| PPTX deck, same selection | {d['deck']['median_s']} s | – | |",
             f"| Image export, warm, PNG (median / p95 of {d['image_png']['n']}) | {d['image_png']['median_s']} / "
             f"{d['image_png']['p95_s']} s | {IMAGE_S} s | {_ok(d['image_png']['median_s'] < IMAGE_S)} |",
             f"| Image export, warm, SVG | {d['image_svg']['median_s']} / {d['image_svg']['p95_s']} s | {IMAGE_S} s | "
             f"{_ok(d['image_svg']['median_s'] < IMAGE_S)} |",
             "", "### Our queries against the naive pandas way (riket)", "",
             "| Case | Table rows | Ours (ms) | Naive, read each time (ms) | Ratio | Naive, table cached (ms) | Ratio | "
             "Same answer |", "|---|---:|---:|---:|---:|---:|---:|:-:|"]
    for r in results["baseline"]:
        text.append(f"| {r['case']} | {_n(r['rows'])} | {r['ours_ms']} | {r['naive_ms']} | {r['ratio']}× "
                    f"{_ok(r['ratio'] >= BASELINE_RATIO)} | {r['naive_cached_ms']} | {r['ratio_cached']}× | "
                    f"{'ja' if r['agree'] else 'NEJ'} |")
    text += ["", END]
    block = "\n".join(text)
    current = out.read_text(encoding="utf-8") if out.exists() else "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in current and END in current:
        current = current[:current.index(BEGIN)] + block + current[current.index(END) + len(END):]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    out.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/lagesbild-benchmarks"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--resume", action="store_true",
                        help="keep the results of steps that finished in an earlier run with the same settings")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)

    def step(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {text}", file=sys.stderr, flush=True)

    results: dict = {"scale": args.scale, "runs": args.runs, "machine": machine(),
                     "command": "python -m benchmarks.run" + ("" if argv is None else " " + " ".join(argv))}
    partial = work / f"partial-{args.scale:g}-{args.runs}.json"
    done = json.loads(partial.read_text(encoding="utf-8")) if args.resume and partial.exists() else {}

    def remember(key: str, compute):
        """A step's result, from an earlier run with --resume, else computed and saved at once."""
        if key not in done:
            done[key] = compute()
            partial.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
        else:
            step(f"{key}: kept from an earlier run")
        results[key] = done[key]
        return done[key]
    demo_db = work / "demo.duckdb"
    step("demo database")
    if not (args.resume and demo_db.exists()):
        demo_db.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "loaders", "--db", str(demo_db), "demo", "--out", str(work / "demo")],
                       cwd=ROOT, check=True, capture_output=True)
    files_dir, riket_db = work / f"files-{args.scale:g}", work / f"riket-{args.scale:g}.duckdb"
    step("riket files")
    _python(f"import json; from pathlib import Path; from benchmarks.scale import ensure_generated; "
            f"print(json.dumps(len(ensure_generated(Path({str(files_dir)!r}), {args.scale}))))")
    step("imports per format")
    remember("imports", lambda: _python(
        f"import json; from pathlib import Path; from benchmarks.imports import import_benchmark; "
        f"print(json.dumps(import_benchmark(Path({str(files_dir)!r}), {args.scale})))"))
    step("riket database")
    built = remember("built", lambda: _python(
        f"import json; from pathlib import Path; from benchmarks.scale import load_manifest, build_database; "
        f"print(json.dumps(build_database(load_manifest(Path({str(files_dir)!r}))['files'], Path({str(riket_db)!r}), "
        f"progress=lambda *a: None)))"))
    results.update(riket_rows=built["rows"], riket_build_s=round(built["seconds"], 1),
                   riket_mb=riket_db.stat().st_size / 2**20, demo_mb=demo_db.stat().st_size / 2**20)
    for name, path in (("demo", demo_db), ("riket", riket_db)):
        step(f"pages at {name} scale")
        remember(f"pages_{name}", lambda path=path: _python(
            f"import json; from pathlib import Path; from benchmarks.pages import measure; "
            f"print(json.dumps(measure(Path({str(path)!r}), {args.runs})))"))
    step("pandas baseline")
    remember("baseline", lambda: _python(f"import json; from benchmarks.baseline import measure; "
                                         f"print(json.dumps(measure({str(riket_db)!r})))"))
    step("report, deck and images")
    remember("documents", lambda: _python(f"import json; from benchmarks.documents import measure; "
                                          f"print(json.dumps(measure({str(riket_db)!r})))"))
    step("cold start")
    remember("cold_start", lambda: _python(
        f"import json; from pathlib import Path; from benchmarks.serving import cold_start; "
        f"print(json.dumps(cold_start(Path({str(riket_db)!r}), Path({str(work)!r}))))"))
    step(f"{args.sessions} concurrent sessions")
    remember("concurrency", lambda: _python(
        f"import json; from pathlib import Path; from benchmarks.serving import concurrency; "
        f"print(json.dumps(concurrency(Path({str(riket_db)!r}), Path({str(work)!r}), {args.sessions})))"))
    results["minutes"] = round((time.perf_counter() - started) / 60, 1)
    results["finished"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    write_results(args.out, results)
    step(f"done: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
