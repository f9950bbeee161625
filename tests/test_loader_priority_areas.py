"""loaders/priority_areas.py: the areas file (kind «fokusomraden»): Excel with the sheets «Fokusområden»,
«Platser» and «Indikatorer»; the same file as the export; edits in the app and the shipped templates
through the same write, each an import that can be undone."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from lagesbild import db, queries
from loaders import priority_areas as areas_file
from loaders.base import SourceFile
from loaders.pipeline import import_files
from loaders.preview import candidate_kinds, preview_file
from loaders.registry import get_loader
from loaders.templates import spec_for, template_bytes
from tests.conftest import FIXTURES, fixture_path

KIND = "fokusomraden"
PLAN = "trygghetsplan-danderyd-2024-2025"
CENTRE, BURGLARY = f"{PLAN}/trygg-i-centrum", f"{PLAN}/farre-inbrott"
DANDERYD_PLAN = "danderyd-handlingsplan-2017-2018"
HV_PLAN = "hasselby-vallingby-atgardsplan-2020"

AREAS_SQL = "SELECT area_id, name, goal, description, sort_order, _import_id FROM priority_areas ORDER BY sort_order"
PLACES_SQL = "SELECT area_id, place_id, _import_id FROM priority_area_places ORDER BY area_id, place_id"
INDICATORS_SQL = ("SELECT area_id, sort_order, source, indicator_ref, place_id, baseline_year, target, _import_id "
                  "FROM priority_area_indicators ORDER BY area_id DESC, sort_order")
FIRST_CENTRE = [
    (CENTRE, 1, "crime", "skadegorelse", None, None, "minska", 1),
    (CENTRE, 2, "survey", "trygghetsmatning_stad:berusade_stor", "plats-morby-centrum", 2023, None, 1),
    (CENTRE, 3, "patrols", "ordningsvakt", None, None, None, 1),
    (CENTRE, 4, "events", "", None, None, None, 1)]
FIRST_BURGLARY = [
    (BURGLARY, 1, "crime", "bostadsinbrott", "kommun-0162", None, "minska", 1),
    (BURGLARY, 2, "survey", "stockholmsenkaten:trygg_omradet:gy2", None, None, "öka", 1)]


def load_file(load, name: str):
    return load(KIND, name)


def test_detected_by_its_sheets():
    for name in ("fokusomraden_ny_plan.xlsx", "fokusomraden_andrad.xlsx", "fokusomraden_bara_omraden.xlsx"):
        assert candidate_kinds(SourceFile.from_path(fixture_path(KIND, name))) == [KIND]
    # The action plan and the places file are not areas files.
    assert KIND not in candidate_kinds(SourceFile.from_path(fixture_path("handlingsplan",
                                                                         "danderyd-handlingsplan-2017-2018.xlsx")))


def test_new_plan_with_areas_places_and_indicators(load, query):
    result = load_file(load, "fokusomraden_ny_plan.xlsx")
    assert result.status == "ok", result.message
    assert result.kind == KIND
    assert result.message == ("«fokusomraden_ny_plan.xlsx» importerad som import 1: 1 ny plan, 2 fokusområden "
                              "tillagda, 0 ändrade, 0 oförändrade.")
    assert result.notices == ["2 fokusområden, 2 platser, 6 indikatorer lästa."]
    # The plan's id from its title, its place from «Gäller för».
    assert query("SELECT * FROM action_plans") == [
        (PLAN, "Trygghetsplan Danderyd 2024–2025", "kommun-0162", dt.date(2024, 1, 1), dt.date(2025, 12, 31), 1)]
    assert query(AREAS_SQL) == [
        (CENTRE, "Trygg i centrum", "Färre upplever Mörby centrum och Barracuda som otrygga",
         "Väktare, belysning och föräldravandringar", 1, 1),
        (BURGLARY, "Färre inbrott", None, None, 2, 1)]
    # «Mörby C» is an alias of Mörby centrum.
    assert query(PLACES_SQL) == [(CENTRE, "plats-barracuda", 1), (CENTRE, "plats-morby-centrum", 1)]
    # Labels as written (Brå's long label, «Alla typer», a question with its grade) become references.
    assert query(INDICATORS_SQL) == FIRST_CENTRE + FIRST_BURGLARY
    assert query("SELECT kind, rows_added, rows_replaced, rows_unchanged, status FROM import_log") == [
        (KIND, 2, 0, 0, "ok")]


def test_same_file_again_changes_nothing(load, query, db_sha256):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    before = db_sha256()
    again = load_file(load, "fokusomraden_ny_plan.xlsx")
    assert again.status == "unchanged"
    assert again.message == ("«fokusomraden_ny_plan.xlsx»: inga nya eller ändrade fokusområden (0 fokusområden "
                             "tillagda, 0 ändrade, 2 oförändrade). Inget ändrades.")
    assert db_sha256() == before


def test_changed_file_replaces_the_areas_it_changes_and_undo_brings_them_back(load, query, undo):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    result = load_file(load, "fokusomraden_andrad.xlsx")
    assert result.message == ("«fokusomraden_andrad.xlsx» importerad som import 2: 0 fokusområden tillagda, 1 ändrade, "
                              "1 oförändrade.")
    # Area 1 is a new version (goal, one place, the target «halvera»); area 2 was the same and is untouched.
    assert query(AREAS_SQL) == [
        (CENTRE, "Trygg i centrum", "Färre upplever Mörby centrum som otryggt",
         "Väktare, belysning och föräldravandringar", 1, 2),
        (BURGLARY, "Färre inbrott", None, None, 2, 1)]
    assert query(PLACES_SQL) == [(CENTRE, "plats-morby-centrum", 2)]
    assert query(INDICATORS_SQL)[0] == (CENTRE, 1, "crime", "skadegorelse", None, None, "halvera", 2)
    assert query("SELECT area_id, goal, _import_id, _replaced_by FROM priority_areas_replaced") == [
        (CENTRE, "Färre upplever Mörby centrum och Barracuda som otrygga", 1, 2)]
    assert query("SELECT count(*) FROM priority_area_places_replaced WHERE _replaced_by = 2") == [(2,)]
    message = undo(2)
    assert message == "Import 2 («fokusomraden_andrad.xlsx») är ångrad: 1 rader borttagna, 1 tidigare värden återställda."
    assert query(AREAS_SQL)[0][2] == "Färre upplever Mörby centrum och Barracuda som otrygga"
    assert query(PLACES_SQL) == [(CENTRE, "plats-barracuda", 1), (CENTRE, "plats-morby-centrum", 1)]
    assert query(INDICATORS_SQL) == FIRST_CENTRE + FIRST_BURGLARY
    assert query("SELECT count(*) FROM priority_areas_replaced") == [(0,)]
    # Undoing the first import removes everything, the plan too.
    undo(1)
    for table in ("action_plans", "priority_areas", "priority_area_places", "priority_area_indicators",
                  "priority_area_indicators_replaced"):
        assert query(f"SELECT count(*) FROM {table}") == [(0,)], table


def test_undo_of_an_earlier_import_keeps_later_versions(load, query, undo):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    load_file(load, "fokusomraden_andrad.xlsx")
    # Import 2 holds area 1 now: it stays (and the version import 1 wrote is dropped); area 2 goes.
    undo(1)
    assert query(AREAS_SQL) == [(CENTRE, "Trygg i centrum", "Färre upplever Mörby centrum som otryggt",
                                 "Väktare, belysning och föräldravandringar", 1, 2)]
    assert query("SELECT count(*) FROM priority_areas_replaced") == [(0,)]
    assert query("SELECT plan_id FROM action_plans") == [(PLAN,)]
    # Undoing import 2 then leaves nothing: import 1's version is not brought back, and its plan goes.
    undo(2)
    assert query("SELECT count(*) FROM priority_areas") == [(0,)]
    assert query("SELECT count(*) FROM action_plans") == [(0,)]


def test_file_without_places_and_indicators_keeps_them(load, query):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    result = load_file(load, "fokusomraden_bara_omraden.xlsx")
    assert result.notices == ["1 fokusområde, inget blad «Platser» (platserna lämnas som de är), inget blad "
                              "«Indikatorer» (indikatorerna lämnas som de är) lästa."]
    # Renamed through its Id; its indicators come along into the new version.
    assert query(AREAS_SQL)[1] == (BURGLARY, "Färre bostadsinbrott", "Färre bostadsinbrott än 2023", None, 2, 2)
    assert [r[:-1] for r in query(INDICATORS_SQL)[4:]] == [r[:-1] for r in FIRST_BURGLARY]
    assert query(INDICATORS_SQL)[0][-1] == 1                  # area 1 was not in the file: untouched


def test_what_the_reader_finds_wrong(load, query, db_sha256):
    before = db_sha256()
    result = load_file(load, "fokusomraden_fel.xlsx")
    assert result.status == "rejected"
    assert result.message.splitlines() == [
        "«fokusomraden_fel.xlsx» importerades inte. Databasen är oförändrad.",
        "  - blad «Fokusområden», rad 3, kolumn «Fokusområde»: fann «(tomt)», förväntade fokusområdets namn.",
        "  - blad «Fokusområden», rad 4, kolumn «Från»: fann «2024-13-01», förväntade ett datum som 2017-05-01 (år "
        "1990–2100).",
        "  - blad «Fokusområden», rad 4, kolumn «Nr»: fann «tre», förväntade ett heltal (fokusområdets ordning i planen).",
        "  - blad «Platser», rad 2, kolumn «Plats»: fann «(tomt)», förväntade en plats (kommun, stadsdelsområde, "
        "stadsdel eller plats).",
        "  - blad «Indikatorer», rad 2, kolumn «Källa»: fann «Brottslighet», förväntade Anmälda brott, Enkät, Polisens "
        "händelser eller Närvaro.",
        f"  - blad «Indikatorer», rad 3, kolumn «Basår»: fann «1985», förväntade ett år 1990–{dt.date.today().year} "
        "eller tomt (året före planens start).",
    ]
    assert db_sha256() == before


def test_names_the_database_does_not_know(load, db_sha256):
    before = db_sha256()
    result = load_file(load, "fokusomraden_okanda_namn.xlsx")
    assert result.message.splitlines()[1:] == [
        "  - blad «Platser», rad 2, kolumn «Plats»: fann «Mörby torg», förväntade en känd plats (närmast: Mörby C, "
        "Mörby centrum, Mörby); lägg till nya platser med en platsfil (typ «platser»).",
        "  - blad «Indikatorer», rad 2, kolumn «Indikator»: fann «Bostadsinbrot», förväntade en brottskategori "
        "(närmast: Bostadsinbrott).",
        "  - blad «Indikatorer», rad 3, kolumn «Fokusområde»: fann «Okänt område», förväntade ett fokusområde som står "
        "på bladet «Fokusområden».",
        "  - blad «Indikatorer», rad 4, kolumn «Indikator»: fann «Stockholmsenkäten: Trygg i skolan», förväntade en "
        "fråga i Stockholmsenkäten.",
        "  - blad «Indikatorer», rad 5, kolumn «Indikator»: fann «Kameror», förväntade en typ av närvaro (Polis, "
        "Ordningsvakter, Väktare, Föräldravandring, Nattvandring, Fältassistenter, Grannsamverkan, Annan) eller "
        "«Alla typer».",
        "  - blad «Indikatorer», rad 7, kolumn «Indikator»: fann «Rån inkl. grovt», förväntade en indikator som inte "
        "redan står på rad 6 för samma fokusområde och plats.",
    ]
    assert db_sha256() == before


def test_new_plan_needs_its_place(load):
    result = load_file(load, "fokusomraden_ny_plan_utan_plats.xlsx")
    assert result.message.splitlines()[1:] == [
        "  - blad «Fokusområden», rad 2, kolumn «Gäller för»: fann «(tomt)», förväntade kommunen eller "
        "stadsdelsområdet som den nya planen gäller för."]


def test_text_file_is_not_an_areas_file(db_path, tmp_path):
    path = tmp_path / "fokusomraden.csv"
    path.write_text("Fokusområde;Mål\nTrygg i centrum;Färre otrygga\n", encoding="utf-8")
    (result,) = import_files([path], db_path=db_path, kind=KIND)
    assert result.message.splitlines()[1] == (
        "  - en fokusområdesfil är en Excel-arbetsbok med bladen «Fokusområden», «Platser» och «Indikatorer». Ladda "
        "ned den från sidan Fokusområden (eller mallen på importsidan) och fyll i den.")


def test_preview_lists_the_areas(db_path, load):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    preview = preview_file(SourceFile.from_path(fixture_path(KIND, "fokusomraden_andrad.xlsx")), db_path)
    assert (preview.kind, preview.status) == (KIND, "ok")
    assert preview.message == "0 fokusområden tillagda, 1 ändrade, 1 oförändrade."
    assert preview.rows.to_dict("records") == [
        {"Plan": PLAN, "Nr": 1, "Fokusområde": "Trygg i centrum", "Mål": "Färre upplever Mörby centrum som otryggt",
         "Platser": "Mörby centrum", "Indikatorer": 4, "Åtgärd": "ersätter"},
        {"Plan": PLAN, "Nr": 2, "Fokusområde": "Färre inbrott", "Mål": "", "Platser": "", "Indikatorer": 2,
         "Åtgärd": "oförändrad"}]


def _export(db_path, plan_id: str) -> bytes:
    con = db.open_snapshot(db_path)
    try:
        plans = queries.run(con, "priority_plans")
        return areas_file.workbook_bytes(plans[plans["plan_id"] == plan_id],
                                         queries.run(con, "priority_areas", plan_id=plan_id),
                                         queries.run(con, "priority_area_places", plan_id=plan_id),
                                         queries.run(con, "priority_indicators", plan_id=plan_id))
    finally:
        con.close()


def test_the_export_imports_as_unchanged(db_path, load):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    data = _export(db_path, PLAN)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Fokusområden", "Platser", "Indikatorer", "Instruktioner"]
    assert [c.value for c in book["Indikatorer"][3]] == [
        PLAN, "Trygg i centrum", "Enkät", "Stockholms stads trygghetsmätning: Berusade personer stör ordningen",
        "Mörby centrum", 2023, None]
    assert [c.value for c in book["Indikatorer"][6]][2:5] == [
        "Anmälda brott", "Bostadsinbrott", "Danderyd"]
    (again,) = import_files(sources=[SourceFile("fokusomraden-export.xlsx", data)], db_path=db_path)
    assert (again.kind, again.status) == (KIND, "unchanged"), again.message


def test_edit_in_the_app_is_an_import_and_can_be_undone(db_path, load, query, undo):
    load_file(load, "fokusomraden_ny_plan.xlsx")
    result = areas_file.save_area(
        db_path=db_path, plan_id=PLAN, area_id=BURGLARY, name="Färre inbrott", goal="Färre bostadsinbrott",
        description=None, sort_order=2, places=["stadsdel-djursholm"],
        indicators=[{"source": "crime", "indicator_ref": "bostadsinbrott", "place_id": None, "baseline_year": 2022,
                     "target": "minska"}], imported_by="redaktör")
    assert result.status == "ok", result.message
    assert result.message == "«Ändring i appen: Färre inbrott» importerad som import 2: 0 fokusområden tillagda, 1 ändrade, 0 oförändrade."
    assert query("SELECT kind, file_name, imported_by FROM import_log WHERE import_id = 2") == [
        (KIND, "Ändring i appen: Färre inbrott", "redaktör")]
    assert query(f"SELECT source, indicator_ref, place_id, baseline_year, target FROM priority_area_indicators "
                 f"WHERE area_id = '{BURGLARY}'") == [("crime", "bostadsinbrott", None, 2022, "minska")]
    undo(2)
    assert [r for r in query(INDICATORS_SQL) if r[0] == BURGLARY] == FIRST_BURGLARY
    assert query(f"SELECT place_id FROM priority_area_places WHERE area_id = '{BURGLARY}'") == []
    # A reference the database does not know is refused like a file's.
    refused = areas_file.save_area(db_path=db_path, plan_id=PLAN, area_id=BURGLARY, name="Färre inbrott", goal=None,
                                   description=None, sort_order=2, places=[],
                                   indicators=[{"source": "crime", "indicator_ref": "inbrott"}])
    assert refused.status == "rejected" and "förväntade en brottskategori" in refused.message


def test_templates_fill_in_the_action_plans_areas(db_path, load, query):
    plan = load("handlingsplan", "danderyd-handlingsplan-2017-2018.txt")
    assert plan.status == "ok", plan.message
    names = query("SELECT area_id, name FROM priority_areas ORDER BY sort_order")
    result = areas_file.add_templates(DANDERYD_PLAN, db_path=db_path, imported_by="redaktör")
    assert result.status == "ok", result.message
    assert result.message.endswith("0 fokusområden tillagda, 9 ändrade, 0 oförändrade.")
    # The plan's own names and order stay; goals, places and indicators come from the template.
    assert query("SELECT area_id, name FROM priority_areas ORDER BY sort_order") == names
    assert query("SELECT count(*), count(DISTINCT area_id) FROM priority_area_indicators") == [(23, 9)]
    assert query("""SELECT place_id FROM priority_area_places JOIN priority_areas USING (area_id)
                     WHERE sort_order = 1 ORDER BY place_id""") == [
        ("plats-barracuda",), ("plats-danderyds-sjukhus",), ("plats-hortusparkeringen",), ("plats-morby-centrum",)]
    assert query("SELECT goal FROM priority_areas WHERE sort_order = 2") == [
        ("Färre bostadsinbrott och stölder ur och från fordon.",)]
    assert query("SELECT count(*) FROM actions") == [(37,)]
    # Areas that already have indicators are left alone the second time.
    again = areas_file.add_templates(DANDERYD_PLAN, db_path=db_path)
    assert again.status == "unchanged"
    assert again.notices[-1].startswith("Fokusområden som redan har platser eller indikatorer lämnades orörda: «")
    # Stockholm's ten areas come with a plan of their own.
    stockholm = areas_file.add_templates(HV_PLAN, db_path=db_path)
    assert stockholm.message.endswith("1 ny plan, 10 fokusområden tillagda, 0 ändrade, 0 oförändrade.")
    assert query(f"SELECT place_id, valid_from, valid_to FROM action_plans WHERE plan_id = '{HV_PLAN}'") == [
        ("sdo-hasselby-vallingby", dt.date(2020, 1, 1), dt.date(2020, 12, 31))]
    assert query(f"SELECT name FROM priority_areas WHERE plan_id = '{HV_PLAN}' ORDER BY sort_order") == [
        ("Riktat arbete mot avgränsade platser och utsatta områden",), ("Unga i risk för kriminalitet",),
        ("Avhopparverksamhet för kriminella",), ("Arbetet mot våldsbejakande extremism",),
        ("Särskilt utsatta och sårbara brottsoffer",), ("Otillåten påverkan",), ("Skolan som brottsplats",),
        ("Otillåtna bosättningar",), ("Ordningsvakter",), ("Kameraövervakning",)]


def test_shipped_templates_name_known_places_and_indicators(db_path):
    """Every template row resolves: the plan function accepts each plan's templates on a fresh database."""
    from lagesbild import db as database

    for plan_id in areas_file.template_plans():
        with database.writer(db_path) as w:
            plan = areas_file.plan_priority_areas(w.con, areas_file.template_parsed(plan_id),
                                                  SourceFile("mall", b"x"))
        assert [v.action for v in plan.versions] == ["added"] * len(plan.versions)
    templates = pd.read_csv(areas_file.TEMPLATE_AREAS, sep=";", dtype=str)
    assert templates.groupby("plan_id").size().to_dict() == {DANDERYD_PLAN: 9, HV_PLAN: 10}


