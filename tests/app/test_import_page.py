"""The import page with AppTest: upload, preview, errors, unknown places, import, history, undo."""
from __future__ import annotations

import pytest

from lagesbild import db
from loaders.registry import all_loaders
from tests.demo_support import read

PAGE = "pages/data_import.py"
GOOD = ("Område;År;Månad;Brottskategori;Antal\n"
        "Vällingby centrum;2025;januari;Skadegörelse;12\n"
        "Vällingby centrum;2025;februari;Skadegörelse;9\n").encode("utf-8")
BAD = ("Område;År;Brottskategori;Antal\n"
       "Vällingby centrum;2025;Skadegörelse;12a\n").encode("utf-8")
UNKNOWN = ("Område;År;Brottskategori;Antal\n"
           "Välingby centrum;2025;Skadegörelse;7\n").encode("utf-8")


@pytest.fixture
def empty_db(tmp_path):
    path = tmp_path / "import.duckdb"
    db.ensure_database(path)
    return path


def open_import(app_on, path, *files):
    at = app_on(path, PAGE)
    assert not at.exception, [e.message for e in at.exception]
    if files:
        at.file_uploader[0].set_value(list(files)).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def button(at, label_start):
    return next(b for b in at.button if b.label.startswith(label_start))


def test_upload_shows_kind_preview_and_imports(app_on, empty_db):
    at = open_import(app_on, empty_db, ("morby.csv", GOOD, "text/csv"))
    assert at.selectbox(key=[k for k in at.session_state if str(k).startswith("import.kind.")][0]).value == "polisstatistik"
    assert any(m.value == ":green-badge[Klar att importera]" for m in at.markdown)
    preview = at.dataframe[0].value
    assert preview["Plats"].tolist() == ["Vällingby centrum (plats)"] * 2
    assert preview["Kategori"].tolist() == ["Skadegörelse (12 kap.)"] * 2
    assert preview["Åtgärd"].tolist() == ["ny", "ny"]
    assert read(empty_db, "SELECT count(*) FROM crime_counts") == [(0,)]       # nothing written yet
    button(at, "Importera 1 fil").click().run()
    assert not at.exception
    assert any("importerad som import 1: 2 rader tillagda" in s.value for s in at.success)
    assert read(empty_db, "SELECT period, count, source FROM crime_counts ORDER BY period") == [
        (1, 12, "lokal"), (2, 9, "lokal")]


def test_bad_file_lists_errors_per_cell_and_cannot_be_imported(app_on, empty_db):
    before = db.data_version(empty_db)
    at = open_import(app_on, empty_db, ("fel.csv", BAD, "text/csv"))
    errors = at.dataframe[0].value
    assert errors.to_dict("records") == [
        {"Rad": 2, "Kolumn": "Antal", "Fann": "12a", "Förväntade": "ett heltal ≥ 0 eller «..»"}]
    assert button(at, "Importera 0 filer").disabled
    assert db.data_version(empty_db) == before


def test_changing_the_kind_checks_again(app_on, empty_db):
    at = open_import(app_on, empty_db, ("morby.csv", GOOD, "text/csv"))
    key = [k for k in at.session_state if str(k).startswith("import.kind.")][0]
    at.selectbox(key=key).set_value("folkmangd").run()
    assert not at.exception
    assert any(m.value == ":red-badge[Fel – kan inte importeras]" for m in at.markdown)


def test_unknown_place_can_be_mapped_to_an_existing_place(app_on, empty_db):
    at = open_import(app_on, empty_db, ("okand.csv", UNKNOWN, "text/csv"))
    assert any("finns inte i Lägesbild" in w.value for w in at.warning)
    choice = next(s for s in at.selectbox if s.label.startswith("«Välingby centrum»"))
    assert choice.options[0] == "Vällingby centrum (plats i Vällingby)"        # the closest place first
    choice.set_value("plats-vallingby-centrum")
    button(at, "Spara och kontrollera igen").click().run()
    assert not at.exception
    assert read(empty_db, "SELECT alias, place_id FROM place_aliases WHERE _import_id IS NOT NULL") == [
        ("Välingby centrum", "plats-vallingby-centrum")]
    assert at.dataframe[0].value["Plats"].tolist() == ["Vällingby centrum (plats)"]
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT place_id, count FROM crime_counts") == [("plats-vallingby-centrum", 7)]


