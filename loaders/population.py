"""Population: SCB's PX-Web JSON response, and a simple template (Område;År;Folkmängd).

PX-Web (api.scb.se/OV0104/v1/doris/sv/ssd/BE/BE0101/BE0101A/BefolkningNy, "response":{"format":"json"})
answers `{"columns":[{code,text,type}], "data":[{"key":[region, year], "values":["12345"]}]}` with
values as strings. Region codes: 00 riket, 01–25 län, four digits kommun.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.base import (ImportRejected, Parsed, Problems, SourceFile, parse_counts, parse_years,
                          require_nonempty)
from loaders.registry import Loader, Peek
from loaders.tabular import header_matcher, pick_column

TOTAL_CODES = {"tot", "totalt", "1+2", "t", "tot1"}
TEMPLATE_HEADER = header_matcher(["Område", "Region"], ["År"], ["Folkmängd", "Befolkning", "Invånare"])


class ScbPopulation(Loader):
    kind = "scb-folkmangd"
    title = "SCB folkmängd (PX-Web JSON)"
    description = (
        "Svar från SCB:s API (PX-Web, tabell BefolkningNy) i JSON-format med Region och Tid. "
        "Regionkoder: 00 riket, länskod, kommunkod. Välj bort kön och ålder eller välj «totalt»."
    )

    def sniff(self, peek: Peek) -> bool:
        data = peek.json
        return isinstance(data, dict) and "columns" in data and "data" in data

    def read(self, src: SourceFile, options: dict) -> Parsed:
        data = Peek(src).json
        problems = Problems(src.name, row_word="post")
        columns = data.get("columns") or []
        codes = [c.get("code", "") for c in columns]
        region = next((i for i, c in enumerate(columns) if c.get("code") == "Region"), None)
        time = next((i for i, c in enumerate(columns) if c.get("type") == "t" or c.get("code") == "Tid"), None)
        values = [i for i, c in enumerate(columns) if c.get("type") == "c"]
        if region is None or time is None:
            raise ImportRejected(src.name, [f"PX-svaret saknar dimensionerna Region och Tid (fanns: {', '.join(codes)})."])
        rows = data.get("data") or []
        if not rows:
            raise ImportRejected(src.name, ["PX-svaret innehåller inga värden (data är tomt)."])
        keys = pd.DataFrame([r.get("key", []) for r in rows], dtype="string")
        others = [i for i, c in enumerate(columns) if c.get("type") == "d" and i not in (region, time)]
        key_positions = [i for i, c in enumerate(columns) if c.get("type") != "c"]
        notices: list[str] = []
        for i in others:
            position = key_positions.index(i)
            distinct = keys[position].dropna().unique()
            if len(distinct) == 1 and str(distinct[0]).casefold() not in TOTAL_CODES:
                notices.append(f"Dimensionen «{columns[i].get('text', codes[i])}» har bara värdet «{distinct[0]}». "
                               "Kontrollera att det är totalen (t.ex. båda könen), annars blir folkmängden för liten.")
            if len(distinct) > 1:
                problems.add(f"dimensionen «{columns[i].get('text', codes[i])}» har flera värden "
                             f"({', '.join(map(str, distinct[:4]))} …). Välj bort den eller välj "
                             "«totalt» i SCB:s tabell, annars räknas samma befolkning flera gånger.")
        value_index = 0
        if len(values) > 1:
            wanted = [k for k, i in enumerate(values)
                      if "folkmängd" in columns[i].get("text", "").casefold() or codes[i] == "BE0101N1"]
            if len(wanted) != 1:
                problems.add("PX-svaret har flera innehåll; förväntade ett, «Folkmängd».")
            value_index = wanted[0] if wanted else 0
        problems.raise_if_any()
        n = np.arange(len(rows)) + 1
        raw_values = pd.Series([(r.get("values") or [None])[value_index] for r in rows], dtype="string")
        years_text = keys[key_positions.index(time)]
        missing = raw_values.fillna("").str.strip().isin(["..", ".", ""])
        years = parse_years(years_text, n, "Tid", problems)
        counts, _ = parse_counts(raw_values.where(~missing, "0"), n, "values", problems, markers=False)
        problems.raise_if_any()
        frame = pd.DataFrame({"_row": n, "place_code": keys[key_positions.index(region)],
                              "year": years, "population": counts})
        notices.insert(0, f"{len(frame)} värden lästa.")
        if missing.any():
            notices.append(f"{int(missing.sum())} värden saknades («..») och hoppades över.")
            frame = frame[~missing.to_numpy()]
        return Parsed("population", frame.reset_index(drop=True), place_column="Region", notices=notices,
                      row_word="post")


class PopulationTemplate(Loader):
    kind = "folkmangd"
    title = "Folkmängd (mall, CSV eller Excel)"
    description = (
        "Folkmängd per område och år, t.ex. för stadsdelsområden från Stockholms stads statistik. "
        "Området ska finnas i platsregistret."
    )
    template = "Område;År;Folkmängd"
    header = staticmethod(TEMPLATE_HEADER)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        place_col = pick_column(table, ["Område", "Region"])
        year_col = pick_column(table, ["År"])
        pop_col = pick_column(table, ["Folkmängd", "Befolkning", "Invånare"])
        require_nonempty(frame[place_col], rows, place_col, problems, "ett område")
        years = parse_years(frame[year_col], rows, year_col, problems)
        counts, _ = parse_counts(frame[pop_col], rows, pop_col, problems, markers=False)
        problems.raise_if_any()
        out = pd.DataFrame({"_row": rows, "place_name": frame[place_col], "year": years,
                            "population": counts})
        return Parsed("population", out, place_column=place_col,
                      notices=[f"{len(out)} rader lästa ({table.description})."])
