"""Mötesläge: a sequence of views ("dagordning") shown full screen at a trygghetsråd meeting.

The whole state of a meeting is its URL: `moteslage?vyer=brott,handelser-tid,trygghet&vy=2&plats=…&fran=…&till=…`
(`vy` is 1-based; without `vyer` the page shows the set-up screen). A saved agenda (table `agendas`,
migration 011) is a named URL: `moteslage?dagordning=<id>` opens it with its views, place and period.
No Streamlit here; the page (pages/meeting.py, lagesbild/ui_meeting.py) builds on it and shows the
views of lagesbild.figures.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from lagesbild import db, fmt, names

URL_PATH = "moteslage"
VIEWS_PARAM, INDEX_PARAM, AGENDA_PARAM = "vyer", "vy", "dagordning"
PLACE_PARAM, FROM_PARAM, TO_PARAM = "plats", "fran", "till"
MAX_PLACE_CHOICES = 12


@dataclass(frozen=True)
class Agenda:
    views: tuple[str, ...]
    place_id: str | None = None
    years: tuple[int, int] | None = None        # None: all years (grows with new data)
    name: str | None = None
    agenda_id: str | None = None


def parse_views(raw: str | None, known) -> tuple[list[str], list[str]]:
    """('brott,xyz,trygghet', known) -> (['brott', 'trygghet'], ['xyz']): the known codes in order
    (each once) and the unknown ones, so the page can say which were left out."""
    chosen, unknown = [], []
    for code in (raw or "").split(","):
        code = code.strip().lower()
        if not code:
            continue
        if code not in known:
            unknown.append(code)
        elif code not in chosen:
            chosen.append(code)
    return chosen, unknown


def parse_index(raw: str | None, count: int) -> int:
    """The 0-based view index from `vy` (1-based in the URL), kept within the sequence."""
    try:
        index = int(str(raw).strip()) - 1
    except (TypeError, ValueError):
        return 0
    return min(max(index, 0), max(count - 1, 0))


def parse_years(raw_from, raw_to, first: int, last: int) -> tuple[int, int] | None:
    """`fran`/`till` from a URL as a valid (from, to) within the data, or None (all years)."""
    try:
        start = int(raw_from) if raw_from not in (None, "") else first
        end = int(raw_to) if raw_to not in (None, "") else last
    except (TypeError, ValueError):
        return None
    if not first <= start <= end <= last or (start, end) == (first, last):
        return None
    return start, end


def url(agenda: Agenda, index: int | None = None, *, place_id: str | None = None,
        years: tuple[int, int] | None | str = "agenda") -> str:
    """The relative URL of the sequence, at view `index` (0-based) when given: what the page keeps in
    the address bar and what the set-up screen offers to send before the meeting."""
    params = {VIEWS_PARAM: ",".join(agenda.views)}
    if index is not None:
        params[INDEX_PARAM] = str(index + 1)
    place = place_id or agenda.place_id
    if place:
        params[PLACE_PARAM] = place
    span = agenda.years if years == "agenda" else years
    if span:
        params[FROM_PARAM], params[TO_PARAM] = str(span[0]), str(span[1])
    return f"{URL_PATH}?{urlencode(params, safe=',')}"


def period_choices(first: int, last: int) -> dict[str, tuple[int, int] | None]:
    """One-click periods for live questions: label -> (from, to), None meaning all years."""
    choices: dict[str, tuple[int, int] | None] = {}
    for years in (1, 3, 5, 10):
        start = last - years + 1
        if start > first:
            label = str(last) if years == 1 else f"{years} år ({fmt.year_span(start, last)})"
            choices[label] = (start, last)
    choices[f"Alla år ({fmt.year_span(first, last)})"] = None
    return choices


def place_choices(places: pd.DataFrame, current: str, home: str | None, lineage: list[str],
                  below: list[str]) -> list[str]:
    """Places one click away from the current one: the agenda's own place, the current place's
    ancestors down from kommun (`lineage`: the place and its ancestors, nearest first), the current
    place, the places inside it (`below`, nearest level first) and its siblings, at most
    MAX_PLACE_CHOICES and only places with data (`places`: places_with_data, ordered by level)."""
    known = places.set_index("place_id")
    if current not in known.index:
        return [home] if home in known.index else []
    chosen: list[str] = []
    ranked = {place_id: i for i, place_id in enumerate(places["place_id"])}

    def add(place_id) -> None:
        if (place_id in known.index and place_id not in chosen and len(chosen) < MAX_PLACE_CHOICES
                and known.at[place_id, "level"] not in ("riket", "lan")):
            chosen.append(place_id)

    current_only = places[places["valid_to"].isna()]
    add(home)
    for place_id in reversed(lineage):
        add(place_id)
    for place_id in sorted((p for p in below if p in ranked), key=ranked.get):
        if pd.isna(known.at[place_id, "valid_to"]):
            add(place_id)
    own_parent = known.at[current, "parent_id"]
    if isinstance(own_parent, str):
        for place_id in current_only.loc[current_only["parent_id"] == own_parent, "place_id"]:
            add(place_id)
    return chosen


# --- saved agendas ---------------------------------------------------------------------------------

def agenda_from_row(row: dict) -> Agenda:
    years = None
    if row.get("year_from") is not None and not pd.isna(row["year_from"]):
        years = (int(row["year_from"]), int(row["year_to"]))
    place = row.get("place_id")
    return Agenda(tuple(v for v in str(row["views"]).split(",") if v), place if isinstance(place, str) else None,
                  years, row["name"], row["agenda_id"])


def save_agenda(db_path: Path, agenda: Agenda, editor: str | None) -> str:
    """Save (or replace) the agenda under its name; returns its id (the slug of the name)."""
    name = (agenda.name or "").strip()
    if not name:
        raise ValueError("Ge dagordningen ett namn.")
    if not agenda.views:
        raise ValueError("Välj minst en vy till dagordningen.")
    agenda_id = names.short_slug(name) or "dagordning"
    years = agenda.years or (None, None)
    with db.writer(db_path) as w:
        w.con.execute("DELETE FROM agendas WHERE agenda_id = ?", [agenda_id])
        w.con.execute("INSERT INTO agendas VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [agenda_id, name, ",".join(agenda.views), agenda.place_id, years[0], years[1], editor,
                       dt.datetime.now()])
        w.changed = True
    return agenda_id


def delete_agenda(db_path: Path, agenda_id: str) -> dict | None:
    """Remove a saved agenda; returns its row (for undo) or None when there was none."""
    with db.writer(db_path) as w:
        cursor = w.con.execute("SELECT * FROM agendas WHERE agenda_id = ?", [agenda_id])
        found = cursor.fetchone()
        if found is None:
            return None
        row = dict(zip([d[0] for d in cursor.description], found))
        w.con.execute("DELETE FROM agendas WHERE agenda_id = ?", [agenda_id])
        w.changed = True
    return row


def restore_agenda(db_path: Path, row: dict) -> None:
    """Undo of delete_agenda: put the row back as it was."""
    with db.writer(db_path) as w:
        w.con.execute("DELETE FROM agendas WHERE agenda_id = ?", [row["agenda_id"]])
        w.con.execute("INSERT INTO agendas VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [row["agenda_id"], row["name"], row["views"], row["place_id"], row["year_from"],
                       row["year_to"], row["saved_by"], row["saved_at"]])
        w.changed = True
