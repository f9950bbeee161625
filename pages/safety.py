"""Trygghet och enkäter: survey results per place over the years, with uncertainty and suppression."""
import streamlit as st

from lagesbild import charts, fmt, tables, ui

sel = ui.sidebar_selection("trygghet")
st.title("Trygghet och enkäter")
catalog = ui.query("survey_catalog")
if sel is None or catalog.empty:
    ui.empty_state("Det finns inga enkätresultat ännu.",
                   "Importera Stockholmsenkäten, trygghetsmätningar eller NTU (mallen «enkat», NTU-tabeller från "
                   "Brå eller Kolada) på sidan Importera data.")
    st.stop()

surveys = dict(zip(catalog["survey"], catalog["survey_label"]))
c1, c2 = st.columns([1, 2])
with c1:
    survey = ui.url_widget(st.selectbox, "Undersökning", list(surveys), param="enkat", key="trygghet.enkat",
                           default="stockholmsenkaten", format_func=surveys.get)
items = catalog[catalog["survey"] == survey]
labels = {i: f"{ui.THEMES.get(t, 'Övrigt')}: {l}" for i, t, l in zip(items["indicator_id"], items["theme"], items["label"])}
with c2:
    indicator = ui.url_widget(st.selectbox, "Fråga (grupperad efter tema)", sorted(labels, key=labels.get),
                              param="fraga", key="trygghet.fraga", default=items["indicator_id"].iloc[0],
                              format_func=labels.get)
meta = items[items["indicator_id"] == indicator].iloc[0]
available = ui.query("survey_places", survey=survey, indicator=indicator)
place_labels = {r["place_id"]: ui.place_label(r) for r in available.to_dict("records")}
c3, c4, c5 = st.columns([2, 1, 1])
with c3:
    others = ui.url_multiselect("Jämför med", [p for p in place_labels if p != sel.place_id], param="jamfor",
                                key="trygghet.jamfor", format_func=place_labels.get, max_selections=6,
                                placeholder="Välj fler platser …")
with c4:
    with_refs = st.toggle("Överordnat område och riket", value=True, key="trygghet.ref",
                          help="Visar närmaste överordnade område med resultat (stadsdelsområde eller kommun) och riket.")
with c5:
    by_gender = st.toggle("Dela upp på kön", value=False, key="trygghet.kon")

references = ([p for p in sel.lineage["place_id"].iloc[1:] if p in place_labels][:1]
              + (["riket"] if "riket" in place_labels else [])) if with_refs else []
places = list(dict.fromkeys([sel.place_id] + others + references))
threshold = ui.min_respondents()
series = ui.query("survey_series", survey=survey, indicator=indicator, places=places, year_from=sel.year_from,
                  year_to=sel.year_to, min_n=threshold)
if series.empty or not (series["place_id"] == sel.place_id).any():
    ui.empty_state(f"{surveys[survey]} har inga resultat för «{meta['label']}» i {sel.name} under {sel.period}.",
                   "Välj en annan plats, fråga eller period. Platser med resultat: "
                   + ", ".join(list(place_labels.values())[:12]) + (" …" if len(place_labels) > 12 else ""))
    st.stop()

breaks = ui.query("series_breaks_for_places", places=places)
breaks = breaks[(breaks["source"] == survey) & (breaks["year"] > series["year"].min()) & (breaks["year"] <= series["year"].max())]
demo = bool(series["is_demo"].any())
subtitle = f"{charts.direction_text(meta['higher_is_better'])} · {meta['question_text'] or meta['label']}"
fig = ui.pure(charts.survey_trend, 
    series, title=f"{meta['label']} – {surveys[survey]}", subtitle=subtitle, unit=meta["unit"],
    higher_is_better=meta["higher_is_better"], split_gender=by_gender, colors=charts.place_colors(places),
    order=places, breaks=breaks.groupby("place_id")["year"].apply(list).to_dict(),
    source=f"{meta['publisher']} ({meta['survey_label']}), {meta['population']}",
    period=fmt.data_period(series), demo=demo)
file_stem = f"{survey}-{indicator}-{sel.name}-{fmt.data_period(series)}"
ui.show_chart(fig, name=file_stem)
hidden = series[series["value"].isna()]
if len(hidden):
    st.caption(f"«..» = dolt: {len(hidden)} värden visas inte, eftersom källan dolt dem eller färre än {threshold} "
               "svarade. De ritas inte och räknas aldrig som 0.")
for _, b in breaks.drop_duplicates("year").iterrows():
    st.caption(f"Serien bryts {b['year']}: {b['description']}")
if meta["unit"] == "andel":
    st.caption("Staplarna runt punkterna är 95 % konfidensintervall (Wilson) där antalet svarande är känt. "
               "Säkerställd: skillnaden är större än slumpen brukar ge (test av två andelar, 5 % nivå).")
ui.show_table(ui.pure(tables.survey_table, series, unit=meta["unit"], reference=references[0] if references else None,
                                  threshold=threshold, higher_is_better=meta["higher_is_better"]), demo=demo,
              name=file_stem, title=f"{meta['label']} – {surveys[survey]}",
              source=f"{meta['publisher']} ({meta['survey_label']}), {meta['population']}",
              period=fmt.data_period(series))
