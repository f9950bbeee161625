"""Översikt: the lägesbild for the chosen place, along BRÅ's three questions: where are the problems
largest, compared with what, and how have they developed; then safety, presence and the editors'
"annan information"."""
import datetime as dt

import streamlit as st

from lagesbild import access, charts, fmt, notes, settings, stats, tables, ui

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
else:
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
        cols[2].metric("Riket per 100 000 inv.",
                       fmt.number(riket["rate_per_100k"].iloc[0]) if len(riket) else fmt.MISSING, border=True)
        cols[3].metric("Säkerställd förändring?", "Ja" if change and change.significant else "Nej" if change else "..",
                       border=True, help="Säkerställd betyder att förändringen är större än vad slumpen brukar ge "
                                         "(Poisson-test: |2(√nu − √före)| ≥ 2). Små tal varierar mycket.")

    # 1. Where are the problems largest?
    st.header("1. Var är problemen störst?", divider="gray")
    st.markdown(f"**Brottskategorier i {sel.name}**, störst först")
    ranked_categories = ui.pure(tables.category_table, data, largest_first=True)
    notes_text = ["Senaste året med siffror per kategori, jämfört med året innan."]
    if data["from_months"].any():
        notes_text.append("Årssiffror som saknas i källan är summan av årets tolv månader.")
    ui.show_table(ranked_categories, caption=" ".join(notes_text), demo=demo,
                  name=f"anmalda-brott-per-kategori-{sel.name}-{sel.year_from}-{sel.year_to}",
                  title=f"Anmälda brott per kategori – {sel.name}", source=charts.source_text(data["source"]),
                  period=fmt.data_period(data))
    below = [p for p in ui.query("event_places", place_id=sel.place_id)["place_id"] if p != sel.place_id]
    last_year = int(data["year"].max())
    parts = ui.query("crime_series", places=below, category="totalt", period_type="year",
                     year_from=last_year, year_to=last_year) if below else None
    if parts is not None and not parts.empty:
        ranked, by = ui.pure(stats.rank_places, parts)
        st.markdown(f"**Områden och platser i {sel.name} {last_year}**, rangordnade efter {tables.RANKED_BY[by]}")
        ui.show_table(ui.pure(tables.ranking_table, ranked), demo=bool(parts["is_demo"].any()),
                      name=f"anmalda-brott-omraden-{sel.name}-{last_year}", title=f"Områden i {sel.name} {last_year}",
                      source=charts.source_text(parts["source"]), period=str(last_year), caption=(
            "Rangordnat per invånare eftersom alla områden har folkmängd." if by == "rate_per_100k" else
            "Rangordnat efter antal: någon plats saknar folkmängd (t.ex. ett torg), och antal per invånare kan "
            "då inte jämföras."))
    else:
        st.caption(f"Det finns inga siffror för totalt antal brott för områden eller platser inom {sel.name} "
                   f"{last_year} att rangordna.")

    # 2. Compared with what?
    st.header("2. Jämfört med vad?", divider="gray")
    own = ui.query("crime_series", places=[sel.place_id], category="totalt", period_type="year",
                   year_from=sel.year_from, year_to=sel.year_to)
    if own.empty or own["rate_per_100k"].isna().all():
        st.caption(f"{sel.name} har ingen folkmängd i databasen (eller inga siffror för totalt antal brott), så "
                   "antal per invånare och jämförelser med andra områden visas inte. Antalen finns under 1 och 3.")
    else:
        references = ui.query("crime_reference", places=[sel.place_id], category="totalt", period_type="year",
                              year_from=sel.year_from, year_to=sel.year_to)
        peers = ui.query("peer_places", place_id=sel.place_id)
        peer_rates = ui.query("crime_series", places=peers["place_id"].tolist(), category="totalt",
                              period_type="year", year_from=sel.year_from, year_to=sel.year_to)
        band = ui.pure(stats.reference_band, peer_rates)
        peer_word = {"kommun": "länets kommuner", "stadsdelsomrade": "stadens stadsdelsområden",
                     "lan": "länen"}.get(sel.level, "jämförbara områden")
        fig = ui.pure(charts.crime_trend, 
            own, references, measure="rate", band=band, band_label=peer_word,
            title=f"Anmälda brott per 100 000 invånare – {sel.name}",
            subtitle=f"Med riket, länet och mittersta hälften av {peer_word} (grått band)",
            source=charts.source_text(own["source"]), period=fmt.data_period(own), demo=demo)
        ui.show_chart(fig, name=f"anmalda-brott-jamforelse-{sel.name}-{sel.year_from}-{sel.year_to}")
        st.caption(f"Det grå bandet visar spannet för den mittersta hälften av {peer_word} varje år (25:e till "
                   "75:e percentilen). Ligger linjen över bandet har området fler anmälda brott per invånare än "
                   "tre av fyra jämförbara områden." if not band.empty else
                   f"För få jämförbara områden med siffror för att visa ett band för {peer_word}.")

    # 3. How has it developed?
    st.header("3. Hur har det utvecklats?", divider="gray")
    trends = data[data["is_main"]]
    if trends["category_id"].nunique() < 2:
        trends = data[data["category_id"] != "totalt"]
    fig = ui.pure(charts.category_small_multiples, trends, place_name=sel.name,
                                          color=charts.place_colors([sel.place_id])[sel.place_id],
                                          source=charts.source_text(trends["source"]), period=fmt.data_period(trends),
                                          demo=demo)
    ui.show_chart(fig, name=f"anmalda-brott-per-kategori-{sel.name}-{sel.year_from}-{sel.year_to}")
    monthly = ui.query("crime_series", places=[sel.place_id], category="totalt", period_type="month",
                       year_from=sel.year_from - 1, year_to=sel.year_to)
    last_12, so_far = ui.pure(stats.last_12_months, monthly), ui.pure(stats.year_to_date, monthly)
    if so_far is not None and so_far.last[1] == 12:   # a whole year: the same as the last 12 months
        so_far = None
    lines = [tables.recent_change_text("Senaste 12 månaderna", last_12),
             tables.recent_change_text("Hittills i år", so_far)]
    lines = [line for line in lines if line]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
        st.caption("Säkerställt: skillnaden är större än vad slumpen brukar ge (Poisson-test). Månadssiffror, "
                   "samma källa som ovan.")
    else:
        st.caption(f"Det finns inga månadssiffror för {sel.name} att jämföra med samma period året innan.")

