"""Figures as files: PNG, SVG and PDF at a fixed report size, rendered server-side by kaleido with
the system's Chromium (Debian's `chromium`; a browser is never downloaded). Pure: no streamlit.

One long-lived Chromium renders every image (`start_server`, called once per process by the app
from a `st.cache_resource` function and once per session by the tests); without it every image
would start its own browser (about 3 s each instead of 0.2 s). The figure is the same object the
page shows, so the title, the `Källa: … Period: …` line and EXEMPELDATA are inside the image.
"""
from __future__ import annotations

import os
import shutil
import threading
import warnings
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from lagesbild.names import file_slug

REPORT_SIZE = (1000, 560)      # px (CSS pixels) when the figure sets no height of its own
SCALE = 2                      # PNG pixel density: a 1000 px wide figure is 2000 px wide
PAD = 12                       # px of white above and left of the title in a file
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
INSTALL_HINT = ("Bildexport kräver Chromium. Installera det med `sudo apt-get install chromium` "
                "(Debian/Ubuntu; `scripts/start.sh` installerar det också) och ladda om sidan.")
_FALLBACK_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
_lock = threading.Lock()       # kaleido's sync server answers one caller at a time, in order


class ChromiumMissing(RuntimeError):
    """No Chromium to render with; the message says how to install it (in Swedish)."""

    def __init__(self, message: str = INSTALL_HINT):
        super().__init__(message)


def chromium_path() -> str | None:
    """The browser kaleido will use: BROWSER_PATH if set (and nothing else then, as choreographer
    does), else `chromium` / `chromium-browser` on PATH, else Debian's fixed locations; None if none."""
    def runnable(path: str | None) -> bool:
        return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)

    configured = os.environ.get("BROWSER_PATH")
    if configured is not None:
        return configured if runnable(configured) else None
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser"), *_FALLBACK_PATHS):
        if runnable(candidate):
            return candidate
    return None


def _server():
    import kaleido

    return kaleido._global_server  # the singleton behind start_sync_server / calc_fig_sync


def server_running() -> bool:
    server = _server()
    thread = getattr(server, "_thread", None)
    return server.is_running() and thread is not None and thread.is_alive()


def start_server() -> None:
    """Start the one long-lived kaleido/Chromium process (no-op when it runs). Raises ChromiumMissing."""
    import kaleido

    path = chromium_path()
    if path is None:
        raise ChromiumMissing()
    with _lock:
        if server_running():
            return
        if _server().is_running():            # its thread died (browser crashed): start afresh
            kaleido.stop_sync_server(silence_warnings=True)
        # mathjax=False: no formulas in our charts, and no fetch from a CDN (the app may be offline).
        kaleido.start_sync_server(silence_warnings=True, path=path, mathjax=False)


def stop_server() -> None:
    import kaleido

    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)


def report_size(fig: go.Figure) -> tuple[int, int]:
    """(width, height) in CSS pixels: the fixed report width, and the figure's own height if it sets
    one (apply_theme does; tall charts need theirs), else the report height."""
    height = fig.layout.height
    return REPORT_SIZE[0], int(height) if height else REPORT_SIZE[1]


def render(fig: go.Figure, fmt: str) -> bytes:
    """The figure as PNG (at SCALE× resolution), SVG or PDF at the report size.

    Uses the long-lived server (started here if needed). Raises ChromiumMissing without a browser.
    """
    if fmt not in FORMATS:
        raise ValueError(f"okänt bildformat: {fmt!r} (png, svg eller pdf)")
    if not server_running():
        start_server()
    width, height = report_size(fig)
    copy = go.Figure(fig)
    copy.update_layout(width=width, height=height, autosize=False)
    if copy.layout.title.text and copy.layout.title.pad.t is None:
        # On screen the title may touch the figure's edge; a file gets a little white border.
        copy.update_layout(title_pad=dict(t=PAD, l=PAD))
    with _lock, warnings.catch_warnings():   # the server's queues are not safe for two callers at once
        # plotly.io passes its default MathJax URL with every call; the server has its own options.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        return pio.to_image(copy, format=fmt, width=width, height=height,
                            scale=SCALE if fmt == "png" else 1, validate=False)


def slug(name: str) -> str:
    """'Anmälda brott – Danderyd 2015–2025' -> 'anmalda-brott-danderyd-2015-2025' (ASCII, safe in a path)."""
    return file_slug(name, "diagram", 120)


def file_name(name: str, fmt: str) -> str:
    """'anmalda-brott-danderyd-2015-2025', 'png' -> 'anmalda-brott-danderyd-2015-2025.png'."""
    return f"{slug(name)}.{fmt}"
