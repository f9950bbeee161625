"""Action plans (handlingsplaner, åtgärdsplaner) as kommun and police write them: an Excel sheet, or
the Word table pasted as text (tabs) or saved as CSV (`;`).

    HANDLINGSPLAN FÖR SAMVERKAN MELLAN DANDERYDS KOMMUN OCH POLISEN 2017-05-01 till 2018-04-30
    Fokusområde⇥Aktivitet⇥Genomförande⇥Ansvarig⇥Genomfört⇥Resultat
    Minska inbrott …⇥Grannsamverkan …⇥Arrangera årsmöte …⇥KLK, Polis⇥2017-12-31, löpande⇥Genomfört
    ⇥Kunskapsspridning⇥Fakta och information …⇥KLK⇥2018-04-30⇥Har påbörjats.
    …
    Förkortningar
    KLK⇥Kommunledningskontoret

What the reader copes with (each is said in a notice):

- title lines above the header; the title line and the header repeated at every page break;
- a blank Fokusområde (or a merged cell in Excel) meaning the one above; an area name repeated on
  the next page is the same area;
- rows that lost their Fokusområde cell when Word dropped a merged cell: the row is one cell short
  and its due-date-like cell sits one column early, so it is moved one step right;
- cells continued on the following lines with empty leading cells (multi-line cells pasted from
  Word): appended to the activity above;
- separator lines (`--- -- ----`);
- the «Förkortningar» block at the end, which becomes the plan's glossary.

The plan's place comes from the import option `place` (`--plats`), else from the title ("… Danderyds
kommun …"); its period from the title ("2017-05-01 till 2018-04-30", "2021–2022"). Dates and
statuses are read from the text (`parse_due`, `read_status`) and the text is kept as written.

`plan_action_plan` checks a parsed plan against the database, `write_action_plan` writes it (one
transaction) and `undo_action_plan` removes it; the pipeline calls them for target `action_plans`.
A plan is one set of rows (`action_plans`, `priority_areas`, `actions`, `glossary`) with one
`plan_id`; a corrected plan with the same `plan_id` replaces the whole set, and the old rows move to
the `<table>_replaced` twins so that undoing the correction brings them back. An area edited after
the import (kind `fokusomraden`) stays as edited; the plan's own version of it is kept under the
edit in `priority_areas_replaced`. See docs/schema.md, "Action plans".
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lagesbild.names import closest, name_key, short_slug, slug
from loaders.base import MONTHS, ImportRejected, Parsed, Problems, SourceFile
from loaders.registry import Loader, Peek
from loaders.tabular import _cell_text, excel_layout_problems, excel_sheets, header_matcher, is_excel

# --- columns -------------------------------------------------------------------------------------

AREA = ["Fokusområde", "Fokusområden", "Prioriterat område", "Prioriterade områden", "Samverkansområde",
        "Prioriterat samverkansområde", "Insatsområde", "Problemområde", "Utvecklingsområde", "Område", "Tema"]
GOAL = ["Mål", "Målsättning", "Delmål", "Effektmål", "Övergripande mål"]
ACTIVITY = ["Aktivitet", "Aktiviteter", "Åtgärd", "Åtgärder", "Insats", "Insatser"]
IMPLEMENTATION = ["Genomförande", "Beskrivning", "Hur", "Metod", "Innehåll"]
RESPONSIBLE = ["Ansvarig", "Ansvariga", "Ansvar", "Huvudansvarig", "Aktivitetsansvarig", "Ansvarig aktör", "Vem"]
# The Danderyd plan's «Genomfört» column holds the date by which the activity is to be done.
DUE = ["Genomfört", "Genomförd", "Tidplan", "Tidsplan", "Klart", "Klart senast", "Klar senast", "Klart när",
       "När", "Datum", "Deadline", "Löptid", "Tidpunkt", "Slutdatum", "Tid"]
STATUS = ["Status", "Läge", "Genomförandestatus"]
RESULT = ["Resultat", "Uppföljning", "Utfall", "Kommentar", "Kommentarer", "Återrapportering", "Effekt",
          "Resultat/uppföljning", "Uppföljning/resultat", "Resultat och uppföljning"]
PLAN = ["Plan", "Handlingsplan", "Åtgärdsplan", "Planens namn"]   # a column naming the plan (our template)
ROLES = {"area": AREA, "goal": GOAL, "activity": ACTIVITY, "implementation": IMPLEMENTATION,
         "responsible": RESPONSIBLE, "due": DUE, "status": STATUS, "result": RESULT, "plan": PLAN}

HEADER = header_matcher(AREA + GOAL, ACTIVITY, IMPLEMENTATION + RESPONSIBLE + DUE + STATUS + RESULT)
MISSING_HEADER = (
    "hittade ingen tabell med aktiviteter: förväntade en rubrikrad med «Fokusområde» (eller «Mål», "
    "«Prioriterat område»), «Aktivitet» (eller «Åtgärd», «Insats») och minst en av «Genomförande», "
    "«Ansvarig», «Genomfört»/«Tidplan», «Status», «Resultat»/«Uppföljning», som i mallen "
    "«Plan;Fokusområde;Mål;Aktivitet;Genomförande;Ansvarig;Klart senast;Status;Resultat».")

GLOSSARY_HEADING = re.compile(r"^(?:förkortningar|förkortning|förkortningslista|förklaringar|ordlista|"
                              r"begrepp|begreppslista)\s*:?$", re.IGNORECASE)
GLOSSARY_HEADER = {"förkortning", "förkortningar", "betydelse", "förklaring"}
SEPARATOR = re.compile(r"^[-=_|:+\s]+$")
PAGE_FOOTER = re.compile(r"^(?:sida\s+)?\d+\s*(?:\(\s*\d+\s*\)|av\s+\d+)?$", re.IGNORECASE)
PLAN_WORD = re.compile(r"(handlingsplan|åtgärdsplan|aktivitetsplan|verksamhetsplan|samverkansplan|"
                       r"trygghetsplan|medborgarlöften|medborgarlöfte|samverkansöverenskommelse)", re.IGNORECASE)

STATUS_LABELS = {"genomford": "genomförd", "paborjad": "påbörjad", "pagar": "pågår",
                 "ej_genomford": "ej genomförd"}
STATUS_COUNTED = {"genomford": "genomförda", "paborjad": "påbörjade", "pagar": "pågående",
                  "ej_genomford": "ej genomförda"}

# --- dates and statuses as written --------------------------------------------------------------

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?!\d)")
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH})\.?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?<![a-zåäö])({_MONTH})\.?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
_TERTIAL = re.compile(r"(?<![a-zåäö])(?:t|tertial)\s*([1-3])(?!\d)[\s,/-]*(\d{4})(?!\d)", re.IGNORECASE)
_QUARTER = re.compile(r"(?<![a-zåäö])(?:q|kv\.?|kvartal)\s*([1-4])(?!\d)[\s,/-]*(\d{4})(?!\d)", re.IGNORECASE)
_SEASON = re.compile(r"(?<![a-zåäö])(våren|vår|sommaren|sommar|hösten|höst)\s+(\d{4})(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?![\d-])")
ONGOING = re.compile(r"(?<![a-zåäö])(löpande|fortlöpande|pågår|pågående|kontinuerligt|kontinuerlig|"
                     r"tills vidare|tillsvidare|ständigt|återkommande)(?![a-zåäö])", re.IGNORECASE)
TERTIAL_END = {1: (4, 30), 2: (8, 31), 3: (12, 31)}
SEASON_END = {"vår": 6, "våren": 6, "sommar": 8, "sommaren": 8, "höst": 12, "hösten": 12}
DUE_EXPECTED = ("ett giltigt datum som 2018-04-30 (eller en period: T2 2020, Q3 2021, juni 2020, "
                "hösten 2020, 2020)")
_DUE_ONLY = re.compile(
    rf"^(?:klar[t]?\s+|senast\s+|vb\s+)?(?:\d{{4}}\s*-\s*\d{{1,2}}\s*-\s*\d{{1,2}}|(?:t|q|kv\.?)\s*[1-4]\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{4}}|\d{{4}})(?:\s*,?\s*(?:löpande|fortlöpande|pågående))?\.?$"
    r"|^(?:löpande|fortlöpande|tillsvidare|tills vidare|pågående)\.?$", re.IGNORECASE)

# Status words at the start of a text; the first that matches wins (so "Ej genomfört" is not
# "Genomfört" and "Pågår delvis" not "Pågår").
_DONE = r"genomförd[ae]?|genomfört|utförd[ae]?|utfört|slutförd[ae]?|slutfört|avslutad[e]?|avslutat|färdig[at]?"
_STATUS_WORDS = [
    ("ej_genomford", r"(?:ej|inte|icke)\s+(?:genomförd[ae]?|genomfört|påbörjad[e]?|påbörjat|startad|startat|"
                     r"klar[at]?|utförd|utfört|slutförd|slutfört)"),
    ("paborjad", r"(?:har\s+)?påbörjats|(?:har\s+)?påbörjat|påbörjad[e]?|pågår\s+delvis|delvis\s+(?:"
                 + _DONE + r"|klar[t]?)|(?:har\s+)?startats|(?:har\s+)?startat|startad|(?:har\s+)?inletts|inlett"),
    ("pagar", r"pågår|pågående|löpande|fortlöpande|kontinuerligt|fortgår|fortsätter"),
    # "Klar" alone is done; "Klar juni 2020", "Klart senast 2020-06-30" name a target date instead.
    ("genomford", _DONE + rf"|klar[at]?(?!\s+(?:senast|till|före|innan|inom|under|i\s+god|\d|(?:{_MONTH})\b|"
                          r"[tq]\s*[1-4]|kv|vb|våren|hösten|sommaren|vintern))"),
]
_STATUS_AT_START = [(status, re.compile(rf"^\s*({words})(?=$|[\s.,;:!)–-])", re.IGNORECASE))
                    for status, words in _STATUS_WORDS]


_KLAR = re.compile(r"^\s*(klar[at]?)(?=$|[\s.,;:!)–-])", re.IGNORECASE)


def read_status(text: str, *, status_column: bool = False) -> tuple[str | None, str | None]:
    """(status, the words it was read from as written) from the start of a text, else (None, None).

    «Genomfört med gott resultat» -> ('genomford', 'Genomfört'); «Har påbörjats.» -> ('paborjad',
    'Har påbörjats'); «Ej genomfört» -> ('ej_genomford', 'Ej genomfört'); «Klar.» -> ('genomford',
    'Klar'). «Klar juni 2020» is done in a Status column (`status_column`: completed then) but a
    target date elsewhere (a Tidplan or Löptid cell): (None, None)."""
    for status, pattern in _STATUS_AT_START:
        if m := pattern.match(text or ""):
            return status, m.group(1)
    if status_column and (m := _KLAR.match(text or "")):
        return "genomford", m.group(1)
    return None, None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_due(text: str) -> tuple[dt.date | None, bool, bool]:
    """(due date, ongoing, valid) from a due text as written.

    `2017-12-31` and `2017 -12-31, löpande` -> 2017-12-31 (the second also ongoing); `T2 2020`
    (tertial) -> 2020-08-31; `Q3 2021`/`Kv 3 2021` -> 2021-09-30; `juni 2020`, `Klar juni 2020` ->
    2020-06-30; `15 juni 2020` -> 2020-06-15; `hösten 2020` -> 2020-12-31; `VB 2020`, `2020` (a
    year alone, when nothing finer is written) -> 2020-12-31. Several dates: the latest. `valid` is
    False when the text writes a date that does not exist (2018-02-30) or a year before 1990 or
    after 2100."""
    text = text or ""
    ongoing = bool(ONGOING.search(text))
    found: list[dt.date] = []
    valid = True
    spans: list[tuple[int, int]] = []

    def add(make, m):
        nonlocal valid
        try:
            value = make()
        except ValueError:
            valid = False
            return
        if not 1990 <= value.year <= 2100:
            valid = False
            return
        found.append(value)
        spans.append(m.span())

    for m in _ISO.finditer(text):
        add(lambda: dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m)
    for m in _DAY_MONTH.finditer(text):
        add(lambda: dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))), m)
    for m in _MONTH_YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            add(lambda: _month_end(int(m.group(2)), MONTHS[m.group(1).lower()]), m)
    for m in _TERTIAL.finditer(text):
        month, day = TERTIAL_END[int(m.group(1))]
        add(lambda: dt.date(int(m.group(2)), month, day), m)
    for m in _QUARTER.finditer(text):
        add(lambda: _month_end(int(m.group(2)), 3 * int(m.group(1))), m)
    for m in _SEASON.finditer(text):
        add(lambda: _month_end(int(m.group(2)), SEASON_END[m.group(1).lower()]), m)
    if not found and valid:
        for m in _YEAR.finditer(text):
            add(lambda: dt.date(int(m.group(1)), 12, 31), m)
    return (max(found) if found else None), ongoing, valid


def due_like(text: str) -> bool:
    """True when a cell holds only a due date as plans write it (`2018-04-30, löpande`, `T2 2020`)."""
    return bool(_DUE_ONLY.match(text.strip()))


def plan_period(text: str) -> tuple[dt.date | None, dt.date | None, bool]:
    """(valid_from, valid_to, valid) from a title: `2017-05-01 till 2018-04-30`, `2021–2022`, `2020`."""
    dates = list(_ISO.finditer(text))
    try:
        if len(dates) >= 2:
            a, b = dates[0], dates[1]
            return (dt.date(int(a.group(1)), int(a.group(2)), int(a.group(3))),
                    dt.date(int(b.group(1)), int(b.group(2)), int(b.group(3))), True)
        if len(dates) == 1:
            return None, None, True
    except ValueError:
        return None, None, False
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    if len(years) >= 2 and years[0] <= years[1]:
        return dt.date(years[0], 1, 1), dt.date(years[1], 12, 31), True
    if len(years) == 1:
        return dt.date(years[0], 1, 1), dt.date(years[0], 12, 31), True
    return None, None, True


# --- what the reader hands over ------------------------------------------------------------------

@dataclass
class ActionPlanParsed(Parsed):
    """A parsed plan: `frame` holds the activities (`_row`, `area_key`, the `actions` columns without
    ids), `areas` the fokusområden (`_row`, `area_key`, `name`, `goal`, `description`, `sort_order`),
    `glossary` the abbreviations (`_row`, `abbreviation`, `meaning`)."""

    title: str = ""
    title_row: int | None = None        # where the title was read; None = from the file name
    title_lines: tuple[str, ...] = ()   # every line above the header, to look for the place in
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    glossary: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class _Action:
    row: int
    area_key: str
    activity: str
    implementation: str = ""
    responsible: str = ""
    due_text: str = ""
    status_cell: str = ""
    result: str = ""
    due_row: int = 0


@dataclass
class _Area:
    row: int
    name: str
    goals: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class _Grid:
    """Rows of cells (text) with the row numbers the user sees."""

    titles: list[tuple[int, str]]
    header: list[str]
    header_row: int
    body: list[tuple[int, list[str]]]
    description: str
    excel: tuple | None = None           # (sheet, raw cells) for Excel files


def _split_text(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Records with their first line number. Quoted fields (Excel's CSV and clipboard text, where a
    cell with line breaks is quoted) are read as one cell; text pasted from Word has no quoting, so
    a quote there is an ordinary character (when reading with quotes would swallow delimiters, the
    lines are split as they are)."""
    lines = text.splitlines()
    if re.search(rf'(?:^|{re.escape(delimiter)})"', text, re.MULTILINE):
        reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        records, start = [], 1
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
        if not any(delimiter in c for _, r in records for c in r):
            return records
    return [(n, line.split(delimiter)) for n, line in enumerate(lines, start=1)]


