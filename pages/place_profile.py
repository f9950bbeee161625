"""Platser: everything known about one place on one page: reported crime per category (rates only
where the place has residents, with a reference), published events by weekday and hour in its
kommun, the latest survey results, presence, and the priority areas and activities that name it."""
import datetime as dt

import pandas as pd
import streamlit as st

from lagesbild import charts, fmt, tables, ui

sel = ui.sidebar_selection("platser")
if sel is None:
    st.title("Platser")
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer på sidan Importera data eller med "
                   "`python -m loaders import FIL`, eller bygg exempeldatabasen med `python -m loaders demo`.")
    st.stop()


def more(page: str, label: str) -> None:
    """A link to the page with the details, keeping the place and period."""
    params = {k: st.query_params[k] for k in ("plats", "fran", "till") if k in st.query_params}
    st.page_link(page, label=label, icon=":material/arrow_forward:", query_params=params)


names = dict(zip(sel.lineage["place_id"], sel.lineage["name"]))
st.title(ui.place_label(sel.lineage.iloc[0]))
st.caption(tables.lineage_text(sel.lineage))
date_from, date_to = dt.date(sel.year_from, 1, 1), dt.date(sel.year_to, 12, 31)

# 1. Reported crime per category: the latest year, rate where there are residents, reference, change
st.subheader("Anmälda brott per kategori")
crime = ui.query("crime_yearly_by_category", place_id=sel.place_id, year_from=sel.year_from, year_to=sel.year_to)
if crime.empty:
    ui.empty_state(f"Det finns ingen statistik över anmälda brott per år för {sel.name} under {sel.period}.",
                   "Importera Brås statistik eller polisens lokala statistik för platsen "
                   "(mallen «polisstatistik»).")
else:
    ancestors = sel.lineage.iloc[1:].to_dict("records")
    references = [ui.query("crime_yearly_by_category", place_id=a["place_id"], year_from=sel.year_from,
                           year_to=sel.year_to).assign(name=a["name"], depth=a["depth"]) for a in ancestors]
    rates = sel.level != "plats"
    table = ui.pure(tables.place_crime_table, crime, pd.concat(references) if references else None, rates=rates)
    notes = ["Senaste året med siffror per kategori, jämfört med året innan. Säkerställd: förändringen är "
             "större än slumpen brukar ge (Poisson-test, |z| ≥ 2). Referens: närmaste område ovanför med "
             "per 100 000 inv. samma år."]
    if not rates:
        notes.append(f"{sel.name} är en plats utan invånare (t.ex. ett torg eller centrum): därför visas antal, "
                     "aldrig per 100 000 inv. («–»).")
    elif (table["Per 100 000 inv."] == tables.NO_RATE).any():
        notes.append(f"«–»: det finns ingen folkmängd för {sel.name} det året, så per 100 000 inv. kan inte "
                     "beräknas (importera folkmängd från SCB).")
    if crime["from_months"].any():
        notes.append("Årssiffror som saknas i källan är summan av årets tolv månader.")
    notes.append(f"Källa: {charts.source_text(crime['source'])}.")
    ui.show_table(table, caption=" ".join(notes), demo=bool(crime["is_demo"].any()),
                  name=f"platser-anmalda-brott-{sel.name}-{sel.period}", title=f"Anmälda brott per kategori – {sel.name}",
                  source=charts.source_text(crime["source"]), period=fmt.data_period(crime))
more("pages/reported_crime.py", "Trender och jämförelser: Anmälda brott")

# 2. Published events by weekday and hour, for the kommun (events have no finer place)
st.subheader("Publicerade händelser per veckodag och timme")
event_place, _ = sel.event_place
event_places = ui.query("event_places", place_id=event_place)["place_id"].tolist()
grid = ui.query("events_weekday_hour", places=event_places, date_from=date_from, date_to=date_to, types=[])
if grid.empty:
    ui.empty_state(f"Inga publicerade händelser med känd tidpunkt för {names[event_place]} under {sel.period}.",
                   "Importera Polisens händelser (JSON från polisen.se/api/events eller ett Parquet-arkiv).")
