"""The lägesbild as a PowerPoint deck (.pptx) for the trygghetsråd: the same place, period and sections
as the Word report (lagesbild.report), one chart per slide. Pure: no streamlit.
`build_deck(con, place_id=…, year_from=…, year_to=…, sections=[…])` -> PPTX bytes.

Slides (16:9): a title slide (place, period, date, EXEMPELDATA for demo data); one slide per chart of
the chosen sections, in the report's order, whose title is the chart's title and whose key message is
computed from the same data (`figures.section_figures`: for crime the key_message sentence, for surveys
the latest value with its respondents or ".." and why it is hidden, for events "publicerade händelser",
never crime statistics); and "Källor och metod" with the sources, periods and caveats. The chart is
the report's figure rendered by `lagesbild.images` without its own title (the slide has it), with the
source line and EXEMPELDATA kept inside the image. Without Chromium a slide gets a sentence, the
source line and the figure's table instead.
"""
from __future__ import annotations

import datetime as dt
import io
import re

import duckdb
import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from lagesbild import charts, figures, images, report

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)          # 13,33 × 7,5 in: 16:9
MARGIN = Inches(0.5)
TITLE_SIZE, TITLE_SIZE_LONG = Pt(32), Pt(28)                       # long titles get the smaller size
LONG_TITLE = 56                                                    # characters
MESSAGE_SIZE = Pt(22)
BODY_SIZE, SMALL_SIZE = Pt(16), Pt(12)
TITLE_BOX = (MARGIN, Inches(0.25), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0))
MESSAGE_BOX = (MARGIN, Inches(1.3), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9))
CHART_BOX = (MARGIN, Inches(2.25), SLIDE_WIDTH - 2 * MARGIN, Inches(4.75))
FOOTER_TOP = Inches(7.05)
MAX_TABLE_ROWS = 10
TITLE_LINE = 24                           # px: the bold title line a figure loses on a slide
DARK, GREY, RED = RGBColor(0x22, 0x22, 0x22), RGBColor(0x55, 0x55, 0x55), RGBColor(0xB0, 0x00, 0x20)
MESSAGE_NAME = "Nyckelbudskap"            # the key message's shape name (tests and readers find it by name)
SOURCES_NAME = "Källor och förbehåll"      # the sources slide's text
SOURCES_TITLE = report.SOURCES_HEADING
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5    # python-pptx's default template
NO_IMAGE = ("Diagrammet kunde inte ritas eftersom Chromium saknas på servern (installera det med "
            "sudo apt-get install chromium).")


def file_name(place_name: str, year_from: int, year_to: int) -> str:
    """`lagesbild-bildspel-danderyd-2015-2025.pptx`: the place's name as an ASCII slug."""
    return f"lagesbild-bildspel-{images.slug(place_name)}-{year_from}-{year_to}.pptx"


def caveats(min_n: int) -> list[str]:
    """The caveats on the sources slide: the report's "Definitioner och förbehåll", one line each."""
    return [
        "Anmälda brott: alla brott anmäls inte; förändringar kan bero på anmälningsbenägenhet och polisens "
        "arbete.",
        "Säkerställd: större än vad slumpen brukar ge (antal: Poisson-test; andelar: test av två andelar, "
        "5 % nivå).",
        f"«..» = dolt enkätvärde: källan har dolt det eller färre än {min_n} svarade. Aldrig 0.",
        "Publicerade händelser är ett urval av det Polisen rapporterar om, inte brottsstatistik.",
        "Per 100 000 invånare: folkmängden samma år. Enkäter: 95 % konfidensintervall där antalet svarande "
        "är känt.",
        "Hela metoden står i Word-rapporten, avsnittet Källor och metod.",
    ]


def build_deck(con: duckdb.DuckDBPyConnection, *, place_id: str, year_from: int, year_to: int,
               sections: list[str], progress: report.Progress | None = None, min_respondents: int = 10,
               today: dt.date | None = None) -> bytes:
    """The deck as PPTX bytes: title slide, a slide per chart of the chosen `sections` (keys of
    report.SECTIONS; the text-only ones have no charts) and "Källor och metod". `progress(fraction,
    text)` is called before each part. Raises KeyError for an unknown place."""
    ctx = figures.context(figures.on(con), place_id=place_id, year_from=year_from, year_to=year_to,
                          min_respondents=min_respondents, today=today)
    chosen = [key for key in figures.FIGURE_SECTIONS if key in sections]
    steps = len(chosen) + 2

    def tick(step: int, text: str) -> None:
        if progress is not None:
            progress(min(1.0, step / steps), text)

    deck = _Deck(ctx)
    tick(0, "Titelsida")
    deck.title_slide()
    for step, key in enumerate(chosen, start=1):
        tick(step, report.SECTIONS[key])
        for figure in figures.section_figures(figures.on(con), ctx, key):
            if figure.fig is not None:
                deck.chart_slide(figure)
    tick(steps - 1, SOURCES_TITLE)
    deck.sources_slide()
    out = io.BytesIO()
    deck.prs.save(out)
    tick(steps, "Klar")
    return out.getvalue()


