"""The report (Rapport): a Word document for one place and period that follows the structure the law
(2023:196) and Brå's method ask for, built from the same queries, tables and charts as the pages.
Pure: no streamlit. `build_report(con, place_id=…, year_from=…, year_to=…, sections=[…])` -> DOCX bytes.

Figures are the pages' Plotly figures rendered to PNG by `lagesbild.images` (one long-lived Chromium)
and inserted at a fixed width with numbered captions ("Figur 1. …"); tables come from
`lagesbild.tables` ("Tabell 1. …", caption above). Without Chromium a figure becomes a sentence and
its table. Suppressed survey values are ".." as everywhere else.

The charts come from `lagesbild.figures` as `Figure` records (chart, caption, one-line key message
computed from the data, source, period); the report writes them with its text and tables, the
PowerPoint deck (`lagesbild.deck`) puts one on each slide and Mötesläge shows them full screen, so all
show the same figures.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Callable

import duckdb
import pandas as pd
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from lagesbild import charts, figures, fmt, images, queries, stats, tables

SECTIONS = {
    "inledning": "1 Inledning och syfte",
    "kartlaggning": "2 Kartläggning",
    "jamforelser": "3 Jämförelser",
    "utveckling": "4 Utveckling över tid",
    "trygghet": "5 Trygghet och utsatthet",
    "narvaro": "6 Närvaro och insatser",
    "fokus": "7 Fokusområden och åtgärdsplan med uppföljning",
    "analys": "8 Analys",
}
SOURCES_HEADING = "Källor och metod"
MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GUIDING_QUESTIONS = ["Vad är problemet?", "Var och när?", "Vilka drabbas?", "Vad gör vi redan?",
                     "Vad behöver göras?"]
EVENTS_CAVEAT = ("publicerade händelser är inte brottsstatistik: Polisens publicerade händelser är ett urval av "
                 "det polisen rapporterar om, med kommun eller län som plats")
NO_IMAGE = ("Diagrammet kunde inte ritas eftersom Chromium saknas på servern (installera det med "
            "`sudo apt-get install chromium`); siffrorna finns i tabellen.")
FIGURE_WIDTH = Cm(16)
MAX_TABLE_ROWS = 80
Progress = Callable[[float, str], None]


def file_name(place_name: str, year_from: int, year_to: int) -> str:
    """`lagesbild-rapport-danderyd-2015-2025.docx`: the place's name as an ASCII slug."""
    from lagesbild.images import slug

    return f"lagesbild-rapport-{slug(place_name)}-{year_from}-{year_to}.docx"


class _Report:
    """The document being written, with its figure and table numbers and what it used."""

    def __init__(self, con: duckdb.DuckDBPyConnection, min_n: int):
        self.con, self.min_n = con, min_n
        self.doc = Document()
        self.figures = self.tables = 0
        self.sources: dict[str, None] = {}
        self.can_draw = True
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = "Calibri", Pt(11)

    def q(self, name: str, **params) -> pd.DataFrame:
        return queries.run(self.con, name, **params)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(text)
        run.bold, run.italic = bold, italic

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.doc.add_paragraph(line, style="List Bullet")

    def source(self, text: str) -> None:
        if text:
            self.sources[text] = None

    def caption(self, text: str) -> None:
        self.doc.add_paragraph(text, style="Caption")

    def show(self, figure: figures.Figure) -> None:
        self.figure(figure.fig, figure.caption, fallback=figure.fallback, fallback_caption=figure.fallback_caption,
                    demo=figure.demo)

    def table(self, frame: pd.DataFrame, caption: str, *, demo: bool = False) -> None:
        """A Word table with its numbered caption above; '..' stays '..' (the cells are the screen text)."""
        if frame is None or frame.empty:
            return
        self.tables += 1
        shown = frame.head(MAX_TABLE_ROWS)
        note = f" De första {MAX_TABLE_ROWS} av {len(frame)} raderna." if len(frame) > MAX_TABLE_ROWS else ""
        self.caption(f"Tabell {self.tables}. {caption}{note}" + (f" {charts.DEMO_NOTE}." if demo else ""))
        columns = [str(c) for c in shown.columns]
        table = self.doc.add_table(rows=len(shown) + 1, cols=len(columns))
        table.style = "Table Grid"
        rows = table.rows
        for cell, name in zip(rows[0].cells, columns):
            cell.text = name
            for run in cell.paragraphs[0].runs:
                run.bold, run.font.size = True, Pt(9)
        for row, values in zip(rows[1:], shown.itertuples(index=False)):
            for cell, value in zip(row.cells, values):
                cell.text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
        self.doc.add_paragraph()

    def figure(self, fig, caption: str, *, fallback: pd.DataFrame | None = None, fallback_caption: str = "",
               demo: bool = False) -> None:
        """The chart as a PNG at a fixed width with 'Figur n. …' under it; without Chromium a sentence and
        the fallback table instead."""
        png = None
        if self.can_draw:
            try:
                png = images.render(fig, "png")
            except images.ChromiumMissing:
                self.can_draw = False
        if png is None:
            self.para(NO_IMAGE, italic=True)
            if fallback is not None:
                self.table(fallback, fallback_caption or caption, demo=demo)
            return
        self.doc.add_picture(io.BytesIO(png), width=FIGURE_WIDTH)
        self.figures += 1
        self.caption(f"Figur {self.figures}. {caption}")


