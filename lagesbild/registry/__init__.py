"""The shipped place registry and crime category tree, assembled from the CSV files beside this module.

Aliases are generated with a priority so that a spelling shared by several places goes to the one
sources mean: `Danderyd` is the kommun (the kommundel is `Danderyd (kommundel)`), `Älvsjö` the former
stadsdelsområde (the stadsdel is `Älvsjö (stadsdel)`).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from lagesbild.names import name_key, slug

HERE = Path(__file__).parent
LEVEL_RANK = {"riket": 1, "lan": 2, "kommun": 3, "stadsdelsomrade": 4, "stadsdel": 6, "plats": 7}


def _read(name: str) -> list[dict[str, str]]:
    with open(HERE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _place(place_id, name, level, parent_id=None, scb_code=None, **extra) -> dict:
    row = dict(place_id=place_id, name=name, level=level, parent_id=parent_id or None,
               scb_code=scb_code or None, valid_from=None, valid_to=None, successor_id=None,
               former_parent_id=None)
    row.update({k: (v or None) for k, v in extra.items()})
    return row


def sdo_id(name: str) -> str:
    return f"sdo-{slug(name)}"


def build_places() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(places, place_aliases) frames for the shipped registry."""
    rows: list[dict] = []
    extra = _read("places.csv")
    riket = next(r for r in extra if r["level"] == "riket")
    rows.append(_place(riket["place_id"], riket["name"], "riket", scb_code="00"))
    kommuner = _read("kommuner.csv")
    for lan_code, lan_name in sorted({(k["lanskod"], k["lan"]) for k in kommuner}):
        rows.append(_place(f"lan-{lan_code}", lan_name, "lan", "riket", lan_code))
    for k in kommuner:
        rows.append(_place(f"kommun-{k['kommunkod']}", k["kommun"], "kommun", f"lan-{k['lanskod']}",
                           k["kommunkod"]))
    for r in extra:
        if r["level"] != "riket":
            rows.append(_place(r["place_id"], r["name"], r["level"], r["parent_id"],
                               valid_from=r["valid_from"], valid_to=r["valid_to"],
                               successor_id=r["successor_id"]))
    for s in _read("stockholm-stadsdelar.csv"):
        parent, before = sdo_id(s["stadsdelsomrade"]), sdo_id(s["stadsdelsomrade_fore_sammanslagning"])
        rows.append(_place(f"stadsdel-{slug(s['stadsdel'])}", s["stadsdel"], "stadsdel", parent,
                           former_parent_id=before if before != parent else None))
    places = pd.DataFrame(rows)
    places["sort_order"] = range(len(places))
    places["valid_from"] = pd.to_datetime(places["valid_from"]).dt.date
    places["valid_to"] = pd.to_datetime(places["valid_to"]).dt.date
    _check_tree(places)
    return places, _aliases(places)


def _check_tree(places: pd.DataFrame) -> None:
    ids = set(places["place_id"])
    if len(ids) != len(places):
        dupes = places["place_id"][places["place_id"].duplicated()].tolist()
        raise ValueError(f"duplicate place ids in registry: {dupes}")
    for column in ("parent_id", "successor_id", "former_parent_id"):
        missing = set(places[column].dropna()) - ids
        if missing:
            raise ValueError(f"registry {column} points to unknown places: {sorted(missing)}")


def _variants(place: dict) -> list[str]:
    name, level = place["name"], place["level"]
    if level == "kommun":
        out = [f"{name} kommun"]
        if not name.endswith(("s", "x", "z")):
            out.append(f"{name}s kommun")
        if " " in name:
            out.append(name.replace(" ", "-"))
        if "-" in name:
            out.append(name.replace("-", " "))
        return out
    if level == "stadsdelsomrade":
        return [f"{name} (Sthlm)", f"{name} stadsdelsområde", f"{name} SDO"]
    if level == "stadsdel":
        return [f"{name} (stadsdel)"]
    return []


def _aliases(places: pd.DataFrame) -> pd.DataFrame:
    candidates: list[tuple[int, str, str]] = []
    for r in _read("aliases.csv"):
        candidates.append((0, r["alias"], r["place_id"]))
    for place in places.to_dict("records"):
        rank = LEVEL_RANK[place["level"]]
        if place["level"] == "stadsdelsomrade" and place["valid_to"] is not None:
            rank = 5  # former areas yield their plain name to current ones, not to stadsdelar
        candidates.append((rank, place["name"], place["place_id"]))
        candidates.extend((8, v, place["place_id"]) for v in _variants(place))
    chosen: dict[str, tuple[str, str]] = {}
    for _, alias, place_id in sorted(candidates, key=lambda c: c[0]):
        chosen.setdefault(name_key(alias), (alias, place_id))
    ids = set(places["place_id"])
    bad = {pid for _, pid in chosen.values()} - ids
    if bad:
        raise ValueError(f"aliases point to unknown places: {sorted(bad)}")
    return pd.DataFrame(
        [{"alias": a, "place_id": p, "alias_key": k} for k, (a, p) in chosen.items()]
    )


def build_categories() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(crime_categories, crime_category_aliases) frames."""
    cats = pd.DataFrame(_read("crime_categories.csv"))
    cats["parent_id"] = cats["parent_id"].replace("", None)
    cats["bra_id"] = pd.to_numeric(cats["bra_id"].replace("", None)).astype("Int64")
    cats["sort_order"] = cats["sort_order"].astype(int)
    cats["is_main"] = cats["is_main"] == "true"
    known = set(cats["category_id"])
    chosen: dict[str, tuple[str, str]] = {}
    for r in _read("crime_category_aliases.csv"):
        chosen.setdefault(name_key(r["alias"]), (r["alias"], r["category_id"]))
    for r in cats.to_dict("records"):
        chosen.setdefault(name_key(r["label"]), (r["label"], r["category_id"]))
    bad = {c for _, c in chosen.values()} - known
    if bad:
        raise ValueError(f"category aliases point to unknown categories: {sorted(bad)}")
    aliases = pd.DataFrame(
        [{"alias": a, "category_id": c, "alias_key": k} for k, (a, c) in chosen.items()]
    )
    return cats, aliases


def build_surveys() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(surveys, survey_indicators) frames: the surveys we know and their common indicators."""
    surveys = pd.DataFrame(_read("surveys.csv"))
    indicators = pd.DataFrame(_read("survey_indicators.csv"))
    indicators["higher_is_better"] = indicators["higher_is_better"].map({"true": True, "false": False})
    indicators["kolada_kpi"] = indicators["kolada_kpi"].replace("", None)
    indicators["sort_order"] = range(len(indicators))
    unknown = set(indicators["survey"]) - set(surveys["survey"])
    if unknown:
        raise ValueError(f"indicators for unknown surveys: {sorted(unknown)}")
    if indicators.duplicated(["survey", "indicator_id"]).any():
        raise ValueError("duplicate survey indicators")
    return surveys, indicators


def build_patrol_kinds() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(patrol_kinds, patrol_kind_aliases) frames: the kinds of presence and the spellings of them."""
    kinds = pd.DataFrame(_read("patrol_kinds.csv"))
    kinds["sort_order"] = range(len(kinds))
    aliases = pd.DataFrame(_read("patrol_kind_aliases.csv"))
    unknown = set(aliases["kind"]) - set(kinds["kind"])
    if unknown:
        raise ValueError(f"aliases for unknown patrol kinds: {sorted(unknown)}")
    aliases["alias_key"] = aliases["alias"].map(name_key)
    aliases = aliases.drop_duplicates("alias_key")
    return kinds, aliases
