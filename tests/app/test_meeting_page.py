"""Mötesläge (pages/meeting.py) in AppTest: set-up, the presentation driven by its URL, the buttons,
one-click place and period, saved agendas with undo, and what read-only and empty databases show."""
from __future__ import annotations

import re
import shutil

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from lagesbild import db, meeting
from tests.app.helpers import charts, open_page

PAGE = "pages/meeting.py"
ROOT = Path(__file__).resolve().parents[2]


def _texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def _message(at) -> str:
    (text,) = [t for t in _texts(at) if "lb-message" in t]
    return re.sub(r"<[^>]+>", "", text).replace("\xa0", " ")


def _step(at) -> str:
    (text,) = [t for t in _texts(at) if t.startswith("<p class='lb-step'>Vy ")]
    return re.sub(r"<[^>]+>", "", text)


def _button(at, label):
    (button,) = [b for b in at.button if b.label == label]
    return button


def _pills(at, label):
    (pills,) = [p for p in at.pills if p.label == label]
    return pills


def test_setup_offers_views_links_and_start(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, plats="kommun-0162")
    assert at.title[0].value == "Mötesläge"
    assert at.multiselect[0].value == ["brott", "brottstyper", "handelser-tid", "trygghet", "narvaro"]
    links = "\n".join(_texts(at))
    # The whole sequence and each view are links (all years: no fran/till in them).
    assert "moteslage?vyer=brott,brottstyper,handelser-tid,trygghet,narvaro&vy=1&plats=kommun-0162)" in links
    assert "5. [Närvaro och patrullering per månad](/moteslage?vyer=brott,brottstyper,handelser-tid,trygghet,narvaro" \
           "&vy=5&plats=kommun-0162)" in links
    # A preview of the first view, with the same key message as in the meeting.
    assert charts(at) and "**Anmälda brott i Danderyd: 2\xa0565 (2025), +52 jämfört med 2024, inte säkerställt.**" in links
    at.multiselect[0].set_value(["trygghet", "brott"]).run()
    _button(at, "Starta mötesläge").click().run()
    assert not at.exception
    assert dict(at.query_params) == {"vyer": "trygghet,brott", "vy": "1", "plats": "kommun-0162"}
    assert _step(at) == "Vy 1 av 2"
    assert len(at.sidebar) == 0 and not at.multiselect           # nothing to edit while presenting


def test_buttons_step_through_the_sequence_and_the_url_follows(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="brott,handelser-tid,trygghet", plats="kommun-0162")
    assert _step(at) == "Vy 1 av 3" and _button(at, "Föregående").disabled
    assert _message(at).startswith("Anmälda brott i Danderyd: 2 565 (2025), ")
    _button(at, "Nästa").click().run()
    assert at.query_params["vy"] == "2" and _step(at) == "Vy 2 av 3"
    assert "publicerade händelser" in _message(at).lower() and "inte brottsstatistik" in _message(at)
    _button(at, "Nästa").click().run()
    assert _step(at) == "Vy 3 av 3" and _button(at, "Nästa").disabled
    assert _message(at) == "Känner sig trygg ute sent en kväll: 81,7 % (Danderyd 2024, 367 svarande)."
    _button(at, "Föregående").click().run()
    assert at.query_params["vy"] == "2"
    (figure,) = charts(at)
    # Projector size: large ticks and title, every text at least 18 px.
    assert figure["layout"]["font"]["size"] >= 22 and figure["layout"]["title"]["font"]["size"] >= 34
    sizes = [a["font"]["size"] for a in figure["layout"].get("annotations", [])]
    assert sizes and min(sizes) >= 18


def test_each_view_is_a_url(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="trygghet,brott", vy="2", plats="kommun-0162", fran="2020",
                   till="2025")
    assert _step(at) == "Vy 2 av 2"
    assert _message(at).startswith("Anmälda brott i Danderyd: 2 565 (2025)")
    assert _pills(at, "Period").value == "2020–2025"        # a span from a link that is not a ready choice
    (figure,) = charts(at)
    assert "Period: 2020–2025" in str(figure["layout"]["annotations"])


