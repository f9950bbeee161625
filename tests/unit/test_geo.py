"""lagesbild.geo (boundaries, the stadsdelsområden of each year, points) and charts.choropleth."""
from __future__ import annotations

import csv
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from lagesbild import charts, geo, registry

BEFORE_2020 = {"sdo-alvsjo", "sdo-bromma", "sdo-enskede-arsta-vantor", "sdo-farsta", "sdo-hagersten-liljeholmen",
               "sdo-hasselby-vallingby", "sdo-kungsholmen", "sdo-norrmalm", "sdo-ostermalm", "sdo-rinkeby-kista",
               "sdo-skarholmen", "sdo-skarpnack", "sdo-sodermalm", "sdo-spanga-tensta"}
FROM_2020 = BEFORE_2020 - {"sdo-alvsjo", "sdo-hagersten-liljeholmen"} | {"sdo-hagersten-alvsjo"}
FROM_2023 = FROM_2020 - {"sdo-norrmalm", "sdo-ostermalm"} | {"sdo-norra-innerstaden"}


def ids(collection: dict) -> set[str]:
    return {f["id"] for f in collection["features"]}


def exteriors(collection: dict) -> list[list]:
    return [poly[0] for f in collection["features"] for poly in f["geometry"]["coordinates"]]


def area(ring) -> float:
    return geo.signed_area([tuple(p) for p in ring])


# --- the stadsdelsområden of each year ------------------------------------------------------------

@pytest.mark.parametrize("year,expected", [(2015, BEFORE_2020), (2019, BEFORE_2020), (2020, FROM_2020),
                                           (2021, FROM_2020), (2022, FROM_2020), (2023, FROM_2023),
                                           (2024, FROM_2023)])
def test_each_year_has_the_areas_in_effect_at_its_end(year, expected):
    # The merged area from the year of the merger (1 July), as Brå and the city's surveys report it.
    assert ids(geo.stadsdelsomraden(year)) == expected


def test_2019_has_alvsjo_and_hagersten_liljeholmen_with_their_stadsdelar():
    areas = {f["id"]: f["properties"] for f in geo.stadsdelsomraden(2019)["features"]}
    assert areas["sdo-alvsjo"] == {
        "name": "Älvsjö", "stadsdelar": ["Herrängen", "Liseberg", "Långbro", "Långsjö", "Solberga", "Älvsjö",
                                         "Örby Slott"],
        "valid_to": "2020-06-30", "successor": "Hägersten-Älvsjö"}
    assert len(areas["sdo-hagersten-liljeholmen"]["stadsdelar"]) == 10
    assert areas["sdo-bromma"]["valid_to"] is None and areas["sdo-bromma"]["successor"] is None


def test_2021_has_hagersten_alvsjo_and_2024_norra_innerstaden():
    in_2021 = {f["id"]: f["properties"] for f in geo.stadsdelsomraden(2021)["features"]}
    assert len(in_2021["sdo-hagersten-alvsjo"]["stadsdelar"]) == 17
    assert in_2021["sdo-norrmalm"]["stadsdelar"] == ["Norrmalm", "Skeppsholmen", "Vasastaden"]
    in_2024 = {f["id"]: f["properties"] for f in geo.stadsdelsomraden(2024)["features"]}
    assert in_2024["sdo-norra-innerstaden"]["stadsdelar"] == [
        "Djurgården", "Hjorthagen", "Ladugårdsgärdet", "Norra Djurgården", "Norrmalm", "Skeppsholmen",
        "Vasastaden", "Östermalm"]
    assert in_2024["sdo-norra-innerstaden"]["name"] == "Norra innerstaden"


def test_stadsdel_areas_switch_in_the_merger_year():
    assert (geo.stadsdel_areas(2019)["SOLBERGA"], geo.stadsdel_areas(2020)["SOLBERGA"]) == ("Älvsjö", "Hägersten-Älvsjö")
    assert (geo.stadsdel_areas(2022)["VASASTADEN"], geo.stadsdel_areas(2023)["VASASTADEN"]) == (
        "Norrmalm", "Norra innerstaden")
    assert geo.stadsdel_areas(2010)["ALVIK"] == geo.stadsdel_areas(2025)["ALVIK"] == "Bromma"


def test_every_area_id_is_in_the_registry():
    with open(registry.HERE / "places.csv", encoding="utf-8", newline="") as fh:
        known = {r["place_id"] for r in csv.DictReader(fh, delimiter=";")}
    assert set(geo.stadsdelsomrade_ids()) == BEFORE_2020 | FROM_2020 | FROM_2023
    assert set(geo.stadsdelsomrade_ids()) <= known


