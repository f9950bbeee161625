"""Patrol and walk logs: police presence, ordningsvakter, väktare, föräldra- and nattvandringar.

There is no standard format. Each guard company, walking group and police area keeps its own Excel
sheet or CSV, so this reader takes them as they come:

- the header row may be below title rows; its columns are found by their Swedish names (see
  `COLUMNS`); columns we do not read are listed in the import summary;
- dates as Excel dates, `2025-09-05`, `5/9/2025`, `5.9.2025`, `5 sep 2025`; times as Excel times,
  `21:30`, `21.30`, `2130`, `kl. 21.30`; an end before the start is the next day; without an end
  time a duration column (`Tid (min)`, `Timmar`, `Längd` …) gives the end;
- the kind of presence comes from free text (`Kommunpolis`, `Securitas`, `Nattvandrare` …) in a
  Typ/Utförare/Organisation/Aktör column, else from the title above the header (`Föräldravandringar
  i Danderyd`), else from the import option `patrol_kind`. The pipeline resolves the text through
  `patrol_kind_aliases` (which users extend);
- **privacy**: personnummer, phone numbers, e-mail addresses and registration numbers in free text
  are masked before anything is stored (loaders.privacy); the notes can also be left out entirely
  (option `drop_notes`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from lagesbild.names import name_key
from loaders import privacy
from loaders.base import (ImportRejected, Parsed, Problems, SourceFile, parse_dates, parse_durations,
                          parse_times, require_nonempty, squeeze)
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

DATE = ["Datum", "Dag", "Datum (åååå-mm-dd)"]
START = ["Start", "Starttid", "Från", "Tid från", "Från kl", "Från kl.", "Start kl", "Start kl.", "Starttid (kl)"]
END = ["Slut", "Sluttid", "Till", "Tid till", "Till kl", "Till kl.", "Slut kl", "Slut kl.", "Sluttid (kl)"]
PLACE = ["Plats", "Område", "Adress", "Objekt", "Plats/område"]
KIND = ["Typ", "Typ av närvaro", "Kategori"]
ORGANISATION = ["Utförare", "Organisation", "Aktör", "Bolag", "Enhet"]
PARTICIPANTS = ["Antal", "Antal personer", "Antal deltagare", "Deltagare", "Antal vuxna", "Vuxna",
                "Antal poliser", "Antal vakter"]
NOTES = ["Iakttagelser", "Anteckningar", "Kommentar", "Kommentarer", "Händelser", "Noteringar",
         "Anmärkning", "Övrigt"]
DURATION = ["Tid (min)", "Minuter", "Antal minuter", "Tid (h)", "Tid (tim)", "Timmar", "Antal timmar",
            "Längd", "Varaktighet", "Tid"]
OBSERVATIONS = {
    "obs_youths": ["Ungdomar", "Antal ungdomar", "Ungdomar (antal)", "Mötta ungdomar", "Ungdomar mötta"],
    "obs_intoxicated": ["Berusade", "Antal berusade", "Berusade personer", "Påverkade"],
    "obs_vandalism": ["Skadegörelse", "Klotter", "Skadegörelse/klotter"],
    "obs_fires": ["Bränder", "Brand", "Antal bränder"],
    "obs_fights": ["Bråk", "Slagsmål", "Bråk/slagsmål"],
    "obs_police_contacted": ["Polis kontaktad", "Polisen kontaktad", "Kontakt med polis", "Polis tillkallad"],
}
COLUMNS = {"date": DATE, "start": START, "end": END, "place": PLACE, "kind": KIND,
           "organisation": ORGANISATION, "participants": PARTICIPANTS, "duration": DURATION,
           **OBSERVATIONS}
HEADER = header_matcher(DATE, START, PLACE)
SUM_ROWS = {"summa", "totalt", "total", "summa totalt"}
YES = {"ja": 1, "j": 1, "x": 1, "nej": 0, "n": 0, "-": 0}
MAX_HOURS = 24


class PatrolLog(Loader):
    kind = "patrullogg"
    title = "Närvaro- och patrullogg (polis, vakter, vandringar; Excel eller CSV)"
    description = (
        "Loggar över polisens närvaro, ordningsvakter, väktarrondering, föräldra- och nattvandringar, "
        "fältassistenter och grannsamverkan, som de förs: en rad per pass med Datum, Start, Slut (eller en "
        "längd som «Tid (min)»), Plats och gärna Utförare/Typ, Antal deltagare och Iakttagelser. Rubrikraden "
        "får stå under titelrader. Personnummer, telefonnummer, e-post och registreringsnummer i fritext "
        "maskeras innan något sparas; anteckningarna kan också lämnas utanför helt."
    )
    template = "Datum;Start;Slut;Plats;Utförare;Antal deltagare;Ungdomar;Berusade;Iakttagelser"
    header = staticmethod(HEADER)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        col = _columns(table)
        notes_columns = [c for c in frame.columns if c.strip().casefold() in {n.casefold() for n in NOTES}]
        used = {c for c in col.values() if c} | set(notes_columns)
        ignored = [c for c in frame.columns if c not in used]

        # Sum rows at the bottom of a sheet ("Summa") are not patrols.
        first = frame[col["date"]].str.strip().str.casefold()
        sums = first.isin(SUM_ROWS).to_numpy()
        frame, rows = frame[~sums].reset_index(drop=True), rows[~sums]

        dates = parse_dates(frame[col["date"]], rows, col["date"], problems)
        start = parse_times(frame[col["start"]], rows, col["start"], problems)
        end = (parse_times(frame[col["end"]], rows, col["end"], problems, required=col["duration"] is None)
               if col["end"] else None)
        duration = parse_durations(frame[col["duration"]], rows, col["duration"], problems) if col["duration"] else None
        if end is None and duration is None:
            raise ImportRejected(src.name, [
                f"filen har ingen kolumn för sluttid («{'», «'.join(END[:4])}») och ingen för längd "
                f"(«{'», «'.join(DURATION[:5])}»). Förväntade en av dem, så att passets längd blir känd."])
        if end is None:   # without an end column an empty duration would leave the patrol without an end
            require_nonempty(frame[col["duration"]], rows, col["duration"], problems,
                             "en längd, eftersom filen inte har någon kolumn för sluttid")
        # Rows with neither an end nor a duration written (bad values are reported by their parser).
        blank = (((frame[col["end"]] == "") & (frame[col["duration"]] == "")).to_numpy()
                 if end is not None and duration is not None else None)
        minutes = _length(start, end, duration, rows, col, problems, blank)
        require_nonempty(frame[col["place"]], rows, col["place"], problems, "en plats")

        kind_label, organisation = self._kind_texts(src, table, frame, col, options, rows, problems)
        participants = _counts(frame[col["participants"]] if col["participants"] else None, rows, col["participants"], problems,
                               "ett antal personer (heltal ≥ 0, t.ex. 7 eller «7 st»), eller tomt")
        observations = {
            name: _counts(frame[col[name]], rows, col[name], problems,
                          "ett antal (heltal ≥ 0), Ja/Nej eller tomt", yes_no=True)
            for name in OBSERVATIONS if col[name]}
        problems.raise_if_any()

        started = dates + pd.to_timedelta(pd.Series(start, dtype="float64").to_numpy(), unit="min")
        ended = started + pd.to_timedelta(pd.Series(minutes, dtype="float64").to_numpy(), unit="min")
        notices = [f"{len(frame)} pass lästa ({table.description})."]
        if sums.any():
            n = int(sums.sum())
            notices.append(f"{n} {'summarad' if n == 1 else 'summarader'} («Summa»/«Totalt») lästes inte "
                           "som pass.")
        if ignored:
            notices.append("Kolumner som inte lästes: " + ", ".join(f"«{c}»" for c in ignored) + ".")
        overnight = int((ended.dt.normalize() != started.dt.normalize()).sum())
        if overnight:
            notices.append(f"{overnight} pass slutar efter midnatt och räknas till nästa dag.")

        notes = _join_notes(frame, notes_columns)
        # The Utförare/Typ texts are free text too (and are stored): masked like the notes.
        if col["organisation"]:
            organisation, counts = privacy.mask_column(organisation)
            notices += privacy.summary(counts, rows, col["organisation"])
        if col["kind"]:
            kind_label, counts = privacy.mask_column(kind_label)
            notices += privacy.summary(counts, rows, col["kind"])
        elif col["organisation"]:
            kind_label = organisation
        if notes is None:
            stored_notes = pd.Series(None, index=frame.index, dtype=object)
        elif options.get("drop_notes"):
            stored_notes = pd.Series(None, index=frame.index, dtype=object)
            notices.append("Anteckningarna («" + "», «".join(notes_columns) + "») sparades inte, som valt vid importen.")
        else:
            stored_notes, counts = privacy.mask_column(notes)
            notices += privacy.summary(counts, rows, " + ".join(notes_columns))
        out = pd.DataFrame({
            "_row": rows, "kind_label": kind_label, "organisation": organisation,
            "place_name": frame[col["place"]], "location_name": frame[col["place"]],
            "started_at": started, "ended_at": ended, "participants": participants, "notes": stored_notes,
        })
        for name in OBSERVATIONS:
            out[name] = observations.get(name, _no_counts(len(out)))
        kind_column = col["kind"] or col["organisation"] or "titel"
        return Parsed("patrols", out, place_column=col["place"], notices=notices, category_column=kind_column)

    @staticmethod
    def _kind_texts(src, table, frame, col, options, rows, problems) -> tuple[pd.Series, pd.Series]:
        """(text the kind is read from, organisation) per row."""
        blank = pd.Series("", index=frame.index, dtype=object)
        organisation = frame[col["organisation"]].astype(object) if col["organisation"] else blank
        if col["kind"]:
            require_nonempty(frame[col["kind"]], rows, col["kind"], problems,
                             "vem som utförde passet (t.ex. Polisen, Securitas, Föräldravandring)")
            kind_label = frame[col["kind"]].astype(object)
        elif col["organisation"]:
            require_nonempty(frame[col["organisation"]], rows, col["organisation"], problems,
                             "vem som utförde passet (t.ex. Polisen, Securitas, Föräldravandring)")
            kind_label = organisation
        else:
            text = options.get("patrol_kind") or _kind_from_titles(table.above, src.name)
            if not text:
                raise ImportRejected(src.name, [
                    "filen säger inte vem som utförde passen: den har ingen kolumn «Utförare», «Typ», "
                    "«Organisation» eller «Aktör», och titeln ovanför rubrikraden nämner ingen (t.ex. "
                    "«Föräldravandringar i …»). Lägg till en sådan kolumn, eller välj typ vid importen "
                    "(`--patrulltyp nattvandring`)."])
            # The organisation is then the kind's label (set by the pipeline), not the title text,
            # so next year's sheet with another title holds the same group's patrols.
            return pd.Series(text.strip(), index=frame.index, dtype=object), blank
        organisation = organisation.where(organisation.astype(str).str.strip() != "", kind_label)
        return kind_label.astype(str).str.strip(), organisation.astype(str).str.strip()


def _columns(table) -> dict[str, str | None]:
    return {name: pick_column(table, names) for name, names in COLUMNS.items()}


def _length(start, end, duration, rows, col, problems: Problems, blank=None) -> np.ndarray:
    """Minutes from start to end (over midnight: the next day), else the duration; NaN where
    neither gives a length. Problems are reported in row order."""
    start = pd.array(start, dtype="Int64")
    known = ~np.asarray(start.isna(), dtype=bool)
    s = start.to_numpy(dtype="float64", na_value=np.nan)
    out = np.full(len(start), np.nan)
    same = np.zeros(len(start), dtype=bool)
    if end is not None:
        end = pd.array(end, dtype="Int64")
        has_end = known & ~np.asarray(end.isna(), dtype=bool)
        e = end.to_numpy(dtype="float64", na_value=np.nan)
        # 00:00-24:00 is a whole day (e > s); an end before the start is the next day.
        length = np.where(e > s, e - s, np.mod(e - s, 1440))
        same = has_end & (length == 0)
        out = np.where(has_end & ~same, length, out)
    else:
        has_end = np.zeros(len(start), dtype=bool)
    without_end = known & ~has_end
    if duration is not None:
        duration = pd.array(duration, dtype="Int64")
        has_duration = without_end & ~np.asarray(duration.isna(), dtype=bool)
        out = np.where(has_duration, duration.to_numpy(dtype="float64", na_value=np.nan), out)
    else:
        has_duration = np.zeros(len(start), dtype=bool)
    empty = without_end & ~has_duration & (np.asarray(blank, dtype=bool) if blank is not None else False)
    for i in np.flatnonzero(same | empty):
        if same[i]:
            e = int(end[i])
            problems.cell(rows[i], col["end"], f"{e // 60:02d}:{e % 60:02d}", "en sluttid som inte är samma som starttiden")
        else:
            problems.cell(rows[i], col["end"], "(tomt)", "en sluttid eller en längd i kolumnen "
                          f"«{col['duration']}»")
    return out


def _counts(raw: pd.Series | None, rows, column, problems: Problems, expected: str, yes_no: bool = False):
    """Whole numbers ≥ 0 (`7`, `7 st`, `7 vuxna`); with `yes_no`, Ja = 1 and Nej/- = 0. Empty is NULL."""
    if raw is None:
        return _no_counts(len(rows))
    # Each distinct cell once (a log repeats its counts), then spread back to the rows.
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=raw.dtype)
    text = distinct.astype("string").fillna("").str.strip().str.casefold()
    digits = text.str.extract(r"^(\d+)(?:\s*(?:st|st\.|pers|pers\.|personer|vuxna|deltagare))?$")[0]
    values = pd.to_numeric(squeeze(digits.fillna("")).where(digits.notna(), None), errors="coerce")
    if yes_no:
        values = values.fillna(text.map(YES))
    bad = (values.isna() & (text != "")).to_numpy()
    problems.cells(bad[codes], rows, column, raw, expected)
    return pd.array(values.where(~bad, None).tolist(), dtype="Int64").take(codes)


def _no_counts(n: int) -> pd.arrays.IntegerArray:
    """n missing counts (a column the log does not have)."""
    return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))


def _join_notes(frame: pd.DataFrame, columns: list[str]) -> pd.Series | None:
    if not columns:
        return None
    if len(columns) == 1:
        notes = frame[columns[0]].astype(object)
    else:
        notes = frame[columns].apply(lambda r: " | ".join(f"{c}: {v}" for c, v in r.items() if v), axis=1)
    return notes.where(notes.astype(str).str.strip() != "", None)


def _kind_from_titles(titles, file_name: str) -> str | None:
    """The first title line (or else the file name) that names one kind in the shipped spellings
    (`Föräldravandringar i Danderyd`); the text itself is what the pipeline resolves."""
    from lagesbild.registry import build_patrol_kinds

    _, aliases = build_patrol_kinds()
    known = dict(zip(aliases["alias_key"], aliases["kind"]))
    for text in [*titles, file_name.rsplit(".", 1)[0].replace("-", " ").replace("_", " ")]:
        if len(contained_kinds(name_key(text), known)) == 1:
            return text.strip()
    return None


def contained_kinds(text_key: str, aliases: dict[str, str]) -> set[str]:
    """The kinds whose spellings (alias key -> kind) occur in `text_key` as whole words:
    `securitas sverige ab` -> {vaktare}; `polis och fältassistenter` -> {polis, faltassistent}."""
    padded = f" {_words(text_key)} "
    return {kind for key, kind in aliases.items() if len(key) > 2 and f" {_words(key)} " in padded}


def _words(key: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in key).split())
