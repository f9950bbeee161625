"""Platser (the place profile) on the demo database for a kommun, a stadsdelsområde and a torg, with
action-plan rows added to a copy of it, on a database with surveys only, and on an empty one."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lagesbild import db, fmt
from loaders.pipeline import import_files
from tests.app.helpers import charts
from tests.app.test_presence_page import table
from tests.demo_support import read

PAGE = "pages/place_profile.py"
SECTIONS = ["Anmälda brott per kategori", "Publicerade händelser per veckodag och timme", "Enkäter", "Närvaro",
            "Fokusområden och åtgärder"]


def open_page(app_on, path, **params):
    at = app_on(path, PAGE, **params)
    assert not at.exception, [e.message for e in at.exception]
    return at


def links(at) -> list[str]:
    return [el.proto.page for el in at.get("page_link")]


def bra_total(path, place_id, year):
    (count, rate), = read(path, "SELECT count, rate_per_100k FROM crime_counts_rated WHERE place_id = ? AND "
                                "category_id = 'totalt' AND period_type = 'year' AND source = 'bra' AND year = ?",
                          [place_id, year])
    return count, rate


def test_kommun_profile_has_every_section(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162")
    assert at.title[0].value == "Danderyd (kommun)"
    assert at.caption[0].value == "Danderyd · Stockholms län"
    assert [s.value for s in at.subheader] == SECTIONS
    crime = table(at, "Kategori").set_index("Kategori")
    count, rate = bra_total(demo_db, "kommun-0162", 2025)
    _, lan_rate = bra_total(demo_db, "lan-01", 2025)
    before, _ = bra_total(demo_db, "kommun-0162", 2024)
    total = crime.loc["Totalt antal brott"]
    assert (total["År"], total["Antal"], total["Per 100 000 inv."], total["Året innan"], total["Förändring"]) == (
        "2025", fmt.number(count), fmt.number(rate), fmt.number(before), fmt.signed(count - before))
    assert total["Säkerställd"] in ("säkerställd", "inte säkerställd")
    assert total["Referens per 100 000 inv."] == f"{fmt.number(lan_rate)} (Stockholms län)"
    # Published events for the kommun itself, never called crime statistics.
    (chart,) = charts(at)
    assert chart["layout"]["title"]["text"].startswith("<b>När inträffade händelserna? – Danderyd")
    source = next(a["text"] for a in chart["layout"]["annotations"] if a["text"].startswith("Källa:"))
    assert "inte brottsstatistik" in source and "Period:" in source and "EXEMPELDATA" in source
    assert any("publicerade händelser" in c.value and "inte brottsstatistik" in c.value for c in at.caption)
    assert not table(at, "Undersökning").empty
    (passes,), = read(demo_db, """WITH RECURSIVE down(place_id) AS (SELECT 'kommun-0162' UNION ALL
        SELECT p.place_id FROM places p JOIN down ON p.parent_id = down.place_id)
        SELECT count(*) FROM patrols WHERE place_id IN (SELECT place_id FROM down)""")
    presence = table(at, "Plats")
    assert sum(int(p.replace("\u00a0", "")) for p in presence["Pass"]) == passes
    # The demo's Danderyd plan: activities whose area lists the kommun or whose text names it.
    areas = {name for (name,) in read(demo_db, "SELECT name FROM priority_areas WHERE plan_id = "
                                               "'danderyd-handlingsplan-2017-2018'")}
    actions = table(at, "Fokusområde")
    assert len(actions) and set(actions["Fokusområde"]) <= areas
    assert links(at) == ["anmalda-brott", "polisens-handelser", "trygghet", "narvaro"]


def test_stadsdelsomrade_profile_rates_from_population_and_kommun_reference(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="sdo-hasselby-vallingby", fran="2018", till="2025")
    assert at.title[0].value == "Hässelby-Vällingby (stadsdelsområde)"
    assert at.caption[0].value == "Hässelby-Vällingby · Stockholm"
    total = table(at, "Kategori").set_index("Kategori").loc["Totalt antal brott"]
    count, rate = bra_total(demo_db, "sdo-hasselby-vallingby", 2025)
    _, kommun_rate = bra_total(demo_db, "kommun-0180", 2025)
    assert (total["Antal"], total["Per 100 000 inv."]) == (fmt.number(count), fmt.number(rate))
    assert total["Referens per 100 000 inv."] == f"{fmt.number(kommun_rate)} (Stockholm)"
    # Events are the kommun's: the page says so.
    assert charts(at)[0]["layout"]["title"]["text"].startswith("<b>När inträffade händelserna? – Stockholm")
    assert any("i hela Stockholm, där Hässelby-Vällingby ingår" in c.value for c in at.caption)


def test_torg_shows_counts_never_rates(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="plats-hasselby-torg")
    assert at.title[0].value == "Hässelby torg (plats)"
    assert at.caption[0].value == "Hässelby torg · Hässelby Gård · Hässelby-Vällingby · Stockholm"
    crime = table(at, "Kategori")
    expected = dict(read(demo_db, """
        SELECT k.label, c.count FROM crime_counts c JOIN crime_categories k USING (category_id)
        WHERE c.place_id = 'plats-hasselby-torg' AND c.year = 2025 AND c.period_type = 'year'"""))
    assert dict(zip(crime["Kategori"], crime["Antal"])) == {k: fmt.number(v) for k, v in expected.items()}
    assert set(crime["Per 100 000 inv."]) == {"–"}
    assert any("plats utan invånare" in c.value and "aldrig per 100 000 inv." in c.value for c in at.caption)
    # The reference is the nearest area with residents, for context.
    assert crime["Referens per 100 000 inv."].str.endswith("(Hässelby-Vällingby)").any()
    surveys = table(at, "Undersökning")
    assert surveys["Om värdet"].str.startswith("Hässelby torg ").any()        # its own results where it has them
    assert surveys["Om värdet"].str.startswith("Hässelby-Vällingby ").any()   # else the nearest area's


@pytest.fixture(scope="module")
def plan_db(demo_db, tmp_path_factory):
    """The demo database with an action plan for Stockholm whose areas and texts name Hässelby torg."""
    path = tmp_path_factory.mktemp("plan") / "plan.duckdb"
    shutil.copyfile(demo_db, path)
    with db.writer(path) as w:
        w.con.execute("""INSERT INTO action_plans (plan_id, title, place_id, valid_from, valid_to)
                         VALUES ('hv-2025', 'Medborgarlöfte Hässelby-Vällingby 2025', 'sdo-hasselby-vallingby',
                                 DATE '2025-01-01', DATE '2025-12-31')""")
        w.con.execute("""INSERT INTO priority_areas (area_id, plan_id, name, sort_order) VALUES
            ('hv-2025/torg', 'hv-2025', 'Trygga torg', 1), ('hv-2025/unga', 'hv-2025', 'Unga i Vällingby', 2)""")
        w.con.execute("INSERT INTO priority_area_places (area_id, place_id) "
                      "VALUES ('hv-2025/torg', 'plats-hasselby-torg')")
        w.con.execute("""INSERT INTO actions (action_id, area_id, activity, responsible, due_text, due_date, ongoing,
                                              status, sort_order) VALUES
            ('hv-2025/torg#1', 'hv-2025/torg', 'Ordningsvakter kvällstid', 'SDF', 'löpande', NULL, true, 'pagar', 1),
            ('hv-2025/unga#1', 'hv-2025/unga', 'Fältassistenter på Hässelby Torg fredagar', 'SDF', 'T4 2025',
             DATE '2025-12-31', false, 'genomford', 1),
            ('hv-2025/unga#2', 'hv-2025/unga', 'Läxhjälp i Vällingby', 'SDF', NULL, NULL, false, NULL, 2)""")
        w.changed = True
    return path


def test_morby_centrum_shows_the_danderyd_activity_that_names_it(app_on, demo_db):
    # The Danderyd plan's first activity names «Mörby Centrum» in its Genomförande text.
    at = open_page(app_on, demo_db, plats="plats-morby-centrum")
    actions = table(at, "Fokusområde")
    row = actions[actions["Aktivitet"] == "Ökad närvaro av synlig polis på platser som upplevs otrygga"]
    assert row[["Fokusområde", "Ansvarig"]].values.tolist() == [
        ["Öka tryggheten på platser som upplevs som otrygga i kommunen", "Polisen"]]


def test_priority_areas_and_activities_that_name_the_place(app_on, plan_db):
    at = open_page(app_on, plan_db, plats="plats-hasselby-torg")
    actions = table(at, "Fokusområde")
    actions = actions[actions["Fokusområde"].isin(["Trygga torg", "Unga i Vällingby"])]   # the demo's own areas aside
    assert actions[["Fokusområde", "Aktivitet", "Ansvarig", "Klart", "Status", "Nämner platsen"]].values.tolist() == [
        ["Trygga torg", "Ordningsvakter kvällstid", "SDF", "löpande", "Pågår", "fokusområdet gäller platsen"],
        ["Unga i Vällingby", "Fältassistenter på Hässelby Torg fredagar", "SDF", "T4 2025", "Genomförd",
         "platsen nämns i texten"]]
    assert any("«Medborgarlöfte Hässelby-Vällingby 2025»" in c.value for c in at.caption)
    # Vällingby centrum is not named by "Vällingby": no hv-2025 area lists it, no text names it (the
    # demo's Stockholm areas do list it).
    other = table(open_page(app_on, plan_db, plats="plats-vallingby-centrum"), "Fokusområde")
    assert len(other) and not set(other["Fokusområde"]) & {"Trygga torg", "Unga i Vällingby"}


def test_surveys_only_database_each_section_says_what_is_missing(app_on, tmp_path):
    path = tmp_path / "enkater.duckdb"
    (result,) = import_files([Path(__file__).parent / "data" / "enkater.csv"], db_path=path)
    assert result.status == "ok", result.message
    at = open_page(app_on, path, plats="sdo-hasselby-vallingby")
    assert [s.value for s in at.subheader] == SECTIONS
    infos = " ".join(i.value for i in at.info)
    for missing in ("ingen statistik över anmälda brott", "Inga publicerade händelser",
                    "inga närvaro- eller patrullpass", "Inga fokusområden eller åtgärder"):
        assert missing in infos
    assert not charts(at)
    # The latest measurement is hidden in the source: '..', never 0 and never an older year's value.
    surveys = table(at, "Undersökning")
    assert surveys["Värde"].tolist() == [".."]
    about = surveys["Om värdet"].iloc[0]
    assert "Hässelby-Vällingby 2024" in about and "dolt i källan (XX)" in about


def test_empty_database(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = open_page(app_on, path)
    assert at.title[0].value == "Platser"
    assert any("Det finns ingen data att visa ännu" in i.value for i in at.info)
    assert not charts(at) and not at.dataframe
