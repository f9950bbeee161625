"""Närvaro och patrullering: hours of presence (police, guards, walks) per week or month, passes and
participants per year, presence against published police events and evening safety, observations
and (for editors) the masked notes."""
import datetime as dt

import streamlit as st

from lagesbild import access, charts, fmt, stats, tables, ui

HOW = ("Importera en närvaro- eller patrullogg (filtypen «patrullogg»: en rad per pass med Datum, Start, Slut, "
       "Plats och Utförare, gärna Antal deltagare och Iakttagelser) på sidan Importera data eller med "
       "`python -m loaders import FIL`.")
RESOLUTIONS = {"månad": "month", "vecka": "week"}

sel = ui.sidebar_selection("narvaro")
st.title("Närvaro och patrullering")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", HOW)
    st.stop()

places = ui.query("event_places", place_id=sel.place_id)["place_id"].tolist()
date_from, date_to = dt.date(sel.year_from, 1, 1), dt.date(sel.year_to, 12, 31)
options = ui.query("patrol_options", places=places, date_from=date_from, date_to=date_to)
if options.empty:
    ui.empty_state(f"Det finns inga närvaro- eller patrullpass för {sel.name} under {sel.period}.", HOW)
    st.stop()

kinds = dict(zip(options["kind"], options["label"]))
c1, c2, c3 = st.columns([2, 2, 1])
with c1:
    chosen_kinds = ui.url_multiselect("Typ av närvaro", list(kinds), param="typ", key="narvaro.typ",
                                      format_func=kinds.get, placeholder="Alla typer")
shown = options[options["kind"].isin(chosen_kinds)] if chosen_kinds else options
with c2:
    chosen_orgs = ui.url_multiselect("Utförare", list(dict.fromkeys(shown["organisation"])), param="utforare",
                                     key="narvaro.utforare", placeholder="Alla utförare")
with c3:
    per = ui.url_widget(st.radio, "Visa per", list(RESOLUTIONS), param="per", key="narvaro.per", default="månad",
                        format_func=str.capitalize, horizontal=True)
if chosen_orgs:
    shown = shown[shown["organisation"].isin(chosen_orgs)]
filters = dict(places=places, date_from=date_from, date_to=date_to, kinds=chosen_kinds, organisations=chosen_orgs)
demo = bool(shown["is_demo"].any())
source = charts.patrol_source(shown)
period = f"{shown['first_start'].min():%Y-%m-%d} – {shown['last_start'].max():%Y-%m-%d}"
within = " med platserna där" if len(places) > 1 else ""
st.caption(f"{fmt.number(shown['passes'].sum())} pass i {sel.name}{within}, {period}. Timmarna räknas "
           "från passens start- och sluttid; ett pass som går över midnatt räknas till dagen det började.")

# 1. Hours of presence over time, and per place
st.subheader("Timmar med närvaro")
hours = ui.query("patrol_hours_by_period", resolution=RESOLUTIONS[per], **filters)
ui.show_chart(ui.pure(charts.presence_hours, hours, resolution=RESOLUTIONS[per],
                                    title=f"Timmar med närvaro per {per} – {sel.name}", source=source, period=period,
                                    demo=demo),
              name=f"narvaro-timmar-per-{RESOLUTIONS[per]}-{sel.name}-{sel.year_from}-{sel.year_to}")
by_place = ui.query("patrol_hours_by_place", **filters)
ui.show_table(ui.pure(tables.presence_place_table, by_place),
              caption=f"Timmar per plats och typ, {period}. Källa: {source}.", demo=demo,
              name=f"narvaro-timmar-per-plats-{sel.name}-{sel.year_from}-{sel.year_to}",
              title=f"Timmar med närvaro per plats och typ – {sel.name}", source=source, period=period)

# 2. Passes and participants per year
st.subheader("Pass och deltagare per år")
passes = ui.query("patrol_passes_by_year", **filters)
ui.show_chart(ui.pure(charts.passes_per_year, passes, title=f"Pass och deltagare per år – {sel.name}", source=source,
                                     period=period, demo=demo),
              name=f"narvaro-pass-per-ar-{sel.name}-{sel.year_from}-{sel.year_to}")
ui.show_table(ui.pure(tables.passes_table, passes),
              caption="Medelvärdet räknas bara på de pass där loggen anger antal deltagare; pass utan antal "
                      "räknas inte som 0.", demo=demo,
              name=f"narvaro-pass-per-ar-{sel.name}-{sel.year_from}-{sel.year_to}",
              title=f"Pass och deltagare per år – {sel.name}", source=source, period=period)