def _read_grid(src: SourceFile) -> _Grid | None:
    if is_excel(src):
        for sheet, raw in excel_sheets(src).items():
            cells = raw.map(_cell_text).values.tolist()
            cells = [[re.sub(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", c) for c in row] for row in cells]
            for index, row in enumerate(cells):
                if HEADER(row):
                    titles = [(r + 1, " ".join(c for c in line if c)) for r, line in enumerate(cells[:index])
                              if any(line)]
                    body = [(index + 2 + n, line) for n, line in enumerate(cells[index + 1:])]
                    return _Grid(titles, row, index + 1, body, f"Excel, blad «{sheet}»", excel=(sheet, raw))
        return None
    text, encoding = src.decoded
    for number, line in enumerate(text.splitlines(), start=1):
        delimiter = "\t" if "\t" in line else ";" if ";" in line else "," if "," in line else None
        if delimiter and HEADER([c.strip() for c in line.split(delimiter)]):
            break
    else:
        return None
    records = _split_text(text, delimiter)
    index = next(i for i, (n, _) in enumerate(records) if n >= number)
    header = [c.strip() for c in records[index][1]]
    titles = [(n, " ".join(" ".join(r).split())) for n, r in records[:index] if any(c.strip() for c in r)]
    body = [(n, [c.strip() for c in r]) for n, r in records[index + 1:]]
    names = {";": "semikolon", "\t": "tabb", ",": "komma"}
    return _Grid(titles, header, number, body, f"text ({encoding}, {names[delimiter]})")


def _columns(header: list[str]) -> dict[str, int]:
    """role -> column index (the first column whose name matches)."""
    folded = [c.strip().casefold() for c in header]
    found: dict[str, int] = {}
    for role, names in ROLES.items():
        wanted = [n.casefold() for n in names]
        for name in wanted:                # the earliest name in the list wins (Fokusområde before Område)
            if name in folded:
                found[role] = folded.index(name)
                break
    return found


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:12])
    return shown + (f" och {len(rows) - 12} till" if len(rows) > 12 else "")


def _title(grid: _Grid, plan_cells: list[tuple[int, str]], file_name: str, problems: Problems
           ) -> tuple[str, int | None]:
    """The plan's title: the «Plan» column, else the title line naming a plan (Handlingsplan …), else
    the first line above the header, else the file name."""
    if plan_cells:
        values = list(dict.fromkeys(v for _, v in plan_cells))
        if len(values) > 1:
            problems.add(f"kolumnen «Plan» har olika värden («{values[0]}» på rad {plan_cells[0][0]}, «{values[1]}» "
                         "längre ned); förväntade en plan per fil.")
        return values[0], plan_cells[0][0]
    for row, text in grid.titles:
        if PLAN_WORD.search(text):
            return text, row
    if grid.titles:
        return grid.titles[0][1], grid.titles[0][0]
    return Path(file_name).stem, None


# --- plans written as one card per activity (Stockholm's stadsdelsområden) -----------------------
#
#     Riktat arbete mot avgränsade platser och utsatta områden
#     Övergripande mål
#     Allmänna platser är trygga och välskötta
#     Lägesbild
#     …
#     Aktivitet⇥Arbetsgrupp
#     Fortsätta platssamverkan kring Hässelby torg …⇥Befintlig arbetsgrupp
#     Löptid⇥Tillsvidare
#     Uppföljning⇥Uppföljningen samordnas av beredningsgruppen …

_GOAL_HEADINGS = {"övergripande mål", "övergripande mål och syfte", "övergripande mål:"}
_CARD_START = re.compile(r"^aktivitet\b", re.IGNORECASE)
_CARD_LABELS = {"arbetsgrupp": "responsible", "ansvarig": "responsible", "ansvariga": "responsible",
                "ansvar": "responsible", "aktivitetsansvarig": "responsible", "genomförande": "implementation",
                "beskrivning": "implementation"}
_CARD_KEYS = {**_CARD_LABELS, "löptid": "due", "tidplan": "due", "tidsplan": "due", "klart": "due",
              "klart senast": "due", "tid": "due", "uppföljning": "result", "uppföljning av aktivitet": "result",
              "resultat": "result", "status": "status"}


_CARDS_GOAL = re.compile(r"^[ \t]*övergripande mål\b", re.IGNORECASE | re.MULTILINE)
_CARDS_CARD = re.compile(r"^aktivitet\b[^\t\n]*\t[ \t]*\S", re.IGNORECASE | re.MULTILINE)


def _looks_like_cards(text: str) -> bool:
    """A text with «Övergripande mål» headings and «Aktivitet⇥…» cards (looked for in the first
    200 000 characters: detection runs on every file, and plans are short)."""
    head = text[:200_000]
    return bool(_CARDS_GOAL.search(head) and _CARDS_CARD.search(head))


def _read_cards(src: SourceFile) -> ActionPlanParsed:
    """Areas are the headings followed by «Övergripande mål» (the goal is the text under it, the
    «Lägesbild» under it the area's description); each «Aktivitet» card is an activity, its rows
    «Löptid», «Uppföljning», «Arbetsgrupp»/«Ansvarig» the due text, result and responsible, and the
    other rows (Mötesfrekvens, Polisen kontakt …) its implementation as «Rubrik: text» lines."""
    text, encoding = src.decoded
    problems = Problems(src.name)
    records = [(n, [c.strip() for c in cells]) for n, cells in _split_text(text, "\t")]
    title_row, title = next((n, " ".join(c for c in cells if c)) for n, cells in records if any(cells))
    areas: dict[str, _Area] = {}
    paragraphs: dict[str, list[tuple[int, str]]] = {}
    actions: list[_Action] = []
    heading: tuple[int, str] | None = None
    current: str | None = None
    mode, card, pending = None, None, None
    for number, cells in records:
        filled = [c for c in cells if c]
        if not filled:
            if mode == "goal" and current is not None and areas[current].goals:
                mode = None                         # a blank line after the goal ends it
            continue
        first, rest = cells[0], [c for c in cells[1:] if c]
        key = name_key(first)
        if key in _GOAL_HEADINGS:
            if heading is None:
                problems.add(f"rad {number}: «{first}» utan en rubrik ovanför; förväntade fokusområdets namn på "
                             "raden före.")
                continue
            current = name_key(heading[1])
            areas.setdefault(current, _Area(heading[0], heading[1]))
            for lines in paragraphs.values():      # the heading is no part of the area above
                if lines and lines[-1][0] == heading[0]:
                    lines.pop()
            mode, card = ("goal", None) if not rest else (None, None)
            if rest:
                areas[current].goals.append(" ".join(rest))
            continue
        if _CARD_START.match(first) and len(filled) == 2 and rest:
            if current is None:
                problems.add(f"rad {number}: aktiviteten står före första fokusområdet; förväntade en rubrik och "
                             "«Övergripande mål» ovanför.")
                continue
            card = _Action(number, current, "", due_row=number)
            actions.append(card)
            role = _CARD_LABELS.get(name_key(rest[0]))
            if role:                                # «Aktivitet | Arbetsgrupp», the values on the next row
                pending = (role, first[len("aktivitet"):].strip(" :"))
            else:
                card.activity, pending = rest[0], None
            mode = "card"
            continue
        if mode == "card" and card is not None:
            if pending is not None:
                role, label = pending
                card.activity = (f"{label}: " if label else "") + first
                card.row = card.due_row = number
                if rest:
                    setattr(card, role, " ".join(rest))
                pending = None
                continue
            if rest:
                value = " ".join(rest)
                role = _CARD_KEYS.get(key)
                if role == "due" and not card.due_text:
                    card.due_text, card.due_row = value, number
                elif role == "result":
                    card.result = (card.result + "\n" + value).strip("\n")
                elif role == "status" and not card.status_cell:
                    card.status_cell = value
                elif role == "responsible" and not card.responsible:
                    card.responsible = value
                else:
                    card.implementation = (card.implementation + f"\n{first}: {value}").strip("\n")
                continue
            mode, card = None, None                 # a line of text ends the card
        if mode == "goal" and current is not None:
            goals = areas[current].goals
            if goals:
                goals[-1] += " " + first
            else:
                goals.append(first)
            continue
        heading = (number, first)
        if key == "lägesbild":
            mode = "description"
            continue
        if mode == "description" and current is not None:
            paragraphs.setdefault(current, []).append((number, " ".join(filled)))
    for key, lines in paragraphs.items():
        areas[key].description = "\n\n".join(line for _, line in lines)
    missing = [a.row for a in actions if not a.activity]
    for row in missing:
        problems.add(f"rad {row}: kortet «Aktivitet» saknar aktivitetens text på raden under; förväntade en rad "
                     "med aktiviteten och arbetsgruppen.")
    problems.raise_if_any()
    if not actions:
        raise ImportRejected(src.name, [MISSING_HEADER])
    layout = ["Planen är skriven med ett kort per aktivitet: rubrikerna före «Övergripande mål» blev fokusområden, "
              "lägesbilden under dem deras beskrivning; övrig löptext lästes inte."]
    return _finish(title, title_row, (title,), f"text ({encoding}, kort per aktivitet)", areas, actions, {},
                   layout, "Löptid", problems)


def _finish(title: str, title_row: int | None, title_lines: tuple[str, ...], description: str,
            areas: dict[str, _Area], actions: list[_Action], glossary: dict, layout: list[str], due_name: str,
            problems: Problems) -> ActionPlanParsed:
    """What every layout shares: the plan's period from its title, each activity's due date and status
    from its text, the frames and the notices."""
    valid_from, valid_to, period_ok = plan_period(title)
    if not period_ok:
        problems.add(f"rad {title_row}: planens rubrik «{title}» har ett datum som inte finns; förväntade "
                     "en period som «2017-05-01 till 2018-04-30».")
    elif valid_from and valid_to and valid_from > valid_to:
        problems.add(f"rad {title_row}: planens period i rubriken «{title}» slutar före den börjar.")

    # Per activity: due date and status from the text, the text kept as written.
    rows = []
    counters: dict[str, int] = {}
    no_date: list[int] = []
    for action in actions:
        due_date, ongoing, ok = parse_due(action.due_text)
        if not ok:
            problems.cell(action.due_row, due_name, action.due_text, DUE_EXPECTED)
        if action.due_text and due_date is None and ok:
            no_date.append(action.row)
        status, status_text = None, None
        if action.status_cell:
            status, _ = read_status(action.status_cell, status_column=True)
            status_text = action.status_cell
        if status is None and action.result:
            status, words = read_status(action.result)
            status_text = status_text or words
        if status is None and action.due_text:
            status, words = read_status(action.due_text)
            if status is not None:
                status_text = action.due_text
        counters[action.area_key] = counters.get(action.area_key, 0) + 1
        rows.append({
            "_row": action.row, "area_key": action.area_key, "activity": action.activity,
            "implementation": action.implementation or None, "responsible": action.responsible or None,
            "due_text": action.due_text or None, "due_date": due_date, "ongoing": ongoing,
            "status": status, "status_text": status_text, "result": action.result or None,
            "sort_order": counters[action.area_key],
        })
    problems.raise_if_any()

    used = [key for key in areas if key in counters]
    empty_areas = [areas[key].name for key in areas if key not in counters]
    area_rows = pd.DataFrame([
        {"_row": areas[key].row, "area_key": key, "name": areas[key].name,
         "goal": "\n".join(areas[key].goals) or None, "description": areas[key].description or None,
         "sort_order": n}
        for n, key in enumerate(used, start=1)],
        columns=["_row", "area_key", "name", "goal", "description", "sort_order"])
    frame = pd.DataFrame(rows)
    frame["due_date"] = frame["due_date"].astype(object)
    gloss = pd.DataFrame([{"_row": r, "abbreviation": a, "meaning": m} for r, a, m in glossary.values()],
                         columns=["_row", "abbreviation", "meaning"])

    where = (f"rad {title_row}" if title_row else "filnamnet")
    notices = [f"{len(area_rows)} fokusområden, {len(frame)} aktiviteter och {len(gloss)} förkortningar lästa "
               f"({description}); planens rubrik från {where}."]
    if valid_from:
        notices.append(f"Giltighetstid {valid_from:%Y-%m-%d}–{valid_to:%Y-%m-%d} (från rubriken).")
    notices += [n for n in layout if not n.startswith("Kolumner som inte lästes")]
    by_status = frame["status"].value_counts()
    notices.append("Status lästes ur texten: " + ", ".join(
        f"{int(by_status.get(s, 0))} {label}" for s, label in STATUS_COUNTED.items())
        + f", {int(frame['status'].isna().sum())} utan status (texten sparas som den står).")
    if no_date:
        notices.append(f"{len(no_date)} aktiviteter har en tidplan utan datum (rad {_rows_text(no_date)}); "
                       "texten sparas som den står.")
    if empty_areas:
        notices.append("Fokusområden utan aktiviteter sparades inte: "
                       + ", ".join(f"«{n}»" for n in empty_areas) + ".")
    notices += [n for n in layout if n.startswith("Kolumner som inte lästes")]
    return ActionPlanParsed(
        "action_plans", frame, place_column="Rubrik", notices=notices, title=title, title_row=title_row,
        title_lines=title_lines,
        valid_from=valid_from, valid_to=valid_to, areas=area_rows, glossary=gloss)


class ActionPlan(Loader):
    kind = "handlingsplan"
    title = "Handlingsplan eller åtgärdsplan (fokusområden och aktiviteter)"
    description = (
        "Handlingsplanen för samverkan mellan kommun och polis som den är skriven: ett Excel-blad eller "
        "tabellen kopierad från Word som text, med kolumnerna Fokusområde (eller Mål), Aktivitet (Åtgärd, "
        "Insats), Genomförande, Ansvarig, Genomfört/Tidplan, Status och Resultat/Uppföljning. Rubrik- och "
        "titelrader från sidbrytningar hoppas över, ett tomt Fokusområde betyder samma som raden ovanför och "
        "blocket «Förkortningar» blir planens ordlista. Planens kommun eller stadsdelsområde läses ur "
        "rubriken («… Danderyds kommun …») eller anges vid importen (--plats).")
    template = "Plan;Fokusområde;Mål;Aktivitet;Genomförande;Ansvarig;Klart senast;Status;Resultat"
    header = staticmethod(HEADER)
    missing_header = MISSING_HEADER

    def sniff(self, peek: Peek) -> bool:
        return peek.has_header(HEADER) or (peek.text is not None and _looks_like_cards(peek.text))

    def read(self, src: SourceFile, options: dict) -> Parsed:
        grid = _read_grid(src)
        if grid is None:
            if not is_excel(src) and _looks_like_cards(src.decoded[0]):
                return _read_cards(src)
            raise ImportRejected(src.name, [MISSING_HEADER])
        problems = Problems(src.name)
        cols = _columns(grid.header)
        width = max(i for i, c in enumerate(grid.header) if c.strip()) + 1
        header_names = {role: grid.header[i].strip() for role, i in cols.items()}
        area_col = cols.get("area", cols.get("goal"))
        goal_col = cols.get("goal") if "area" in cols else None
        activity_col, due_col = cols["activity"], cols.get("due")
        title_keys = {name_key(text) for _, text in grid.titles}
        unread = [c.strip() for i, c in enumerate(grid.header) if c.strip() and i not in cols.values()]

        areas: dict[str, _Area] = {}
        actions: list[_Action] = []
        glossary: dict[str, tuple[int, str, str]] = {}
        plan_cells: list[tuple[int, str]] = []
        skipped_titles, separators, footers, shifted, continued = [], [], [], [], []
        glossary_mode, table_end = False, grid.header_row
        current: str | None = None

        def field_of(role: str, cells: list[str]) -> str:
            return cells[cols[role]] if role in cols else ""

        for number, cells in grid.body:
            cells = [c.strip() for c in cells]
            filled = [c for c in cells if c]
            if not filled:
                continue
            if HEADER(cells):
                skipped_titles.append(number)
                glossary_mode = False
                continue
            if len(filled) == 1 and name_key(filled[0]) in title_keys:
                skipped_titles.append(number)
                continue
            if all(SEPARATOR.match(c) for c in filled):
                separators.append(number)
                continue
            if len(filled) == 1 and GLOSSARY_HEADING.match(filled[0]):
                glossary_mode = True
                continue
            if len(filled) == 1 and PAGE_FOOTER.match(filled[0]):
                footers.append(number)
                continue
            if glossary_mode:
                self._glossary_row(number, filled, glossary, problems)
                continue
            table_end = number
            cells = (cells + [""] * width)[:max(width, len(cells))]
            if any(cells[width:]):
                problems.add(f"rad {number} har fler fält än rubrikraden (rad {grid.header_row}, {width} kolumner): "
                             f"«{cells[width:][-1]}»; förväntade ett fält per kolumn.")
                continue
            cells = cells[:width]
            # Word drops the cell of a merged Fokusområde, so the row starts one column early: its
            # due-date-like cell sits in the column before the due column.
            if (area_col is not None and due_col is not None and due_col > area_col + 1
                    and due_like(cells[due_col - 1]) and not due_like(cells[due_col]) and not cells[-1]):
                cells = cells[:area_col] + [""] + cells[area_col:-1]
                shifted.append(number)
            if "plan" in cols and cells[cols["plan"]]:
                plan_cells.append((number, cells[cols["plan"]]))
            area_text = cells[area_col] if area_col is not None else ""
            activity = cells[activity_col]
            goal = cells[goal_col] if goal_col is not None else ""
            rest = [cells[i] for role, i in cols.items() if role not in ("area", "goal", "activity", "plan")]
            if not area_text and not activity:
                # The lines of a multi-line cell, pasted from Word: they continue the activity above.
                if not actions:
                    problems.cell(number, header_names.get("activity", "Aktivitet"), "(tomt)",
                                  "en aktivitet (raden fortsätter ingen aktivitet ovanför)")
                    continue
                last = actions[-1]
                for role in ("implementation", "responsible", "due", "status", "result"):
                    value = field_of(role, cells)
                    if value:
                        attr = {"due": "due_text", "status": "status_cell"}.get(role, role)
                        setattr(last, attr, (getattr(last, attr) + "\n" + value).strip("\n"))
                if goal:
                    areas[last.area_key].goals.append(goal)
                continued.append(number)
                continue
            if area_text:
                key = name_key(area_text)
                if key not in areas:
                    areas[key] = _Area(number, area_text)
                current = key
            if goal and current is not None and goal not in areas[current].goals:
                areas[current].goals.append(goal)
            if not activity:
                if any(rest):
                    problems.cell(number, header_names["activity"], "(tomt)", "en aktivitet")
                continue      # a row with only the area (and goal): a heading for the rows below
            if current is None:
                problems.cell(number, header_names.get("area", header_names.get("goal", "Fokusområde")), "(tomt)",
                              "ett fokusområde (ingen rad ovanför anger något)")
                continue
            actions.append(_Action(number, current, activity, field_of("implementation", cells),
                                   field_of("responsible", cells), field_of("due", cells),
                                   field_of("status", cells), field_of("result", cells), number))

        problems.raise_if_any()
        if grid.excel is not None:
            sheet, raw = grid.excel
            # Merged Fokusområde and Mål cells are how people write a plan in Excel: the empty cells
            # below mean the area above, which is what the reader does with them anyway.
            checked = [c if i not in (area_col, goal_col) else "" for i, c in enumerate(grid.header)]
            excel_layout_problems(src, sheet, raw, grid.header_row, checked, last_row=table_end).raise_if_any()
        if not actions:
            raise ImportRejected(src.name, [
                f"tabellen under rubrikraden (rad {grid.header_row}) har inga aktiviteter; förväntade minst en rad "
                f"med en aktivitet i kolumnen «{header_names['activity']}»."])

        title, title_row = _title(grid, plan_cells, src.name, problems)
        layout = []
        if skipped_titles:
            layout.append("Upprepade titel- och rubrikrader (sidbrytningar) hoppades över: rad "
                          f"{_rows_text(skipped_titles)}.")
        if separators:
            layout.append(f"Avgränsningsrader («---») hoppades över: rad {_rows_text(separators)}.")
        if footers:
            layout.append(f"Sidnummer hoppades över: rad {_rows_text(footers)}.")
        if shifted:
            layout.append(f"{len(shifted)} rader saknade cellen för {header_names.get('area', 'Fokusområde')} "
                          "(raden började en kolumn för tidigt, som när Word tappar en sammanfogad cell) och "
                          f"lästes som aktiviteter i fokusområdet ovanför: rad {_rows_text(shifted)}.")
        if continued:
            layout.append("Rader som fortsätter cellerna i raden ovanför (celler med flera stycken) lades till "
                          f"den aktiviteten: rad {_rows_text(continued)}.")
        if unread:
            layout.append("Kolumner som inte lästes: " + ", ".join(f"«{c}»" for c in unread) + ".")
        title_lines = tuple(text for _, text in grid.titles) + ((title,) if plan_cells else ())
        return _finish(title, title_row, title_lines, grid.description, areas, actions, glossary, layout,
                       header_names.get("due", "Genomfört"), problems)

    @staticmethod
    def _glossary_row(number: int, filled: list[str], glossary: dict, problems: Problems) -> None:
        if {c.casefold() for c in filled} <= GLOSSARY_HEADER:
            return                                             # «Förkortning | Betydelse»
        if len(filled) >= 2:
            abbreviation, meaning = filled[0], filled[1]
            if len(filled) > 2:
                meaning += " (" + ", ".join(filled[2:]) + ")"
        else:
            m = re.match(r"^(\S[^=:–]*?)\s*(?:=|:|–|\s-\s)\s*(\S.*)$", filled[0])
            if not m:
                problems.add(f"rad {number}: fann «{filled[0]}» under «Förkortningar», förväntade en förkortning "
                             "och dess betydelse (t.ex. «KLK» och «Kommunledningskontoret» i två kolumner).")
                return
            abbreviation, meaning = m.group(1), m.group(2)
        key = abbreviation.casefold()
        if key in glossary and glossary[key][2] != meaning:
            problems.add(f"rad {number}: förkortningen «{abbreviation}» förklaras två gånger olika (rad "
                         f"{glossary[key][0]}: «{glossary[key][2]}», rad {number}: «{meaning}»); förväntade en "
                         "förklaring per förkortning.")
            return
        glossary.setdefault(key, (number, abbreviation, meaning))


# --- checking against the database, writing, undoing ---------------------------------------------

TABLES = ("action_plans", "priority_areas", "actions", "glossary")
KEYS = {"action_plans": ("plan_id",), "priority_areas": ("area_id",), "actions": ("action_id",),
        "glossary": ("plan_id", "abbreviation")}
COLUMNS = {
    "action_plans": ("plan_id", "title", "place_id", "valid_from", "valid_to"),
    "priority_areas": ("area_id", "plan_id", "name", "goal", "description", "sort_order"),
    "actions": ("action_id", "area_id", "activity", "implementation", "responsible", "due_text", "due_date",
                "ongoing", "status", "status_text", "result", "sort_order"),
    "glossary": ("plan_id", "abbreviation", "meaning"),
}
PLACE_LEVELS = ("kommun", "stadsdelsomrade")
_LEVEL_WORDS = re.compile(r"^s?\s+(?:kommun|stad|stadsdelsområde|stadsdelsförvaltning|stadsdelsnämnd)\b")


@dataclass
class ActionPlanPlan:
    """A checked plan: its rows per table, and how they compare with the version in the database."""

    title: str
    place_id: str
    place_name: str
    rows: dict[str, list[tuple]]                 # table -> rows in COLUMNS order
    previous: int | None = None                  # the import that holds this plan now
    added: int = 0                               # rows whose key the held version lacks
    replaced: int = 0                            # rows of the held version changed or gone
    unchanged: int = 0
    action_keys: dict[str, str] = field(default_factory=dict)   # action_id -> 'added'/'replaced'/'unchanged'
    edited: dict[str, int | None] = field(default_factory=dict)  # area_id -> the import (None: the app) holding it
    shadowed: dict[str, int] = field(default_factory=dict)       # area_id -> edit that displaced the held version
    notices: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.rows["action_plans"][0][0]

    @property
    def summary(self) -> str:
        n = {t: len(r) for t, r in self.rows.items()}
        text = (f"planen «{self.title}» ({self.place_name}) med {n['priority_areas']} fokusområden, "
                f"{n['actions']} aktiviteter och {n['glossary']} förkortningar")
        if self.previous:
            text += (f"; ersätter versionen från import {self.previous} ({self.added} rader nya, {self.replaced} "
                     f"ändrade eller borttagna, {self.unchanged} oförändrade)")
        return text

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.replaced)


