"""Brå's NTU regional tables (Nationella trygghetsundersökningen), as Excel or as text.

    Tabell 4. Otrygghet och oro för brott, regionala resultat 2023
    Område;Otrygghet vid utevistelse sen kväll;Oro över brottsligheten i samhället;…;Oro för bilbrott
    HELA RIKET;15;22;…;14
    Stockholms län;16;20;…;15
    Huddinge;18;24;…;XX
    Källa: Brå, NTU 2023
    XX = för få svar

A title row (with the year), a header row whose first cell is «Område» (or empty) and whose other
cells are NTU indicators, one row per area (HELA RIKET, län, kommuner) with shares in percent, and
notes under the table. `XX` (too few answers) and `..` are stored as NULL with the marker as flag.
Each cell becomes one survey_results row: survey `ntu`, grade `alla`, gender `T`, unit `andel`.
Areas go to the pipeline as names (place aliases), indicators as labels (the pipeline matches them
to the NTU indicators, spaces around a slash ignored, and adds unknown ones with a notice).
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from urllib.parse import unquote

import pandas as pd

from loaders.base import (ImportRejected, Parsed, Problems, SourceFile, indicator_key, year_expected,
                          year_ok)
from loaders.registry import Loader, Peek
from loaders.tabular import _cell_text, excel_layout_problems, excel_sheets, is_excel, sniff_delimiter

YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
FIRST_CELLS = {"område", "region", ""}
PREFIXES = ("otrygghet", "oro för", "oro över")
# A row under (or inside) the table that is not data: source lines, marker explanations, footnotes.
NOTE = re.compile(r"^(källa|källor|anm\b|anm\.|anmärkning|not\b|noter|fotnot|kommentar|förklaring|\*|xx\b"
                  r"|\.\.|x\s*=)", re.IGNORECASE)
NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
MARKERS = {"xx": "XX", "..": "..", "": ".."}
EXPECTED_VALUE = "ett tal 0–100 (procent, decimalkomma går bra), «XX» (för få svar) eller «..»"


@lru_cache(maxsize=1)
def known_indicators() -> frozenset[str]:
    """Keys (`indicator_key`) of the shipped NTU indicators' labels and ids."""
    from lagesbild.registry import build_surveys

    _, indicators = build_surveys()
    ntu = indicators[indicators["survey"] == "ntu"]
    return frozenset(indicator_key(x) for x in list(ntu["label"]) + list(ntu["indicator_id"]))


def clean_label(text: str) -> str:
    """A header cell as a label: whitespace (line breaks in Excel headers) collapsed, footnote
    asterisks at the end dropped."""
    return " ".join(str(text).split()).rstrip("*").strip()


def is_header(cells: list[str]) -> bool:
    """«Område» (or an empty cell) first, then NTU indicators: one known (or, after «Område», one that
    begins like one: «Otrygghet …», «Oro för …», «Oro över …»); after an empty first cell two that
    begin like one, so a title in the second column is not taken for the header."""
    if len(cells) < 2 or cells[0].strip().casefold() not in FIRST_CELLS:
        return False
    keys = [indicator_key(clean_label(c)) for c in cells[1:] if c.strip()]
    if any(k in known_indicators() for k in keys):
        return True
    begins = sum(k.startswith(PREFIXES) and not YEAR.search(k) for k in keys)
    return begins >= (1 if cells[0].strip() else 2)