@pytest.mark.parametrize("year", [2019, 2021, 2024])
def test_dissolved_areas_are_one_clockwise_ring_each_and_cover_the_city(year):
    collection = geo.stadsdelsomraden(year)
    assert [len(f["geometry"]["coordinates"]) for f in collection["features"]] == [1] * len(collection["features"])
    assert all(len(poly) == 1 for f in collection["features"] for poly in f["geometry"]["coordinates"])
    assert all(area(r) < 0 for r in exteriors(collection))
    with open(geo.GEO_DIR / "stockholm-stadsdelar.geojson", encoding="utf-8") as fh:
        stadsdelar = sum(abs(area(f["geometry"]["coordinates"][0])) for f in json.load(fh)["features"])
    # The same city every year; only slivers where two stadsdelar's borders do not meet differ.
    assert -sum(area(r) for r in exteriors(collection)) == pytest.approx(stadsdelar, rel=1e-4)


# --- dissolve and winding on small shapes ---------------------------------------------------------

def square(x: float, y: float) -> list[list[tuple[float, float]]]:
    """A unit square, clockwise (as d3 wants exteriors)."""
    return [[(x, y), (x, y + 1), (x + 1, y + 1), (x + 1, y), (x, y)]]


def test_dissolve_two_squares_sharing_an_edge():
    assert geo.dissolve([square(0, 0), square(1, 0)], min_area=0) == [
        [[(0, 0), (0, 1), (1, 1), (2, 1), (2, 0), (1, 0), (0, 0)]]]


def test_dissolve_a_ring_of_squares_leaves_a_counter_clockwise_hole():
    ring_of_eight = [square(x, y) for x in range(3) for y in range(3) if (x, y) != (1, 1)]
    (polygon,) = geo.dissolve(ring_of_eight, min_area=0)
    exterior, hole = polygon
    assert (area(exterior), area(hole)) == (-9.0, 1.0)
    assert sorted(set(hole)) == [(1, 1), (1, 2), (2, 1), (2, 2)]


def test_dissolve_drops_slivers_and_keeps_separate_parts():
    sliver = [[(5, 0), (5, 1e-4), (5 + 1e-4, 1e-4), (5 + 1e-4, 0), (5, 0)]]
    parts = geo.dissolve([square(0, 0), square(3, 0), sliver], min_area=1e-6)
    assert [area(p[0]) for p in parts] == [-1.0, -1.0]


def test_kommuner_are_rewound_for_d3():
    # The file follows RFC 7946 (exteriors counter-clockwise); d3-geo would colour the world outside.
    collection = geo.kommuner()
    assert len(collection["features"]) == 290
    assert all(area(r) < 0 for r in exteriors(collection))
    holes = [h for f in collection["features"] for poly in f["geometry"]["coordinates"] for h in poly[1:]]
    assert len(holes) == 7 and all(area(h) > 0 for h in holes)


def test_kommuner_of_a_lan():
    stockholms_lan = geo.kommuner("lan-01")
    assert len(stockholms_lan["features"]) == 26 == len(geo.kommun_ids("lan-01"))
    danderyd = next(f for f in stockholms_lan["features"] if f["id"] == "kommun-0162")
    assert danderyd["properties"] == {"name": "Danderyd", "lan_id": "lan-01"}
    assert geo.kommun_ids("lan-99") == []


def test_collections_are_copies():
    first = geo.stadsdelsomraden(2024)
    first["features"][0]["properties"]["name"] = "ändrad"
    assert geo.stadsdelsomraden(2024)["features"][0]["properties"]["name"] == "Bromma"


# --- points ------------------------------------------------------------------------------------

def test_seed_places_cover_the_registry_places():
    with open(registry.HERE / "places.csv", encoding="utf-8", newline="") as fh:
        plats = {r["place_id"] for r in csv.DictReader(fh, delimiter=";") if r["level"] == "plats"}
    places = geo.seed_places()
    assert set(places["place_id"]) == plats
    assert list(places.columns) == ["place_id", "name", "lat", "lon", "accuracy"]
    assert places.loc[places["place_id"] == "plats-barracuda", "accuracy"].item() == "uncertain"


def test_places_lie_in_their_areas():
    in_lan = geo.places_in(geo.kommuner("lan-01"))
    assert dict(zip(in_lan["place_id"], in_lan["area_id"])) == {
        "plats-morby-centrum": "kommun-0162", "plats-danderyds-sjukhus": "kommun-0162",
        "plats-hortusparkeringen": "kommun-0162", "plats-barracuda": "kommun-0162",
        "plats-hasselby-torg": "kommun-0180", "plats-vallingby-centrum": "kommun-0180",
        "plats-sl-hallen-vallingby": "kommun-0180", "plats-alvsjo-centrum": "kommun-0180"}
    before = geo.places_in(geo.stadsdelsomraden(2019))
    assert dict(zip(before["name"], before["area_name"])) == {
        "Hässelby torg": "Hässelby-Vällingby", "Vällingby centrum": "Hässelby-Vällingby",
        "SL-hallen Vällingby": "Hässelby-Vällingby", "Älvsjö centrum": "Älvsjö"}
    after = geo.places_in(geo.stadsdelsomraden(2021))
    assert after.loc[after["name"] == "Älvsjö centrum", "area_id"].item() == "sdo-hagersten-alvsjo"


