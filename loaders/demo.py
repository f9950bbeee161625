"""The demo database: believable files in the real source formats, imported through the loaders.

Everything comes from a fixed seed, so the demo is the same on every machine. Numbers are made up
but shaped like the real ones (rates per 100 000, seasons, trends 2015–2025, the mix of Polisen's
event types, hours and weekdays; survey shares with respondent counts and binomial noise). Where the
action plans give facts (Hässelby torg 2018 → 2019; the trygghetsmätning's 23 % vs 9 %), the demo
agrees with them. Every import is marked as demo data (import_log.is_demo), and the app
says "Exempeldata" wherever it is on screen.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from lagesbild import settings
from lagesbild.registry import HERE as REGISTRY_DIR
from loaders.base import MONTH_NAMES
from loaders.demo_patrols import write_patrol_logs

SEED = 2024_11
YEARS = list(range(2015, 2026))
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]


@dataclass(frozen=True)
class DemoCategory:
    label: str                 # as BRÅ writes it in Databasfil.txt
    rate_2015: float           # per 100 000 inhabitants and year, national level
    rate_2025: float
    season: tuple[float, ...]  # relative weight per month
    monthly: bool              # included in the monthly export


FLAT = (1,) * 12
CATEGORIES = {
    "misshandel": DemoCategory("Misshandel inkl. grov (5, 6 §)", 870, 760,
                               (0.85, 0.8, 0.9, 0.95, 1.1, 1.15, 1.2, 1.15, 1.05, 0.95, 0.9, 0.95), True),
    "olaga_hot": DemoCategory("Olaga hot", 560, 640, FLAT, False),
    "bostadsinbrott": DemoCategory(
        "Stöld genom inbrott, inbrottsstöld i bostad, ej av skjutvapen (1, 2, 4, 4 a§)", 230, 95,
        (1.3, 1.0, 0.9, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 1.1, 1.3, 1.5), True),
    "stold_ur_fordon": DemoCategory("Ur och från motordrivet fordon", 720, 290,
                                    (1.1, 1.0, 1.0, 0.95, 0.95, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1), True),
    "butiksstold": DemoCategory("I butik, varuhus o. d.", 640, 720,
                                (0.9, 0.9, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.05, 1.1, 1.2), False),
    "ran": DemoCategory("Rån, inkl. grovt (5, 6 §)", 95, 80,
                        (1.0, 0.9, 0.95, 1.0, 1.0, 1.05, 1.0, 1.05, 1.05, 1.05, 1.0, 0.95), True),
    "skadegorelse": DemoCategory("12 kap. Skadegörelsebrott", 1900, 1350,
                                 (0.8, 0.8, 0.95, 1.05, 1.15, 1.1, 1.05, 1.1, 1.05, 1.0, 0.95, 0.95), True),
    "narkotika": DemoCategory("Brott mot narkotikastrafflagen", 1000, 900,
                              (0.9, 0.95, 1.05, 1.05, 1.05, 1.0, 0.9, 1.0, 1.1, 1.05, 1.0, 0.9), True),
    "bedrageri": DemoCategory("9 kap. Bedrägeri och annan oredlighet", 1500, 2100, FLAT, False),
}
TOTAL_LABEL = "Totalt antal brott"
# Everything not in CATEGORIES, per 100 000 and year, so that the total is about 14 000 (riket).
OTHER_RATE = (6000, 5600)
ECHOED_PARENTS = ["Brott mot brottsbalken", "3-7 kap. Brott mot person", "8-12 kap. Brott mot förmögenhet"]

# SCB code -> (population 2025, yearly growth, crime level vs riket, category multipliers)
KOMMUNER = {
    "0114": (50_400, 0.012, 1.00, {}), "0115": (36_100, 0.015, 0.75, {}),
    "0117": (48_300, 0.014, 0.75, {}), "0120": (47_600, 0.013, 0.80, {"bostadsinbrott": 1.5}),
    "0123": (86_000, 0.012, 0.95, {}), "0125": (29_600, 0.011, 0.60, {"bostadsinbrott": 1.4}),
    "0126": (116_800, 0.011, 1.00, {}), "0127": (97_400, 0.010, 1.10, {"ran": 1.6}),
    "0128": (17_700, 0.009, 0.70, {}), "0136": (97_900, 0.013, 0.95, {}),
    "0138": (49_300, 0.008, 0.70, {}), "0139": (31_400, 0.014, 0.85, {}),
    "0140": (11_700, 0.016, 0.75, {}), "0160": (75_900, 0.012, 0.70, {"bostadsinbrott": 1.4}),
    "0162": (33_600, 0.004, 0.62, {"bostadsinbrott": 1.8, "narkotika": 0.5, "ran": 0.6}),
    "0163": (77_300, 0.012, 0.75, {}), "0180": (988_900, 0.008, 1.45, {}),
    "0181": (102_600, 0.012, 1.20, {"ran": 1.4}), "0182": (110_100, 0.014, 0.80, {}),
    "0183": (55_300, 0.020, 1.00, {}), "0184": (87_200, 0.017, 1.20, {"butiksstold": 1.6}),
    "0186": (48_700, 0.004, 0.60, {"bostadsinbrott": 1.5}), "0187": (12_600, 0.007, 0.55, {}),
    "0188": (64_100, 0.009, 0.90, {}), "0191": (53_200, 0.012, 1.35, {"stold_ur_fordon": 1.6}),
    "0192": (29_700, 0.008, 0.95, {}),
}
RIKET_POPULATION = (9_850_000, 0.0075)

# Stockholm's stadsdelsområden as they were before the 2020 and 2023 mergers (the atoms we simulate);
# name -> (population 2025, growth, crime level vs riket, multipliers)
SDO_ATOMS = {
    "Rinkeby-Kista": (50_600, 0.006, 1.35, {"ran": 2.2, "narkotika": 1.6, "bostadsinbrott": 0.6}),
    "Spånga-Tensta": (40_300, 0.006, 1.25, {"ran": 1.8, "narkotika": 1.4}),
    "Hässelby-Vällingby": (77_800, 0.007, 1.05, {"narkotika": 1.2}),
    "Bromma": (81_400, 0.010, 0.75, {"bostadsinbrott": 1.6, "narkotika": 0.6}),
    "Kungsholmen": (72_900, 0.007, 1.30, {"butiksstold": 1.3}),
    "Norrmalm": (71_400, 0.005, 4.60, {"butiksstold": 2.5, "narkotika": 1.8, "misshandel": 1.5}),
    "Östermalm": (73_300, 0.005, 1.90, {"butiksstold": 1.5}),
    "Södermalm": (131_200, 0.004, 1.55, {"misshandel": 1.2}),
    "Hägersten-Liljeholmen": (86_500, 0.012, 0.90, {}),
    "Älvsjö": (29_200, 0.010, 0.85, {"bostadsinbrott": 1.3}),
    "Skärholmen": (37_600, 0.007, 1.35, {"butiksstold": 1.6, "ran": 1.5}),
    "Enskede-Årsta-Vantör": (107_200, 0.010, 0.95, {}),
    "Farsta": (58_900, 0.009, 1.00, {}),
    "Skarpnäck": (48_600, 0.009, 0.95, {}),
}
SDO_MERGERS = {  # new area: (members, first year published under the new area)
    "Hägersten-Älvsjö": (("Hägersten-Liljeholmen", "Älvsjö"), 2020),
    "Norra innerstaden": (("Norrmalm", "Östermalm"), 2023),
}
BRA_SDO_NAMES = {"Hässelby-Vällingby": "Hässelby - Vällingby", "Spånga-Tensta": "Spånga - Tensta",
                 "Enskede-Årsta-Vantör": "Enskede - Årsta - Vantör"}
STOCKHOLM_UNALLOCATED = 0.05  # share of the city's crimes without a stadsdelsområde

# Hässelby torg, from the Hässelby-Vällingby action plan (police statistics, 2018 -> 2019).
HASSELBY_TORG = {
    "Skadegörelse": {2016: 251, 2017: 266, 2018: 274, 2019: 142, 2020: 131, 2021: 118, 2022: 124,
                     2023: 109, 2024: 97, 2025: 101},
    "Tillgrepp i butik": {2016: 55, 2017: 63, 2018: 60, 2019: 31, 2020: 34, 2021: 29, 2022: 33,
                          2023: 36, 2024: 30, 2025: 27},
    "Våldsbrott": {2016: 58, 2017: 66, 2018: 62, 2019: 51, 2020: 47, 2021: 44, 2022: 49, 2023: 45,
                   2024: 41, 2025: 43},
    "Narkotikabrott": {2016: 27, 2017: 30, 2018: 32, 2019: 60, 2020: 71, 2021: 64, 2022: 58,
                       2023: 52, 2024: 49, 2025: 46},
}

EVENT_TYPES = {  # type -> (share, hour profile name, weekend factor)
    "Trafikolycka": (0.150, "rush", 0.8), "Brand": (0.065, "evening", 1.1),
    "Rattfylleri": (0.060, "evening", 1.6), "Trafikkontroll": (0.055, "day", 0.9),
    "Övrigt": (0.060, "day", 1.0), "Misshandel": (0.060, "night", 1.9),
    "Stöld": (0.045, "day", 0.9), "Trafikbrott": (0.028, "day", 1.0),
    "Stöld/inbrott": (0.024, "day", 0.8), "Skadegörelse": (0.022, "night", 1.4),
    "Fylleri/LOB": (0.020, "night", 2.2), "Rån": (0.020, "late", 1.2),
    "Narkotikabrott": (0.018, "late", 1.1), "Olaga hot": (0.016, "evening", 1.2),
    "Inbrott": (0.014, "day", 0.8), "Bråk": (0.014, "night", 2.0),
    "Misshandel, grov": (0.008, "night", 1.9), "Skottlossning": (0.006, "night", 1.3),
    "Detonation": (0.004, "night", 1.2), "Ofredande/förargelse": (0.010, "evening", 1.2),
    "Knivlagen": (0.006, "late", 1.3), "Vapenlagen": (0.004, "late", 1.2),
    "Våld/hot mot tjänsteman": (0.006, "night", 1.5), "Larm inbrott": (0.010, "night", 1.0),
    "Försvunnen person": (0.012, "day", 1.0), "Mord/dråp, försök": (0.002, "night", 1.4),
    "Trafikolycka, personskada": (0.020, "rush", 0.8), "Rån, försök": (0.004, "late", 1.2),
}
HOURS = {
    "rush": [1, 1, 1, 1, 1, 2, 5, 9, 9, 6, 5, 5, 6, 6, 7, 9, 10, 9, 6, 4, 3, 2, 2, 1],
    "day": [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1],
    "evening": [2, 2, 1, 1, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 7, 8, 8, 8, 7, 5, 3],
    "night": [9, 8, 7, 5, 3, 2, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10],
    "late": [5, 4, 3, 2, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 8, 8, 8, 7, 6],
}
SUMMARIES = {
    "Trafikolycka": "Två personbilar har kolliderat. Inga personskador rapporteras.",
    "Brand": "Räddningstjänsten och polis på plats. Ingen person skadad.",
    "Rattfylleri": "En förare misstänks för rattfylleri efter en kontroll.",
    "Misshandel": "En person har misshandlats. Polisen utreder händelsen.",
    "Rån": "En person har blivit rånad. Gärningspersonerna avvek från platsen.",
    "Skottlossning": "Anrop om skottlossning. Polisen har spärrat av ett område.",
    "Narkotikabrott": "En person misstänks för narkotikabrott efter ett ingripande.",
}
LAN_NAME = "Stockholms län"
LAN_GPS = "59.325117,18.071094"
EVENTS_START, EVENTS_END = dt.datetime(2022, 9, 1), dt.datetime(2025, 12, 31, 23, 0)
EVENTS_PER_YEAR = 6_500


def _growth_series(pop_2025: int, growth: float) -> dict[int, int]:
    return {y: int(round(pop_2025 / (1 + growth) ** (2025 - y))) for y in YEARS}


def _trend(start: float, end: float, year: int) -> float:
    return start + (end - start) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])


class DemoData:
    """All generated numbers, kept as plain frames before they are written in source formats."""

    def __init__(self, seed: int = SEED):
        self.rng = np.random.default_rng(seed)
        kommuner = pd.read_csv(REGISTRY_DIR / "kommuner.csv", sep=";", dtype=str)
        self.kommun_names = dict(zip(kommuner["kommunkod"], kommuner["kommun"]))
        self.population: dict[str, dict[int, int]] = {}
        self.monthly: dict[str, np.ndarray] = {}   # place -> [category index, year, month] counts
        self.categories = list(CATEGORIES) + ["_other"]
        self._simulate()

    def _simulate_place(self, key: str, pop: dict[int, int], level: float, mult: dict[str, float]) -> None:
        counts = np.zeros((len(self.categories), len(YEARS), 12), dtype=np.int64)
        for ci, cat in enumerate(self.categories):
            if cat == "_other":
                start, end, season = OTHER_RATE[0], OTHER_RATE[1], np.ones(12)
            else:
                c = CATEGORIES[cat]
                start, end, season = c.rate_2015, c.rate_2025, np.array(c.season)
            season = season / season.sum()
            for yi, year in enumerate(YEARS):
                expected = _trend(start, end, year) * level * mult.get(cat, 1.0) * pop[year] / 1e5
                counts[ci, yi] = self.rng.poisson(expected * season)
        self.population[key] = pop
        self.monthly[key] = counts

    def _simulate(self) -> None:
        for code, (pop, growth, level, mult) in KOMMUNER.items():
            if code != "0180":
                self._simulate_place(code, _growth_series(pop, growth), level, mult)
        for name, (pop, growth, level, mult) in SDO_ATOMS.items():
            self._simulate_place(f"sdo:{name}", _growth_series(pop, growth), level, mult)
        # Stockholm = its stadsdelsområden + crimes with no stadsdelsområde.
        atoms = [f"sdo:{n}" for n in SDO_ATOMS]
        city = sum(self.monthly[a] for a in atoms)
        extra = self.rng.poisson(city * STOCKHOLM_UNALLOCATED / (1 - STOCKHOLM_UNALLOCATED))
        self.monthly["0180"] = city + extra
        self.population["0180"] = {y: sum(self.population[a][y] for a in atoms) for y in YEARS}
        for name, (members, _) in SDO_MERGERS.items():
            keys = [f"sdo:{m}" for m in members]
            self.monthly[f"sdo:{name}"] = sum(self.monthly[k] for k in keys)
            self.population[f"sdo:{name}"] = {y: sum(self.population[k][y] for k in keys) for y in YEARS}
        # Län: the kommuner plus a little handled without a kommun; riket from national rates.
        lan = sum(self.monthly[c] for c in KOMMUNER)
        self.monthly["lan"] = lan + self.rng.poisson(lan * 0.02)
        self.population["lan"] = {y: sum(self.population[c][y] for c in KOMMUNER) for y in YEARS}
        rest_pop = _growth_series(*RIKET_POPULATION)
        self._simulate_place("_rest", rest_pop, 0.93, {})
        self.monthly["riket"] = self.monthly["lan"] + self.monthly.pop("_rest")
        self.population["riket"] = {y: self.population["lan"][y] + rest_pop[y] for y in YEARS}
        self.population.pop("_rest")

    # -- views ------------------------------------------------------------------------------
    def published_sdos(self, year: int) -> list[str]:
        """The stadsdelsområden BRÅ would publish for a year (after the mergers, the new ones)."""
        merged_away = {m for name, (members, first) in SDO_MERGERS.items() if year >= first for m in members}
        new = [name for name, (_, first) in SDO_MERGERS.items() if year >= first]
        return [n for n in SDO_ATOMS if n not in merged_away] + new

    def region_label(self, key: str) -> str:
        if key == "riket":
            return "Hela landet"
        if key == "lan":
            return LAN_NAME
        if key.startswith("sdo:"):
            name = key[4:]
            return f"{BRA_SDO_NAMES.get(name, name)} (Sthlm)"
        return f"{self.kommun_names[key]} kommun"

    def yearly(self, key: str, category: str, year_index: int) -> int:
        counts = self.monthly[key]
        if category == "totalt":
            return int(counts[:, year_index].sum())
        return int(counts[self.categories.index(category), year_index].sum())

    def monthly_count(self, key: str, category: str, year_index: int, month: int) -> int:
        counts = self.monthly[key]
        if category == "totalt":
            return int(counts[:, year_index, month].sum())
        return int(counts[self.categories.index(category), year_index, month])


# --- writers in the real formats -----------------------------------------------------------------

def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _rate(count: int, population: int, decimals: int = 0) -> str:
    value = count / population * 1e5
    return f"{value:.{decimals}f}".replace(".", ",") if decimals else str(int(round(value)))


def write_bra_kommun_csv(demo: DemoData, out: Path) -> list[Path]:
    paths = []
    for yi, year in enumerate(YEARS):
        lines = ["Kommun;Antal;Per 100 000 inv."]
        for code in sorted(KOMMUNER, key=lambda c: demo.kommun_names[c]):
            n = demo.yearly(code, "totalt", yi)
            lines.append(f"{demo.kommun_names[code]};{_thousands(n)};{_thousands(int(_rate(n, demo.population[code][year])))}")
        n = demo.yearly("riket", "totalt", yi)
        lines.append(f"Hela landet;{_thousands(n)};{_thousands(int(_rate(n, demo.population['riket'][year])))}")
        path = out / f"Anmälda brott kommunerna {year}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
        paths.append(path)
    return paths


def _databasfil(rows: list[str]) -> bytes:
    header = "Region;Brott;År;Period;Antal;/100 000 inv"
    return ("\r\n".join([header] + rows) + "\r\n").encode("latin-1")


def write_databasfil(demo: DemoData, out: Path) -> list[Path]:
    kommun_keys = ["riket", "lan"] + sorted(KOMMUNER, key=lambda c: demo.kommun_names[c])
    labels = [(TOTAL_LABEL, "totalt")] + [(c.label, k) for k, c in CATEGORIES.items()]
    monthly_labels = [(l, k) for l, k in labels if k == "totalt" or CATEGORIES[k].monthly]

    def yearly_rows(keys_for_year, with_rate: bool) -> list[str]:
        rows = []
        for label, cat in labels:
            for yi, year in enumerate(YEARS):
                for key in keys_for_year(year):
                    n = demo.yearly(key, cat, yi)
                    rate = _rate(n, demo.population[key][year]) if with_rate else ".."
                    rows.append(f"{demo.region_label(key)};{label};År;{year};{n};{rate};")
        return rows

    def monthly_rows(keys_for_year, with_rate: bool) -> list[str]:
        rows = []
        for label, cat in monthly_labels:
            for yi, year in enumerate(YEARS):
                for month in range(12):
                    for key in keys_for_year(year):
                        n = demo.monthly_count(key, cat, yi, month)
                        rate = _rate(n, demo.population[key][year], 1) if with_rate else ".."
                        count = "-" if n == 0 else str(n)
                        rows.append(f"{demo.region_label(key)};{label};{year};{MONTH_ABBR[month]};{count};{rate};")
        return rows

    def echoed(keys: list[str], period_year: int) -> list[str]:
        return [f"{demo.region_label(k)};{p};År;{period_year};..;..;" for p in ECHOED_PARENTS for k in keys[:3]]

    sdo_keys = lambda year: [f"sdo:{n}" for n in demo.published_sdos(year)]
    files = {
        "Databasfil - år, kommuner.txt": echoed(kommun_keys, YEARS[-1]) + yearly_rows(lambda y: kommun_keys, True),
        "Databasfil - år, stadsområden Stockholm.txt": yearly_rows(sdo_keys, False),
        "Databasfil - månad, kommuner.txt": monthly_rows(lambda y: kommun_keys, True),
        "Databasfil - månad, stadsområden Stockholm.txt": monthly_rows(sdo_keys, False),
    }
    paths = []
    for name, rows in files.items():
        path = out / name
        path.write_bytes(_databasfil(rows))
        paths.append(path)
    return paths


def write_scb_population(demo: DemoData, out: Path) -> Path:
    keys = [("00", "riket"), ("01", "lan")] + [(c, c) for c in sorted(KOMMUNER)]
    data = [{"key": [code, str(year)], "values": [str(demo.population[key][year])]}
            for code, key in keys for year in YEARS]
    body = {
        "columns": [{"code": "Region", "text": "region", "type": "d"},
                    {"code": "Tid", "text": "år", "type": "t"},
                    {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
        "comments": [], "data": data,
        "metadata": [{"infofile": "BE0101", "updated": "2026-02-21T08:00:00",
                      "label": "Folkmängd efter region och år", "source": "SCB"}],
    }
    path = out / "scb-folkmangd-BefolkningNy-2015-2025.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def write_sdo_population(demo: DemoData, out: Path) -> Path:
    lines = ["Område;År;Folkmängd"]
    for year in YEARS:
        for name in demo.published_sdos(year):
            lines.append(f"{name};{year};{demo.population[f'sdo:{name}'][year]}")
    path = out / "folkmangd-stadsdelsomraden-2015-2025.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_kolada(demo: DemoData, out: Path) -> Path:
    kpis = {"N07540": ["totalt"], "N07403": ["misshandel", "ran", "olaga_hot"],
            "N07546": ["bostadsinbrott"], "N07544": ["narkotika"]}
    keys = [("0000", "riket"), ("0001", "lan")] + [(c, c) for c in sorted(KOMMUNER)]
    values = []
    for kpi, cats in kpis.items():
        for code, key in keys:
            for yi, year in enumerate(YEARS):
                n = sum(demo.yearly(key, c, yi) for c in cats)
                if kpi == "N07403":
                    n = int(n * 1.12)  # våldsbrott also counts sexual violence and more
                value = round(n / demo.population[key][year] * 1e5, 1)
                values.append({"kpi": kpi, "municipality": code, "period": year,
                               "values": [{"gender": "T", "value": value, "status": ""}]})
    path = out / "kolada-v3-anmalda-brott-2015-2025.json"
    path.write_text(json.dumps({"values": values, "count": len(values), "next_url": None},
                               ensure_ascii=False), encoding="utf-8")
    return path


def write_police_templates(demo: DemoData, out: Path) -> list[Path]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Hässelby torg"
    sheet.append(["Polisens statistik för Hässelby torg (lokalpolisområde Västerort), januari–november"])
    sheet.append([])
    sheet.append(["Område", "År", "Brottskategori", "Antal"])
    for category, by_year in HASSELBY_TORG.items():
        for year, n in by_year.items():
            sheet.append(["Hässelby torg", year, category, n])
    xlsx = out / "polisstatistik-hasselby-torg.xlsx"
    book.save(xlsx)
    rng = np.random.default_rng(SEED + 7)
    lines = ["Område;År;Månad;Brottskategori;Antal"]
    base = {"Skadegörelse": 6.0, "Stöld i butik": 4.5, "Misshandel": 1.6, "Narkotikabrott": 1.2}
    for year in (2023, 2024, 2025):
        for month in range(1, 13):
            for category, mean in base.items():
                lines.append(f"Mörby centrum;{year};{MONTH_NAMES[month - 1]};{category};{rng.poisson(mean)}")
    csv = out / "polisstatistik-morby-centrum-2023-2025.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [xlsx, csv]


def _kommun_centres() -> dict[str, str]:
    centres = pd.read_csv(REGISTRY_DIR / "kommun_centres.csv", sep=";", dtype=str)
    return {c: f"{lat},{lon}" for c, lat, lon in zip(centres["kommunkod"], centres["lat"], centres["lon"])}


def _url_slug(text: str) -> str:
    from lagesbild.names import slug
    return slug(text.replace(".", "-"))


def generate_events(demo: DemoData, seed: int = SEED) -> pd.DataFrame:
    """Events in Stockholms län with realistic types, hours and weekdays (incident times)."""
    rng = np.random.default_rng(seed + 1)
    days = pd.date_range(EVENTS_START, EVENTS_END.date(), freq="D")
    codes = list(KOMMUNER)
    weights = np.array([demo.population[c][2025] * KOMMUNER[c][2] for c in codes], dtype=float)
    weights /= weights.sum()
    types = list(EVENT_TYPES)
    shares = np.array([EVENT_TYPES[t][0] for t in types])
    shares /= shares.sum()
    centres = _kommun_centres()
    records = []
    per_day = EVENTS_PER_YEAR / 365
    for day in days:
        # Friday–Sunday weigh by each type's weekend factor; the weekly mean stays the same.
        weekend = day.weekday() >= 4
        for t_index, event_type in enumerate(types):
            _, profile, weekend_factor = EVENT_TYPES[event_type]
            norm = (4 + 3 * weekend_factor) / 7
            expected = per_day * shares[t_index] * (weekend_factor if weekend else 1.0) / norm
            hours = np.array(HOURS[profile], dtype=float)
            for _ in range(rng.poisson(expected)):
                hour = int(rng.choice(24, p=hours / hours.sum()))
                occurred = day + pd.Timedelta(hours=hour, minutes=int(rng.integers(0, 60)))
                code = codes[int(rng.choice(len(codes), p=weights))]
                records.append((occurred, event_type, code))
        # One night summary per day for the län, written around six in the morning.
        records.append((day + pd.Timedelta(hours=6, minutes=int(rng.integers(0, 40))), "Sammanfattning natt", None))
    frame = pd.DataFrame(records, columns=["occurred", "type", "code"]).sort_values("occurred")
    delay = rng.gamma(2.0, 12.0, len(frame)) + 3
    frame["published"] = frame["occurred"] + pd.to_timedelta(delay.round(), unit="m")
    frame["published"] += pd.to_timedelta(rng.integers(0, 60, len(frame)), unit="s")
    frame["event_id"] = 520_000 + np.cumsum(rng.integers(3, 7, len(frame)))
    county_level = rng.random(len(frame)) < 0.35
    names, locations, gps, urls, summaries = [], [], [], [], []
    for occurred, event_type, code, county in zip(frame["occurred"], frame["type"], frame["code"], county_level):
        code = code if isinstance(code, str) else None
        kommun = demo.kommun_names[code] if code else LAN_NAME
        title = f"{occurred.day:02d} {MONTH_NAMES[occurred.month - 1]} {occurred:%H.%M}, {event_type}, {kommun}"
        names.append(title)
        on_county = code is None or county
        locations.append(LAN_NAME if on_county else kommun)
        gps.append(LAN_GPS if on_county else centres[code])
        urls.append(f"/aktuellt/handelser/{occurred.year}/{MONTH_NAMES[occurred.month - 1]}/{occurred.day}/"
                    f"{_url_slug(title)}/")
        summaries.append("Natten i polisregion Stockholm i korthet." if code is None
                         else SUMMARIES.get(event_type, f"{event_type}, {kommun}. Polisen på plats."))
    frame["name"], frame["location_name"], frame["gps"] = names, locations, gps
    frame["url"], frame["summary"] = urls, summaries
    return frame.reset_index(drop=True)


def _api_datetime(stamp: pd.Timestamp) -> str:
    offset = "+02:00" if _is_summer_time(stamp) else "+01:00"
    return f"{stamp:%Y-%m-%d} {stamp.hour}:{stamp:%M:%S} {offset}"


def _is_summer_time(stamp: pd.Timestamp) -> bool:
    local = pd.Timestamp(stamp).tz_localize("Europe/Stockholm", ambiguous=True, nonexistent="shift_forward")
    return bool(local.dst())


def write_events(demo: DemoData, out: Path) -> list[Path]:
    events = generate_events(demo)
    archive = events.iloc[:-200]
    lat_lon = archive["gps"].str.split(",", expand=True).astype(float)
    parquet = pd.DataFrame({
        "event_id": archive["event_id"], "datetime": archive["published"].map(_api_datetime),
        "name": archive["name"], "summary": archive["summary"], "url": archive["url"],
        "type": archive["type"], "location_name": archive["location_name"],
        "latitude": lat_lon[0], "longitude": lat_lon[1],
    })
    archive_path = out / "polisen-handelser-arkiv-2022-2025.parquet"
    parquet.to_parquet(archive_path, index=False)
    # The API's latest 500: 300 already in the archive (30 of them updated since), 200 new.
    latest = events.iloc[-500:].copy()
    updated = latest.index[:300][::10]
    latest.loc[updated, "published"] += pd.Timedelta(minutes=47)
    latest.loc[updated, "summary"] = latest.loc[updated, "summary"] + " Uppdatering: ärendet utreds vidare."
    api = [{"id": int(r.event_id), "datetime": _api_datetime(r.published), "name": r.name,
            "summary": r.summary, "url": r.url, "type": r.type,
            "location": {"name": r.location_name, "gps": r.gps}}
           for r in latest.iloc[::-1].itertuples()]
    api_path = out / "polisen-handelser-api.json"
    api_path.write_text(json.dumps(api, ensure_ascii=False, indent=1), encoding="utf-8")
    return [archive_path, api_path]


# --- surveys -------------------------------------------------------------------------------------
# How a place answers surveys, as shifts on the logit scale: risk (+ = less safe, more crime and
# disorder, as in the crime demo), affluence (youth alcohol and drug use are more common in well-off
# areas, less in Järva) and centre (city-centre disorder: drunk people, litter). Stockholm kommun
# and the merged areas are their parts, weighted by population.
SURVEY_SDO = {  # atom -> (risk, affluence, centre)
    "Rinkeby-Kista": (0.75, -0.9, 0.0), "Spånga-Tensta": (0.60, -0.7, 0.0),
    "Hässelby-Vällingby": (0.15, -0.1, 0.0), "Bromma": (-0.45, 0.5, 0.0),
    "Kungsholmen": (-0.20, 0.45, 0.1), "Norrmalm": (0.00, 0.6, 0.5), "Östermalm": (-0.30, 0.8, 0.1),
    "Södermalm": (-0.05, 0.5, 0.4), "Hägersten-Liljeholmen": (-0.15, 0.2, 0.0), "Älvsjö": (-0.20, 0.1, 0.0),
    "Skärholmen": (0.55, -0.6, 0.1), "Enskede-Årsta-Vantör": (0.05, 0.0, 0.0), "Farsta": (0.20, -0.1, 0.0),
    "Skarpnäck": (0.10, 0.0, 0.0),
}
SURVEY_KOMMUNER = {  # code -> (risk, affluence, centre); 0180 is its stadsdelsområden
    "0114": (0.20, -0.1, 0.0), "0115": (-0.20, 0.1, 0.0), "0117": (-0.20, 0.1, 0.0), "0120": (-0.20, 0.2, 0.0),
    "0123": (0.10, -0.2, 0.0), "0125": (-0.35, 0.3, 0.0), "0126": (0.15, -0.2, 0.0), "0127": (0.45, -0.5, 0.0),
    "0128": (-0.10, 0.0, 0.0), "0136": (0.20, -0.1, 0.0), "0138": (-0.20, 0.1, 0.0), "0139": (0.20, -0.2, 0.0),
    "0140": (-0.10, 0.0, 0.0), "0160": (-0.40, 0.6, 0.0), "0162": (-0.55, 0.9, 0.0), "0163": (-0.15, 0.3, 0.0),
    "0181": (0.45, -0.5, 0.1), "0182": (-0.25, 0.4, 0.0), "0183": (0.15, 0.0, 0.1), "0184": (0.05, 0.2, 0.1),
    "0186": (-0.45, 0.8, 0.0), "0187": (-0.40, 0.5, 0.0), "0188": (0.00, 0.0, 0.0), "0191": (0.40, -0.4, 0.0),
    "0192": (0.10, 0.0, 0.0),
}
SUPPRESS_BELOW = 10  # respondents; smaller groups are written as ".." with their count


@dataclass(frozen=True)
class YouthIndicator:
    label: str                                  # as in registry/survey_indicators.csv
    base: dict[str, tuple[float, float]]        # grade -> (flickor, pojkar), share for an average place in 2019
    risk: float = 0.0                           # logit change per unit of the place's risk …
    affluence: float = 0.0                      # … and affluence
    trend: float = 0.0                          # logit change per year


SE_YEARS = [2014, 2016, 2018, 2020, 2022, 2024]
SE_GRADES = {"ak9": "åk 9", "gy2": "gy 2"}
# "Trygg i området" is drawn from the same question as "otrygg ute kväll" (see _youth_counts).
SE_INDICATORS = {
    "otrygg_ute_kvall": YouthIndicator("Känner sig otrygg ute ensam sent en kväll",
                                       {"ak9": (0.20, 0.08), "gy2": (0.21, 0.08)}, risk=0.6, trend=-0.01),
    "utsatt_ran": YouthIndicator("Har blivit rånad senaste 12 mån", {"ak9": (0.022, 0.048), "gy2": (0.02, 0.05)},
                                 risk=0.6, trend=0.02),
    "utsatt_misshandel": YouthIndicator("Har blivit misshandlad senaste 12 mån",
                                        {"ak9": (0.055, 0.095), "gy2": (0.05, 0.085)}, risk=0.3, trend=-0.01),
    "utsatt_hot": YouthIndicator("Har blivit allvarligt hotad senaste 12 mån",
                                 {"ak9": (0.08, 0.10), "gy2": (0.075, 0.095)}, risk=0.3),
    "narkotika_nagon_gang": YouthIndicator("Har använt narkotika någon gång",
                                           {"ak9": (0.055, 0.075), "gy2": (0.16, 0.21)},
                                           risk=0.1, affluence=0.25, trend=0.01),
    "alkohol_12_man": YouthIndicator("Har druckit alkohol senaste 12 mån",
                                     {"ak9": (0.39, 0.35), "gy2": (0.70, 0.66)}, affluence=0.35, trend=-0.03),
    "burit_vapen": YouthIndicator("Har burit kniv eller annat vapen senaste 12 mån",
                                  {"ak9": (0.035, 0.12), "gy2": (0.03, 0.10)}, risk=0.5),
}
SE_TRYGG = ("trygg_omradet", "Känner sig trygg i området där man bor")
TRYGG_OF_NOT_OTRYGG = 0.965  # the rest answer "varken eller" or "vet inte"
SE_INDICATOR_ORDER = ["trygg_omradet", *SE_INDICATORS]
# Pupils per inhabitant answering in åk 9; participation by year (2020: the pandemic).
SE_AK9_PER_INHABITANT = 0.0052
SE_PARTICIPATION = {2014: 1.0, 2016: 1.03, 2018: 0.96, 2020: 0.90, 2022: 0.97, 2024: 0.95}
SE_GY2_FACTOR = 0.82
# Kommuner without a gymnasium of their own: their gy 2 pupils answer in few numbers.
SE_SMALL_GY2 = {"0140": 0.40, "0187": 0.45, "0128": 0.30}
SE_NO_GENDER = 0.012  # share who do not state kön (counted in Totalt only)

TM_STAD_YEARS = [2014, 2017, 2020, 2023]
TM_STAD = {  # indicator -> (label, (kvinnor, män) in 2017 for an average area, risk, centre, trend)
    "trygg_kvall": ("Känner sig trygg ute sent en kväll i bostadsområdet", (0.66, 0.83), -0.75, -0.1, 0.015),
    "utsatt_brott": ("Har utsatts för brott senaste 12 mån", (0.17, 0.19), 0.25, 0.15, -0.01),
    "berusade_stor": ("Berusade personer stör ordningen", (0.09, 0.075), 0.6, 1.4, -0.02),
    "narkotika_stor": ("Narkotikamissbrukare stör ordningen", (0.08, 0.065), 0.6, 1.2, -0.02),
    "nedskrapning": ("Nedskräpning är ett problem", (0.30, 0.27), 0.5, 0.5, 0.01),
}
# Places asked about in the trygghetsmätning: (name in registry/places.csv, stadsdelsområde atom,
# logit offsets against the area for the order indicators).
TM_STAD_PLACES = {
    "Hässelby torg": ("Hässelby-Vällingby", {"berusade_stor": 1.1, "narkotika_stor": 1.06, "nedskrapning": 0.6}),
    "Vällingby centrum": ("Hässelby-Vällingby", {"berusade_stor": 0.8, "narkotika_stor": 0.7, "nedskrapning": 0.5}),
    "Älvsjö centrum": ("Älvsjö", {"berusade_stor": 0.5, "narkotika_stor": 0.4, "nedskrapning": 0.3}),
}
# The Hässelby-Vällingby action plan (2020): "I senaste Trygghetsmätningen" (2017), share who see
# drunk people / drug users disturbing order: Hässelby torg vs the whole stadsdelsområde, in %.
TM_STAD_SEED_YEAR = 2017
TM_STAD_SEED = {"berusade_stor": {"Hässelby torg": 23, "Hässelby-Vällingby": 9},
                "narkotika_stor": {"Hässelby torg": 20, "Hässelby-Vällingby": 8}}
TM_STAD_RESPONSE = {2014: 1.0, 2017: 1.05, 2020: 0.95, 2023: 0.90}

TM_POLIS_YEARS = list(range(2020, 2025))
TM_POLIS_INDEX = {  # indicator -> (label, value for an average kommun, risk factor, centre factor)
    "problemindex_ordning": ("Problemindex ordningsstörningar", 1.5, 0.8, 0.4),
    "problemindex_brott": ("Problemindex brott", 1.3, 0.7, 0.2),
    "otrygghetsindex": ("Otrygghetsindex", 1.2, 0.8, 0.2),
}
TM_POLIS_TRYGG = ("trygg_kvall", "Känner sig trygg ute sent en kväll", 0.73, -1.0)
TM_POLIS_RESPONSE = {2020: 1.1, 2021: 0.9, 2022: 0.75, 2023: 0.8, 2024: 0.8}
TM_POLIS_YEAR_SHIFT = {2020: 0.0, 2021: -0.03, 2022: -0.05, 2023: 0.02, 2024: 0.0}  # on the index' log scale

NTU_YEARS = list(range(2017, 2026))
NTU_KPIS = {  # KPI -> ((kvinnor, män) for riket, risk, centre, higher share with each year's shift)
    "N07611": ((0.235, 0.095), 0.5, 0.3, 1.0),    # otrygghet vid utevistelse sen kväll
    "N07620": ((0.140, 0.080), 0.4, 0.1, 0.8),    # avstått aktivitet pga oro för brott
    "N07633": ((0.195, 0.205), 0.2, 0.2, 0.0),    # utsatt för brott mot enskild person
    "N07606": ((0.610, 0.580), -0.3, 0.0, -0.6),  # förtroende för att polisen behandlar brottsutsatta bra
    "N07628": ((0.170, 0.155), 0.7, 0.6, 0.5),    # problem med berusade/drogpåverkade personer utomhus
}
NTU_YEAR_SHIFT = {2017: 0.0, 2018: 0.03, 2019: 0.05, 2020: -0.05, 2021: -0.08, 2022: -0.03, 2023: 0.0,
                  2024: -0.04, 2025: -0.06}
NTU_ANSWERS_PER_INHABITANT = 0.006  # answers behind a kommun's value (at least NTU_MIN_ANSWERS)
NTU_MIN_ANSWERS = 250
NTU_MISSING = {("0140", 2018), ("0140", 2021), ("0187", 2019), ("0128", 2023)}  # kommun, year: no value


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _expit(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def _population(demo: DemoData, key: str, year: int) -> int:
    return demo.population[key][min(max(year, YEARS[0]), YEARS[-1])]


def _weighted_effects(demo: DemoData, parts: dict[str, tuple[float, ...]], keys: dict[str, str],
                      year: int) -> tuple[float, float, float]:
    weights = np.array([_population(demo, keys[p], year) for p in parts], dtype=float)
    values = np.array(list(parts.values()), dtype=float)
    return tuple(float(v) for v in weights @ values / weights.sum())


def sdo_effects(demo: DemoData, name: str, year: int) -> tuple[float, float, float]:
    """(risk, affluence, centre) of a stadsdelsområde as published that year (merged: its members)."""
    members = SDO_MERGERS[name][0] if name in SDO_MERGERS else (name,)
    return _weighted_effects(demo, {m: SURVEY_SDO[m] for m in members}, {m: f"sdo:{m}" for m in members}, year)


def kommun_effects(demo: DemoData, code: str, year: int) -> tuple[float, float, float]:
    if code == "0180":
        return _weighted_effects(demo, SURVEY_SDO, {m: f"sdo:{m}" for m in SURVEY_SDO}, year)
    if code == "lan":
        return _weighted_effects(demo, {c: kommun_effects(demo, c, year) for c in KOMMUNER},
                                 {c: c for c in KOMMUNER}, year)
    if code == "riket":
        return (0.0, 0.0, 0.0)
    return SURVEY_KOMMUNER[code]


def _percent(yes: int, n: int, decimals: int = 1) -> str:
    return f"{100 * yes / n:.{decimals}f}".replace(".", ",")


def _youth_counts(rng, n: int, grade: str, gender: int, effects, year: int) -> dict[str, int]:
    """Yes-answers per indicator for `n` pupils of one grade and gender (0 flickor, 1 pojkar)."""
    risk, affluence, _ = effects
    yes = {}
    for ind_id, ind in SE_INDICATORS.items():
        x = _logit(ind.base[grade][gender]) + ind.risk * risk + ind.affluence * affluence + ind.trend * (year - 2019)
        yes[ind_id] = int(rng.binomial(n, _expit(x)))
    yes[SE_TRYGG[0]] = int(rng.binomial(n - yes["otrygg_ute_kvall"], TRYGG_OF_NOT_OTRYGG))
    return yes


def stockholmsenkaten_results(demo: DemoData, seed: int = SEED) -> pd.DataFrame:
    """One row per year, place, grade, gender (K, M, T) and indicator: respondents and yes-answers.

    Places are Stockholm's stadsdelsområden as they were each year and the 26 kommuner; Stockholm
    kommun is the sum of its areas."""
    rng = np.random.default_rng(seed + 11)
    records = []
    for year in SE_YEARS:
        areas = [(name, f"sdo:{name}", sdo_effects(demo, name, year)) for name in demo.published_sdos(year)]
        kommuner = [(demo.kommun_names[c], c, kommun_effects(demo, c, year))
                    for c in sorted(KOMMUNER, key=lambda c: demo.kommun_names[c]) if c != "0180"]
        city: dict[tuple[str, str], list[int]] = {}
        for place, key, effects in areas + kommuner:
            expected_ak9 = _population(demo, key, year) * SE_AK9_PER_INHABITANT * SE_PARTICIPATION[year]
            for grade in SE_GRADES:
                expected = expected_ak9 * (1 if grade == "ak9" else SE_GY2_FACTOR * SE_SMALL_GY2.get(key, 1))
                total = max(2, int(round(expected * rng.lognormal(0, 0.08))))
                unstated = int(rng.binomial(total, SE_NO_GENDER))
                girls = int(rng.binomial(total - unstated, 0.5))
                groups = {"K": girls, "M": total - unstated - girls}
                yes = {g: _youth_counts(rng, n, grade, i, effects, year) for i, (g, n) in enumerate(groups.items())}
                other = _youth_counts(rng, unstated, grade, int(rng.integers(0, 2)), effects, year)
                yes["T"] = {k: yes["K"][k] + yes["M"][k] + other[k] for k in other}
                groups["T"] = total
                for gender, n in groups.items():
                    for ind_id in SE_INDICATOR_ORDER:
                        records.append((year, place, grade, gender, ind_id, n, yes[gender][ind_id]))
                        if key.startswith("sdo:"):
                            acc = city.setdefault((grade, gender, ind_id), [0, 0])
                            acc[0] += n
                            acc[1] += yes[gender][ind_id]
        for (grade, gender, ind_id), (n, y) in city.items():
            records.append((year, demo.kommun_names["0180"], grade, gender, ind_id, n, y))
    return pd.DataFrame(records, columns=["year", "place", "grade", "gender", "indicator", "n", "yes"])


def write_stockholmsenkaten(demo: DemoData, out: Path, seed: int = SEED) -> Path:
    """Our `enkat` template, UTF-8, `;`, decimal comma; groups under 10 respondents as `..`."""
    results = stockholmsenkaten_results(demo, seed)
    labels = {k: v.label for k, v in SE_INDICATORS.items()} | {SE_TRYGG[0]: SE_TRYGG[1]}
    genders = {"K": "Flickor", "M": "Pojkar", "T": "Totalt"}
    lines = ["Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande"]
    for r in results.itertuples():
        value = ".." if r.n < SUPPRESS_BELOW else _percent(r.yes, r.n)
        lines.append(f"Stockholmsenkäten;{r.year};{r.place};{SE_GRADES[r.grade]};{genders[r.gender]};"
                     f"{labels[r.indicator]};{value};%;{r.n}")
    path = out / "stockholmsenkaten-2014-2024.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def trygghetsmatning_stad_results(demo: DemoData, seed: int = SEED) -> pd.DataFrame:
    """Stockholms stads trygghetsmätning: stadsdelsområden (with respondents) and the seed places
    (residents' view of the place, no respondent count of its own), in whole percent."""
    rng = np.random.default_rng(seed + 12)
    records = []
    for year in TM_STAD_YEARS:
        for name in demo.published_sdos(year):
            key = f"sdo:{name}"
            risk, _, centre = sdo_effects(demo, name, year)
            total = int(round((450 + 0.0075 * _population(demo, key, year)) * TM_STAD_RESPONSE[year]
                              * rng.lognormal(0, 0.05)))
            women = int(rng.binomial(total, 0.54))
            n = {"K": women, "M": total - women}
            for ind_id, (_, base, k_risk, k_centre, trend) in TM_STAD.items():
                p = {g: _expit(_logit(b) + k_risk * risk + k_centre * centre + trend * (year - TM_STAD_SEED_YEAR))
                     for g, b in zip("KM", base)}
                yes = {g: int(rng.binomial(n[g], p[g])) for g in "KM"}
                seeded = TM_STAD_SEED.get(ind_id, {}).get(name) if year == TM_STAD_SEED_YEAR else None
                if seeded is not None:  # the action plan's figure for the whole area, split by kön
                    both = int(round(seeded / 100 * total))
                    yes["K"] = int(round(both * n["K"] * p["K"] / (n["K"] * p["K"] + n["M"] * p["M"])))
                    yes["M"] = both - yes["K"]
                shares = {g: round(100 * yes[g] / n[g]) for g in "KM"}
                shares["T"] = round(100 * (yes["K"] + yes["M"]) / total)
                if seeded is not None:
                    assert shares["T"] == seeded
                for gender in ("T", "K", "M"):
                    records.append((year, name, gender, ind_id, shares[gender], total if gender == "T" else n[gender]))
        for place, (atom, offsets) in TM_STAD_PLACES.items():
            risk, _, centre = SURVEY_SDO[atom]
            for ind_id, offset in offsets.items():
                _, base, k_risk, k_centre, trend = TM_STAD[ind_id]
                x = (_logit(sum(base) / 2) + k_risk * risk + k_centre * centre
                     + trend * (year - TM_STAD_SEED_YEAR) + offset)
                p = _expit(x)
                share = TM_STAD_SEED.get(ind_id, {}).get(place) if year == TM_STAD_SEED_YEAR else None
                if share is None:
                    share = int(round(100 * float(np.clip(rng.normal(p, np.sqrt(p * (1 - p) / 300)), 0.01, 0.99))))
                gap = int(round(abs(rng.normal(1.5, 0.8))))  # women see a little more disorder
                for gender, value in (("T", share), ("K", share + gap), ("M", max(share - gap, 0))):
                    records.append((year, place, gender, ind_id, value, None))
    return pd.DataFrame(records, columns=["year", "place", "gender", "indicator", "value", "n"])


def write_trygghetsmatning_stad(demo: DemoData, out: Path, seed: int = SEED) -> Path:
    """Excel in the `enkat` template, with a title and a blank row above the header."""
    results = trygghetsmatning_stad_results(demo, seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Trygghetsmätningen"
    sheet.append([f"Stockholms stads trygghetsmätning {TM_STAD_YEARS[0]}–{TM_STAD_YEARS[-1]}, andel (%) "
                  "per stadsdelsområde och plats"])
    sheet.append([])
    sheet.append(["Undersökning", "År", "Område", "Årskurs", "Kön", "Indikator", "Värde", "Enhet", "Antal svarande"])
    genders = {"T": "Alla", "K": "Kvinnor", "M": "Män"}
    for r in results.itertuples():
        n = None if pd.isna(r.n) else int(r.n)
        sheet.append(["Stockholms stads trygghetsmätning", r.year, r.place, "Alla", genders[r.gender],
                      TM_STAD[r.indicator][0], int(r.value), "andel", n])
    path = out / "trygghetsmatning-stockholms-stad-2014-2023.xlsx"
    book.save(path)
    return path


def trygghetsmatning_polis_results(demo: DemoData, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 13)
    records = []
    for year in TM_POLIS_YEARS:
        for code in sorted(KOMMUNER, key=lambda c: demo.kommun_names[c]):
            risk, _, centre = kommun_effects(demo, code, year)
            pop = _population(demo, code, year)
            n = int(np.clip(round((300 + 900 * np.sqrt(pop / 1e6)) * TM_POLIS_RESPONSE[year]
                                  * rng.lognormal(0, 0.1)), 300, 1250))
            for ind_id, (_, base, k_risk, k_centre) in TM_POLIS_INDEX.items():
                value = base * np.exp(k_risk * risk + k_centre * centre + TM_POLIS_YEAR_SHIFT[year])
                value = float(np.clip(rng.normal(value, 1.3 / np.sqrt(n)), 0, 6))
                records.append((year, code, ind_id, f"{value:.1f}".replace(".", ","), n))
            ind_id, _, base, k_risk = TM_POLIS_TRYGG
            p = _expit(_logit(base) + k_risk * risk - 0.3 * centre - 2 * TM_POLIS_YEAR_SHIFT[year])
            records.append((year, code, ind_id, _percent(int(rng.binomial(n, p)), n), n))
    return pd.DataFrame(records, columns=["year", "code", "indicator", "value", "n"])


def write_trygghetsmatning_polis(demo: DemoData, out: Path, seed: int = SEED) -> Path:
    """The `enkat` template as Excel saves a CSV in Swedish: cp1252, `;`, CRLF."""
    results = trygghetsmatning_polis_results(demo, seed)
    labels = {k: v[0] for k, v in TM_POLIS_INDEX.items()} | {TM_POLIS_TRYGG[0]: TM_POLIS_TRYGG[1]}
    lines = ["Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande"]
    for r in results.itertuples():
        unit = "andel" if r.indicator == TM_POLIS_TRYGG[0] else "index 0-6"
        lines.append(f"Polisens trygghetsmätning;{r.year};{demo.kommun_names[r.code]};Alla;Alla;"
                     f"{labels[r.indicator]};{r.value};{unit};{r.n}")
    path = out / "polisens-trygghetsmatning-2020-2024.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def ntu_values(demo: DemoData, seed: int = SEED) -> list[dict]:
    """Kolada v3 items for the NTU KPIs: riket, the län and its kommuner, T/K/M, one decimal."""
    rng = np.random.default_rng(seed + 14)
    keys = [("0000", "riket"), ("0001", "lan")] + [(c, c) for c in sorted(KOMMUNER)]
    items = []
    for kpi, ((women, men), k_risk, k_centre, k_year) in NTU_KPIS.items():
        for code, key in keys:
            for year in NTU_YEARS:
                if (code, year) in NTU_MISSING:
                    values = [{"gender": g, "value": None, "status": "Missing"} for g in "TKM"]
                else:
                    risk, _, centre = kommun_effects(demo, key, year)
                    if key == "riket":
                        answers = 40_000
                    elif key == "lan":
                        answers = 12_000
                    else:
                        answers = max(NTU_MIN_ANSWERS, int(_population(demo, key, year) * NTU_ANSWERS_PER_INHABITANT))
                    shift = k_risk * risk + k_centre * centre + k_year * NTU_YEAR_SHIFT[year]
                    half = answers // 2
                    yes = {g: rng.binomial(half, _expit(_logit(b) + shift)) for g, b in (("K", women), ("M", men))}
                    shares = {g: round(100 * yes[g] / half, 1) for g in "KM"}
                    shares["T"] = round(100 * (yes["K"] + yes["M"]) / (2 * half), 1)
                    values = [{"gender": g, "value": shares[g], "status": ""} for g in "TKM"]
                items.append({"kpi": kpi, "municipality": code, "period": year, "values": values})
    return items


def write_kolada_ntu(demo: DemoData, out: Path, seed: int = SEED) -> Path:
    values = ntu_values(demo, seed)
    path = out / "kolada-v3-ntu-2017-2025.json"
    path.write_text(json.dumps({"values": values, "count": len(values), "next_url": None}, ensure_ascii=False),
                    encoding="utf-8")
    return path


PLANS_DIR = Path(__file__).parent / "demo_plans"


def write_action_plans(out: Path) -> list[Path]:
    """Danderyd's real action plan 2017–2018 as it was pasted from Word (tabs, the title and header
    repeated at every page break, rows that lost their Fokusområde cell, the Förkortningar block):
    the demo's föräldravandringar and guard rounds agree with it."""
    paths = []
    for source in sorted(PLANS_DIR.glob("*.txt")):
        path = out / source.name
        path.write_bytes(source.read_bytes())
        paths.append(path)
    return paths


def write_priority_areas(out: Path) -> Path:
    """The areas file (kind «fokusomraden») for Danderyd's nine fokusområden (goals, places and
    indicators for the areas the handlingsplan import created) and Stockholm's ten prioriterade
    samverkansområden as Hässelby-Vällingby's åtgärdsplan 2020 (a new plan), from the shipped templates."""
    from loaders.priority_areas import templates_workbook

    path = out / "fokusomraden-danderyd-och-hasselby-vallingby.xlsx"
    path.write_bytes(templates_workbook(["danderyd-handlingsplan-2017-2018", "hasselby-vallingby-atgardsplan-2020"]))
    return path


def write_demo_files(out: Path, seed: int = SEED) -> list[Path]:
    """Write every demo source file to `out`, in the order they should be imported."""
    out.mkdir(parents=True, exist_ok=True)
    demo = DemoData(seed)
    return [
        write_scb_population(demo, out),
        write_sdo_population(demo, out),
        *write_bra_kommun_csv(demo, out),
        *write_databasfil(demo, out),
        write_kolada(demo, out),
        *write_police_templates(demo, out),
        *write_events(demo, out),
        write_stockholmsenkaten(demo, out, seed),
        write_trygghetsmatning_stad(demo, out, seed),
        write_trygghetsmatning_polis(demo, out, seed),
        write_kolada_ntu(demo, out, seed),  # Kolada's survey KPIs
        *write_patrol_logs(out, seed),       # a guard company's export, a föräldravandring sheet, police presence
        *write_action_plans(out),            # the Danderyd handlingsplan 2017–2018
        write_priority_areas(out),           # indicators for Danderyd's areas; Stockholm's ten areas
    ]


def _own_imports(db_path: Path) -> int:
    from lagesbild import db

    con = db.open_snapshot(db_path)
    try:
        return con.execute("SELECT count(*) FROM import_log WHERE status = 'ok' AND NOT is_demo").fetchone()[0]
    finally:
        con.close()


def build_demo(db_path: Path, out_dir: Path | None = None, force: bool = False) -> int:
    """`python -m loaders demo`: write the files and import them; returns the exit status."""
    from lagesbild import db
    from loaders.pipeline import import_files

    if db.is_hosted(db_path):      # the demo replaces a file; never a hosted database
        print(settings.local_file_only(
            "Exempeldatabasen («python -m loaders demo»)", db_path,
            "Bygg exempeldatabasen som fil och ladda upp filen till MotherDuck om den ska finnas där."),
            file=sys.stderr)
        return 1

    out_dir = out_dir or settings.DEMO_DIR
    if db_path.exists():
        if not force:
            print(f"Databasen finns redan: {db_path}. Använd --force för att bygga om den med exempeldata.")
            return 0
        own = _own_imports(db_path)
        if own:
            print(f"{db_path} innehåller {own} egna importer (inte exempeldata) och skrivs inte över. "
                  "Ange en annan fil med --db, eller flytta/ta bort databasen själv.")
            return 1
    print(f"Skriver exempelfiler i källornas format till {out_dir} …", flush=True)
    files = write_demo_files(out_dir)
    if db_path.exists():
        db_path.unlink()
    failed = 0
    for i, path in enumerate(files, start=1):
        print(f"[{i}/{len(files)}] {path.name}", flush=True)
        (result,) = import_files([path], db_path=db_path, imported_by="exempeldata", is_demo=True)
        print(f"    {result.message}", flush=True)
        failed += result.status == "rejected"
    if failed:
        print(f"{failed} exempelfiler kunde inte importeras.")
        return 1
    print(f"Klart: exempeldatabasen är {db_path}.")
    return 0
