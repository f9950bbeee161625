"""A places file: users add places and spellings (aliases) to the registry.

Columns: Namn; Nivå; Ingår i; SCB-kod (optional); Alias (optional, several separated by `|`).
A row naming a place that already exists (same name and level) only adds its aliases.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from lagesbild.names import name_key, slug
from loaders.base import ImportRejected, Parsed, Problems, SourceFile, require_nonempty
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

HEADER = header_matcher(["Namn"], ["Nivå"])
LEVELS = {
    "riket": "riket", "län": "lan", "lan": "lan", "kommun": "kommun",
    "stadsdelsområde": "stadsdelsomrade", "stadsdelsomrade": "stadsdelsomrade",
    "stadsdel": "stadsdel", "kommundel": "stadsdel", "plats": "plats",
}
re_code = re.compile(r"\d{2}|\d{4}")
ID_PREFIX = {"riket": "riket", "lan": "lan", "kommun": "kommun", "stadsdelsomrade": "sdo",
             "stadsdel": "stadsdel", "plats": "plats"}


class PlacesFile(Loader):
    kind = "platser"
    title = "Platser och alias (mall)"
    description = (
        "Lägger till platser (t.ex. ett torg, en skola) och stavningar som källorna använder. "
        "Nivå: län, kommun, stadsdelsområde, stadsdel (eller kommundel) eller plats. «Ingår i» är "
        "en befintlig plats eller en plats tidigare i filen. Flera alias skiljs med «|»."
    )
    template = "Namn;Nivå;Ingår i;SCB-kod;Alias"

    header = staticmethod(HEADER)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        name_col, level_col = pick_column(table, ["Namn"]), pick_column(table, ["Nivå"])
        parent_col = pick_column(table, ["Ingår i", "Överordnad"])
        code_col = pick_column(table, ["SCB-kod", "Kod"])
        alias_col = pick_column(table, ["Alias"])
        require_nonempty(frame[name_col], rows, name_col, problems, "ett namn")
        levels = frame[level_col].str.casefold().map(LEVELS)
        problems.cells(levels.isna(), rows, level_col, frame[level_col],
                       "län, kommun, stadsdelsområde, stadsdel, kommundel eller plats")
        parents = frame[parent_col] if parent_col else pd.Series("", index=frame.index)
        problems.cells((parents == "") & (levels != "riket"), rows, parent_col or "Ingår i", parents,
                       "platsen som denna ingår i")
        problems.raise_if_any()
        aliases = (frame[alias_col].str.split("|") if alias_col
                   else pd.Series([[] for _ in range(len(frame))], index=frame.index))
        out = pd.DataFrame({
            "_row": rows, "name": frame[name_col], "level": levels, "parent_name": parents,
            "scb_code": frame[code_col].replace("", None) if code_col else None,
            "aliases": aliases.map(lambda a: [x.strip() for x in a if x.strip()]),
        })
        return Parsed("places", out, place_column=parent_col or "Ingår i",
                      notices=[f"{len(out)} rader lästa ({table.description})."])


@dataclass
class PlacesPlan:
    """The places and aliases a places file would add (checked, nothing written)."""

    new_places: list[dict]
    new_aliases: dict[str, tuple[str, str]]     # alias_key -> (alias, place_id)

    @property
    def summary(self) -> str:
        return f"{len(self.new_places)} nya platser, {len(self.new_aliases)} nya alias."


def plan_places(con, parsed: Parsed, src: SourceFile) -> PlacesPlan:
    """Check a places file against the registry. Raises ImportRejected."""
    problems = Problems(src.name)
    aliases = dict(con.execute("SELECT alias_key, place_id FROM place_aliases").fetchall())
    levels = dict(con.execute("SELECT place_id, level FROM places").fetchall())
    codes = dict(con.execute("SELECT scb_code, name FROM places WHERE scb_code IS NOT NULL").fetchall())
    ids = set(levels)
    new_places: list[dict] = []
    new_aliases: dict[str, tuple[str, str]] = {}
    for row in parsed.frame.to_dict("records"):
        # Rows made by the import page may name the place or parent by id (`place_id`, `parent_id`).
        given_id = row.get("place_id") if isinstance(row.get("place_id"), str) else None
        given_parent = row.get("parent_id") if isinstance(row.get("parent_id"), str) else None
        existing = given_id or aliases.get(name_key(row["name"]))
        if existing and (given_id or levels.get(existing) == row["level"]):
            place_id = existing
        else:
            parent = given_parent or (aliases.get(name_key(row["parent_name"])) if row["parent_name"] else None)
            if row["parent_name"] and parent is None:
                problems.cell(row["_row"], parsed.place_column, row["parent_name"], "en känd plats")
                continue
            base = f"{ID_PREFIX[row['level']]}-{slug(row['name'])}"
            place_id, n = base, 2
            while place_id in ids:
                place_id, n = f"{base}-{n}", n + 1
            ids.add(place_id)
            levels[place_id] = row["level"]
            # An empty SCB-kod cell arrives as NaN (pandas str dtype); store NULL, not 'nan'.
            scb_code = row["scb_code"] if isinstance(row["scb_code"], str) and row["scb_code"] else None
            if scb_code is not None:
                if not re_code.fullmatch(scb_code):
                    problems.cell(row["_row"], "SCB-kod", scb_code, "två siffror (län) eller fyra siffror (kommun)")
                elif scb_code in codes:
                    problems.cell(row["_row"], "SCB-kod", scb_code, f"en kod som inte redan används (hör till {codes[scb_code]})")
                codes[scb_code] = row["name"]
            new_places.append({"place_id": place_id, "name": row["name"], "level": row["level"],
                               "parent_id": parent, "scb_code": scb_code})
            if name_key(row["name"]) not in aliases:
                aliases[name_key(row["name"])] = place_id
                new_aliases[name_key(row["name"])] = (row["name"], place_id)
            elif not row["aliases"]:
                problems.cell(row["_row"], "Alias", "(tomt)", f"ett alias: namnet «{row['name']}» används redan "
                              f"av en annan plats ({existing}), så den nya platsen behöver en egen stavning")
        for alias in row["aliases"]:
            key = name_key(alias)
            owner = aliases.get(key)
            if owner and owner != place_id:
                problems.cell(row["_row"], "Alias", alias, f"ett alias som inte redan används (hör till {owner})")
                continue
            if owner is None:
                aliases[key] = place_id
                new_aliases[key] = (alias, place_id)
    problems.raise_if_any()
    return PlacesPlan(new_places, new_aliases)


def write_places(con, plan: PlacesPlan, parsed: Parsed, src: SourceFile, loader: Loader, *, imported_by,
                 is_demo, started: dt.datetime):
    """Write a checked places plan in one transaction with its import_log row."""
    from loaders.pipeline import ImportResult

    new_places, new_aliases, notices = plan.new_places, plan.new_aliases, list(parsed.notices)
    if not new_places and not new_aliases:
        return ImportResult(src.name, loader.kind, "unchanged",
                            f"«{src.name}»: alla platser och alias finns redan. Inget ändrades.")
    con.begin()
    try:
        import_id = con.execute("SELECT nextval('import_id_seq')").fetchone()[0]
        for p in new_places:
            con.execute("INSERT INTO places (place_id, name, level, parent_id, scb_code, sort_order, _import_id)"
                        " VALUES (?, ?, ?, ?, ?, 100000, ?)",
                        [p["place_id"], p["name"], p["level"], p["parent_id"], p["scb_code"], import_id])
        for key, (alias, place_id) in new_aliases.items():
            con.execute("INSERT INTO place_aliases VALUES (?, ?, ?, ?)", [alias, place_id, key, import_id])
        summary = plan.summary
        message = " ".join([summary] + notices)
        con.execute(
            "INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, message,"
            " started_at, finished_at, rows_added, imported_by, is_demo)"
            " VALUES (?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?)",
            [import_id, src.name, src.sha256, loader.kind, len(new_places) + len(new_aliases), message,
             started, dt.datetime.now(), len(new_places) + len(new_aliases), imported_by, is_demo])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return ImportResult(src.name, loader.kind, "ok", f"«{src.name}» importerad som import {import_id}: "
                        f"{summary}", import_id=import_id, added=len(new_places) + len(new_aliases),
                        notices=notices)


def undo_places(con, import_id: int) -> int:
    """Remove the places and aliases an import added; refuses if data now refers to them."""
    used = con.execute("""
        SELECT p.name FROM places p WHERE p._import_id = ? AND (
            EXISTS (SELECT 1 FROM crime_counts c WHERE c.place_id = p.place_id)
            OR EXISTS (SELECT 1 FROM population c WHERE c.place_id = p.place_id)
            OR EXISTS (SELECT 1 FROM police_events c WHERE c.place_id = p.place_id)
            OR EXISTS (SELECT 1 FROM survey_results c WHERE c.place_id = p.place_id)
            OR EXISTS (SELECT 1 FROM patrols c WHERE c.place_id = p.place_id)
            OR EXISTS (SELECT 1 FROM places c WHERE c.parent_id = p.place_id AND c._import_id IS DISTINCT FROM p._import_id)
            OR EXISTS (SELECT 1 FROM place_aliases a WHERE a.place_id = p.place_id AND a._import_id IS DISTINCT FROM p._import_id))
        """, [import_id]).fetchall()
    if used:
        raise ImportRejected(f"import {import_id}", [
            "platserna används av annan data och kan inte tas bort: " + ", ".join(n for (n,) in used)
            + ". Ångra först de importer som använder dem."])
    n = con.execute("SELECT count(*) FROM place_aliases WHERE _import_id = ?", [import_id]).fetchone()[0]
    n += con.execute("SELECT count(*) FROM places WHERE _import_id = ?", [import_id]).fetchone()[0]
    con.execute("DELETE FROM place_aliases WHERE _import_id = ?", [import_id])
    con.execute("DELETE FROM places WHERE _import_id = ?", [import_id])
    return n


def mapping_frame(choices: list[dict]) -> pd.DataFrame:
    """Rows for `write_places` from the import page's unknown-place choices.

    Each choice is {"name": <unknown spelling>, "place_id": <existing place>} (save the spelling as
    an alias) or {"name": ..., "level": ..., "parent_id": ...} (add it as a new place).
    """
    rows = []
    for i, choice in enumerate(choices, start=1):
        if choice.get("place_id"):
            rows.append({"_row": i, "name": choice["name"], "level": None, "parent_name": "",
                         "scb_code": None, "aliases": [choice["name"]], "place_id": choice["place_id"],
                         "parent_id": None})
        else:
            rows.append({"_row": i, "name": choice["name"], "level": choice["level"], "parent_name": "",
                         "scb_code": None, "aliases": [], "place_id": None, "parent_id": choice["parent_id"]})
    return pd.DataFrame(rows)
