"""Fokusområden: an action plan's priority areas with their goal, indicators (baseline against the
latest value, säkerställd or not), places and activities; and «Uppföljning», all areas side by side
for T1, T2 or VB."""
import datetime as dt

import streamlit as st

from lagesbild import access, charts, fmt, stats, tables, ui, ui_priority

PERIODS = {"T1": "T1 (jan–apr)", "T2": "T2 (jan–aug)", "VB": "VB (helår)"}
WINDOWS = {"T1": "jan–apr", "T2": "jan–aug", "VB": "helår"}
VIEWS = {"omrade": "Fokusområde", "uppfoljning": "Uppföljning"}
NO_ACTIONS = "Inga aktiviteter ännu – importera handlingsplanen (typ «handlingsplan»)."
HOW_ACTIONS = ("Aktiviteterna med ansvarig, datum och status läses från planen som den är skriven (Excel, eller "
               "tabellen kopierad från Word) på sidan Importera data.")

sel = ui.sidebar_selection("fokus")
st.title("Fokusområden")
ui_priority.show_last_change()
editor = access.can_edit()
plans = ui.query("priority_plans")
if plans.empty:
    ui.empty_state("Det finns inga fokusområden ännu.",
                   "Importera handlingsplanen (typ «handlingsplan») eller en fokusområdesfil (typ «fokusomraden») "
                   "på sidan Importera data" + (", eller lägg till mallområden nedan." if editor else "."))
    if editor:
        ui_priority.template_adder()
    st.stop()

# The plan: one for the chosen place, a place around it or a place in it; else the latest.
around = set(sel.lineage["place_id"]) | set(ui.query("event_places", place_id=sel.place_id)["place_id"]) if sel else set()
related = plans[plans["place_id"].isin(around)]
titles = {r["plan_id"]: f"{r['title']} ({r['place_name']})" for r in plans.to_dict("records")}
c1, c2, c3 = st.columns([3, 1, 1])
with c1:
    plan_id = ui.url_widget(st.selectbox, "Plan", list(titles), param="plan", key="fokus.plan",
                            default=(related if len(related) else plans)["plan_id"].iloc[0], format_func=titles.get)
plan = plans[plans["plan_id"] == plan_id].iloc[0].to_dict()
today = dt.date.today()
default_year, default_period = stats.default_follow_up(plan["valid_to"], today)
years = [str(y) for y in stats.follow_up_years(plan["valid_from"], today, default_year)]
with c2:
    period = ui.url_widget(st.selectbox, "Uppföljning", list(PERIODS), param="uppfoljning", key="fokus.period",
                           default=default_period, format_func=PERIODS.get,
                           help="T1 och T2 är tertialrapporterna (januari–april, januari–augusti), VB "
                                "verksamhetsberättelsen (helåret).")
with c3:
    year = int(ui.url_widget(st.selectbox, "År", years, param="ar", key="fokus.year", default=str(default_year)))
view = ui.url_widget(st.radio, "Visa", list(VIEWS), param="vy", key="fokus.view", default="omrade",
                     format_func=VIEWS.get, horizontal=True, label_visibility="collapsed")

follow_date = stats.follow_up_date(year, period)
as_of = min(today, follow_date)
baseline = stats.plan_baseline_year(plan["valid_from"])
areas = ui.query("priority_areas", plan_id=plan_id)
if areas.empty:
    ui.empty_state(f"Planen «{plan['title']}» har inga fokusområden ännu.",
                   "Importera en fokusområdesfil (typ «fokusomraden») eller handlingsplanen på sidan Importera data"
                   + (", eller lägg till mallområden nedan." if editor else "."))
    if editor:
        ui_priority.template_adder(plan_id)
    st.stop()

follow = stats.plan_followup(ui.query, plan_id, period=period, year=year, baseline=baseline,
                             min_n=ui.min_respondents(), as_of=as_of)
indicators, values, followups, actions, counts = (follow.indicators, follow.values, follow.followups,
                                                  follow.actions, follow.counts)
demo = bool(plan["is_demo"]) or follow.values_demo
follow_label = f"{period} {year}"
sources = "; ".join(dict.fromkeys(followups["publisher"])) if len(followups) else "Handlingsplanen"
st.caption(f"Uppföljning {follow_label}: {WINDOWS[period]} varje år, senaste värdet till och med {year} jämfört med "
           f"basåret ({baseline if baseline else 'första året med siffror'}, om inget annat anges för indikatorn). "
           "Säkerställd: förändringen är större än slumpen brukar ge (antal: Poisson-test, andelar: test av två "
           f"andelar). Försenad: klart-datumet passerades före {as_of:%Y-%m-%d} och aktiviteten är inte genomförd.")

