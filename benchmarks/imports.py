"""Import throughput and memory per source format, end to end through the real pipeline.

For each format (`bra-databasfil (txt)`, `patrullogg (xlsx)` …) a child process creates a fresh
database (migrations and the places file that adds Göteborg's and Malmö's stadsområden are set-up,
not timed), then imports all the format's generated files with one `loaders.pipeline.import_files`
call, as `python -m loaders import FILES…` would: read and check every file, then resolve, compare
and write each in its own transaction, and publish the database. The parent reports rows per second
and the child's peak memory (`ru_maxrss` from `os.wait4` on the child: the whole process, Python,
pandas, DuckDB and the parsed files, set-up included).

Targets on 2 cores: text formats (CSV, TXT, JSON, Parquet) at least 500 000 rows/s, Excel at least
50 000 rows/s, peak memory below 2 GB.

    .venv/bin/python -m benchmarks.imports --scale 1 --out /tmp/riket            # all formats
    .venv/bin/python -m benchmarks.imports --scale 1 --format "patrullogg (csv)" --profile /tmp/prof

`import_benchmark(...)` returns one dict per format; `markdown_table(results)` renders them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.scale import SEED, ensure_generated, load_manifest

ROOT = Path(__file__).resolve().parent.parent
TEXT_TARGET = 500_000
EXCEL_TARGET = 50_000
MEMORY_TARGET_MB = 2048
SETUP_FORMAT = "platser (csv)"


def target_rows_per_s(fmt: str) -> int:
    return EXCEL_TARGET if "xlsx" in fmt else TEXT_TARGET


def formats(files: list[dict], *, include_setup: bool = False) -> list[str]:
    """The formats in the files, in import order."""
    seen: list[str] = []
    for f in files:
        if f["format"] not in seen and (include_setup or f["format"] != SETUP_FORMAT):
            seen.append(f["format"])
    return seen


def _child(out_dir: Path, fmt: str, db_path: Path, profile_dir: Path | None) -> dict:
    """Runs in the child process: set up a fresh database, time the import of one format."""
    from lagesbild import db
    from loaders.pipeline import import_files

    files = load_manifest(out_dir)["files"]
    db.ensure_database(db_path)
    setup = [Path(f["file"]) for f in files if f["format"] == SETUP_FORMAT and fmt != SETUP_FORMAT]
    if setup:
        (result,) = import_files(setup, db_path=db_path, imported_by="benchmark")
        if result.status == "rejected":
            raise RuntimeError(result.message)
    paths = [Path(f["file"]) for f in files if f["format"] == fmt]
    marks: dict[str, float] = {}

    def progress(fraction: float, text: str) -> None:
        if text.startswith("Väntar på databasen"):
            marks.setdefault("parsed", time.perf_counter())

    profiler = None
    if profile_dir:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    started = time.perf_counter()
    results = import_files(paths, db_path=db_path, imported_by="benchmark", progress=progress)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.stop()
        profile_dir.mkdir(parents=True, exist_ok=True)
        name = fmt.replace(" ", "").replace("(", "-").replace(")", "")
        (profile_dir / f"{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        (profile_dir / f"{name}.html").write_text(profiler.output_html(), encoding="utf-8")
    rejected = [r.message for r in results if r.status == "rejected"]
    parsed = marks.get("parsed", started + seconds)
    return {
        "rows": sum(r.added + r.replaced + r.unchanged + r.skipped for r in results),
        "added": sum(r.added for r in results),
        "seconds": seconds,
        "parse_seconds": parsed - started,
        "write_seconds": started + seconds - parsed,
        "rejected": rejected,
    }


def measure(out_dir: Path, fmt: str, *, profile_dir: Path | None = None) -> dict:
    """Import one format into a fresh database in a child process; rows/s and peak memory."""
    files = [f for f in load_manifest(out_dir)["files"] if f["format"] == fmt]
    with tempfile.TemporaryDirectory(prefix="lagesbild-bench-") as tmp:
        db_path = Path(tmp) / "bench.duckdb"
        command = [sys.executable, "-m", "benchmarks.imports", "--child", fmt, "--out", str(out_dir),
                   "--db", str(db_path)] + (["--profile", str(profile_dir)] if profile_dir else [])
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with open(out_path, "w") as out, open(err_path, "w") as err:
            child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
            # wait4, not wait: the child's own resource usage (peak resident memory in kB on Linux).
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        stdout, stderr = out_path.read_text(), err_path.read_text()
        if child.returncode:
            raise RuntimeError(f"{fmt}: the import process failed ({child.returncode}):\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    if result["rejected"]:
        raise RuntimeError(f"{fmt}: files were rejected:\n" + "\n".join(result["rejected"])[:3000])
    rows_per_s = result["rows"] / result["seconds"] if result["seconds"] else 0.0
    target = target_rows_per_s(fmt)
    return {
        "format": fmt,
        "kind": files[0]["kind"],
        "files": len(files),
        "megabytes": round(sum(Path(f["file"]).stat().st_size for f in files) / 1024 / 1024, 1),
        "rows": result["rows"],
        "seconds": round(result["seconds"], 2),
        "parse_seconds": round(result["parse_seconds"], 2),
        "write_seconds": round(result["write_seconds"], 2),
        "rows_per_s": int(rows_per_s),
        "peak_mb": int(result["peak_mb"]),
        "target_rows_per_s": target,
        "meets_target": rows_per_s >= target and result["peak_mb"] < MEMORY_TARGET_MB,
    }


def import_benchmark(out_dir: Path | None = None, scale: float = 1.0, *, formats_wanted: list[str] | None = None,
                     seed: int = SEED, profile_dir: Path | None = None, progress=None) -> list[dict]:
    """Generate (if needed) the files for `scale` in `out_dir` and measure every format (or those
    named). One dict per format: format, kind, files, megabytes, rows, seconds, parse_seconds,
    write_seconds, rows_per_s, peak_mb, target_rows_per_s, meets_target."""
    out_dir = Path(out_dir or f"/tmp/lagesbild-scale-{scale:g}")
    files = ensure_generated(out_dir, scale, seed=seed)
    results = []
    for fmt in formats_wanted or formats(files):
        result = measure(out_dir, fmt, profile_dir=profile_dir)
        if progress:
            progress(markdown_row(result))
        results.append(result)
    return results


HEADER = ("| Format | Filer | MB | Rader | Tid (s) | varav läsa | varav skriva | Rader/s | Mål rader/s "
          "| Toppminne (MB) | Mål nått |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def markdown_row(r: dict) -> str:
    return (f"| {r['format']} | {r['files']} | {r['megabytes']:.0f} | {_n(r['rows'])} | {r['seconds']:.1f} "
            f"| {r['parse_seconds']:.1f} | {r['write_seconds']:.1f} | {_n(r['rows_per_s'])} "
            f"| {_n(r['target_rows_per_s'])} | {_n(r['peak_mb'])} | {'ja' if r['meets_target'] else 'nej'} |")


def markdown_table(results: list[dict]) -> str:
    return "\n".join([HEADER] + [markdown_row(r) for r in results])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=None, help="generated files (default /tmp/lagesbild-scale-<scale>)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--format", action="append", dest="formats", help="only this format (repeatable)")
    parser.add_argument("--profile", type=Path, default=None, help="write a pyinstrument profile per format here")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.out, args.child, args.db, args.profile)))
        return 0
    print(HEADER, flush=True)
    results = import_benchmark(args.out, args.scale, formats_wanted=args.formats, seed=args.seed,
                               profile_dir=args.profile, progress=lambda line: print(line, flush=True))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