# 3. Presence against problems: weekday × hour, events in the kommun, evening safety
st.subheader("Närvaro och problem")
event_place, event_name = sel.event_place
event_places = ui.query("event_places", place_id=event_place)["place_id"].tolist()
events_grid = ui.query("events_weekday_hour", places=event_places, date_from=date_from, date_to=date_to, types=[])
events_demo = bool(ui.query("events_by_month_type", places=event_places, date_from=date_from, date_to=date_to,
                            types=[])["is_demo"].any())
grid_from, grid_to, grid_period = date_from, date_to, period
if not events_grid.empty:   # compare like with like: presence on the days Polisen's events cover
    status = ui.data_status()
    grid_from, grid_to = max(date_from, status["first_event"].date()), min(date_to, status["last_event"].date())
    grid_period = f"{grid_from:%Y-%m-%d} – {grid_to:%Y-%m-%d}"
presence_grid = ui.query("patrol_weekday_hour", **dict(filters, date_from=grid_from, date_to=grid_to))
st.caption(f"Till vänster: när det fanns närvaro i {sel.name} (timmar under perioden, ett pass delas upp på "
           f"de klocktimmar det pågick). Till höger: Polisens **publicerade händelser** för hela {event_name} "
           "(händelserna har bara kommun eller län som plats): ett urval, inte brottsstatistik. Båda gäller samma "
           f"dagar, {grid_period}.")
left, right = st.columns(2)
with left:
    ui.show_chart(ui.pure(charts.weekday_hour_heatmap, 
        presence_grid, title=f"Närvaro – {sel.name}", subtitle="Timmar per veckodag och timme", period=grid_period,
        demo=demo, value="hours", unit="timmar", decimals=1, source=source, x_title="Timme", colorscale="Greens",
        colorbar_title="Timmar", narrow=True),
        name=f"narvaro-veckodag-timme-{sel.name}-{sel.year_from}-{sel.year_to}")
with right:
    if events_grid.empty:
        st.info(f"Inga publicerade händelser med känd tidpunkt för {event_name} under {sel.period}. Importera "
                "Polisens händelser för att jämföra närvaron med dem.", icon="ℹ️")
    else:
        ui.show_chart(ui.pure(charts.weekday_hour_heatmap, 
            events_grid, title=f"Publicerade händelser – {event_name}", subtitle="Antal per veckodag och timme",
            period=grid_period, demo=events_demo, x_title="Timme", narrow=True),
            name=f"handelser-veckodag-timme-{event_name}-{sel.year_from}-{sel.year_to}")
coverage = ui.pure(stats.presence_coverage, events_grid, presence_grid)
st.markdown(tables.coverage_text(coverage))
if coverage is not None:
    st.caption("En timme med händelser är en veckodag och klocktimme (t.ex. fredag 22–23) med minst en publicerad "
               f"händelse i {event_name} under perioden; närvaro betyder att något pass i {sel.name} pågick då. "
               "Att närvaron sammanfaller med händelserna säger inget om orsak och verkan.")
st.markdown("**Trygghet sent på kvällen**")
ui.show_evening_safety(sel)

# 4. Observations and notes
st.subheader("Iakttagelser")
observations = ui.query("patrol_observations", **filters)
if observations.empty:
    st.caption("Loggarna för de valda passen räknar inga iakttagelser (ungdomar, berusade, skadegörelse …).")
else:
    ui.show_chart(ui.pure(charts.observations_by_year, observations, title=f"Iakttagelser per år – {sel.name}",
                                              source=source, period=period, demo=demo),
                  name=f"narvaro-iakttagelser-{sel.name}-{sel.year_from}-{sel.year_to}")
    ui.show_table(ui.pure(tables.observations_table, observations),
                  caption="Bara pass vars logg har uppgiften räknas; en saknad uppgift är inte 0.", demo=demo,
                  name=f"narvaro-iakttagelser-{sel.name}-{sel.year_from}-{sel.year_to}",
                  title=f"Iakttagelser per år – {sel.name}", source=source, period=period)
if access.can_edit():
    search = st.text_input("Sök i anteckningar", key="narvaro.sok", placeholder="t.ex. klotter, grupp, buss")
    notes = ui.query("patrol_notes", search=search.strip(), limit=200, **filters)
    if notes.empty:
        st.caption("Inga anteckningar" + (f" med «{search.strip()}»." if search.strip() else "."))
    else:
        ui.show_table(ui.pure(tables.patrol_notes_table, notes),
                      caption=f"{fmt.number(len(notes))} anteckningar, de senaste först (högst 200). Personnummer, "
                              "telefonnummer, e-post och registreringsnummer maskerades vid importen.", demo=demo)
else:
    st.caption("Anteckningarna från passen visas bara för redaktörer.")
