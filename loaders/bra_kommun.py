"""BRÅ's yearly "Anmälda brott kommunerna YYYY.csv": `Kommun;Antal;Per 100 000 inv.`, total only.

As downloaded: UTF-8 with BOM, `;`, CRLF, spaces or NBSP as thousands separators. After Excel has
re-saved it: Windows-1252, or UTF-16 tab-separated ("Unicode-text"). `Hela landet` is riket.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

import pandas as pd

from loaders.base import (ImportRejected, Parsed, Problems, SourceFile, parse_counts, parse_rates,
                          year_expected, year_ok)
from loaders.registry import Loader
from loaders.tabular import header_matcher, pick_column

HEADER = header_matcher(["Kommun"], ["Antal"])
YEAR_IN_NAME = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
SOURCE_LABEL = "Anmälda brott"


class BraKommunCsv(Loader):
    kind = "bra-kommun"
    year_option = True
    title = "Brå: Anmälda brott kommunerna (CSV per år)"
    description = (
        "Brås årliga fil «Anmälda brott kommunerna ÅÅÅÅ.csv» med kolumnerna Kommun;Antal;"
        "Per 100 000 inv. Året tas från filnamnet eller anges med --year. Filen får vara sparad "
        "om i Excel (Windows-1252 eller UTF-16 med tabbar). «Hela landet» blir riket."
    )
    header = staticmethod(HEADER)
    missing_header = "hittade ingen rubrikrad med «Kommun» och «Antal»."

    def read(self, src: SourceFile, options: dict) -> Parsed:
        problems = Problems(src.name)
        table = self.table(src)
        year = _year(src.name, options.get("year"))
        frame = table.frame
        place_col = pick_column(table, ["Kommun"])
        count_col = pick_column(table, ["Antal"])
        rate_col = next((c for c in frame.columns if c.casefold().startswith("per 100")), None)
        if rate_col is None:
            problems.add("kolumnen «Per 100 000 inv.» saknas (förväntade Kommun;Antal;Per 100 000 inv.).")
            problems.raise_if_any()
        counts, flags = parse_counts(frame[count_col], table.rows, count_col, problems)
        rates = parse_rates(frame[rate_col], table.rows, rate_col, problems)
        empty = frame[place_col] == ""
        problems.cells(empty, table.rows, place_col, frame[place_col], "ett kommunnamn")
        problems.raise_if_any()
        out = pd.DataFrame({
            "_row": table.rows,
            "place_name": frame[place_col],
            "category_label": SOURCE_LABEL,
            "source_label": SOURCE_LABEL,
            "period_type": "year",
            "year": year,
            "period": pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "count": counts,
            "rate_per_100k": rates,
            "preliminary": False,
            "source": "bra",
            "flag": flags,
        })
        notices = [f"År {year}; {len(out)} rader lästa ({table.description})."]
        named = YEAR_IN_NAME.findall(unquote(src.name))
        if options.get("year") and len(named) == 1 and int(named[0]) != year:
            notices.append(f"Året {year} från --year används, inte {named[0]} som står i filnamnet.")
        return Parsed("crime_counts", out, place_column=place_col, category_column=None,
                      notices=notices)


def _year(file_name: str, given) -> int:
    if given:
        if not year_ok(given):
            raise ImportRejected(file_name, [f"--year {given}: förväntade {year_expected()}."])
        return int(given)
    found = YEAR_IN_NAME.findall(unquote(file_name))  # `curl -O` keeps "%202024"
    if len(found) == 1:
        if not year_ok(found[0]):
            raise ImportRejected(file_name, [
                f"året {found[0]} i filnamnet: förväntade {year_expected()}. Ange rätt år med --year "
                "(t.ex. --year 2024) eller rätta filnamnet."])
        return int(found[0])
    raise ImportRejected(file_name, [
        "året framgår inte av filnamnet. Ange det med --year (t.ex. --year 2024) eller behåll Brås "
        "filnamn «Anmälda brott kommunerna 2024.csv»."
    ])
