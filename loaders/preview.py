"""What an import would do, before anything is written: the import page (and tests) call
`preview_file` for each dropped file, then `import_files` for the ones the user accepts.

A preview runs the same parse and plan as a real import, on a read-only snapshot of the database
(temporary tables only), so what it shows is what the import will write.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lagesbild import db
from loaders.base import ImportRejected, SourceFile
from loaders.pipeline import Plan, parse_file, plan_import
from loaders.registry import Peek, all_loaders

ACTIONS = {"added": "ny", "replaced": "ersätter", "unchanged": "oförändrad", "skipped": "överhoppad"}
PERIOD_TYPES = {"year": "år", "quarter": "kvartal", "month": "månad"}


@dataclass
class Preview:
    """One file, checked. `status` is 'ok' (would change the database), 'unchanged' or 'rejected'."""

    src: SourceFile
    kind: str | None
    candidate_kinds: list[str]
    status: str
    message: str
    errors: list[str] = field(default_factory=list)
    error_cells: pd.DataFrame = field(default_factory=pd.DataFrame)   # Rad, Kolumn, Fann, Förväntade
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)           # first rows as they will be stored
    total_rows: int = 0
    unknown_places: list[dict] = field(default_factory=list)           # name, rows, suggestions
    unknown_kinds: list[dict] = field(default_factory=list)            # text, rows (patrol logs)

    @property
    def file_name(self) -> str:
        return self.src.name


def candidate_kinds(src: SourceFile) -> list[str]:
    """Every kind whose content test matches, best first (the detected kind is the first)."""
    peek = Peek(src)
    try:
        return [loader.kind for loader in all_loaders() if loader.sniff(peek)]
    except Exception:  # a broken file: detection says nothing, the reader will say what is wrong
        return []


def preview_file(src: SourceFile, db_path: Path, kind: str | None = None, options: dict | None = None,
                 limit: int = 20) -> Preview:
    """Parse and plan one file against the current database without writing anything."""
    kinds = candidate_kinds(src)
    try:
        loader, parsed = parse_file(src, kind, options)
    except ImportRejected as exc:
        return _rejected(src, exc, kind or exc.kind, kinds)
    if not db.exists(db_path):
        db.ensure_database(db_path)
    con = db.open_snapshot(db.target(db_path))   # a file path or an md: URL
    try:
        cursor = con.cursor()
        try:
            plan = plan_import(cursor, parsed, src, loader, options)
        except ImportRejected as exc:
            return _rejected(src, exc, loader.kind, kinds)
        return _planned(cursor, plan, kinds, limit)
    finally:
        con.close()


def _rejected(src: SourceFile, exc: ImportRejected, kind: str | None, kinds: list[str]) -> Preview:
    cells = pd.DataFrame(exc.details).rename(columns={"row": "Rad", "column": "Kolumn", "found": "Fann",
                                                      "expected": "Förväntade"})
    return Preview(src, kind, kinds, "rejected", exc.message, errors=exc.problems, error_cells=cells,
                   unknown_places=exc.unknown_places, unknown_kinds=exc.unknown_kinds)


def _planned(cursor, plan: Plan, kinds: list[str], limit: int) -> Preview:
    loader, parsed = plan.loader, plan.parsed
    warnings = list(plan.notices)
    counts = dict(plan.counts)
    if plan.previous:
        import_id, at = plan.previous
        return Preview(plan.src, loader.kind, kinds, "unchanged",
                       f"Filen är redan importerad (import {import_id}, {at:%Y-%m-%d %H:%M}). Inget skulle ändras.",
                       warnings=warnings, total_rows=len(parsed.frame))
    if plan.action_plan is not None:  # an action plan: its activities are the preview
        from loaders.action_plan import preview_rows

        found = plan.action_plan
        status = "ok" if plan.changes_anything else "unchanged"
        message = found.summary[0].upper() + found.summary[1:] + "." + (
            "" if status == "ok" else " Planen finns redan med samma innehåll; inget skulle ändras.")
        return Preview(plan.src, loader.kind, kinds, status, message, warnings=warnings + found.notices,
                       counts=counts, rows=preview_rows(found, parsed, limit), total_rows=len(parsed.frame))
    if plan.areas is not None:  # an areas file: one row per area
        from loaders.priority_areas import preview_rows as area_rows

        status = "ok" if plan.changes_anything else "unchanged"
        message = plan.areas.summary + "." + ("" if status == "ok" else " Inget skulle ändras.")
        return Preview(plan.src, loader.kind, kinds, status, message, warnings=warnings + plan.areas.notices,
                       counts=counts, rows=area_rows(cursor, plan.areas, limit), total_rows=len(parsed.frame))
    if plan.spec is None:  # a places file: its rows are the preview
        status = "ok" if plan.changes_anything else "unchanged"
        message = plan.places.summary + ("" if status == "ok" else " Alla finns redan; inget skulle ändras.")
        return Preview(plan.src, loader.kind, kinds, status, message, warnings=warnings, counts=counts,
                       rows=_places_rows(parsed.frame.head(limit)), total_rows=len(parsed.frame))
    if counts.get("replaced"):
        warnings.append(f"{counts['replaced']} rader ersätter värden som redan finns (de gamla sparas och kommer "
                        "tillbaka om importen ångras).")
    if counts.get("skipped"):
        warnings.append(f"{counts['skipped']} rader hoppas över: {plan.spec.skip_reason}.")
    rows = _stored_rows(cursor, plan, limit)
    status = "ok" if plan.changes_anything else "unchanged"
    message = (f"{counts['added']} nya rader, {counts['replaced']} ersätter, {counts['unchanged']} oförändrade"
               + (f", {counts['skipped']} överhoppade" if counts.get("skipped") else "") + ".")
    if status == "unchanged":
        message += " Inget skulle ändras."
    return Preview(plan.src, loader.kind, kinds, status, message, warnings=warnings, counts=counts, rows=rows,
                   total_rows=len(parsed.frame))


def _stored_rows(cursor, plan: Plan, limit: int) -> pd.DataFrame:
    """The first rows as they will be stored, with the names as the file wrote them beside."""
    target = plan.parsed.target
    if target == "crime_counts":
        sql = """SELECT s._row, p.name AS place, p.level, k.label AS category, s.period_type, s.year, s.period,
                        s.count, s.rate_per_100k, s.preliminary, s.flag, s._action
                 FROM incoming_classified s JOIN places p USING (place_id)
                 LEFT JOIN crime_categories k USING (category_id) ORDER BY s._row LIMIT ?"""
    elif target == "population":
        sql = """SELECT s._row, p.name AS place, p.level, s.year, s.population, s._action
                 FROM incoming_classified s JOIN places p USING (place_id) ORDER BY s._row LIMIT ?"""
    elif target == "survey_results":
        sql = """SELECT s._row, p.name AS place, p.level, s.survey, coalesce(i.label, s.indicator_id) AS indicator,
                        s.year, s.grade, s.gender, s.value, s.unit, s.n_respondents, s.flag, s._action
                 FROM incoming_classified s JOIN places p USING (place_id)
                 LEFT JOIN survey_indicators i USING (survey, indicator_id) ORDER BY s._row LIMIT ?"""
    elif target == "patrols":
        sql = """SELECT s._row, p.name AS place, p.level, k.label AS kind_name, s.organisation, s.started_at,
                        s.ended_at, s.participants, s.notes, s._action
                 FROM incoming_classified s JOIN places p USING (place_id) JOIN patrol_kinds k USING (kind)
                 ORDER BY s._row LIMIT ?"""
    else:
        sql = """SELECT s._row, s.event_id, s.published_at, s.occurred_at, s.type, p.name AS place, p.level,
                        s._action
                 FROM incoming_classified s JOIN places p USING (place_id) ORDER BY s._row LIMIT ?"""
    rows = cursor.execute(sql, [limit]).df()
    # One file row can give several stored rows (an NTU row per indicator, a Kolada post per gender).
    raw = plan.parsed.frame.drop_duplicates("_row").set_index("_row")
    out = pd.DataFrame({"Rad": rows["_row"]})
    if "place_name" in raw:
        out["I filen"] = rows["_row"].map(raw["place_name"])
    elif "place_code" in raw:
        out["Kod i filen"] = rows["_row"].map(raw["place_code"])
    out["Plats"] = rows["place"] + " (" + rows["level"].map(_LEVELS) + ")"
    if target == "crime_counts":
        if "category_label" in raw:
            out["Kategori i filen"] = rows["_row"].map(raw["category_label"])
        out["Kategori"] = rows["category"]
        out["Period"] = [_period(t, y, p) for t, y, p in zip(rows["period_type"], rows["year"], rows["period"])]
        out["Antal"] = rows["count"].astype("Int64")
        out["Per 100 000 inv."] = rows["rate_per_100k"]
        out["Markering"] = rows["flag"].fillna("") + rows["preliminary"].map({True: " prel.", False: ""})
    elif target == "population":
        out["År"] = rows["year"]
        out["Folkmängd"] = rows["population"]
    elif target == "survey_results":
        out["Undersökning"] = rows["survey"]
        out["Indikator"] = rows["indicator"]
        out["År"] = rows["year"]
        out["Årskurs"] = rows["grade"].map({"ak9": "åk 9", "gy2": "gy 2", "alla": "alla"})
        out["Kön"] = rows["gender"].map({"T": "alla", "K": "flickor/kvinnor", "M": "pojkar/män"})
        out["Värde"] = rows["value"]
        out["Enhet"] = rows["unit"]
        out["Antal svarande"] = rows["n_respondents"].astype("Int64")
        out["Markering"] = rows["flag"].fillna("")
    elif target == "patrols":
        out["Typ"] = rows["kind_name"]
        out["Utförare"] = rows["organisation"]
        out["Start"] = rows["started_at"].dt.strftime("%Y-%m-%d %H:%M")
        out["Slut"] = rows["ended_at"].dt.strftime("%Y-%m-%d %H:%M")
        out["Deltagare"] = rows["participants"].astype("Int64")
        out["Anteckningar (maskerade)"] = rows["notes"].fillna("")
    else:
        out["Id"] = rows["event_id"]
        out["Publicerad"] = rows["published_at"]
        out["Inträffade"] = rows["occurred_at"]
        out["Typ"] = rows["type"]
    out["Åtgärd"] = rows["_action"].map(ACTIONS)
    return out


_LEVELS = {"riket": "riket", "lan": "län", "kommun": "kommun", "stadsdelsomrade": "stadsdelsområde",
           "stadsdel": "stadsdel", "plats": "plats"}


def _period(period_type: str, year, period) -> str:
    if period_type == "year" or pd.isna(period):
        return str(int(year))
    prefix = "kv " if period_type == "quarter" else ""
    return f"{int(year)}-{int(period):02d}" if period_type == "month" else f"{prefix}{int(period)} {int(year)}"


def _places_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Rad": frame["_row"], "Namn": frame["name"], "Nivå": frame["level"].map(_LEVELS),
                         "Ingår i": frame["parent_name"], "Alias": frame["aliases"].map(" | ".join)})
