"""parse -> resolve places and categories -> validate -> write in one transaction, with an import_log row.

A file is rejected as a whole (nothing written) when anything in it is wrong. An accepted file is
compared with what the database holds: new keys are added, changed values replace the old ones
(which are kept in `<table>_replaced` so an undo can bring them back), identical values are left
alone. A file that changes nothing leaves no trace.
"""
from __future__ import annotations

import datetime as dt
import getpass
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lagesbild import db
from lagesbild.names import closest, name_key, slug
from loaders import guards
from loaders.base import ImportRejected, Parsed, SourceFile, factorize_rows, indicator_key
from loaders.registry import Loader, detect, get_loader


@dataclass(frozen=True)
class TableSpec:
    """How rows of one fact table are matched and when a new value may replace an old one."""

    table: str
    key: tuple[str, ...]
    values: tuple[str, ...]
    skip_when: str | None = None   # SQL on old row `t` and new row `s`: keep the old row
    skip_reason: str = ""
    compare: tuple[str, ...] = ()  # values that decide "unchanged" (default: all values)
    same_thing: str = "samma plats, kategori och period"  # what two rows with one key share, for messages


SPECS = {
    "crime_counts": TableSpec(
        "crime_counts",
        key=("place_id", "category_id", "period_type", "year", "period", "source"),
        values=("source_label", "count", "rate_per_100k", "preliminary", "flag"),
        skip_when="s.preliminary AND NOT t.preliminary",
        skip_reason="preliminära värden ersätter inte slutliga",
        # The same figure under another label (BRÅ's CSV says "Anmälda brott", SOL "Totalt antal
        # brott") is the same value.
        compare=("count", "rate_per_100k", "preliminary", "flag"),
    ),
    "population": TableSpec("population", key=("place_id", "year"), values=("population",)),
    "survey_results": TableSpec(
        "survey_results",
        key=("survey", "year", "place_id", "indicator_id", "grade", "gender"),
        values=("value", "unit", "n_respondents", "flag", "source_label"),
        compare=("value", "unit", "n_respondents", "flag"),
    ),
    "police_events": TableSpec(
        "police_events",
        key=("event_id",),
        values=("published_at", "occurred_at", "type", "place_id", "location_name", "summary",
                "url", "lat", "lon", "name", "is_summary"),
        skip_when="s.published_at < t.published_at",
        skip_reason="databasen har redan en senare version av händelsen",
    ),
    "patrols": TableSpec(
        "patrols",
        key=("kind", "organisation", "place_id", "started_at"),
        values=("patrol_id", "kind_label", "location_name", "ended_at", "participants", "notes",
                "obs_youths", "obs_intoxicated", "obs_vandalism", "obs_fires", "obs_fights",
                "obs_police_contacted"),
        same_thing="samma utförare, plats och starttid",
    ),
}


@dataclass
class ImportResult:
    file_name: str
    kind: str
    status: str                      # 'ok' | 'unchanged' | 'rejected'
    message: str
    import_id: int | None = None
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: int = 0
    notices: list[str] = field(default_factory=list)


# --- resolving names ------------------------------------------------------------------------

def _alias_map(con, table: str, id_column: str) -> dict[str, str]:
    return dict(con.execute(f"SELECT alias_key, {id_column} FROM {table}").fetchall())