def test_history_and_undo(app_on, empty_db):
    at = open_import(app_on, empty_db, ("morby.csv", GOOD, "text/csv"))
    button(at, "Importera 1 fil").click().run()
    history = at.tabs[1]
    table = history.dataframe[0].value
    assert table[["Nr", "Fil", "Typ", "Tillagda", "Status"]].to_dict("records") == [
        {"Nr": 1, "Fil": "morby.csv", "Typ": "Egen polisstatistik (mall, CSV eller Excel)", "Tillagda": 2,
         "Status": "aktiv"}]
    history.selectbox[0].set_value(1)
    button(at, "Ångra importen").click().run()
    assert any("Import 1 («morby.csv») är ångrad" in s.value for s in at.success)
    assert read(empty_db, "SELECT status FROM import_log") == [("undone",)]
    assert read(empty_db, "SELECT count(*) FROM crime_counts") == [(0,)]


def test_templates_for_every_kind(app_on, empty_db):
    at = open_import(app_on, empty_db)
    buttons = at.tabs[2].get("download_button")
    assert len(buttons) == len(all_loaders())


def test_import_page_hidden_in_read_only_mode(app_on, demo_db):
    at = app_on(demo_db, None, visning="1")
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_viewer_sees_no_import_controls_until_the_editor_password(app_on, empty_db, monkeypatch):
    from lagesbild import access

    monkeypatch.setattr(access, "_sleep", lambda seconds: None)
    secrets = {"lagesbild": {"editor_password_hash": access.hash_password("Rätt lösenord 1",
                                                                            iterations=access.MIN_ITERATIONS)}}
    at = app_on(empty_db, PAGE, secrets=secrets)
    assert not at.file_uploader and not at.tabs
    assert any("redaktörslösenordet" in i.value for i in at.info)
    at.sidebar.text_input[0].input("fel lösenord")
    at.sidebar.button[0].click().run()
    assert not at.file_uploader
    at.sidebar.text_input[0].input("Rätt lösenord 1")
    at.sidebar.button[0].click().run()
    assert not at.exception
    at.file_uploader[0].set_value([("morby.csv", GOOD, "text/csv")]).run()
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT imported_by FROM import_log") == [("redaktör (lösenord)",)]


def test_oidc_editor_imports_under_their_email(app_on, empty_db):
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "kaka",
            "client_id": "lagesbild", "client_secret": "hemlis",
            "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    viewer = app_on(empty_db, PAGE, secrets={"auth": auth}, user={"is_logged_in": False})
    assert not viewer.file_uploader
    at = app_on(empty_db, PAGE, secrets={"auth": auth},
                user={"is_logged_in": True, "email": "anna@kommun.se", "name": "Anna Andersson"})
    at.file_uploader[0].set_value([("morby.csv", GOOD, "text/csv")]).run()
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT imported_by FROM import_log") == [("anna@kommun.se",)]


PATROLS = ("Datum;Start;Slut;Plats;Utförare;Antal;Iakttagelser\n"
           "2025-09-05;21:00;23:00;Mörby centrum;Trygghetsvärdarna;2;Ring 070-123 45 67 vid stök\n"
           "2025-09-06;22:00;00:30;Mörby centrum;Securitas;1;Lugnt\n").encode("utf-8")


