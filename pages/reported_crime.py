"""Anmälda brott: trend per place and category, yearly or monthly, count or per 100 000."""
import streamlit as st

from lagesbild import charts, fmt, stats, tables, ui

sel = ui.sidebar_selection("brott")
st.title("Anmälda brott")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer med `python -m loaders import FIL`.")
    st.stop()

labels = dict(zip(sel.places["place_id"], sel.places["label"]))
crime_places = sel.places.loc[sel.places["has_crime"], "place_id"].tolist()
left, right = st.columns([2, 1])
with left:
    others = ui.url_multiselect("Jämför med", [p for p in crime_places if p != sel.place_id], param="jamfor",
                                key="brott.jamfor", format_func=labels.get, max_selections=7,
                                placeholder="Välj fler platser …")
places = [sel.place_id] + others
with right:
    period_type = ui.url_widget(st.radio, "Upplösning", ["year", "month"], param="niva", key="brott.niva",
                                default="year", format_func={"year": "År", "month": "Månad"}.get, horizontal=True)
categories = ui.query("crime_categories_for_places", places=places, period_type=period_type)
if categories.empty:
    ui.empty_state(f"Det finns ingen {'månads' if period_type == 'month' else 'års'}statistik för de valda platserna.",
                   "Välj en annan plats eller upplösning, eller importera statistik.")
    st.stop()
cat_labels = dict(zip(categories["category_id"], categories["label"]))
c1, c2, c3 = st.columns(3)
with c1:
    category = ui.url_widget(st.selectbox, "Brottskategori", list(cat_labels), param="kategori",
                             key="brott.kategori", default="totalt", format_func=cat_labels.get)
with c2:
    measure = ui.url_widget(st.radio, "Mått", ["count", "rate"], param="matt", key="brott.matt", default="count",
                            format_func={"count": "Antal", "rate": "Per 100 000 inv."}.get, horizontal=True)
rolling = False
with c3:
    if period_type == "month":
        rolling = ui.url_widget(st.radio, "Visa", ["manad", "rullande"], param="visa", key="brott.visa",
                                default="manad", horizontal=True,
                                format_func={"manad": "Per månad", "rullande": "Rullande 12 mån"}.get) == "rullande"
    show_refs = st.toggle("Riket och län som referens", value=True, disabled=measure != "rate",
                          help="Referenslinjer visas för per 100 000 inv., där platser av olika storlek kan jämföras.")

series = ui.query("crime_series", places=places, category=category, period_type=period_type,
                  year_from=sel.year_from - (1 if rolling else 0), year_to=sel.year_to)  # rolling needs the year before
if series.empty:
    ui.empty_state(f"Ingen statistik för {cat_labels[category].lower()} under {sel.period}.", "Välj en annan kategori eller period.")
    st.stop()
if rolling:
    series = stats.rolling_12(series)
    series = series[series["year"] >= sel.year_from]
refs = (ui.query("crime_reference", places=places, category=category, period_type=period_type,
                 year_from=sel.year_from, year_to=sel.year_to) if measure == "rate" and show_refs else None)
breaks = ui.query("series_breaks_for_places", places=places).merge(
    series[["place_id", "source"]].drop_duplicates(), on=["place_id", "source"])  # a break is per source
breaks = breaks[(breaks["year"] > sel.year_from) & (breaks["year"] <= sel.year_to)]
demo = bool(series["is_demo"].any()) or (refs is not None and bool(refs["is_demo"].any()))
what = ("rullande 12 månader" if rolling else "per månad") if period_type == "month" else "per år"
fig = ui.pure(charts.crime_trend, 
    series, refs, title=f"{cat_labels[category]}, {what}" + (", per 100 000 inv." if measure == "rate" else ""),
    subtitle=", ".join(labels.get(p, p) for p in places), measure=measure, period_type=period_type,
    rolling=rolling, colors=charts.place_colors(places), breaks=breaks.groupby("place_id")["year"].apply(list).to_dict(),
    source=charts.source_text(series["source"]), period=fmt.data_period(series, period_type), demo=demo,
    order=places)
place_names = dict(zip(sel.places["place_id"], sel.places["name"]))
# Named after what the figure holds: 'anmalda-brott-totalt-danderyd-2015-2025' (the years with data).
file_stem = (f"anmalda-brott-{category}-{'-'.join(place_names.get(p, p) for p in places)}-"
             f"{fmt.data_period(series, period_type)}")
ui.show_chart(fig, name=file_stem)
no_rate = sorted(set(series.loc[series["rate_per_100k"].isna(), "name"]))
if measure == "rate" and no_rate:
    st.caption("Per 100 000 inv. saknas för " + ", ".join(no_rate) + " (ingen folkmängd, t.ex. ett torg, "
               "eller ingen befolkningsfil importerad). Antalet finns i tabellen.")
for _, b in breaks.drop_duplicates("year").iterrows():
    st.caption(f"Serien bryts {b['year']}: {b['description']}")
computed = sorted(set(series.loc[series["rate_computed"].fillna(False).astype(bool), "name"]))
ui.show_table(ui.pure(tables.crime_table, series, period_type=period_type, rolling=rolling), name=file_stem,
              title=f"{cat_labels[category]}, {what}", source=charts.source_text(series["source"]),
              period=fmt.data_period(series, period_type),
              caption="Säkerställd: förändringen mot samma period året innan är större än slumpen brukar ge "
                      "(Poisson-test, |z| ≥ 2)." + (" Per 100 000 inv. för " + ", ".join(computed) +
                      " är beräknat från folkmängden samma år." if computed else ""), demo=demo)