class NtuTable(Loader):
    kind = "ntu-tabell"
    year_option = True
    title = "Brå: NTU, regionala resultat (Excel eller text)"
    description = (
        "Brås tabell över NTU:s regionala resultat (Nationella trygghetsundersökningen), som Excel-fil "
        "eller kopierad från webbsidan som text/CSV: en rubrikrad med året, en rad med «Område» och "
        "indikatorerna (Otrygghet vid utevistelse sen kväll, Oro för bostadsinbrott …), en rad per område "
        "(HELA RIKET, län, kommuner) med andelar i procent. «XX» (för få svar) och «..» sparas som "
        "saknade värden; noter under tabellen hoppas över. Året tas från rubrikraden, filnamnet eller --year."
    )

    def sniff(self, peek: Peek) -> bool:
        return peek.has_header(is_header)

    def read(self, src: SourceFile, options: dict) -> Parsed:
        grid = _read_grid(src)
        if grid is None:
            raise ImportRejected(src.name, [
                "hittade ingen rubrikrad med «Område» (eller en tom första cell) följt av NTU:s indikatorer, "
                "t.ex. «Otrygghet vid utevistelse sen kväll» eller «Oro för bostadsinbrott»."])
        problems = Problems(src.name)
        header = grid.header
        area_col = header[0] or "Område"
        columns = [(i, clean_label(c), " ".join(c.split())) for i, c in enumerate(header) if i and c.strip()]
        seen: dict[str, str] = {}
        for _, label, written in columns:
            key = indicator_key(label)
            if key in seen:
                problems.add(f"rubrikraden (rad {grid.header_row}): kolumnerna «{seen[key]}» och «{written}» är "
                             "samma indikator. Ta bort den ena kolumnen.")
            seen.setdefault(key, written)
        unnamed = [i for i, c in enumerate(header) if i and not c.strip()
                   and any(i < len(cells) and cells[i].strip() for _, cells in grid.body)]
        for i in unnamed:
            problems.add(f"kolumn {i + 1} har värden men ingen rubrik (rad {grid.header_row}); förväntade en "
                         "indikator som rubrik. Skriv rubriken eller ta bort kolumnen.")
        problems.raise_if_any()

        data, notes = [], []
        for row, cells in grid.body:
            cells = cells + [""] * (len(header) - len(cells))
            area = cells[0].strip()
            values = [cells[i].strip() for i, _, _ in columns]
            if not area and not any(values):
                continue
            if NOTE.match(area) or not any(values):
                notes.append((row, area))
                continue
            data.append((row, area, values, cells))
        if not data:
            raise ImportRejected(src.name, [
                f"tabellen har en rubrikrad (rad {grid.header_row}) men inga rader med värden under den. "
                "Förväntade en rad per område (HELA RIKET, län, kommuner)."])
        last_data = data[-1][0]
        below = [(r, a) for r, a in notes if r > last_data]
        inside = [(r, a) for r, a in notes if r < last_data]

        if grid.excel is not None:
            sheet, raw = grid.excel
            named = [area_col] + header[1:]
            excel_layout_problems(src, sheet, raw, grid.header_row, named, last_row=last_data).raise_if_any()
        if grid.field_counts is not None:
            width = max(i for i, c in enumerate(header) if c.strip() or i == 0) + 1
            for row, area, _, _ in data:
                n = grid.field_counts[row]
                if n < width:
                    problems.add(
                        f"rad {row} har {n} fält men rubrikraden (rad {grid.header_row}) har {width}; raden verkar "
                        "avklippt eller saknar avgränsare. Förväntade ett fält per kolumn (ett tomt värde skrivs "
                        "som ett tomt fält).")

        records = []
        for row, area, values, _ in data:
            if area.casefold() in FIRST_CELLS - {""} and any(indicator_key(clean_label(v)) in seen for v in values):
                problems.add(f"rad {row} är en ny rubrikrad: filen verkar innehålla mer än en tabell. Importera en "
                             "tabell per fil.")
                continue
            place = area.rstrip("*").strip()
            if not place:
                problems.cell(row, area_col, area, "ett område (HELA RIKET, ett län eller en kommun)")
                continue
            for (_, label, written), raw_value in zip(columns, values):
                text = re.sub(r"[\s\u00a0\u202f\u2009]+", "", raw_value).replace(",", ".").rstrip("%")
                flag = MARKERS.get(text.casefold())
                value = None
                if flag is None:
                    if not NUMBER.match(text):
                        problems.cell(row, written, raw_value, EXPECTED_VALUE)
                        continue
                    value = float(text)
                    if not 0 <= value <= 100:
                        problems.cell(row, written, raw_value, f"en andel 0–100 (procent) för «{place}»")
                        continue
                records.append({"_row": row, "place_name": place, "indicator_label": label,
                                "source_label": written, "value": value, "flag": flag})
        problems.raise_if_any()
        numbers = [r["value"] for r in records if r["value"] is not None]
        if numbers and 0 < max(numbers) <= 1:
            raise ImportRejected(src.name, [
                f"alla värden är högst 1 (störst {max(numbers):g}); tabellen verkar ha andelar 0–1 (procentformat i "
                "Excel) i stället för procent. Förväntade procent 0–100, t.ex. 15 för 15 %."])

        year, year_notice = _year(src.name, options.get("year"), grid.titles)
        frame = pd.DataFrame(records)
        out = pd.DataFrame({
            "_row": frame["_row"],
            "survey": "ntu",
            "year": pd.Series(year, index=frame.index, dtype="Int64"),
            "place_name": frame["place_name"],
            "indicator_label": frame["indicator_label"],
            "source_label": frame["source_label"],
            "grade": "alla",
            "gender": "T",
            "value": pd.array(frame["value"].astype("float64"), dtype="Float64"),
            "unit": "andel",
            "n_respondents": pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            "flag": frame["flag"].astype("string"),
        })
        notices = [f"{year_notice}; {len(out)} värden lästa för {len(data)} områden och {len(columns)} "
                   f"indikatorer ({grid.description})."]
        hidden = out["flag"].value_counts()
        if len(hidden):
            parts = [f"{n} «{flag}»" + (" = för få svar" if flag == "XX" else "")
                     for flag, n in sorted(hidden.items(), reverse=True)]
            notices.append(f"{int(hidden.sum())} värden är dolda i källan ({', '.join(parts)}) och sparas som "
                           "saknade, inte som 0.")
        if inside:
            notices.append("Rader utan värden inne i tabellen hoppades över: "
                           + ", ".join(f"rad {r} («{a}»)" for r, a in inside) + ".")
        if below:
            notices.append(f"{len(below)} rader med noter under tabellen hoppades över (rad "
                           + ", ".join(str(r) for r, _ in below) + ").")
        return Parsed("survey_results", out, place_column=area_col, notices=notices)


