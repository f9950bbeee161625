"""Our long template for survey results (Stockholmsenkäten, trygghetsmätningar, NTU, own surveys).

Swedish headers: Undersökning; År; Område; Årskurs; Kön; Indikator; Värde; Enhet; Antal svarande.
CSV (any delimiter and encoding Excel writes) or Excel. One row per survey, year, area, grade,
gender and indicator. Suppressed values (`..`, `XX`, `x`, `n<10`, empty) are stored as NULL with
the marker as flag, never as 0.
"""
from __future__ import annotations

import pandas as pd

from lagesbild.names import name_key
from loaders.base import (ImportRejected, Parsed, Problems, SourceFile, parse_years, per_distinct,
                          require_nonempty, squeeze)
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

HEADER = header_matcher(["Undersökning", "Enkät"], ["År"], ["Område"], ["Indikator", "Fråga"], ["Värde"])

SURVEYS = {name_key(k): v for k, v in {
    "stockholmsenkaten": "stockholmsenkaten", "Stockholmsenkäten": "stockholmsenkaten",
    "trygghetsmatning_stad": "trygghetsmatning_stad", "Stockholms stads trygghetsmätning": "trygghetsmatning_stad",
    "Trygghetsmätning Stockholms stad": "trygghetsmatning_stad", "Trygghetsmätningen (Stockholms stad)": "trygghetsmatning_stad",
    "trygghetsmatning_polis": "trygghetsmatning_polis", "Polisens trygghetsmätning": "trygghetsmatning_polis",
    "Trygghetsmätning Polisen": "trygghetsmatning_polis", "ntu": "ntu", "NTU": "ntu",
    "Nationella trygghetsundersökningen": "ntu", "medborgarundersokning": "medborgarundersokning",
    "Medborgarundersökning": "medborgarundersokning", "SCB:s medborgarundersökning": "medborgarundersokning",
    "egen": "egen", "Egen enkät": "egen", "Egen": "egen",
}.items()}
GRADES = {name_key(k): v for k, v in {
    "åk 9": "ak9", "åk9": "ak9", "åk. 9": "ak9", "Årskurs 9": "ak9", "ak9": "ak9", "Grundskolan åk 9": "ak9",
    "gy 2": "gy2", "gy2": "gy2", "Gymnasiet år 2": "gy2", "Gymnasiet åk 2": "gy2", "år 2": "gy2",
    "Alla": "alla", "Totalt": "alla", "alla": "alla", "": "alla", "-": "alla",
}.items()}
GENDERS = {name_key(k): v for k, v in {
    "Flickor": "K", "Flicka": "K", "Kvinnor": "K", "Kvinna": "K", "K": "K",
    "Pojkar": "M", "Pojke": "M", "Män": "M", "Man": "M", "M": "M",
    "Alla": "T", "Totalt": "T", "Båda": "T", "T": "T", "": "T", "-": "T",
}.items()}
UNITS = {name_key(k): v for k, v in {
    "andel": "andel", "%": "andel", "procent": "andel", "Andel (%)": "andel", "andel %": "andel",
    "index_0_6": "index_0_6", "index 0-6": "index_0_6", "Index (0-6)": "index_0_6",
    "index_0_100": "index_0_100", "index 0-100": "index_0_100", "Index (0-100)": "index_0_100", "NRI": "index_0_100",
    "medel_1_10": "medel_1_10", "medel 1-10": "medel_1_10", "medelvärde 1-10": "medel_1_10",
    "Medelvärde (1-10)": "medel_1_10",
}.items()}
SCALES = {"andel": (0, 100, "en andel 0–100 (procent)"), "index_0_6": (0, 6, "ett index 0–6"),
          "index_0_100": (0, 100, "ett index 0–100"), "medel_1_10": (1, 10, "ett medelvärde 1–10")}
SUPPRESSED = {"..": "..", "xx": "XX", "x": "..", "": "..", "n<10": "n<10", "-": ".."}


