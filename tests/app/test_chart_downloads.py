"""Every chart's PNG, SVG and PDF downloads, on a page with AppTest: the bytes Streamlit serves on a
click come from the button's deferred callable, which the test records and calls as the server would."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from lagesbild import images

PAGE = "pages/reported_crime.py"


@pytest.fixture
def deferred(monkeypatch):
    """file name -> the callable a download button registered (run on click by Streamlit's server)."""
    recorded: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        recorded[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return recorded


@pytest.mark.skipif(images.chromium_path() is None, reason="Debian's chromium is missing (scripts/test.sh)")
def test_chart_downloads_png_svg_pdf(app_on, demo_db, deferred):
    at = app_on(demo_db, PAGE, plats="kommun-0162", fran="2015", till="2025")
    assert not at.exception, [e.message for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["PNG", "SVG", "PDF"]
    stem = "anmalda-brott-totalt-danderyd-2015-2025"
    assert {f"{stem}.png", f"{stem}.svg", f"{stem}.pdf"} <= set(deferred)

    make_png, mime = deferred[f"{stem}.png"]
    png = make_png()                                   # what a click on "PNG" downloads
    assert mime == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = Image.open(io.BytesIO(png)).size
    assert width == images.REPORT_SIZE[0] * images.SCALE
    assert height == 480 * images.SCALE               # the chart's own height (charts.apply_theme)

    svg = deferred[f"{stem}.svg"][0]().decode()
    assert "Källa:" in svg and "EXEMPELDATA" in svg and "Period:" in svg
    assert deferred[f"{stem}.pdf"][0]().startswith(b"%PDF-")


def test_without_chromium_the_page_explains_and_works(app_on, demo_db, deferred, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = app_on(demo_db, PAGE, plats="kommun-0162")
    assert not at.exception, [e.message for e in at.exception]
    assert at.get("plotly_chart"), "the chart itself is still shown"
    assert not [b for b in at.get("download_button") if b.proto.label in ("PNG", "SVG", "PDF")]
    assert not [name for name in deferred if name.endswith((".png", ".svg", ".pdf"))]
    hints = [m.value for m in at.markdown if "Bildexport kräver Chromium" in m.value]
    assert hints and "sudo apt-get install chromium" in hints[0]
