"""The import page's parts (Streamlit-aware, like ui.py): per-file preview with the kind, errors,
warnings and unknown places; the import with a progress bar; the history with undo; templates.
Everything is driven by the loader registry, so a new loader appears here without changes.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

import pandas as pd
import streamlit as st

from lagesbild import fmt, settings, ui
from loaders.base import ImportRejected, SourceFile
from loaders.pipeline import add_places, import_files, undo
from loaders.preview import Preview, candidate_kinds, preview_file
from loaders.registry import all_loaders
from loaders.templates import all_templates, template_bytes

STATUS = {"ok": ("Klar att importera", "green"), "unchanged": ("Inget nytt", "gray"),
          "rejected": ("Fel – kan inte importeras", "red")}
LEVEL_CHOICES = ["plats", "stadsdel", "stadsdelsomrade", "kommun"]
NEW_PLACE = "__ny__"


def kind_labels() -> dict[str, str]:
    return {loader.kind: loader.title for loader in all_loaders()}


def _preview(src: SourceFile, kind: str | None, options: dict) -> Preview:
    """Previews are kept per file content, kind, options and database version."""
    key = (src.sha256, kind, repr(sorted(options.items())), ui.current_version())
    cache = st.session_state.setdefault("import.previews", {})
    if key not in cache:
        if len(cache) > 50:
            cache.clear()
        cache[key] = preview_file(src, settings.db_path(), kind=kind, options=options)
    return cache[key]


def file_card(uploaded) -> tuple[SourceFile, str | None, dict, Preview]:
    """One dropped file: kind (changeable), options, result of the checks, preview rows."""
    src = SourceFile(uploaded.name, uploaded.getvalue())
    tag = src.sha256[:12]
    labels = kind_labels()
    with st.container(border=True):
        st.markdown(f"**{src.name}** · {fmt.number(len(src.data) / 1024, 1)} kB")
        key = f"import.kind.{tag}"
        if key not in st.session_state:
            detected = candidate_kinds(src)
            st.session_state[key] = detected[0] if detected else None
        left, right = st.columns([3, 1])
        kind = left.selectbox("Filtyp", list(labels), key=key, format_func=labels.get, placeholder="Välj filtyp …",
                              help="Avgörs av innehållet; ändra om det blev fel.")
        year = None
        loader = next((l for l in all_loaders() if l.kind == kind), None)
        if loader is not None and loader.year_option and not re.search(r"(19|20)\d\d", unquote(src.name)):
            year = right.number_input("År", min_value=1990, max_value=2100, value=None, step=1,
                                      key=f"import.year.{tag}",
                                      help="Behövs när året varken står i filnamnet eller i filen.")
        options = {"year": int(year)} if year else {}
        if kind == "patrullogg":
            options.update(patrol_options(tag))
        if kind == "handlingsplan":
            options.update(plan_options(tag))
        preview = _preview(src, kind, options)
        label, color = STATUS[preview.status]
        st.badge(label, color=color)
        if preview.status == "rejected" and preview.unknown_kinds and preview.error_cells.empty:
            st.write("Filen kan importeras när du har sagt vad utförarna nedan är.")
        elif preview.status == "rejected" and preview.unknown_places and preview.error_cells.empty:
            st.write("Filen kan importeras när platserna nedan är kopplade eller tillagda.")
        elif preview.status == "rejected":
            st.write("Filen importeras inte. Rätta felen och dra in den igen.")
            show_errors(preview)
        else:
            st.write(preview.message)
        for warning in preview.warnings:
            st.caption(f"⚠️ {warning}")
        if not preview.rows.empty:
            st.caption(f"De första raderna som de kommer att sparas ({fmt.number(preview.total_rows)} rader totalt):")
            st.dataframe(preview.rows, hide_index=True, width="stretch")
        if preview.unknown_kinds:
            unknown_kinds_form(tag, preview)
        elif preview.unknown_places:
            unknown_places_form(tag, preview)
    return src, kind, options, preview


def patrol_options(tag: str) -> dict:
    """A patrol log's import options: leave the notes out; the user's readings of unknown kinds."""
    st.caption("🔒 Personnummer, telefonnummer, e-postadresser och registreringsnummer i fritext maskeras innan "
               "något sparas. **Namn kan inte hittas automatiskt:** anteckningarna sparas och kan läsas av "
               "redaktörer. Innehåller loggen namn, lämna anteckningarna utanför.")
    options = {}
    if st.checkbox("Spara inte anteckningarna", key=f"import.drop_notes.{tag}",
                   help="Kolumner som Iakttagelser, Anteckningar och Kommentar importeras inte."):
        options["drop_notes"] = True
    readings = st.session_state.get(f"import.kinds.{tag}")
    if readings:
        options["patrol_kinds"] = dict(readings)
    return options


def plan_options(tag: str) -> dict:
    """An action plan's place, when its title does not name it (or names another)."""
    places = ui.query("places_all")
    places = places[places["level"].isin(["kommun", "stadsdelsomrade"])]
    labels = {r["place_id"]: ui.place_label(r) for r in places.to_dict("records")}
    place = st.selectbox("Planens plats", list(labels), index=None, format_func=labels.get,
                         key=f"import.plan_place.{tag}", placeholder="Läses från planens rubrik …",
                         help="Välj kommun eller stadsdelsområde om rubriken inte säger vilken plats planen gäller.")
    return {"place": place} if place else {}


