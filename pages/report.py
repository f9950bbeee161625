"""Rapport: the lägesbild as a Word document for the chosen place and period, with the sections the
law and Brå ask for, and the same selection as a PowerPoint deck for the trygghetsråd (lagesbild.report
and lagesbild.deck build them; this page only chooses and downloads)."""
import streamlit as st

from lagesbild import charts, deck, fmt, report, ui

sel = ui.sidebar_selection("rapport")
st.title("Rapport")
if sel is None:
    ui.empty_state("Det finns ingen data att göra en rapport av ännu.",
                   "Importera filer på sidan Importera data eller med `python -m loaders import FIL`, eller bygg "
                   "exempeldatabasen med `python -m loaders demo`.")
    st.stop()

st.subheader(ui.place_label(sel.places[sel.places["place_id"] == sel.place_id].iloc[0]))
st.caption(f"Word-dokument (.docx) för {sel.name}, {sel.period}, med diagram och tabeller som på skärmen, "
           "numrerade figurer och tabeller och avsnittet Källor och metod; eller samma urval som bildspel "
           "(.pptx) för trygghetsrådet, ett diagram per bild med ett budskap ur siffrorna. Plats och period väljs "
           "till vänster.")
if "rapport.avsnitt" not in st.session_state and not st.query_params.get("avsnitt"):
    st.session_state["rapport.avsnitt"] = list(report.SECTIONS)     # all sections by default
sections = ui.url_multiselect("Avsnitt", list(report.SECTIONS), param="avsnitt", key="rapport.avsnitt",
                              format_func=report.SECTIONS.get, placeholder="Välj avsnitt …",
                              help="Avsnitten kommer i lagens och Brås ordning. Källor och metod kommer alltid med.")
analysis = st.text_area(
    "Analys (avsnitt 8)", key="rapport.analys", height=160,
    placeholder="Lämna tomt för att få frågorna som stöd i dokumentet: " + " ".join(report.GUIDING_QUESTIONS),
    help="Redaktörernas text. Tom rad = nytt stycke. Skriv inga personuppgifter.")

# A small preview: the overall trend, as on Översikt.
own = ui.query("crime_series", places=[sel.place_id], category="totalt", period_type="year",
               year_from=sel.year_from, year_to=sel.year_to)
if not own.empty:
    measure = "count" if own["rate_per_100k"].isna().all() else "rate"
    references = ui.query("crime_reference", places=[sel.place_id], category="totalt", period_type="year",
                          year_from=sel.year_from, year_to=sel.year_to) if measure == "rate" else None
    fig = charts.crime_trend(own, references, measure=measure,
                             title=f"Anmälda brott{' per 100 000 invånare' if measure == 'rate' else ''} – {sel.name}",
                             subtitle="Förhandsvisning: ett av rapportens diagram",
                             source=charts.source_text(own["source"]), period=fmt.data_period(own),
                             demo=bool(own["is_demo"].any()))
    fig.update_layout(height=360)
    st.plotly_chart(fig, width="stretch", theme=None, config=ui.PLOTLY_CONFIG)

left, right = st.columns(2)
with left:
    ui.document_button(
        "Skapa rapport", icon=":material/description:", primary=True, busy="Skapar rapporten …",
        failed="Rapporten kunde inte skapas", state_key="rapport.fil",
        file_name=report.file_name(sel.name, sel.year_from, sel.year_to), mime=report.MIME,
        download_label="Ladda ned rapporten (.docx)",
        build=lambda progress: report.build_report(ui.snapshot(), place_id=sel.place_id, year_from=sel.year_from,
                                                   year_to=sel.year_to, sections=sections, analysis_text=analysis,
                                                   progress=progress, min_respondents=ui.min_respondents()))
with right:
    ui.document_button(
        "Skapa bildspel (.pptx)", key="rapport.skapa_bildspel", icon=":material/slideshow:",
        help="Titelbild, ett diagram per bild med ett budskap ur siffrorna, och Källor och metod. Avsnitten utan "
             "diagram (inledning, analys) blir inga bilder.",
        busy="Skapar bildspelet …", failed="Bildspelet kunde inte skapas", state_key="rapport.bildspel",
        file_name=deck.file_name(sel.name, sel.year_from, sel.year_to), mime=deck.MIME,
        download_label="Ladda ned bildspelet (.pptx)",
        build=lambda progress: deck.build_deck(ui.snapshot(), place_id=sel.place_id, year_from=sel.year_from,
                                               year_to=sel.year_to, sections=sections, progress=progress,
                                               min_respondents=ui.min_respondents()))