def find_places(con, texts: list[str]) -> list[tuple[str, str]]:
    """(place_id, spelling) of the kommuner and stadsdelsområden a title names. «Danderyds kommun»
    names Danderyd more surely than a bare «Danderyd»; of a place and its parent (Stockholm and one
    of its stadsdelsområden) the smaller one is meant."""
    known = con.execute(
        "SELECT a.alias_key, a.place_id, p.parent_id FROM place_aliases a JOIN places p USING (place_id) "
        f"WHERE p.level IN {PLACE_LEVELS}").fetchall()
    parents = {place_id: parent for _, place_id, parent in known}
    hits: dict[str, tuple[int, str]] = {}
    for text in texts:
        key = name_key(text)
        for alias_key, place_id, _ in known:
            start = key.find(alias_key)
            while start >= 0:
                end = start + len(alias_key)
                before = key[start - 1] if start else " "
                after = key[end:]
                if not (before.isalnum() or before == "-") and re.match(r"^(?:s)?(?![\w-])", after):
                    strong = bool(re.search(r"kommun|stad|stadsdelsområde|sdo|\(sthlm\)", alias_key)
                                  or _LEVEL_WORDS.match(after))
                    rank = 1 if strong else 2
                    if place_id not in hits or rank < hits[place_id][0]:
                        hits[place_id] = (rank, text[start:end] if len(text) == len(key) else alias_key)
                start = key.find(alias_key, start + 1)
    if not hits:
        return []
    best = min(rank for rank, _ in hits.values())
    chosen = {p: s for p, (rank, s) in hits.items() if rank == best}
    chosen = {p: s for p, s in chosen.items() if not any(parents.get(other) == p for other in chosen)}
    return sorted(chosen.items())