def resolve_places(con, parsed: Parsed, file_name: str) -> pd.Series:
    """place_id for every row; rejects the file listing unknown names with the closest known."""
    frame = parsed.frame
    if "place_code" in frame.columns:
        codes = dict(con.execute("SELECT scb_code, place_id FROM places WHERE scb_code IS NOT NULL").fetchall())
        ids = frame["place_code"].map(codes)
        unknown = frame.loc[ids.isna(), ["place_code", "_row"]]
        if len(unknown):
            listed = unknown.groupby("place_code")["_row"].min().head(30)
            raise ImportRejected(file_name, [
                f"kolumn «{parsed.place_column}», {parsed.row_word} {row}: okänd områdeskod «{code}»; förväntade "
                "00 (riket), en länskod (01–25) eller en kommunkod med fyra siffror."
                for code, row in listed.items()
            ])
        return ids
    aliases = _alias_map(con, "place_aliases", "place_id")
    names = frame["place_name"].astype(str)
    # Each distinct name once (a file repeats its places).
    codes, uniques = pd.factorize(names, use_na_sentinel=False)
    distinct_keys = [name_key(name) for name in uniques]
    ids = pd.Series(pd.array([aliases.get(key) for key in distinct_keys], dtype="str").take(codes),
                    index=frame.index)
    unknown = ids.isna()
    missing = frame.loc[unknown].assign(_key=np.array(distinct_keys, dtype=object)[codes[unknown.to_numpy()]])
    if len(missing):
        known = con.execute("SELECT alias_key, alias, place_id FROM place_aliases").fetchall()
        display = {key: alias for key, alias, _ in known}
        owner = {alias: place_id for _, alias, place_id in known}
        problems, unknown = [], []
        for key, group in missing.groupby("_key", sort=False):
            name = group["place_name"].iloc[0]
            rows = [int(r) for r in group["_row"]]
            near = closest(name, display)
            hint = f"närmast kända: {', '.join(near)}" if near else "inga liknande namn finns"
            problems.append(
                f"kolumn «{parsed.place_column}», {parsed.row_word} {', '.join(map(str, rows[:3]))}: okänd plats "
                f"«{name}» ({hint}). Lägg till den som alias eller ny plats med en platsfil (typ «platser»)."
            )
            unknown.append({"name": name, "rows": rows, "suggestions": near,
                            "suggested_ids": list(dict.fromkeys(owner[a] for a in near))})
        raise ImportRejected(file_name, problems, unknown_places=unknown)
    return ids


_BROTTSKOD = re.compile(r"^\d{4}\s*-\s*")


def bare_label(label: str) -> str:
    """BRÅ's label without a leading brottskod: "0950 - Befogenhetsbedrägeri" -> "Befogenhetsbedrägeri"."""
    return _BROTTSKOD.sub("", label.strip()).strip()


def resolve_categories(con, parsed: Parsed, file_name: str) -> tuple[pd.Series, list[dict]]:
    """category_id for every crime row, plus categories to add (BRÅ labels we did not know)."""
    aliases = _alias_map(con, "crime_category_aliases", "category_id")
    labels = parsed.frame["category_label"].astype(str)

    def lookup(label: str) -> str | None:
        # As written; without a brottskod; and "X totalt" as "X" (SOL shows tree nodes so).
        for key in (name_key(label), name_key(bare_label(label)),
                    name_key(bare_label(label)).removesuffix(" totalt")):
            if key in aliases:
                return aliases[key]
        return None

    # A plain dict: Series.map would turn None into NaN when some labels are known (pandas 3 str).
    codes, distinct = pd.factorize(labels, use_na_sentinel=False)
    mapping = {label: lookup(label) for label in distinct}
    unknown = [label for label, cid in mapping.items() if cid is None]
    new_categories: list[dict] = []
    if unknown and not parsed.add_unknown_categories:
        display = dict(con.execute("SELECT alias_key, alias FROM crime_category_aliases").fetchall())
        problems = []
        for label in unknown:
            rows = ", ".join(str(r) for r in parsed.frame.loc[labels == label, "_row"].head(3))
            near = closest(label, display)
            hint = f"närmast kända: {', '.join(near)}" if near else "se `python -m loaders kinds`"
            problems.append(f"kolumn «{parsed.category_column}», {parsed.row_word} {rows}: okänd brottskategori "
                            f"«{label}» ({hint}).")
        raise ImportRejected(file_name, problems)
    existing = {r[0] for r in con.execute("SELECT category_id FROM crime_categories").fetchall()}
    for label in unknown:
        bare = bare_label(label)
        category_id = f"bra-{slug(bare)}"[:60]
        n = 2
        while category_id in existing:
            category_id = f"bra-{slug(bare)}"[:56] + f"-{n}"
            n += 1
        existing.add(category_id)
        new_categories.append({"category_id": category_id, "label": bare, "alias": label})
        mapping[label] = category_id
    return pd.Series(pd.array([mapping[label] for label in distinct], dtype="str").take(codes),
                     index=labels.index), new_categories


UNIT_NAMES = {"andel": "andel (%)", "index_0_6": "index 0–6", "index_0_100": "index 0–100",
              "medel_1_10": "medel 1–10"}