def test_patrol_log_asks_for_unknown_kinds_warns_about_notes_and_masks_them(app_on, empty_db):
    at = open_import(app_on, empty_db, ("logg.csv", PATROLS, "text/csv"))
    assert any("Namn kan inte hittas automatiskt" in c.value for c in at.caption)
    assert any("1 utförare i filen känns inte igen" in w.value for w in at.warning)
    choice = next(s for s in at.selectbox if s.label.startswith("«Trygghetsvärdarna» (rad 2)"))
    choice.set_value("annan")
    button(at, "Kontrollera igen").click().run()
    assert not at.exception
    assert any(m.value == ":green-badge[Klar att importera]" for m in at.markdown)
    preview = at.dataframe[0].value
    assert preview[["Typ", "Utförare", "Start", "Slut"]].to_dict("records") == [
        {"Typ": "Annan", "Utförare": "Trygghetsvärdarna", "Start": "2025-09-05 21:00", "Slut": "2025-09-05 23:00"},
        {"Typ": "Väktare", "Utförare": "Securitas", "Start": "2025-09-06 22:00", "Slut": "2025-09-07 00:30"}]
    assert preview["Anteckningar (maskerade)"].tolist() == ["Ring [telefonnummer] vid stök", "Lugnt"]
    assert read(empty_db, "SELECT count(*) FROM patrols") == [(0,)]             # nothing written yet
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT kind, notes FROM patrols ORDER BY started_at") == [
        ("annan", "Ring [telefonnummer] vid stök"), ("vaktare", "Lugnt")]
    assert read(empty_db, "SELECT alias, kind FROM patrol_kind_aliases WHERE _import_id = 1") == [
        ("Trygghetsvärdarna", "annan")]


def test_patrol_log_notes_can_be_left_out(app_on, empty_db):
    log = PATROLS.replace("Trygghetsvärdarna".encode(), b"Polisen")
    at = open_import(app_on, empty_db, ("logg.csv", log, "text/csv"))
    next(c for c in at.checkbox if c.label == "Spara inte anteckningarna").check().run()
    assert at.dataframe[0].value["Anteckningar (maskerade)"].tolist() == ["", ""]
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT kind, notes FROM patrols ORDER BY started_at") == [("polis", None), ("vaktare", None)]


SEEDS = __import__("pathlib").Path(__file__).parents[1] / "fixtures" / "handlingsplan"


def test_an_action_plan_pasted_from_word_imports(app_on, empty_db):
    at = open_import(app_on, empty_db)
    text = (SEEDS / "danderyd-handlingsplan-2017-2018.txt").read_text(encoding="utf-8")
    next(t for t in at.text_area if t.label == "Text från Word").set_value(text).run()
    assert not at.exception, [e.message for e in at.exception]
    kind_key = next(k for k in at.session_state if str(k).startswith("import.kind."))
    assert at.selectbox(key=kind_key).value == "handlingsplan"
    assert any(m.value == ":green-badge[Klar att importera]" for m in at.markdown)
    button(at, "Importera 1 fil").click().run()
    assert not at.exception
    assert read(empty_db, "SELECT count(*) FROM priority_areas") == [(9,)]
    assert read(empty_db, "SELECT count(*) FROM actions") == [(37,)]
    assert read(empty_db, "SELECT file_name, kind FROM import_log") == [("inklistrad handlingsplan.txt", "handlingsplan")]


def test_an_action_plan_without_a_place_in_its_title_gets_one_from_the_picker(app_on, empty_db):
    plan = ("Fokusområde\tAktivitet\tGenomförande\tAnsvarig\tGenomfört\tResultat\n"
            "Trygga torg\tTrygghetsvandring\tMed boende\tSDF\t2025-05-31\tGenomfört\n").encode("utf-8")
    at = open_import(app_on, empty_db, ("plan.txt", plan, "text/plain"))
    assert any(m.value == ":red-badge[Fel – kan inte importeras]" for m in at.markdown)
    next(s for s in at.selectbox if s.label == "Planens plats").set_value("sdo-hasselby-vallingby").run()
    assert any(m.value == ":green-badge[Klar att importera]" for m in at.markdown)
    button(at, "Importera 1 fil").click().run()
    assert read(empty_db, "SELECT place_id FROM action_plans") == [("sdo-hasselby-vallingby",)]