def _resolve_place(con, parsed: ActionPlanParsed, file_name: str, options: dict
                   ) -> tuple[str, str, list[str]]:
    """(place_id, name, notices): the option `place` if given, else the one place the title names."""
    names = dict(con.execute("SELECT place_id, name FROM places").fetchall())
    in_title = find_places(con, list(parsed.title_lines) or [parsed.title])
    given = (options or {}).get("place")
    if given:
        aliases = dict(con.execute("SELECT alias_key, place_id FROM place_aliases").fetchall())
        place_id = given if given in names else aliases.get(name_key(given))
        if place_id is None:
            display = dict(con.execute("SELECT alias_key, alias FROM place_aliases").fetchall())
            near = closest(given, display)
            raise ImportRejected(file_name, [
                f"platsen «{given}» (--plats) är okänd"
                + (f" (närmast kända: {', '.join(near)})" if near else "")
                + "; förväntade en kommun eller ett stadsdelsområde som finns i Lägesbild."])
        other = [p for p, _ in in_title if p != place_id]
        notice = f"Planen gäller {names[place_id]} (angivet vid importen)"
        if other:
            notice += ", fast rubriken nämner " + ", ".join(names[p] for p in other)
        return place_id, names[place_id], [notice + "."]
    where = f"rubriken «{parsed.title}»" + (f" (rad {parsed.title_row})" if parsed.title_row else "")
    if len(in_title) == 1:
        place_id = in_title[0][0]
        return place_id, names[place_id], [f"Planen gäller {names[place_id]} (från rubriken)."]
    if not in_title:
        raise ImportRejected(file_name, [
            f"{where} nämner ingen kommun eller stadsdelsområde; förväntade t.ex. «Handlingsplan för samverkan "
            "mellan Danderyds kommun och polisen». Ange planens plats vid importen (--plats NAMN, t.ex. "
            "--plats Danderyd) eller skriv den i rubriken."])
    raise ImportRejected(file_name, [
        f"{where} nämner flera platser ({', '.join(names[p] for p, _ in in_title)}); förväntade en. Ange "
        "planens plats vid importen (--plats NAMN)."])


