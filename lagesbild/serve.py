"""Start the app: `python -m lagesbild.serve [streamlit run options]` (what scripts/start.sh runs).

Streamlit treats a folder named `pages/` beside the main script as its legacy multipage folder
until `st.navigation` has run once in the process; a fresh server's first request for a deep link
(`/trygghet?plats=…`) then shows a "Page not found" dialog before app.py takes over. Our `pages/`
only holds the pages app.py registers, so we tell Streamlit so before the server starts.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> int:
    from lagesbild import settings

    # Several processes may serve one database (docs/scaling.md): say which one, token hidden.
    print(f"Lägesbild: databasen är {settings.describe(settings.db_path())}", file=sys.stderr, flush=True)
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


# How tests and benchmarks drive Debian's chromium headless (never a downloaded browser).
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(db_path, log, *, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """A server as scripts/start.sh runs it, on a free local port against `db_path`, its output to the
    open file `log`; returns (process, url) once it answers its health check (for tests and benchmarks)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lagesbild.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=APP.parent, env=dict(os.environ, LAGESBILD_DB=str(db_path)), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"the server did not start; see {getattr(log, 'name', 'its log')}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


if __name__ == "__main__":
    sys.exit(main())
