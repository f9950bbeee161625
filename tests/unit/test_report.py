"""The report (Rapport) as a Word document: open the DOCX with python-docx and check headings,
numbered figure and table captions, pictures, the sources section, '..' for suppressed values, and the
fallback without Chromium."""
from __future__ import annotations

import io

import docx
import pytest

from lagesbild import db, images, report

HEADINGS = ["1 Inledning och syfte", "2 Kartläggning", "3 Jämförelser", "4 Utveckling över tid",
            "5 Trygghet och utsatthet", "6 Närvaro och insatser", "7 Fokusområden och åtgärdsplan med uppföljning",
            "8 Analys", "Källor och metod"]
chromium = pytest.mark.skipif(images.chromium_path() is None,
                              reason="Debian's chromium is missing: run scripts/test.sh, which installs it")


def build(demo_con, **kwargs) -> docx.document.Document:
    params = dict(place_id="kommun-0162", year_from=2015, year_to=2025, sections=list(report.SECTIONS))
    return docx.Document(io.BytesIO(report.build_report(demo_con, **{**params, **kwargs})))


def headings(document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def captions(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Caption"]


def section_text(document, heading: str) -> str:
    """The paragraphs from a level-1 heading to the next one."""
    out, inside = [], False
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == heading
            continue
        if inside:
            out.append(p.text)
    return "\n".join(out)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def full(demo_con, image_server):
    steps = []
    document = build(demo_con, progress=lambda fraction, text: steps.append((fraction, text)))
    return document, steps


@chromium
def test_full_report_has_the_sections_figures_and_tables(full):
    document, steps = full
    assert headings(document) == HEADINGS
    assert document.paragraphs[0].text == "Lägesbild – Danderyd"
    figure_captions = [c for c in captions(document) if c.startswith("Figur ")]
    table_captions = [c for c in captions(document) if c.startswith("Tabell ")]
    assert figure_captions[0].startswith("Figur 1. ")
    assert [c.split(".")[0] for c in figure_captions] == [f"Figur {i}" for i in range(1, len(figure_captions) + 1)]
    assert [c.split(".")[0] for c in table_captions] == [f"Tabell {i}" for i in range(1, len(table_captions) + 1)]
    assert len(document.inline_shapes) == len(figure_captions) >= 5
    assert all(abs(shape.width - report.FIGURE_WIDTH) < 1000 for shape in document.inline_shapes)
    assert len(document.tables) == len(table_captions) >= 5
    # Progress: from 0 to 1, never backwards, naming the sections.
    fractions = [f for f, _ in steps]
    assert fractions[0] == 0 and fractions[-1] == 1 and fractions == sorted(fractions)
    assert "3 Jämförelser" in [t for _, t in steps]


@chromium
def test_full_report_texts_come_from_the_data(full, demo_db):
    from lagesbild import fmt
    from tests.demo_support import read

    document, _ = full
    (count,), = read(demo_db, "SELECT count FROM crime_counts WHERE place_id = 'kommun-0162' AND category_id = "
                              "'totalt' AND period_type = 'year' AND year = 2025 AND source = 'bra'")
    assert f"Anmälda brott i Danderyd: {fmt.number(count)} (2025)" in section_text(document, "2 Kartläggning")
    sources = section_text(document, "Källor och metod")
    assert "publicerade händelser är inte brottsstatistik" in sources
    assert "Brå, anmälda brott" in sources
    assert "EXEMPELDATA – inte verkliga siffror" in "\n".join(p.text for p in document.paragraphs[:6])
    analysis = section_text(document, "8 Analys")
    for question in report.GUIDING_QUESTIONS:
        assert question in analysis


def test_only_chosen_sections_and_the_editors_analysis(demo_con, monkeypatch):
    monkeypatch.setattr(images, "render", lambda fig, fmt: (_ for _ in ()).throw(images.ChromiumMissing()))
    document = build(demo_con, sections=["analys", "inledning"], analysis_text="Första stycket.\n\nAndra stycket.")
    assert headings(document) == ["1 Inledning och syfte", "8 Analys", "Källor och metod"]
    analysis = section_text(document, "8 Analys")
    assert "Första stycket." in analysis and "Andra stycket." in analysis
    assert "Vad är problemet?" not in analysis


def test_without_chromium_the_report_still_builds_with_tables(demo_con, monkeypatch):
    def missing(fig, fmt):
        raise images.ChromiumMissing()

    monkeypatch.setattr(images, "render", missing)
    document = build(demo_con, sections=["kartlaggning", "jamforelser", "utveckling"])
    assert headings(document) == ["2 Kartläggning", "3 Jämförelser", "4 Utveckling över tid", "Källor och metod"]
    assert len(document.inline_shapes) == 0
    assert not [c for c in captions(document) if c.startswith("Figur")]
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("Diagrammet kunde inte ritas eftersom Chromium saknas") >= 3
    assert len(document.tables) >= 4   # the figures' tables stand in for them


def test_suppressed_survey_values_are_dots(demo_con, monkeypatch):
    """Nykvarn's Stockholmsenkäten 2014, gy 2 girls and boys, is hidden in the source: '..' in the table."""
    monkeypatch.setattr(images, "render", lambda fig, fmt: (_ for _ in ()).throw(images.ChromiumMissing()))
    document = build(demo_con, place_id="kommun-0140", year_from=2014, year_to=2024, sections=["trygghet"])
    rows = [r for t in document.tables for r in cells(t)]
    hidden = [r for r in rows if "2014" in r and "gy 2" in r and "flickor/kvinnor" in r]
    assert hidden and all(".." in r for r in hidden)
    assert any("dolt i källan" in cell for r in hidden for cell in r)


def test_values_from_too_few_respondents_are_dots(demo_con, monkeypatch):
    """With a threshold above every group, every value with a known number of respondents is '..' (NTU
    gives no count, so its values stay)."""
    monkeypatch.setattr(images, "render", lambda fig, fmt: (_ for _ in ()).throw(images.ChromiumMissing()))
    document = build(demo_con, sections=["trygghet", "kartlaggning"], min_respondents=10 ** 9)
    tables = [cells(t) for t in document.tables]
    survey_tables = [t for t in tables if "Värde" in t[0]]
    known = []
    for table in survey_tables:
        value, n = table[0].index("Värde"), table[0].index("Antal svarande")
        known += [row[value] for row in table[1:] if row[n] != "okänt"]
    assert len(survey_tables) >= 3 and len(known) > 20 and set(known) == {".."}
    assert "Det finns inga enkätresultat" not in section_text(document, "5 Trygghet och utsatthet")


def test_place_without_data_says_so(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    connection = db.open_snapshot(path)
    try:
        places = connection.execute("SELECT place_id FROM places WHERE level = 'kommun' LIMIT 1").fetchall()
        if not places:
            pytest.skip("no place registry in an empty database")
        document = build(connection, place_id=places[0][0], year_from=2020, year_to=2021)
    finally:
        connection.close()
    assert headings(document) == HEADINGS
    assert "Det finns inga enkätresultat" in section_text(document, "5 Trygghet och utsatthet")
    assert "Det finns inga närvaro- eller patrullpass" in section_text(document, "6 Närvaro och insatser")
    assert "EXEMPELDATA" not in "\n".join(p.text for p in document.paragraphs)
