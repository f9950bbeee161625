"""The Karta page: areas of the right year, rates with counts, grey unknowns, colours by direction."""
from __future__ import annotations

import json

import pytest

from lagesbild import db, fmt
from loaders.pipeline import import_files
from tests.demo_support import read

PAGE = "pages/map.py"
FROM_2023 = {"sdo-bromma", "sdo-enskede-arsta-vantor", "sdo-farsta", "sdo-hagersten-alvsjo", "sdo-hasselby-vallingby",
             "sdo-kungsholmen", "sdo-norra-innerstaden", "sdo-rinkeby-kista", "sdo-skarholmen", "sdo-skarpnack",
             "sdo-sodermalm", "sdo-spanga-tensta"}
BEFORE_2020 = FROM_2023 - {"sdo-hagersten-alvsjo", "sdo-norra-innerstaden"} | {
    "sdo-alvsjo", "sdo-hagersten-liljeholmen", "sdo-norrmalm", "sdo-ostermalm"}


def open_map(app_on, db_path, **params):
    at = app_on(db_path, None, **params)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart(at) -> dict:
    (element,) = at.get("plotly_chart")
    return json.loads(element.proto.spec)


def traces(at) -> dict[str, dict]:
    return {t.get("name", ""): t for t in chart(at)["data"]}


def hover(trace: dict) -> dict[str, str]:
    return dict(zip(trace["locations"], trace["hovertext"]))


