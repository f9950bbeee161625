"""The Fokusområden page's Streamlit parts (like ui_import.py for the import page): the editor for one
area, «Lägg till mallområden», the download and the undo of the last change. Every change goes through
`loaders.priority_areas` (the same plan and write as an imported areas file), so it shows in the
import history and can be undone.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lagesbild import access, settings, ui
from loaders import priority_areas as areas_file
from loaders.base import ImportRejected
from loaders.pipeline import undo

LAST_CHANGE = "fokus.last_change"       # (status, message, import_id) of the last save on this page
EMPTY = ""


def _place_labels() -> dict[str, str]:
    """place_id -> a unique label ('Mörby centrum (plats i Danderyd)')."""
    places = ui.query("places_all")
    labels: dict[str, str] = {}
    seen: set[str] = set()
    for r in places.to_dict("records"):
        label = ui.place_label(r)
        if label in seen:
            label = f"{label} [{r['place_id']}]"
        seen.add(label)
        labels[r["place_id"]] = label
    return labels


def _options(indicators: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Picker label -> (source, indicator_ref): every option, and the area's own indicators."""
    catalog = ui.query("priority_indicator_options")
    options = {label: (s, r) for label, s, r in zip(catalog["option_label"], catalog["source"], catalog["indicator_ref"])}
    known = {value: label for label, value in options.items()}
    for r in indicators.to_dict("records"):
        if (r["source"], r["indicator_ref"]) not in known:
            label = f"{r['source_label']}: {r['ref_text']}"
            options[label] = (r["source"], r["indicator_ref"])
            known[(r["source"], r["indicator_ref"])] = label
    return options


def show_last_change() -> None:
    """The outcome of the last save (with an undo button), or of its undo."""
    last = st.session_state.get(LAST_CHANGE)
    if not last:
        return
    status, message, import_id = last
    if status == "ok":
        left, right = st.columns([4, 1])
        left.success(message + " Ändringen syns i importhistoriken.")
        if import_id and right.button("Ångra ändringen", key=f"fokus.undo.{import_id}"):
            try:
                text = undo(int(import_id), db_path=settings.db_path())
                st.session_state[LAST_CHANGE] = ("undone", text, None)
            except ImportRejected as exc:
                st.session_state[LAST_CHANGE] = ("rejected", f"Kunde inte ångra: {exc.problems[0]}", None)
            st.rerun()
    elif status == "undone":
        st.success(message)
    elif status == "unchanged":
        st.info(message)
    else:
        st.error(message)


def _remember(result) -> None:
    st.session_state[LAST_CHANGE] = (result.status, result.message, result.import_id)


def area_editor(plan_id: str, area: dict, indicators: pd.DataFrame) -> None:
    """Goal, description, places and indicators of one area, saved as one change."""
    version = ui.current_version()        # a new data version gives fresh widgets with the saved values
    key = f"fokus.edit.{area['area_id']}.{version}"
    labels = _place_labels()
    options = _options(indicators)
    by_value = {value: label for label, value in options.items()}
    rows = pd.DataFrame({
        "Indikator": [by_value[(s, r)] for s, r in zip(indicators["source"], indicators["indicator_ref"])],
        "Plats": [labels.get(p, EMPTY) if isinstance(p, str) else EMPTY for p in indicators["place_id"]],
        "Basår": pd.array([int(y) if pd.notna(y) else None for y in indicators["baseline_year"]], dtype="Int64"),
        "Mål": [t if isinstance(t, str) else EMPTY for t in indicators["target"]],
    }, columns=["Indikator", "Plats", "Basår", "Mål"])
    with st.expander("Redigera fokusområdet", expanded=False):
        with st.form(f"{key}.form"):
            goal = st.text_area("Mål", value=area.get("goal") or "", key=f"{key}.goal")
            description = st.text_area("Beskrivning", value=area.get("description") or "", key=f"{key}.description")
            places = st.multiselect("Platser", list(labels), default=[p for p in area["place_ids"] if p in labels],
                                    format_func=labels.get, key=f"{key}.places",
                                    placeholder="Välj platser (torg, centrum …); skriv för att söka")
            st.caption("Indikatorer: välj vad som följer upp fokusområdet. Tom plats = fokusområdets platser och "
                       "planens område; tomt basår = året före planens start; mål som «minska» eller «öka» anger "
                       "vilken riktning som är bättre. Lägg till en rad längst ned, ta bort en rad med "
                       "kryssrutan till vänster.")
            edited = st.data_editor(
                rows, key=f"{key}.indicators", num_rows="dynamic", hide_index=True, width="stretch",
                column_config={
                    "Indikator": st.column_config.SelectboxColumn("Indikator", options=list(options), required=True,
                                                                  width="large"),
                    "Plats": st.column_config.SelectboxColumn("Plats", options=[EMPTY, *labels.values()],
                                                              width="medium"),
                    "Basår": st.column_config.NumberColumn("Basår", min_value=1990, max_value=dt.date.today().year,
                                                           step=1, format="%d"),
                    "Mål": st.column_config.TextColumn("Mål", width="small"),
                })
            saved = st.form_submit_button("Spara ändringarna", type="primary")
    if not saved:
        return
    place_ids = {label: place_id for place_id, label in labels.items()}
    chosen = []
    for r in edited.to_dict("records"):
        if not isinstance(r.get("Indikator"), str) or r["Indikator"] not in options:
            continue
        source, ref = options[r["Indikator"]]
        year = r.get("Basår")
        target = r.get("Mål")
        chosen.append({"source": source, "indicator_ref": ref, "place_id": place_ids.get(r.get("Plats")),
                       "baseline_year": int(year) if year is not None and pd.notna(year) else None,
                       "target": target.strip() if isinstance(target, str) and target.strip() else None})
    result = areas_file.save_area(db_path=settings.db_path(), plan_id=plan_id, area_id=area["area_id"],
                                  name=area["name"], goal=goal.strip() or None, description=description.strip() or None,
                                  sort_order=int(area["sort_order"]), places=places, indicators=chosen,
                                  imported_by=access.current_editor())
    _remember(result)
    st.rerun()


def template_adder(default_plan: str | None = None) -> None:
    """«Lägg till mallområden»: the shipped areas of Danderyd's plan or Stockholm's ten areas."""
    templates = areas_file.template_plans()
    ids = list(templates)
    with st.form("fokus.templates"):
        st.markdown("**Lägg till mallområden**")
        st.caption("Danderyds nio fokusområden (handlingsplanen 2017–2018) och Stockholms stads tio prioriterade "
                   "samverkansområden (Hässelby-Vällingbys åtgärdsplan 2020), med mål, platser och föreslagna "
                   "indikatorer. Fokusområden som redan har platser eller indikatorer lämnas orörda.")
        plan_id = st.selectbox("Mall", ids, index=ids.index(default_plan) if default_plan in ids else 0,
                               format_func=templates.get, key="fokus.template")
        if st.form_submit_button("Lägg till mallområden"):
            _remember(areas_file.add_templates(plan_id, db_path=settings.db_path(), imported_by=access.current_editor()))
            st.rerun()


def download(plan: dict, areas: pd.DataFrame, places: pd.DataFrame, indicators: pd.DataFrame) -> None:
    """The plan's areas as the importable Excel file."""
    data = areas_file.workbook_bytes(pd.DataFrame([plan]), areas, places, indicators)
    st.download_button("Ladda ned fokusområdena (Excel)", data, file_name=f"fokusomraden-{plan['plan_id']}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="fokus.download",
                       help="Samma fil kan ändras och importeras igen (filtyp «fokusomraden»).")