def resolve_indicators(con, parsed: Parsed, file_name: str) -> tuple[pd.Series, list[dict]]:
    """indicator_id for every survey row (by id or label within its survey, compared by
    `indicator_key`), plus indicators to add (a survey question we did not know; its direction is
    unknown until someone sets it)."""
    known = con.execute("SELECT survey, indicator_id, label, unit FROM survey_indicators").fetchall()
    by_key = {}
    units = {}
    for survey, indicator_id, label, unit in known:
        by_key[(survey, indicator_key(indicator_id))] = indicator_id
        by_key[(survey, indicator_key(label))] = indicator_id
        units[(survey, indicator_id)] = unit
    frame = parsed.frame
    # Each distinct (survey, label) once, in the order of the rows (new indicators get their ids, and
    # their unit from their first row, in that order), then spread back to the rows.
    pairs, uniques = factorize_rows(frame["survey"], frame["indicator_label"])
    first_rows = np.unique(pairs, return_index=True)[1] if len(pairs) else np.zeros(0, dtype=np.int64)
    units_in_file = frame["unit"].to_numpy(dtype=object)
    new: dict[tuple[str, str], dict] = {}
    taken = {(s, i) for s, i, _, _ in known}
    pair_ids, pair_expected = [], []
    for (survey, label), first in zip(uniques, first_rows):
        key = (survey, indicator_key(label))
        indicator_id = by_key.get(key)
        if indicator_id is None:
            if key not in new:
                base = slug(label).replace("-", "_")[:50] or "indikator"
                candidate, n = base, 2
                while (survey, candidate) in taken:
                    candidate, n = f"{base}-{n}", n + 1
                taken.add((survey, candidate))
                new[key] = {"survey": survey, "indicator_id": candidate, "label": str(label).strip(),
                            "unit": units_in_file[first]}
            pair_ids.append(new[key]["indicator_id"])
            pair_expected.append(new[key]["unit"])
        else:
            pair_ids.append(indicator_id)
            pair_expected.append(units[(survey, indicator_id)])
    ids = np.array(pair_ids, dtype=object)[pairs] if len(pairs) else np.zeros(0, dtype=object)
    expected_units = np.array(pair_expected, dtype=object)[pairs] if len(pairs) else ids
    mismatched: dict[tuple, list] = {}
    for position in np.flatnonzero(units_in_file != expected_units):
        survey, label, unit = frame["survey"].iat[position], frame["indicator_label"].iat[position], units_in_file[position]
        mismatched.setdefault((survey, ids[position], unit, expected_units[position]),
                              [str(label).strip()]).append(frame["_row"].iat[position])
    if mismatched:
        # One line per indicator and unit (a whole file with the wrong unit is one mistake, not one per row).
        problems = []
        for (_, _, unit, expected), (label, *rows) in mismatched.items():
            shown = ", ".join(str(r) for r in rows[:3]) + (f" (och {len(rows) - 3} till)" if len(rows) > 3 else "")
            problems.append(f"{parsed.row_word} {shown}, kolumn «Enhet»: fann «{UNIT_NAMES.get(unit, unit)}», "
                            f"förväntade «{UNIT_NAMES.get(expected, expected)}» som indikatorn «{label}» har.")
        raise ImportRejected(file_name, problems)
    return pd.Series(ids, index=frame.index, dtype=object), list(new.values())


def resolve_patrol_kinds(con, parsed: Parsed, file_name: str, chosen: dict[str, str]
                         ) -> tuple[pd.Series, list[dict]]:
    """The kind of every patrol row, read from free text through `patrol_kind_aliases`: the text as
    a whole, else the one kind whose spellings occur in it as words ("Securitas Sverige AB").
    `chosen` (text -> kind, the user's answers) adds new spellings, saved with the import.
    Rejects texts that match no kind, or several, listing them in `unknown_kinds`."""
    from loaders.patrol_log import contained_kinds

    aliases = _alias_map(con, "patrol_kind_aliases", "kind")
    kinds = dict(con.execute("SELECT kind, label FROM patrol_kinds ORDER BY sort_order").fetchall())
    answers = {name_key(text): kind for text, kind in chosen.items() if kind in kinds}
    texts = parsed.frame["kind_label"].astype(str)
    mapping: dict[str, str | None] = {}
    new: list[dict] = []
    for text in texts.unique():
        key = name_key(text)
        if key in aliases:
            mapping[text] = aliases[key]
        elif key in answers:
            mapping[text] = answers[key]
            new.append({"alias": text, "kind": answers[key]})
        else:
            found = contained_kinds(key, aliases)
            mapping[text] = found.pop() if len(found) == 1 else None
    unknown = [text for text, kind in mapping.items() if kind is None]
    if unknown:
        problems, listed = [], []
        for text in unknown:
            rows = [int(r) for r in parsed.frame.loc[texts == text, "_row"]]
            problems.append(
                f"kolumn «{parsed.category_column}», {parsed.row_word} {', '.join(map(str, rows[:3]))}: okänd "
                f"utförare «{text}»; förväntade en känd stavning av {', '.join(kinds.values()).lower()}. Välj "
                f"vad den betyder på importsidan, eller med --patrulltolkning \"{text}=TYP\" "
                f"(typer: {', '.join(kinds)}).")
            listed.append({"text": text, "rows": rows})
        raise ImportRejected(file_name, problems, unknown_kinds=listed)
    return texts.map(mapping), new