def _plan_id(place_name: str, parsed: ActionPlanParsed) -> str:
    word = PLAN_WORD.search(parsed.title)
    years = ([str(parsed.valid_from.year)] + ([str(parsed.valid_to.year)]
             if parsed.valid_to.year != parsed.valid_from.year else [])) if parsed.valid_from else []
    if years:
        parts = [slug(place_name), slug(word.group(1)) if word else "plan", *years]
    else:
        parts = [slug(place_name), short_slug(parsed.title) or "plan"]
    return "-".join(p for p in parts if p)


def _rows_of(con, table: str, where: str, params: list) -> list[tuple]:
    columns = COLUMNS[table.removesuffix("_replaced")]
    return [tuple(r) for r in con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}",
                                          params).fetchall()]


def _normal(value):
    return value.date() if isinstance(value, dt.datetime) else value


def plan_action_plan(con, parsed: ActionPlanParsed, src: SourceFile, options: dict) -> ActionPlanPlan:
    """Resolve the place, make the ids and compare with the version of the plan in the database.
    Raises ImportRejected.

    An area of the plan that was changed after the import (kind `fokusomraden`: an edit in the app, or
    an areas file) stays as it was changed; this plan's version of it is kept under that change, so it
    comes back if the change is undone."""
    place_id, place_name, notices = _resolve_place(con, parsed, src.name, options)
    plan_id = _plan_id(place_name, parsed)
    area_ids: dict[str, str] = {}
    for area in parsed.areas.itertuples():
        base = f"{plan_id}/{short_slug(area.name) or 'omrade'}"
        area_id, n = base, 2
        while area_id in area_ids.values():
            area_id, n = f"{base}-{n}", n + 1
        area_ids[area.area_key] = area_id
    none = lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else v  # noqa: E731
    rows = {
        "action_plans": [(plan_id, parsed.title, place_id, parsed.valid_from, parsed.valid_to)],
        "priority_areas": [(area_ids[a.area_key], plan_id, a.name, none(a.goal), none(a.description), int(a.sort_order))
                           for a in parsed.areas.itertuples()],
        "actions": [(f"{area_ids[a.area_key]}#{int(a.sort_order)}", area_ids[a.area_key], a.activity,
                     none(a.implementation), none(a.responsible), none(a.due_text), none(a.due_date), bool(a.ongoing),
                     none(a.status), none(a.status_text), none(a.result), int(a.sort_order))
                    for a in parsed.frame.itertuples()],
        "glossary": [(plan_id, g.abbreviation, g.meaning) for g in parsed.glossary.itertuples()],
    }
    plan = ActionPlanPlan(parsed.title, place_id, place_name, rows, notices=notices)
    holder = con.execute("SELECT _import_id FROM action_plans WHERE plan_id = ?", [plan_id]).fetchall()
    if holder and holder[0][0] is None:
        raise ImportRejected(src.name, [
            f"planen «{plan_id}» finns redan och lades till i appen, inte genom en import; förväntade en ny plan. "
            "Ta bort eller byt namn på den i appen först."])
    previous = plan.previous = holder[0][0] if holder else None
    # Areas held by another import or the app: an edit of this plan's area, or an area added to the plan.
    plan.edited = dict(con.execute(
        "SELECT area_id, _import_id FROM priority_areas WHERE (list_contains(?, area_id) OR plan_id = ?) "
        "AND _import_id IS DISTINCT FROM ?", [list(area_ids.values()), plan_id, previous]).fetchall())
    old_rows = {t: [] for t in TABLES}
    if previous:
        old_rows = {t: _rows_of(con, t, "_import_id = ?", [previous]) for t in TABLES}
        plan.shadowed = dict(con.execute(
            "SELECT area_id, _replaced_by FROM priority_areas_replaced WHERE _import_id = ?", [previous]).fetchall())
        old_rows["priority_areas"] += _rows_of(con, "priority_areas_replaced", "_import_id = ?", [previous])
    for table in TABLES:
        position = [COLUMNS[table].index(k) for k in KEYS[table]]
        old = {tuple(r[i] for i in position): tuple(_normal(v) for v in r) for r in old_rows[table]}
        new = {tuple(r[i] for i in position): tuple(_normal(v) for v in r) for r in rows[table]}
        for key, values in new.items():
            state = "added" if key not in old else "unchanged" if old[key] == values else "replaced"
            setattr(plan, state, getattr(plan, state) + 1)
            if table == "actions":
                plan.action_keys[key[0]] = state
        plan.replaced += sum(1 for key in old if key not in new)
    names = {r[0]: r[2] for r in rows["priority_areas"]}
    kept = [a for a in names if a in plan.edited]
    if kept:
        listed = ", ".join(f"«{names[a]}»" for a in kept[:3]) + (f" och {len(kept) - 3} till" if len(kept) > 3 else "")
        plan.notices.append(
            "Fokusområdena " + listed + " har ändrats efter planen ("
            + _by([(plan.edited[a],) for a in kept]) + ") och behålls som de är; filens version av dem "
            "används om ändringen ångras.")
    if previous and plan.changes_anything:
        live = {r[0] for r in _rows_of(con, "priority_areas", "_import_id = ?", [previous])}
        _refuse_if_linked(con, live - set(area_ids.values()), previous, src.name,
                          "den nya versionen av planen saknar dem")
    return plan


