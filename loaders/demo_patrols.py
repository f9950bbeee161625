"""Demo patrol and walk logs (issue 5): three files in three home-made layouts, as people keep them.

There is no standard format for patrol logs: each guard company, walking group and police area keeps
its own sheet. The demo writes three of them, from a fixed seed, for 2016–2025. Numbers follow the
action plans: Danderyd's kommunal väktarrondering visits Mörby centrum, Danderyds sjukhus and the
"Hortusparkeringen" about once a night; 27 föräldravandringar in 2016 (spring 16, autumn 11) and 36
in 2017, about 7 adults per walk; school end at Barracuda is a high-risk evening; the police increased
their presence at Hässelby torg in 2019 and the kommunala ordningsvakter work on the torg.
About 1.5 % of the notes contain personal data (personnummer, phone numbers, one e-mail address,
one registration number), so that masking on import has something to show.

1. `vaktrapport-securitas-danderyd-2016-2025.xlsx`, a guard company's export. Sheet "Rapport":
   rows 1–3 are titles ("Ronderingsrapport", "Kund: …", "Utskriven 2026-01-07"), row 4 is empty,
   the header is row 5: Datum | Tid från | Tid till | Område | Utförare | Ronderingsnr | Händelser.
   Datum is a date cell (yyyy-mm-dd), Tid från / Tid till are time cells (hh:mm). Datum is the
   calendar date of the start (a round starting 00:40 carries the next day's date); an end time
   before the start time means the round ended after midnight. Utförare is "Securitas" (rounds of
   10–40 minutes in Danderyd) or "Kommunala ordningsvakter" (2–3 hour shifts at Hässelby torg and
   Vällingby centrum from 2019). Ronderingsnr ("R-2016-000123") is the company's own number.
   Händelser is mostly empty.
2. `foraldravandringar-danderyd.csv`, a volunteer's Excel sheet saved as "CSV (semikolonavgränsad)":
   Windows-1252, `;`, CRLF, every row padded to the 8 columns of the table. Two title rows
   ("Föräldravandringar i Danderyd", "Sammanställning Ungt Fokus"), an empty row, then the header
   Datum;Start;Slut;Plats;Antal deltagare;Ungdomar;Berusade;Kommentar. The kind of walk is only in
   the title. Dates are day first as typed: 5/9/2025, 5.9.2025 or 5 sep 2025; times as typed: 21.00,
   21:00, kl. 21.00, kl 00.30, 2330, 0030. Most walks end after midnight (Slut before Start: the
   next day). Walks are on Friday and Saturday evenings in term time, plus Valborgsmässoafton
   (any weekday); the school-end Friday in June is at Barracuda with many adults.
3. `polisens-narvaro-lpo.csv`, police presence from two lokalpolisområden: UTF-8 with BOM, `;`, LF.
   A title row, an empty line, then Datum;Starttid;Tid (min);Plats;Typ;Antal;Iakttagelser. No end
   time: the end is Starttid + Tid (min). Datum is ISO and is the calendar date of the start;
   Starttid is 21:30, 2130 or 21.30 (after midnight: 00:30, 0030, 00.30). Typ is Kommunpolis,
   Polisen, Ingripandepolis or Närpolis; Antal is the number of officers.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Callable

import numpy as np
import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

SEED = 2024_11  # same as loaders/demo.py
YEARS = list(range(2016, 2026))
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
MONTH_ABBR_SV = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

GUARD_FILE = "vaktrapport-securitas-danderyd-2016-2025.xlsx"
WALK_FILE = "foraldravandringar-danderyd.csv"
POLICE_FILE = "polisens-narvaro-lpo.csv"
SENSITIVE_SHARE = 0.015  # of the non-empty notes


# --- calendar -------------------------------------------------------------------------------------
def school_end(year: int) -> dt.date:
    """The demo's school-end evening: the Friday between 9 and 15 June."""
    day = dt.date(year, 6, 9)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def _easter(year: int) -> dt.date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _valborg(year: int) -> dt.date:
    return dt.date(year, 4, 30)


def _high_risk(day: dt.date) -> bool:
    """School-end week (Monday to Sunday) and the nights around Valborg."""
    end = school_end(day.year)
    return (day.month == 6 and abs((day - end).days) <= 3) or dt.date(day.year, 4, 29) <= day <= dt.date(day.year, 5, 1)


def _season(day: dt.date) -> float:
    if _high_risk(day):
        return 1.6
    return {7: 0.65, 8: 0.9, 12: 0.9, 1: 0.85, 2: 0.9}.get(day.month, 1.0)


