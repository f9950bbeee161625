"""A table's Excel download through the real browser (Debian's chromium), opened with openpyxl."""
from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import open_page

pytestmark = pytest.mark.browser


def test_crime_table_downloads_as_xlsx(server, page, tmp_path):
    open_page(page, f"{server}/anmalda-brott?plats=kommun-0162", "Anmälda brott")
    button = page.get_by_role("button", name="Excel", exact=True).last
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible(timeout=30000)
    with page.expect_download(timeout=30000) as info:
        button.click()
    download = info.value
    assert re.fullmatch(r"[a-z0-9-]+\.xlsx", download.suggested_filename)    # an ASCII slug
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[1] == "Om datan"
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Plats", "Period", "Antal"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet["A2"].value == "Danderyd"
    count = sheet.cell(row=2, column=header.index("Antal") + 1)
    assert isinstance(count.value, int) and count.data_type == "n" and count.number_format == "#,##0"
    about = {r[0]: r[1] for r in workbook["Om datan"].iter_rows(values_only=True) if r[0]}
    assert about["Exempeldata"] == "EXEMPELDATA – inte verkliga siffror"
    assert page.errors == []
