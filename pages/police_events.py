"""Polisens händelser: published events per type over time, weekday × hour, the latest events."""
import datetime as dt

import streamlit as st

from lagesbild import charts, fmt, tables, ui

sel = ui.sidebar_selection("handelser")
st.title("Polisens händelser")
st.warning("**Publicerade händelser är inte brottsstatistik.** Polisen publicerar ett urval av händelser "
           "(långt under en tiondel av de anmälda brotten), med kommunen eller länet som plats. Använd dem "
           "för mönster över dygnet och veckan och för vad som hänt nyligen, aldrig som brottsnivåer.", icon="⚠️")
if sel is None:
    ui.empty_state("Det finns ingen data att visa ännu.", "Importera händelser med `python -m loaders import FIL`.")
    st.stop()

event_place, event_name = sel.event_place
if event_place != sel.place_id:
    st.info(f"Händelserna har bara kommun eller län som plats. Visar {event_name}, där {sel.name} ingår.")
places = ui.query("event_places", place_id=event_place)["place_id"].tolist()
date_from, date_to = dt.date(sel.year_from, 1, 1), dt.date(sel.year_to, 12, 31)
types = ui.query("event_types", places=places, date_from=date_from, date_to=date_to)
if types.empty:
    ui.empty_state(f"Inga publicerade händelser för {event_name} under {sel.period}.",
                   "Importera Polisens händelser (JSON från polisen.se/api/events eller ett Parquet-arkiv).")
    st.stop()
chosen = ui.url_multiselect("Händelsetyper", types["type"].tolist(), param="typ", key="handelser.typ",
                            placeholder="Alla typer (utom sammanfattningar)")
status = ui.data_status()
period = f"{max(date_from, status['first_event'].date()):%Y-%m-%d} – {min(date_to, status['last_event'].date()):%Y-%m-%d}"
by_month = ui.query("events_by_month_type", places=places, date_from=date_from, date_to=date_to, types=chosen)
demo = bool(by_month["is_demo"].any())
st.caption(f"{fmt.number(by_month['n'].sum())} publicerade händelser i {event_name}, {period}.")
ui.show_chart(ui.pure(charts.events_by_month, by_month, title=f"Publicerade händelser per månad – {event_name}",
                                     period=period, demo=demo),
              name=f"polisens-handelser-per-manad-{event_name}-{sel.year_from}-{sel.year_to}")
heat = ui.query("events_weekday_hour", places=places, date_from=date_from, date_to=date_to, types=chosen)
ui.show_chart(ui.pure(charts.weekday_hour_heatmap, heat, title=f"När inträffade händelserna? – {event_name}",
                                          period=period, demo=demo),
              name=f"polisens-handelser-veckodag-timme-{event_name}-{sel.year_from}-{sel.year_to}")
st.subheader("Senaste händelserna")
latest = ui.query("events_latest", places=places, date_from=date_from, date_to=date_to, types=chosen, limit=25)
st.dataframe(ui.pure(tables.events_table, latest), hide_index=True, width="stretch",
             column_config={"Länk": st.column_config.LinkColumn("Länk", display_text="polisen.se")})
