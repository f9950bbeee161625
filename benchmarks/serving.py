"""The app as users meet it: cold start, 20 concurrent browser sessions, and the server's memory.

- **Cold start**: from starting `python -m lagesbild.serve` (what scripts/start.sh runs) until a
  browser that asked for `/` has the first chart drawn and the script has finished. The browser is
  started beforehand, so its own start-up is not counted. Median of `starts` fresh servers.
- **Concurrency**: `sessions` Playwright contexts (Debian's chromium, one browser, on the same machine
  as the server) against one server, all at once; each opens `steps` pages in turn, switching page and
  place every step among the POOL largest kommuner (a regional trygghetsråd's places; sessions start at
  different places, so the first visits are uncached and later ones partly cached), and the time from
  asking until the chart has rendered (the chart's SVG is visible and the script has finished) is
  recorded. p50/p95 over all switches; each session's first load of the app (sessions start 0.5 s
  apart) is reported apart. The server's CPU time during the run shows what the browsers cost.
- **Memory**: the server process's peak resident memory (VmHWM) after all of it.

    .venv/bin/python -m benchmarks.serving --db /tmp/riket.duckdb
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.pages import percentile
from lagesbild import serve

RENDERED = '[data-testid="stApp"][data-test-script-state="notRunning"] .js-plotly-plot .main-svg'
# Pages that draw a chart for every kommun with crime data (others may show an empty state instead).
PATHS = ["/", "/anmalda-brott", "/polisens-handelser", "/karta"]
STAGGER_S = 0.5     # session n opens the app n × 0.5 s after the first (20 sessions within 10 s)
POOL = 26           # the places sessions choose from: a län's worth of kommuner (Stockholms län has 26)


def start(db_path: Path, log_path: Path) -> tuple[subprocess.Popen, str, float]:
    """A server on a free port: (process, url, the moment it was started)."""
    started = time.perf_counter()
    proc, url = serve.spawn(db_path, open(log_path, "w"), timeout=120)
    return proc, url, started


stop = serve.stop


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _chromium() -> str:
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise RuntimeError("Debian's chromium is missing: run scripts/setup.sh")
    return found


def places(db_path: Path, n: int) -> list[tuple[str, str]]:
    """(place_id, picker label) of the `n` kommuner with most reported crime."""
    from lagesbild import db

    con = db.open_snapshot(db_path)
    try:
        rows = con.execute(
            "SELECT c.place_id, any_value(p.name) FROM crime_counts c JOIN places p USING (place_id) "
            "WHERE p.level = 'kommun' AND p.valid_to IS NULL AND c.category_id = 'totalt' "
            "GROUP BY c.place_id ORDER BY max(c.count) DESC, c.place_id LIMIT ?", [n]).fetchall()
    finally:
        con.close()
    return [(place_id, f"{name} (kommun)") for place_id, name in rows]


async def _cold_start(db_path: Path, log_dir: Path) -> tuple[float, float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), args=serve.CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        proc, url, started = start(db_path, log_dir / "cold.log")
        try:
            await page.goto(f"{url}/")
            await page.wait_for_selector(RENDERED, timeout=120000)
            seconds = time.perf_counter() - started
            return seconds, peak_rss_mb(proc.pid)
        finally:
            stop(proc)
            await browser.close()


def cold_start(db_path: Path, log_dir: Path, starts: int = 3) -> dict:
    results = [asyncio.run(_cold_start(db_path, log_dir)) for _ in range(starts)]
    seconds = [r[0] for r in results]
    return {"n": starts, "median_s": round(statistics.median(seconds), 2), "max_s": round(max(seconds), 2),
            "rss_after_first_page_mb": round(statistics.median(r[1] for r in results))}


# Resolves when the app's script has run after the next action (state running, then notRunning).
ARM = """() => { const app = document.querySelector('[data-testid="stApp"]');
  window.__lbRerun = new Promise(resolve => { let running = false;
    const watch = new MutationObserver(() => { const state = app.getAttribute('data-test-script-state');
      if (state === 'running') running = true;
      if (running && state === 'notRunning') { watch.disconnect(); resolve(true); } });
    watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }); }"""
TITLES = {"/": "Översikt", "/anmalda-brott": "Anmälda brott", "/polisens-handelser": "Polisens händelser",
          "/karta": "Karta"}


async def _switch(page, action) -> float:
    """Seconds from the action until its rerun has finished and a chart is drawn."""
    await page.evaluate(ARM)
    started = time.perf_counter()
    await action()
    await page.wait_for_function("window.__lbRerun", timeout=120000)
    await page.wait_for_selector(RENDERED, timeout=120000)
    return time.perf_counter() - started


async def _session(browser, url: str, steps: list[tuple[str, tuple[str, str]]], times: list[float],
                   first: list[float], errors: list[str], delay: float = 0.0) -> None:
    """Open the app once, then per step go to another page (sidebar link) and pick another place
    (the sidebar's place picker), as a user does; each switch is timed."""
    await asyncio.sleep(delay)        # people open the app within seconds of each other, not all at once
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = await context.new_page()
    try:
        started = time.perf_counter()
        try:
            await page.goto(f"{url}/?plats={steps[0][1][0]}", timeout=180000)
            await page.wait_for_selector(RENDERED, timeout=180000)
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            errors.append(f"first load /?plats={steps[0][1][0]}: {type(error).__name__}")
            return
        first.append(time.perf_counter() - started)
        for path, (place_id, label) in steps[1:]:
            try:
                link = page.locator('[data-testid="stSidebarNav"] a', has_text=TITLES[path]).first
                times.append(await _switch(page, link.click))

                async def pick() -> None:
                    await page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
                    await page.keyboard.type(label)
                    await page.keyboard.press("Enter")
                times.append(await _switch(page, pick))
            except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
                errors.append(f"{path}?plats={place_id}: {type(error).__name__}")
    finally:
        await context.close()


async def _concurrency(url: str, pool: list[tuple[str, str]], sessions: int, steps: int):
    from playwright.async_api import async_playwright

    times: list[float] = []
    first: list[float] = []
    errors: list[str] = []
    paths = list(TITLES)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=_chromium(), args=serve.CHROMIUM_ARGS)
        plans = [[(paths[(s + i) % len(paths)], pool[(s * 7 + i * 3) % len(pool)]) for i in range(steps + 1)]
                 for s in range(sessions)]
        await asyncio.gather(*(_session(browser, url, plan, times, first, errors, delay=STAGGER_S * s)
                               for s, plan in enumerate(plans)))
        await browser.close()
    return times, first, errors