def param(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_stockholm_shows_its_stadsdelsomraden_of_the_latest_year(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="kommun-0180")
    shown = traces(at)["Per 100 000 inv."]
    assert set(shown["locations"]) == FROM_2023 and "Uppgift saknas" not in traces(at)
    (count, rate), = read(demo_db, "SELECT count, rate_per_100k FROM crime_counts_rated WHERE place_id = 'sdo-bromma' "
                                   "AND category_id = 'totalt' AND period_type = 'year' AND year = 2025 AND source = 'bra'")
    assert hover(shown)["sdo-bromma"] == (f"<b>Bromma</b><br>2025: {fmt.number(rate)} anmälda brott per 100 000 inv."
                                          f"<br>{fmt.number(count)} anmälda brott")
    layout = chart(at)["layout"]
    assert layout["title"]["text"].startswith("<b>Totalt antal brott: anmälda brott per 100 000 inv., 2025</b>")
    assert "Stadsdelsområden i Stockholm · Färgen jämför områdena med varandra" in layout["title"]["text"]
    assert [a["text"] for a in layout["annotations"]] == [
        "Källa: Brå, anmälda brott. Period: 2025. EXEMPELDATA – inte verkliga siffror."]
    points = traces(at)["Platser ur handlingsplanerna"]
    assert [h.split("<br>")[0] for h in points["hovertext"]] == [
        "<b>Hässelby torg</b>", "<b>Vällingby centrum</b>", "<b>SL-hallen Vällingby</b>", "<b>Älvsjö centrum</b>"]
    assert at.caption[0].value.startswith("Färgen jämför områdena med varandra (mörkare = högre), den säger inte "
                                          "vad som är bra eller dåligt. Grått = uppgift saknas, aldrig 0.")
    assert {k: param(at, k) for k in ("omraden", "kalla", "kategori", "ar")} == {
        "omraden": "sdo", "kalla": "brott", "kategori": "totalt", "ar": "2025"}


def test_a_year_before_the_mergers_uses_the_former_areas(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="sdo-alvsjo", ar="2019", kategori="bostadsinbrott")
    shown = traces(at)["Per 100 000 inv."]
    assert set(shown["locations"]) == BEFORE_2020
    (count,), = read(demo_db, "SELECT count FROM crime_counts WHERE place_id = 'sdo-alvsjo' AND category_id = "
                              "'bostadsinbrott' AND period_type = 'year' AND year = 2019")
    assert hover(shown)["sdo-alvsjo"].endswith(f"<br>{fmt.number(count)} anmälda brott")
    assert at.caption[1].value == (
        "Stadsdelsområdena som de var 2019: Hägersten-Liljeholmen och Älvsjö slogs ihop till Hägersten-Älvsjö den "
        "1 juli 2020; Norrmalm och Östermalm slogs ihop till Norra innerstaden den 1 juli 2023.")
    points = dict(zip([h.split("<br>")[0] for h in traces(at)["Platser ur handlingsplanerna"]["hovertext"]],
                      [h.split("<br>")[1] for h in traces(at)["Platser ur handlingsplanerna"]["hovertext"]]))
    assert points["<b>Älvsjö centrum</b>"] == "i Älvsjö"


def test_danderyd_shows_the_kommuner_of_the_lan(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="kommun-0162")
    shown = traces(at)["Per 100 000 inv."]
    assert len(shown["locations"]) == 26 and "kommun-0162" in shown["locations"]
    assert "Kommuner i Stockholms län" in chart(at)["layout"]["title"]["text"]
    assert len(traces(at)["Platser ur handlingsplanerna"]["hovertext"]) == 8
    assert not [r for r in at.radio if r.label == "Områden"]        # only one set of areas for Danderyd


def test_stockholm_can_switch_to_the_kommuner(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="plats-hasselby-torg")
    areas = next(r for r in at.radio if r.label == "Områden")
    assert areas.options == ["Stadsdelsområden i Stockholm", "Kommuner i Stockholms län"]
    areas.set_value("kommun").run()
    assert not at.exception
    assert len(traces(at)["Per 100 000 inv."]["locations"]) == 26
    assert param(at, "omraden") == "kommun"


def test_riket_shows_every_kommun(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="riket")
    shown, missing = traces(at)["Per 100 000 inv."], traces(at)["Uppgift saknas"]
    assert (len(shown["locations"]), len(missing["locations"])) == (26, 264)   # the demo has Stockholms län
    assert hover(missing)["kommun-1280"] == "<b>Malmö</b><br>2025: uppgift saknas"
    assert "Kommuner i hela landet" in chart(at)["layout"]["title"]["text"]


def test_survey_with_a_direction_names_the_better_end(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="kommun-0162", kalla="enkat", enkat="ntu", fraga="otrygghet_sen_kvall")
    shown = traces(at)["Andel (%)"]
    (low, median, high, n), = read(demo_db, "SELECT min(value), median(value), max(value), count(*) FROM "
                                            "survey_results WHERE survey = 'ntu' AND indicator_id = "
                                            "'otrygghet_sen_kvall' AND year = 2025 AND gender = 'T' AND "
                                            "place_id LIKE 'kommun-01%'")
    assert len(shown["locations"]) == n and (shown["zmin"], shown["zmax"]) == (low, high)
    # Lower is better: the low end is blue, and the middle colour sits on the median of the areas.
    assert shown["colorscale"][0] == [0.0, "#4575b4"] and shown["colorscale"][-1] == [1.0, "#d73027"]
    assert shown["colorscale"][3] == [pytest.approx((median - low) / (high - low)), "#ffffbf"]
    layout = chart(at)["layout"]
    assert {a["text"]: a["y"] for a in layout["annotations"] if not a["text"].startswith("Källa:")} == {
        "sämre": 0.86, "<b>bättre</b>": 0.14}
    assert layout["title"]["text"].startswith("<b>Otrygghet vid utevistelse sen kväll, 2025</b>")
    assert at.caption[0].value.startswith("Blått = bättre än mitten av områdena (lägre är bättre), rött = sämre.")
    assert "Mitten är medianen av områdena på kartan." in at.caption[0].value
    assert param(at, "ar") == "2025"


@pytest.fixture(scope="module")
def survey_only_db(tmp_path_factory):
    directory = tmp_path_factory.mktemp("map")
    survey = directory / "enkat.csv"
    survey.write_text(
        "Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande\n"
        "Stockholmsenkäten;2024;Danderyd;gy 2;Alla;Känner sig trygg i området där man bor;91;andel;240\n"
        "Stockholmsenkäten;2024;Täby;gy 2;Alla;Känner sig trygg i området där man bor;85;andel;6\n",
        encoding="utf-8")
    (result,) = import_files([survey], db_path=directory / "s.duckdb")
    assert result.status == "ok", result.message
    return directory / "s.duckdb"


def test_hidden_and_missing_areas_are_grey_never_zero(app_on, survey_only_db):
    at = open_map(app_on, survey_only_db, plats="kommun-0162")
    assert not [r for r in at.radio if r.label == "Visa"]           # no crime statistics: surveys only
    shown, missing = traces(at)["Andel (%)"], traces(at)["Uppgift saknas"]
    assert shown["locations"] == ["kommun-0162"] and shown["z"] == [91.0]
    assert hover(shown)["kommun-0162"] == "<b>Danderyd</b><br>2024: 91,0\u00a0%<br>240 svarande"
    assert len(missing["locations"]) == 25
    assert hover(missing)["kommun-0160"] == "<b>Täby</b><br>2024: uppgift saknas (färre än 10 svarande)"
    assert hover(missing)["kommun-0115"] == "<b>Vallentuna</b><br>2024: uppgift saknas"
    assert "2024 (gy 2)" in chart(at)["layout"]["title"]["text"]


def test_a_period_without_statistics_explains(app_on, demo_db):
    at = open_map(app_on, demo_db, plats="kommun-0162", kalla="brott", fran="2014", till="2014")
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith("Ingen statistik för totalt antal brott under 2014.")


def test_empty_database_explains(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = open_map(app_on, path)
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith("Det finns ingen data att visa ännu.")
