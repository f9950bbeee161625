"""Importing while the app serves: through the CLI and through the import page in the browser."""
from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT
from tests.e2e.test_browser import open_page

pytestmark = pytest.mark.browser


def test_cli_import_while_the_app_serves_shows_at_once(writable_server, page, tmp_path):
    url, path = writable_server
    open_page(page, f"{url}/?plats=kommun-0162", "Översikt")
    data = tmp_path / "vallingby.csv"
    data.write_text("Område;År;Brottskategori;Antal\nVällingby centrum;2024;Totalt antal brott;300\n"
                    "Vällingby centrum;2025;Totalt antal brott;321\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "loaders", "--db", str(path), "import", str(data)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    open_page(page, f"{url}/?plats=plats-vallingby-centrum", "Översikt")
    expect(page.get_by_role("heading", name="Vällingby centrum (plats i Vällingby)")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("321")


def test_upload_in_the_browser_then_see_the_figure(writable_server, page, tmp_path):
    url, _ = writable_server
    data = tmp_path / "morby.csv"
    data.write_text("Område;År;Brottskategori;Antal\nMörby centrum;2024;Rån;3\nMörby centrum;2025;Rån;8\n",
                    encoding="utf-8")
    page.goto(f"{url}/importera")
    expect(page.get_by_role("heading", name="Importera data")).to_be_visible(timeout=30000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(data))
    expect(page.get_by_text("Klar att importera")).to_be_visible(timeout=30000)
    page.get_by_role("button", name="Importera 1 fil").click()
    expect(page.get_by_text("importerad som import")).to_be_visible(timeout=30000)
    open_page(page, f"{url}/anmalda-brott?plats=plats-morby-centrum&kategori=ran", "Anmälda brott")
    expect(page.locator(".gtitle", has_text="Rån inkl. grovt, per år")).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    expect(chart.get_by_text("Mörby centrum (plats i Danderyd)")).to_be_visible()
    expect(chart.get_by_text("Källa: Polisen, lokal statistik (egen import). Period: 2024–2025.")).to_be_attached()