def test_locate_outside_every_area_is_none():
    points = pd.DataFrame({"lat": [59.33, 0.0], "lon": [18.07, 0.0]})       # Sergels torg; the Gulf of Guinea
    assert geo.locate(points, geo.stadsdelsomraden(2024)) == ["sdo-norra-innerstaden", None]


# --- the chart builder ----------------------------------------------------------------------------

def crime_rows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "count", "rate_per_100k", "preliminary", "flag"])


def traces(fig: go.Figure) -> dict[str, go.BaseTraceType]:
    return {t.name: t for t in fig.data}


def test_choropleth_crime_rates_with_counts_and_grey_unknowns():
    areas = geo.kommuner("lan-01")
    values = crime_rows([("kommun-0162", 2600, 7740.0, False, None), ("kommun-0180", 120000, 12500.5, True, None),
                         ("kommun-0160", 5000, None, False, None), ("kommun-0138", None, None, False, "..")])
    fig = charts.choropleth(values, areas, measure="rate", year=2025, title="Totalt", source="Brå",
                            period="2025", demo=True)
    first = fig.data[0]
    assert isinstance(first, go.Scattergeo) and first.locationmode is None   # no topojson from a CDN
    shown, missing = traces(fig)["Per 100 000 inv."], traces(fig)["Uppgift saknas"]
    assert list(shown.locations) == ["kommun-0162", "kommun-0180"] and list(shown.z) == [7740.0, 12500.5]
    assert list(shown.hovertext) == [
        "<b>Danderyd</b><br>2025: 7\u00a0740 anmälda brott per 100 000 inv.<br>2\u00a0600 anmälda brott",
        "<b>Stockholm</b><br>2025: 12\u00a0500 anmälda brott per 100 000 inv.<br>120\u00a0000 anmälda brott"
        "<br>preliminär siffra"]
    assert len(missing.locations) == 24 and set(missing.z) == {0}
    assert missing.colorscale[0][1] == missing.colorscale[1][1] == charts.MAP_MISSING_COLOR
    hover = dict(zip(missing.locations, missing.hovertext))
    assert hover["kommun-0160"] == ("<b>Täby</b><br>2025: uppgift saknas per 100 000 inv. (ingen folkmängd)"
                                    "<br>5\u00a0000 anmälda brott")
    assert hover["kommun-0138"] == "<b>Tyresö</b><br>2025: uppgift saknas i källan (..)"
    assert hover["kommun-0114"] == "<b>Upplands Väsby</b><br>2025: uppgift saknas"
    # Each trace carries only its own features.
    assert [f["id"] for f in shown.geojson["features"]] == ["kommun-0162", "kommun-0180"]
    # Sequential: no midpoint, no better end.
    assert [c for _, c in shown.colorscale] == charts.MAP_SEQUENTIAL      # two values: evenly spread
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Källa: Brå. Period: 2025. EXEMPELDATA – inte verkliga siffror."]
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.visible is False
    assert fig.layout.separators == ",\u00a0"