def _rate_table(own: pd.DataFrame, references: pd.DataFrame, name: str) -> pd.DataFrame:
    """Per year: the place's rate per 100 000 inv. beside riket's and the län's."""
    frame = pd.DataFrame({"År": own["year"].astype(int), name: own["rate_per_100k"].values})
    for level, label in (("lan", None), ("riket", "Riket")):
        ref = references[references["level"] == level]
        if ref.empty:
            continue
        label = label or ref["name"].iloc[0]
        frame = frame.merge(ref[["year", "rate_per_100k"]].rename(columns={"year": "År", "rate_per_100k": label}),
                            on="År", how="left")
    frame = frame.sort_values("År", ascending=False)
    out = frame.astype(object)
    for column in out.columns[1:]:
        out[column] = [fmt.number(v) for v in frame[column]]
    out["År"] = frame["År"].astype(str).values
    return out.reset_index(drop=True)


def build_report(con: duckdb.DuckDBPyConnection, *, place_id: str, year_from: int, year_to: int,
                 sections: list[str], analysis_text: str = "", progress: Progress | None = None,
                 min_respondents: int = 10, today: dt.date | None = None) -> bytes:
    """The report as DOCX bytes: title page, the chosen `sections` (keys of SECTIONS, in the law's
    order whatever order they come in) and always "Källor och metod". `progress(fraction, text)` is
    called before each part. Raises KeyError for an unknown place."""
    report = _Report(con, min_respondents)
    ctx = figures.context(figures.on(con), place_id=place_id, year_from=year_from, year_to=year_to,
                          min_respondents=min_respondents, today=today)
    name, period, status, today = ctx["name"], ctx["period"], ctx["status"], ctx["today"]
    chosen = [key for key in SECTIONS if key in sections]
    steps = len(chosen) + 2

    def tick(step: int, text: str) -> None:
        if progress is not None:
            progress(min(1.0, step / steps), text)

    tick(0, "Titelsida")
    _title_page(report, name, period, ctx["demo"], today)
    for step, key in enumerate(chosen, start=1):
        tick(step, SECTIONS[key])
        report.heading(SECTIONS[key], 1)
        if key == "analys":
            _analysis(report, analysis_text)
        else:
            SECTION_WRITERS[key](report, ctx, chosen)
    tick(steps - 1, SOURCES_HEADING)
    _sources(report, ctx, status)
    out = io.BytesIO()
    report.doc.save(out)
    tick(steps, "Klar")
    return out.getvalue()


# --- the parts ------------------------------------------------------------------------------------

def _title_page(r: _Report, name: str, period: str, demo: bool, today: dt.date) -> None:
    r.doc.add_heading(f"Lägesbild – {name}", level=0)
    r.para(f"Gemensam lägesbild för det brottsförebyggande arbetet, {period}")
    r.para(f"Skapad {today:%Y-%m-%d} med Lägesbild.")
    if demo:
        run = r.doc.add_paragraph().add_run(charts.DEMO_NOTE)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), RGBColor(0xB0, 0x00, 0x20)
        r.para("Databasen innehåller exempeldata: påhittade men realistiska siffror som visar hur verktyget "
               "fungerar. Använd inte rapporten som underlag för beslut.")
    r.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _introduction(r: _Report, c: dict, chosen: list[str]) -> None:
    r.para(f"Rapporten beskriver läget för {c['name']} under {c['period']}. Enligt lagen (2023:196) om kommuners "
           "ansvar för brottsförebyggande arbete ska kommunen ta fram en lägesbild över brottsligheten och vilka "
           "brott som bör förebyggas, och besluta om åtgärder utifrån den. Rapporten följer Brås metod: "
           "kartläggning, analys, åtgärder och uppföljning.")
    r.para("Rapporten innehåller: " + ", ".join(SECTIONS[k][2:] for k in chosen if k != "inledning").lower()
           + (" samt " if len(chosen) > 1 else "") + "källor och metod.")
    r.para("Siffrorna kommer från de filer som importerats i Lägesbild (se Källor och metod). Förändringar "
           "beskrivs som säkerställda bara när de är större än vad slumpen brukar ge.")


