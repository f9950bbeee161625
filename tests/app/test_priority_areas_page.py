"""Fokusområden with AppTest: the demo's Danderyd plan and Stockholm's areas, the follow-up of all areas,
an empty database, an editor's change and its undo, and a meeting-room screen."""
from __future__ import annotations

import shutil

import pytest

from lagesbild import db, fmt
from tests.app import helpers
from tests.app.helpers import charts
from tests.demo_support import read

PAGE = "pages/priority_areas.py"
DANDERYD = "danderyd-handlingsplan-2017-2018"
HV = "hasselby-vallingby-atgardsplan-2020"
FIRST_AREA = f"{DANDERYD}/oka-tryggheten-pa-platser-som-upplevs-som-otrygga-i-kommunen"
NO_ACTIONS = "Inga aktiviteter ännu – importera handlingsplanen (typ «handlingsplan»)."


def open_page(app_on, path, **params):
    return helpers.open_page(app_on, path, PAGE, **params)


def titles(at) -> list[str]:
    return [c["layout"]["title"]["text"].split("<br>")[0] for c in charts(at)]


def table(at, first_column: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


@pytest.fixture
def demo_copy(demo_db, tmp_path):
    """The demo database, copied: these tests change it."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def test_danderyd_plan_problem_measure_and_follow_up(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162")
    assert at.title[0].value == "Fokusområden"
    # The plan for Danderyd, followed up at its end (T1 2018), its first area.
    assert at.selectbox(key="fokus.plan").value == DANDERYD
    assert (at.selectbox(key="fokus.period").value, at.selectbox(key="fokus.year").value) == ("T1", "2018")
    assert at.subheader[0].value == "Öka tryggheten på platser som upplevs som otrygga i kommunen"
    assert any(m.value.startswith("**Mål:** Färre upplever Mörby centrum") for m in at.markdown)
    assert any(m.value == "**Platser:** Mörby centrum, Danderyds sjukhus, Hortusparkeringen, Barracuda"
               for m in at.markdown)
    assert titles(at) == ["<b>Öka tryggheten på platser som upplevs som otrygga i kommunen – uppföljning T1 2018</b>"]
    source = next(a["text"] for a in charts(at)[0]["layout"]["annotations"] if a["text"].startswith("Källa:"))
    assert "EXEMPELDATA" in source.replace("<br>", " ") and "Period: jan–apr, t.o.m. 2018." in source.replace("<br>", " ")
    indicators = table(at, "Indikator")
    # Misshandel in Danderyd, January–April 2016 against 2018, as the database holds it.
    (before,), = read(demo_db, "SELECT sum(count) FROM crime_counts WHERE place_id = 'kommun-0162' AND "
                               "category_id = 'misshandel' AND period_type = 'month' AND year = 2016 AND period <= 4")
    (after,), = read(demo_db, "SELECT sum(count) FROM crime_counts WHERE place_id = 'kommun-0162' AND "
                              "category_id = 'misshandel' AND period_type = 'month' AND year = 2018 AND period <= 4")
    row = indicators[indicators["Indikator"] == "Misshandel inkl. grov"].iloc[0]
    assert row[["Plats", "Basår", "Värde basår", "Senast", "Värde", "Förändring"]].tolist() == [
        "Danderyd", "2016", fmt.number(before), "2018", fmt.number(after), fmt.signed(after - before)]
    assert set(indicators["Plats"]) >= {"Danderyd", "Mörby centrum", "Hortusparkeringen"}
    activities = table(at, "Aktivitet")
    (n,), = read(demo_db, f"SELECT count(*) FROM actions WHERE area_id = '{FIRST_AREA}'")
    assert len(activities) == n and "⚠ försenad" in set(activities["Försenad"])
    assert any(b.label == "Ladda ned fokusområdena (Excel)" for b in at.get("download_button"))


def test_follow_up_of_all_areas_side_by_side(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162", vy="uppfoljning", uppfoljning="VB", ar="2017")
    assert titles(at) == ["<b>Uppföljning VB 2017 – Danderyd</b>"]
    summary = table(at, "Fokusområde")
    assert len(summary) == 9 and summary.columns.tolist()[-1] == "Försenade"
    (total,), = read(demo_db, f"SELECT count(*) FROM actions WHERE area_id LIKE '{DANDERYD}/%'")
    assert sum(int(n) for n in summary["Aktiviteter"]) == total
    detail = next(d.value for d in at.dataframe if "Bedömning" in d.value.columns and "År" in d.value.columns)
    assert set(detail["Fokusområde"]) <= set(summary["Fokusområde"]) and len(detail) > 9


def test_stockholms_areas_without_activities_say_so(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="sdo-hasselby-vallingby")
    assert at.selectbox(key="fokus.plan").value == HV
    assert (at.selectbox(key="fokus.period").value, at.selectbox(key="fokus.year").value) == ("VB", "2020")
    assert at.subheader[0].value == "Riktat arbete mot avgränsade platser och utsatta områden"
    assert any(NO_ACTIONS in i.value for i in at.info)
    indicators = table(at, "Indikator")
    # The action plan's own figures for Hässelby torg (2019) against 2020, from the police statistics.
    torg = indicators[(indicators["Indikator"] == "Skadegörelse (12 kap.)") & (indicators["Plats"] == "Hässelby torg")]
    assert torg[["Basår", "Värde basår", "Senast"]].values.tolist() == [["2019", "142", "2020"]]
    at = open_page(app_on, demo_db, plats="sdo-hasselby-vallingby", vy="uppfoljning")
    assert len(table(at, "Fokusområde")) == 10
    assert any(NO_ACTIONS in i.value for i in at.info)


def test_empty_database_offers_templates(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = open_page(app_on, path)
    assert any(i.value.startswith("Det finns inga fokusområden ännu.") for i in at.info)
    assert not charts(at)
    at.selectbox(key="fokus.template").set_value(HV)
    next(b for b in at.button if b.label == "Lägg till mallområden").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("10 fokusområden tillagda" in s.value for s in at.success)
    assert read(path, "SELECT kind, file_name FROM import_log") == [
        ("fokusomraden", "Mallområden: Åtgärdsplan 2020 för samverkan mellan Hässelby-Vällingby "
                         "stadsdelsförvaltning och polisen")]
    # The areas are there; without any data the indicators say «saknar siffror», and there are no activities.
    assert at.subheader[0].value == "Riktat arbete mot avgränsade platser och utsatta områden"
    assert set(table(at, "Indikator")["Bedömning"]) == {"saknar siffror"}
    assert any(NO_ACTIONS in i.value for i in at.info)


def test_editor_changes_an_indicator_and_undoes_it(app_on, demo_copy):
    at = open_page(app_on, demo_copy, plats="kommun-0162")
    editor = at.data_editor[0]
    assert editor.value["Indikator"].tolist()[:2] == ["Anmälda brott: Skadegörelse (12 kap.)",
                                                     "Anmälda brott: Misshandel inkl. grov"]
    at.session_state[editor.key] = {"edited_rows": {1: {"Mål": "halvera", "Basår": 2015}}, "added_rows": [],
                                    "deleted_rows": [0]}
    next(b for b in at.button if b.label == "Spara ändringarna").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("importerad som import" in s.value and "1 ändrade" in s.value for s in at.success)
    sql = (f"SELECT sort_order, indicator_ref, baseline_year, target FROM priority_area_indicators "
           f"WHERE area_id = '{FIRST_AREA}' ORDER BY sort_order")
    assert read(demo_copy, sql)[:2] == [(1, "misshandel", 2015, "halvera"), (2, "stockholmsenkaten:otrygg_ute_kvall",
                                                                             None, "minska")]
    (kind, name), = read(demo_copy, "SELECT kind, file_name FROM import_log ORDER BY import_id DESC LIMIT 1")
    assert (kind, name) == ("fokusomraden", "Ändring i appen: Öka tryggheten på platser som upplevs som otrygga i kommunen")
    next(b for b in at.button if b.label == "Ångra ändringen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(s.value.startswith("Import ") and "är ångrad" in s.value for s in at.success)
    assert read(demo_copy, sql)[:2] == [(1, "skadegorelse", None, "minska"), (2, "misshandel", None, "minska")]


def test_meeting_room_screen_shows_no_editing(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162", visning="1")
    assert not at.data_editor
    assert not any(b.label in ("Spara ändringarna", "Lägg till mallområden") for b in at.button)
    assert charts(at)