def _by(rows: list[tuple]) -> str:
    """Where rows (…, _import_id) came from, in words: "import 7" or "i appen"."""
    ids = sorted({r[-1] for r in rows if r[-1] is not None})
    words = ([f"import {', '.join(map(str, ids))}"] if ids else []) + (["i appen"] if any(r[-1] is None for r in rows) else [])
    return " och ".join(words)


def _links(con, area_ids: set[str], import_id: int) -> list[tuple[str, int]]:
    """(area, rows) for areas that places, indicators or activities from elsewhere (another import,
    the app) refer to."""
    if not area_ids:
        return []
    return con.execute("""
        SELECT a.name, count(*) FROM priority_areas a JOIN (
            SELECT area_id, _import_id FROM priority_area_places
            UNION ALL SELECT area_id, _import_id FROM priority_area_indicators
            UNION ALL SELECT area_id, _import_id FROM actions) x USING (area_id)
        WHERE list_contains(?, a.area_id) AND x._import_id IS DISTINCT FROM ?
        GROUP BY a.name ORDER BY a.name""", [sorted(area_ids), import_id]).fetchall()


def _refuse_if_linked(con, area_ids: set[str], import_id: int, file_name: str, why: str) -> None:
    linked = _links(con, area_ids, import_id)
    if linked:
        raise ImportRejected(file_name, [
            "fokusområdena " + ", ".join(f"«{name}» ({n} kopplingar)" for name, n in linked)
            + f" har platser, indikatorer eller aktiviteter som lagts till efter planen, men {why}. Ta bort "
              "kopplingarna först (Fokusområden i appen)."])