def pasted_file():
    """Text pasted from Word (an action plan's table) as a file to check and import."""
    with st.expander("Klistra in en handlingsplan från Word"):
        st.caption("Markera tabellen i Word (med rubrikraden och gärna förkortningarna), kopiera och klistra in "
                   "här. Kolumnerna skiljs åt med tabbar, precis som Word kopierar dem.")
        text = st.text_area("Text från Word", key=f"import.pasted.{st.session_state.get('import.uploader', 0)}",
                            height=160,
                            placeholder="Fokusområde\tAktivitet\tGenomförande\tAnsvarig\tGenomfört\tResultat …")
    if not text.strip():
        return None

    class Pasted:   # what st.file_uploader gives, for file_card
        name = "inklistrad handlingsplan.txt"

        @staticmethod
        def getvalue() -> bytes:
            return text.encode("utf-8")

    return Pasted()


def unknown_kinds_form(tag: str, preview: Preview) -> None:
    """Say what unknown texts in a patrol log's Utförare/Typ column are; the readings are saved with
    the import (and undone with it) and used for later logs."""
    kinds = ui.query("patrol_kinds")
    labels = dict(zip(kinds["kind"], kinds["label"]))
    st.warning(f"{len(preview.unknown_kinds)} utförare i filen känns inte igen. Säg vad de är; tolkningen "
               "sparas med importen och gäller för kommande loggar.")
    with st.form(f"import.kinds.form.{tag}"):
        chosen = {}
        for j, unknown in enumerate(preview.unknown_kinds):
            rows = ", ".join(map(str, unknown["rows"][:5]))
            chosen[unknown["text"]] = st.selectbox(f"«{unknown['text']}» (rad {rows}) är", list(labels), index=None,
                                                   format_func=labels.get, placeholder="Välj typ …",
                                                   key=f"import.kinds.{tag}.{j}")
        if st.form_submit_button("Kontrollera igen", type="primary"):
            missing = [text for text, kind in chosen.items() if kind is None]
            if missing:
                st.error("Välj en typ för: " + ", ".join(f"«{m}»" for m in missing))
                return
            st.session_state[f"import.kinds.{tag}"] = {**st.session_state.get(f"import.kinds.{tag}", {}), **chosen}
            st.rerun()


def show_errors(preview: Preview) -> None:
    if not preview.error_cells.empty:
        st.error(f"{len(preview.errors)} fel i filen. Rad och kolumn avser filen som den ser ut i Excel eller "
                 "en texteditor.")
        st.dataframe(preview.error_cells, hide_index=True, width="stretch")
        other = [p for p in preview.errors if not p.startswith(("rad ", "post "))]
        for problem in other:
            st.error(problem)
    elif not preview.unknown_places:
        for problem in preview.errors:
            st.error(problem)


def unknown_places_form(tag: str, preview: Preview) -> None:
    """Map unknown names to existing places (saved as aliases) or add them as new places."""
    places = ui.query("places_all")
    labels = {r["place_id"]: ui.place_label(r) for r in places.to_dict("records")}
    st.warning(f"{len(preview.unknown_places)} platsnamn i filen finns inte i Lägesbild. Koppla dem till en "
               "befintlig plats (namnet sparas som alias) eller lägg till dem som nya platser.")
    with st.form(f"import.places.{tag}"):
        choices = []
        for j, unknown in enumerate(preview.unknown_places):
            rows = ", ".join(map(str, unknown["rows"][:5]))
            options = list(dict.fromkeys(unknown.get("suggested_ids", []) + [NEW_PLACE] + list(labels)))
            c1, c2, c3 = st.columns([2, 1, 2])
            target = c1.selectbox(f"«{unknown['name']}» (rad {rows}) är", options, index=None,
                                  key=f"import.places.{tag}.{j}", placeholder="Välj plats …",
                                  format_func=lambda p: "Ny plats …" if p == NEW_PLACE else labels.get(p, p))
            level = c2.selectbox("Nivå (ny plats)", LEVEL_CHOICES, key=f"import.places.{tag}.{j}.level",
                                 format_func=ui.LEVEL_LABELS.get)
            parent = c3.selectbox("Ingår i (ny plats)", list(labels), index=None, format_func=labels.get,
                                  key=f"import.places.{tag}.{j}.parent", placeholder="Välj …")
            choices.append((unknown["name"], target, level, parent))
        if st.form_submit_button("Spara och kontrollera igen", type="primary"):
            save_place_choices(choices)