def test_place_and_period_change_with_one_click(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="brott", plats="kommun-0180")
    places = _pills(at, "Plats")
    # Stockholm's stadsdelsområden are one click away.
    assert places.value == "kommun-0180" and places.options[:3] == ["Stockholm", "Bromma", "Enskede-Årsta-Vantör"]
    places.set_value("sdo-hasselby-vallingby").run()
    assert not at.exception
    assert at.query_params["plats"] == "sdo-hasselby-vallingby"
    assert _message(at).startswith("Anmälda brott i Hässelby-Vällingby:")
    # From there: back to Stockholm, or on to the places inside the area.
    assert _pills(at, "Plats").options[:3] == ["Stockholm", "Hässelby-Vällingby", "Hässelby torg"]
    _pills(at, "Period").set_value("5 år (2021–2025)").run()
    assert (at.query_params["fran"], at.query_params["till"]) == ("2021", "2025")
    (figure,) = charts(at)
    assert "Period: 2021–2025" in str(figure["layout"]["annotations"])


def test_unknown_views_are_named_and_skipped(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="brott,finnsinte", plats="kommun-0162")
    assert _step(at) == "Vy 1 av 1"
    assert any("Okända vyer i länken hoppades över: finnsinte." in t for t in _texts(at))


def test_exempeldata_is_marked(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="brott", plats="kommun-0162")
    assert "<span class='lb-demo'>Exempeldata</span>" in _texts(at)


def test_leave_returns_to_setup(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, vyer="brott", plats="kommun-0162")
    _button(at, "Avsluta").click().run()
    assert at.title[0].value == "Mötesläge" and "vyer" not in at.query_params


def _direct(monkeypatch, path, **params):
    """The page on its own, as a browser opening a link to it does (the router's default page would
    otherwise first put its own place in the URL)."""
    monkeypatch.setenv("LAGESBILD_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=60)
    at.secrets.update({"lagesbild": {}})
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_save_open_delete_and_undo_an_agenda(app_on, demo_db, tmp_path, monkeypatch):
    path = tmp_path / "live.duckdb"
    shutil.copyfile(demo_db, path)
    at = open_page(app_on, path, PAGE, plats="kommun-0162")
    at.multiselect[0].set_value(["narvaro", "brott"]).run()
    at.text_input[0].input("Trygghetsrådet mars")
    [b for b in at.button if b.label == "Spara dagordning"][0].click().run()
    assert not at.exception
    assert any("moteslage?dagordning=trygghetsradet-mars" in s.value for s in at.success)
    # Opening the saved agenda by its short link (straight to the page, as a browser does) shows its
    # views for its place.
    shown = _direct(monkeypatch, path, dagordning="trygghetsradet-mars")
    assert _step(shown) == "Vy 1 av 2" and _message(shown).startswith("Närvaro i Danderyd: ")
    assert shown.query_params["vyer"] == "narvaro,brott"
    # Delete, then undo.
    at = open_page(app_on, path, PAGE)
    _button(at, "Ta bort").click().run()
    con = db.open_snapshot(path)
    assert con.execute("SELECT count(*) FROM agendas").fetchone()[0] == 0
    con.close()
    _button(at, "Ångra").click().run()
    con = db.open_snapshot(path)
    assert con.execute("SELECT name, views FROM agendas").fetchall() == [("Trygghetsrådet mars", "narvaro,brott")]
    con.close()


def test_read_only_screen_cannot_save(app_on, demo_db):
    at = open_page(app_on, demo_db, PAGE, visning="1")
    assert not at.text_input and not [b for b in at.button if b.label == "Spara dagordning"]


def test_empty_database(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = open_page(app_on, path, PAGE, vyer="brott")
    assert any("Databasen är tom" in t for t in _texts(at))
    at = open_page(app_on, path, PAGE)
    assert "Det finns ingen data att visa ännu." in at.info[0].value


def test_url_builder_matches_what_the_page_keeps():
    assert meeting.url(meeting.Agenda(("brott",), "kommun-0162"), 0) == "moteslage?vyer=brott&vy=1&plats=kommun-0162"