def patrol_ids(frame: pd.DataFrame) -> pd.Series:
    """A stable id per patrol: md5 of kind, organisation, place and start."""
    import hashlib

    parts = (frame["kind"].astype(str) + "|" + frame["organisation"].astype(str) + "|"
             + frame["place_id"].astype(str) + "|" + frame["started_at"].astype(str))
    if len(parts) > 1000 and not parts.isna().any():
        # The same digests (md5 of the UTF-8 text, lower-case hex) from DuckDB, without a Python call
        # per row.
        with duckdb.connect() as memory:
            memory.register("texts", pd.DataFrame({"text": parts.astype("string")}))
            digests = memory.execute("SELECT left(md5(text), 16) AS id FROM texts").fetchnumpy()["id"]
        return pd.Series(np.asarray(digests, dtype=object), index=parts.index, dtype=parts.dtype)
    return parts.map(lambda text: hashlib.md5(text.encode("utf-8")).hexdigest()[:16])


def _duplicate_keys(frame: pd.DataFrame, spec: TableSpec, file_name: str, parsed_word: str = "rad") -> None:
    dupes = frame[frame.duplicated(list(spec.key), keep=False)]
    if len(dupes):
        problems = []
        for _, group in list(dupes.groupby(list(spec.key), dropna=False, sort=False))[:10]:
            rows = ", ".join(str(r) for r in group["_row"])
            problems.append(f"{'posterna' if parsed_word == 'post' else 'raderna'} {rows} gäller samma sak "
                            f"({spec.same_thing}) men kan bara finnas en gång.")
        raise ImportRejected(file_name, problems)


# --- writing -----------------------------------------------------------------------------------

def _match(spec: TableSpec, new: str = "s") -> str:
    return " AND ".join(f"t.{k} IS NOT DISTINCT FROM {new}.{k}" for k in spec.key)