def _days(first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _weekend_night(day: dt.date) -> bool:
    """Friday and Saturday evenings (the night that follows them)."""
    return day.weekday() in (4, 5)


# Start of a round as minutes after 18:00 of the evening, in half-hour bins 18:00–01:30.
_EVENING_BINS = np.arange(0, 480, 30)
_WEEKDAY_WEIGHTS = np.array([1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.7])
_WEEKEND_WEIGHTS = np.array([0.5, 0.7, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 4.5, 4.5, 4, 3.5, 3, 2.5])


def _evening_start(rng: np.random.Generator, day: dt.date, step: int = 1) -> dt.datetime:
    weights = _WEEKEND_WEIGHTS if _weekend_night(day) else _WEEKDAY_WEIGHTS
    offset = int(rng.choice(_EVENING_BINS, p=weights / weights.sum())) + int(rng.integers(0, 30 // step)) * step
    return dt.datetime.combine(day, dt.time(18)) + dt.timedelta(minutes=offset)


# --- personal data in notes -----------------------------------------------------------------------
FIRST_NAMES = ["anna", "erik", "maria", "lars", "karin", "johan", "eva", "peter", "sara", "anders"]
LAST_NAMES = ["andersson", "johansson", "karlsson", "nilsson", "eriksson", "larsson", "olsson", "lindberg"]
REG_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"  # no I, Q, V, Å, Ä, Ö


def _luhn(digits: str) -> int:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10


def _personnummer(rng: np.random.Generator, on: dt.date, age: tuple[int, int], long: bool = False) -> str:
    born = on - dt.timedelta(days=int(rng.integers(age[0] * 365, age[1] * 365)))
    serial = f"{int(rng.integers(0, 1000)):03d}"
    short = born.strftime("%y%m%d")
    number = f"{short}{serial}{_luhn(short + serial)}"
    return f"{born.year}{number[2:]}" if long else f"{number[:6]}-{number[6:]}"


def _phone(rng: np.random.Generator) -> str:
    prefix = str(rng.choice(["070", "072", "073", "076", "079"]))
    n = f"{int(rng.integers(1_000_000, 10_000_000)):07d}"
    style = int(rng.integers(0, 3))
    if style == 0:
        return f"{prefix}-{n[:3]} {n[3:5]} {n[5:]}"
    if style == 1:
        return f"{prefix}{n}"
    return f"{prefix}-{n}"


def _email(rng: np.random.Generator) -> str:
    first, last = str(rng.choice(FIRST_NAMES)), str(rng.choice(LAST_NAMES))
    return f"{first}.{last}{int(rng.integers(10, 80))}@{rng.choice(['gmail.com', 'hotmail.com', 'telia.com'])}"


def _registration(rng: np.random.Generator) -> str:
    letters = "".join(str(rng.choice(list(REG_LETTERS))) for _ in range(3))
    return f"{letters} {int(rng.integers(100, 1000))}"


# Templates by kind of personal data; {pnr_ung} a teenager, {pnr} an adult.
SENSITIVE_GUARD = [
    "Ungdom {pnr_ung} berusad vid busshållplatsen, förälder kontaktad och hämtade.",
    "Boende ringde från {phone} om stök, kontrollerat – lugnt vid ankomst.",
    "Vittne (tel {phone}) såg två personer tända eld i papperskorg.",
    "Man {pnr} sov i trapphuset, väckt och ombedd att lämna.",
    "Förälder nådd på {phone}, hämtade sin son.",
]
SENSITIVE_OV = [
    "Avvisat man {pnr}, polis informerad.",
    "Omhändertagit {pnr} enligt LOB, överlämnad till polis.",
    "Butikspersonal ringer vid behov, nr {phone}.",
    "Ungdom {pnr_ung} hämtad av mamma, tel {phone}.",
]
SENSITIVE_POLICE_DRUGS = ["Kontroll av {pnr}, ringa narkotikabrott, anmälan upprättad."]
SENSITIVE_POLICE = [
    "Omhändertagen enligt LOB: {pnr}.",
    "Ungdom {pnr_ung} överlämnad till vårdnadshavare.",
    "Anmälare nås på {phone}.",
]
SENSITIVE_WALK = [
    "Ringde förälder ({phone}) som hämtade sin dotter.",
    "Ny kontaktperson för vandrarna: {phone}.",
]
EMAIL_NOTE = "Klagomål via mejl från {email} om ungdomar på parkeringen, kontrollerat – inga personer på plats."
REGISTRATION_NOTE = "Misstänkt narkotikaförsäljning från bil {reg}, uppgiften vidare till underrättelse."


def _fill(template: str, rng: np.random.Generator, day: dt.date) -> str:
    return template.format(
        pnr=_personnummer(rng, day, (22, 60), long=rng.random() < 0.2),
        pnr_ung=_personnummer(rng, day, (14, 18)),
        phone=_phone(rng), email=_email(rng), reg=_registration(rng),
    )


def _add_personal_data(rng: np.random.Generator, notes: list[str | None], days: list[dt.date],
                       templates_for: Callable[[int], list[str]],
                       special: tuple[str, Callable[[int], bool]] | None = None) -> None:
    """Replace about SENSITIVE_SHARE of the non-empty notes (at least one) with notes holding personal
    data, from the templates that fit row i. `special` (the e-mail or the registration-number note,
    with the rows it fits) is used exactly once."""
    filled = [i for i, note in enumerate(notes) if note]
    k = max(1, round(len(filled) * SENSITIVE_SHARE))
    chosen: list[int] = []
    if special:
        fitting = [i for i in filled if special[1](i)]
        chosen.append(int(rng.choice(fitting)))
        notes[chosen[0]] = _fill(special[0], rng, days[chosen[0]])
    rest = [i for i in filled if i not in chosen]
    for i in sorted(rng.choice(rest, size=k - len(chosen), replace=False)):
        templates = templates_for(int(i))
        notes[i] = _fill(templates[int(rng.integers(0, len(templates)))], rng, days[i])


def _pick(rng: np.random.Generator, pool: list[tuple[str, float]]) -> str:
    weights = np.array([w for _, w in pool], dtype=float)
    return pool[int(rng.choice(len(pool), p=weights / weights.sum()))][0]


# --- file 1: guard company export -----------------------------------------------------------------
GUARD_PLACES = {  # place -> how likely a round is on an ordinary night
    "Mörby centrum": 1.0, "Danderyds sjukhus": 0.93, "Hortusparkeringen": 0.8,
}
WEEKDAY_COVER = {2016: 0.85, 2017: 0.92, 2018: 0.9, 2019: 0.8, 2020: 0.68, 2021: 0.7,
                 2022: 0.8, 2023: 0.85, 2024: 0.85, 2025: 0.82}
CONTRACT_START = dt.date(2016, 2, 1)  # "nytt avtal med kommunens väktarbolag som påbörjats 2016"
OV_START = {"Hässelby torg": dt.date(2019, 3, 1), "Vällingby centrum": dt.date(2019, 9, 1)}

GUARD_NOTES_COMMON = [
    ("Lugnt.", 30), ("Lugnt, inga personer på plats.", 10),
    ("Grupp ungdomar vid busshållplatsen, skötsamma.", 10), ("Ungdomar ute men skötsamma.", 8),
    ("Klotter på återvinningsstationen, anmält till kommunen.", 6),
    ("Nedskräpning vid återvinningsstationen, felanmält.", 5),
    ("Berusad man, polis kontaktad.", 3), ("Trasig belysning på gångstråket, felanmält.", 3),
]
GUARD_NOTES_EARLY = [  # 2016–2018: fires in waste bins, people sleeping rough near schools
    ("Brand i papperskorg släckt.", 5), ("Brand i återvinningskärl, räddningstjänsten larmad.", 3),
    ("Person övernattar i buskage, hänvisad till socialtjänsten.", 2),
]
GUARD_NOTES_PLACE = {
    "Mörby centrum": [("Ungdomar i garaget, ombedda att lämna.", 4),
                      ("Stökigt vid tunnelbaneuppgången, lugnade ned sig.", 3),
                      ("Skateboardåkare på torget, skötsamma.", 2),
                      ("Krossad ruta vid entrén, fastighetsägaren informerad.", 1.5),
                      ("Tiggare vid entrén, inga störningar.", 2)],
    "Danderyds sjukhus": [("Person sov i entrén, ombedd att lämna.", 3),
                          ("Dörr olåst vid personalingången, stängd.", 2),
                          ("Orolig person vid akutentrén, personalen informerad.", 2),
                          ("Tiggare vid entrén, inga störningar.", 1)],
    "Hortusparkeringen": [("Inbrott i bil, krossad sidoruta. Ägaren gör polisanmälan.", 3),
                          ("Ungdomar med mopeder på parkeringen.", 3),
                          ("Mörkt på parkeringen, belysning felanmäld.", 2),
                          ("Person sov i bil, kontrollerat att personen mådde bra.", 1.5),
                          ("Glaskross på parkeringen.", 2)],
}
OV_NOTES = [
    ("Lugnt på torget.", 20), ("Många ute, god stämning.", 6),
    ("Berusade personer vid Systembolaget, avvisade.", 8),
    ("Misstänkt narkotikaförsäljning vid tunnelbaneuppgången, polis informerad.", 8),
    ("Omhändertagit berusad person (LOB), överlämnad till polis.", 4),
    ("Avvisat två personer som störde ordningen.", 5), ("Dialog med grupp ungdomar, skötsamma.", 7),
    ("Sprutor vid cykelstället, felanmält.", 2), ("Bråk mellan två män, avbrutet innan polisen kom.", 2),
]
OV_NOTES_PLACE = {
    "Hässelby torg": [("Byggstängsel kring torget, lugnt.", 3)],  # only from 2020 (upprustning)
    "Vällingby centrum": [("Stök i SL-hallen, MTR:s ordningsvakter på plats.", 5),
                          ("Grupp unga vid biografen, skötsamma.", 3)],
}


def _guard_note(rng: np.random.Generator, place: str, day: dt.date) -> str:
    if place in GUARD_PLACES:
        pool = GUARD_NOTES_COMMON + GUARD_NOTES_PLACE[place] + (GUARD_NOTES_EARLY if day.year <= 2018 else [])
    else:
        extra = OV_NOTES_PLACE[place] if (place != "Hässelby torg" or day.year >= 2020) else []
        pool = OV_NOTES + extra
    return _pick(rng, pool)


def _one_per_start(rows: list[tuple], who: int) -> list[tuple]:
    """Sorted by start and place, and at most one pass per start, place and performer (`rows[i][who]`):
    two identical passes would be one pass logged twice, which the loader rejects."""
    seen: set[tuple] = set()
    unique = []
    for row in sorted(rows, key=lambda r: (r[0], r[2])):
        if (row[0], row[2], row[who]) not in seen:
            seen.add((row[0], row[2], row[who]))
            unique.append(row)
    return unique


def guard_rows(seed: int = SEED) -> list[tuple[dt.datetime, dt.datetime, str, str, str | None]]:
    """(start, end, place, performer, note), sorted by start."""
    rng = np.random.default_rng(seed + 101)
    rows = []
    for day in _days(CONTRACT_START):
        cover = 0.97 if _weekend_night(day) else WEEKDAY_COVER[day.year]
        season = _season(day)
        if day.month == 7:
            cover *= 0.8
        boost = 1.4 if season > 1.5 else 1.0
        places = [p for p, base in GUARD_PLACES.items() if rng.random() < min(1.0, cover * base * boost)]
        # One car does the night's tour, one place after another.
        start = _evening_start(rng, day, step=1)
        if 1 <= start.hour < 18:  # keep room for the whole tour before about 03
            start -= dt.timedelta(minutes=45)
        for place in rng.permutation(places):
            end = start + dt.timedelta(minutes=int(rng.integers(10, 41)))
            rows.append((start, end, str(place), "Securitas"))
            start = end + dt.timedelta(minutes=int(rng.integers(4, 26)))
        # A second tour on some weekend nights, in the school-end week and around Valborg.
        extra = 0.75 if season > 1.5 else (0.2 if _weekend_night(day) else 0.0)
        if rng.random() < extra:
            start = dt.datetime.combine(day, dt.time(22)) + dt.timedelta(minutes=int(rng.integers(0, 180)))
            for place in ("Mörby centrum",) + (("Hortusparkeringen",) if rng.random() < 0.5 else ()):
                end = start + dt.timedelta(minutes=int(rng.integers(10, 41)))
                rows.append((start, end, place, "Securitas"))
                start = end + dt.timedelta(minutes=int(rng.integers(4, 26)))
    # Kommunala ordningsvakter: 2–4 evenings a week, 2–3 hour shifts.
    dow_weights = np.array([0.5, 0.6, 0.9, 1.3, 1.8, 1.8, 0.8])
    for place, first in OV_START.items():
        monday = first - dt.timedelta(days=first.weekday())
        while monday <= LAST_DAY:
            if monday.month == 7:
                n = int(rng.choice([1, 2], p=[0.5, 0.5]))
            elif place == "Hässelby torg":
                n = int(rng.choice([2, 3, 4], p=[0.3, 0.45, 0.25]))
            else:
                n = int(rng.choice([2, 3], p=[0.6, 0.4]))
            for dow in sorted(rng.choice(7, size=n, replace=False, p=dow_weights / dow_weights.sum())):
                day = monday + dt.timedelta(days=int(dow))
                if day < first or day > LAST_DAY:
                    continue
                if _weekend_night(day) or _high_risk(day):
                    start_hour = float(rng.choice([19, 20, 20.5, 21, 22, 23]))
                else:
                    start_hour = float(rng.choice([18, 18, 18.5, 19, 19, 19.5, 20]))
                start = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=start_hour)
                end = start + dt.timedelta(minutes=int(rng.choice([120, 150, 180], p=[0.35, 0.3, 0.35])))
                rows.append((start, end, place, "Kommunala ordningsvakter"))
            monday += dt.timedelta(days=7)
    rows = _one_per_start(rows, who=3)
    notes = [_guard_note(rng, place, start.date()) if rng.random() < (0.11 if who == "Securitas" else 0.35) else None
             for start, _, place, who in rows]
    _add_personal_data(rng, notes, [r[0].date() for r in rows],
                       lambda i: SENSITIVE_GUARD if rows[i][3] == "Securitas" else SENSITIVE_OV,
                       (EMAIL_NOTE, lambda i: rows[i][2] == "Hortusparkeringen"))
    return [(start, end, place, who, notes[i]) for i, (start, end, place, who) in enumerate(rows)]


def write_guard_report(out: Path, seed: int = SEED) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Rapport")
    for column, width in zip("ABCDEFG", (12, 9, 9, 20, 24, 15, 60)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A6"

    def cell(value, number_format: str | None = None, bold: bool = False, size: int | None = None):
        c = WriteOnlyCell(sheet, value)
        if number_format:
            c.number_format = number_format
        if bold:
            c.font = Font(bold=True, size=size)
        return c

    sheet.append([cell("Ronderingsrapport", bold=True, size=14)])
    sheet.append(["Kund: Danderyds kommun / Stockholms stad"])
    sheet.append(["Utskriven 2026-01-07"])
    sheet.append([])
    sheet.append([cell(h, bold=True) for h in
                  ("Datum", "Tid från", "Tid till", "Område", "Utförare", "Ronderingsnr", "Händelser")])
    serial: dict[int, int] = {}
    for start, end, place, who, note in guard_rows(seed):
        serial[start.year] = serial.get(start.year, 0) + 1
        sheet.append([cell(start.date(), "yyyy-mm-dd"), cell(start.time(), "hh:mm"), cell(end.time(), "hh:mm"),
                      place, who, f"R-{start.year}-{serial[start.year]:06d}", note])
    path = out / GUARD_FILE
    book.save(path)
    return path


# --- file 2: föräldravandringar -------------------------------------------------------------------
WALKS_PER_YEAR = {  # (spring, autumn); 2016 and 2017 from the handlingsplan
    2016: (16, 11), 2017: (20, 16), 2018: (21, 16), 2019: (22, 17), 2020: (13, 12),
    2021: (12, 15), 2022: (19, 15), 2023: (21, 16), 2024: (20, 15), 2025: (18, 15),
}
WALK_PLACES = {"Mörby centrum": 0.45, "Barracuda": 0.14, "Djursholm": 0.15, "Enebyberg": 0.15, "Stocksund": 0.11}
WALK_YOUTH = {"Mörby centrum": 16, "Barracuda": 22, "Djursholm": 10, "Enebyberg": 8, "Stocksund": 9}
# comment -> (weight, fits(youth, drunk, end)), end as hours after the evening's midnight start (23–25.5)
WALK_COMMENTS = {
    "Lugn kväll.": (10, lambda y, d, e: d == 0),
    "Lugn kväll, få ungdomar ute.": (8, lambda y, d, e: y <= 10 and d == 0),
    "Kallt, nästan inga ute.": (4, lambda y, d, e: y <= 6),
    "Grupp ungdomar vid busshållplatsen, skötsamma.": (6, lambda y, d, e: y >= 5),
    "Träffade fältassistenterna.": (6, lambda y, d, e: True),
    "Samtal med en grupp på ca 15 st, trevlig stämning.": (5, lambda y, d, e: y >= 15),
    "Polisen gjorde oss sällskap en stund.": (4, lambda y, d, e: True),
    "Några ungdomar hade alkohol med sig, hällde ut.": (5, lambda y, d, e: d >= 2),
    "En berusad ungdom, förälder kontaktad och kom och hämtade.": (3, lambda y, d, e: d >= 1),
    "Mycket skräp och glas, felanmält.": (3, lambda y, d, e: True),
    "Ungdomarna tackade för att vi var ute.": (3, lambda y, d, e: y >= 5),
    "Regn, kortare runda.": (3, lambda y, d, e: e <= 24),
    "Flera nya föräldrar med ikväll.": (3, lambda y, d, e: True),
    'Ungdomarna samlas vid "lilla berget" bakom skolan.': (1, lambda y, d, e: y >= 5),
}
COVID_COMMENTS = {"Vandrade i mindre grupper p.g.a. pandemin.": (6, lambda y, d, e: True),
                  "Få ute, restriktioner.": (4, lambda y, d, e: y <= 10)}
SCHOOL_END_COMMENTS = ["Skolavslutning. Många ungdomar, mycket alkohol. Polis och fältare på plats.",
                       "Skolavslutning vid Barracuda. Hällde ut mycket sprit, två ambulansärenden.",
                       "Skolavslutning. Stort gäng, lugnare än förra året.",
                       "Skolavslutning, rekordmånga föräldrar ute!"]


def _walk_term_days(year: int, spring: bool) -> list[dt.date]:
    """Friday and Saturday evenings in term time, without sportlov (week 9), påsklov (the week
    after Easter), höstlov (week 44) and the Christmas weeks."""
    first, last = (dt.date(year, 1, 15), school_end(year) - dt.timedelta(days=1)) if spring \
        else (dt.date(year, 8, 25), dt.date(year, 12, 16))
    easter_monday = _easter(year) + dt.timedelta(days=1)
    days = []
    for day in _days(first, last):
        week = day.isocalendar()[1]
        if not _weekend_night(day) or week in (9, 44) or day == _valborg(year):
            continue
        if (spring and 0 <= (day - easter_monday).days < 7) or dt.date(year, 4, 29) <= day <= dt.date(year, 5, 1):
            continue
        days.append(day)
    return days


def _walk_dates(rng: np.random.Generator, year: int) -> list[dt.date]:
    spring, autumn = WALKS_PER_YEAR[year]
    chosen = [school_end(year)]
    # Valborgsmässoafton (any weekday), except in the pandemic springs.
    if year not in (2020, 2021):
        chosen.append(_valborg(year))
    for is_spring, n in ((True, spring - len(chosen)), (False, autumn)):
        days = _walk_term_days(year, is_spring)
        if year == 2020 and is_spring:
            days = [d for d in days if d < dt.date(2020, 3, 14) or d >= dt.date(2020, 5, 1)]
        weights = np.array([(1.3 if d.weekday() == 4 else 1.0) * (1.3 if d.month in (5, 9) else 1.0) for d in days])
        picked = rng.choice(len(days), size=n, replace=False, p=weights / weights.sum())
        chosen += [days[i] for i in picked]
    return sorted(chosen)


def _walk_date_text(rng: np.random.Generator, day: dt.date) -> str:
    style = {2016: 0, 2017: 0, 2018: 0, 2019: 1, 2020: 1, 2021: 1}.get(day.year, 2)
    if rng.random() < 0.12:
        style = int(rng.integers(0, 3))
    if style == 0:
        return f"{day.day}/{day.month}/{day.year}"
    if style == 1:
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day.day} {MONTH_ABBR_SV[day.month - 1]} {day.year}" if rng.random() < 0.35 \
        else f"{day.day}/{day.month}/{day.year}"


def _walk_time_text(rng: np.random.Generator, clock: dt.time, year: int, is_end: bool) -> str:
    hh, mm = f"{clock.hour:02d}", f"{clock.minute:02d}"
    style = 0 if year <= 2018 else (1 if year <= 2021 else 2)
    if rng.random() < 0.1:
        style = int(rng.integers(0, 3))
    if style == 0:
        return f"{hh}.{mm}"
    if style == 1:
        return f"kl {hh}.{mm}" if is_end else f"kl. {hh}.{mm}"
    return f"{hh}{mm}" if is_end and rng.random() < 0.5 else f"{hh}:{mm}"


def walk_rows(seed: int = SEED) -> list[tuple[dt.date, dt.time, dt.time, str, int, int, int, str | None]]:
    """(date, start, end, place, adults, young people met, intoxicated, comment), sorted by date."""
    rng = np.random.default_rng(seed + 202)
    rows = []
    for year in YEARS:
        dates = _walk_dates(rng, year)
        ordinary = [d for d in dates if d not in (school_end(year), _valborg(year))]
        # Adults on ordinary walks, drawn until the year's mean (with the special evenings) is about 7.
        while True:
            adults = rng.choice([5, 6, 7, 8, 9, 10], size=len(ordinary), p=[0.2, 0.25, 0.22, 0.15, 0.1, 0.08])
            special = [int(rng.integers(12, 21))] + ([int(rng.integers(8, 11))] if _valborg(year) in dates else [])
            mean = (adults.sum() + sum(special)) / len(dates)
            if 6.6 <= mean <= (7.3 if year > 2017 else 7.2) and (year > 2017 or round(mean) == 7):
                break
        adults_by_day = dict(zip(ordinary, adults.tolist()))
        adults_by_day[school_end(year)] = special[0]
        if _valborg(year) in dates:
            adults_by_day[_valborg(year)] = special[1]
        for day in dates:
            if day == school_end(year):
                place, start = "Barracuda", dt.time(20, 0) if rng.random() < 0.5 else dt.time(20, 30)
                end = dt.time(1, 30) if rng.random() < 0.6 else dt.time(1, 0)
                youth, drunk = int(rng.integers(40, 61)), int(rng.integers(4, 9))
                comment = str(rng.choice(SCHOOL_END_COMMENTS))
            else:
                names = list(WALK_PLACES)
                weights = np.array([WALK_PLACES[p] * (0.4 if p == "Barracuda" and day.month not in (5, 6, 8, 9) else 1)
                                    for p in names])
                place = names[int(rng.choice(len(names), p=weights / weights.sum()))]
                if day == _valborg(year):
                    place = "Mörby centrum"
                start = [dt.time(21), dt.time(20, 30), dt.time(21, 30), dt.time(22)][
                    int(rng.choice(4, p=[0.65, 0.15, 0.12, 0.08]))]
                end = [dt.time(0), dt.time(0, 30), dt.time(1), dt.time(1, 30), dt.time(23, 30), dt.time(23)][
                    int(rng.choice(6, p=[0.25, 0.25, 0.25, 0.07, 0.12, 0.06]))]
                warm = 1.3 if day.month in (5, 6, 8, 9) else (0.6 if day.month in (1, 2, 11, 12) else 1.0)
                valborg = 2.2 if day == _valborg(year) else 1.0
                covid = 0.6 if year in (2020, 2021) else 1.0
                youth = int(min(60, rng.poisson(WALK_YOUTH[place] * warm * valborg * covid)))
                drunk = int(min(8, rng.binomial(youth, 0.04 * valborg)))
                if day == _valborg(year):
                    comment = "Valborg. Många ute, en del alkohol."
                elif rng.random() < 0.55:
                    options = WALK_COMMENTS | (COVID_COMMENTS if year in (2020, 2021) else {})
                    hour = end.hour + end.minute / 60 + (24 if end.hour < 12 else 0)
                    comment = _pick(rng, [(text, w) for text, (w, fits) in options.items() if fits(youth, drunk, hour)])
                else:
                    comment = None
            rows.append((day, start, end, place, adults_by_day[day], youth, drunk, comment))
    comments = [r[7] for r in rows]
    _add_personal_data(rng, comments, [r[0] for r in rows], lambda i: SENSITIVE_WALK)
    return [r[:7] + (comments[i],) for i, r in enumerate(rows)]


def write_walk_sheet(out: Path, seed: int = SEED) -> Path:
    rng = np.random.default_rng(seed + 203)
    width = 8
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for title in ("Föräldravandringar i Danderyd", "Sammanställning Ungt Fokus", ""):
        writer.writerow([title] + [""] * (width - 1))
    writer.writerow(["Datum", "Start", "Slut", "Plats", "Antal deltagare", "Ungdomar", "Berusade", "Kommentar"])
    for day, start, end, place, adults, youth, drunk, comment in walk_rows(seed):
        writer.writerow([_walk_date_text(rng, day), _walk_time_text(rng, start, day.year, False),
                         _walk_time_text(rng, end, day.year, True), place, adults, youth, drunk, comment or ""])
    path = out / WALK_FILE
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


# --- file 3: police presence ----------------------------------------------------------------------
# place -> evening visits per week, by year (Hässelby torg: increased presence from 2019)
POLICE_RATES = {
    "Mörby C": {y: 1.5 for y in YEARS},
    "Danderyds sjukhus": {y: 1.0 for y in YEARS},
    "Hässelby torg": {2016: 0.7, 2017: 0.7, 2018: 0.8, 2019: 3.2, 2020: 3.0, 2021: 2.6,
                      2022: 2.4, 2023: 2.4, 2024: 2.3, 2025: 2.3},
    "Vällingby C": {2016: 0.8, 2017: 0.8, 2018: 0.9, 2019: 1.0, 2020: 1.5, 2021: 1.5,
                    2022: 1.4, 2023: 1.4, 2024: 1.3, 2025: 1.3},
}
POLICE_TYPES = ["Kommunpolis", "Polisen", "Ingripandepolis", "Närpolis"]
POLICE_DOW = np.array([0.6, 0.6, 0.8, 1.0, 1.6, 1.7, 0.7])
POLICE_NOTES = [
    ("Lugnt.", 25), ("Trygghetsskapande närvaro, samtal med allmänheten.", 12),
    ("Kontroll av grupp ungdomar, inget att anmärka.", 8), ("Dialog med näringsidkare.", 5),
    ("Berusad man omhändertagen enligt LOB.", 4), ("Avvisning av person som störde ordningen.", 3),
    ("Kroppsvisitation av två personer, inget anträffat.", 3), ("Samtal med fältassistenter.", 3),
]
SCHOOL_END_POLICE_NOTES = [
    ("Skolavslutning, många ungdomar, viss alkohol. Hällde ut alkohol från minderåriga.", 2),
    ("Skolavslutning. Föräldravandrare och fältassistenter på plats, lugnt.", 1),
    ("Skolavslutning, två ungdomar överlämnade till vårdnadshavare.", 1),
]
POLICE_NOTES_PLACE = {
    "Hässelby torg": [("Ringa narkotikabrott, anmälan upprättad.", 8),
                      ("Beslag av mindre mängd narkotika, anmälan upprättad.", 5),
                      ("Berusade personer vid Systembolaget, tillsägelse.", 5)],
    "Vällingby C": [("Närvaro i SL-hallen, misstänkt narkotikaförsäljning.", 6),
                    ("Ringa narkotikabrott, anmälan upprättad.", 3)],
    "Mörby C": [("Grupp ungdomar vid busshållplatsen, skötsamma.", 5),
                ("Patrullerade gångstråket och garaget.", 3)],
    "Danderyds sjukhus": [("Patrullerade gångstråket mot Hortusparkeringen.", 6),
                          ("Kontroll av Hortusparkeringen, lugnt.", 5)],
}


def _police_time_text(rng: np.random.Generator, clock: dt.time) -> str:
    hh, mm = f"{clock.hour:02d}", f"{clock.minute:02d}"
    return [f"{hh}:{mm}", f"{hh}{mm}", f"{hh}.{mm}"][int(rng.choice(3, p=[0.6, 0.2, 0.2]))]


def _police_type(rng: np.random.Generator, start: dt.datetime) -> tuple[str, int]:
    late = start.hour >= 22 or start.hour < 6
    p = [0.15, 0.3, 0.4, 0.15] if late else [0.35, 0.3, 0.1, 0.25]
    kind = POLICE_TYPES[int(rng.choice(4, p=p))]
    officers = int(rng.choice([2, 3, 4], p=[0.7, 0.2, 0.1] if kind != "Ingripandepolis" else [0.85, 0.1, 0.05]))
    return kind, officers


def police_rows(seed: int = SEED) -> list[tuple[dt.datetime, int, str, str, int, str | None]]:
    """(start, minutes, place, kind, officers, note), sorted by start."""
    rng = np.random.default_rng(seed + 303)
    dow = POLICE_DOW / POLICE_DOW.mean()
    rows = []
    for day in _days():
        for place, rates in POLICE_RATES.items():
            for _ in range(rng.poisson(rates[day.year] / 7 * dow[day.weekday()] * _season(day))):
                start = _evening_start(rng, day, step=5)
                if place == "Hässelby torg" and day.year >= 2019:
                    minutes = int(rng.choice([30, 45, 60, 90, 120, 150, 180], p=[0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1]))
                else:
                    minutes = int(rng.choice([20, 30, 40, 45, 60, 90, 120], p=[0.1, 0.2, 0.15, 0.15, 0.2, 0.12, 0.08]))
                kind, officers = _police_type(rng, start)
                rows.append((start, minutes, place, kind, officers))
        # "Polisen är i Mörby Centrum en dag i veckan" (2018): daytime dialogue, Tuesdays 2018–2019.
        if day.year in (2018, 2019) and day.weekday() == 1 and day.month != 7 and rng.random() < 0.8:
            start = dt.datetime.combine(day, dt.time(11 if rng.random() < 0.7 else 12))
            rows.append((start, int(rng.choice([120, 150, 180])), "Mörby C", "Kommunpolis", 2))
        if day == school_end(day.year):
            rows.append((dt.datetime.combine(day, dt.time(20, 30)), 180, "Barracuda", "Polisen", 4))
            rows.append((dt.datetime.combine(day, dt.time(23, 30)), 120, "Barracuda", "Ingripandepolis", 2))
    rows = _one_per_start(rows, who=3)
    notes = []
    for start, minutes, place, kind, _ in rows:
        if place == "Barracuda":
            notes.append(_pick(rng, SCHOOL_END_POLICE_NOTES))
        elif 9 <= start.hour < 17:  # the daytime dialogue in Mörby centrum
            notes.append("Dialog med allmänheten i centrumet." if rng.random() < 0.7 else None)
        elif rng.random() < 0.55:
            notes.append(_pick(rng, POLICE_NOTES + POLICE_NOTES_PLACE[place]))
        else:
            notes.append(None)
    drug_scene = ("Hässelby torg", "Vällingby C")
    _add_personal_data(rng, notes, [r[0].date() for r in rows],
                       lambda i: SENSITIVE_POLICE + (SENSITIVE_POLICE_DRUGS if rows[i][2] in drug_scene else []),
                       (REGISTRATION_NOTE, lambda i: rows[i][2] in drug_scene))
    return [r + (notes[i],) for i, r in enumerate(rows)]


def write_police_presence(out: Path, seed: int = SEED) -> Path:
    rng = np.random.default_rng(seed + 304)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    title = "Polisens närvaro – trygghetsskapande patrullering (LPO Norrort och LPO Vällingby)"
    writer.writerow([title] + [""] * 6)
    buffer.write("\n")
    writer.writerow(["Datum", "Starttid", "Tid (min)", "Plats", "Typ", "Antal", "Iakttagelser"])
    for start, minutes, place, kind, officers, note in police_rows(seed):
        writer.writerow([start.date().isoformat(), _police_time_text(rng, start.time()), minutes, place, kind,
                         officers, note or ""])
    path = out / POLICE_FILE
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def write_patrol_logs(out: Path, seed: int = SEED) -> list[Path]:
    """Write the three demo logs into `out` (created if needed) and return their paths in import order."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [write_guard_report(out, seed), write_walk_sheet(out, seed), write_police_presence(out, seed)]


if __name__ == "__main__":
    import tempfile
    import time

    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        paths = write_patrol_logs(Path(tmp))
        print(f"written in {time.perf_counter() - began:.1f} s")
        guards = pd.read_excel(paths[0], header=4, engine="calamine")
        walks = pd.read_csv(paths[1], sep=";", encoding="cp1252", skiprows=3, dtype=str)
        police = pd.read_csv(paths[2], sep=";", encoding="utf-8-sig", skiprows=2, dtype=str)
        years = {
            GUARD_FILE: pd.to_datetime(guards["Datum"]).dt.year,
            WALK_FILE: walks["Datum"].str.extract(r"(\d{4})$")[0].astype(int),
            POLICE_FILE: police["Datum"].str[:4].astype(int),
        }
        total = 0
        for name, year in years.items():
            total += len(year)
            print(f"{name}: {len(year)} rows")
            print("  " + ", ".join(f"{y}: {n}" for y, n in year.value_counts().sort_index().items()))
        print(f"total {total} rows")
        adults = walks["Antal deltagare"].astype(int)
        means = adults.groupby(years[WALK_FILE]).mean()
        print("adults per walk:", ", ".join(f"{y}: {m:.2f}" for y, m in means.items()))
        print("guard rows by Utförare/Område:")
        print(guards.groupby(["Utförare", "Område"]).size().to_string())
        print("police rows by Plats and period:")
        print(police.groupby([police["Plats"], years[POLICE_FILE] >= 2019]).size().to_string())