def test_template_on_the_import_page_imports(db_path):
    loader = get_loader(KIND)
    data = template_bytes(loader)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Fokusområden", "Platser", "Indikatorer", "Instruktioner"]
    assert [c.value for c in book["Fokusområden"][1]] == spec_for(loader).columns
    (result,) = import_files(sources=[SourceFile(spec_for(loader).file_name, data)], db_path=db_path)
    assert (result.kind, result.status) == (KIND, "ok"), result.message
    assert result.message.endswith("1 ny plan, 2 fokusområden tillagda, 0 ändrade, 0 oförändrade.")


def test_fixtures_are_committed():
    assert sorted(p.name for p in (FIXTURES / KIND).glob("*.xlsx")) == [
        "fokusomraden_andrad.xlsx", "fokusomraden_bara_omraden.xlsx", "fokusomraden_fel.xlsx",
        "fokusomraden_ny_plan.xlsx", "fokusomraden_ny_plan_utan_plats.xlsx", "fokusomraden_okanda_namn.xlsx"]


def test_a_name_written_a_little_differently_means_the_same_area():
    existing = {"p/arbete-mot-valdsbejakande-extremism": {"plan_id": "p", "name": "Arbete mot våldsbejakande extremism"},
                "p/minska-stold-och-bedragerier-i-synnerhet-brott-mot": {
                    "plan_id": "p", "name": "Minska stöld och bedrägerier, i synnerhet brott mot funktionsnedsatt"},
                "q/otillaten-paverkan": {"plan_id": "q", "name": "Otillåten påverkan"}}
    assert areas_file._similar_area(existing, "p", "Arbetet mot våldsbejakande extremism") == \
        "p/arbete-mot-valdsbejakande-extremism"
    assert areas_file._similar_area(
        existing, "p", "Minska stöld och bedrägerier, i synnerhet brott mot funktionsnedsatta/äldre") == \
        "p/minska-stold-och-bedragerier-i-synnerhet-brott-mot"
    assert areas_file._similar_area(existing, "p", "Otillåten påverkan") is None        # another plan's
    assert areas_file._similar_area(existing, "p", "Kartläggning") is None
