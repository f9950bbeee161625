"""Kolada (RKA) data responses, API v2 and v3.

`{"values": [{"kpi": "N07403", "municipality": "0162", "period": 2023,
  "values": [{"gender": "T", "value": 512.3, "status": ""}]}], ...}`. Municipality `0000` is riket,
`00NN` the region (län NN), four digits a kommun. A `null` value carries a status (missing,
sekretess). Crime KPIs are rates per 100 000 inhabitants and land in crime_counts with source
`kolada` (no count: Kolada does not give one), where the crime pages draw them as reference lines.
"""
from __future__ import annotations

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


class Kolada(Loader):
    kind = "kolada"
    title = "Kolada (JSON, API v2 eller v3)"
    description = (
        "Svar från api.kolada.se (v2 eller v3), t.ex. /v3/data/kpi/N07403/year/2015,2016,… "
        "Stödda nyckeltal: " + ", ".join(f"{k} ({t})" for k, (_, t) in CRIME_KPIS.items())
        + ". 0000 = riket, 0001 = Region Stockholm (länet)."
    )

    def sniff(self, peek: Peek) -> bool:
        data = peek.json
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            return False
        first = data["values"][0] if data["values"] else {}
        return isinstance(first, dict) and {"kpi", "municipality", "period"} <= set(first)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        data = Peek(src).json
        problems = Problems(src.name, row_word="post")
        items = data.get("values") if isinstance(data, dict) else None
        if not items:
            raise ImportRejected(src.name, ["Kolada-svaret innehåller inga värden."])
        records = []
        for i, item in enumerate(items, start=1):
            kpi = str(item.get("kpi", ""))
            if kpi not in CRIME_KPIS:
                problems.cell(i, "kpi", kpi, "ett av de stödda nyckeltalen " + ", ".join(CRIME_KPIS))
                continue
            code = str(item.get("municipality", "")).strip()
            period = str(item.get("period", "")).strip()
            if not (len(period) == 4 and period.isdigit() and year_ok(period)):
                problems.cell(i, "period", period, year_expected())
                continue
            totals = [v for v in item.get("values") or [] if v.get("gender", "T") == "T"]
            if len(totals) != 1:
                problems.cell(i, "values", f"{len(totals)} värden för kön T", "exakt ett värde för kön T (totalt)")
                continue
            value, status = totals[0].get("value"), (totals[0].get("status") or "").strip()
            if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
                problems.cell(i, "value", value, "ett tal eller null")
                continue
            if value is not None and not 0 <= value <= MAX_RATE:
                problems.cell(i, "value", value, "ett tal 0–100 000 (antal per 100 000 invånare)")
                continue
            records.append({"_row": i, "place_code": _place_code(code), "kpi": kpi, "year": int(period),
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


def _place_code(code: str) -> str:
    """Kolada ids to SCB codes: 0000 -> 00 (riket), 00NN -> NN (län), kommun codes unchanged."""
    if code == "0000":
        return "00"
    if len(code) == 4 and code.startswith("00"):
        return code[2:]
    return code
