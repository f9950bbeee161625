"""loaders/action_plan.py: action plans (handlingsplaner) as Word text, CSV and Excel; replacing and
undoing a plan; reading dates and statuses from the text."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from lagesbild import db
from loaders.action_plan import parse_due, read_status
from loaders.base import ImportRejected, SourceFile
from loaders.pipeline import import_files
from loaders.preview import preview_file
from tests.conftest import ROOT, fixture_path

DANDERYD_TXT = "danderyd-handlingsplan-2017-2018.txt"
DANDERYD_XLSX = "danderyd-handlingsplan-2017-2018.xlsx"
SOLLENTUNA = "sollentuna-handlingsplan-2024-2025.csv"
SOLLENTUNA_FIXED = "sollentuna-handlingsplan-2024-2025-rattad.csv"
TITLE = "HANDLINGSPLAN FÖR SAMVERKAN MELLAN DANDERYDS KOMMUN OCH POLISEN 2017-05-01 till 2018-04-30"
PLAN = "danderyd-handlingsplan-2017-2018"
ANT = f"{PLAN}/minska-brottslighet-otrygghet-och-ohalsa-kopplat-till"
AREAS = [  # name, activities, in the plan's order
    ("Öka tryggheten på platser som upplevs som otrygga i kommunen", 6),
    ("Minska inbrott och bildelsstölder", 2),
    ("Trygg och säker stadsplanering", 1),
    ("Arbete mot hot och våld och för trygghet", 7),
    ("Minska stöld och bedrägerier, i synnerhet brott mot funktionsnedsatt", 2),
    ("Minska brottslighet, otrygghet och ohälsa kopplat till alkohol, narkotika och tobak (ANT) bland ungdomar", 15),
    ("Kommunicera helhetsperspektiv, både otrygghet och trygghet.", 2),
    ("Tillit till samhället", 1),
    ("Kartläggning", 1),
]
ACTION = ("SELECT action_id, area_id, activity, implementation, responsible, due_text, due_date, ongoing, status,"
          " status_text, result, sort_order FROM actions WHERE action_id = ?")
TEXT_NOTICES = [
    "9 fokusområden, 37 aktiviteter och 12 förkortningar lästa (text (utf-8, tabb)); planens rubrik från rad 3.",
    "Giltighetstid 2017-05-01–2018-04-30 (från rubriken).",
    "Upprepade titel- och rubrikrader (sidbrytningar) hoppades över: rad 12, 14, 26, 28, 45, 47, 60, 62.",
    "Avgränsningsrader («---») hoppades över: rad 24, 43.",
    "6 rader saknade cellen för Fokusområde (raden började en kolumn för tidigt, som när Word tappar en "
    "sammanfogad cell) och lästes som aktiviteter i fokusområdet ovanför: rad 23, 40, 42, 56, 57, 58.",
    "Rader som fortsätter cellerna i raden ovanför (celler med flera stycken) lades till den aktiviteten: "
    "rad 36, 37, 38.",
    "Status lästes ur texten: 8 genomförda, 1 påbörjade, 0 pågående, 1 ej genomförda, 27 utan status (texten "
    "sparas som den står).",
    "Planen gäller Danderyd (från rubriken).",
]


def _import(db_path, name: str, text: str, **kw):
    (result,) = import_files(sources=[SourceFile(name, text.encode("utf-8"))], db_path=db_path,
                             imported_by="test", **kw)
    return result


# --- the Danderyd plan, pasted from Word -------------------------------------------------------

def test_danderyd_text_imports_to_9_areas_37_activities_and_12_abbreviations(load, query):
    result = load("handlingsplan", DANDERYD_TXT)

    assert result.status == "ok", result.message
    assert result.kind == "handlingsplan"              # detected from the content
    assert result.message == (f"«{DANDERYD_TXT}» importerad som import 1: planen «{TITLE}» (Danderyd) med 9 "
                              "fokusområden, 37 aktiviteter och 12 förkortningar.")
    assert result.notices == TEXT_NOTICES
    assert query("SELECT plan_id, title, place_id, valid_from, valid_to, _import_id FROM action_plans") == [
        (PLAN, TITLE, "kommun-0162", dt.date(2017, 5, 1), dt.date(2018, 4, 30), 1)]
    assert query("""SELECT a.name, count(c.action_id) FROM priority_areas a LEFT JOIN actions c USING (area_id)
                    GROUP BY a.name, a.sort_order ORDER BY a.sort_order""") == AREAS
    assert query("SELECT count(*) FROM actions") == [(37,)]
    assert query("SELECT count(*) FROM glossary") == [(12,)]
    assert query("SELECT kind, status, rows_loaded, rows_added, rows_replaced, rows_unchanged FROM import_log") == [
        ("handlingsplan", "ok", 59, 59, 0, 0)]


def test_danderyd_text_rows_as_written(load, query):
    load("handlingsplan", DANDERYD_TXT)

    # Line 7: «2017 -12-31, löpande» in the Genomfört column; no status words in Resultat.
    (row,) = query(ACTION, [f"{PLAN}/oka-tryggheten-pa-platser-som-upplevs-som-otrygga-i-kommunen#2"])
    assert row[2:10] == ("Förstärkning av kommunal väktarrondering och bevakning i kommunen",
                         "Fortsätta bevakning enligt nytt avtal med kommunens väktarbolag som påbörjats 2016. "
                         "Kontinuerligt utvärdera och utveckla pilotprojektet med att inkludera trygghetsarbete "
                         "(social rondning) i väktarnas uppgifter.",
                         "KLK", "2017 -12-31, löpande", dt.date(2017, 12, 31), True, None, None)
    assert row[10].startswith("Rapporter från väktarna har varit en del av hur vi skapar oss en lägesbild")
    # Lines 35–38: a Genomförande cell of four paragraphs.
    assert query(ACTION, [f"{ANT}#2"]) == [(
        f"{ANT}#2", ANT, "Stödja utvecklingen av",
        "Personalutveckling:\n- Seminarie om att förebygga suicid i samarbete med Karolinska Institutet och "
        "Stockholms läns landsting\n- Roslagskonferensen 2017 med trygghetstema\n- Föreläsningar för ökad kunskap "
        "om ungdomar och utveckling av metoder för att stödja dem",
        "Ungt Fokus,", "2017-12-31", dt.date(2017, 12, 31), False, "genomford", "Genomfört", "Genomfört", 2)]
    # Line 58: the row lost its Fokusområde cell; it is the ANT area's 15th activity.
    assert query(ACTION, [f"{ANT}#15"]) == [(
        f"{ANT}#15", ANT, "Stoppa föräldrafria fester",
        "Kampanj mot föräldrafria fester. Information om vilken otrygghet de skapar för flertalet unga minderåriga",
        "Ungt Fokus, KKK- KOM", "2018-04-30", dt.date(2018, 4, 30), False, "paborjad", "Har påbörjats",
        "Har påbörjats. Termen har använts i media och i brev till föräldrar. Media har skrivit om "
        "\"hemmafester\" och barn pratar om det.", 15)]
    # Line 23 (shifted too) is the 4th activity of «Arbete mot hot och våld …», after page 1's three.
    assert query("SELECT activity, due_text, ongoing FROM actions WHERE action_id = ?",
                 [f"{PLAN}/arbete-mot-hot-och-vald-och-for-trygghet#4"]) == [
        ("Sprida kunskap om stöd som finns, exempelvis föräldrastöd och stöd för brottsoffer och förövare",
         "2018-04-30, löpande", True)]
    assert query("SELECT activity, status, status_text FROM actions WHERE status IN ('ej_genomford') "
                 "OR result LIKE 'Genomfört med%'") == [
        ("Rökfria skolgårdar", "ej_genomford", "Ej genomfört"),
        ("Trygg skolavslutning", "genomford", "Genomfört")]
    assert query("SELECT status, count(*) FROM actions GROUP BY ALL ORDER BY ALL") == [
        ("ej_genomford", 1), ("genomford", 8), ("paborjad", 1), (None, 27)]
    assert query("SELECT due_date, count(*), count(*) FILTER (ongoing) FROM actions GROUP BY ALL ORDER BY ALL") == [
        (dt.date(2017, 6, 30), 1, 0), (dt.date(2017, 12, 31), 14, 3), (dt.date(2018, 4, 30), 22, 16)]
    assert query("SELECT abbreviation, meaning FROM glossary WHERE abbreviation IN ('KLK', 'Ungt Fokus', 'GSV') "
                 "ORDER BY abbreviation") == [
        ("GSV", "Grannsamverkan"), ("KLK", "Kommunledningskontoret"),
        ("Ungt Fokus", "Ett nätverk av ideella, privata, kommunala och statliga aktörer som arbetar med ungdomar "
                       "däribland polis (www.danderyd.se/ungtfokus)")]


def test_danderyd_excel_reads_the_same_plan_as_the_text(load, query, db_sha256):
    # Merged and blank Fokusområde cells, real date cells, the Förkortningar block (merged) below.
    first = load("handlingsplan", DANDERYD_XLSX)
    before = db_sha256()

    second = load("handlingsplan", DANDERYD_TXT)

    assert first.status == "ok", first.message
    assert first.notices == [
        "9 fokusområden, 37 aktiviteter och 12 förkortningar lästa (Excel, blad «Handlingsplan»); planens rubrik "
        "från rad 1.",
        "Giltighetstid 2017-05-01–2018-04-30 (från rubriken).",
        TEXT_NOTICES[6], TEXT_NOTICES[7]]
    assert query("SELECT count(*) FROM actions") == [(37,)]
    # Every row the text gives is already there: the two readings agree exactly.
    assert second.status == "unchanged"
    assert second.message == (f"«{DANDERYD_TXT}»: planen «{TITLE}» finns redan med samma innehåll (import 1). "
                              "Inget ändrades.")
    assert second.unchanged == 59
    assert db_sha256() == before


def test_same_plan_file_twice_is_unchanged(load, query, db_sha256):
    load("handlingsplan", DANDERYD_TXT)
    before = db_sha256()

    second = load("handlingsplan", DANDERYD_TXT)

    assert second.status == "unchanged"
    assert second.message.startswith(f"«{DANDERYD_TXT}» är redan importerad (import 1, ")
    assert db_sha256() == before
    assert query("SELECT count(*) FROM import_log") == [(1,)]


def test_undo_removes_the_plan(load, query, undo):
    load("handlingsplan", DANDERYD_TXT)

    message = undo(1)

    assert message == f"Import 1 («{DANDERYD_TXT}») är ångrad: 59 rader borttagna, 0 tidigare värden återställda."
    for table in ("action_plans", "priority_areas", "actions", "glossary"):
        assert query(f"SELECT count(*) FROM {table}") == [(0,)], table


def test_demo_copy_of_the_plan_is_the_fixture():
    assert (ROOT / "loaders" / "demo_plans" / DANDERYD_TXT).read_bytes() == \
        fixture_path("handlingsplan", DANDERYD_TXT).read_bytes()


# --- a plan saved as CSV, with Status and Mål columns ----------------------------------------

SOLLENTUNA_ROWS = [
    ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo#1", "Trygghetsvandring i centrum", "Kommunpolis, KLK",
     "T2 2024", dt.date(2024, 8, 31), False, "genomford", "Genomförd",
     "Vandring 12 maj med 14 deltagare.\nÅtgärdslista till fastighetsägaren."),
    ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo#2", "Ordningsvakter helger", "Säkerhetsenheten",
     "Q3 2024", dt.date(2024, 9, 30), False, "pagar", "Pågår", None),
    ("sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer#1", "Föräldravandringar", "Fritid",
     "Klar juni 2025", dt.date(2025, 6, 30), False, None, None, None),  # a target (Tidplan), no status
    ("sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer#2", "Sociala insatsgrupper", "SOC, Polis",
     "hösten 2025", dt.date(2025, 12, 31), False, "ej_genomford", "Ej påbörjad", "Väntar på beslut i nämnden"),
]
ROWS = ("SELECT action_id, activity, responsible, due_text, due_date, ongoing, status, status_text, result "
        "FROM actions ORDER BY action_id")


def test_csv_plan_with_status_and_goal_columns(load, query):
    result = load("handlingsplan", SOLLENTUNA)

    assert result.status == "ok", result.message
    assert query("SELECT plan_id, title, place_id, valid_from, valid_to FROM action_plans") == [
        ("sollentuna-handlingsplan-2024-2025",
         "Handlingsplan för samverkan mellan Sollentuna kommun och polisen 2024–2025", "kommun-0163",
         dt.date(2024, 1, 1), dt.date(2025, 12, 31))]
    assert query("SELECT area_id, name, goal, sort_order FROM priority_areas ORDER BY sort_order") == [
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo", "Trygg centrummiljö",
         "Färre som känner sig otrygga i Sollentuna centrum", 1),
        ("sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer", "Unga i riskmiljöer", "Färre unga som rekryteras", 2)]
    assert query(ROWS) == SOLLENTUNA_ROWS


def test_corrected_plan_replaces_the_old_version_and_undo_brings_it_back(load, query, undo):
    load("handlingsplan", SOLLENTUNA)

    # Ordningsvakter now Genomförd, Kameraövervakning added, Sociala insatsgrupper gone.
    result = load("handlingsplan", SOLLENTUNA_FIXED)

    assert result.status == "ok", result.message
    assert result.message == (
        f"«{SOLLENTUNA_FIXED}» importerad som import 2: planen «Handlingsplan för samverkan mellan Sollentuna kommun "
        "och polisen 2024–2025» (Sollentuna) med 2 fokusområden, 4 aktiviteter och 0 förkortningar; ersätter "
        "versionen från import 1 (1 rader nya, 2 ändrade eller borttagna, 5 oförändrade).")
    assert query("SELECT action_id, activity, status, status_text, _import_id FROM actions ORDER BY action_id") == [
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo#1", "Trygghetsvandring i centrum", "genomford",
         "Genomförd", 2),
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo#2", "Ordningsvakter helger", "genomford",
         "Genomförd", 2),
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo#3", "Kameraövervakning vid stationen", "paborjad",
         "Påbörjad", 2),
        ("sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer#1", "Föräldravandringar", None,
         None, 2)]
    assert query("SELECT count(*), min(_import_id), min(_replaced_by) FROM actions_replaced") == [(4, 1, 2)]
    assert query("SELECT rows_loaded, rows_added, rows_replaced, rows_unchanged FROM import_log "
                 "WHERE import_id = 2") == [(7, 1, 2, 5)]

    message = undo(2)

    assert message == (f"Import 2 («{SOLLENTUNA_FIXED}») är ångrad: 7 rader borttagna, 7 tidigare värden "
                       "återställda.")
    assert query(ROWS) == SOLLENTUNA_ROWS
    assert query("SELECT count(*) FROM action_plans WHERE _import_id = 1") == [(1,)]
    for table in ("action_plans", "priority_areas", "actions", "glossary"):
        assert query(f"SELECT count(*) FROM {table}_replaced") == [(0,)], table


def test_undo_of_the_first_version_keeps_the_correction(load, query, undo):
    load("handlingsplan", SOLLENTUNA)
    load("handlingsplan", SOLLENTUNA_FIXED)

    undo(1)                   # the old version goes for good; the correction stays
    message = undo(2)         # now nothing comes back

    assert message == (f"Import 2 («{SOLLENTUNA_FIXED}») är ångrad: 7 rader borttagna, 0 tidigare värden "
                       "återställda.")
    for table in ("action_plans", "priority_areas", "actions", "glossary"):
        assert query(f"SELECT count(*) FROM {table}") == [(0,)], table
        assert query(f"SELECT count(*) FROM {table}_replaced") == [(0,)], table


def _link_place(db_path, area_id: str, place_id: str) -> None:
    """What the Fokusområden page does when an editor ties a place to an area (no import)."""
    with db.writer(db_path) as w:
        w.con.execute("INSERT INTO priority_area_places VALUES (?, ?, NULL)", [area_id, place_id])
        w.changed = True


def test_undo_is_refused_while_an_area_has_places_added_in_the_app(load, query, undo, db_path):
    load("handlingsplan", SOLLENTUNA)
    _link_place(db_path, "sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer", "kommun-0163")

    with pytest.raises(ImportRejected) as refused:
        undo(1)

    assert refused.value.problems == [
        "fokusområdena «Unga i riskmiljöer» (1 kopplingar) har platser, indikatorer eller aktiviteter som lagts till "
        "efter importen och skulle bli kvar utan fokusområde. Ta bort kopplingarna först (Fokusområden i appen), "
        "eller ångra de importer som lade till dem."]
    assert query("SELECT count(*) FROM actions") == [(4,)]
    assert query("SELECT status FROM import_log") == [("ok",)]


def test_corrected_plan_without_a_linked_area_is_rejected(load, query, db_path):
    load("handlingsplan", SOLLENTUNA)
    _link_place(db_path, "sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer", "kommun-0163")
    text = fixture_path("handlingsplan", SOLLENTUNA).read_text("utf-8").split("\n")
    without = "\n".join(line for line in text if "Unga i riskmiljöer" not in line and "Sociala" not in line)

    result = _import(db_path, "utan-unga.csv", without)

    assert result.status == "rejected"
    assert result.message == (
        "«utan-unga.csv» importerades inte. Databasen är oförändrad.\n"
        "  - fokusområdena «Unga i riskmiljöer» (1 kopplingar) har platser, indikatorer eller aktiviteter som lagts "
        "till efter planen, men den nya versionen av planen saknar dem. Ta bort kopplingarna först (Fokusområden i "
        "appen).")
    assert query("SELECT count(*) FROM actions") == [(4,)]


# --- a plan written as one card per activity (Hässelby-Vällingby 2020) ---------------------------

HV = "hasselby-vallingby-atgardsplan"


def test_card_plan_imports_with_the_place_given(load, query):
    # The title is only «Åtgärdsplan»; the stadsdelsområde comes from the import option.
    result = load("handlingsplan", "hasselby-vallingby-atgardsplan-2020.txt", options={"place": "Hässelby-Vällingby"})

    assert result.status == "ok", result.message
    assert result.kind == "handlingsplan"
    assert result.notices == [
        "6 fokusområden, 8 aktiviteter och 0 förkortningar lästa (text (utf-8, kort per aktivitet)); planens rubrik "
        "från rad 3.",
        "Planen är skriven med ett kort per aktivitet: rubrikerna före «Övergripande mål» blev fokusområden, "
        "lägesbilden under dem deras beskrivning; övrig löptext lästes inte.",
        "Status lästes ur texten: 0 genomförda, 0 påbörjade, 0 pågående, 0 ej genomförda, 8 utan status (texten "
        "sparas som den står).",
        "2 aktiviteter har en tidplan utan datum (rad 80, 160); texten sparas som den står.",
        "Fokusområden utan aktiviteter sparades inte: «Skolan som brottsplats».",
        "Planen gäller Hässelby-Vällingby (angivet vid importen)."]
    assert query("SELECT plan_id, title, place_id, valid_from, valid_to FROM action_plans") == [
        (HV, "Åtgärdsplan", "sdo-hasselby-vallingby", None, None)]
    assert query("""SELECT a.name, a.goal, count(c.action_id) FROM priority_areas a LEFT JOIN actions c USING (area_id)
                    GROUP BY ALL ORDER BY min(a.sort_order)""") == [
        ("Riktat arbete mot avgränsade platser och utsatta områden", "Allmänna platser är trygga och välskötta", 2),
        ("Unga i risk för kriminalitet", "Unga i risk för kriminalitet får tidigt och förebyggande stöd", 1),
        ("Avhopparverksamhet för kriminella", "De som vill lämna en kriminell livsstil får rätt stöd.", 1),
        ("Arbete mot våldsbejakande extremism",
         "Demokratin värnas och rekrytering till extremistiska grupper motverkas", 1),
        ("Särskilt utsatta och sårbara brottsoffer", "Äldres otrygghet minskar och brott i nära relation minskar.", 2),
        ("Otillåten påverkan", "Tjänstemän och politiker fattar beslut utan påtryckningar och otillbörlig påverkan. "
                               "Brottsoffer och vittnen utsätts inte för otillbörlig påverkan och hot.", 1)]
    assert query(ACTION, [f"{HV}/riktat-arbete-mot-avgransade-platser-och-utsatta-omraden#2"]) == [(
        f"{HV}/riktat-arbete-mot-avgransade-platser-och-utsatta-omraden#2",
        f"{HV}/riktat-arbete-mot-avgransade-platser-och-utsatta-omraden", "Starta platssamverkan Vällingby centrum",
        "Samman kallande: Stadsdelsförvaltningen\nStadsdelsförvaltningens kontakt: Samman kallande\nPolisen kontakt: "
        "Kommunpolis", "Ännu inte på plats", "En arbetande grupp på plats september 2020", dt.date(2020, 9, 30), False,
        None, None, "Uppföljningen samordnas av beredningsgruppen att en samverkansgrupp finns följs upp i T2.", 2)]
    assert query("SELECT activity, due_text, due_date, ongoing, status FROM actions WHERE area_id = ? "
                 "ORDER BY sort_order", [f"{HV}/sarskilt-utsatta-och-sarbara-brottsoffer"]) == [
        # "Klar juni 2020" under Löptid is a target date, not a report that the work is done.
        ("Äldre Bilda en grupp som lägger en plan med aktiviteter.", "Klar juni 2020", dt.date(2020, 6, 30), False,
         None),
        ("Våld i nära relation: Ta fram en samverkansform mellan polis och förvaltning.", "Klar juni 2020",
         dt.date(2020, 6, 30), False, None)]
    (description,) = query("SELECT description FROM priority_areas WHERE name = 'Avhopparverksamhet för kriminella'")[0]
    assert description.startswith("Vad gäller målgruppen över 18 år visar trenden att efterfrågan på stöd")


def test_card_plan_without_place_is_rejected(load):
    result = load("handlingsplan", "hasselby-vallingby-atgardsplan-2020.txt")

    assert result.status == "rejected"
    assert "rubriken «Åtgärdsplan» (rad 3) nämner ingen kommun eller stadsdelsområde" in result.message


# --- areas changed after the import (kind «fokusomraden»: an edit in the app) ----------------------

UNGA = "sollentuna-handlingsplan-2024-2025/unga-i-riskmiljoer"
AREA_ROWS = "SELECT area_id, goal, _import_id FROM priority_areas ORDER BY area_id"


def _edit_area(db_path, area_id: str, goal: str) -> int:
    """What a «fokusomraden» import (an edit on the Fokusområden page) does to an area: the area row is
    written anew by that import, the version it replaced kept in priority_areas_replaced."""
    with db.writer(db_path) as w:
        con = w.con
        (edit,) = con.execute("SELECT nextval('import_id_seq')").fetchone()
        con.execute("INSERT INTO import_log (import_id, file_name, sha256, kind, status, rows_loaded, started_at)"
                    " VALUES (?, 'Fokusområden (appen)', '-', 'fokusomraden', 'ok', 1, now())", [edit])
        con.execute("INSERT INTO priority_areas_replaced BY NAME SELECT *, ? AS _replaced_by FROM priority_areas "
                    "WHERE area_id = ?", [edit, area_id])
        con.execute("UPDATE priority_areas SET goal = ?, _import_id = ? WHERE area_id = ?", [goal, edit, area_id])
        con.execute("INSERT INTO priority_area_places VALUES (?, 'kommun-0163', ?)", [area_id, edit])
        w.changed = True
    return edit


def test_corrected_plan_keeps_an_area_edited_in_the_app(load, query, undo, db_path):
    load("handlingsplan", SOLLENTUNA)
    _edit_area(db_path, UNGA, "Färre unga i kriminalitet (mål satt i appen)")

    # The corrected plan still has «Unga i riskmiljöer» (one activity fewer).
    result = load("handlingsplan", SOLLENTUNA_FIXED)

    assert result.status == "ok", result.message
    assert result.notices[-1] == ("Fokusområdena «Unga i riskmiljöer» har ändrats efter planen (import 2) och "
                                  "behålls som de är; filens version av dem används om ändringen ångras.")
    assert query(AREA_ROWS) == [
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo", "Färre som känner sig otrygga i Sollentuna centrum",
         3),
        (UNGA, "Färre unga i kriminalitet (mål satt i appen)", 2)]
    # Under the edit: the corrected plan's version; under that, the first version.
    assert query("SELECT area_id, goal, _import_id, _replaced_by FROM priority_areas_replaced "
                 "ORDER BY area_id, _import_id") == [
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo", "Färre som känner sig otrygga i Sollentuna centrum",
         1, 3),
        (UNGA, "Färre unga som rekryteras", 1, 3),
        (UNGA, "Färre unga som rekryteras", 3, 2)]
    assert query("SELECT action_id, _import_id FROM actions WHERE area_id = ?", [UNGA]) == [(f"{UNGA}#1", 3)]

    undo(3)

    # The first version is back, and the edit still holds its area.
    assert query(AREA_ROWS) == [
        ("sollentuna-handlingsplan-2024-2025/trygg-centrummiljo", "Färre som känner sig otrygga i Sollentuna centrum",
         1),
        (UNGA, "Färre unga i kriminalitet (mål satt i appen)", 2)]
    assert query("SELECT area_id, _import_id, _replaced_by FROM priority_areas_replaced") == [(UNGA, 1, 2)]
    assert query(ROWS) == SOLLENTUNA_ROWS


def test_same_plan_again_after_an_edit_is_unchanged(load, db_path, db_sha256):
    load("handlingsplan", SOLLENTUNA)
    _edit_area(db_path, UNGA, "Mål satt i appen")
    before = db_sha256()
    text = fixture_path("handlingsplan", SOLLENTUNA).read_text("utf-8")

    result = _import(db_path, "samma-plan.csv", text + "\n")     # other bytes, the same plan

    assert result.status == "unchanged"
    assert db_sha256() == before


def test_undo_is_refused_while_an_edited_area_would_lose_its_plan(load, query, undo, db_path):
    load("handlingsplan", SOLLENTUNA)
    _edit_area(db_path, UNGA, "Mål satt i appen")

    with pytest.raises(ImportRejected) as refused:
        undo(1)

    assert refused.value.problems == [
        "fokusområdena «Unga i riskmiljöer» har ändrats eller lagts till efter importen (import 2) och skulle bli "
        "kvar utan sin plan. Ångra de ändringarna först."]
    assert query("SELECT count(*) FROM actions") == [(4,)]


# --- the plan's place ------------------------------------------------------------------------

NO_PLACE = "Handlingsplan 2024\n\nFokusområde\tAktivitet\tAnsvarig\tKlart senast\nTrygg skolväg\tTrygghetsvandring\tPolis\t2024-06-30\n"


def test_plan_whose_title_names_no_place_is_rejected(db_path, query):
    result = _import(db_path, "plan.txt", NO_PLACE)

    assert result.status == "rejected"
    assert result.message == (
        "«plan.txt» importerades inte. Databasen är oförändrad.\n"
        "  - rubriken «Handlingsplan 2024» (rad 1) nämner ingen kommun eller stadsdelsområde; förväntade t.ex. "
        "«Handlingsplan för samverkan mellan Danderyds kommun och polisen». Ange planens plats vid importen "
        "(--plats NAMN, t.ex. --plats Danderyd) eller skriv den i rubriken.")


def test_place_option_gives_the_place(db_path, query):
    result = _import(db_path, "plan.txt", NO_PLACE, options={"place": "Hässelby-Vällingby"})

    assert result.status == "ok", result.message
    assert result.notices[-1] == "Planen gäller Hässelby-Vällingby (angivet vid importen)."
    assert query("SELECT plan_id, title, place_id, valid_from, valid_to FROM action_plans") == [
        ("hasselby-vallingby-handlingsplan-2024", "Handlingsplan 2024", "sdo-hasselby-vallingby",
         dt.date(2024, 1, 1), dt.date(2024, 12, 31))]
    assert query("SELECT action_id, due_date FROM actions") == [
        ("hasselby-vallingby-handlingsplan-2024/trygg-skolvag#1", dt.date(2024, 6, 30))]


def test_unknown_place_option_is_rejected_with_the_closest_names(db_path):
    result = _import(db_path, "plan.txt", NO_PLACE, options={"place": "Danderydd"})

    assert result.status == "rejected"
    assert "platsen «Danderydd» (--plats) är okänd (närmast kända: Danderyd" in result.message


def test_cli_plats_flag(db_path, query):
    path = db_path.parent / "plan.txt"
    path.write_text(NO_PLACE, encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db_path), "import", str(path),
                           "--plats", "Täby"], cwd=ROOT, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("«plan.txt» importerad som import 1: planen «Handlingsplan 2024» (Täby) med 1 "
                                  "fokusområden, 1 aktiviteter och 0 förkortningar.")
    assert query("SELECT plan_id, place_id FROM action_plans") == [("taby-handlingsplan-2024", "kommun-0160")]


# --- bad input -------------------------------------------------------------------------------

def test_impossible_due_date_is_rejected(db_path, query):
    text = ("Handlingsplan för Danderyds kommun 2018\n"
            "Fokusområde\tAktivitet\tAnsvarig\tGenomfört\tResultat\n"
            "Trygg skolväg\tTrygghetsvandring\tPolis\t2018-02-30\tGenomfört\n")

    result = _import(db_path, "plan.txt", text)

    assert result.message == ("«plan.txt» importerades inte. Databasen är oförändrad.\n"
                              "  - rad 3, kolumn «Genomfört»: fann «2018-02-30», förväntade ett giltigt datum som "
                              "2018-04-30 (eller en period: T2 2020, Q3 2021, juni 2020, hösten 2020, 2020).")
    assert query("SELECT count(*) FROM import_log") == [(0,)]


def test_activity_before_any_area_is_rejected(db_path):
    text = ("Handlingsplan för Danderyds kommun 2018\n"
            "Fokusområde\tAktivitet\tAnsvarig\n"
            "\tTrygghetsvandring\tPolis\n")

    result = _import(db_path, "plan.txt", text)

    assert result.message.endswith("rad 3, kolumn «Fokusområde»: fann «(tomt)», förväntade ett fokusområde (ingen "
                                   "rad ovanför anger något).")


def test_text_without_a_plan_table_is_rejected(db_path):
    text = "Kommunstyrelsen\n\nAntagande av handlingsplan och medborgarlöften 2021–2022\n\nÄrende\n"

    result = _import(db_path, "ks.txt", text, kind="handlingsplan")

    assert result.status == "rejected"
    assert "hittade ingen tabell med aktiviteter: förväntade en rubrikrad med «Fokusområde»" in result.message


def test_abbreviation_explained_twice_differently_is_rejected(db_path):
    text = ("Handlingsplan för Danderyds kommun 2018\n"
            "Fokusområde\tAktivitet\tAnsvarig\n"
            "Trygg skolväg\tTrygghetsvandring\tKLK\n\n"
            "Förkortningar\nKLK\tKommunledningskontoret\nKLK\tKulturkontoret\n")

    result = _import(db_path, "plan.txt", text)

    assert result.message.endswith(
        "rad 7: förkortningen «KLK» förklaras två gånger olika (rad 6: «Kommunledningskontoret», rad 7: "
        "«Kulturkontoret»); förväntade en förklaring per förkortning.")


# --- the import page -------------------------------------------------------------------------

def test_preview_shows_the_activities_without_writing(db_path, db_sha256):
    db.ensure_database(db_path)
    before = db_sha256()

    preview = preview_file(SourceFile.from_path(fixture_path("handlingsplan", SOLLENTUNA)), db_path)

    assert preview.status == "ok"
    assert preview.kind == "handlingsplan"
    assert preview.message == ("Planen «Handlingsplan för samverkan mellan Sollentuna kommun och polisen "
                               "2024–2025» (Sollentuna) med 2 fokusområden, 4 aktiviteter och 0 förkortningar.")
    assert preview.rows.to_dict("records")[3] == {
        "Rad": 8, "Fokusområde": "Unga i riskmiljöer", "Aktivitet": "Sociala insatsgrupper", "Ansvarig": "SOC, Polis",
        "Tidplan": "hösten 2025", "Klart senast": "2025-12-31", "Löpande": "", "Status": "ej genomförd", "Åtgärd": "ny"}
    assert preview.total_rows == 4
    assert db_sha256() == before


# --- dates and statuses as written -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2017-12-31", (dt.date(2017, 12, 31), False, True)),
    ("2017 -12-31, löpande", (dt.date(2017, 12, 31), True, True)),
    ("2018-04-30 löpande", (dt.date(2018, 4, 30), True, True)),
    ("T2 2020", (dt.date(2020, 8, 31), False, True)),
    ("T1 2021", (dt.date(2021, 4, 30), False, True)),
    ("Klar juni 2020", (dt.date(2020, 6, 30), False, True)),
    ("15 juni 2020", (dt.date(2020, 6, 15), False, True)),
    ("Q3 2021", (dt.date(2021, 9, 30), False, True)),
    ("Kv 1 2022", (dt.date(2022, 3, 31), False, True)),
    ("hösten 2020", (dt.date(2020, 12, 31), False, True)),
    ("VB 2020", (dt.date(2020, 12, 31), False, True)),
    ("Uppdrag 2020", (dt.date(2020, 12, 31), False, True)),
    ("Tillsvidare", (None, True, True)),
    ("Planen klar till T1.", (None, False, True)),
    ("2018-02-30", (None, False, False)),
    ("", (None, False, True)),
])
def test_parse_due(text, expected):
    assert parse_due(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Genomfört", ("genomford", "Genomfört")),
    ("Genomfört med gott resultat. Inför nästa år …", ("genomford", "Genomfört")),
    ("Har påbörjats. Termen har använts", ("paborjad", "Har påbörjats")),
    ("Påbörjat", ("paborjad", "Påbörjat")),
    ("Pågår delvis", ("paborjad", "Pågår delvis")),
    ("Pågår", ("pagar", "Pågår")),
    ("Löpande", ("pagar", "Löpande")),
    ("Ej genomfört", ("ej_genomford", "Ej genomfört")),
    ("Inte genomförd", ("ej_genomford", "Inte genomförd")),
    ("Ej påbörjat", ("ej_genomford", "Ej påbörjat")),
    ("Klar juni 2020", (None, None)),           # a target date unless it stands in a Status column
    ("Klart senast 2020-06-30", (None, None)),
    ("Arbetet med Ungt Fokus har upphört", (None, None)),
    ("Omvärldsanalys pågår löpande.", (None, None)),
])
def test_read_status(text, expected):
    assert read_status(text) == expected


def test_klar_with_a_date_is_done_only_in_a_status_column():
    assert read_status("Klar juni 2020", status_column=True) == ("genomford", "Klar")
    assert read_status("Klar juni 2020") == (None, None)
