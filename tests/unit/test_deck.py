"""The deck (Bildspel) for the trygghetsråd: open the PPTX with python-pptx and check the slide count, the
titles in order, the key messages (exact values from a small fixture database), '..' for a suppressed
survey group, the EXEMPELDATA mark, the sources slide and the fallback without Chromium."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pptx
import pytest
from pptx.util import Pt

from lagesbild import db, deck, figures, images, report

TODAY = dt.date(2026, 3, 1)
NBSP = "\u00a0"
chromium = pytest.mark.skipif(images.chromium_path() is None,
                              reason="Debian's chromium is missing: run scripts/test.sh, which installs it")

# A fixture database through the real loaders: Danderyd's reported crime (our police template),
# population, and two evening-safety surveys, Stockholmsenkäten 2024 with only 7 respondents.
FILES = {
    "brott.csv": "Område;År;Brottskategori;Antal\n"
                 "Danderyd;2024;Totalt antal brott;2513\nDanderyd;2025;Totalt antal brott;2565\n"
                 "Danderyd;2024;Misshandel;124\nDanderyd;2025;Misshandel;142\n"
                 "Danderyd;2024;Bostadsinbrott;60\nDanderyd;2025;Bostadsinbrott;35\n",
    "folkmangd.csv": "Område;År;Folkmängd\nDanderyd;2024;33000\nDanderyd;2025;33500\n",
    "enkat.csv": "Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande\n"
                 "Stockholmsenkäten;2022;Danderyd;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;14,0;andel;"
                 "180\n"
                 "Stockholmsenkäten;2024;Danderyd;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;25,0;andel;"
                 "7\n"
                 "Polisens trygghetsmätning;2023;Danderyd;Alla;Alla;Känner sig trygg ute sent en kväll;80,5;andel;"
                 "350\n"
                 "Polisens trygghetsmätning;2024;Danderyd;Alla;Alla;Känner sig trygg ute sent en kväll;78,0;andel;"
                 "340\n",
}
FIXTURE_TITLES = ["Lägesbild – Danderyd", "Anmälda brott per 100 000 invånare – Danderyd",
                  "Anmälda brott per kategori – Danderyd",
                  "Känner sig trygg ute sent en kväll – Polisens trygghetsmätning",
                  "Känner sig otrygg ute ensam sent en kväll – Stockholmsenkäten", "Källor och metod"]
DEMO_TITLES = ["Lägesbild – Danderyd", "Publicerade händelser – Danderyd",
               "Anmälda brott per 100 000 invånare – Danderyd", "Anmälda brott per kategori – Danderyd",
               "Känner sig trygg ute sent en kväll – Polisens trygghetsmätning",
               "Otrygghet vid utevistelse sen kväll – Nationella trygghetsundersökningen (NTU)",
               "Känner sig otrygg ute ensam sent en kväll – Stockholmsenkäten",
               "Timmar med närvaro per månad – Danderyd", "Uppföljning T1 2018 – Danderyd", "Källor och metod"]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    from loaders.pipeline import import_files

    directory = tmp_path_factory.mktemp("deck")
    paths = []
    for name, text in FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
        paths.append(directory / name)
    path = directory / "deck.duckdb"
    for result in import_files(paths, db_path=path):
        assert result.status == "ok", result.message
    return path


@pytest.fixture(scope="module")
def fixture_con(fixture_db):
    connection = db.open_snapshot(fixture_db)
    yield connection
    connection.close()


@pytest.fixture
def no_chromium(monkeypatch):
    def missing(fig, fmt):
        raise images.ChromiumMissing()

    monkeypatch.setattr(images, "render", missing)


def build(con, **kwargs) -> pptx.presentation.Presentation:
    params = dict(place_id="kommun-0162", year_from=2015, year_to=2025, sections=list(report.SECTIONS),
                  today=TODAY)
    return pptx.Presentation(io.BytesIO(deck.build_deck(con, **{**params, **kwargs})))


def titles(presentation) -> list[str]:
    return [slide.shapes.title.text for slide in presentation.slides]


def titles_of(slides) -> list[str]:
    return [s.shapes.title.text for s in slides]


def shape(slide, name: str):
    found = [s for s in slide.shapes if s.name == name]
    assert len(found) == 1, [s.name for s in slide.shapes]
    return found[0]


def message(slide) -> str:
    return shape(slide, deck.MESSAGE_NAME).text_frame.text


def slide_text(slide) -> str:
    parts = []
    for s in slide.shapes:
        if s.has_text_frame:
            parts.append(s.text_frame.text)
        if s.has_table:
            parts += [cell.text for row in s.table.rows for cell in row.cells]
    return "\n".join(parts)


def font_sizes(text_shape) -> list[Pt]:
    return [run.font.size for p in text_shape.text_frame.paragraphs for run in p.runs]


# --- a fixture database: exact values ------------------------------------------------------------

def test_fixture_deck_titles_and_key_messages(fixture_con, no_chromium):
    steps = []
    presentation = build(fixture_con, year_from=2020, progress=lambda fraction, text: steps.append((fraction, text)))
    assert titles(presentation) == FIXTURE_TITLES          # no events, presence or plan: no slides for them
    slides = list(presentation.slides)
    assert message(slides[1]) == f"2025 anmäldes 7{NBSP}657 brott per 100 000 invånare i Danderyd."
    assert message(slides[2]) == (f"Anmälda brott i Danderyd: 2{NBSP}565 (2025), +52 jämfört med 2024, "
                                  "inte säkerställt.")
    assert message(slides[3]) == f"Känner sig trygg ute sent en kväll: 78,0{NBSP}% (Danderyd 2024, 340 svarande)."
    # Stockholmsenkäten 2024 had 7 respondents: hidden, '..' with the reason, never the value or 0.
    assert message(slides[4]) == ("Känner sig otrygg ute ensam sent en kväll: .. (Danderyd 2024, åk 9, 7 svarande, "
                                  "dolt: färre än 10 svarande).")
    everything = "\n".join(slide_text(s) + s.notes_slide.notes_text_frame.text for s in slides)
    assert "25,0" not in everything
    # Without Chromium the category slide shows the figure's table: misshandel +18, not säkerställd.
    rows = [[c.text for c in r.cells] for s in slides[2].shapes if s.has_table for r in s.table.rows]
    assert ["Misshandel inkl. grov", "2025", "142", "124", "+18", "inte säkerställd", "424"] in rows
    assert "Chromium saknas" in slide_text(slides[1])
    assert "Källa: Polisen, lokal statistik (egen import). Period: 2024–2025." in slide_text(slides[1])
    # Progress from 0 to 1, never backwards, naming the sections.
    fractions = [f for f, _ in steps]
    assert fractions[0] == 0 and fractions[-1] == 1 and fractions == sorted(fractions)
    assert [t for _, t in steps][:2] == ["Titelsida", "2 Kartläggning"]
    assert "EXEMPELDATA" not in everything.upper()


def test_fixture_sources_slide(fixture_con, no_chromium):
    sources = list(build(fixture_con, year_from=2020).slides)[-1]
    assert sources.shapes.title.text == "Källor och metod"
    listed = shape(sources, deck.SOURCES_NAME).text_frame.text
    assert listed.startswith("Källor och perioder\n• Polisen, lokal statistik (egen import): 2024–2025\n")
    assert "(Stockholmsenkäten), elever i årskurs 9 och gymnasiets år 2: 2022–2024" in listed
    caveats = listed.split("Förbehåll\n", 1)[1]
    assert "inte brottsstatistik" in caveats and "färre än 10 svarade" in caveats
    assert "Plats: Danderyd. Period: 2020–2025. Skapad 2026-03-01" in shape(sources, "Om bildspelet").text_frame.text


def test_lower_threshold_shows_the_small_group(fixture_con, no_chromium):
    slides = list(build(fixture_con, year_from=2020, sections=["trygghet"], min_respondents=5).slides)
    assert titles_of(slides) == [FIXTURE_TITLES[0], FIXTURE_TITLES[3], FIXTURE_TITLES[4], "Källor och metod"]
    assert message(slides[2]) == (f"Känner sig otrygg ute ensam sent en kväll: 25,0{NBSP}% (Danderyd 2024, åk 9, "
                                  "7 svarande).")


def test_suppressed_group_is_a_gap_in_the_chart(fixture_con):
    """The figure on the slide draws the hidden 2024 value as a gap (None), never as 0."""
    ctx = figures.context(figures.on(fixture_con), place_id="kommun-0162", year_from=2020, year_to=2025, today=TODAY)
    figure, = [f for f in figures.section_figures(figures.on(fixture_con), ctx, "trygghet") if "Stockholmsenkäten" in f.title]
    points = {int(x): y for trace in figure.fig.data if trace.name == "Danderyd" and trace.y is not None
              for x, y in zip(trace.x, trace.y)}
    assert points[2022] == pytest.approx(14.0) and points.get(2024) is None


def test_text_only_sections_give_title_and_sources(fixture_con, no_chromium):
    presentation = build(fixture_con, sections=["inledning", "analys"])
    assert titles(presentation) == ["Lägesbild – Danderyd", "Källor och metod"]


def test_unknown_place(fixture_con):
    with pytest.raises(KeyError):
        deck.build_deck(fixture_con, place_id="kommun-9999", year_from=2020, year_to=2025, sections=[])


def test_file_name():
    assert deck.file_name("Hässelby-Vällingby", 2015, 2025) == "lagesbild-bildspel-hasselby-vallingby-2015-2025.pptx"


# --- the demo database: every section, with images -----------------------------------------------

@pytest.fixture(scope="module")
def demo_deck(demo_con, image_server):
    return build(demo_con)


@chromium
def test_demo_deck_slides_titles_and_layout(demo_deck):
    presentation = demo_deck
    assert titles(presentation) == DEMO_TITLES
    assert (presentation.slide_width, presentation.slide_height) == (deck.SLIDE_WIDTH, deck.SLIDE_HEIGHT)
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    for slide in list(presentation.slides)[1:-1]:
        assert all(size >= Pt(28) for size in font_sizes(slide.shapes.title))
        assert all(size >= Pt(20) for size in font_sizes(shape(slide, deck.MESSAGE_NAME)))
        picture = shape(slide, "Diagram")
        assert picture.image.blob[:8] == b"\x89PNG\r\n\x1a\n"
        assert picture.left >= 0 and picture.left + picture.width <= presentation.slide_width
        assert picture.top + picture.height <= presentation.slide_height
        # The chart fills the slide: the full width, or the full height of the chart area.
        assert picture.width >= deck.CHART_BOX[2] - 10 or picture.height >= deck.CHART_BOX[3] - 10
        assert "EXEMPELDATA" in slide_text(slide)
        assert "Källa:" in slide.notes_slide.notes_text_frame.text


@chromium
def test_demo_deck_messages_come_from_the_data(demo_deck, demo_db):
    from lagesbild import fmt
    from tests.demo_support import read

    slides = list(demo_deck.slides)
    (count,), = read(demo_db, "SELECT count FROM crime_counts WHERE place_id = 'kommun-0162' AND category_id = "
                              "'totalt' AND period_type = 'year' AND year = 2025 AND source = 'bra'")
    assert message(slides[3]).startswith(f"Anmälda brott i Danderyd: {fmt.number(count)} (2025), ")
    assert message(slides[3]).endswith(("inte säkerställt.", " säkerställt."))
    events = message(slides[1])
    assert events.startswith("Publicerade händelser i Danderyd: ") and "inte brottsstatistik" in events
    assert "anmälda" not in events.lower()
    assert "svarande" in message(slides[4])
    assert message(slides[8]).startswith("Uppföljning T1 2018: ")
    title = slide_text(slides[0])
    assert "EXEMPELDATA – inte verkliga siffror" in title and "exempeldata" in title
    assert "2015–2025" in title and "2026-03-01" in title
    sources = slide_text(slides[-1])
    assert "Brå, anmälda brott" in sources and "Polisen, publicerade händelser" in sources
    assert "EXEMPELDATA" in sources


def test_demo_suppression_threshold_gives_dots(demo_con, no_chromium):
    """With 200 as the threshold, Danderyd's Stockholmsenkäten 2024 (166 in åk 9) is hidden; the
    trygghetsmätning (367) is not, and NTU gives no count."""
    slides = list(build(demo_con, sections=["trygghet"], min_respondents=200).slides)
    messages = {s.shapes.title.text: message(s) for s in slides[1:-1]}
    assert messages["Känner sig otrygg ute ensam sent en kväll – Stockholmsenkäten"] == (
        "Känner sig otrygg ute ensam sent en kväll: .. (Danderyd 2024, åk 9, 166 svarande, dolt: färre än 200 "
        "svarande).")
    assert messages["Känner sig trygg ute sent en kväll – Polisens trygghetsmätning"].startswith(
        "Känner sig trygg ute sent en kväll: 81,7")
    assert "antal svarande okänt" in messages[
        "Otrygghet vid utevistelse sen kväll – Nationella trygghetsundersökningen (NTU)"]