if view == "uppfoljning":
    summary = ui.pure(stats.followup_summary, areas, followups, counts)
    ui.show_chart(ui.pure(charts.priority_followup_overview, 
        summary, title=f"Uppföljning {follow_label} – {plan['place_name']}", subtitle=plan["title"],
        source=f"{sources}; handlingsplanen", period=follow_label, demo=demo),
        name=f"uppfoljning-{plan_id}-{period}-{year}")
    ui.show_table(ui.pure(tables.priority_followup_table, summary),
                  caption="Indikatorer räknas per plats de följs upp för. Säkerställt bättre eller sämre bara för "
                          "indikatorer med en riktning (enkätfrågans, brottens eller målets «minska»/«öka»).",
                  demo=demo, name=f"uppfoljning-{plan_id}-{period}-{year}",
                  title=f"Uppföljning {follow_label} – {plan['place_name']}",
                  source=f"{sources}; handlingsplanen", period=follow_label)
    if actions.empty:
        ui.empty_state(NO_ACTIONS, HOW_ACTIONS)
    st.subheader("Alla indikatorer")
    if followups.empty:
        ui.empty_state("Fokusområdena har inga indikatorer ännu.",
                       "Redaktörer lägger till dem under «Redigera fokusområdet» i vyn Fokusområde, eller med en "
                       "fokusområdesfil (typ «fokusomraden»).")
    else:
        ui.show_table(ui.pure(tables.priority_followup_detail, areas, followups), demo=demo,
                      name=f"uppfoljning-indikatorer-{plan_id}-{period}-{year}",
                      title=f"Alla indikatorer, uppföljning {follow_label}", source=sources, period=follow_label)
    ui_priority.download(plan, areas, ui.query("priority_area_places", plan_id=plan_id), indicators)
    st.stop()

names = {r["area_id"]: f"{int(r['sort_order'])}. {r['name']}" for r in areas.to_dict("records")}
area_id = ui.url_widget(st.selectbox, "Fokusområde", list(names), param="omrade", key="fokus.area",
                        default=areas["area_id"].iloc[0], format_func=names.get)
area = areas[areas["area_id"] == area_id].iloc[0].to_dict()
st.subheader(area["name"])
st.markdown(f"**Mål:** {area['goal']}" if isinstance(area["goal"], str) and area["goal"] else
            "**Mål:** inget mål angivet.")
if isinstance(area["description"], str) and area["description"]:
    st.caption(area["description"])
st.markdown("**Platser:** " + (", ".join(area["place_names"]) if len(area["place_names"]) else
                               f"hela {plan['place_name']} (inga särskilda platser)"))

st.subheader("Indikatorer")
mine = followups[followups["area_id"] == area_id]
own_indicators = indicators[indicators["area_id"] == area_id]
if own_indicators.empty:
    ui.empty_state("Fokusområdet har inga indikatorer ännu.",
                   "Redaktörer lägger till dem under «Redigera fokusområdet» nedan, eller med en fokusområdesfil "
                   "(typ «fokusomraden»).")
else:
    area_sources = "; ".join(dict.fromkeys(mine["publisher"])) or "Lägesbild"
    ui.show_chart(ui.pure(charts.priority_indicator_trends, 
        values, mine, title=f"{area['name']} – uppföljning {follow_label}", source=area_sources,
        period=f"{WINDOWS[period]}, t.o.m. {year}", demo=demo, follow_year=year, window=WINDOWS[period],
        subtitle="Stora punkter: basår och senaste värde. Grönt = säkerställd förbättring, rött = säkerställd "
                 "försämring, grått = ingen säkerställd förändring, blått = utan riktning."),
        name=f"fokusomrade-{area_id.replace('/', '-')}-{period}-{year}")
    ui.show_table(ui.pure(tables.priority_indicator_table, mine), demo=demo,
                  name=f"fokusomrade-{area_id.replace('/', '-')}-{period}-{year}",
                  title=f"{area['name']} – uppföljning {follow_label}", source=area_sources,
                  period=f"{WINDOWS[period]}, t.o.m. {year}")

st.subheader("Aktiviteter")
own_actions = actions[actions["area_id"] == area_id]
if actions.empty:
    ui.empty_state(NO_ACTIONS, HOW_ACTIONS)
elif own_actions.empty:
    st.caption("Planen har inga aktiviteter för det här fokusområdet.")
else:
    done = counts[counts["area_id"] == area_id].iloc[0]
    st.markdown(f"{fmt.number(done['total'])} aktiviteter: {fmt.number(done['genomford'])} genomförda, "
                f"{fmt.number(done['paborjad'])} påbörjade, {fmt.number(done['pagar'])} pågår, "
                f"{fmt.number(done['ej_genomford'])} ej genomförda, {fmt.number(done['utan_status'])} utan status; "
                f"**{fmt.number(done['overdue'])} försenade** ({as_of:%Y-%m-%d}).")
    ui.show_table(ui.pure(tables.priority_actions_table, own_actions, as_of), demo=demo,
                  name=f"aktiviteter-{area_id.replace('/', '-')}", title=f"Aktiviteter – {area['name']}",
                  source=f"Handlingsplanen «{plan['title']}»", period=f"status per {as_of:%Y-%m-%d}")
    glossary = ui.query("priority_glossary", plan_id=plan_id)
    if len(glossary):
        with st.expander("Förkortningar i planen"):
            st.dataframe(glossary.rename(columns={"abbreviation": "Förkortning", "meaning": "Betydelse"}),
                         hide_index=True, width="stretch")

if editor:
    ui_priority.area_editor(plan_id, area, own_indicators)
    with st.expander("Lägg till mallområden"):
        ui_priority.template_adder(plan_id)
ui_priority.download(plan, areas, ui.query("priority_area_places", plan_id=plan_id), indicators)