def slide_figure(fig: go.Figure) -> go.Figure:
    """A copy of the figure for a slide: without its bold title (the slide's title says it), keeping the
    subtitle, the source line and EXEMPELDATA; the height shrinks by the space the title took."""
    copy = go.Figure(fig)
    text = copy.layout.title.text or ""
    subtitle = re.sub(r"^<b>.*?</b>(<br>)?", "", text)
    top = copy.layout.margin.t if copy.layout.margin.t is not None else 80
    new_top = max(35, top - (TITLE_LINE if subtitle else 2 * TITLE_LINE))
    height = images.report_size(copy)[1]
    copy.update_layout(title_text=subtitle, margin_t=new_top, height=height - (top - new_top))
    return copy


class _Deck:
    def __init__(self, ctx: dict):
        self.ctx = ctx
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        self.can_draw = True
        self.shown: list[figures.Figure] = []

    # --- building blocks ---------------------------------------------------------------------------

    def _slide(self, title: str):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[LAYOUT_TITLE_ONLY])
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = TITLE_BOX
        frame = shape.text_frame
        frame.word_wrap, frame.vertical_anchor = True, MSO_ANCHOR.MIDDLE
        frame.text = title
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = TITLE_SIZE if len(title) <= LONG_TITLE else TITLE_SIZE_LONG
            run.font.bold, run.font.color.rgb = True, DARK
        return slide

    @staticmethod
    def _text(slide, box, lines: list[tuple[str, dict]], *, name: str | None = None, anchor=MSO_ANCHOR.TOP):
        """A text box with one paragraph per (text, style); style keys: size, bold, italic, color, space."""
        shape = slide.shapes.add_textbox(*box)
        if name:
            shape.name = name
        frame = shape.text_frame
        frame.word_wrap, frame.vertical_anchor = True, anchor
        for i, (text, style) in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if style.get("space"):
                paragraph.space_before = style["space"]
            run = paragraph.add_run()
            run.text = text
            font = run.font
            font.size = style.get("size", BODY_SIZE)
            font.bold, font.italic = style.get("bold", False), style.get("italic", False)
            font.color.rgb = style.get("color", DARK)
        return shape

    def _footer(self, slide, demo: bool) -> None:
        c = self.ctx
        width = SLIDE_WIDTH - 2 * MARGIN
        self._text(slide, (MARGIN, FOOTER_TOP, width, Inches(0.35)),
                   [(f"Lägesbild – {c['name']}, {c['period']} · bild {len(self.prs.slides)}",
                     dict(size=SMALL_SIZE, color=GREY))])
        if demo:
            box = self._text(slide, (MARGIN, FOOTER_TOP, width, Inches(0.35)),
                             [(charts.DEMO_NOTE, dict(size=SMALL_SIZE, bold=True, color=RED))])
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT

    def _table(self, slide, frame: pd.DataFrame, top: int) -> None:
        shown = frame.head(MAX_TABLE_ROWS)
        columns = [str(c) for c in shown.columns]
        height = min(Inches(0.4) * (len(shown) + 1), FOOTER_TOP - top)
        table = slide.shapes.add_table(len(shown) + 1, len(columns), MARGIN, top, SLIDE_WIDTH - 2 * MARGIN,
                                       height).table
        for j, name in enumerate(columns):
            table.cell(0, j).text = name
        for i, values in enumerate(shown.itertuples(index=False), start=1):
            for j, value in enumerate(values):
                table.cell(i, j).text = ("" if value is None or (not isinstance(value, str) and pd.isna(value))
                                         else str(value))
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(14)

    # --- the slides ----------------------------------------------------------------------------------

    def title_slide(self) -> None:
        c = self.ctx
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[LAYOUT_TITLE])
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = Inches(0.8), Inches(1.2), Inches(11.7), Inches(1.5)
        title.text_frame.text = f"Lägesbild – {c['name']}"
        for run in title.text_frame.paragraphs[0].runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(44), True, DARK
        subtitle = slide.placeholders[1]
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = (Inches(0.8), Inches(2.8), Inches(11.7),
                                                                        Inches(1.9))
        made = f"Skapad {c['today']:%Y-%m-%d} med Lägesbild" + (
            f", data importerad senast {c['last_import']:%Y-%m-%d}." if c["last_import"] is not None else ".")
        lines = [(f"Gemensam lägesbild för det brottsförebyggande arbetet, {c['period']}", Pt(26)),
                 ("Underlag för trygghetsrådet", Pt(22)), (made, Pt(18))]
        frame = subtitle.text_frame
        for i, (text, size) in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = text
            for run in paragraph.runs:
                run.font.size, run.font.color.rgb = size, GREY if i else DARK
        if c["demo"]:
            self._text(slide, (Inches(0.8), Inches(5.0), Inches(11.7), Inches(1.6)), [
                (charts.DEMO_NOTE, dict(size=Pt(28), bold=True, color=RED)),
                ("Databasen innehåller exempeldata: påhittade men realistiska siffror som visar hur verktyget "
                 "fungerar. Använd inte bildspelet som underlag för beslut.", dict(size=Pt(18), color=RED)),
            ], name="Exempeldata")

    def chart_slide(self, figure: figures.Figure) -> None:
        slide = self._slide(figure.title)
        self._text(slide, MESSAGE_BOX, [(figure.message, dict(size=MESSAGE_SIZE))], name=MESSAGE_NAME,
                   anchor=MSO_ANCHOR.MIDDLE)
        png = None
        if self.can_draw:
            copy = slide_figure(figure.fig)
            try:
                png = images.render(copy, "png")
            except images.ChromiumMissing:
                self.can_draw = False
        left, top, width, height = CHART_BOX
        if png is not None:
            px_width, px_height = images.report_size(copy)
            scale = min(width / px_width, height / px_height)
            shown_width, shown_height = int(px_width * scale), int(px_height * scale)
            picture = slide.shapes.add_picture(io.BytesIO(png), left + (width - shown_width) // 2, top,
                                               shown_width, shown_height)
            picture.name = "Diagram"
        else:
            table = figure.fallback if figure.fallback is not None and not figure.fallback.empty else None
            self._text(slide, (left, top, width, Inches(1.0)), [
                (NO_IMAGE + (" Siffrorna finns i tabellen." if table is not None else ""),
                 dict(size=BODY_SIZE, italic=True, color=GREY)),
                (charts.source_line(figure.source, figure.period, figure.demo), dict(size=Pt(14), color=GREY)),
            ])
            if table is not None:
                self._table(slide, table, top + Inches(1.1))
        self._footer(slide, figure.demo)
        slide.notes_slide.notes_text_frame.text = (f"{figure.caption}\n"
                                                   f"Källa: {figure.source}. Period: {figure.period}.")
        self.shown.append(figure)

    def sources_slide(self) -> None:
        c = self.ctx
        slide = self._slide(SOURCES_TITLE)
        sources = source_periods(self.shown)
        entries = [f"{source}: {', '.join(when)}" if when else source for source, when in sources.items()]
        size = Pt(14) if len(entries) <= 8 else Pt(13)
        lines = [("Källor och perioder", dict(size=Pt(20), bold=True))]
        lines += [("• " + entry, dict(size=size, space=Pt(3))) for entry in entries or
                  ["Inga diagram med data för platsen och perioden."]]
        lines += [("Förbehåll", dict(size=Pt(20), bold=True, space=Pt(10)))]
        lines += [("• " + line, dict(size=size, space=Pt(3))) for line in caveats(c["min_n"])]
        box = self._text(slide, (MARGIN, Inches(1.25), SLIDE_WIDTH - 2 * MARGIN, Inches(5.45)), lines,
                         name=SOURCES_NAME)
        box.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE     # shrinks on overflow where supported
        made = (f"Plats: {c['name']}. Period: {c['period']}. Skapad {c['today']:%Y-%m-%d}"
                + (f" ur data importerad senast {c['last_import']:%Y-%m-%d %H:%M}." if c["last_import"] is not None
                   else "."))
        about = [(made, dict(size=SMALL_SIZE, color=GREY))]
        if c["demo"]:
            about.append((f"{charts.DEMO_NOTE}: databasen innehåller exempeldata.",
                          dict(size=SMALL_SIZE, bold=True, color=RED)))
        self._text(slide, (MARGIN, Inches(6.75), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6)), about, name="Om bildspelet")


def source_periods(figures: list[figures.Figure]) -> dict[str, list[str]]:
    """Each source of the figures shown with the periods it covers, in order of first use. A figure's
    source line may list several ("A; B"); a name that begins another ("Brå (NTU)" and "Brå (NTU),
    befolkningen 16–84 år") is listed once, under the longer name."""
    found: dict[str, list[str]] = {}
    for figure in figures:
        for name in (part.strip() for part in figure.source.split("; ")):
            if not name:
                continue
            name = name[0].upper() + name[1:]
            longer = next((known for known in found if known.startswith(name)), None)
            if longer is None:
                shorter = next((known for known in found if name.startswith(known)), None)
                if shorter is not None:       # keep the place in the list, under the longer name
                    found = {name if k == shorter else k: v for k, v in found.items()}
                longer = name
            periods = found.setdefault(longer, [])
            if figure.period and figure.period not in periods:
                periods.append(figure.period)
    return found
