"""Översikt: the chosen place at a glance."""
import streamlit as st

from lagesbild import charts, fmt, tables, ui

sel = ui.sidebar_selection("oversikt")
st.title("Översikt")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer med `python -m loaders import FIL` "
                   "eller bygg exempeldatabasen med `python -m loaders demo`.")
    st.stop()

st.subheader(ui.place_label(sel.places[sel.places["place_id"] == sel.place_id].iloc[0]))
data = ui.query("crime_yearly_by_category", place_id=sel.place_id, year_from=sel.year_from, year_to=sel.year_to)
if data.empty:
    ui.empty_state(f"Det finns ingen polisstatistik per år för {sel.name} under {sel.period}.",
                   "Välj en annan plats eller period, eller importera statistik för platsen "
                   "(mallen «polisstatistik», se `python -m loaders kinds`).")
    st.stop()

demo = bool(data["is_demo"].any())
latest = tables.latest_change(data[data["category_id"] == "totalt"])
if latest is None:
    st.info(f"Totalt antal brott finns inte för {sel.name}; nedan visas de brottskategorier som finns.")
else:
    st.markdown(tables.key_message("Anmälda brott", sel.name, latest))
    reference = ui.query("crime_reference", places=[sel.place_id], category="totalt", period_type="year",
                         year_from=latest["year"], year_to=latest["year"])
    riket = reference[reference["level"] == "riket"]
    change = latest["change"]
    cols = st.columns(4)
    cols[0].metric(f"Anmälda brott {latest['year']}", fmt.number(latest["count"]),
                   delta=f"{fmt.signed(change.diff)} mot {latest['year'] - 1}" if change else None,
                   delta_color="inverse", border=True)
    cols[1].metric("Per 100 000 invånare", fmt.number(latest["rate"]), border=True,
                   help="Beräknas inte för platser utan folkmängd (t.ex. ett torg).")
    cols[2].metric("Riket per 100 000 inv.", fmt.number(riket["rate_per_100k"].iloc[0]) if len(riket) else fmt.MISSING,
                   border=True)
    cols[3].metric("Säkerställd förändring?", "Ja" if change and change.significant else "Nej" if change else "..",
                   border=True, help="Säkerställd betyder att förändringen är större än vad slumpen brukar ge "
                                     "(Poisson-test: |2(√nu − √före)| ≥ 2). Små tal varierar mycket.")

trends = data[data["is_main"]]
if trends["category_id"].nunique() < 2:
    trends = data[data["category_id"] != "totalt"]
fig = charts.category_small_multiples(trends, place_name=sel.name, color=charts.place_colors([sel.place_id])[sel.place_id],
                                      source=charts.source_text(trends["source"]), period=fmt.data_period(trends), demo=demo)
ui.show_chart(fig, name=f"anmalda-brott-per-kategori-{sel.place_id}-{sel.year_from}-{sel.year_to}")
notes = ["Senaste året med siffror per kategori, jämfört med året innan."]
if data["from_months"].any():
    notes.append("Årssiffror som saknas i källan är summan av årets tolv månader.")
ui.show_table(tables.category_table(data), caption=" ".join(notes), demo=demo)
