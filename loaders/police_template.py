"""Our own template for police statistics from the kommunpolis or a stadsdel report.

Swedish headers: Område; År; Månad (optional); Brottskategori; Antal. CSV (any delimiter and
encoding Excel writes) or Excel. Categories must be known (see `python -m loaders kinds`).
"""
from __future__ import annotations

import pandas as pd

from loaders.base import (Parsed, Problems, SourceFile, parse_counts, parse_months,
                          parse_years, require_nonempty)
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

HEADER = header_matcher(["Område", "Plats"], ["År"], ["Brottskategori", "Brottstyp"], ["Antal"])


class PoliceTemplate(Loader):
    kind = "polisstatistik"
    title = "Egen polisstatistik (mall, CSV eller Excel)"
    description = (
        "Siffror från kommunpolisen eller en stadsdelsrapport, en rad per område, år (och månad) "
        "och brottskategori. Området ska finnas i platsregistret (kommun, stadsdelsområde, stadsdel "
        "eller plats, t.ex. «Hässelby torg»). Månad får vara 1–12 eller ett månadsnamn; utan månad "
        "gäller raden hela året."
    )
    template = "Område;År;Månad;Brottskategori;Antal"
    header = staticmethod(HEADER)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        place_col = pick_column(table, ["Område", "Plats"])
        year_col = pick_column(table, ["År"])
        month_col = pick_column(table, ["Månad"])
        cat_col = pick_column(table, ["Brottskategori", "Brottstyp"])
        count_col = pick_column(table, ["Antal"])
        require_nonempty(frame[place_col], rows, place_col, problems, "ett område")
        require_nonempty(frame[cat_col], rows, cat_col, problems, "en brottskategori")
        years = parse_years(frame[year_col], rows, year_col, problems)
        months = (parse_months(frame[month_col], rows, month_col, problems) if month_col
                  else pd.Series(pd.NA, index=frame.index, dtype="Int64"))
        counts, flags = parse_counts(frame[count_col], rows, count_col, problems)
        problems.raise_if_any()
        out = pd.DataFrame({
            "_row": rows,
            "place_name": frame[place_col],
            "category_label": frame[cat_col],
            "source_label": frame[cat_col],
            "period_type": months.isna().map({True: "year", False: "month"}),
            "year": years,
            "period": months,
            "count": counts,
            "rate_per_100k": pd.Series(pd.NA, index=frame.index, dtype="Float64"),
            "preliminary": False,
            "source": "lokal",
            "flag": flags,
        })
        return Parsed("crime_counts", out, place_column=place_col, category_column=cat_col,
                      notices=[f"{len(out)} rader lästa ({table.description})."])