class SurveyTemplate(Loader):
    kind = "enkat"
    title = "Enkätresultat (mall, CSV eller Excel)"
    description = (
        "Resultat från Stockholmsenkäten, trygghetsmätningar, NTU, medborgarundersökningen eller en egen "
        "enkät, en rad per undersökning, år, område, årskurs, kön och indikator. Årskurs: åk 9, gy 2 eller "
        "Alla; Kön: Flickor/Kvinnor, Pojkar/Män eller Alla; Enhet: andel (%), index 0–6, index 0–100 "
        "eller medel 1–10. Dolda värden skrivs «..», «XX» eller lämnas tomma."
    )
    template = "Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande"

    header = staticmethod(HEADER)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        col = {name: pick_column(table, names) for name, names in {
            "survey": ["Undersökning", "Enkät"], "year": ["År"], "place": ["Område"],
            "grade": ["Årskurs"], "gender": ["Kön"], "indicator": ["Indikator", "Fråga"], "value": ["Värde"],
            "unit": ["Enhet"], "n": ["Antal svarande", "Svarande", "Antal"]}.items()}
        if col["unit"] is None:
            raise ImportRejected(src.name, [f"kolumnen «Enhet» saknas; mallen är «{self.template}»."])
        blank = pd.Series("", index=frame.index)
        require_nonempty(frame[col["place"]], rows, col["place"], problems, "ett område")
        require_nonempty(frame[col["indicator"]], rows, col["indicator"], problems, "en indikator (fråga)")
        survey = _lookup(frame[col["survey"]], SURVEYS, rows, col["survey"], problems,
                         "Stockholmsenkäten, Stockholms stads trygghetsmätning, Polisens trygghetsmätning, "
                         "NTU, Medborgarundersökning eller Egen enkät")
        grade = _lookup(frame[col["grade"]] if col["grade"] else blank, GRADES, rows, col["grade"] or "Årskurs",
                        problems, "åk 9, gy 2 eller Alla")
        gender = _lookup(frame[col["gender"]] if col["gender"] else blank, GENDERS, rows, col["gender"] or "Kön",
                         problems, "Flickor/Kvinnor, Pojkar/Män eller Alla")
        unit = _lookup(frame[col["unit"]], UNITS, rows, col["unit"], problems,
                       "andel (%), index 0–6, index 0–100 eller medel 1–10")
        years = parse_years(frame[col["year"]], rows, col["year"], problems)
        values, flags = _values(frame[col["value"]], unit, rows, col["value"], problems)
        respondents = _respondents(frame[col["n"]] if col["n"] else blank, rows, col["n"] or "Antal svarande",
                                   problems)
        problems.raise_if_any()
        out = pd.DataFrame({
            "_row": rows, "survey": survey, "year": years, "place_name": frame[col["place"]],
            "indicator_label": frame[col["indicator"]], "source_label": frame[col["indicator"]],
            "grade": grade, "gender": gender, "value": values, "unit": unit,
            "n_respondents": respondents, "flag": flags,
        })
        notices = [f"{len(out)} rader lästa ({table.description})."]
        hidden = int(out["flag"].notna().sum())
        if hidden:
            notices.append(f"{hidden} värden är dolda i källan (..) och sparas som saknade, inte som 0.")
        return Parsed("survey_results", out, place_column=col["place"], notices=notices)


def _lookup(raw: pd.Series, table: dict, rows, column: str, problems: Problems, expected: str) -> pd.Series:
    # Each distinct spelling once (a file repeats its few surveys, grades and genders).
    mapped = per_distinct(raw.astype("string").fillna(""), lambda text: text.map(name_key).map(table))
    problems.cells(mapped.isna(), rows, column, raw, expected)
    return mapped


def _values(raw: pd.Series, unit: pd.Series, rows, column: str, problems: Problems
            ) -> tuple[pd.Series, pd.Series]:
    text = squeeze(raw).str.replace(",", ".", regex=False).str.rstrip("%")
    # Values repeat (one decimal, 0–100): each distinct text is read once.
    flags = per_distinct(text, lambda t: t.str.lower().map(SUPPRESSED))
    numeric = per_distinct(text, lambda t: pd.to_numeric(t.where(t.str.lower().map(SUPPRESSED).isna()),
                                                         errors="coerce"))
    bad = flags.isna() & numeric.isna()
    problems.cells(bad, rows, column, raw, "ett tal (decimalkomma går bra) eller «..»/«XX» för dolda värden")
    for name, (low, high, expected) in SCALES.items():
        outside = (unit == name) & numeric.notna() & ((numeric < low) | (numeric > high))
        problems.cells(outside, rows, column, raw, expected)
    return numeric.astype("Float64"), flags.astype("string")


def _respondents(raw: pd.Series, rows, column: str, problems: Problems) -> pd.Series:
    text = squeeze(raw)
    numeric = per_distinct(text, lambda t: pd.to_numeric(t.where(t != ""), errors="coerce"))
    bad = (text != "") & (numeric.isna() | (numeric < 0) | (numeric % 1 != 0))
    problems.cells(bad, rows, column, raw, "ett heltal ≥ 0 (eller tomt om antalet inte är känt)")
    return numeric.astype("Int64")
