"""Kolada (RKA) data responses, API v2 and v3.

`{"values": [{"kpi": "N07403", "municipality": "0162", "period": 2023,
  "values": [{"gender": "T", "value": 512.3, "status": ""}]}], ...}`. Municipality `0000` is riket,
`00NN` the region (län NN), four digits a kommun. A `null` value carries a status (missing,
sekretess).

Two kinds of KPI:

- Crime KPIs are rates per 100 000 inhabitants and land in crime_counts with source `kolada` (no
  count: Kolada does not give one), where the crime pages draw them as reference lines. Only the
  total (gender `T`) is read.
- Survey KPIs (NTU, SCB:s medborgarundersökning) land in survey_results, one row per gender
  (Kolada's T/K/M are ours), grade `alla`, without a number of respondents. Which KPI carries which
  indicator is the `kolada_kpi` column of lagesbild/registry/survey_indicators.csv.

A `Parsed` has one target table, so one file holds one kind: a response with both is rejected.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from loaders.base import MAX_RATE, ImportRejected, Parsed, Problems, SourceFile, year_expected, year_ok
from loaders.registry import Loader, Peek

# KPI -> (our category, Kolada's title as we know it)
CRIME_KPIS = {
    "N07540": ("totalt", "Anmälda brott totalt, antal/100 000 inv"),
    "N07403": ("vald", "Anmälda våldsbrott, antal/100 000 inv"),
    "N07546": ("bostadsinbrott", "Anmälda bostadsinbrott, antal/100 000 inv"),
    "N07544": ("narkotika", "Anmälda narkotikabrott, antal/100 000 inv"),
}
GENDERS = ("T", "K", "M")


@lru_cache(maxsize=1)
def survey_kpis() -> dict[str, dict]:
    """KPI -> {survey, indicator_id, label, unit} from the shipped survey indicators (not the
    database: the shipped registry is what says which KPI carries which indicator)."""
    from lagesbild.registry import build_surveys

    _, indicators = build_surveys()
    out: dict[str, dict] = {}
    for row in indicators.dropna(subset=["kolada_kpi"]).to_dict("records"):
        kpi = str(row["kolada_kpi"]).strip()
        if kpi in out or kpi in CRIME_KPIS:
            raise ValueError(f"Kolada KPI {kpi} is mapped twice in survey_indicators.csv")
        out[kpi] = {"survey": row["survey"], "indicator_id": row["indicator_id"], "label": row["label"],
                    "unit": row["unit"]}
    return out


def _supported() -> str:
    return (", ".join(CRIME_KPIS) + " (anmälda brott) eller " + ", ".join(survey_kpis())
            + " (enkäter)")


class Kolada(Loader):
    kind = "kolada"
    title = "Kolada (JSON, API v2 eller v3)"

    @property
    def description(self) -> str:  # the survey KPIs come from the registry, read when asked
        return (
            "Svar från api.kolada.se (v2 eller v3), t.ex. /v3/data/kpi/N07403/year/2015,2016,… "
            "Stödda nyckeltal för anmälda brott: "
            + ", ".join(f"{k} ({t})" for k, (_, t) in CRIME_KPIS.items())
            + ". Enkätnyckeltal (NTU, SCB:s medborgarundersökning, per kön): "
            + ", ".join(f"{k} ({m['label']})" for k, m in survey_kpis().items())
            + ". Hämta brotts- och enkätnyckeltal som separata filer. "
            "0000 = riket, 0001 = Region Stockholm (länet)."
        )

    def sniff(self, peek: Peek) -> bool:
        data = peek.json
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            return False
        first = data["values"][0] if data["values"] else {}
        return isinstance(first, dict) and {"kpi", "municipality", "period"} <= set(first)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        data = Peek(src).json
        items = data.get("values") if isinstance(data, dict) else None
        if not items:
            raise ImportRejected(src.name, ["Kolada-svaret innehåller inga värden."])
        surveys = survey_kpis()
        kpis = [str(item.get("kpi", "")) if isinstance(item, dict) else "" for item in items]
        crime = sorted({k for k in kpis if k in CRIME_KPIS})
        survey = sorted({k for k in kpis if k in surveys})
        if crime and survey:
            raise ImportRejected(src.name, [
                "filen blandar nyckeltal för anmälda brott (" + ", ".join(crime) + ") och enkätnyckeltal ("
                + ", ".join(survey) + "). De sparas i olika tabeller, så en fil får bara innehålla det ena "
                "slaget: hämta dem som separata filer från Kolada (ett anrop för brottsnyckeltalen och ett "
                "för enkätnyckeltalen) och importera filerna var för sig."])
        if survey:
            return self._read_survey(src, items, surveys)
        return self._read_crime(src, items)

    def _read_crime(self, src: SourceFile, items: list) -> Parsed:
        problems = Problems(src.name, row_word="post")
        records = []
        for i, item in enumerate(items, start=1):
            common = _common(i, item, problems)
            if common is None:
                continue
            kpi, code, year = common
            totals = [v for v in item.get("values") or [] if v.get("gender", "T") == "T"]
            if len(totals) != 1:
                problems.cell(i, "values", f"{len(totals)} värden för kön T", "exakt ett värde för kön T (totalt)")
                continue
            value, status = totals[0].get("value"), (totals[0].get("status") or "").strip()
            if not _value_ok(problems, i, value, 0, MAX_RATE, "ett tal 0–100 000 (antal per 100 000 invånare)"):
                continue
            records.append({"_row": i, "place_code": _place_code(code), "kpi": kpi, "year": year,
                            "value": value, "status": status})
        problems.raise_if_any()
        frame = pd.DataFrame(records)
        missing = frame["value"].isna()
        out = pd.DataFrame({
            "_row": frame["_row"],
            "place_code": frame["place_code"],
            "category_id": frame["kpi"].map(lambda k: CRIME_KPIS[k][0]),
            "source_label": frame["kpi"],
            "period_type": "year",
            "year": frame["year"].astype("Int64"),
            "period": pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "count": pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "rate_per_100k": pd.array(frame["value"].astype("float64"), dtype="Float64"),
            "preliminary": False,
            "source": "kolada",
            "flag": np.where(missing, frame["status"].replace("", "..").fillna(".."), None),
        })
        notices = [f"{len(out)} värden lästa för " + ", ".join(sorted(frame["kpi"].unique())) + "."]
        if missing.any():
            notices.append(f"{int(missing.sum())} värden saknas i Kolada (status sparad).")
        return Parsed("crime_counts", out, place_column="municipality", category_column="kpi",
                      notices=notices, row_word="post")

    def _read_survey(self, src: SourceFile, items: list, surveys: dict[str, dict]) -> Parsed:
        from loaders.survey_template import SCALES

        problems = Problems(src.name, row_word="post")
        records = []
        for i, item in enumerate(items, start=1):
            common = _common(i, item, problems)
            if common is None:
                continue
            kpi, code, year = common
            meta = surveys[kpi]
            low, high, expected = SCALES[meta["unit"]]
            entries = item.get("values") or []
            if not entries:
                problems.cell(i, "values", "inga värden", "minst ett värde (kön T, K eller M)")
                continue
            seen: set[str] = set()
            for entry in entries:
                gender = str((entry or {}).get("gender", "T")).strip().upper() if isinstance(entry, dict) else ""
                if gender not in GENDERS:
                    problems.cell(i, "gender", (entry or {}).get("gender") if isinstance(entry, dict) else entry,
                                  "T (totalt), K (kvinnor) eller M (män)")
                    continue
                if gender in seen:
                    problems.cell(i, "gender", gender, "högst ett värde per kön")
                    continue
                seen.add(gender)
                value, status = entry.get("value"), str(entry.get("status") or "").strip()
                if not _value_ok(problems, i, value, low, high, f"{expected} för {kpi} ({meta['label']})"):
                    continue
                records.append({
                    "_row": i, "survey": meta["survey"], "year": year, "place_code": _place_code(code),
                    "indicator_id": meta["indicator_id"], "grade": "alla", "gender": gender,
                    "value": value, "unit": meta["unit"], "flag": None if value is not None else (status or ".."),
                    "source_label": kpi,
                })
        problems.raise_if_any()
        frame = pd.DataFrame(records)
        out = pd.DataFrame({
            "_row": frame["_row"],
            "survey": frame["survey"],
            "year": frame["year"].astype("Int64"),
            "place_code": frame["place_code"],
            "indicator_id": frame["indicator_id"],
            "grade": frame["grade"],
            "gender": frame["gender"],
            "value": pd.array(frame["value"].astype("float64"), dtype="Float64"),
            "unit": frame["unit"],
            "n_respondents": pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "flag": frame["flag"].astype("string"),
            "source_label": frame["source_label"],
        })
        used = sorted(frame["source_label"].unique())
        notices = [f"{len(out)} enkätvärden lästa för " + ", ".join(used) + " (kön: "
                   + ", ".join(g for g in GENDERS if g in set(out["gender"])) + ")."]
        missing = int(out["value"].isna().sum())
        if missing:
            notices.append(f"{missing} värden saknas i Kolada (status sparad).")
        return Parsed("survey_results", out, place_column="municipality", notices=notices, row_word="post")


def _common(i: int, item, problems: Problems) -> tuple[str, str, int] | None:
    """(kpi, municipality, year) of a post, or None after reporting what is wrong with it."""
    if not isinstance(item, dict):
        problems.cell(i, "values", item, "ett objekt med kpi, municipality, period och values")
        return None
    kpi = str(item.get("kpi", ""))
    if kpi not in CRIME_KPIS and kpi not in survey_kpis():
        problems.cell(i, "kpi", kpi, "ett av de stödda nyckeltalen " + _supported())
        return None
    code = str(item.get("municipality", "")).strip()
    period = str(item.get("period", "")).strip()
    if not (len(period) == 4 and period.isdigit() and year_ok(period)):
        problems.cell(i, "period", period, year_expected())
        return None
    return kpi, code, int(period)


def _value_ok(problems: Problems, row: int, value, low: float, high: float, expected: str) -> bool:
    """A Kolada value is a number within [low, high], or null (missing, with a status)."""
    if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        problems.cell(row, "value", value, "ett tal eller null")
        return False
    if value is not None and not low <= value <= high:
        problems.cell(row, "value", value, expected)
        return False
    return True


def _place_code(code: str) -> str:
    """Kolada ids to SCB codes: 0000 -> 00 (riket), 00NN -> NN (län), kommun codes unchanged."""
    if code == "0000":
        return "00"
    if len(code) == 4 and code.startswith("00"):
        return code[2:]
    return code