def _crime(r: _Report, c: dict) -> pd.DataFrame:
    return r.q("crime_yearly_by_category", place_id=c["place_id"], year_from=c["year_from"], year_to=c["year_to"])


def _mapping(r: _Report, c: dict, chosen: list[str]) -> None:
    name, period = c["name"], c["period"]
    data = _crime(r, c)
    r.heading("Omfattning", 2)
    if data.empty:
        r.para(f"Det finns ingen polisstatistik per år för {name} under {period}.")
    else:
        demo = bool(data["is_demo"].any())
        r.source(charts.source_text(data["source"]))
        latest = tables.latest_change(data[data["category_id"] == "totalt"])
        r.para(tables.key_message("Anmälda brott", name, latest) if latest else
               f"Totalt antal brott finns inte för {name}; tabellen visar de brottskategorier som finns.")
        r.table(tables.category_table(data, largest_first=True),
                f"Anmälda brott per kategori i {name}, störst först: senaste året med siffror jämfört med "
                "året innan.", demo=demo)
    r.heading("Var", 2)
    below = [p for p in r.q("event_places", place_id=c["place_id"])["place_id"] if p != c["place_id"]]
    last_year = int(data["year"].max()) if not data.empty else c["year_to"]
    parts = r.q("crime_series", places=below, category="totalt", period_type="year", year_from=last_year,
                year_to=last_year) if below else pd.DataFrame()
    if parts.empty:
        r.para(f"Det finns inga siffror för totalt antal brott för områden eller platser inom {name} {last_year}.")
    else:
        ranked, by = stats.rank_places(parts)
        r.para(f"Områden och platser i {name} {last_year}, rangordnade efter {tables.RANKED_BY[by]}.")
        r.table(tables.ranking_table(ranked), f"Områden och platser i {name} {last_year}.",
                demo=bool(parts["is_demo"].any()))
    r.heading("När", 2)
    events = figures.events_when(r.q, c)
    if events.fig is None:
        r.para(events.message)
    else:
        r.source(events.source)
        r.para(f"Polisens publicerade händelser i {events.data['event_name']} per veckodag och timme "
               f"({fmt.number(events.data['total'])} händelser med känd tidpunkt). Obs: " + EVENTS_CAVEAT + ".")
        r.show(events)
    r.heading("Vem", 2)
    survey = r.q("place_survey_latest", places=c["lineage"]["place_id"].tolist(), year_from=c["year_from"],
                 year_to=c["year_to"], min_n=r.min_n, indicators=[])
    victims = survey[survey["theme"] == "utsatthet"]
    if victims.empty:
        r.para(f"Det finns inga enkätresultat om utsatthet för {name} under {period}.")
    else:
        r.para("Utsatthet enligt de senaste enkätresultaten (se också avsnitt 5):")
        lines = []
        for row in victims.to_dict("records"):
            label, value, caption = tables.survey_metric(row, r.min_n)
            lines.append(f"{label}: {value}. {caption}")
            r.source(f"{row['publisher']} ({row['survey_label']})")
        r.bullets(lines)


def _comparisons(r: _Report, c: dict, chosen: list[str]) -> None:
    name = c["name"]
    figure = figures.comparison(r.q, c)
    if figure.fig is None:
        r.para(figure.message)
        return
    demo, band, peer_word = figure.demo, figure.data["band"], figure.data["peer_word"]
    r.source(figure.source)
    r.para(figure.message)
    table = _rate_table(figure.data["own"].sort_values("year"), figure.data["references"], name)
    r.show(figure)
    if not band.empty:
        r.para(f"Det grå bandet visar spannet för den mittersta hälften av {peer_word} varje år (25:e till "
               "75:e percentilen).")
    else:
        r.para(f"För få jämförbara områden med siffror för att visa ett band för {peer_word}.")
    r.table(table, f"Anmälda brott per 100 000 invånare i {name}, länet och riket.", demo=demo)


