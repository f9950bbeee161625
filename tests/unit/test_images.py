"""Figures as PNG, SVG and PDF through kaleido and Debian's chromium: open the files and check them."""
from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image

from lagesbild import charts, images

NBSP = "\u00a0"
pytestmark = pytest.mark.skipif(images.chromium_path() is None,
                                reason="Debian's chromium is missing: run scripts/test.sh, which installs it")


@pytest.fixture(scope="module", autouse=True)
def image_server():
    """One kaleido/Chromium for the module, as the app has one per process."""
    images.start_server()
    yield
    images.stop_server()


def small_chart(height: int | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(x=["2015", "2016", "2017"], y=[1000, 12345, 8000], name="Danderyd"))
    charts.apply_theme(fig, title="Anmälda brott – Danderyd", source="Brå, anmälda brott", period="2015–2017",
                       demo=True, **({"height": height} if height else {}))
    fig.update_yaxes(tickformat=",d")
    return fig


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_png_has_report_size_at_double_resolution():
    fig = small_chart()
    data = images.render(fig, "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])          # IHDR
    assert (width, height) == (images.REPORT_SIZE[0] * images.SCALE, 480 * images.SCALE)   # apply_theme height
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.size == (2000, 960)
    assert image.getpixel((5, 5))[:3] == (255, 255, 255)         # white paper, not transparent


def test_figure_without_height_gets_the_report_height():
    fig = small_chart()
    fig.layout.height = None
    assert images.report_size(fig) == images.REPORT_SIZE
    image = Image.open(io.BytesIO(images.render(fig, "png")))
    assert image.size == (images.REPORT_SIZE[0] * 2, images.REPORT_SIZE[1] * 2)


def test_render_leaves_the_shown_figure_alone():
    fig = small_chart()
    images.render(fig, "png")
    assert fig.layout.width is None and fig.layout.height == 480


def test_svg_has_title_source_period_and_swedish_numbers():
    data = images.render(small_chart(), "svg")
    root = ET.fromstring(data)
    assert (root.get("width"), root.get("height")) == ("1000", "480")
    texts = svg_texts(data)
    assert "Anmälda brott – Danderyd" in texts
    source = [t for t in texts if t.startswith("Källa:")]
    assert source == ["Källa: Brå, anmälda brott. Period: 2015–2017. EXEMPELDATA – inte verkliga siffror."]
    # Thousands separated by a no-break space (fmt.PLOTLY_SEPARATORS), never "12,000" or "12k".
    assert f"12{NBSP}000" in texts
    assert not any(re.fullmatch(r"\d+[,.]\d{3}|\d+k", t) for t in texts)


def test_pdf_is_one_page_of_the_report_size():
    data = images.render(small_chart(), "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]+)\]", data).group(1).split()]
    assert box == [0, 0, 1000 * 0.75, 480 * 0.75]                # CSS px -> pt
    assert b"/FontFile" in data or b"/Font" in data               # text is drawn as text (subset font)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        images.render(small_chart(), "jpeg")


@pytest.mark.parametrize("name,fmt,expected", [
    ("anmalda-brott-danderyd-2015-2025", "png", "anmalda-brott-danderyd-2015-2025.png"),
    ("Anmälda brott – Danderyd 2015–2025", "svg", "anmalda-brott-danderyd-2015-2025.svg"),
    ("Trygghet i Hässelby-Vällingby, Åkeshov/Ängby", "pdf", "trygghet-i-hasselby-vallingby-akeshov-angby.pdf"),
    ("fokusomrade-hv/2020/1", "png", "fokusomrade-hv-2020-1.png"),
    ("–", "png", "diagram.png"),
])
def test_file_names_are_safe_ascii(name, fmt, expected):
    assert images.file_name(name, fmt) == expected


def test_chromium_missing_explains_how_to_install(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert images.chromium_path() is None
    with pytest.raises(images.ChromiumMissing) as error:
        images.start_server()
    message = str(error.value)
    assert message.startswith("Bildexport kräver Chromium.")
    assert "sudo apt-get install chromium" in message and "scripts/start.sh" in message
    # The running server (started before the browser went missing) is untouched.
    assert images.server_running()


def test_chromium_missing_without_a_server(monkeypatch):
    images.stop_server()
    try:
        monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
        with pytest.raises(images.ChromiumMissing):
            images.render(small_chart(), "png")
        assert not images.server_running()
    finally:
        monkeypatch.delenv("BROWSER_PATH")
        images.start_server()


def test_chromium_found_from_path(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert images.chromium_path() == str(fake)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert images.chromium_path() == str(fake)