def concurrency(db_path: Path, log_dir: Path, sessions: int = 20, steps: int = 5) -> dict:
    """p50/p95 seconds from a switch of page or place to a rendered chart with `sessions` browsers at
    once, the first load of each session apart, and the server's peak memory."""
    proc, url, _ = start(db_path, log_dir / "concurrency.log")
    try:
        pool = places(db_path, POOL)
        asyncio.run(_concurrency(url, pool[:2], 1, 1))               # the server's first page, not measured
        cpu = cpu_seconds(proc.pid)
        wall = time.perf_counter()
        times, first, errors = asyncio.run(_concurrency(url, pool, sessions, steps))
        wall, cpu = time.perf_counter() - wall, cpu_seconds(proc.pid) - cpu
        peak = peak_rss_mb(proc.pid)
    finally:
        stop(proc)
    if not times:
        raise RuntimeError(f"no session rendered a chart: {errors[:5]}")
    return {"sessions": sessions, "renders": len(times), "errors": len(errors), "error_examples": errors[:3],
            "p50_s": round(statistics.median(times), 2), "p95_s": round(percentile(times, 95), 2),
            "max_s": round(max(times), 2), "first_load_p50_s": round(statistics.median(first), 2),
            "first_load_p95_s": round(percentile(first, 95), 2), "server_peak_mb": round(peak),
            "wall_s": round(wall, 1), "server_cpu_s": round(cpu, 1),
            "server_cpu_per_render_ms": round(cpu / (len(times) + len(first)) * 1000)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--logs", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    print("cold start", cold_start(args.db, args.logs))
    print("concurrency", concurrency(args.db, args.logs, args.sessions, args.steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