def _insert(con, table: str, rows: list[tuple], import_id: int, replaced_by: int | None = None) -> None:
    if rows:
        columns = COLUMNS[table]
        target, extra = (table, "") if replaced_by is None else (f"{table}_replaced", ", _replaced_by")
        con.executemany(f"INSERT INTO {target} ({', '.join(columns)}, _import_id{extra}) VALUES "
                        f"({', '.join('?' * len(columns))}, ?{', ?' if extra else ''})",
                        [list(r) + [import_id] + ([replaced_by] if extra else []) for r in rows])


def write_action_plan(con, plan: ActionPlanPlan, parsed: Parsed, src: SourceFile, loader: Loader, *,
                      imported_by, is_demo, started: dt.datetime):
    """Write a checked plan in one transaction with its import_log row. The version it replaces
    moves to the `_replaced` tables (`_replaced_by` = this import); for an area changed after that
    version (another import holds it), this plan's version goes under the change instead."""
    from lagesbild import db
    from loaders.pipeline import ImportResult

    notices = list(parsed.notices) + plan.notices
    if not plan.changes_anything:
        return ImportResult(src.name, loader.kind, "unchanged",
                            f"«{src.name}»: planen «{plan.title}» finns redan med samma innehåll (import "
                            f"{plan.previous}). Inget ändrades.", import_id=plan.previous,
                            unchanged=plan.unchanged, notices=notices)
    written = sum(len(r) for r in plan.rows.values())
    con.begin()
    try:
        import_id = con.execute("SELECT nextval('import_id_seq')").fetchone()[0]
        if plan.previous:
            for table in TABLES:
                con.execute(f"INSERT INTO {table}_replaced BY NAME SELECT *, ? AS _replaced_by FROM {table} "
                            "WHERE _import_id = ?", [import_id, plan.previous])
                con.execute(f"DELETE FROM {table} WHERE _import_id = ?", [plan.previous])
            # The held version of an edited area is superseded by this one.
            con.execute("UPDATE priority_areas_replaced SET _replaced_by = ? WHERE _import_id = ? AND "
                        "_replaced_by <> ?", [import_id, plan.previous, import_id])
        areas = [r for r in plan.rows["priority_areas"] if r[0] not in plan.edited]
        under = [r for r in plan.rows["priority_areas"] if plan.edited.get(r[0]) is not None and r[0] in plan.shadowed]
        _insert(con, "priority_areas", areas, import_id)
        for row in under:                           # this version of an edited area, kept under the edit
            _insert(con, "priority_areas", [row], import_id, replaced_by=plan.shadowed[row[0]])
        for table in ("action_plans", "actions", "glossary"):
            _insert(con, table, plan.rows[table], import_id)
        db.fault_point("mid_transaction")
        summary = plan.summary
        con.execute(
            "INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, message,"
            " started_at, finished_at, rows_added, rows_replaced, rows_unchanged, imported_by, is_demo)"
            " VALUES (?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [import_id, src.name, src.sha256, loader.kind, written,
             " ".join([summary[0].upper() + summary[1:] + "."] + notices),
             started, dt.datetime.now(), plan.added, plan.replaced, plan.unchanged, imported_by, is_demo])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return ImportResult(src.name, loader.kind, "ok", f"«{src.name}» importerad som import {import_id}: {summary}.",
                        import_id=import_id, added=plan.added, replaced=plan.replaced, unchanged=plan.unchanged,
                        notices=notices)