def _classify(con, spec: TableSpec) -> dict[str, int]:
    same = " AND ".join(f"t.{v} IS NOT DISTINCT FROM s.{v}" for v in (spec.compare or spec.values))
    skip = spec.skip_when or "false"
    # Keys are unique in the target (this module keeps them so), so the join adds no rows.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE incoming_classified AS
        SELECT s.*, CASE
            WHEN t._import_id IS NULL THEN 'added'
            WHEN {same} THEN 'unchanged'
            WHEN {skip} THEN 'skipped'
            ELSE 'replaced' END AS _action
        FROM incoming s LEFT JOIN {spec.table} t ON {_match(spec)}""")
    counts = dict(con.execute(
        "SELECT _action, count(*) FROM incoming_classified GROUP BY _action").fetchall())
    return {k: counts.get(k, 0) for k in ("added", "replaced", "unchanged", "skipped")}


def _write_facts(con, spec: TableSpec, import_id: int, replaced: int | None = None) -> None:
    """Move the rows being replaced to `<table>_replaced` and insert the new rows. `replaced` (the
    plan's count) lets a file without replaced rows skip the two statements that look for them."""
    columns = ", ".join(spec.key + spec.values)
    if replaced == 0:
        con.execute(f"""
            INSERT INTO {spec.table} BY NAME
            SELECT {columns}, {import_id} AS _import_id FROM incoming_classified
            WHERE _action IN ('added', 'replaced')""")
        return
    con.execute(f"""
        INSERT INTO {spec.table}_replaced BY NAME
        SELECT t.*, {import_id} AS _replaced_by FROM {spec.table} t
        WHERE EXISTS (SELECT 1 FROM incoming_classified s WHERE s._action = 'replaced' AND {_match(spec)})""")
    con.execute(f"""
        DELETE FROM {spec.table} t
        WHERE EXISTS (SELECT 1 FROM incoming_classified s WHERE s._action = 'replaced' AND {_match(spec)})""")
    con.execute(f"""
        INSERT INTO {spec.table} BY NAME
        SELECT {columns}, {import_id} AS _import_id FROM incoming_classified
        WHERE _action IN ('added', 'replaced')""")


def _previous_import(con, src: SourceFile, kind: str):
    return con.execute(
        "SELECT import_id, started_at FROM import_log WHERE sha256 = ? AND kind = ? AND status = 'ok'"
        " ORDER BY import_id DESC LIMIT 1", [src.sha256, kind]).fetchone()


def _summary(counts: dict[str, int], spec: TableSpec | None) -> str:
    text = (f"{counts['added']} rader tillagda, {counts['replaced']} ersatta, "
            f"{counts['unchanged']} oförändrade")
    if counts.get("skipped"):
        text += f", {counts['skipped']} överhoppade ({spec.skip_reason})"
    return text


@dataclass
class Plan:
    """What importing one parsed file would do, worked out on a connection without writing.

    `plan_import` leaves the classified rows in the temp table `incoming_classified` on that
    connection (for a preview); `apply_plan` writes them.
    """

    src: SourceFile
    loader: Loader
    parsed: Parsed
    spec: TableSpec | None = None            # None for a places file …
    places: object | None = None             # … whose checked plan is here (places_file.PlacesPlan)
    areas: object | None = None              # an areas file's checked plan (priority_areas.AreasPlan)
    action_plan: object | None = None        # an action plan's checked plan (action_plan.ActionPlanPlan)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("added", "replaced", "unchanged", "skipped"), 0))
    new_categories: list[dict] = field(default_factory=list)
    new_indicators: list[dict] = field(default_factory=list)
    new_kind_aliases: list[dict] = field(default_factory=list)
    previous: tuple | None = None            # (import_id, started_at) when these bytes are already imported

    @property
    def notices(self) -> list[str]:
        out = list(self.parsed.notices)
        if self.new_categories:
            out.append("Nya brottskategorier lades till: "
                       + ", ".join(f"«{c['label']}»" for c in self.new_categories) + ".")
        if self.new_indicators:
            out.append("Nya enkätfrågor lades till: " + ", ".join(f"«{i['label']}»" for i in self.new_indicators)
                       + ". Ange om högre värden är bättre eller sämre (tabellen survey_indicators), så visas "
                       "riktningen i diagrammen.")
        if self.new_kind_aliases:
            out.append("Nya tolkningar av utförare sparades: " + ", ".join(
                f"«{a['alias']}» = {a['kind']}" for a in self.new_kind_aliases) + ".")
        return out

    @property
    def changes_anything(self) -> bool:
        return self.previous is None and bool(self.counts["added"] or self.counts["replaced"]
                                              or self.new_kind_aliases)


def plan_import(con, parsed: Parsed, src: SourceFile, loader: Loader, options: dict | None = None) -> Plan:
    """Resolve places and categories, check duplicates and classify rows. Raises ImportRejected."""
    # With options (e.g. a corrected --year) the same bytes can mean other rows: compare values instead.
    previous = None if options else _previous_import(con, src, loader.kind)
    if parsed.target == "priority_areas":    # a definition: compared with what the app holds now
        previous = None
    plan = Plan(src, loader, parsed, previous=previous)
    if previous:
        return plan
    if parsed.target == "action_plans":
        from loaders.action_plan import plan_action_plan

        plan.action_plan = ap = plan_action_plan(con, parsed, src, options or {})
        plan.counts.update(added=ap.added, replaced=ap.replaced, unchanged=ap.unchanged)
        return plan
    if parsed.target == "priority_areas":
        from loaders.priority_areas import plan_priority_areas

        plan.areas = plan_priority_areas(con, parsed, src)
        plan.counts = plan.areas.counts
        return plan
    if parsed.target == "places":
        from loaders.places_file import plan_places

        plan.places = plan_places(con, parsed, src)
        plan.counts["added"] = len(plan.places.new_places) + len(plan.places.new_aliases)
        return plan
    plan.spec = spec = SPECS[parsed.target]
    frame = parsed.frame.copy(deep=False)      # new columns only; the parsed rows stay as they are
    frame["place_id"] = resolve_places(con, parsed, src.name)
    if parsed.target == "crime_counts" and "category_id" not in frame.columns:
        frame["category_id"], plan.new_categories = resolve_categories(con, parsed, src.name)
    if parsed.target == "survey_results" and "indicator_id" not in frame.columns:
        frame["indicator_id"], plan.new_indicators = resolve_indicators(con, parsed, src.name)
    if parsed.target == "patrols":
        frame["kind"], plan.new_kind_aliases = resolve_patrol_kinds(
            con, parsed, src.name, (options or {}).get("patrol_kinds") or {})
        labels = dict(con.execute("SELECT kind, label FROM patrol_kinds").fetchall())
        frame["organisation"] = frame["organisation"].where(frame["organisation"] != "", frame["kind"].map(labels))
        frame["patrol_id"] = patrol_ids(frame)
    con.register("incoming_frame", frame[list(spec.key + spec.values) + ["_row"]])
    con.execute("CREATE OR REPLACE TEMP TABLE incoming AS SELECT * FROM incoming_frame")
    con.unregister("incoming_frame")
    # Duplicate keys: counted in DuckDB (NULLs group together, as pandas' duplicated() does); only a
    # file that has some goes through pandas, which lists them.
    if con.execute(f"SELECT count(*) FROM (SELECT 1 FROM incoming GROUP BY {', '.join(spec.key)} "
                   "HAVING count(*) > 1)").fetchone()[0]:
        _duplicate_keys(frame, spec, src.name, parsed.row_word)
    plan.counts = _classify(con, spec)
    return plan


def apply_plan(con, plan: Plan, *, imported_by: str | None, is_demo: bool,
               started: dt.datetime | None = None) -> ImportResult:
    """Write a plan made on the same connection, in one transaction with its import_log row."""
    src, loader, spec, counts = plan.src, plan.loader, plan.spec, plan.counts
    started = started or dt.datetime.now()
    if plan.previous:
        import_id, at = plan.previous
        return ImportResult(src.name, loader.kind, "unchanged",
                            f"«{src.name}» är redan importerad (import {import_id}, {at:%Y-%m-%d %H:%M}). "
                            "Inget ändrades.", import_id=import_id)
    if plan.action_plan is not None:
        from loaders.action_plan import write_action_plan
        return write_action_plan(con, plan.action_plan, plan.parsed, src, loader, imported_by=imported_by,
                                 is_demo=is_demo, started=started)
    if plan.areas is not None:
        from loaders.priority_areas import write_priority_areas
        return write_priority_areas(con, plan.areas, plan.parsed, src, loader, imported_by=imported_by,
                                    is_demo=is_demo, started=started)
    if spec is None:
        from loaders.places_file import write_places
        return write_places(con, plan.places, plan.parsed, src, loader, imported_by=imported_by,
                            is_demo=is_demo, started=started)
    if not plan.changes_anything:
        return ImportResult(src.name, loader.kind, "unchanged",
                            f"«{src.name}»: inga nya eller ändrade värden ({_summary(counts, spec)}). "
                            "Inget ändrades.", notices=plan.notices, **_counts_kw(counts))
    con.begin()
    try:
        import_id = con.execute("SELECT nextval('import_id_seq')").fetchone()[0]
        for cat in plan.new_categories:
            con.execute("INSERT INTO crime_categories (category_id, label, parent_id, sort_order, _import_id)"
                        " VALUES (?, ?, 'totalt', 1000, ?)", [cat["category_id"], cat["label"], import_id])
            # Both "0950 - Befogenhetsbedrägeri" and "Befogenhetsbedrägeri" find it next time.
            for alias in dict.fromkeys([cat["alias"], cat["label"]]):
                con.execute("INSERT INTO crime_category_aliases VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            [alias, cat["category_id"], name_key(alias), import_id])
        for ind in plan.new_indicators:
            con.execute("INSERT INTO survey_indicators (survey, indicator_id, label, unit, sort_order, _import_id)"
                        " VALUES (?, ?, ?, ?, 1000, ?)",
                        [ind["survey"], ind["indicator_id"], ind["label"], ind["unit"], import_id])
        for alias in plan.new_kind_aliases:
            con.execute("INSERT INTO patrol_kind_aliases VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        [alias["alias"], alias["kind"], name_key(alias["alias"]), import_id])
        _write_facts(con, spec, import_id, replaced=counts["replaced"])
        db.fault_point("mid_transaction")
        message = " ".join([_summary(counts, spec) + "."] + plan.notices)
        con.execute(
            "INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, message,"
            " started_at, finished_at, rows_added, rows_replaced, rows_unchanged, rows_skipped,"
            " imported_by, is_demo) VALUES (?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [import_id, src.name, src.sha256, loader.kind, counts["added"] + counts["replaced"],
             message, started, dt.datetime.now(), counts["added"], counts["replaced"],
             counts["unchanged"], counts["skipped"], imported_by, is_demo])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return ImportResult(src.name, loader.kind, "ok", f"«{src.name}» importerad som import {import_id}: "
                        + _summary(counts, spec) + ".", import_id=import_id, notices=plan.notices,
                        **_counts_kw(counts))


def write_parsed(con, parsed: Parsed, src: SourceFile, loader: Loader, *, imported_by: str | None,
                 is_demo: bool, options: dict | None = None) -> ImportResult:
    """Plan and write one parsed file on `con` (the writer's working copy)."""
    started = dt.datetime.now()
    plan = plan_import(con, parsed, src, loader, options)
    return apply_plan(con, plan, imported_by=imported_by, is_demo=is_demo, started=started)


def _counts_kw(counts: dict[str, int]) -> dict[str, int]:
    return {"added": counts["added"], "replaced": counts["replaced"],
            "unchanged": counts["unchanged"], "skipped": counts["skipped"]}


# --- entry points ----------------------------------------------------------------------------

def parse_file(src: SourceFile, kind: str | None = None, options: dict | None = None
               ) -> tuple[Loader, Parsed]:
    """Detect (or take) the kind and parse. Raises ImportRejected (with `.kind` when known)."""
    guards.check_file(src)
    loader = get_loader(kind, src.name) if kind else detect(src)
    try:
        return loader, loader.read(src, options or {})
    except ImportRejected as exc:
        exc.kind = loader.kind
        raise


def import_files(paths: list[Path] | None = None, *, db_path: Path, kind: str | None = None,
                 options: dict | None = None, imported_by: str | None = None,
                 is_demo: bool = False, sources: list[SourceFile] | None = None,
                 progress=None) -> list[ImportResult]:
    """Import several files through one writer; each file is its own transaction.

    `progress(fraction, text)` is told how far it has come (the import page's progress bar).
    """
    imported_by = imported_by or getpass.getuser()
    # Files named by path are read one at a time, and their bytes dropped once parsed (only their
    # name and checksum are needed from there): a national import holds hundreds of MB of them.
    items: list = list(sources) if sources else [Path(p) for p in paths or []]
    report = progress or (lambda fraction, text: None)
    steps = 2 * len(items) + 1
    parsed: list[tuple[SourceFile, Loader | None, Parsed | None, ImportResult | None]] = []
    for i, item in enumerate(items):
        src = item if isinstance(item, SourceFile) else SourceFile.from_path(item)
        report(i / steps, f"Läser «{src.name}» …")
        try:
            loader, result = parse_file(src, kind, options)
            parsed.append((src, loader, result, None))
        except ImportRejected as exc:
            parsed.append((src, None, None, ImportResult(src.name, getattr(exc, "kind", None) or kind or "okänd",
                                                         "rejected", exc.message)))
        src.release(bytes_too=src is not item)    # all files are read before any is written
    results: list[ImportResult] = []
    if not any(p[2] is not None for p in parsed):
        return [p[3] for p in parsed]
    report(len(items) / steps, "Väntar på databasen …")
    with db.writer(db_path) as w:
        for i, (src, loader, result, rejected) in enumerate(parsed):
            if rejected:
                results.append(rejected)
                continue
            report((len(items) + i) / steps, f"Kontrollerar och skriver «{src.name}» …")
            try:
                outcome = write_parsed(w.con, result, src, loader, imported_by=imported_by, is_demo=is_demo,
                                       options=options)
            except ImportRejected as exc:
                outcome = ImportResult(src.name, loader.kind, "rejected", exc.message)
            except duckdb.Error as exc:
                outcome = ImportResult(src.name, loader.kind, "rejected",
                                       f"«{src.name}» importerades inte (databasfel: {exc}). "
                                       "Databasen är oförändrad.")
            if outcome.status == "ok":
                w.changed = True
            results.append(outcome)
        report((steps - 1) / steps, "Sparar …")
    report(1.0, "Klart.")
    return results


def add_places(choices: list[dict], *, db_path: Path, imported_by: str | None = None) -> ImportResult:
    """Save the import page's answers for unknown places (aliases or new places) as one import of
    kind «platser», so it shows in the history and can be undone like any other."""
    import json

    from loaders.places_file import PlacesFile, mapping_frame

    data = json.dumps(choices, ensure_ascii=False, sort_keys=True).encode("utf-8")
    src = SourceFile(name="okända platser (importsidan)", data=data)
    parsed = Parsed("places", mapping_frame(choices), place_column="Ingår i")
    with db.writer(db_path) as w:
        try:
            result = write_parsed(w.con, parsed, src, PlacesFile(), imported_by=imported_by, is_demo=False)
        except ImportRejected as exc:
            return ImportResult(src.name, "platser", "rejected", exc.message)
        w.changed = result.status == "ok"
    return result


def undo(import_id: int, *, db_path: Path) -> str:
    """Undo one import through the writer (the CLI and the import page). Raises ImportRejected."""
    with db.writer(db_path) as w:
        message = undo_import(w.con, import_id)
        w.changed = True
    return message


def undo_import(con, import_id: int) -> str:
    """Remove an import's rows and bring back the values it replaced. Returns a Swedish summary."""
    row = con.execute("SELECT status, file_name, kind FROM import_log WHERE import_id = ?",
                      [import_id]).fetchone()
    if row is None:
        raise ImportRejected(f"import {import_id}", [f"det finns ingen import med nummer {import_id}."])
    status, file_name, kind = row
    if status != "ok":
        raise ImportRejected(f"import {import_id}", [f"import {import_id} («{file_name}») är redan ångrad."])
    con.begin()
    try:
        removed = restored = 0
        for spec in SPECS.values():
            removed += _undo_facts(con, spec, import_id, counter := {})
            restored += counter.get("restored", 0)
        if kind == "platser":
            from loaders.places_file import undo_places
            removed += undo_places(con, import_id)
        if kind == "fokusomraden":
            from loaders.priority_areas import undo_priority_areas
            areas_removed, areas_restored = undo_priority_areas(con, import_id)
            removed, restored = removed + areas_removed, restored + areas_restored
        if kind == "handlingsplan":
            from loaders.action_plan import undo_action_plan
            gone, back = undo_action_plan(con, import_id)
            removed, restored = removed + gone, restored + back
        # Categories this import added go with it, unless a later import still uses them.
        con.execute("DELETE FROM crime_categories c WHERE _import_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM crime_counts x WHERE x.category_id = c.category_id)", [import_id])
        con.execute("DELETE FROM crime_category_aliases a WHERE _import_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM crime_categories c WHERE c.category_id = a.category_id)", [import_id])
        con.execute("DELETE FROM survey_indicators i WHERE _import_id = ? AND NOT EXISTS (SELECT 1 FROM "
                    "survey_results r WHERE r.survey = i.survey AND r.indicator_id = i.indicator_id)", [import_id])
        con.execute("DELETE FROM patrol_kind_aliases WHERE _import_id = ?", [import_id])
        con.execute("UPDATE import_log SET status = 'undone', undone_at = ? WHERE import_id = ?",
                    [dt.datetime.now(), import_id])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return (f"Import {import_id} («{file_name}») är ångrad: {removed} rader borttagna, "
            f"{restored} tidigare värden återställda.")


def _undo_facts(con, spec: TableSpec, import_id: int, counter: dict) -> int:
    table, match = spec.table, _match(spec, new="r")
    removed = con.execute(f"SELECT count(*) FROM {table} WHERE _import_id = ?", [import_id]).fetchone()[0]
    con.execute(f"DELETE FROM {table} WHERE _import_id = ?", [import_id])
    # Rows this import displaced: if a later import now holds the key, they stay displaced (by it);
    # otherwise they come back.
    con.execute(f"""
        UPDATE {table}_replaced r SET _replaced_by = t._import_id FROM {table} t
        WHERE r._replaced_by = ? AND {match}""", [import_id])
    counter["restored"] = con.execute(
        f"SELECT count(*) FROM {table}_replaced WHERE _replaced_by = ?", [import_id]).fetchone()[0]
    con.execute(f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (_replaced_by) FROM {table}_replaced "
                f"WHERE _replaced_by = ?", [import_id])
    con.execute(f"DELETE FROM {table}_replaced WHERE _replaced_by = ? OR _import_id = ?",
                [import_id, import_id])
    return removed