class _Grid:
    """The table's rows as text cells with the row numbers the user sees."""

    def __init__(self, titles, header, header_row, body, description, excel=None, field_counts=None):
        self.titles: list[tuple[int, str]] = titles            # (row, text) above the header
        self.header: list[str] = header
        self.header_row: int = header_row
        self.body: list[tuple[int, list[str]]] = body
        self.description: str = description
        self.excel = excel                                      # (sheet, raw cells) for Excel files
        self.field_counts: dict[int, int] | None = field_counts  # text: fields per row as written


def _read_grid(src: SourceFile) -> _Grid | None:
    if is_excel(src):
        for sheet, raw in excel_sheets(src).items():
            cells = raw.map(_cell_text).values.tolist()
            for index, row in enumerate(cells[:40]):
                if is_header(row):
                    width = max(i for i, c in enumerate(row) if c or i == 0) + 1
                    titles = [(r + 1, " ".join(c for c in line if c)) for r, line in enumerate(cells[:index])
                              if any(line)]
                    body = [(index + 2 + n, line[:width]) for n, line in enumerate(cells[index + 1:])]
                    return _Grid(titles, row[:width], index + 1, body, f"Excel, blad «{sheet}»",
                                 excel=(sheet, raw))
        return None
    text, encoding = src.decoded
    lines = text.splitlines()
    for index, line in enumerate(lines[:40]):
        if not line.strip():
            continue
        delimiter = sniff_delimiter(line)
        header = [c.strip() for c in next(csv.reader([line], delimiter=delimiter))]
        if is_header(header):
            break
    else:
        return None
    titles = [(n + 1, " ".join(line.replace(delimiter, " ").split())) for n, line in enumerate(lines[:index])
              if line.strip(delimiter + " \t")]
    reader = csv.reader(io.StringIO("\n".join(lines[index + 1:])), delimiter=delimiter)
    body, counts, start = [], {}, index + 2
    for record in reader:
        row = start
        start = index + 2 + reader.line_num
        body.append((row, [c.strip() for c in record]))
        counts[row] = len(record)
    names = {";": "semikolon", "\t": "tabb", ",": "komma"}
    return _Grid(titles, header, index + 1, body, f"text ({encoding}, {names[delimiter]})", field_counts=counts)


def _year(file_name: str, given, titles: list[tuple[int, str]]) -> tuple[int, str]:
    """(year, how it was found) from --year, the title rows or the file name; rejects otherwise."""
    in_titles = sorted({(int(y), row) for row, text in titles for y in YEAR.findall(text)})
    title_years = sorted({y for y, _ in in_titles})
    named = sorted({int(y) for y in YEAR.findall(unquote(file_name))})
    if given:
        if not year_ok(given):
            raise ImportRejected(file_name, [f"--year {given}: förväntade {year_expected()}."])
        year = int(given)
        other = title_years if len(title_years) == 1 else named if len(named) == 1 else []
        where = "tabellens rubrik" if len(title_years) == 1 else "filnamnet"
        note = f"År {year} (från --year)"
        if other and other[0] != year:
            note += f"; OBS: {where} anger {other[0]}"
        return year, note
    if len(title_years) == 1:
        year, row = title_years[0], min(r for y, r in in_titles if y == title_years[0])
        if not year_ok(year):
            raise ImportRejected(file_name, [
                f"året {year} i tabellens rubrik (rad {row}): förväntade {year_expected()}. Ange rätt år med "
                "--year (t.ex. --year 2023)."])
        note = f"År {year} (från tabellens rubrik, rad {row})"
        if len(named) == 1 and named[0] != year:
            note += f"; OBS: filnamnet anger {named[0]}"
        return year, note
    if len(named) == 1:
        if not year_ok(named[0]):
            raise ImportRejected(file_name, [
                f"året {named[0]} i filnamnet: förväntade {year_expected()}. Ange rätt år med --year "
                "(t.ex. --year 2023) eller rätta filnamnet."])
        return named[0], f"År {named[0]} (från filnamnet)"
    several = f" (rubriken nämner {', '.join(map(str, title_years))})" if len(title_years) > 1 else ""
    raise ImportRejected(file_name, [
        f"året framgår varken av tabellens rubrik{several} eller av filnamnet. Ange det med --year (t.ex. "
        "--year 2023), eller behåll Brås rubrikrad ovanför tabellen («… regionala resultat 2023»)."])
