"""Boundaries for the offline maps (`data/geo/`, see its README): kommuner and Stockholm's
stadsdelsområden as GeoJSON feature collections keyed by our place ids, the seed places'
coordinates, and which area a point lies in. Pure: no Streamlit; files are read once per process.

Features carry `id` = our place id (`kommun-0162`, `sdo-bromma`) and the property `name`. Their
exterior rings are clockwise and holes counter-clockwise (in longitude/latitude), as d3-geo and so
Plotly's `go.Choropleth` want them; the source files follow RFC 7946 or nothing, and a ring wound
the other way would colour the whole world except the area.

Stadsdelsområden are dissolved from the 117 stadsdelar for the year shown: a year uses the areas in
effect on 31 December of it (what Brå and Stockholm's surveys report for that year), so 2019 has
Älvsjö and Hägersten-Liljeholmen, 2020 Hägersten-Älvsjö; 2022 has Norrmalm and Östermalm, 2023 Norra
innerstaden. The merger dates are the `valid_from` of the merged areas in the registry.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from lagesbild import registry, settings
from lagesbild.registry import sdo_id

GEO_DIR = settings.DATA_DIR / "geo"
DECIMALS = 5          # about one metre; keeps the figures small
# The stadsdelar share most borders exactly, but not everywhere: slivers of gaps and overlaps up to
# about 1 000 m² (1.6e-7 degree²) are left when they are dissolved. Rings smaller than this (about
# 6 000 m² at Stockholm's latitude) are dropped; the smallest real area is a thousand times larger.
MIN_RING_AREA = 1e-6
Ring = list[tuple[float, float]]
Polygon = list[Ring]


# --- rings ---------------------------------------------------------------------------------------

def signed_area(ring: Ring) -> float:
    """Shoelace area in degrees² (longitude x, latitude y): negative for a clockwise ring."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def _clean(ring) -> Ring:
    """Rounded, closed, without repeated points."""
    out: Ring = []
    for x, y in ring:
        point = (round(float(x), DECIMALS), round(float(y), DECIMALS))
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _wound(ring: Ring, clockwise: bool) -> Ring:
    return ring if (signed_area(ring) < 0) == clockwise else ring[::-1]


def _polygons(geometry: dict) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon, cleaned and wound for d3 (exterior clockwise)."""
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    polygons = []
    for part in parts:
        rings = [_clean(r) for r in part]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            polygons.append([_wound(rings[0], True)] + [_wound(r, False) for r in rings[1:]])
    return polygons


def _geometry(polygons: list[Polygon]) -> dict:
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring] for ring in poly] for poly in polygons]}


def ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    """Ray casting: is the point inside the ring (on the edge counts either way)?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def geometry_contains(geometry: dict, lon: float, lat: float) -> bool:
    """Inside an exterior ring and outside its holes, for a (Multi)Polygon."""
    parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for rings in parts:
        if ring_contains(rings[0], lon, lat) and not any(ring_contains(h, lon, lat) for h in rings[1:]):
            return True
    return False


def dissolve(polygons: list[Polygon], min_area: float = MIN_RING_AREA) -> list[Polygon]:
    """The union of polygons (wound for d3) that share their borders vertex by vertex, as the
    stadsdelar do: every edge two members share cancels, the rest is walked into rings, and rings
    smaller than `min_area` degree² (slivers where the borders do not quite meet) are dropped.
    Exterior rings come out clockwise, largest first; holes counter-clockwise, each in the smallest
    exterior around it."""
    edges: Counter = Counter()
    for polygon in polygons:
        for ring in polygon:
            for a, b in zip(ring, ring[1:]):
                edges[(a, b)] += 1
    for (a, b) in list(edges):
        shared = min(edges[(a, b)], edges.get((b, a), 0))
        if shared:
            edges[(a, b)] -= shared
            edges[(b, a)] -= shared
    outgoing: dict[tuple, list] = defaultdict(list)
    for (a, b), n in sorted(edges.items()):
        outgoing[a].extend([b] * n)
    rings: list[Ring] = []
    for start in sorted(outgoing):
        while outgoing[start]:
            ring = [start]
            point = start
            while True:
                point = outgoing[point].pop()
                ring.append(point)
                if point == start:
                    break
            if len(ring) >= 4 and abs(signed_area(ring)) >= min_area:
                rings.append(ring)
    exteriors = [r for r in rings if signed_area(r) < 0]
    holes = [r for r in rings if signed_area(r) > 0]
    out = [[r] for r in sorted(exteriors, key=signed_area)]     # largest first
    for hole in holes:
        around = [p for p in out if ring_contains(p[0], *_inner_point(hole))]
        if around:
            min(around, key=lambda p: -signed_area(p[0])).append(hole)
    return out


def _inner_point(ring: Ring) -> tuple[float, float]:
    """A point just inside a ring's first edge (for deciding which exterior a hole lies in)."""
    (x1, y1), (x2, y2) = ring[0], ring[1]
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    nx, ny = -(y2 - y1), x2 - x1            # left of the edge: inside for a counter-clockwise ring
    length = (nx * nx + ny * ny) ** 0.5 or 1.0
    step = 1e-7
    return mx + nx / length * step, my + ny / length * step