else:
    status = ui.data_status()
    first, last = max(date_from, status["first_event"].date()), min(date_to, status["last_event"].date())
    period = f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
    demo = bool(ui.query("events_by_month_type", places=event_places, date_from=date_from, date_to=date_to,
                         types=[])["is_demo"].any())
    within = "" if event_place == sel.place_id else f", där {sel.name} ingår"
    st.caption(f"{fmt.number(grid['n'].sum())} **publicerade händelser** med känd tidpunkt i hela "
               f"{names[event_place]}{within}, {period}. Händelserna har bara kommun eller län som plats, och de är "
               "ett urval som Polisen publicerar, inte brottsstatistik.")
    ui.show_chart(ui.pure(charts.weekday_hour_heatmap, grid, title=f"När inträffade händelserna? – {names[event_place]}",
                                              period=period, demo=demo, height=380),
                  name=f"platser-handelser-veckodag-timme-{names[event_place]}-{sel.year_from}-{sel.year_to}")
more("pages/police_events.py", "Typer och senaste händelserna: Polisens händelser")

# 3. Surveys: the latest result per question, here or in the nearest area above
st.subheader("Enkäter")
threshold = ui.min_respondents()
surveys = ui.query("place_survey_latest", places=sel.lineage["place_id"].tolist(), year_from=sel.year_from,
                   year_to=sel.year_to, min_n=threshold, indicators=[])
if surveys.empty:
    ui.empty_state(f"Det finns inga enkätresultat för {sel.name} eller områdena den ingår i under {sel.period}.",
                   "Importera Stockholmsenkäten, trygghetsmätningar eller NTU på sidan Importera data.")
else:
    notes = ["Senaste mätningen per fråga, för båda könen tillsammans (Stockholmsenkäten: åk 9, annars gy 2)."]
    if (surveys["depth"] > 0).any():
        notes.append(f"Där {sel.name} saknar egna resultat visas närmaste område ovanför "
                     "(«Om värdet» säger vilket).")
    if surveys["value"].isna().any():
        notes.append(f"«..» = dolt: källan dolde värdet eller färre än {threshold} svarade; aldrig 0.")
    ui.show_table(ui.pure(tables.place_survey_table, surveys, threshold), caption=" ".join(notes),
                  demo=bool(surveys["is_demo"].any()), name=f"platser-enkater-{sel.name}-{sel.period}",
                  title=f"Senaste enkätresultaten – {sel.name}", period=sel.period,
                  source="; ".join(dict.fromkeys(surveys["publisher"])))
more("pages/safety.py", "Utveckling över tid: Trygghet och enkäter")

# 4. Presence: hours and passes per kind in the period, at the place and the places in it
st.subheader("Närvaro")
places = ui.query("event_places", place_id=sel.place_id)["place_id"].tolist()
options = ui.query("patrol_options", places=places, date_from=date_from, date_to=date_to)
if options.empty:
    ui.empty_state(f"Det finns inga närvaro- eller patrullpass för {sel.name} under {sel.period}.",
                   "Importera en närvaro- eller patrullogg (filtypen «patrullogg») på sidan Importera data.")
else:
    hours = ui.query("patrol_hours_by_place", places=places, date_from=date_from, date_to=date_to, kinds=[],
                     organisations=[])
    period = f"{options['first_start'].min():%Y-%m-%d} – {options['last_start'].max():%Y-%m-%d}"
    ui.show_table(ui.pure(tables.presence_place_table, hours),
                  caption=f"{fmt.number(hours['passes'].sum())} pass, {fmt.number(hours['hours'].sum(), 1)} timmar "
                          f"med närvaro, {period}. Källa: {charts.patrol_source(options)}.",
                  demo=bool(options["is_demo"].any()), name=f"platser-narvaro-{sel.name}-{sel.period}",
                  title=f"Närvaro – {sel.name}", source=charts.patrol_source(options), period=period)
more("pages/presence.py", "Över tid och mot händelserna: Närvaro och patrullering")

# 5. Priority areas and activities that name the place
st.subheader("Fokusområden och åtgärder")
actions = ui.query("place_actions", place_id=sel.place_id)
if actions.empty:
    ui.empty_state(f"Inga fokusområden eller åtgärder i handlingsplanerna nämner {sel.name}.",
                   "Importera kommunens och polisens handlingsplan (medborgarlöfte, samverkansöverenskommelse) "
                   "på sidan Importera data.")
else:
    plans = ", ".join(f"«{t}»" for t in dict.fromkeys(actions["plan_title"]))
    ui.show_table(ui.pure(tables.place_actions_table, actions),
                  caption=f"Ur {plans}. En aktivitet nämner platsen när dess fokusområde gäller platsen eller när "
                          f"platsens namn (eller en annan stavning av det) står i aktivitetens text. Hela planen "
                          "finns på sidan Fokusområden.", demo=bool(actions["is_demo"].any()),
                  name=f"platser-atgarder-{sel.name}", title=f"Fokusområden och åtgärder som nämner {sel.name}",
                  source=plans, period=sel.period)
