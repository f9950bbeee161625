"""Översikt: the chosen place at a glance."""
import streamlit as st

from lagesbild import charts, fmt, tables, ui

sel = ui.sidebar_selection("oversikt")
st.title("Översikt")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer med `python -m loaders import FIL` "
                   "eller bygg exempeldatabasen med `python -m loaders demo`.")
    st.stop()

data = ui.query("crime_yearly_by_category", place_id=sel.place_id, year_from=sel.year_from, year_to=sel.year_to)
total = data[data["category_id"] == "totalt"]
latest = tables.latest_change(total)
if latest is None:
    ui.empty_state(f"Det finns ingen polisstatistik för {sel.name} under {sel.period}.",
                   "Välj en annan plats eller period, eller importera statistik för platsen "
                   "(mallen «polisstatistik», se `python -m loaders kinds`).")
    st.stop()

demo = bool(data["is_demo"].any())
st.subheader(ui.place_label(sel.places[sel.places["place_id"] == sel.place_id].iloc[0]))
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
               border=True,
               help="Säkerställd betyder att förändringen är större än vad slumpen brukar ge "
                    "(Poisson-test: |2(√nu − √före)| ≥ 2). Små tal varierar mycket.")

main = data[data["is_main"]]
colors = charts.place_colors([sel.place_id])
fig = charts.category_small_multiples(main, place_name=sel.name, color=colors[sel.place_id],
                                      source=charts.source_text(main["source"]),
                                      period=sel.period, demo=demo)
ui.show_chart(fig, name=f"anmalda-brott-per-kategori-{sel.place_id}-{sel.period}")
ui.show_table(tables.category_table(data), caption="Senaste året med siffror per kategori. "
              "Förändringen jämförs med året innan.", demo=demo)
