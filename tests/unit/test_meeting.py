"""Mötesläge without Streamlit: URLs, one-click choices and saved agendas (lagesbild.meeting)."""
from __future__ import annotations

import pandas as pd
import pytest

from lagesbild import db, meeting, queries

KNOWN = {"brott": None, "handelser-tid": None, "trygghet": None}


def test_parse_views_keeps_order_drops_unknown_and_repeats():
    assert meeting.parse_views("trygghet, BROTT,xyz,trygghet,,handelser-tid", KNOWN) == (
        ["trygghet", "brott", "handelser-tid"], ["xyz"])
    assert meeting.parse_views(None, KNOWN) == ([], [])


@pytest.mark.parametrize("raw, expected", [("2", 1), ("1", 0), ("0", 0), ("-4", 0), ("9", 2), ("x", 0), (None, 0)])
def test_parse_index_is_one_based_and_clamped(raw, expected):
    assert meeting.parse_index(raw, 3) == expected


def test_parse_years_within_data_else_all_years():
    assert meeting.parse_years("2018", "2022", 2014, 2025) == (2018, 2022)
    assert meeting.parse_years("2018", None, 2014, 2025) == (2018, 2025)
    assert meeting.parse_years("2014", "2025", 2014, 2025) is None        # everything: no fixed span
    assert meeting.parse_years("2010", "2020", 2014, 2025) is None        # outside the data
    assert meeting.parse_years("2022", "2018", 2014, 2025) is None        # reversed
    assert meeting.parse_years("tjugo", "2020", 2014, 2025) is None


def test_url_holds_the_whole_state():
    agenda = meeting.Agenda(("brott", "trygghet"), "kommun-0162", (2016, 2025))
    assert meeting.url(agenda) == "moteslage?vyer=brott,trygghet&plats=kommun-0162&fran=2016&till=2025"
    assert meeting.url(agenda, 1, place_id="sdo-bromma", years=None) == (
        "moteslage?vyer=brott,trygghet&vy=2&plats=sdo-bromma")


def test_period_choices_are_spans_ending_with_the_last_year():
    assert meeting.period_choices(2014, 2025) == {
        "2025": (2025, 2025), "3 år (2023–2025)": (2023, 2025), "5 år (2021–2025)": (2021, 2025),
        "10 år (2016–2025)": (2016, 2025), "Alla år (2014–2025)": None}
    assert meeting.period_choices(2023, 2025) == {"2025": (2025, 2025), "Alla år (2023–2025)": None}


PLACES = pd.DataFrame([
    ("riket", "riket", None, None), ("lan-01", "lan", "riket", None),
    ("kommun-0180", "kommun", "lan-01", None), ("kommun-0162", "kommun", "lan-01", None),
    ("sdo-bromma", "stadsdelsomrade", "kommun-0180", None),
    ("sdo-hasselby-vallingby", "stadsdelsomrade", "kommun-0180", None),
    ("sdo-norrmalm-gammal", "stadsdelsomrade", "kommun-0180", pd.Timestamp("2023-12-31")),
    ("plats-hasselby-torg", "plats", "sdo-hasselby-vallingby", None),
], columns=["place_id", "level", "parent_id", "valid_to"])


def test_place_choices_home_ancestors_children_siblings():
    # From a stadsdelsområde: the agenda's place, the kommun it is in, itself, the places inside it
    # (also below a level without data), its siblings; not an area that no longer exists, never riket or län.
    assert meeting.place_choices(PLACES, "sdo-hasselby-vallingby", "kommun-0162",
                                 ["sdo-hasselby-vallingby", "kommun-0180", "lan-01", "riket"],
                                 ["sdo-hasselby-vallingby", "stadsdel-hasselby-gard", "plats-hasselby-torg"]) == [
        "kommun-0162", "kommun-0180", "sdo-hasselby-vallingby", "plats-hasselby-torg", "sdo-bromma"]
    assert meeting.place_choices(PLACES, "kommun-0180", "kommun-0180", ["kommun-0180", "lan-01", "riket"],
                                 ["kommun-0180", "plats-hasselby-torg", "sdo-bromma", "sdo-hasselby-vallingby",
                                  "sdo-norrmalm-gammal"]) == [
        "kommun-0180", "sdo-bromma", "sdo-hasselby-vallingby", "plats-hasselby-torg", "kommun-0162"]
    assert meeting.place_choices(PLACES, "okänd", "kommun-0162", [], []) == ["kommun-0162"]


def test_place_choices_are_capped():
    extra = pd.DataFrame([(f"plats-{i:02d}", "plats", "kommun-0162", None) for i in range(30)], columns=PLACES.columns)
    chosen = meeting.place_choices(pd.concat([PLACES, extra]), "kommun-0162", None, ["kommun-0162", "lan-01"],
                                   extra["place_id"].tolist())
    assert len(chosen) == meeting.MAX_PLACE_CHOICES
    assert chosen[:3] == ["kommun-0162", "plats-00", "plats-01"]


def test_save_replace_delete_and_undo_agenda(tmp_path):
    path = tmp_path / "m.duckdb"
    db.ensure_database(path)
    agenda = meeting.Agenda(("brott", "trygghet"), "kommun-0162", (2020, 2025), "Trygghetsrådet mars")
    assert meeting.save_agenda(path, agenda, "anna") == "trygghetsradet-mars"
    meeting.save_agenda(path, meeting.Agenda(("narvaro",), None, None, "Trygghetsrådet  mars "), "bertil")

    def saved():
        con = db.open_snapshot(path)
        try:
            return [meeting.agenda_from_row(r) for r in queries.run(con, "agendas").to_dict("records")]
        finally:
            con.close()

    # The same name again replaces the agenda; no place and all years are kept as None.
    assert saved() == [meeting.Agenda(("narvaro",), None, None, "Trygghetsrådet  mars", "trygghetsradet-mars")]
    row = meeting.delete_agenda(path, "trygghetsradet-mars")
    assert row["saved_by"] == "bertil" and saved() == []
    assert meeting.delete_agenda(path, "trygghetsradet-mars") is None
    meeting.restore_agenda(path, row)
    assert saved() == [meeting.Agenda(("narvaro",), None, None, "Trygghetsrådet  mars", "trygghetsradet-mars")]


def test_save_agenda_needs_a_name_and_views(tmp_path):
    path = tmp_path / "m.duckdb"
    db.ensure_database(path)
    with pytest.raises(ValueError, match="namn"):
        meeting.save_agenda(path, meeting.Agenda(("brott",), name="  "), None)
    with pytest.raises(ValueError, match="minst en vy"):
        meeting.save_agenda(path, meeting.Agenda((), name="Möte"), None)
