"""Priority areas (fokusområden) of an action plan, with their places and indicators: kind «fokusomraden».

One Excel workbook is both the export (the download button on Fokusområden) and the import:

- sheet «Fokusområden»: Plan-id, Plan, Gäller för, Från, Till, Nr, Fokusområde, Mål, Beskrivning, Id
  (one row per area; a plan that does not exist yet is created from Plan, Gäller för, Från, Till);
- sheet «Platser»: Plan-id, Fokusområde, Plats (the area's places);
- sheet «Indikatorer»: Plan-id, Fokusområde, Källa, Indikator, Plats, Basår, Mål (what follows the area up).

Importing replaces, for every area on the «Fokusområden» sheet, its name, goal, description, order,
places and indicators with the file's (a missing «Platser» or «Indikatorer» sheet leaves those as they
are). Areas not in the file are left alone, and so are their activities (`actions`, written by the
handlingsplan loader). An area is written as a whole version: the version it replaces (the row, its
places and its indicators) is kept in the `*_replaced` tables, so an undo brings it back. Editors'
changes in the app and «Lägg till mallområden» (the shipped templates in
`lagesbild/registry/priority_area_*.csv`) go through the same plan and write, as imports of this kind.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lagesbild import db
from lagesbild.names import closest, name_key, short_slug, slug
from lagesbild.registry import HERE as REGISTRY_DIR
from loaders.base import ImportRejected, Parsed, Problems, SourceFile, _one_date, indicator_key
from loaders.registry import Loader, Peek
from loaders.tabular import excel_sheets, header_matcher, is_excel, pick_column, read_excel_table

KIND = "fokusomraden"
TARGET = "priority_areas"
AREAS_SHEET, PLACES_SHEET, INDICATORS_SHEET = "Fokusområden", "Platser", "Indikatorer"
AREA_COLUMNS = ["Plan-id", "Plan", "Gäller för", "Från", "Till", "Nr", "Fokusområde", "Mål", "Beskrivning", "Id"]
PLACE_COLUMNS = ["Plan-id", "Fokusområde", "Plats"]
INDICATOR_COLUMNS = ["Plan-id", "Fokusområde", "Källa", "Indikator", "Plats", "Basår", "Mål"]
AREAS_HEADER = header_matcher(["Fokusområde"], ["Mål"])
PLACES_HEADER = header_matcher(["Fokusområde"], ["Plats"])
INDICATORS_HEADER = header_matcher(["Fokusområde"], ["Källa"], ["Indikator"])

SOURCE_LABELS = {"crime": "Anmälda brott", "survey": "Enkät", "events": "Polisens händelser", "patrols": "Närvaro"}
SOURCE_WORDS = {
    **{name_key(label): source for source, label in SOURCE_LABELS.items()},
    **{source: source for source in SOURCE_LABELS},
    "brott": "crime", "polisstatistik": "crime", "enkäter": "survey", "trygghetsmätning": "survey",
    "händelser": "events", "publicerade händelser": "events", "patrullering": "patrols",
    "närvaro och patrullering": "patrols", "patrullogg": "patrols",
}
ALL_WORDS = {"", "alla", "alla typer", "(alla)", "allt", "all närvaro", "alla händelser"}
GRADES = {"ak9": "åk 9", "gy2": "gy 2", "alla": "alla"}
_GRADE_SUFFIX = re.compile(r"^(.*?)\s*\((åk 9|gy 2)\)$", re.IGNORECASE)
SOURCE_EXPECTED = "Anmälda brott, Enkät, Polisens händelser eller Närvaro"
MAX_DATE_YEAR = 2100

# The shipped templates (see lagesbild/registry/README.md).
TEMPLATE_AREAS = REGISTRY_DIR / "priority_area_templates.csv"
TEMPLATE_PLACES = REGISTRY_DIR / "priority_area_template_places.csv"
TEMPLATE_INDICATORS = REGISTRY_DIR / "priority_area_template_indicators.csv"


@dataclass
class ParsedAreas(Parsed):
    """A parsed areas file: `frame` holds the areas (one row each); `places` and `indicators` the
    other two sheets, or None when the file has no such sheet (then they are left as they are).

    Rows name plans, places and indicators as people write them (`plan_title`, `place_name`,
    `ref_text`); rows made by the app or from the templates may carry ids instead (`plan_id`,
    `plan_place_id`, `area_id`, `place_id`). `fill_only` (the templates): an existing area that
    already has places or indicators is left alone, and only an empty goal or description is filled."""

    places: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    fill_only: bool = False


class SheetProblems(Problems):
    """Problems that name the sheet as well as the row and column."""

    def at(self, sheet: str, row, column: str, found, expected: str) -> None:
        shown = "(tomt)" if found is None or str(found) == "" else found
        self.items.append(f"blad «{sheet}», rad {row}, kolumn «{column}»: fann «{shown}», förväntade {expected}.")
        self.details.append({"row": row, "column": f"{column} (blad {sheet})", "found": str(shown),
                             "expected": expected})


class PriorityAreasFile(Loader):
    kind = KIND
    title = "Fokusområden med platser och indikatorer"
    description = (
        "En handlingsplans fokusområden (prioriterade områden) med mål, platser och indikatorer för "
        "uppföljningen, som Excel med bladen «Fokusområden», «Platser» och «Indikatorer». Samma fil som "
        "sidan Fokusområden laddar ned. Importen ersätter filens fokusområden (namn, mål, platser och "
        "indikatorer); andra fokusområden och aktiviteterna lämnas orörda. Går att ångra."
    )
    template = ""

    def sniff(self, peek: Peek) -> bool:
        if not peek.is_excel:
            return False
        try:
            sheets = {str(name).strip().casefold() for name in excel_sheets(peek.src)}
        except Exception:      # the file checks say what is wrong with the file
            return False
        return AREAS_SHEET.casefold() in sheets and peek.has_header(AREAS_HEADER)

    def read(self, src: SourceFile, options: dict) -> ParsedAreas:
        return read_workbook(src)


# --- reading ----------------------------------------------------------------------------------------

def _cells(table, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series("", index=table.frame.index, dtype=object)
    return table.frame[column].fillna("").astype(str).str.strip()


def _date(text: str) -> dt.date | None:
    found = _one_date(text) if text else None
    return found if found is not None and 1990 <= found.year <= MAX_DATE_YEAR else None


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def read_workbook(src: SourceFile) -> ParsedAreas:
    """Parse the three sheets; checks what can be checked without the database. Raises ImportRejected."""
    if not is_excel(src):
        raise ImportRejected(src.name, [
            "en fokusområdesfil är en Excel-arbetsbok med bladen «Fokusområden», «Platser» och «Indikatorer». "
            "Ladda ned den från sidan Fokusområden (eller mallen på importsidan) och fyll i den."])
    problems = SheetProblems(src.name)
    areas_table = read_excel_table(src, AREAS_HEADER, only=[AREAS_SHEET])
    if areas_table is None:
        raise ImportRejected(src.name, [
            "hittade inget blad «Fokusområden» med rubrikerna «Fokusområde» och «Mål». Förväntade bladen "
            "«Fokusområden», «Platser» och «Indikatorer» som i filen från sidan Fokusområden."])
    areas = _read_areas(areas_table, problems)
    places_table = read_excel_table(src, PLACES_HEADER, only=[PLACES_SHEET])
    places = _read_places(places_table, problems) if places_table is not None else None
    indicators_table = read_excel_table(src, INDICATORS_HEADER, only=[INDICATORS_SHEET])
    indicators = _read_indicators(indicators_table, problems) if indicators_table is not None else None
    problems.raise_if_any()
    if areas.empty:
        raise ImportRejected(src.name, [
            "bladet «Fokusområden» har en rubrikrad men inga fokusområden under den. Förväntade minst en rad."])
    notices = [_counted(len(areas), "fokusområde", "fokusområden") + ", "
               + (_counted(len(places), "plats", "platser") if places is not None else
                  "inget blad «Platser» (platserna lämnas som de är)") + ", "
               + (_counted(len(indicators), "indikator", "indikatorer") if indicators is not None else
                  "inget blad «Indikatorer» (indikatorerna lämnas som de är)") + " lästa."]
    return ParsedAreas(TARGET, areas, place_column="Gäller för", notices=notices, places=places,
                       indicators=indicators)


def _read_areas(table, problems: SheetProblems) -> pd.DataFrame:
    col = {name: pick_column(table, [name]) for name in AREA_COLUMNS}
    rows = table.rows
    names = _cells(table, col["Fokusområde"])
    plan_ids, titles = _cells(table, col["Plan-id"]), _cells(table, col["Plan"])
    out = []
    for i, row in enumerate(rows):
        name = names.iloc[i]
        if not name:
            problems.at(AREAS_SHEET, row, "Fokusområde", "", "fokusområdets namn")
        if not plan_ids.iloc[i] and not titles.iloc[i]:
            problems.at(AREAS_SHEET, row, "Plan", "", "planens namn (eller dess Plan-id)")
        dates = {}
        for column, key in (("Från", "valid_from"), ("Till", "valid_to")):
            text = _cells(table, col[column]).iloc[i]
            dates[key] = _date(text)
            if text and dates[key] is None:
                problems.at(AREAS_SHEET, row, column, text, f"ett datum som 2017-05-01 (år 1990–{MAX_DATE_YEAR})")
        nr_text = _cells(table, col["Nr"]).iloc[i].removesuffix(".0")
        if nr_text and not nr_text.isdigit():
            problems.at(AREAS_SHEET, row, "Nr", nr_text, "ett heltal (fokusområdets ordning i planen)")
        out.append({
            "_row": int(row), "plan_id": plan_ids.iloc[i], "plan_title": titles.iloc[i],
            "plan_place": _cells(table, col["Gäller för"]).iloc[i], "plan_place_id": None, **dates,
            "nr": int(nr_text) if nr_text.isdigit() else None, "name": " ".join(name.split()),
            "goal": _cells(table, col["Mål"]).iloc[i], "description": _cells(table, col["Beskrivning"]).iloc[i],
            "area_id": _cells(table, col["Id"]).iloc[i],
        })
    return pd.DataFrame(out, columns=["_row", "plan_id", "plan_title", "plan_place", "plan_place_id", "valid_from",
                                      "valid_to", "nr", "name", "goal", "description", "area_id"])


def _read_places(table, problems: SheetProblems) -> pd.DataFrame:
    col = {name: pick_column(table, [name]) for name in PLACE_COLUMNS}
    frame = pd.DataFrame({"_row": table.rows.astype(int), "plan_id": _cells(table, col["Plan-id"]).to_numpy(),
                          "area_name": _cells(table, col["Fokusområde"]).to_numpy(),
                          "place_name": _cells(table, col["Plats"]).to_numpy()})
    frame["place_id"] = None
    for row, area, place in zip(frame["_row"], frame["area_name"], frame["place_name"]):
        if not area:
            problems.at(PLACES_SHEET, row, "Fokusområde", "", "ett fokusområde från bladet «Fokusområden»")
        if not place:
            problems.at(PLACES_SHEET, row, "Plats", "", "en plats (kommun, stadsdelsområde, stadsdel eller plats)")
    return frame


def _read_indicators(table, problems: SheetProblems) -> pd.DataFrame:
    col = {name: pick_column(table, [name]) for name in INDICATOR_COLUMNS}
    out = []
    for i, row in enumerate(table.rows):
        area = _cells(table, col["Fokusområde"]).iloc[i]
        source_text = _cells(table, col["Källa"]).iloc[i]
        source = SOURCE_WORDS.get(name_key(source_text))
        year_text = _cells(table, col["Basår"]).iloc[i].removesuffix(".0")
        if not area:
            problems.at(INDICATORS_SHEET, row, "Fokusområde", "", "ett fokusområde från bladet «Fokusområden»")
        if source is None:
            problems.at(INDICATORS_SHEET, row, "Källa", source_text, SOURCE_EXPECTED)
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
        if year_text and (year is None or not 1990 <= year <= dt.date.today().year):
            problems.at(INDICATORS_SHEET, row, "Basår", year_text, f"ett år 1990–{dt.date.today().year} eller tomt "
                        "(året före planens start)")
            year = None
        out.append({"_row": int(row), "plan_id": _cells(table, col["Plan-id"]).iloc[i], "area_name": area,
                    "source": source, "ref_text": _cells(table, col["Indikator"]).iloc[i],
                    "place_name": _cells(table, col["Plats"]).iloc[i], "place_id": None, "baseline_year": year,
                    "target": _cells(table, col["Mål"]).iloc[i]})
    return pd.DataFrame(out, columns=["_row", "plan_id", "area_name", "source", "ref_text", "place_name", "place_id",
                                      "baseline_year", "target"])


# --- planning: resolve names, compare with the database --------------------------------------------

@dataclass
class AreaVersion:
    """One area as the import would write it."""

    area_id: str
    plan_id: str
    name: str
    goal: str | None
    description: str | None
    sort_order: int
    places: list[str]
    indicators: list[dict]          # source, indicator_ref, place_id, baseline_year, target (in order)
    action: str = "added"           # 'added' | 'replaced' | 'unchanged'

    def content(self) -> tuple:
        return (self.name, self.goal, self.description, self.sort_order, tuple(sorted(self.places)),
                tuple((i["source"], i["indicator_ref"], i["place_id"], i["baseline_year"], i["target"])
                      for i in self.indicators))


@dataclass
class AreasPlan:
    """What importing an areas file would do (checked, nothing written)."""

    new_plans: list[dict]
    versions: list[AreaVersion]
    notices: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        actions = [v.action for v in self.versions]
        return {"added": actions.count("added"), "replaced": actions.count("replaced"),
                "unchanged": actions.count("unchanged"), "skipped": 0}

    @property
    def summary(self) -> str:
        c = self.counts
        plans = f"{_counted(len(self.new_plans), 'ny plan', 'nya planer')}, " if self.new_plans else ""
        return f"{plans}{c['added']} fokusområden tillagda, {c['replaced']} ändrade, {c['unchanged']} oförändrade"


def _blank(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


class _Catalog:
    """What names in an areas file can mean, read once from the database."""

    def __init__(self, con):
        self.place_aliases = dict(con.execute("SELECT alias_key, place_id FROM place_aliases").fetchall())
        self.place_display = dict(con.execute("SELECT alias_key, alias FROM place_aliases").fetchall())
        self.place_names = dict(con.execute("SELECT place_id, name FROM places").fetchall())
        self.categories = dict(con.execute("SELECT category_id, label FROM crime_categories").fetchall())
        self.category_aliases = dict(con.execute("SELECT alias_key, category_id FROM crime_category_aliases").fetchall())
        self.category_display = dict(con.execute("SELECT alias_key, alias FROM crime_category_aliases").fetchall())
        self.surveys = dict(con.execute("SELECT survey, label FROM surveys").fetchall())
        self.indicators = {(s, i): label for s, i, label in con.execute(
            "SELECT survey, indicator_id, label FROM survey_indicators").fetchall()}
        self.kinds = dict(con.execute("SELECT kind, label FROM patrol_kinds").fetchall())
        self.kind_aliases = dict(con.execute("SELECT alias_key, kind FROM patrol_kind_aliases").fetchall())
        self.event_types = {name_key(t): t for (t,) in con.execute(
            "SELECT DISTINCT type FROM police_events WHERE NOT is_summary").fetchall()}

    def place(self, text: str | None, given_id: str | None = None) -> str | None:
        if given_id:
            return given_id if given_id in self.place_names else None
        if not text:
            return None
        return self.place_aliases.get(name_key(text)) or (text if text in self.place_names else None)

    def place_hint(self, text: str) -> str:
        near = closest(text, self.place_display)
        return (f"en känd plats (närmast: {', '.join(near)})" if near else "en känd plats") + \
            "; lägg till nya platser med en platsfil (typ «platser»)"

    def reference(self, source: str, text: str) -> tuple[str | None, str]:
        """(indicator_ref, '') or (None, what was expected)."""
        key = name_key(text)
        if source == "crime":
            if text in self.categories:
                return text, ""
            found = self.category_aliases.get(key)
            if found:
                return found, ""
            near = closest(text, self.category_display)
            return None, "en brottskategori" + (f" (närmast: {', '.join(near)})" if near else
                                               " (se `python -m loaders kinds`)")
        if source == "survey":
            return self._survey(text)
        if source == "events":
            if key in ALL_WORDS:
                return "", ""
            return self.event_types.get(key, " ".join(text.split())), ""
        if key in ALL_WORDS:
            return "", ""
        if text in self.kinds:
            return text, ""
        for kind, label in self.kinds.items():
            if name_key(label) == key:
                return kind, ""
        found = self.kind_aliases.get(key)
        if found:
            return found, ""
        return None, "en typ av närvaro (" + ", ".join(self.kinds.values()) + ") eller «Alla typer»"

    def _survey(self, text: str) -> tuple[str | None, str]:
        expected = ("en enkätfråga som «Stockholmsenkäten: Känner sig trygg i området där man bor» eller "
                    "«stockholmsenkaten:trygg_omradet»")
        parts = [p.strip() for p in text.split(":")]
        if len(parts) in (2, 3) and (parts[0], parts[1]) in self.indicators and (len(parts) == 2 or parts[2] in GRADES):
            return ":".join(parts), ""
        survey_text, sep, question = text.partition(":")
        if not sep:
            return None, expected
        survey = next((s for s, label in self.surveys.items()
                       if name_key(survey_text) in (name_key(label), name_key(s))), None)
        if survey is None:
            return None, expected + " (undersökningar: " + ", ".join(self.surveys.values()) + ")"
        grade = ""
        match = _GRADE_SUFFIX.match(question.strip())
        if match:
            question, grade = match.group(1), {"åk 9": "ak9", "gy 2": "gy2"}[match.group(2).lower()]
        wanted = indicator_key(question)
        for (s, indicator_id), label in self.indicators.items():
            if s == survey and wanted in (indicator_key(label), indicator_key(indicator_id)):
                return f"{survey}:{indicator_id}" + (f":{grade}" if grade else ""), ""
        labels = {indicator_key(label): label for (s, _), label in self.indicators.items() if s == survey}
        near = closest(question, labels)
        return None, f"en fråga i {self.surveys[survey]}" + (f" (närmast: {', '.join(near)})" if near else "")


def plan_priority_areas(con, parsed: ParsedAreas, src: SourceFile) -> AreasPlan:
    """Check an areas file against the database and work out each area's new version. Raises
    ImportRejected listing every problem."""
    problems = SheetProblems(src.name)
    catalog = _Catalog(con)
    notices: list[str] = []
    plans = {r[0]: {"title": r[1], "place_id": r[2], "valid_from": r[3], "valid_to": r[4]}
             for r in con.execute("SELECT plan_id, title, place_id, valid_from, valid_to FROM action_plans").fetchall()}
    by_title = {name_key(p["title"]): plan_id for plan_id, p in plans.items()}
    existing = {r[0]: {"plan_id": r[1], "name": r[2], "goal": r[3], "description": r[4], "sort_order": r[5]}
                for r in con.execute("SELECT area_id, plan_id, name, goal, description, sort_order FROM priority_areas")
                .fetchall()}
    current_places: dict[str, list[str]] = {}
    for area_id, place_id in con.execute("SELECT area_id, place_id FROM priority_area_places").fetchall():
        current_places.setdefault(area_id, []).append(place_id)
    current_indicators: dict[str, list[dict]] = {}
    for area_id, source, ref, place_id, year, target in con.execute(
            "SELECT area_id, source, indicator_ref, place_id, baseline_year, target FROM priority_area_indicators"
            " ORDER BY area_id, sort_order").fetchall():
        current_indicators.setdefault(area_id, []).append(
            {"source": source, "indicator_ref": ref, "place_id": place_id, "baseline_year": year, "target": target})

    # 1. Plans and areas.
    new_plans: dict[str, dict] = {}
    noted_plans: set[str] = set()
    file_areas: list[dict] = []
    seen: dict[str, int] = {}
    next_sort: dict[str, int] = {}
    for row in parsed.frame.to_dict("records"):
        title = _blank(row.get("plan_title"))
        plan_id = _blank(row.get("plan_id")) or (by_title.get(name_key(title)) if title else None) \
            or (short_slug(title) if title else None)
        if plan_id is None:
            continue                      # reported by the reader
        if plan_id not in plans and plan_id not in new_plans:
            place_text = _blank(row.get("plan_place"))
            place_id = catalog.place(place_text, _blank(row.get("plan_place_id")))
            if title is None:
                problems.at(AREAS_SHEET, row["_row"], "Plan", "", f"planens namn: planen «{plan_id}» finns inte "
                            "ännu och skapas från raden")
            if place_id is None:
                problems.at(AREAS_SHEET, row["_row"], "Gäller för", place_text or "",
                            catalog.place_hint(place_text) if place_text else
                            "kommunen eller stadsdelsområdet som den nya planen gäller för")
            new_plans[plan_id] = {"plan_id": plan_id, "title": title or plan_id, "place_id": place_id,
                                  "valid_from": row.get("valid_from"), "valid_to": row.get("valid_to")}
        elif plan_id in plans and plan_id not in noted_plans:
            known = plans[plan_id]
            given_place = catalog.place(_blank(row.get("plan_place")), _blank(row.get("plan_place_id")))
            if ((title and name_key(title) != name_key(known["title"]))
                    or (given_place and given_place != known["place_id"])):
                notices.append(f"Planen «{known['title']}» finns redan; filen ändrar inte planens namn, område "
                               "eller datum, bara dess fokusområden.")
                noted_plans.add(plan_id)
        name = row["name"]
        if not name:
            continue
        area_id = _blank(row.get("area_id"))
        if area_id and not area_id.startswith(plan_id + "/"):
            problems.at(AREAS_SHEET, row["_row"], "Id", area_id, f"ett id som börjar med «{plan_id}/» (eller tomt)")
            continue
        if area_id is None:
            area_id = area_id_for(plan_id, name)
            if area_id not in existing:
                matched = _similar_area(existing, plan_id, name)
                if matched:
                    notices.append(f"«{name}» tolkades som fokusområdet «{existing[matched]['name']}» i planen.")
                    area_id = matched
        if area_id in seen:
            problems.at(AREAS_SHEET, row["_row"], "Fokusområde", name,
                        f"ett fokusområde som inte redan står på rad {seen[area_id]}")
            continue
        seen[area_id] = row["_row"]
        file_areas.append({"row": row, "area_id": area_id, "plan_id": plan_id, "name": name})
    for plan_id in {a["plan_id"] for a in file_areas}:
        orders = [v["sort_order"] for v in existing.values() if v["plan_id"] == plan_id]
        orders += [int(a["row"]["nr"]) for a in file_areas if a["plan_id"] == plan_id and _known(a["row"].get("nr"))]
        next_sort[plan_id] = max(orders, default=0) + 1

    # 2. Which area a row of «Platser» or «Indikatorer» belongs to.
    by_plan_name = {(a["plan_id"], name_key(a["name"])): a for a in file_areas}
    by_name: dict[str, list[dict]] = {}
    for a in file_areas:
        by_name.setdefault(name_key(a["name"]), []).append(a)
    by_id = {a["area_id"]: a for a in file_areas}

    def area_of(sheet: str, row: dict) -> dict | None:
        if _blank(row.get("area_id")):
            return by_id.get(row["area_id"])
        plan_id, name = _blank(row.get("plan_id")), row.get("area_name") or ""
        if not name:
            return None
        if plan_id:
            found = by_plan_name.get((plan_id, name_key(name)))
        else:
            candidates = by_name.get(name_key(name), [])
            found = candidates[0] if len(candidates) == 1 else None
            if len(candidates) > 1:
                problems.at(sheet, row["_row"], "Plan-id", "", "planens id: fokusområdet «" + name
                            + "» finns i flera planer i filen")
                return None
        if found is None:
            problems.at(sheet, row["_row"], "Fokusområde", name, "ett fokusområde som står på bladet «Fokusområden»")
        return found

    places: dict[str, list[str]] = {}
    if parsed.places is not None:
        for row in parsed.places.to_dict("records"):
            area = area_of(PLACES_SHEET, row)
            place_text = _blank(row.get("place_name"))
            place_id = catalog.place(place_text, _blank(row.get("place_id")))
            if place_id is None and (place_text or _blank(row.get("place_id"))):
                problems.at(PLACES_SHEET, row["_row"], "Plats", place_text or row.get("place_id"),
                            catalog.place_hint(place_text or ""))
            if area is None or place_id is None:
                continue
            listed = places.setdefault(area["area_id"], [])
            if place_id not in listed:
                listed.append(place_id)
    indicators: dict[str, list[dict]] = {}
    if parsed.indicators is not None:
        used: dict[tuple, int] = {}
        for row in parsed.indicators.to_dict("records"):
            area = area_of(INDICATORS_SHEET, row)
            source = row.get("source")
            if not source:
                continue                  # reported by the reader
            ref_text = row.get("ref_text") if row.get("ref_text") is not None else ""
            ref, expected = catalog.reference(source, str(ref_text).strip())
            if ref is None:
                problems.at(INDICATORS_SHEET, row["_row"], "Indikator", ref_text, expected)
            elif source == "events" and ref and catalog.event_types and name_key(ref) not in catalog.event_types:
                notices.append(f"Händelsetypen «{ref}» finns inte bland Polisens händelser i databasen; kontrollera "
                               "stavningen (t.ex. «Stöld/inbrott»).")
            place_text = _blank(row.get("place_name"))
            place_id = catalog.place(place_text, _blank(row.get("place_id")))
            if place_id is None and (place_text or _blank(row.get("place_id"))):
                problems.at(INDICATORS_SHEET, row["_row"], "Plats", place_text or row.get("place_id"),
                            catalog.place_hint(place_text or ""))
                continue
            if area is None or ref is None:
                continue
            key = (area["area_id"], source, ref, place_id)
            if key in used:
                problems.at(INDICATORS_SHEET, row["_row"], "Indikator", ref_text,
                            f"en indikator som inte redan står på rad {used[key]} för samma fokusområde och plats")
                continue
            used[key] = row["_row"]
            year = row.get("baseline_year")
            indicators.setdefault(area["area_id"], []).append({
                "source": source, "indicator_ref": ref, "place_id": place_id,
                "baseline_year": int(year) if _known(year) else None, "target": _blank(row.get("target"))})
    problems.raise_if_any()

    # 3. The new version of each area, compared with the one in the database.
    versions, skipped = [], []
    for a in file_areas:
        row, area_id = a["row"], a["area_id"]
        current = existing.get(area_id)
        if current is not None and parsed.fill_only and (current_places.get(area_id) or current_indicators.get(area_id)):
            skipped.append(current["name"])
            continue
        name = a["name"]
        if current is not None and parsed.fill_only:          # a template fills in, never renames
            name, sort_order = current["name"], current["sort_order"]
        elif _known(row.get("nr")):
            sort_order = int(row["nr"])
        elif current is not None:
            sort_order = current["sort_order"]
        else:
            sort_order = next_sort[a["plan_id"]]
            next_sort[a["plan_id"]] += 1
        goal, description = _blank(row.get("goal")), _blank(row.get("description"))
        if current is not None and parsed.fill_only:
            goal, description = current["goal"] or goal, current["description"] or description
        version = AreaVersion(
            area_id, a["plan_id"], name, goal, description, sort_order,
            places.get(area_id, []) if parsed.places is not None else list(current_places.get(area_id, [])),
            indicators.get(area_id, []) if parsed.indicators is not None else list(current_indicators.get(area_id, [])))
        if current is not None:
            before = AreaVersion(area_id, current["plan_id"], current["name"], current["goal"], current["description"],
                                 current["sort_order"], current_places.get(area_id, []),
                                 current_indicators.get(area_id, []))
            version.action = "unchanged" if before.content() == version.content() else "replaced"
        versions.append(version)
    if skipped:
        notices.append("Fokusområden som redan har platser eller indikatorer lämnades orörda: "
                       + ", ".join(f"«{n}»" for n in skipped) + ".")
    return AreasPlan(list(new_plans.values()), versions, notices)


def area_id_for(plan_id: str, name: str) -> str:
    """An area's id: the plan's id, «/» and the slug of its name cut after the last whole word within
    60 characters, as the handlingsplan loader makes it, so both find the same area."""
    return f"{plan_id}/{short_slug(name) or 'omrade'}"


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NA


def _similar_area(existing: dict, plan_id: str, name: str) -> str | None:
    """The area of the plan that `name` means when it is written a little differently: one whose name
    starts like it (written shorter or cut off in the source: «…, i synnerhet brott mot funktionsnedsatt»
    for «…funktionsnedsatta/äldre»; at least 20 characters in common), or, failing that, one whose
    name is nearly the same («Arbete mot …» for «Arbetet mot …»; difflib ratio at least 0.9). Only
    when exactly one area of the plan qualifies."""
    import difflib

    wanted = slug(name)
    mine = {area_id: slug(area["name"]) for area_id, area in existing.items() if area["plan_id"] == plan_id}
    hits = [area_id for area_id, other in mine.items() if min(len(wanted), len(other)) >= 20
            and (other.startswith(wanted) or wanted.startswith(other))]
    if not hits:
        hits = [area_id for area_id, other in mine.items()
                if difflib.SequenceMatcher(None, wanted, other).ratio() >= 0.9]
    return hits[0] if len(hits) == 1 else None


def preview_rows(con, plan: AreasPlan, limit: int = 20) -> pd.DataFrame:
    """The areas as they will be stored, for the import page: one row per area."""
    names = dict(con.execute("SELECT place_id, name FROM places").fetchall())
    actions = {"added": "ny", "replaced": "ersätter", "unchanged": "oförändrad"}
    return pd.DataFrame([{
        "Plan": v.plan_id, "Nr": v.sort_order, "Fokusområde": v.name, "Mål": v.goal or "",
        "Platser": ", ".join(names.get(p, p) for p in v.places),
        "Indikatorer": len(v.indicators), "Åtgärd": actions[v.action],
    } for v in plan.versions[:limit]], columns=["Plan", "Nr", "Fokusområde", "Mål", "Platser", "Indikatorer", "Åtgärd"])


# --- writing and undoing ------------------------------------------------------------------------

AREA_TABLES = ("priority_areas", "priority_area_places", "priority_area_indicators")


def write_priority_areas(con, plan: AreasPlan, parsed: Parsed, src: SourceFile, loader: Loader, *, imported_by,
                         is_demo, started: dt.datetime):
    """Write a checked plan in one transaction with its import_log row."""
    from loaders.pipeline import ImportResult

    counts = plan.counts
    notices = list(parsed.notices) + plan.notices
    if not counts["added"] and not counts["replaced"]:
        return ImportResult(src.name, loader.kind, "unchanged",
                            f"«{src.name}»: inga nya eller ändrade fokusområden ({plan.summary}). Inget ändrades.",
                            unchanged=counts["unchanged"], notices=notices)
    changed = [v for v in plan.versions if v.action in ("added", "replaced")]
    replaced = [v.area_id for v in changed if v.action == "replaced"]
    con.begin()
    try:
        import_id = con.execute("SELECT nextval('import_id_seq')").fetchone()[0]
        for p in plan.new_plans:
            con.execute("INSERT INTO action_plans VALUES (?, ?, ?, ?, ?, ?)",
                        [p["plan_id"], p["title"], p["place_id"], p["valid_from"], p["valid_to"], import_id])
        if replaced:
            for table in AREA_TABLES:
                con.execute(f"INSERT INTO {table}_replaced BY NAME SELECT *, ? AS _replaced_by FROM {table} "
                            "WHERE list_contains(?, area_id)", [import_id, replaced])
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, area_id)", [replaced])
        for v in changed:
            con.execute("INSERT INTO priority_areas VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [v.area_id, v.plan_id, v.name, v.goal, v.description, v.sort_order, import_id])
            for place_id in v.places:
                con.execute("INSERT INTO priority_area_places VALUES (?, ?, ?)", [v.area_id, place_id, import_id])
            for number, i in enumerate(v.indicators, start=1):
                con.execute("INSERT INTO priority_area_indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [v.area_id, i["source"], i["indicator_ref"], i["place_id"], i["baseline_year"],
                             i["target"], number, import_id])
        db.fault_point("mid_transaction")
        message = " ".join([plan.summary + "."] + notices)
        con.execute(
            "INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, message,"
            " started_at, finished_at, rows_added, rows_replaced, rows_unchanged, rows_skipped, imported_by, is_demo)"
            " VALUES (?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            [import_id, src.name, src.sha256, loader.kind, counts["added"] + counts["replaced"], message, started,
             dt.datetime.now(), counts["added"], counts["replaced"], counts["unchanged"], imported_by, is_demo])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return ImportResult(src.name, loader.kind, "ok", f"«{src.name}» importerad som import {import_id}: {plan.summary}.",
                        import_id=import_id, added=counts["added"], replaced=counts["replaced"],
                        unchanged=counts["unchanged"], notices=notices)


def undo_priority_areas(con, import_id: int) -> tuple[int, int]:
    """Inside the caller's transaction: remove the area versions an import wrote and bring back the
    ones it replaced. Returns (areas removed, areas restored).

    Per area, like fact rows per key: if a later import has written the area since, the version this
    import replaced stays replaced (now by that later import) and this import's version, which the
    later one replaced, is dropped; otherwise the replaced version comes back, unless it came from an
    import that has been undone itself. Plans the import created go too once no area uses them."""
    held = [a for (a,) in con.execute("SELECT area_id FROM priority_areas WHERE _import_id = ?",
                                      [import_id]).fetchall()]
    for table in AREA_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, area_id)", [held])
    for table in AREA_TABLES:
        con.execute(f"""UPDATE {table}_replaced r SET _replaced_by = a._import_id FROM priority_areas a
                        WHERE r._replaced_by = ? AND a.area_id = r.area_id AND a._import_id IS NOT NULL""",
                    [import_id])
    restored = con.execute(
        "SELECT count(*) FROM priority_areas_replaced r WHERE r._replaced_by = ? AND (r._import_id IS NULL OR "
        "r._import_id IN (SELECT import_id FROM import_log WHERE status = 'ok'))", [import_id]).fetchone()[0]
    for table in AREA_TABLES:
        con.execute(f"""INSERT INTO {table} BY NAME SELECT * EXCLUDE (_replaced_by) FROM {table}_replaced r
                        WHERE r._replaced_by = ? AND (r._import_id IS NULL OR r._import_id IN
                              (SELECT import_id FROM import_log WHERE status = 'ok'))""", [import_id])
        con.execute(f"DELETE FROM {table}_replaced WHERE _replaced_by = ? OR _import_id = ?", [import_id, import_id])
    # Plans an areas import created (this one, or an undone one whose areas lived on in later versions)
    # go once no area uses them.
    unused = """FROM action_plans p WHERE (p._import_id = ? OR p._import_id IN (SELECT import_id FROM import_log
                    WHERE status = 'undone' AND kind = 'fokusomraden'))
                AND NOT EXISTS (SELECT 1 FROM priority_areas a WHERE a.plan_id = p.plan_id)"""
    plans = con.execute(f"SELECT count(*) {unused}", [import_id]).fetchone()[0]
    con.execute(f"DELETE {unused}", [import_id])
    return len(held) + plans, restored


# --- entry points for the app: the same plan and write as a file ------------------------------------

def _write(parsed: ParsedAreas, name: str, *, db_path: Path, imported_by: str | None):
    from loaders.pipeline import ImportResult, write_parsed

    payload = {"areas": parsed.frame.astype(object).where(parsed.frame.notna(), None).to_dict("records"),
               "places": None if parsed.places is None else parsed.places.to_dict("records"),
               "indicators": None if parsed.indicators is None else parsed.indicators.astype(object)
               .where(parsed.indicators.notna(), None).to_dict("records"),
               "fill_only": parsed.fill_only, "at": dt.datetime.now().isoformat()}
    src = SourceFile(name=name, data=json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode())
    with db.writer(db_path) as w:
        try:
            result = write_parsed(w.con, parsed, src, PriorityAreasFile(), imported_by=imported_by, is_demo=False)
        except ImportRejected as exc:
            return ImportResult(src.name, KIND, "rejected", exc.message)
        w.changed = result.status == "ok"
    return result


def save_area(*, db_path: Path, plan_id: str, area_id: str, name: str, goal: str | None, description: str | None,
              sort_order: int, places: list[str], indicators: list[dict], imported_by: str | None = None):
    """An editor's change to one area (goal, description, places, indicators), written as an import of
    kind «fokusomraden» so it shows in the history and can be undone. `indicators`: dicts with
    source, indicator_ref, place_id (or None), baseline_year (or None), target (or None)."""
    frame = pd.DataFrame([{"_row": 1, "plan_id": plan_id, "plan_title": None, "plan_place": None,
                           "plan_place_id": None, "valid_from": None, "valid_to": None, "nr": sort_order,
                           "name": name, "goal": goal or "", "description": description or "", "area_id": area_id}])
    place_rows = pd.DataFrame([{"_row": i, "plan_id": plan_id, "area_name": name, "place_name": None,
                                "place_id": p, "area_id": area_id} for i, p in enumerate(places, start=1)],
                              columns=["_row", "plan_id", "area_name", "place_name", "place_id", "area_id"])
    indicator_rows = pd.DataFrame(
        [{"_row": i, "plan_id": plan_id, "area_name": name, "area_id": area_id, "source": x["source"],
          "ref_text": x["indicator_ref"], "place_name": None, "place_id": x.get("place_id"),
          "baseline_year": x.get("baseline_year"), "target": x.get("target")} for i, x in enumerate(indicators, start=1)],
        columns=["_row", "plan_id", "area_name", "area_id", "source", "ref_text", "place_name", "place_id",
                 "baseline_year", "target"])
    parsed = ParsedAreas(TARGET, frame, place_column="Gäller för", places=place_rows, indicators=indicator_rows)
    return _write(parsed, f"Ändring i appen: {name}", db_path=db_path, imported_by=imported_by)


def template_plans() -> dict[str, str]:
    """plan_id -> title of the shipped templates."""
    areas = pd.read_csv(TEMPLATE_AREAS, sep=";", dtype=str, keep_default_na=False)
    return dict(zip(areas["plan_id"], areas["plan_title"]))


def template_parsed(plan_id: str, numbers: list[int] | None = None, *, fill_only: bool = True) -> ParsedAreas:
    """The shipped template areas of a plan (all, or those numbered `numbers`) as a parsed file."""
    areas = pd.read_csv(TEMPLATE_AREAS, sep=";", dtype=str, keep_default_na=False)
    places = pd.read_csv(TEMPLATE_PLACES, sep=";", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(TEMPLATE_INDICATORS, sep=";", dtype=str, keep_default_na=False)
    areas = areas[areas["plan_id"] == plan_id]
    if numbers is not None:
        areas = areas[areas["nr"].astype(int).isin(numbers)]
    names = dict(zip(areas["nr"], areas["name"]))
    frame = pd.DataFrame({
        "_row": range(1, len(areas) + 1), "plan_id": areas["plan_id"].to_numpy(),
        "plan_title": areas["plan_title"].to_numpy(), "plan_place": None, "plan_place_id": areas["plan_place_id"].to_numpy(),
        "valid_from": [_date(d) for d in areas["valid_from"]], "valid_to": [_date(d) for d in areas["valid_to"]],
        "nr": areas["nr"].astype(int).to_numpy(), "name": areas["name"].to_numpy(), "goal": areas["goal"].to_numpy(),
        "description": areas["description"].to_numpy(), "area_id": None})
    places = places[(places["plan_id"] == plan_id) & places["nr"].isin(names)]
    place_rows = pd.DataFrame({"_row": range(1, len(places) + 1), "plan_id": plan_id,
                               "area_name": places["nr"].map(names).to_numpy(), "place_name": None,
                               "place_id": places["place_id"].to_numpy()})
    indicators = indicators[(indicators["plan_id"] == plan_id) & indicators["nr"].isin(names)]
    indicator_rows = pd.DataFrame({
        "_row": range(1, len(indicators) + 1), "plan_id": plan_id,
        "area_name": indicators["nr"].map(names).to_numpy(), "source": indicators["source"].to_numpy(),
        "ref_text": indicators["indicator_ref"].to_numpy(), "place_name": None,
        "place_id": indicators["place_id"].replace("", None).to_numpy(),
        "baseline_year": [int(y) if y else None for y in indicators["baseline_year"]],
        "target": indicators["target"].to_numpy()})
    return ParsedAreas(TARGET, frame, place_column="Gäller för", places=place_rows, indicators=indicator_rows,
                       fill_only=fill_only)


def add_templates(plan_id: str, *, db_path: Path, imported_by: str | None = None):
    """«Lägg till mallområden»: the shipped areas of a plan, with their places and indicators, as one
    import. Areas that already have places or indicators are left as they are."""
    title = template_plans()[plan_id]
    return _write(template_parsed(plan_id), f"Mallområden: {title}", db_path=db_path, imported_by=imported_by)


# --- the file: export and template ----------------------------------------------------------------

INSTRUCTIONS = [
    "Fokusområden med mål, platser och indikatorer för uppföljningen. Filen kan importeras igen (filtyp "
    "«fokusomraden») efter ändringar.",
    "Bladet «Fokusområden»: en rad per fokusområde. Plan-id eller Plan anger planen; finns planen inte skapas "
    "den från Plan, Gäller för (kommun eller stadsdelsområde), Från och Till. Nr är ordningen i planen. Id "
    "behövs bara för att byta namn på ett fokusområde.",
    "Bladet «Platser»: en rad per fokusområde och plats (platser som torg eller centrum; de måste finnas i "
    "Lägesbild).",
    "Bladet «Indikatorer»: Källa är Anmälda brott, Enkät, Polisens händelser eller Närvaro. Indikator är en "
    "brottskategori (Bostadsinbrott), en enkätfråga («Stockholmsenkäten: Känner sig trygg i området där man bor»), "
    "en händelsetyp (Inbrott) eller en typ av närvaro (Ordningsvakter); «Alla typer» för alla händelser eller all "
    "närvaro. Tom Plats = fokusområdets platser och planens område. Tomt Basår = året före planens start. Mål "
    "som «minska» eller «öka» anger vilken riktning som är bättre.",
    "Importen ersätter filens fokusområden (namn, mål, platser och indikatorer). Andra fokusområden och "
    "aktiviteterna från handlingsplanen ändras inte. Importen syns i importhistoriken och kan ångras.",
]


def _sheet(book, title: str, columns: list[str], rows: list[list], widths: dict[str, int]):
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append([None if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0072B2")
    for i, column in enumerate(columns, start=1):
        letter = sheet.cell(1, i).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, max(12, len(column) + 4))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


def workbook_bytes(plans: pd.DataFrame, areas: pd.DataFrame, places: pd.DataFrame, indicators: pd.DataFrame) -> bytes:
    """The areas file. `plans`: plan_id, title, place_text, valid_from, valid_to; `areas`: area_id,
    plan_id, name, goal, description, sort_order; `places`: area_id, place_text; `indicators`:
    area_id, source, ref_text, place_text, baseline_year, target (in order)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    plan_rows = {r["plan_id"]: r for r in plans.to_dict("records")}
    names = dict(zip(areas["area_id"], areas["name"]))
    plan_of = dict(zip(areas["area_id"], areas["plan_id"]))

    def day(value):
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()

    rows = []
    for a in areas.to_dict("records"):
        p = plan_rows.get(a["plan_id"], {})
        rows.append([a["plan_id"], p.get("title"), p.get("place_text"), day(p.get("valid_from")), day(p.get("valid_to")),
                     int(a["sort_order"]), a["name"], a.get("goal"), a.get("description"), a["area_id"]])
    _sheet(book, AREAS_SHEET, AREA_COLUMNS, rows, {"Plan-id": 30, "Plan": 40, "Gäller för": 20, "Fokusområde": 45,
                                                   "Mål": 50, "Beskrivning": 60, "Id": 40})
    _sheet(book, PLACES_SHEET, PLACE_COLUMNS,
           [[plan_of[r["area_id"]], names[r["area_id"]], r["place_text"]] for r in places.to_dict("records")
            if r["area_id"] in names], {"Plan-id": 30, "Fokusområde": 45, "Plats": 30})
    _sheet(book, INDICATORS_SHEET, INDICATOR_COLUMNS,
           [[plan_of[r["area_id"]], names[r["area_id"]], SOURCE_LABELS[r["source"]], r["ref_text"], r.get("place_text"),
             int(r["baseline_year"]) if _known(r.get("baseline_year")) else None, r.get("target")]
            for r in indicators.to_dict("records") if r["area_id"] in names],
           {"Plan-id": 30, "Fokusområde": 45, "Källa": 20, "Indikator": 60, "Plats": 25, "Mål": 20})
    help_sheet = book.create_sheet("Instruktioner")
    help_sheet.append([PriorityAreasFile.title])
    for step in INSTRUCTIONS:
        help_sheet.append([step])
    help_sheet.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def templates_workbook(plan_ids: list[str], numbers: list[int] | None = None) -> bytes:
    """The shipped templates of some plans (all their areas, or those numbered `numbers`) as an areas
    file, with names and labels as people write them (read from the registry, no database needed)."""
    from lagesbild.registry import build_categories, build_patrol_kinds, build_places, build_surveys

    places, _ = build_places()
    place_names = dict(zip(places["place_id"], places["name"]))
    categories = dict(zip(*[build_categories()[0][c] for c in ("category_id", "label")]))
    survey_rows, indicator_rows = build_surveys()
    surveys = dict(zip(survey_rows["survey"], survey_rows["label"]))
    questions = {(s, i): l for s, i, l in zip(indicator_rows["survey"], indicator_rows["indicator_id"],
                                             indicator_rows["label"])}
    kinds = dict(zip(*[build_patrol_kinds()[0][c] for c in ("kind", "label")]))
    spelled = {"kommun-0162": "Danderyd", "sdo-hasselby-vallingby": "Hässelby-Vällingby", "kommun-0180": "Stockholm"}

    def place_text(place_id):
        return spelled.get(place_id, place_names.get(place_id)) if place_id else None

    def ref_text(source, ref):
        if source == "crime":
            return categories.get(ref, ref)
        if source == "survey":
            survey, indicator = ref.split(":")[:2]
            return f"{surveys[survey]}: {questions[(survey, indicator)]}"
        if source == "patrols":
            return kinds.get(ref, "Alla typer") if ref else "Alla typer"
        return ref or "Alla typer"

    plans, areas, area_places, area_indicators = [], [], [], []
    for plan_id in plan_ids:
        parsed = template_parsed(plan_id, numbers)
        frame = parsed.frame
        ids = {n: area_id_for(plan_id, n) for n in frame["name"]}
        plans.append({"plan_id": plan_id, "title": frame["plan_title"].iloc[0],
                      "place_text": place_text(frame["plan_place_id"].iloc[0]),
                      "valid_from": frame["valid_from"].iloc[0], "valid_to": frame["valid_to"].iloc[0]})
        areas.append(pd.DataFrame({"area_id": frame["name"].map(ids), "plan_id": plan_id, "name": frame["name"],
                                   "goal": frame["goal"], "description": frame["description"],
                                   "sort_order": frame["nr"]}))
        area_places.append(pd.DataFrame({"area_id": parsed.places["area_name"].map(ids),
                                         "place_text": parsed.places["place_id"].map(place_text)}))
        area_indicators.append(pd.DataFrame({
            "area_id": parsed.indicators["area_name"].map(ids), "source": parsed.indicators["source"],
            "ref_text": [ref_text(s, r) for s, r in zip(parsed.indicators["source"], parsed.indicators["ref_text"])],
            "place_text": parsed.indicators["place_id"].map(place_text),
            "baseline_year": parsed.indicators["baseline_year"], "target": parsed.indicators["target"]}))
    return workbook_bytes(pd.DataFrame(plans), pd.concat(areas, ignore_index=True),
                          pd.concat(area_places, ignore_index=True), pd.concat(area_indicators, ignore_index=True))


def template_workbook() -> bytes:
    """The template on the import page: Danderyd's first two template areas, ready to import."""
    return templates_workbook(["danderyd-handlingsplan-2017-2018"], [1, 2])
