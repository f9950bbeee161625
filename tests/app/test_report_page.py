"""Rapport: choose place, period and sections, click "Skapa rapport", download a DOCX; click "Skapa
bildspel (.pptx)", download a PPTX."""
from __future__ import annotations

import io
import zipfile

import docx
import pptx
import pytest

from lagesbild import db, images

PAGE = "pages/report.py"


@pytest.fixture
def no_chromium(monkeypatch):
    """The page test checks the page, not the images (tests/unit/test_report.py renders them)."""
    def missing(fig, fmt):
        raise images.ChromiumMissing()

    monkeypatch.setattr(images, "render", missing)


def test_report_page_on_demo_builds_a_docx(app_on, demo_db, media, no_chromium):
    at = app_on(demo_db, PAGE, plats="kommun-0162", fran="2015", till="2025")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Rapport"
    sections = at.multiselect(key="rapport.avsnitt")
    assert len(sections.value) == 8                        # all sections by default
    assert not at.get("download_button")
    at.text_area(key="rapport.analys").input("Vår analys av läget.")
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    button, = at.get("download_button")
    file = media(button)
    assert file.filename == "lagesbild-rapport-danderyd-2015-2025.docx"
    assert file.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    data = file.content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "word/document.xml" in archive.namelist()
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1 Inledning och syfte" and headings[-1] == "Källor och metod"
    assert any(p.text == "Vår analys av läget." for p in document.paragraphs)


def test_report_page_sections_kept_in_url(app_on, demo_db, media, no_chromium):
    at = app_on(demo_db, PAGE, plats="kommun-0162", avsnitt="inledning,analys")
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key="rapport.avsnitt").value == ["inledning", "analys"]
    assert at.query_params["avsnitt"] == "inledning,analys"
    at.button[0].click().run()
    document = docx.Document(io.BytesIO(media(at.get("download_button")[0]).content))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "1 Inledning och syfte", "8 Analys", "Källor och metod"]


def test_report_page_builds_a_deck(app_on, demo_db, media, no_chromium):
    at = app_on(demo_db, PAGE, plats="kommun-0162", fran="2015", till="2025", avsnitt="inledning,jamforelser,analys")
    assert not at.exception, [e.message for e in at.exception]
    deck_button = at.button(key="rapport.skapa_bildspel")
    assert deck_button.label == "Skapa bildspel (.pptx)"
    deck_button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    button, = at.get("download_button")                  # only the deck: the report was not asked for
    assert button.proto.label == "Ladda ned bildspelet (.pptx)"
    file = media(button)
    assert file.filename == "lagesbild-bildspel-danderyd-2015-2025.pptx"
    assert file.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    presentation = pptx.Presentation(io.BytesIO(file.content))
    assert [slide.shapes.title.text for slide in presentation.slides] == [
        "Lägesbild – Danderyd", "Anmälda brott per 100 000 invånare – Danderyd", "Källor och metod"]
    # Then the report too: both downloads are offered side by side.
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    names = sorted(media(b).filename for b in at.get("download_button"))
    assert names == ["lagesbild-bildspel-danderyd-2015-2025.pptx", "lagesbild-rapport-danderyd-2015-2025.docx"]


def test_report_page_on_empty_database(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = app_on(path, PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert at.info
    assert not at.button and not at.get("download_button")