def save_place_choices(choices: list[tuple]) -> None:
    answers, missing = [], []
    for name, target, level, parent in choices:
        if target is None:
            missing.append(name)
        elif target == NEW_PLACE:
            if parent is None:
                missing.append(name)
            else:
                answers.append({"name": name, "level": level, "parent_id": parent})
        else:
            answers.append({"name": name, "place_id": target})
    if missing:
        st.error("Välj en plats (eller «Ny plats» med «Ingår i») för: " + ", ".join(f"«{m}»" for m in missing))
        return
    result = add_places(answers, db_path=settings.db_path(), imported_by=editor())
    (st.success if result.status == "ok" else st.error)(result.message)
    st.rerun()


def import_button(ready: list[tuple[SourceFile, str, dict, Preview]]) -> None:
    n = len(ready)
    if not st.button(f"Importera {n} {'fil' if n == 1 else 'filer'}", type="primary", disabled=not n):
        return
    bar = st.progress(0.0, text="Börjar …")
    results = []
    for i, (src, kind, options, _) in enumerate(ready):
        def step(fraction, text, i=i):
            bar.progress(min(1.0, (i + fraction) / n), text=text)
        results += import_files(sources=[src], db_path=settings.db_path(), kind=kind, options=options,
                                imported_by=editor(), progress=step)
    bar.empty()
    st.session_state["import.results"] = [(r.status, r.message, r.notices) for r in results]
    st.session_state["import.uploader"] = st.session_state.get("import.uploader", 0) + 1  # clear the drop zone
    st.rerun()


def last_results() -> None:
    for status, message, notices in st.session_state.pop("import.results", []):
        show = {"ok": st.success, "unchanged": st.info}.get(status, st.error)
        show(message + ("\n\n" + "\n".join(f"- {n}" for n in notices) if notices else ""))


def history() -> None:
    log = ui.query("import_history")
    if log.empty:
        ui.empty_state("Inga importer ännu.", "Importerade filer visas här, med vem som importerade och när.")
        return
    labels = kind_labels()
    table = pd.DataFrame({
        "Nr": log["import_id"], "Tid": log["started_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "Fil": log["file_name"], "Typ": log["kind"].map(lambda k: labels.get(k, k)),
        "Av": log["imported_by"].fillna(""),
        "Tillagda": log["rows_added"], "Ersatta": log["rows_replaced"], "Överhoppade": log["rows_skipped"],
        "Status": log["status"].map({"ok": "aktiv", "undone": "ångrad"})
                  + log["is_demo"].map({True: " (exempeldata)", False: ""}),
    })
    st.dataframe(table, hide_index=True, width="stretch")
    active = log[log["status"] == "ok"]
    if active.empty:
        return
    with st.form("import.undo"):
        choice = st.selectbox("Ångra en import", active["import_id"].tolist(), index=None, placeholder="Välj import …",
                              format_func=lambda i: f"{i}: {log.loc[log['import_id'] == i, 'file_name'].iloc[0]}")
        st.caption("Importens rader tas bort och värden som den ersatte kommer tillbaka.")
        if st.form_submit_button("Ångra importen") and choice is not None:
            try:
                st.session_state["import.results"] = [("ok", undo(int(choice), db_path=settings.db_path()), [])]
            except ImportRejected as exc:  # already undone, or later data still uses it
                st.session_state["import.results"] = [("rejected", f"Kunde inte ångra: {exc.problems[0]}", [])]
            st.rerun()


def templates() -> None:
    st.write("Mallar för varje filtyp: en flik med kolumnerna och en exempelrad, och en flik med instruktioner.")
    for loader, spec in all_templates():
        left, right = st.columns([3, 1])
        left.markdown(f"**{loader.title}**  \n{loader.description}")
        right.download_button("Ladda ned mall", template_bytes(loader), file_name=spec.file_name,
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              key=f"template.{loader.kind}")


def editor() -> str | None:
    from lagesbild import access

    return access.current_editor()