def _development(r: _Report, c: dict, chosen: list[str]) -> None:
    name = c["name"]
    figure = figures.categories(r.q, c)
    if "data" not in figure.data:
        r.para(figure.message)
        return
    demo = figure.demo
    r.source(figure.source)
    own = r.q("crime_series", places=[c["place_id"]], category="totalt", period_type="year",
              year_from=c["year_from"], year_to=c["year_to"])
    yearly = tables.crime_table(own, period_type="year") if not own.empty else pd.DataFrame()
    if figure.fig is not None:
        r.show(figure)
    monthly = r.q("crime_series", places=[c["place_id"]], category="totalt", period_type="month",
                  year_from=c["year_from"] - 1, year_to=c["year_to"])
    last_12, so_far = stats.last_12_months(monthly), stats.year_to_date(monthly)
    if so_far is not None and so_far.last[1] == 12:
        so_far = None
    lines = [line for line in (tables.recent_change_text("Senaste 12 månaderna", last_12),
                               tables.recent_change_text("Hittills i år", so_far)) if line]
    if lines:
        r.bullets(lines)
    else:
        r.para(f"Det finns inga månadssiffror för {name} att jämföra med samma period året innan.")
    r.table(yearly, f"Totalt antal anmälda brott i {name} per år, med förändring mot året innan.", demo=demo)


def _safety(r: _Report, c: dict, chosen: list[str]) -> None:
    name, period = c["name"], c["period"]
    lineage = c["lineage"]["place_id"].tolist()
    latest = r.q("place_survey_latest", places=lineage, year_from=c["year_from"], year_to=c["year_to"],
                 min_n=r.min_n, indicators=[])
    if latest.empty:
        r.para(f"Det finns inga enkätresultat för {name} eller områdena den ingår i under {period}.")
        return
    rows = []
    for row in latest.to_dict("records"):
        label, value, _ = tables.survey_metric(row, r.min_n)
        r.source(f"{row['publisher']} ({row['survey_label']})")
        rows.append({"Undersökning": row["survey_label"], "Fråga": label, "Plats": row["place_name"],
                     "År": str(int(row["year"])), "Årskurs": charts.GRADE_LABELS.get(row["grade"], row["grade"]),
                     "Värde": value,
                     "Antal svarande": fmt.number(row["n_respondents"]) if not pd.isna(row["n_respondents"])
                     else "okänt"})
    r.para(f"De senaste enkätresultaten för {name} (eller närmaste område som den ingår i). «..» betyder att "
           f"värdet är dolt: källan har dolt det eller färre än {r.min_n} svarade.")
    r.table(pd.DataFrame(rows), f"Senaste enkätresultat om trygghet och utsatthet, {name}, {period}.",
            demo=bool(latest["is_demo"].any()))
    for figure in figures.evening_safety(r.q, c):
        r.show(figure)
        r.table(figure.data["table"], figure.data["table_caption"], demo=figure.demo)


def _presence(r: _Report, c: dict, chosen: list[str]) -> None:
    name = c["name"]
    figure = figures.presence(r.q, c)
    if figure.fig is None:
        r.para(figure.message)
        return
    options, filters, demo, period = figure.data["options"], figure.data["filters"], figure.demo, figure.period
    r.source(figure.source)
    r.para(f"{fmt.number(options['passes'].sum())} pass med närvaro (polis, ordningsvakter, väktare, föräldra- och "
           f"nattvandringar) i {name}, {period}.")
    by_place = tables.presence_place_table(r.q("patrol_hours_by_place", **filters))
    r.show(figure)
    r.table(by_place, f"Timmar med närvaro per plats och typ i {name}, {period}.", demo=demo)
    passes = r.q("patrol_passes_by_year", **filters)
    r.table(tables.passes_table(passes), f"Pass och deltagare per år i {name}. Medelvärdet räknas bara på pass "
                                         "där loggen anger antal deltagare.", demo=demo)


