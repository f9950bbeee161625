"""Source files at national scale, in the real formats our loaders read (issue 8).

`generate(out_dir, scale)` writes, from a fixed seed, what a national installation would import:

| Source | Kind | Format | Rows at scale 1 ("riket") |
|---|---|---|---|
| Göteborg's and Malmö's stadsområden | `platser` | CSV (our template) | 9 places (setup) |
| Population | `scb-folkmangd`, `folkmangd` | PX-Web JSON, CSV | 6 240 + 451 |
| BRÅ kommun files | `bra-kommun` | UTF-8 CSV with BOM, one per year | 5 820 |
| BRÅ statistikdatabas | `bra-databasfil` | latin-1 Databasfil.txt, yearly and monthly | 3 653 286 |
| Polisen's events | `polisen-handelser` | the API's JSON, one file per quarter | 2 000 000 |
| Survey results | `enkat`, `kolada` | CSV (three surveys), Excel (one), Kolada v3 JSON | 1 013 000 |
| Patrol logs | `patrullogg` | CSV (two layouts), Excel (a guard company's export) | 1 000 000 |

Crime counts cover riket, the 21 län, the 290 kommuner and the big cities' stadsområden
(Stockholm's as they were each year, Göteborg's four and Malmö's five, which a places file adds
first), 2006–2025, yearly and monthly, 42 BRÅ brottstyper (21 of them new to the registry, so the
import adds them as categories as it would for a real SOL export).

**File size.** Every file stays below 30 MB, under the loader's default limit
(`LAGESBILD_MAX_FILE_MB`, 40 MB), so the benchmark measures the configuration users have. Large
sources are split the way one downloads them: Databasfil.txt per block of years (SOL allows at most
10 000 data cells per query, so a real national export would be many more and smaller files; the
per-file overhead is small next to the rows), events per quarter, surveys per survey and block of
years, patrol logs per block of years and, for Excel, per guard company.

`scale` (0 < scale ≤ 1) shrinks every source proportionally: place-based sources (crime counts,
surveys, patrol places) use that share of the places (riket, a län, a kommun and a stadsområde
always among the first), events and patrols that share of their rows. `--scale 0.01` takes about a
second and is what the tests use.

`build_database(files, db_path)` imports the generated files through the real pipeline
(`loaders.pipeline.import_files`), one writer per source group, into a new database.

Command line:

    .venv/bin/python -m benchmarks.scale generate --scale 1 --out /tmp/riket
    .venv/bin/python -m benchmarks.scale build --scale 1 --out /tmp/riket --db /tmp/riket.duckdb
"""
from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from lagesbild.names import slug
from loaders.demo import HOURS as DEMO_HOURS
from loaders.tabular import column_letter
from lagesbild.registry import HERE as REGISTRY_DIR

SEED = 2026_08
YEARS = np.arange(2006, 2026)
FILE_BYTES = 30 * 1024 * 1024          # target size of one file (the loader's default limit is 40 MB)
EXCEL_ROWS = 100_000                   # rows per Excel file (a guard company's yearly exports are smaller)
MANIFEST = "manifest.json"

RIKET = {"events": 2_000_000, "patrols": 1_000_000}
PATROL_EXCEL_SHARE = 0.3
EVENT_START, EVENT_DAYS = np.datetime64("2016-01-01T00:00"), 3653   # 2016-01-01 .. 2025-12-31

MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
               "oktober", "november", "december"]
MONTH_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

# Build order: what a later group needs (places before everything, population before rates).
STAGES = ("platser", "population", "crime", "events", "surveys", "patrols")


# --- where: riket, län, kommuner and the big cities' stadsområden --------------------------------

GBG_AREAS = {"Centrum": 0.25, "Hisingen": 0.29, "Nordost": 0.21, "Sydväst": 0.25}
MALMO_AREAS = {"Innerstaden": 0.21, "Norr": 0.20, "Söder": 0.23, "Väster": 0.19, "Öster": 0.17}
BIG_CITY_POP_2025 = {"1480": 610_000, "1280": 362_000}   # Göteborg, Malmö
RIKET_POP_2025 = 10_590_000


@dataclass
class Area:
    """One place that sources report on."""

    key: str                 # our own key: "riket", "lan-01", "0162", "sdo:Bromma", "gbg:Centrum" …
    bra: str                 # as BRÅ's Databasfil names it
    name: str                # as surveys, patrol logs and our templates name it
    level: str               # riket | lan | kommun | sdo | area
    scb: str | None          # SCB code (riket 00, län, kommun) for PX-Web and Kolada
    years: np.ndarray        # the years the area is published
    population: np.ndarray   # per year in YEARS
    level_factor: float = 1.0


@dataclass
class Geography:
    areas: list[Area]
    kommun_lan: dict[str, str]                # kommun code -> län name
    kommun_names: dict[str, str]
    centres: dict[str, tuple[float, float]]   # kommun code -> (lat, lon)
    places_file: list[str] = field(default_factory=list)   # lines of the platser CSV


def _growth(pop_2025: float, growth: float) -> np.ndarray:
    return np.round(pop_2025 / (1 + growth) ** (YEARS[-1] - YEARS)).astype(np.int64)


def geography(seed: int = SEED) -> Geography:
    """Every area, with populations and crime levels, from the shipped registry and a seed."""
    from loaders.demo import BRA_SDO_NAMES, SDO_ATOMS, SDO_MERGERS

    rng = np.random.default_rng(seed)
    kommuner = pd.read_csv(REGISTRY_DIR / "kommuner.csv", sep=";", dtype=str)
    centres = pd.read_csv(REGISTRY_DIR / "kommun_centres.csv", sep=";", dtype=str)
    codes = kommuner["kommunkod"].tolist()
    names = dict(zip(codes, kommuner["kommun"]))

    # Kommun populations: lognormal around 16 000, the big cities fixed, summing to riket.
    fixed = {"0180": sum(v[0] for v in SDO_ATOMS.values()), **BIG_CITY_POP_2025}
    raw = rng.lognormal(np.log(16_000), 0.85, len(codes))
    free = [i for i, c in enumerate(codes) if c not in fixed]
    raw[free] *= (RIKET_POP_2025 - sum(fixed.values())) / raw[free].sum()
    for i, c in enumerate(codes):
        raw[i] = fixed.get(c, raw[i])
    growth = rng.uniform(-0.006, 0.018, len(codes))
    levels = rng.lognormal(0, 0.25, len(codes))

    areas: list[Area] = []
    kommun_areas = []
    for i, code in enumerate(codes):
        pop = np.maximum(_growth(max(raw[i], 2_400), growth[i]), 2_000)
        kommun_areas.append(Area(code, f"{names[code]} kommun", names[code], "kommun", code, YEARS, pop,
                                 float(levels[i])))
    lan_codes = kommuner.drop_duplicates("lanskod")[["lanskod", "lan"]].values.tolist()
    lan_areas = []
    for lan_code, lan_name in lan_codes:
        members = [a for a, l in zip(kommun_areas, kommuner["lanskod"]) if l == lan_code]
        pop = sum(a.population for a in members)
        lan_areas.append(Area(f"lan-{lan_code}", lan_name, lan_name, "lan", lan_code, YEARS, pop))
    riket = Area("riket", "Hela landet", "Hela landet", "riket", "00", YEARS,
                 sum(a.population for a in kommun_areas))

    # Stockholm's stadsdelsområden as BRÅ publishes them each year (the mergers of 2020 and 2023).
    sdo = []
    atoms = {n: (_growth(p, g), lvl) for n, (p, g, lvl, _) in SDO_ATOMS.items()}
    for name, (members, first) in SDO_MERGERS.items():
        atoms[name] = (sum(atoms[m][0] for m in members),
                       float(np.mean([atoms[m][1] for m in members])))
    merged_away = {m: first for _, (members, first) in SDO_MERGERS.items() for m in members}
    for name, (pop, lvl) in atoms.items():
        if name in SDO_MERGERS:
            years = YEARS[YEARS >= SDO_MERGERS[name][1]]
        else:
            years = YEARS[YEARS < merged_away.get(name, 9999)]
        sdo.append(Area(f"sdo:{name}", f"{BRA_SDO_NAMES.get(name, name)} (Sthlm)", name, "sdo", None,
                        years, pop, lvl))
    # Göteborg's and Malmö's stadsområden: not in the registry; the places file adds them.
    big = []
    places_file = ["Namn;Nivå;Ingår i;SCB-kod;Alias"]
    for city_code, city, short, parts in (("1480", "Göteborg", "Gbg", GBG_AREAS),
                                          ("1280", "Malmö", "Malmö", MALMO_AREAS)):
        city_pop = next(a.population for a in kommun_areas if a.key == city_code)
        for part, share in parts.items():
            name = f"{city} {part}"
            bra = f"{part} ({short})"
            places_file.append(f"{name};stadsdelsområde;{city};;{bra}")
            big.append(Area(f"area:{name}", bra, name, "area", None, YEARS,
                            np.round(city_pop * share).astype(np.int64), float(rng.lognormal(0.1, 0.3))))
    lan_of = dict(zip(kommuner["kommunkod"], kommuner["lan"]))
    centre = {c: (float(a), float(b)) for c, a, b in centres[["kommunkod", "lat", "lon"]].values}
    areas = [riket, *lan_areas, *kommun_areas, *sdo, *big]
    return Geography(areas, lan_of, names, centre, places_file)


