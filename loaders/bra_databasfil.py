"""BRÅ statistikdatabas (SOL) export "Databasfil.txt".

`Region;Brott;År;Period;Antal;/100 000 inv`, latin-1, a trailing `;` on data rows, one row per
region × brott × period. Yearly rows say `År;2025`, monthly rows `2026 prel.;Aug`, quarterly rows
`2025;Kv 1`. `prel.` marks preliminary figures, `..` not available, `-` zero. SOL echoes the parent
nodes of the chosen brottstyper with `..` everywhere; those rows are not data and are skipped.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from loaders.base import (MONTHS, Parsed, Problems, SourceFile, factorize_rows, parse_counts, parse_rates,
                          per_distinct, require_nonempty, year_expected, year_ok)
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

HEADER = header_matcher(["Region"], ["Brott"], ["År"], ["Period"], ["Antal"])
PREL = re.compile(r"\s*prel\.?\s*", re.IGNORECASE)
QUARTER = re.compile(r"^(?:kv(?:artal)?\.?\s*([1-4])|([1-4])\s*:?\s*(?:a|e)?\s*kv(?:artalet)?\.?)$",
                     re.IGNORECASE)
YEARLY_WORDS = {"", "år", "helår", "hela året", "årsvis"}


class BraDatabasfil(Loader):
    kind = "bra-databasfil"
    title = "Brå statistikdatabas: Databasfil.txt"
    description = (
        "Export från Brås statistikdatabas (statistik.bra.se/solwebb, «Databasfil.txt»): "
        "Region;Brott;År;Period;Antal;/100 000 inv, år, kvartal eller månader, kommuner och "
        "storstädernas stadsområden. «prel.» = preliminär, «..» = uppgift saknas, «-» = noll."
    )
    header = staticmethod(HEADER)
    missing_header = "hittade ingen rubrikrad Region;Brott;År;Period;Antal."

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        frame, rows = table.frame, table.rows
        cols = {name: pick_column(table, [name]) for name in ("Region", "Brott", "År", "Period", "Antal")}
        rate_col = next((c for c in frame.columns if "100 000" in c or "100000" in c), None)
        require_nonempty(frame[cols["Region"]], rows, cols["Region"], problems, "ett område")
        require_nonempty(frame[cols["Brott"]], rows, cols["Brott"], problems, "en brottstyp")
        year_text, period_text = frame[cols["År"]], frame[cols["Period"]]
        # The År and Period columns hold a few dozen distinct texts: each is looked at once.
        preliminary = (per_distinct(year_text, lambda t: t.str.contains("prel", case=False)) |
                       per_distinct(period_text, lambda t: t.str.contains("prel", case=False))).to_numpy()
        year_part = per_distinct(year_text, lambda t: t.str.replace(PREL, "", regex=True).str.strip())
        period_part = per_distinct(period_text, lambda t: t.str.replace(PREL, "", regex=True).str.strip())
        # Each distinct (År, Period) pair once: a file has a few hundred of them and many rows.
        pairs, uniques = factorize_rows(year_part, period_part)
        periods = [_period(y, p) for y, p in uniques]
        bad = np.array([p is None for p in periods], dtype=bool)[pairs]
        problems.cells(bad, rows, cols["Period"],
                       year_text + " / " + period_text,
                       "År;ÅÅÅÅ för helår, ÅÅÅÅ;månad (Jan, Feb …) eller ÅÅÅÅ;Kv 1–4")
        # The year is in Period for "År;2024" rows, otherwise in År.
        in_period = per_distinct(year_part, lambda t: t.str.casefold().isin(YEARLY_WORDS)).to_numpy()
        out_of_range = np.array([p is not None and not year_ok(p[1]) for p in periods], dtype=bool)[pairs]
        for where, column, text in ((in_period, cols["Period"], period_text), (~in_period, cols["År"], year_text)):
            problems.cells(out_of_range & where, rows, column, text, year_expected())
        counts, flags = parse_counts(frame[cols["Antal"]], rows, cols["Antal"], problems)
        rates = (parse_rates(frame[rate_col], rows, rate_col, problems) if rate_col
                 else pd.Series(pd.NA, index=frame.index, dtype="Float64"))
        problems.raise_if_any()
        out = pd.DataFrame({
            "_row": rows,
            "place_name": frame[cols["Region"]],
            "category_label": frame[cols["Brott"]],
            "source_label": frame[cols["Brott"]],
            "period_type": pd.array([p[0] for p in periods], dtype="str").take(pairs),
            "year": pd.array([p[1] for p in periods], dtype="Int64").take(pairs),
            "period": pd.array([p[2] for p in periods], dtype="Int64").take(pairs),
            "count": counts,
            "rate_per_100k": rates,
            "preliminary": preliminary,
            "source": "bra",
            "flag": flags,
        })
        out, notices = _drop_echoed_parents(out)
        n_prel = int(out["preliminary"].sum())
        notices.insert(0, f"{len(out)} rader lästa ({table.description}).")
        if n_prel:
            notices.append(f"{n_prel} rader är preliminära (prel.); de ersätts när slutliga siffror importeras.")
        return Parsed("crime_counts", out, place_column=cols["Region"], category_column=cols["Brott"],
                      notices=notices, add_unknown_categories=True)


def _period(year: str, period: str) -> tuple[str, int, int | None] | None:
    """('year'|'month'|'quarter', year, period) from the År and Period cells, or None."""
    y, p = year.strip(), period.strip()
    if y.casefold() in YEARLY_WORDS and re.fullmatch(r"\d{4}", p):
        return ("year", int(p), None)
    if not re.fullmatch(r"\d{4}", y):
        return None
    if p.casefold() in YEARLY_WORDS:
        return ("year", int(y), None)
    month = MONTHS.get(p.casefold().rstrip("."))
    if month:
        return ("month", int(y), month)
    q = QUARTER.match(p)
    if q:
        return ("quarter", int(y), int(q.group(1) or q.group(2)))
    return None


def _drop_echoed_parents(out: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Labels whose every value is '..' while other labels carry data are SOL's echoed parents."""
    has_value = out["flag"].fillna("") != ".."
    labels_with_data = set(out.loc[has_value, "source_label"].unique())
    echoed = [l for l in out["source_label"].unique() if l not in labels_with_data]
    if not echoed or not labels_with_data:
        return out, []
    keep = ~out["source_label"].isin(echoed)
    notice = (f"{int((~keep).sum())} rader hoppades över: överordnade brottstyper som Brå upprepar "
              "med «..» utan värden (" + ", ".join(f"«{l}»" for l in echoed[:5])
              + (" …" if len(echoed) > 5 else "") + ").")
    return out[keep].reset_index(drop=True), [notice]