# Safety and presence
st.header("Trygghet och närvaro", divider="gray")
ui.show_evening_safety(sel)
places_below = ui.query("event_places", place_id=sel.place_id)["place_id"].tolist()
presence = ui.query("patrol_hours_by_period", places=places_below, date_from=dt.date(sel.year_to, 1, 1),
                    date_to=dt.date(sel.year_to, 12, 31), kinds=[], organisations=[], resolution="year")
if presence.empty:
    st.caption(f"Inga närvaro- eller patrullpass i {sel.name} {sel.year_to}. Se sidan Närvaro och patrullering.")
else:
    per_kind = presence.groupby("label", sort=False)[["passes", "hours"]].sum()
    st.markdown(f"**Närvaro {sel.year_to}:** " + "; ".join(
        f"{label.lower()} {fmt.number(row['hours'])} timmar ({fmt.number(row['passes'])} pass)"
        for label, row in per_kind.iterrows()) + ".")

# Annan information
st.header("Annan information", divider="gray")
note = ui.query("place_notes_latest", place_id=sel.place_id)
current = "" if note.empty else note["text"].iloc[0]
if current:
    st.markdown(current)
    st.caption(f"Skrivet av {note['updated_by'].iloc[0] or 'okänd'}, {note['updated_at'].iloc[0]:%Y-%m-%d %H:%M}.")
elif not access.can_edit():
    st.caption("Ingen annan information om platsen ännu.")
if access.can_edit():
    with st.form("oversikt.annat"):
        text = st.text_area("Annan information (syns för alla som ser översikten)", value=current, height=120,
                            help="T.ex. händelser som inte syns i statistiken, pågående insatser, iakttagelser från "
                                 "trygghetsrådet. Skriv inga personuppgifter.")
        save, undo = st.columns([1, 1])
        if save.form_submit_button("Spara", type="primary"):
            notes.save_note(settings.db_path(), sel.place_id, text, access.current_editor())
            st.rerun()
        if undo.form_submit_button("Ångra senaste ändringen", disabled=note.empty):
            notes.undo_note(settings.db_path(), sel.place_id)
            st.rerun()