def chosen_areas(geo: Geography, scale: float, seed: int = SEED) -> list[Area]:
    """`scale` of the areas: riket, Stockholms län, Danderyd, Stockholm, a stadsdelsområde and a
    Göteborg area first, then the rest in a seeded order (all of them at scale 1)."""
    first = ["riket", "0162", "sdo:Hässelby-Vällingby", "lan-01", "area:Göteborg Centrum", "0180"]
    rest = [a.key for a in geo.areas if a.key not in first]
    order = first + [rest[i] for i in np.random.default_rng(seed + 1).permutation(len(rest))]
    n = len(order) if scale >= 1 else max(3, int(round(len(order) * scale)))
    keep = set(order[:n])
    return [a for a in geo.areas if a.key in keep]        # in the registry's order


# --- text building, vectorised with Arrow -------------------------------------------------------

def _s(value) -> pa.Array | pa.Scalar:
    if isinstance(value, str):
        return pa.scalar(value, pa.string())
    if isinstance(value, (pa.Array, pa.ChunkedArray)):
        return value if pa.types.is_string(value.type) else pc.cast(value, pa.string())
    array = np.asarray(value)
    if array.dtype.kind in "iub":
        return pc.cast(pa.array(array), pa.string())
    return pa.array(array, pa.string())


def join(*parts, sep: str = "") -> pa.Array:
    """Element-wise concatenation of string/number columns and literals."""
    return pc.binary_join_element_wise(*[_s(p) for p in parts], sep)