def _priorities(r: _Report, c: dict, chosen: list[str]) -> None:
    figure = figures.priority_followup(r.q, c)
    if figure.fig is None:
        r.para(figure.message)
        return
    d = figure.data
    plan, areas, year, label, as_of, baseline = d["plan"], d["areas"], d["year"], d["label"], d["as_of"], d["baseline"]
    followups, actions, demo = d["follow"].followups, d["follow"].actions, figure.demo
    r.source(f"Handlingsplanen «{plan['title']}»")
    r.para(f"Planen «{plan['title']}» ({plan['place_name']}) har {len(areas)} fokusområden. Uppföljning {label}: "
           f"senaste värdet till och med {year} jämfört med basåret "
           f"({baseline if baseline else 'första året med siffror'}). Försenad: klart-datumet passerades före "
           f"{as_of:%Y-%m-%d} och aktiviteten är inte genomförd.")
    r.show(figure)
    if r.can_draw:
        r.table(d["summary_table"], f"Uppföljning {label} per fokusområde.", demo=demo)
    for area in areas.to_dict("records"):
        r.heading(f"{int(area['sort_order'])}. {area['name']}", 2)
        goal = area["goal"] if isinstance(area["goal"], str) and area["goal"] else "inget mål angivet"
        r.para(f"Mål: {goal}.".replace("..", "."))
        r.para("Platser: " + (", ".join(area["place_names"]) if len(area["place_names"]) else
                              f"hela {plan['place_name']}") + ".")
        mine = followups[followups["area_id"] == area["area_id"]] if len(followups) else followups
        if len(mine):
            r.table(tables.priority_indicator_table(mine), f"Indikatorer för «{area['name']}», uppföljning {label}.",
                    demo=demo)
        own = actions[actions["area_id"] == area["area_id"]] if len(actions) else actions
        if len(own):
            r.table(tables.priority_actions_table(own, as_of), f"Aktiviteter för «{area['name']}».", demo=demo)
        else:
            r.para("Planen har inga aktiviteter för fokusområdet.")


def _analysis(r: _Report, text: str) -> None:
    text = (text or "").strip()
    if text:
        for block in text.split("\n\n"):
            r.para(block.strip())
        return
    r.para("Analysen skrivs av kommunen och polisen tillsammans, utifrån kartläggningen ovan. Frågor att "
           "besvara:", italic=True)
    r.bullets(GUIDING_QUESTIONS)


def _sources(r: _Report, c: dict, status: dict) -> None:
    r.heading(SOURCES_HEADING, 1)
    r.para(f"Plats: {c['name']}. Period: {c['period']}. Rapporten skapades {c['today']:%Y-%m-%d}"
           + (f" ur databasens data, senast importerad {pd.Timestamp(status['last_import']):%Y-%m-%d %H:%M}."
              if status.get("last_import") is not None and not pd.isna(status.get("last_import")) else "."))
    r.heading("Källor", 2)
    r.bullets(list(r.sources) or ["Inga källor med data för platsen och perioden."])
    r.heading("Definitioner och förbehåll", 2)
    r.bullets([
        "Anmälda brott: brott som anmälts till polisen, enligt Brås statistik eller Polisens lokala statistik. "
        "Alla brott anmäls inte, och förändringar kan bero på anmälningsbenägenhet och polisens arbete.",
        "Per 100 000 invånare: antal anmälda brott delat med folkmängden samma år. Beräknas inte för platser "
        "utan folkmängd (t.ex. ett torg).",
        "Säkerställd förändring: skillnaden är större än vad slumpen brukar ge (antal: Poisson-test, "
        "|2(√nu − √före)| ≥ 2; andelar: test av två andelar på 5 % nivå). Små tal varierar mycket.",
        f"Dolda värden («..»): enkätvärden som källan dolt eller där färre än {r.min_n} svarade visas som «..», "
        "aldrig som 0.",
        "Observera att " + EVENTS_CAVEAT + ". De visar när händelser rapporterats, inte hur många brott som begås.",
        "Enkätresultat gäller de som svarat; 95 % konfidensintervall visas där antalet svarande är känt.",
        "Jämförelser med liknande områden: det grå bandet är den mittersta hälften (25:e–75:e percentilen) av "
        "länets kommuner eller stadens stadsdelsområden.",
    ])
    if status.get("demo_imports"):
        r.para(f"{charts.DEMO_NOTE}: databasen innehåller exempeldata.", bold=True)


SECTION_WRITERS = {
    "inledning": _introduction, "kartlaggning": _mapping, "jamforelser": _comparisons, "utveckling": _development,
    "trygghet": _safety, "narvaro": _presence, "fokus": _priorities,
}