def test_choropleth_survey_with_direction_names_the_better_end():
    areas = geo.stadsdelsomraden(2019)
    values = pd.DataFrame([("sdo-bromma", 80.0, None, 300), ("sdo-alvsjo", 70.0, None, None),
                           ("sdo-farsta", 60.0, None, 250), ("sdo-kungsholmen", None, "n<10", 8)],
                          columns=["place_id", "value", "suppressed", "n_respondents"])
    fig = charts.choropleth(values, areas, measure="andel", year=2019, higher_is_better=False, title="Otrygg",
                            source="Stockholms stad", period="2019", demo=False, points=geo.places_in(areas))
    shown = traces(fig)["Andel (%)"]
    # Lower is better: the low end is blue; the middle colour sits on the median (70 of 60–80).
    assert [list(stop) for stop in shown.colorscale] == [
        [0.0, "#4575b4"], [pytest.approx(1 / 6), "#91bfdb"], [pytest.approx(2 / 6), "#e0f3f8"], [0.5, "#ffffbf"],
        [pytest.approx(4 / 6), "#fee090"], [pytest.approx(5 / 6), "#fc8d59"], [1.0, "#d73027"]]
    assert (shown.zmin, shown.zmax) == (60.0, 80.0)
    assert dict(zip(shown.locations, shown.hovertext))["sdo-alvsjo"] == \
        "<b>Älvsjö</b><br>2019: 70,0\u00a0%<br>antal svarande okänt"
    missing = dict(zip(traces(fig)["Uppgift saknas"].locations, traces(fig)["Uppgift saknas"].hovertext))
    assert missing["sdo-kungsholmen"] == "<b>Kungsholmen</b><br>2019: uppgift saknas (färre än 10 svarande)"
    ends = {a.text: a.y for a in fig.layout.annotations if not a.text.startswith("Källa:")}
    assert ends == {"sämre": 0.86, "<b>bättre</b>": 0.14}
    points = traces(fig)["Platser ur handlingsplanerna"]
    assert list(points.hovertext) == [
        "<b>Hässelby torg</b><br>i Hässelby-Vällingby<br>ungefärligt läge",
        "<b>Vällingby centrum</b><br>i Hässelby-Vällingby<br>ungefärligt läge",
        "<b>SL-hallen Vällingby</b><br>i Hässelby-Vällingby<br>ungefärligt läge",
        "<b>Älvsjö centrum</b><br>i Älvsjö<br>ungefärligt läge"]
    higher = charts.choropleth(values, areas, measure="andel", year=2019, higher_is_better=True, title="Trygg",
                               source="Stockholms stad", period="2019", demo=False)
    assert [c for _, c in traces(higher)["Andel (%)"].colorscale] == charts.MAP_DIVERGING   # high is blue
    assert {a.text: a.y for a in higher.layout.annotations if not a.text.startswith("Källa:")} == {
        "<b>bättre</b>": 0.86, "sämre": 0.14}


def test_choropleth_without_values_is_all_grey():
    areas = geo.stadsdelsomraden(2024)
    fig = charts.choropleth(crime_rows([]), areas, measure="rate", year=2024, title="Totalt", source="Brå",
                            period="2024", demo=False)
    assert [t.name for t in fig.data] == ["", "Uppgift saknas"]
    assert len(fig.data[1].locations) == 12


def test_rank_scale_spreads_colours_by_rank():
    # One extreme area (100) must not leave the others the same pale colour: the stops sit at the
    # quantiles 1, 2, 3 (of 1–100), so four of five colours go to the four ordinary areas.
    assert charts.rank_scale([1, 2, 3, 4, 100], ["a", "b", "c", "d", "e"]) == [
        [0.0, "a"], [pytest.approx(1 / 99), "b"], [pytest.approx(2 / 99), "c"], [pytest.approx(3 / 99), "d"],
        [1.0, "e"]]
    # Ties keep one colour; too few values or a single value spread the colours evenly.
    assert charts.rank_scale([5, 5, 5, 9], ["a", "b", "c"]) == [[0.0, "a"], [1.0, "c"]]
    assert charts.rank_scale([3, 3, 3], ["a", "b", "c"]) == [[0.0, "a"], [0.5, "b"], [1.0, "c"]]
    assert charts.rank_scale([1, 9], ["a", "b", "c"]) == [[0.0, "a"], [0.5, "b"], [1.0, "c"]]


def test_map_colour_text():
    assert charts.map_colour_text(None) == ("Färgen jämför områdena med varandra (mörkare = högre), den säger "
                                           "inte vad som är bra eller dåligt")
    assert charts.map_colour_text(True) == "Blått = bättre än mitten av områdena (högre är bättre), rött = sämre"
    assert charts.map_colour_text(False) == "Blått = bättre än mitten av områdena (lägre är bättre), rött = sämre"


def test_map_caption():
    assert charts.map_caption("rate", None, with_points=True) == (
        "Färgen jämför områdena med varandra (mörkare = högre), den säger inte vad som är bra eller dåligt. "
        "Grått = uppgift saknas, aldrig 0. Håll muspekaren över ett område för att se antalet anmälda brott. "
        "Prickarna är platser ur handlingsplanerna, på ungefärligt läge.")
    assert charts.map_caption("andel", True, with_points=False) == (
        "Blått = bättre än mitten av områdena (högre är bättre), rött = sämre. Grått = uppgift saknas, aldrig 0. "
        "Håll muspekaren över ett område för att se antalet svarande. Mitten är medianen av områdena på kartan.")


def test_map_merger_note_names_the_former_areas_of_the_year():
    assert charts.map_merger_note(geo.stadsdelsomraden(2021), 2021) == (
        "Stadsdelsområdena som de var 2021: Norrmalm och Östermalm slogs ihop till Norra innerstaden den "
        "1 juli 2023.")
    assert charts.map_merger_note(geo.stadsdelsomraden(2023), 2023) is None
    assert charts.map_merger_note(geo.kommuner("lan-01"), 2019) is None
