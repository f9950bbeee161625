"""Each page in a real browser (Debian's chromium): renders its charts, no errors, state in the URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [("/", "Översikt"), ("/anmalda-brott", "Anmälda brott"), ("/polisens-handelser", "Polisens händelser"),
         ("/narvaro", "Närvaro och patrullering"), ("/trygghet", "Trygghet och enkäter"),
         ("/platser", "Danderyd (kommun)"), ("/karta", "Karta"), ("/fokusomraden", "Fokusområden"),
         ("/rapport", "Rapport"), ("/moteslage", "Mötesläge")]


def open_page(page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30000)
    # Plotly has drawn: at least one chart with its SVG and our source line inside it.
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30000)


@pytest.mark.parametrize("path,heading", PAGES)
def test_page_renders_in_chromium(server, page, path, heading):
    open_page(page, f"{server}{path}?plats=kommun-0162", heading)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.errors == []
    expect(page.get_by_text("Exempeldata.", exact=False).first).to_be_visible()
    expect(page.locator(".js-plotly-plot").get_by_text(re.compile("^Källa:")).first).to_be_attached()


def test_choice_kept_in_url_and_across_pages(server, page):
    open_page(page, f"{server}/anmalda-brott?plats=kommun-0162&kategori=bostadsinbrott&fran=2018&till=2025",
              "Anmälda brott")
    expect(page.locator(".gtitle", has_text="Bostadsinbrott, per år")).to_be_visible()
    page.get_by_role("link", name="Översikt").click()
    expect(page.get_by_role("heading", name="Danderyd (kommun)")).to_be_visible(timeout=30000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(page).to_have_url(re.compile(r"plats=kommun-0162"))
    expect(page).to_have_url(re.compile(r"fran=2018"))


def test_presence_filters_kept_in_url(server, page):
    open_page(page, f"{server}/narvaro?plats=kommun-0162&typ=foraldravandring&per=vecka", "Närvaro och patrullering")
    expect(page.locator(".gtitle", has_text="Timmar med närvaro per vecka – Danderyd")).to_be_visible()
    expect(page.locator(".gtitle", has_text="Publicerade händelser – Danderyd")).to_be_visible()
    expect(page.get_by_text(re.compile("^Närvaro fanns under "))).to_be_visible()
    page.get_by_text("Månad", exact=True).click()
    expect(page.locator(".gtitle", has_text="Timmar med närvaro per månad – Danderyd")).to_be_visible(timeout=30000)
    expect(page).to_have_url(re.compile(r"per=m%C3%A5nad|per=månad"))
    expect(page).to_have_url(re.compile(r"typ=foraldravandring"))
    assert page.errors == []


def test_place_picker_updates_page_and_url(server, page):
    open_page(page, f"{server}/?plats=kommun-0162", "Översikt")
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    picker.click()
    page.keyboard.type("Täby")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Täby (kommun)")).to_be_visible(timeout=30000)
    expect(page).to_have_url(re.compile(r"plats=kommun-0160"))


def test_deep_link_as_first_request_gets_the_real_navigation(demo_db, page, tmp_path_factory):
    from tests.e2e.conftest import start_server, stop_server

    proc, url, log = start_server(demo_db, tmp_path_factory.mktemp("fresh"))
    try:
        open_page(page, f"{url}/anmalda-brott?plats=kommun-0162", "Anmälda brott")
        expect(page.get_by_text("Page not found")).to_have_count(0)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Polisens händelser")).to_be_visible()
        expect(nav.get_by_text("Importera data")).to_be_visible()
    finally:
        stop_server(proc, log)


@pytest.mark.parametrize("place,areas,points", [("kommun-0180", 12, 4), ("kommun-0162", 26, 8)])
def test_map_renders_offline(server, page, place, areas, points):
    """The map draws its areas and places with every request outside the app blocked: no tiles and no
    topojson from a CDN."""
    outside = []
    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), lambda route: (outside.append(route.request.url),
                                                                               route.abort()))
    open_page(page, f"{server}/karta?plats={place}", "Karta")
    expect(page.locator(".js-plotly-plot .choroplethlocation")).to_have_count(areas, timeout=30000)
    expect(page.locator(".js-plotly-plot .scattergeo .point")).to_have_count(points)
    expect(page.locator(".js-plotly-plot .gtitle", has_text="anmälda brott per 100 000 inv.")).to_be_visible()
    assert outside == [] and page.errors == []


def test_priority_areas_follow_up_view_kept_in_url(server, page):
    open_page(page, f"{server}/fokusomraden?plats=kommun-0162", "Fokusområden")
    expect(page.locator(".gtitle", has_text="uppföljning T1 2018")).to_be_visible()
    page.get_by_text("Uppföljning", exact=True).last.click()
    expect(page.locator(".gtitle", has_text="Uppföljning T1 2018 – Danderyd")).to_be_visible(timeout=30000)
    expect(page).to_have_url(re.compile(r"vy=uppfoljning"))
    expect(page).to_have_url(re.compile(r"plan=danderyd-handlingsplan-2017-2018"))
    assert page.errors == []