def undo_action_plan(con, import_id: int) -> tuple[int, int]:
    """Remove the plan an import wrote and bring back the version it replaced (unless a later import
    holds the plan now). An area that another import holds now (an edit) keeps it: the version that
    comes back goes under that edit. Refuses while places, indicators or activities added elsewhere
    refer to areas that would disappear, or when the plan would disappear under areas others wrote.
    Returns (rows removed, rows restored)."""
    removed = sum(con.execute(f"SELECT count(*) FROM {t} WHERE _import_id = ?", [import_id]).fetchone()[0]
                  for t in TABLES)
    plan_ids = [r[0] for r in con.execute(
        "SELECT plan_id FROM action_plans WHERE _import_id = ? UNION "
        "SELECT plan_id FROM action_plans_replaced WHERE _import_id = ? OR _replaced_by = ?",
        [import_id, import_id, import_id]).fetchall()]
    later = con.execute("SELECT _import_id FROM action_plans WHERE list_contains(?, plan_id) AND "
                        "_import_id IS DISTINCT FROM ?", [plan_ids, import_id]).fetchall()
    plan_back = not later and con.execute(
        "SELECT count(*) FROM action_plans_replaced WHERE _replaced_by = ?", [import_id]).fetchone()[0] > 0
    mine = {r[0] for r in con.execute("SELECT area_id FROM priority_areas WHERE _import_id = ?", [import_id]).fetchall()}
    back = {r[0] for r in con.execute("SELECT area_id FROM priority_areas_replaced WHERE _replaced_by = ?",
                                      [import_id]).fetchall()} if plan_back else set()
    if not later and not plan_back:
        others = con.execute("SELECT name, _import_id FROM priority_areas WHERE list_contains(?, plan_id) AND "
                             "_import_id IS DISTINCT FROM ? ORDER BY sort_order", [plan_ids, import_id]).fetchall()
        if others:
            raise ImportRejected(f"import {import_id}", [
                "fokusområdena " + ", ".join(f"«{name}»" for name, _ in others) + " har ändrats eller lagts till "
                f"efter importen ({_by(others)}) och skulle bli kvar utan sin plan. Ångra de ändringarna först."])
    linked = _links(con, mine - back, import_id)
    if linked:
        raise ImportRejected(f"import {import_id}", [
            "fokusområdena " + ", ".join(f"«{name}» ({n} kopplingar)" for name, n in linked)
            + " har platser, indikatorer eller aktiviteter som lagts till efter importen och skulle bli kvar utan "
              "fokusområde. Ta bort kopplingarna först (Fokusområden i appen), eller ångra de importer som lade "
              "till dem."])
    restored = 0
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE _import_id = ?", [import_id])
        if table == "priority_areas":
            # An area someone holds now (an edit): the version coming back goes under that edit.
            con.execute("""UPDATE priority_areas_replaced r SET _replaced_by = t._import_id FROM priority_areas t
                           WHERE r._replaced_by = ? AND t.area_id = r.area_id AND t._import_id IS NOT NULL""",
                        [import_id])
        if later:       # a later import holds the plan: what this import displaced stays displaced, by it
            con.execute(f"UPDATE {table}_replaced SET _replaced_by = ? WHERE _replaced_by = ?",
                        [later[0][0], import_id])
        else:
            restored += con.execute(f"SELECT count(*) FROM {table}_replaced WHERE _replaced_by = ?",
                                    [import_id]).fetchone()[0]
            con.execute(f"INSERT INTO {table} BY NAME SELECT * EXCLUDE (_replaced_by) FROM {table}_replaced "
                        "WHERE _replaced_by = ?", [import_id])
        con.execute(f"DELETE FROM {table}_replaced WHERE _replaced_by = ? OR _import_id = ?",
                    [import_id, import_id])
    return removed, restored


def preview_rows(plan: ActionPlanPlan, parsed: ActionPlanParsed, limit: int) -> pd.DataFrame:
    """The first activities as they will be stored, for the import page."""
    actions = parsed.frame.head(limit)
    names = dict(zip(parsed.areas["area_key"], parsed.areas["name"]))
    ids = [r[0] for r in plan.rows["actions"][:limit]]
    actions_sv = {"added": "ny", "replaced": "ersätter", "unchanged": "oförändrad"}
    return pd.DataFrame({
        "Rad": actions["_row"].to_numpy(),
        "Fokusområde": actions["area_key"].map(names).to_numpy(),
        "Aktivitet": actions["activity"].to_numpy(),
        "Ansvarig": actions["responsible"].fillna("").to_numpy(),
        "Tidplan": actions["due_text"].fillna("").to_numpy(),
        "Klart senast": [d.isoformat() if isinstance(d, dt.date) else "" for d in actions["due_date"]],
        "Löpande": actions["ongoing"].map({True: "ja", False: ""}).to_numpy(),
        "Status": actions["status"].map(STATUS_LABELS).fillna("").to_numpy(),
        "Åtgärd": [actions_sv[plan.action_keys[i]] for i in ids],
    })
