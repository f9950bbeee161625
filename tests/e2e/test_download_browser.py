"""A chart downloaded as PNG through the real browser: rendered server-side by kaleido on the click."""
from __future__ import annotations

import struct

import pytest
from playwright.sync_api import expect

from lagesbild import images
from tests.e2e.test_browser import open_page

pytestmark = pytest.mark.browser


def test_chart_png_download(server, page):
    open_page(page, f"{server}/anmalda-brott?plats=kommun-0162&fran=2015&till=2025", "Anmälda brott")
    button = page.get_by_test_id("stDownloadButton").filter(has_text="PNG").first
    expect(button).to_be_visible(timeout=30000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "anmalda-brott-totalt-danderyd-2015-2025.png"
    data = open(download.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (images.REPORT_SIZE[0] * images.SCALE, 480 * images.SCALE)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.errors == []