# --- files ---------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _read_geojson(name: str) -> dict:
    with open(GEO_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def _kommun_features() -> tuple[dict, ...]:
    features = []
    for f in _read_geojson("kommuner.geojson")["features"]:
        p = f["properties"]
        features.append({"type": "Feature", "id": f"kommun-{p['id']}",
                         "properties": {"name": p["kom_namn"], "lan_id": f"lan-{p['lan_code']}"},
                         "geometry": _geometry(_polygons(f["geometry"]))})
    return tuple(sorted(features, key=lambda f: f["id"]))


@lru_cache(maxsize=None)
def _stadsdel_polygons() -> dict[str, list[Polygon]]:
    return {f["properties"]["name"]: _polygons(f["geometry"])
            for f in _read_geojson("stockholm-stadsdelar.geojson")["features"]}


@lru_cache(maxsize=None)
def _stadsdel_table() -> tuple[dict, ...]:
    with open(GEO_DIR / "stockholm-stadsdelar.csv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter=";"))


@lru_cache(maxsize=None)
def _registry_areas() -> dict[str, dict]:
    """Stockholm's stadsdelsområden in the registry: id -> name, valid_from, valid_to, successor."""
    with open(registry.HERE / "places.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r["level"] == "stadsdelsomrade"]
    return {r["place_id"]: {"name": r["name"],
                            "valid_from": dt.date.fromisoformat(r["valid_from"]) if r["valid_from"] else None,
                            "valid_to": dt.date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
                            "successor_id": r["successor_id"] or None} for r in rows}


def _collection(features) -> dict:
    return {"type": "FeatureCollection", "features": [copy.deepcopy(f) for f in features]}


# --- areas ---------------------------------------------------------------------------------------

def kommuner(lan_id: str | None = None) -> dict:
    """The kommuner of one län (`lan-01`), or of the whole country, as a FeatureCollection."""
    return _collection(f for f in _kommun_features() if lan_id is None or f["properties"]["lan_id"] == lan_id)


def kommun_ids(lan_id: str | None = None) -> list[str]:
    return [f["id"] for f in _kommun_features() if lan_id is None or f["properties"]["lan_id"] == lan_id]


def stadsdel_areas(year: int) -> dict[str, str]:
    """Each stadsdel (its name in the boundary file) -> the name of its stadsdelsområde at the end
    of `year`: the current one from the year it was formed, before that the former one."""
    areas = _registry_areas()
    out = {}
    for row in _stadsdel_table():
        current, before = row["stadsdelsomrade"], row["stadsdelsomrade_fore_sammanslagning"]
        formed = areas.get(sdo_id(current), {}).get("valid_from")
        out[row["stadsdel_geojson"]] = before if formed is not None and year < formed.year else current
    return out


@lru_cache(maxsize=32)
def _stadsdelsomrade_features(year: int) -> tuple[dict, ...]:
    members: dict[str, list[str]] = defaultdict(list)
    for stadsdel, area in stadsdel_areas(year).items():
        members[area].append(stadsdel)
    polygons = _stadsdel_polygons()
    names = {row["stadsdel_geojson"]: row["stadsdel"] for row in _stadsdel_table()}
    registered = _registry_areas()
    features = []
    for area, stadsdelar in members.items():
        place_id = sdo_id(area)
        info = registered.get(place_id, {})
        successor = registered.get(info.get("successor_id") or "", {}).get("name")
        merged = dissolve([p for s in sorted(stadsdelar) for p in polygons[s]])
        features.append({"type": "Feature", "id": place_id,
                         "properties": {"name": area, "stadsdelar": sorted((names[s] for s in stadsdelar)),
                                        "valid_to": info["valid_to"].isoformat() if info.get("valid_to") else None,
                                        "successor": successor},
                         "geometry": _geometry(merged)})
    return tuple(sorted(features, key=lambda f: f["id"]))


def stadsdelsomraden(year: int) -> dict:
    """Stockholm's stadsdelsområden as they were at the end of `year`, dissolved from the stadsdelar.
    Properties: name, stadsdelar (their names), valid_to and successor (former areas only)."""
    return _collection(_stadsdelsomrade_features(int(year)))


def stadsdelsomrade_ids() -> list[str]:
    """Every stadsdelsområde on any of the maps, current and former."""
    names = {r["stadsdelsomrade"] for r in _stadsdel_table()} | {r["stadsdelsomrade_fore_sammanslagning"]
                                                                 for r in _stadsdel_table()}
    return sorted(sdo_id(n) for n in names)


def names(collection: dict) -> dict[str, str]:
    """place_id -> name of the features, in their order."""
    return {f["id"]: f["properties"]["name"] for f in collection["features"]}


# --- points --------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _seed_places() -> pd.DataFrame:
    return pd.read_csv(GEO_DIR / "platser.csv", sep=";", comment="#", dtype={"place_id": str, "name": str})


def seed_places() -> pd.DataFrame:
    """The registry's named places with approximate coordinates: place_id, name, lat, lon, accuracy."""
    return _seed_places().copy()


def locate(points: pd.DataFrame, collection: dict) -> list[str | None]:
    """For each point (columns lat, lon), the id of the feature it lies in, or None."""
    out = []
    for lat, lon in zip(points["lat"], points["lon"]):
        out.append(next((f["id"] for f in collection["features"]
                         if geometry_contains(f["geometry"], float(lon), float(lat))), None))
    return out


def places_in(collection: dict, points: pd.DataFrame | None = None) -> pd.DataFrame:
    """The seed places (or `points`) that lie in one of the features, with area_id and area_name."""
    points = seed_places() if points is None else points.copy()
    points["area_id"] = locate(points, collection)
    points = points[points["area_id"].notna()].copy()
    points["area_name"] = points["area_id"].map(names(collection))
    return points.reset_index(drop=True)
