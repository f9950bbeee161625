"""Mötesläge in the real browser at projector size: arrow keys move through a sequence of three views,
and screenshots at 1920×1080 show no sidebar and no text smaller than the minimum."""
from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

MIN_FONT_PX = 18            # charts.PROJECTOR_MIN_FONT: readable from the back of a room
SIDEBAR_RGB = (240, 242, 246)  # Streamlit's sidebar background (secondaryBackgroundColor)

# Every visible text on the page: (text, font size in px). SVG text (the chart) included.
VISIBLE_TEXT_SIZES = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim());
    if (!own.length) continue;
    const style = getComputedStyle(el), rect = el.getBoundingClientRect();
    if (style.display === 'none' || style.visibility === 'hidden' || +style.opacity === 0) continue;
    if (rect.width === 0 || rect.height === 0 || rect.bottom < 0 || rect.top > innerHeight) continue;
    if (el.closest('[aria-hidden="true"], style, script, title')) continue;
    out.push([own.join(' ').slice(0, 40), parseFloat(style.fontSize)]);
  }
  return out;
}"""


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def _check_screen(page, tmp_path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot))
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    assert image.size == (1920, 1080)
    # No sidebar: neither in the DOM nor as the sidebar's grey band down the left edge.
    assert page.locator('[data-testid="stSidebar"]').filter(visible=True).count() == 0
    band = np.asarray(image.crop((0, 200, 240, 900)))
    grey = int((band == SIDEBAR_RGB).all(axis=2).sum())
    assert grey < 0.05 * band.shape[0] * band.shape[1], f"{name}: sidebar-coloured band at the left"
    sizes = page.evaluate(VISIBLE_TEXT_SIZES)
    small = [(text, size) for text, size in sizes if size < MIN_FONT_PX]
    assert sizes and not small, f"{name}: text smaller than {MIN_FONT_PX} px: {small[:10]}"
    # The key message and the chart's own text are large.
    assert page.locator(".lb-message").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 28
    assert page.locator(".js-plotly-plot .gtitle").first.evaluate(
        "e => parseFloat(getComputedStyle(e.querySelector('tspan') || e).fontSize)") >= 30


def test_arrow_keys_go_through_three_views_on_a_clean_screen(server, projector, tmp_path):
    page = projector
    page.goto(f"{server}/moteslage?vyer=brott,handelser-tid,trygghet&plats=kommun-0162")
    step = page.locator(".lb-step", has_text="Vy ")
    expect(step).to_have_text("Vy 1 av 3", timeout=60000)
    expect(page.locator(".lb-message")).to_contain_text("Anmälda brott i Danderyd")
    expect(page.locator(".lb-demo")).to_have_text("Exempeldata")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30000)
    _check_screen(page, tmp_path, "vy1")

    page.keyboard.press("ArrowRight")
    expect(step).to_have_text("Vy 2 av 3", timeout=30000)
    expect(page.locator(".lb-message")).to_contain_text("Publicerade händelser i Danderyd")
    expect(page).to_have_url(re.compile(r"vy=2"))
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30000)
    _check_screen(page, tmp_path, "vy2")

    page.keyboard.press("ArrowRight")
    expect(step).to_have_text("Vy 3 av 3", timeout=30000)
    expect(page.locator(".lb-message")).to_contain_text("Känner sig trygg ute sent en kväll: 81,7 % (Danderyd 2024")
    expect(page).to_have_url(re.compile(r"vy=3"))
    _check_screen(page, tmp_path, "vy3")

    page.keyboard.press("ArrowLeft")
    expect(step).to_have_text("Vy 2 av 3", timeout=30000)
    # The address is the view: reloading it shows the same view.
    page.reload()
    expect(page.locator(".lb-step", has_text="Vy ")).to_have_text("Vy 2 av 3", timeout=60000)


def test_place_changes_with_one_click(server, projector):
    page = projector
    page.goto(f"{server}/moteslage?vyer=brott&plats=kommun-0162")
    expect(page.locator(".lb-message")).to_contain_text("Anmälda brott i Danderyd", timeout=60000)
    page.locator("[data-testid=stButtonGroup]").get_by_text("Stockholm", exact=True).click()
    expect(page.locator(".lb-message")).to_contain_text("Anmälda brott i Stockholm", timeout=30000)
    expect(page).to_have_url(re.compile(r"plats=kommun-0180"))
