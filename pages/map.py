"""Karta: the kommuner of the län or Stockholm's stadsdelsområden coloured by one indicator for one
year, with the places named in the action plans as points. Offline: boundaries from data/geo/."""
import streamlit as st

from lagesbild import charts, geo, ui

sel = ui.sidebar_selection("karta")
st.title("Karta")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer med `python -m loaders import FIL`.")
    st.stop()

lan_id = sel.ancestor("lan")
area_sets = {}
if sel.ancestor("kommun") == "kommun-0180":
    area_sets["sdo"] = "Stadsdelsområden i Stockholm"
if lan_id and geo.kommun_ids(lan_id):
    area_sets["kommun"] = "Kommuner i " + sel.lineage.loc[sel.lineage["place_id"] == lan_id, "name"].iloc[0]
elif sel.level == "riket":
    area_sets["kommun"] = "Kommuner i hela landet"
if not area_sets:
    ui.empty_state(f"Kartan kan inte visa {sel.name}.", "Kartan visar kommunerna i ett län eller Stockholms "
                   "stadsdelsområden. Välj ett län, en kommun eller en plats i en kommun.")
    st.stop()

c1, c2, c3 = st.columns([2, 2, 1])
with c1:
    area_set = (ui.url_widget(st.radio, "Områden", list(area_sets), param="omraden", key="karta.omraden",
                              default=list(area_sets)[0], format_func=area_sets.get, horizontal=True)
                if len(area_sets) > 1 else list(area_sets)[0])
area_ids = geo.stadsdelsomrade_ids() if area_set == "sdo" else geo.kommun_ids(lan_id)
categories = ui.query("crime_categories_for_places", places=area_ids, period_type="year")
options = ui.query("map_survey_options", places=area_ids)
options = options[options["year"].between(sel.year_from, sel.year_to)]
sources = {k: v for k, v, ok in (("brott", "Anmälda brott", not categories.empty),
                                 ("enkat", "Enkäter", not options.empty)) if ok}
if not sources:
    ui.empty_state(f"Det finns ingen statistik att visa på kartan för {area_sets[area_set].lower()} under {sel.period}.",
                   "Importera Brås statistik eller enkätresultat för områdena, eller välj en annan plats eller "
                   "period.")
    st.stop()
with c2:
    source = (ui.url_widget(st.radio, "Visa", list(sources), param="kalla", key="karta.kalla", default="brott",
                            format_func=sources.get, horizontal=True) if len(sources) > 1 else list(sources)[0])

if source == "brott":
    cat_labels = dict(zip(categories["category_id"], categories["label"]))
    with c1:
        category = ui.url_widget(st.selectbox, "Brottskategori", list(cat_labels), param="kategori",
                                 key="karta.kategori", default="totalt", format_func=cat_labels.get)
    series = ui.query("crime_series", places=area_ids, category=category, period_type="year",
                      year_from=sel.year_from, year_to=sel.year_to)
    if series.empty:
        ui.empty_state(f"Ingen statistik för {cat_labels[category].lower()} under {sel.period}.",
                       "Välj en annan kategori eller period.")
        st.stop()
    years = [str(y) for y in sorted(series["year"].unique(), reverse=True)]
    with c3:
        year = int(ui.url_widget(st.selectbox, "År", years, param="ar", key="karta.ar", default=years[0]))
    values = series[series["year"] == year]
    measure, higher_is_better, name = "rate", None, category
    title = f"{cat_labels[category]}: anmälda brott per 100 000 inv., {year}"
    source_text = charts.source_text(values["source"])
else:
    surveys = dict(zip(options["survey"], options["survey_label"]))
    with c1:
        survey = ui.url_widget(st.selectbox, "Undersökning", list(surveys), param="enkat", key="karta.enkat",
                               default="stockholmsenkaten", format_func=surveys.get)
    items = options[options["survey"] == survey]
    labels = {i: f"{ui.THEMES.get(t, 'Övrigt')}: {lab}"
              for i, t, lab in zip(items["indicator_id"], items["theme"], items["label"])}
    with c2:
        indicator = ui.url_widget(st.selectbox, "Fråga (grupperad efter tema)", sorted(labels, key=labels.get),
                                  param="fraga", key="karta.fraga", default=items["indicator_id"].iloc[0],
                                  format_func=labels.get)
    rows = items[items["indicator_id"] == indicator]
    grades = [g for g in charts.GRADE_LABELS if (rows["grade"] == g).any()]
    with c3:
        grade = (ui.url_widget(st.radio, "Årskurs", grades, param="arskurs", key="karta.arskurs",
                               default=grades[0], format_func=charts.GRADE_LABELS.get, horizontal=True)
                 if len(grades) > 1 else grades[0])
        years = [str(y) for y in sorted(rows.loc[rows["grade"] == grade, "year"].unique(), reverse=True)]
        year = int(ui.url_widget(st.selectbox, "År", years, param="ar", key="karta.ar", default=years[0]))
    meta = rows.iloc[0]
    series = ui.query("survey_series", survey=survey, indicator=indicator, places=area_ids, year_from=year,
                      year_to=year, min_n=ui.min_respondents())
    values = series[(series["grade"] == grade) & (series["gender"] == "T")]
    higher_is_better = bool(meta["higher_is_better"]) if meta["higher_is_better"] in (True, False) else None
    measure, name = "andel", indicator
    title = f"{meta['label']}, {year}" + (f" ({charts.GRADE_LABELS[grade]})" if grade != "alla" else "")
    source_text = f"{meta['publisher']} ({meta['survey_label']}), {meta['population']}"

areas = geo.stadsdelsomraden(year) if area_set == "sdo" else geo.kommuner(lan_id)
points = geo.places_in(areas)
colours = charts.map_colour_text(higher_is_better)
fig = ui.pure(charts.choropleth, values, areas, measure=measure, year=year, higher_is_better=higher_is_better,
                        points=points, title=title, subtitle=f"{area_sets[area_set]} · {colours}",
                        source=source_text, period=str(year), demo=bool(values["is_demo"].any()))
ui.show_chart(fig, name=f"karta-{area_set}-{name}-{year}")

st.caption(charts.map_caption(measure, higher_is_better, with_points=len(points) > 0))
merged = charts.map_merger_note(areas, year)
if merged:
    st.caption(merged)