def decimal(tenths: np.ndarray, comma: str = ",") -> pa.Array:
    """Integers in tenths as Swedish decimals: 123 -> "12,3"."""
    tenths = np.asarray(tenths, dtype=np.int64)
    return join(tenths // 10, comma, tenths % 10)


def pad2(values: np.ndarray) -> pa.Array:
    return pc.utf8_lpad(_s(np.asarray(values, dtype=np.int64)), 2, "0")


def pick(options: list[str], index: np.ndarray) -> pa.Array:
    """options[index] as an Arrow string column (dictionary decode)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(index, dtype=np.int32)),
                                          pa.array(options, pa.string())).cast(pa.string())


def _bytes(lines: pa.Array) -> np.ndarray:
    return pc.binary_length(pc.cast(lines, pa.binary())).to_numpy(zero_copy_only=False) + 2


def _pack(groups: np.ndarray, sizes: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Cut rows (sorted by `groups`) into files of at most `limit` bytes, between groups where
    possible. Returns (start, stop) row ranges."""
    n = len(groups)
    cumulative = np.concatenate([[0], np.cumsum(sizes)])
    bounds = np.flatnonzero(np.concatenate([[True], groups[1:] != groups[:-1], [True]]))
    ranges, start = [], 0
    while start < n:
        fits = bounds[(bounds > start) & (cumulative[bounds] - cumulative[start] <= limit)]
        if len(fits):
            stop = int(fits[-1])
        else:                       # one group larger than a file: cut inside it
            stop = int(np.searchsorted(cumulative, cumulative[start] + limit, side="right") - 1)
            stop = max(stop, start + 1)
        ranges.append((start, stop))
        start = stop
    return ranges


def _text(header: list[str], lines: pa.Array, *, newline: str = "\n") -> str:
    body = newline.join(lines.to_pylist())
    return newline.join(header) + newline + body + newline


@dataclass
class Written:
    """One generated file, as listed in the manifest."""

    file: str
    kind: str
    format: str          # what the benchmark groups by, e.g. "bra-databasfil (txt)"
    stage: str
    rows: int            # rows the import writes (fresh database)


class Writer:
    def __init__(self, out: Path):
        self.out = out
        self.files: list[Written] = []

    def write(self, name: str, data: bytes, kind: str, fmt: str, stage: str, rows: int) -> None:
        path = self.out / name
        path.write_bytes(data)
        self.files.append(Written(name, kind, fmt, stage, int(rows)))


# --- places and population ------------------------------------------------------------------------

def write_places(w: Writer, geo: Geography) -> None:
    text = "\n".join(geo.places_file) + "\n"
    w.write("platser-storstadernas-stadsomraden.csv", text.encode("utf-8"), "platser", "platser (csv)",
            "platser", len(geo.places_file) - 1)


def write_population(w: Writer, geo: Geography) -> None:
    """SCB's PX-Web JSON for riket, län and kommuner; our template for the stadsområden."""
    data = [{"key": [a.scb, str(y)], "values": [str(int(p))]}
            for a in geo.areas if a.scb for y, p in zip(YEARS, a.population)]
    body = {"columns": [{"code": "Region", "text": "region", "type": "d"},
                        {"code": "Tid", "text": "år", "type": "t"},
                        {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
            "comments": [], "data": data,
            "metadata": [{"infofile": "BE0101", "updated": "2026-02-21T08:00:00",
                          "label": "Folkmängd efter region och år", "source": "SCB"}]}
    w.write(f"scb-folkmangd-BefolkningNy-{YEARS[0]}-{YEARS[-1]}.json",
            json.dumps(body, ensure_ascii=False).encode("utf-8"), "scb-folkmangd", "scb-folkmangd (json)",
            "population", len(data))
    lines = ["Område;År;Folkmängd"]
    for a in geo.areas:
        if a.level in ("sdo", "area"):
            index = np.searchsorted(YEARS, a.years)
            lines += [f"{a.name};{y};{a.population[i]}" for y, i in zip(a.years, index)]
    w.write(f"folkmangd-stadsomraden-{YEARS[0]}-{YEARS[-1]}.csv", ("\n".join(lines) + "\n").encode("utf-8"),
            "folkmangd", "folkmangd (csv)", "population", len(lines) - 1)


# --- crime: BRÅ's kommun CSV and Databasfil.txt ------------------------------------------------

SUMMER = (0.85, 0.8, 0.9, 0.95, 1.1, 1.15, 1.2, 1.15, 1.05, 0.95, 0.9, 0.95)
WINTER = (1.3, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 1.1, 1.3, 1.5)
FLAT = (1.0,) * 12
# (label as BRÅ writes it, rate per 100 000 and year in 2006, in 2025, season)
CRIME_TYPES = [
    ("Totalt antal brott", 13_500, 13_900, FLAT),
    ("3-7 kap. Brott mot person", 2_900, 3_300, SUMMER),
    ("3 kap. Brott mot liv och hälsa", 1_050, 980, SUMMER),
    ("Misshandel inkl. grov (5, 6 §)", 900, 760, SUMMER),
    ("4 kap. Brott mot frihet och frid", 1_500, 1_900, FLAT),
    ("Olaga hot", 560, 640, FLAT),
    ("Ofredande", 480, 610, FLAT),
    ("6 kap. Sexualbrott", 160, 230, SUMMER),
    ("8 kap. Stöld, rån m.m.", 5_800, 3_900, FLAT),
    ("Stöld genom inbrott, inbrottsstöld i bostad, ej av skjutvapen (1, 2, 4, 4 a§)", 230, 95, WINTER),
    ("Ur och från motordrivet fordon", 720, 290, FLAT),
    ("I butik, varuhus o. d.", 640, 720, WINTER),
    ("Cykelstöld", 700, 560, SUMMER),
    ("Biltillgrepp", 350, 120, FLAT),
    ("Rån, inkl. grovt (5, 6 §)", 95, 80, FLAT),
    ("9 kap. Bedrägeri och annan oredlighet", 1_500, 2_100, FLAT),
    ("12 kap. Skadegörelsebrott", 1_900, 1_350, SUMMER),
    ("Brott mot narkotikastrafflagen", 900, 900, FLAT),
    ("Brott mot trafikbrottslagen", 1_100, 800, FLAT),
    ("Brott mot vapenlagen", 35, 60, FLAT),
    ("Våldsbrott", 1_300, 1_250, SUMMER),
    # Not in the registry: a Databasfil import adds them as categories.
    ("Försök till mord eller dråp (1, 2 §)", 8, 9, FLAT),
    ("Lägenhet", 90, 40, WINTER),
    ("Villa, radhus o.d.", 140, 55, WINTER),
    ("Övrig stöld (1, 2, 4 §)", 3_200, 2_300, FLAT),
    ("Butiksrån", 12, 10, FLAT),
    ("5 kap. Ärekränkningsbrott", 120, 260, FLAT),
    ("7 kap. Brott mot familj", 10, 12, FLAT),
    ("Klotter", 800, 500, SUMMER),
    ("Skadegörelse genom brand", 60, 45, SUMMER),
    ("17 kap. Brott mot allmän verksamhet", 180, 230, FLAT),
    ("Våld mot tjänsteman", 45, 60, SUMMER),
    ("Hot mot tjänsteman", 60, 80, FLAT),
    ("Rattfylleri", 150, 110, SUMMER),
    ("Grovt rattfylleri", 60, 45, SUMMER),
    ("Olovlig körning", 250, 190, FLAT),
    ("Överlåtelse m.m. (1-3 a §)", 60, 70, FLAT),
    ("Innehav (1-3 a §)", 300, 340, FLAT),
    ("Eget bruk (1-3 a §)", 420, 410, FLAT),
    ("0950 - Befogenhetsbedrägeri", 35, 140, FLAT),
    ("0811 - Bedrägeri med hjälp av internet", 180, 420, FLAT),
    ("1203 - Skadegörelse på motorfordon", 210, 150, FLAT),
]
ECHOED_PARENTS = ["Brott mot brottsbalken", "8-12 kap. Brott mot förmögenhet"]


@dataclass
class CrimeCounts:
    """counts[area, year, category, month] for every area, and the areas chosen."""

    areas: list[Area]
    counts: np.ndarray


def crime_counts(geo: Geography, seed: int = SEED) -> CrimeCounts:
    rng = np.random.default_rng(seed + 2)
    n_cat = len(CRIME_TYPES)
    start = np.array([c[1] for c in CRIME_TYPES], dtype=float)
    end = np.array([c[2] for c in CRIME_TYPES], dtype=float)
    season = np.array([c[3] for c in CRIME_TYPES], dtype=float)
    season /= season.sum(axis=1, keepdims=True)
    t = (YEARS - YEARS[0]) / (YEARS[-1] - YEARS[0])
    rates = start[None, :] + (end - start)[None, :] * t[:, None]           # year × category
    pops = np.stack([a.population for a in geo.areas]).astype(float)        # area × year
    level = np.array([a.level_factor for a in geo.areas])
    mult = rng.lognormal(0, 0.2, (len(geo.areas), 1, n_cat, 1))             # the area's own profile
    expected = (pops[:, :, None, None] / 1e5 * level[:, None, None, None] * rates[None, :, :, None]
                * season[None, None, :, :] * mult)
    counts = rng.poisson(expected).astype(np.int64)
    return CrimeCounts(geo.areas, counts)


def _rate_tenths(count: np.ndarray, population: np.ndarray) -> np.ndarray:
    return np.round(count / population * 1e6).astype(np.int64)


def write_bra_kommun(w: Writer, geo: Geography, crime: CrimeCounts, chosen: list[Area]) -> None:
    """BRÅ's yearly «Anmälda brott kommunerna ÅÅÅÅ.csv»: the total for every kommun and Hela landet,
    the same figures as the Databasfil's yearly totals (so importing both changes nothing twice)."""
    index = {a.key: i for i, a in enumerate(crime.areas)}
    rows = [a for a in chosen if a.level == "kommun"] + [a for a in chosen if a.level == "riket"]
    if not rows:
        return
    rows.sort(key=lambda a: (a.level == "riket", a.name))
    for yi, year in enumerate(YEARS):
        lines = ["Kommun;Antal;Per 100 000 inv."]
        for a in rows:
            n = int(crime.counts[index[a.key], yi, 0].sum())
            rate = int(round(n / a.population[yi] * 1e5))
            label = a.name if a.level == "kommun" else "Hela landet"
            lines.append(f"{label};{n:,};{rate:,}".replace(",", " "))
        w.write(f"Anmälda brott kommunerna {year}.csv",
                b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"),
                "bra-kommun", "bra-kommun (csv)", "crime", len(rows))


def write_databasfil(w: Writer, geo: Geography, crime: CrimeCounts, chosen: list[Area],
                     seed: int = SEED) -> None:
    """Databasfil.txt as SOL exports it: latin-1, `;` with a trailing `;`, CRLF; yearly rows
    `År;2024`, monthly rows `2024;Jan`; rates for riket, län and kommuner (none for stadsområden:
    `..`), `-` for zero, a few suppressed monthly cells `..` in the stadsområden."""
    rng = np.random.default_rng(seed + 3)
    index = {a.key: i for i, a in enumerate(crime.areas)}
    n_cat = len(CRIME_TYPES)
    labels = [c[0] for c in CRIME_TYPES]
    for monthly in (False, True):
        # One frame of (year, area, category[, month]) rows, sorted by year (files are year blocks).
        parts = []
        for a in chosen:
            ai = index[a.key]
            yi = np.searchsorted(YEARS, a.years)
            months = 12 if monthly else 1
            y, c, m = np.meshgrid(yi, np.arange(n_cat), np.arange(months), indexing="ij")
            y, c, m = y.ravel(), c.ravel(), m.ravel()
            if monthly:
                count = crime.counts[ai, y, c, m]
            else:
                count = crime.counts[ai, y, c].sum(axis=-1)
            parts.append(pd.DataFrame({"year": YEARS[y], "area": ai, "cat": c, "month": m, "count": count,
                                       "pop": a.population[y]}))
        frame = pd.concat(parts, ignore_index=True).sort_values(["year", "cat", "month", "area"],
                                                                 kind="stable")
        area_list = crime.areas
        with_rates = [i for i, a in enumerate(area_list) if a.level in ("riket", "lan", "kommun")]
        has_rate = np.isin(frame["area"].to_numpy(), with_rates)
        count = frame["count"].to_numpy()
        tenths = _rate_tenths(count, frame["pop"].to_numpy())
        if monthly:
            rate = decimal(tenths)
            count_text = join(count)
            count_text = pc.if_else(pa.array(count == 0), "-", count_text)
            hidden = (~has_rate) & (rng.random(len(frame)) < 0.003)
            count_text = pc.if_else(pa.array(hidden), "..", count_text)
        else:
            rate = join((tenths + 5) // 10)
            count_text = join(count)
        rate = pc.if_else(pa.array(has_rate), rate, "..")
        region = pick([a.bra for a in area_list], frame["area"].to_numpy())
        brott = pick(labels, frame["cat"].to_numpy())
        years = frame["year"].to_numpy()
        if monthly:
            lines = join(region, brott, years, pick(MONTH_ABBR, frame["month"].to_numpy()), count_text, rate, "",
                         sep=";")
        else:
            lines = join(region, brott, "År", years, count_text, rate, "", sep=";")
        header = ["Region;Brott;År;Period;Antal;/100 000 inv"]
        what = "månad" if monthly else "år"
        for start, stop in _pack(years, _bytes(lines), FILE_BYTES - 1024):
            head = list(header)
            if not monthly and start == 0:    # SOL echoes the parents of the chosen brottstyper
                head += [f"{a.bra};{p};År;{years[0]};..;..;" for p in ECHOED_PARENTS for a in chosen[:3]]
            text = _text(head, lines[start:stop], newline="\r\n")
            w.write(f"Databasfil - {what} {years[start]}-{years[stop - 1]}.txt", text.encode("latin-1"),
                    "bra-databasfil", "bra-databasfil (txt)", "crime", stop - start)


# --- Polisen's events -----------------------------------------------------------------------------

# type -> (share, hour profile)
EVENT_TYPES = {
    "Trafikolycka": (0.150, "rush"), "Brand": (0.065, "evening"), "Rattfylleri": (0.060, "evening"),
    "Trafikkontroll": (0.055, "day"), "Övrigt": (0.060, "day"), "Misshandel": (0.060, "night"),
    "Stöld": (0.045, "day"), "Trafikbrott": (0.028, "day"), "Stöld/inbrott": (0.024, "day"),
    "Skadegörelse": (0.022, "night"), "Fylleri/LOB": (0.020, "night"), "Rån": (0.020, "late"),
    "Narkotikabrott": (0.018, "late"), "Olaga hot": (0.016, "evening"), "Inbrott": (0.014, "day"),
    "Bråk": (0.014, "night"), "Misshandel, grov": (0.008, "night"), "Skottlossning": (0.006, "night"),
    "Detonation": (0.004, "night"), "Ofredande/förargelse": (0.010, "evening"), "Knivlagen": (0.006, "late"),
    "Vapenlagen": (0.004, "late"), "Våld/hot mot tjänsteman": (0.006, "night"),
    "Larm inbrott": (0.010, "night"), "Försvunnen person": (0.012, "day"),
    "Mord/dråp, försök": (0.002, "night"), "Trafikolycka, personskada": (0.020, "rush"),
    "Rån, försök": (0.004, "late"), "Sammanfattning natt": (0.020, "morning"),
}
HOURS = {**DEMO_HOURS,     # the demo's hour profiles, and summaries published in the morning
         "morning": [0, 0, 0, 0, 0, 2, 8, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}
SUMMARIES = [
    "Polisen är på plats och utreder vad som har hänt.",
    "Inga personskador rapporteras. Trafiken påverkas en stund.",
    "En person har förts till sjukhus med lindriga skador.",
    "En man har gripits misstänkt för brottet.",
    "Räddningstjänsten och polis på plats. Ingen person skadad.",
    "Anmälan upprättad. Polisen söker vittnen.",
    "Ärendet överlämnas till utredning.",
    "Uppdatering: personen har hittats välbehållen.",
]


def events(geo: Geography, scale: float, seed: int = SEED) -> pd.DataFrame:
    """Events spread over 2016–2025, kommuner weighted by population, types, hours and summaries."""
    n = max(10, int(round(RIKET["events"] * scale)))
    rng = np.random.default_rng(seed + 4)
    kommuner = [a for a in geo.areas if a.level == "kommun"]
    weights = np.array([a.population[-1] * a.level_factor for a in kommuner], dtype=float)
    kommun = rng.choice(len(kommuner), n, p=weights / weights.sum())
    types = list(EVENT_TYPES)
    shares = np.array([EVENT_TYPES[t][0] for t in types])
    kind = rng.choice(len(types), n, p=shares / shares.sum())
    hour = np.empty(n, dtype=np.int64)
    for i, t in enumerate(types):
        where = np.flatnonzero(kind == i)
        profile = np.array(HOURS[EVENT_TYPES[t][1]], dtype=float)
        hour[where] = rng.choice(24, len(where), p=profile / profile.sum())
    day = rng.integers(0, EVENT_DAYS, n)
    minute = rng.integers(0, 60, n)
    occurred = EVENT_START + (day * 1440 + hour * 60 + minute).astype("timedelta64[m]")
    order = np.argsort(occurred, kind="stable")
    occurred, kommun, kind = occurred[order], kommun[order], kind[order]
    published = occurred + (np.round(rng.gamma(2.0, 12.0, n)) + 3).astype("timedelta64[m]") \
        + rng.integers(0, 60, n).astype("timedelta64[s]")
    return pd.DataFrame({
        "event_id": 100_000 + np.cumsum(rng.integers(1, 4, n)),
        "occurred": occurred, "published": published, "kommun": kommun, "type": kind,
        "on_county": rng.random(n) < 0.35, "summary": rng.integers(0, len(SUMMARIES), n),
    })


def _event_text(geo: Geography, frame: pd.DataFrame) -> dict[str, pa.Array]:
    kommuner = [a for a in geo.areas if a.level == "kommun"]
    names = [a.name for a in kommuner]
    lan_names = sorted(set(geo.kommun_lan.values()))
    lan_of = np.array([lan_names.index(geo.kommun_lan[a.key]) for a in kommuner])
    lan_centre = {l: np.mean([geo.centres[a.key] for a in kommuner if geo.kommun_lan[a.key] == l], axis=0)
                  for l in lan_names}
    types = list(EVENT_TYPES)
    occurred = pd.DatetimeIndex(frame["occurred"])
    published = pd.DatetimeIndex(frame["published"])
    kommun, kind = frame["kommun"].to_numpy(), frame["type"].to_numpy()
    county = frame["on_county"].to_numpy() | np.array([types[k].startswith("Sammanfattning") for k in range(len(types))])[kind]
    summer = (published.month >= 4) & (published.month <= 10)
    stamp = join(published.year.to_numpy(), "-", pad2(published.month), "-", pad2(published.day), " ",
                 published.hour.to_numpy(), ":", pad2(published.minute), ":", pad2(published.second), " ",
                 pc.if_else(pa.array(summer), "+02:00", "+01:00"))
    month = occurred.month.to_numpy() - 1
    type_text = pick(types, kind)
    kommun_text = pick(names, kommun)
    lan_text = pick(lan_names, lan_of[kommun])
    title = join(pad2(occurred.day), " ", pick(MONTH_NAMES, month), " ", pad2(occurred.hour), ".",
                 pad2(occurred.minute), ", ", type_text, ", ", kommun_text)
    url = join("/aktuellt/handelser/", occurred.year.to_numpy(), "/", pick(MONTH_NAMES, month), "/",
               occurred.day.to_numpy(), "/", pad2(occurred.day), "-", pick(MONTH_NAMES, month), "-",
               pad2(occurred.hour), "-", pad2(occurred.minute), "-", pick([slug(t) for t in types], kind), "-",
               pick([slug(n) for n in names], kommun), "/")
    kommun_gps = [f"{geo.centres[a.key][0]:.6f},{geo.centres[a.key][1]:.6f}" for a in kommuner]
    lan_gps = [f"{c[0]:.6f},{c[1]:.6f}" for c in (lan_centre[l] for l in lan_names)]
    location = pc.if_else(pa.array(county), lan_text, kommun_text)
    gps = pc.if_else(pa.array(county), pick(lan_gps, lan_of[kommun]), pick(kommun_gps, kommun))
    summary = pick(SUMMARIES, frame["summary"].to_numpy())
    return {"id": _s(frame["event_id"].to_numpy()), "datetime": stamp, "name": title, "summary": summary,
            "url": url, "type": type_text, "location": location, "gps": gps}


def write_events(w: Writer, geo: Geography, scale: float, seed: int = SEED, parquet: bool = False) -> None:
    """Polisen's API JSON (`[{"id", "datetime", "name", "summary", "url", "type", "location": {"name",
    "gps"}}]`, newest first as the API answers), one file per quarter (or smaller when needed);
    with `parquet`, also the archive's Parquet per year (a separate format, not part of a build)."""
    frame = events(geo, scale, seed)
    text = _event_text(geo, frame)
    q = "\""
    records = join("{\"id\": ", text["id"], ", \"datetime\": ", q, text["datetime"], q,
                   ", \"name\": ", q, text["name"], q, ", \"summary\": ", q, text["summary"], q,
                   ", \"url\": ", q, text["url"], q, ", \"type\": ", q, text["type"], q,
                   ", \"location\": {\"name\": ", q, text["location"], q, ", \"gps\": ", q, text["gps"], q, "}}")
    occurred = pd.DatetimeIndex(frame["occurred"])
    quarter = occurred.year.to_numpy() * 10 + (occurred.month.to_numpy() - 1) // 3 + 1
    for start, stop in _pack(quarter, _bytes(records), FILE_BYTES - 1024):
        first, last = quarter[start], quarter[stop - 1]
        name = f"polisen-handelser-{first // 10}-K{first % 10}" + (
            f"-{last // 10}-K{last % 10}" if last != first else "")
        part = 2
        while any(f.file == name + ".json" for f in w.files):
            name, part = f"{name.rsplit('-del', 1)[0]}-del{part}", part + 1
        body = "[\n" + ",\n".join(records[start:stop].to_pylist()[::-1]) + "\n]\n"
        w.write(name + ".json", body.encode("utf-8"), "polisen-handelser", "polisen-handelser (json)",
                "events", stop - start)
    if parquet:
        lat_lon = pc.split_pattern(text["gps"], ",").to_pylist()
        archive = pd.DataFrame({
            "event_id": frame["event_id"], "datetime": text["datetime"].to_pandas(),
            "name": text["name"].to_pandas(), "summary": text["summary"].to_pandas(),
            "url": text["url"].to_pandas(), "type": text["type"].to_pandas(),
            "location_name": text["location"].to_pandas(),
            "latitude": [float(p[0]) for p in lat_lon], "longitude": [float(p[1]) for p in lat_lon]})
        years = occurred.year.to_numpy()
        for year in np.unique(years):
            buffer = io.BytesIO()
            archive[years == year].to_parquet(buffer, index=False)
            w.write(f"polisen-handelser-arkiv-{year}.parquet", buffer.getvalue(), "polisen-handelser",
                    "polisen-handelser (parquet)", "events-parquet", int((years == year).sum()))


# --- surveys --------------------------------------------------------------------------------------

SE_INDICATORS = ["Känner sig trygg i området där man bor", "Känner sig otrygg ute ensam sent en kväll",
                 "Har blivit rånad senaste 12 mån", "Har blivit misshandlad senaste 12 mån",
                 "Har blivit allvarligt hotad senaste 12 mån", "Har använt narkotika någon gång",
                 "Har druckit alkohol senaste 12 mån", "Har burit kniv eller annat vapen senaste 12 mån"]
POLIS_INDICATORS = [("problemindex_ordning", "index 0-6"), ("problemindex_brott", "index 0-6"),
                    ("otrygghetsindex", "index 0-6"), ("trygg_kvall", "andel")]
STAD_INDICATORS = ["trygg_kvall", "utsatt_brott", "berusade_stor", "narkotika_stor", "nedskrapning"]
# An own survey: 19 questions the registry does not know, so the import adds them.
EGEN_INDICATORS = ([(f"Trygg på fråga {i} (egen enkät)", "andel") for i in range(1, 16)]
                   + [("Nöjdhetsindex trygghet", "index 0-100"), ("Nöjdhetsindex belysning", "index 0-100"),
                      ("Medelbetyg tryggt centrum", "medel 1-10"), ("Medelbetyg tryggt hemma", "medel 1-10")])
SURVEY_HEADER = "Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande"
GENDER_WORDS = {"K": "Flickor", "M": "Pojkar", "T": "Totalt"}
ADULT_WORDS = {"K": "Kvinnor", "M": "Män", "T": "Alla"}


def _place_years(chosen: list[Area]) -> pd.DataFrame:
    rows = [(a.name, a.scb, a.level, int(y), int(a.population[np.searchsorted(YEARS, y)]))
            for a in chosen for y in a.years]
    return pd.DataFrame(rows, columns=["place", "scb", "level", "year", "pop"])


def _cross(base: pd.DataFrame, **columns: list) -> pd.DataFrame:
    out = base
    for name, values in columns.items():
        out = out.merge(pd.DataFrame({name: values}), how="cross")
    return out


def _shares(rng, n: int, low: float, high: float) -> np.ndarray:
    """Shares in tenths of a percent between low and high percent."""
    return np.round(rng.uniform(low, high, n) * 10).astype(np.int64)


def _survey_csv(w: Writer, frame: pd.DataFrame, lines: pa.Array, prefix: str, encoding: str,
                newline: str, bom: bool = False) -> None:
    years = frame["year"].to_numpy()
    for start, stop in _pack(years, _bytes(lines), FILE_BYTES - 1024):
        text = _text([SURVEY_HEADER], lines[start:stop], newline=newline)
        data = text.encode(encoding)
        w.write(f"{prefix}-{years[start]}-{years[stop - 1]}.csv", (b"\xef\xbb\xbf" if bom else b"") + data,
                "enkat", "enkat (csv)", "surveys", stop - start)


def write_surveys(w: Writer, chosen: list[Area], seed: int = SEED) -> None:
    rng = np.random.default_rng(seed + 5)
    places = _place_years(chosen).sort_values(["year"], kind="stable").reset_index(drop=True)

    # Stockholmsenkäten (UTF-8): åk 9 and gy 2, Flickor/Pojkar/Totalt, respondents from population,
    # groups under 10 written «..».
    se = _cross(places, grade=["åk 9", "gy 2"], gender=["K", "M", "T"], indicator=list(range(len(SE_INDICATORS))))
    n = np.maximum(1, np.round(se["pop"].to_numpy() * 0.0052 * np.where(se["gender"] == "T", 1.0, 0.49)
                              * np.where(se["grade"] == "gy 2", 0.82, 1.0) * rng.lognormal(0, 0.1, len(se))))
    n = np.where(se["level"].to_numpy() == "riket", n, np.minimum(n, 6_000)).astype(np.int64)
    value = pc.if_else(pa.array(n < 10), "..", decimal(_shares(rng, len(se), 1, 60)))
    lines = join("Stockholmsenkäten", se["year"].to_numpy(), se["place"].to_numpy(), se["grade"].to_numpy(),
                 pick(list(GENDER_WORDS.values()), se["gender"].map({"K": 0, "M": 1, "T": 2}).to_numpy()),
                 pick(SE_INDICATORS, se["indicator"].to_numpy()), value, "%", n, sep=";")
    _survey_csv(w, se, lines, "stockholmsenkaten", "utf-8", "\n")

    # Polisens trygghetsmätning as Excel saves a Swedish CSV: cp1252, CRLF; indices 0–6 and a share.
    po = _cross(places, gender=["T", "K", "M"], indicator=list(range(len(POLIS_INDICATORS))))
    n = rng.integers(300, 1250, len(po)) // np.where(po["gender"] == "T", 1, 2)
    is_share = po["indicator"].to_numpy() == 3
    value = pc.if_else(pa.array(is_share), decimal(_shares(rng, len(po), 40, 90)),
                       decimal(rng.integers(5, 35, len(po))))
    lines = join("Polisens trygghetsmätning", po["year"].to_numpy(), po["place"].to_numpy(), "Alla",
                 pick(list(ADULT_WORDS.values()), po["gender"].map({"K": 0, "M": 1, "T": 2}).to_numpy()),
                 pick([i for i, _ in POLIS_INDICATORS], po["indicator"].to_numpy()), value,
                 pick([u for _, u in POLIS_INDICATORS], po["indicator"].to_numpy()), n, sep=";")
    _survey_csv(w, po, lines, "polisens-trygghetsmatning", "cp1252", "\r\n")

    # An own survey (UTF-8 with BOM): questions the registry does not know; «XX» for a few cells.
    eg = _cross(places, gender=["T", "K", "M"], indicator=list(range(len(EGEN_INDICATORS))))
    units = np.array([u for _, u in EGEN_INDICATORS])[eg["indicator"].to_numpy()]
    tenths = np.where(units == "andel", _shares(rng, len(eg), 5, 95),
                      np.where(units == "index 0-100", rng.integers(300, 800, len(eg)),
                               rng.integers(20, 95, len(eg))))
    value = pc.if_else(pa.array(rng.random(len(eg)) < 0.005), "XX", decimal(tenths))
    n = rng.integers(150, 2500, len(eg)) // np.where(eg["gender"] == "T", 1, 2)
    lines = join("Egen enkät", eg["year"].to_numpy(), eg["place"].to_numpy(), "Alla",
                 pick(list(ADULT_WORDS.values()), eg["gender"].map({"K": 0, "M": 1, "T": 2}).to_numpy()),
                 pick([l for l, _ in EGEN_INDICATORS], eg["indicator"].to_numpy()), value,
                 pick([u for _, u in EGEN_INDICATORS], eg["indicator"].to_numpy()), n, sep=";")
    _survey_csv(w, eg, lines, "egen-enkat", "utf-8", "\n", bom=True)

    # Stockholms stads trygghetsmätning as an Excel workbook (numbers as numbers), per block of years.
    st = _cross(places, gender=["T", "K", "M"], indicator=list(range(len(STAD_INDICATORS))))
    st_values = _shares(rng, len(st), 3, 80) / 10
    st_n = rng.integers(600, 1500, len(st)) // np.where(st["gender"] == "T", 1, 2)
    header = ["Undersökning", "År", "Område", "Årskurs", "Kön", "Indikator", "Värde", "Enhet", "Antal svarande"]
    columns = [
        ("s", pa.array(["Stockholms stads trygghetsmätning"] * len(st))),
        ("n", st["year"].to_numpy()),
        ("s", _s(st["place"].to_numpy())),
        ("s", pa.array(["Alla"] * len(st))),
        ("s", pick(list(ADULT_WORDS.values()), st["gender"].map({"K": 0, "M": 1, "T": 2}).to_numpy())),
        ("s", pick(STAD_INDICATORS, st["indicator"].to_numpy())),
        ("n", st_values),
        ("s", pa.array(["andel"] * len(st))),
        ("n", st_n),
    ]
    years = st["year"].to_numpy()
    for start, stop in _pack(years, np.ones(len(st), dtype=np.int64), EXCEL_ROWS):
        data = xlsx_workbook("Trygghetsmätningen", [["Stockholms stads trygghetsmätning, andel (%)"], []], header,
                             [(t, c[start:stop]) for t, c in columns])
        w.write(f"trygghetsmatning-stad-{years[start]}-{years[stop - 1]}.xlsx", data, "enkat", "enkat (xlsx)",
                "surveys", stop - start)

    # Kolada v3 (NTU and the medborgarundersökning): riket, län and kommuner, T/K/M, some missing.
    from loaders.kolada import survey_kpis

    kpis = list(survey_kpis())
    ko = _cross(places[places["scb"].notna()], kpi=kpis)
    if len(ko):
        code = ko["scb"].to_numpy()
        municipality = np.where(ko["level"] == "riket", "0000", np.where(ko["level"] == "lan",
                                np.char.add("00", code.astype(str)), code.astype(str)))
        missing = rng.random(len(ko)) < 0.01
        women, men = _shares(rng, len(ko), 8, 70), _shares(rng, len(ko), 2, 40)
        shares = np.stack([(women + men) // 2, women, men], axis=1)     # T is the mean of K and M
        items = []
        for kpi, muni, year, gone, (t, k, m) in zip(ko["kpi"], municipality, ko["year"], missing, shares):
            if gone:
                values = ", ".join(f"{{\"gender\": \"{g}\", \"value\": null, \"status\": \"Missing\"}}"
                                   for g in "TKM")
            else:
                values = ", ".join(f"{{\"gender\": \"{g}\", \"value\": {v / 10:.1f}, \"status\": \"\"}}"
                                   for g, v in zip("TKM", (t, k, m)))
            items.append(f"{{\"kpi\": \"{kpi}\", \"municipality\": \"{muni}\", \"period\": {year}, "
                         f"\"values\": [{values}]}}")
        body = "{\"values\": [\n" + ",\n".join(items) + f"\n], \"count\": {len(items)}, \"next_url\": null}}\n"
        w.write(f"kolada-v3-ntu-medborgarundersokning-{YEARS[0]}-{YEARS[-1]}.json", body.encode("utf-8"),
                "kolada", "kolada (json)", "surveys", 3 * len(items))


# --- patrol logs ----------------------------------------------------------------------------------

NOTES = ["Lugn kväll.", "Lugnt i området.", "Samtal med ungdomar vid busshållplatsen.",
         "Nedskräpning vid återvinningsstationen.", "Berusad person ombedd att lämna platsen.",
         "Dialog med allmänheten i centrumet.", "Klotter på väggen vid gångtunneln.",
         "Ungdomsgrupp vid fritidsgården, inga problem.", "Trasig belysning vid parkeringen anmäld.",
         "Ca 15 ungdomar vid stationen.", "Kontakt med vakthavande kl 22.40.",
         "2 personer avvisade från entrén.", "Bränd papperskorg vid torget, släckt 23.15.",
         "Mötte 8 ungdomar, 2 berusade.", "Rondering klar 01.30, inga avvikelser.",
         "Larm från butik kl 21.05, falsklarm."]
PERSONAL = ["Pojke 19850412-1234 hämtad av förälder.", "Ringde förälder på 070-123 45 67.",
            "Kontakt via kalle.andersson@exempel.se.", "Bil ABC 123 stod kvar på torget.",
            "Flicka 0602281234 fick skjuts hem.", "Förälder nås på 08-123 456 78."]
CSV_PERFORMERS = ["Nattvandrare", "Föräldravandring", "Fältassistenter", "Grannsamverkan",
                  "Kommunala ordningsvakter", "Väktare"]
POLICE_PERFORMERS = ["Kommunpolis", "Polisen", "Ingripandepolis", "Närpolis"]
EXCEL_PERFORMERS = ["Securitas", "Avarn Security", "G4S", "Nokas"]
SEED_PLACES = ["Mörby centrum", "Danderyds sjukhus", "Hässelby torg", "Vällingby centrum", "Älvsjö centrum"]
SLOTS = 4   # patrols a stream can have per evening (at distinct times)


def _patrol_streams(rng, places: list[str], performers: list[str], n: int) -> pd.DataFrame:
    """n patrols over (place, performer) streams, unique starts within each stream."""
    streams = len(places) * len(performers)
    per = np.bincount(rng.integers(0, streams, n), minlength=streams)
    capacity = EVENT_DAYS * SLOTS - 1      # the last evening's after-midnight slot would be 2026
    parts = []
    for s in np.flatnonzero(per):
        slots = np.sort(rng.choice(capacity, min(per[s], capacity), replace=False))
        parts.append(np.stack([np.full(len(slots), s), slots], axis=1))
    pairs = np.concatenate(parts)
    day = pairs[:, 1] // SLOTS
    slot = pairs[:, 1] % SLOTS
    # Evenings 17:00–02:00: each slot its own stretch of the evening, so starts never repeat.
    start = (17 * 60 + slot * 135 + rng.integers(0, 27, len(pairs)) * 5) % 1440
    day = day + (start < 17 * 60)            # after midnight: the next calendar day
    frame = pd.DataFrame({"place": pairs[:, 0] // len(performers), "performer": pairs[:, 0] % len(performers),
                          "day": day, "start": start})
    frame = frame.sort_values(["day", "start", "place", "performer"], kind="stable").reset_index(drop=True)
    frame["minutes"] = rng.choice([30, 45, 60, 90, 120, 150, 180, 240], len(frame))
    # Half the rows have a note; 1.5 % of the notes hold personal data (masked on import).
    note = rng.random(len(frame))
    index = np.where(note < 0.5, -1, rng.integers(0, len(NOTES), len(frame)))
    personal = note > 1 - 0.5 * 0.015
    index[personal] = len(NOTES) + rng.integers(0, len(PERSONAL), int(personal.sum()))
    frame["note"] = index
    return frame


def _note_text(index: np.ndarray) -> pa.Array:
    pool = NOTES + PERSONAL + [""]
    return pick(pool, np.where(index < 0, len(pool) - 1, index))


def _dates(day: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(np.datetime64("2016-01-01") + day.astype("timedelta64[D]"))


def _clock(minutes: np.ndarray, sep: str = ":") -> pa.Array:
    minutes = np.asarray(minutes) % 1440
    return join(pad2(minutes // 60), sep, pad2(minutes % 60))


def write_patrols(w: Writer, chosen: list[Area], scale: float, seed: int = SEED) -> None:
    rng = np.random.default_rng(seed + 6)
    n = max(30, int(round(RIKET["patrols"] * scale)))
    places = [a.name for a in chosen if a.level in ("kommun", "sdo", "area")] or ["Danderyd"]
    places += SEED_PLACES[: max(1, int(round(len(SEED_PLACES) * min(1.0, scale * 10))))]
    n_excel = int(round(n * PATROL_EXCEL_SHARE))
    n_police = (n - n_excel) // 2
    n_template = n - n_excel - n_police

    # 1. Our template layout (walks, fältassistenter, ordningsvakter): dates and times as typed.
    f = _patrol_streams(rng, places, CSV_PERFORMERS, n_template)
    dates = _dates(f["day"].to_numpy())
    style = rng.random(len(f))
    iso = join(dates.year.to_numpy(), "-", pad2(dates.month), "-", pad2(dates.day))
    day_first = join(dates.day.to_numpy(), "/", dates.month.to_numpy(), "/", dates.year.to_numpy())
    named = join(dates.day.to_numpy(), " ", pick(MONTH_SHORT, dates.month.to_numpy() - 1), " ", dates.year.to_numpy())
    date_text = pc.if_else(pa.array(style < 0.8), iso, pc.if_else(pa.array(style < 0.93), day_first, named))
    start = f["start"].to_numpy()
    start_text = pc.if_else(pa.array(style < 0.6), _clock(start), pc.if_else(
        pa.array(style < 0.85), _clock(start, "."), join("kl ", _clock(start, "."))))
    participants = rng.integers(2, 12, len(f))
    part_text = pc.if_else(pa.array(rng.random(len(f)) < 0.2), join(participants, " st"), _s(participants))
    youths = pc.if_else(pa.array(rng.random(len(f)) < 0.4), "", _s(rng.integers(0, 25, len(f))))
    drunk = pc.if_else(pa.array(rng.random(len(f)) < 0.5), "", _s(rng.integers(0, 4, len(f))))
    lines = join(date_text, start_text, _clock(start + f["minutes"].to_numpy()), pick(places, f["place"].to_numpy()),
                 pick(CSV_PERFORMERS, f["performer"].to_numpy()), part_text, youths, drunk,
                 _note_text(f["note"].to_numpy()), sep=";")
    header = ["Datum;Start;Slut;Plats;Utförare;Antal deltagare;Ungdomar;Berusade;Iakttagelser"]
    years = dates.year.to_numpy()
    for start_row, stop in _pack(years, _bytes(lines), FILE_BYTES - 1024):
        w.write(f"narvarologg-vandringar-och-vakter-{years[start_row]}-{years[stop - 1]}.csv",
                _text(header, lines[start_row:stop], newline="\r\n").encode("cp1252"),
                "patrullogg", "patrullogg (csv)", "patrols", stop - start_row)

    # 2. Police presence: a title, then Datum;Starttid;Tid (min);Plats;Typ;Antal;Iakttagelser (no end).
    f = _patrol_streams(rng, places, POLICE_PERFORMERS, n_police)
    dates = _dates(f["day"].to_numpy())
    start = f["start"].to_numpy()
    style = rng.random(len(f))
    start_text = pc.if_else(pa.array(style < 0.7), _clock(start), pc.if_else(
        pa.array(style < 0.85), join(pad2(start // 60), pad2(start % 60)), _clock(start, ".")))
    lines = join(join(dates.year.to_numpy(), "-", pad2(dates.month), "-", pad2(dates.day)), start_text,
                 f["minutes"].to_numpy(), pick(places, f["place"].to_numpy()),
                 pick(POLICE_PERFORMERS, f["performer"].to_numpy()), rng.integers(1, 5, len(f)),
                 _note_text(f["note"].to_numpy()), sep=";")
    header = ["Polisens närvaro i lokalpolisområdena;;;;;;", "",
              "Datum;Starttid;Tid (min);Plats;Typ;Antal;Iakttagelser"]
    years = dates.year.to_numpy()
    for start_row, stop in _pack(years, _bytes(lines), FILE_BYTES - 1024):
        w.write(f"polisens-narvaro-{years[start_row]}-{years[stop - 1]}.csv",
                b"\xef\xbb\xbf" + _text(header, lines[start_row:stop]).encode("utf-8"),
                "patrullogg", "patrullogg (csv)", "patrols", stop - start_row)

    # 3. Guard companies' Excel exports: title rows, date and time cells, one workbook per company
    #    (and block of years).
    f = _patrol_streams(rng, places, EXCEL_PERFORMERS, n_excel)
    f["year"] = _dates(f["day"].to_numpy()).year
    header = ["Datum", "Tid från", "Tid till", "Område", "Utförare", "Ronderingsnr", "Händelser"]
    for p, performer in enumerate(EXCEL_PERFORMERS):
        g = f[f["performer"] == p].reset_index(drop=True)
        years = g["year"].to_numpy()
        for start_row, stop in _pack(years, np.ones(len(g), dtype=np.int64), EXCEL_ROWS):
            part = g.iloc[start_row:stop]
            start = part["start"].to_numpy()
            end = (start + part["minutes"].to_numpy()) % 1440
            serial = (part["day"].to_numpy() + (np.datetime64("2016-01-01") - np.datetime64("1899-12-30"))
                      .astype(np.int64))
            number = join("R-", part["year"].to_numpy(), "-", pc.utf8_lpad(_s(np.arange(start_row, stop) + 1), 6, "0"))
            columns = [("d", serial), ("t", start / 1440), ("t", end / 1440),
                       ("s", pick(places, part["place"].to_numpy())), ("s", pa.array([performer] * len(part))),
                       ("s", number), ("s", _note_text(part["note"].to_numpy()))]
            data = xlsx_workbook("Rapport", [["Ronderingsrapport"], [f"Utförare: {performer}"],
                                             ["Utskriven 2026-01-07"], []], header, columns)
            w.write(f"vaktrapport-{slug(performer)}-{years[start_row]}-{years[stop - 1]}.xlsx", data,
                    "patrullogg", "patrullogg (xlsx)", "patrols", stop - start_row)


# --- a minimal xlsx writer (what Excel saves: shared strings, date and time styles) ---------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>"""
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""


def xlsx_workbook(sheet: str, above: list[list[str]], header: list[str], columns: list[tuple[str, object]]) -> bytes:
    """One sheet: `above` (title rows, text), the header (bold) and the data columns, each
    ("s", strings) shared text (empty = no cell), ("n", numbers), ("d", Excel date serials) or
    ("t", day fractions), styled as Excel styles dates (yyyy-mm-dd) and times (hh:mm)."""
    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    head_rows = []
    for r, cells in enumerate(above + [header], start=1):
        style = ' s="3"' if r == len(above) + 1 else ""
        cells_xml = "".join(f'<c r="{column_letter(i)}{r}" t="s"{style}><v>{shared(c)}</v></c>'
                            for i, c in enumerate(cells) if c)
        head_rows.append(f'<row r="{r}">{cells_xml}</row>')
    n = len(columns[0][1])
    first = len(above) + 2
    row_numbers = np.arange(first, first + n)
    row_text = _s(row_numbers)
    cells = []
    for i, (kind, values) in enumerate(columns):
        ref = join(f'<c r="{column_letter(i)}', row_text, '"')
        if kind == "s":
            values = _s(values)
            texts = values.to_numpy(zero_copy_only=False)
            codes, uniques = pd.factorize(texts)
            ids = np.array([shared(u) for u in uniques], dtype=np.int64)[codes]
            cell = pc.if_else(pa.array(texts == ""), "", join(ref, ' t="s"><v>', ids, "</v></c>"))
        else:
            style = {"d": ' s="1"', "t": ' s="2"', "n": ""}[kind]
            numbers = np.asarray(values)
            if numbers.dtype.kind == "f":
                text = pa.array([repr(float(v)) for v in numbers], pa.string()) if kind != "n" else \
                    pa.array([f"{v:.10g}" for v in numbers], pa.string())
            else:
                text = _s(numbers)
            cell = join(ref, style, "><v>", text, "</v></c>")
        cells.append(cell)
    rows = join(join('<row r="', row_text, '">'), *cells, "</row>")
    last = f"{column_letter(len(columns) - 1)}{first + n - 1}"
    sheet_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}">'
                 f'<dimension ref="A1:{last}"/><sheetData>' + "".join(head_rows)
                 + "".join(rows.to_pylist()) + "</sheetData></worksheet>")
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_NS}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t xml:space=\"preserve\">{escape(s)}</t></si>"
                                                        for s in strings) + "</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/styles.xml", _STYLES), ("xl/sharedStrings.xml", sst),
                           ("xl/worksheets/sheet1.xml", sheet_xml)):
            zf.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


# --- entry points ---------------------------------------------------------------------------------

def generate(out_dir: Path, scale: float = 1.0, *, seed: int = SEED, parquet: bool = False) -> list[dict]:
    """Write every source file for `scale` to `out_dir` (created; files of the same names are
    overwritten) and a manifest.json listing them in import order. Returns the manifest's files:
    dicts with file (path), kind, format, stage and rows (rows a fresh database gets)."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be in (0, 1]")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    geo = geography(seed)
    chosen = chosen_areas(geo, scale, seed)
    w = Writer(out_dir)
    write_places(w, geo)
    write_population(w, geo)
    crime = crime_counts(geo, seed)
    write_bra_kommun(w, geo, crime, chosen)
    write_databasfil(w, geo, crime, chosen, seed)
    write_events(w, geo, scale, seed, parquet=parquet)
    write_surveys(w, chosen, seed)
    write_patrols(w, chosen, scale, seed)
    files = [dict(vars(f)) for f in w.files]
    manifest = {"scale": scale, "seed": seed, "seconds": round(time.perf_counter() - started, 1), "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return [dict(f, file=str(out_dir / f["file"])) for f in files]


def load_manifest(out_dir: Path) -> dict:
    """The manifest of a generated directory, with file paths made absolute."""
    out_dir = Path(out_dir)
    manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [dict(f, file=str(out_dir / f["file"])) for f in manifest["files"]]
    return manifest


def ensure_generated(out_dir: Path, scale: float, *, seed: int = SEED) -> list[dict]:
    """The files for (scale, seed) in `out_dir`, generating them unless the manifest says they are
    there already."""
    try:
        manifest = load_manifest(out_dir)
        if (manifest["scale"] == scale and manifest["seed"] == seed
                and all(Path(f["file"]).exists() for f in manifest["files"])):
            return manifest["files"]
    except (OSError, ValueError, KeyError):
        pass
    return generate(out_dir, scale, seed=seed)


def build_database(files: list[dict], db_path: Path, *, stages: tuple[str, ...] = STAGES,
                   progress=print) -> dict:
    """Import the generated files into a new database at `db_path` through the real pipeline, one
    `import_files` call (one writer) per stage in STAGES order. Returns {"seconds", "rows",
    "per_stage": {stage: seconds}}. Raises RuntimeError when a file is rejected."""
    from loaders.pipeline import import_files

    db_path = Path(db_path)
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    per_stage, rows = {}, 0
    for stage in stages:
        paths = [Path(f["file"]) for f in files if f["stage"] == stage]
        if not paths:
            continue
        t0 = time.perf_counter()
        results = import_files(paths, db_path=db_path, imported_by="benchmark")
        per_stage[stage] = round(time.perf_counter() - t0, 1)
        rejected = [r.message for r in results if r.status == "rejected"]
        if rejected:
            raise RuntimeError("\n".join(rejected))
        rows += sum(r.added + r.replaced for r in results)
        if progress:
            progress(f"{stage}: {len(paths)} filer, {sum(r.added for r in results)} rader på {per_stage[stage]} s")
    return {"seconds": round(time.perf_counter() - started, 1), "rows": rows, "per_stage": per_stage}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("generate", "build"):
        p = sub.add_parser(name)
        p.add_argument("--scale", type=float, default=1.0, help="1 = riket (default), e.g. 0.01 for tests")
        p.add_argument("--out", type=Path, default=None, help="directory for the files (default /tmp/lagesbild-scale-<scale>)")
        p.add_argument("--seed", type=int, default=SEED)
        if name == "generate":
            p.add_argument("--parquet", action="store_true", help="also write the events as Parquet per year")
        else:
            p.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    out = args.out or Path(f"/tmp/lagesbild-scale-{args.scale:g}")
    if args.command == "generate":
        started = time.perf_counter()
        files = generate(out, args.scale, seed=args.seed, parquet=args.parquet)
        summary = pd.DataFrame(files).groupby("format").agg(files=("file", "size"), rows=("rows", "sum"))
        print(summary.to_string())
        size = sum(Path(f["file"]).stat().st_size for f in files) / 1024 / 1024
        print(f"{len(files)} filer, {size:.0f} MB i {out} på {time.perf_counter() - started:.1f} s")
        return 0
    started = time.perf_counter()
    files = ensure_generated(out, args.scale, seed=args.seed)
    generated = time.perf_counter() - started
    result = build_database(files, args.db)
    print(f"Filer: {generated:.1f} s; databas {args.db}: {result['rows']} rader på {result['seconds']} s "
          f"({math.floor(result['rows'] / max(result['seconds'], 1e-9))} rader/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
