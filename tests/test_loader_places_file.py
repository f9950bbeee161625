"""loaders/places_file.py: users add places and aliases; data can then use them."""
from __future__ import annotations

import pytest

from loaders.base import ImportRejected


def test_platser_new_place_with_aliases_is_added(load, query):
    # Rinkeby torg;plats;Rinkeby;;Rinkeby Torg|Rinkebytorget
    result = load("platser", "platser_rinkeby_torg.csv")

    assert result.status == "ok", result.message
    assert result.kind == "platser"
    assert result.message == ("«platser_rinkeby_torg.csv» importerad som import 1: 1 nya platser, "
                              "2 nya alias.")
    assert query("SELECT place_id, name, level, parent_id, scb_code, sort_order, _import_id FROM places"
                 " WHERE _import_id IS NOT NULL") == [
        ("plats-rinkeby-torg", "Rinkeby torg", "plats", "stadsdel-rinkeby", None, 100000, 1)]
    # "Rinkeby Torg" has the same key as the name itself, so it is not a second alias.
    assert query("SELECT alias, place_id, alias_key, _import_id FROM place_aliases"
                 " WHERE _import_id IS NOT NULL ORDER BY alias_key") == [
        ("Rinkeby torg", "plats-rinkeby-torg", "rinkeby torg", 1),
        ("Rinkebytorget", "plats-rinkeby-torg", "rinkebytorget", 1),
    ]
    assert query("SELECT kind, status, rows_loaded, rows_added FROM import_log") == [
        ("platser", "ok", 3, 3)]


def test_platser_alias_lets_police_file_use_the_new_place(load, query):
    load("platser", "platser_rinkeby_torg.csv")

    result = load("polisstatistik", "polisstatistik_rinkebytorget.csv")

    assert result.status == "ok", result.message
    assert query("SELECT place_id, category_id, source_label, period_type, year, period, count, source"
                 " FROM crime_counts") == [
        ("plats-rinkeby-torg", "ran", "Rån", "month", 2024, 6, 4, "lokal")]


def test_platser_police_file_before_places_file_is_rejected(load):
    result = load("polisstatistik", "polisstatistik_rinkebytorget.csv")

    assert result.status == "rejected"
    assert "okänd plats «Rinkebytorget»" in result.message


def test_platser_undo_refused_while_data_uses_the_place(load, query, undo):
    load("platser", "platser_rinkeby_torg.csv")
    load("polisstatistik", "polisstatistik_rinkebytorget.csv")

    with pytest.raises(ImportRejected) as refused:
        undo(1)

    assert refused.value.problems == [
        "platserna används av annan data och kan inte tas bort: Rinkeby torg. Ångra först de importer "
        "som använder dem."]
    assert query("SELECT import_id, status FROM import_log ORDER BY import_id") == [(1, "ok"), (2, "ok")]
    assert query("SELECT place_id FROM places WHERE _import_id = 1") == [("plats-rinkeby-torg",)]
    assert query("SELECT count(*) FROM place_aliases WHERE _import_id = 1") == [(2,)]


def test_platser_undo_allowed_after_the_data_import_is_undone(load, query, undo):
    load("platser", "platser_rinkeby_torg.csv")
    load("polisstatistik", "polisstatistik_rinkebytorget.csv")

    undo(2)
    message = undo(1)

    assert message == ("Import 1 («platser_rinkeby_torg.csv») är ångrad: 3 rader borttagna, "
                       "0 tidigare värden återställda.")
    assert query("SELECT count(*) FROM places WHERE place_id = 'plats-rinkeby-torg'") == [(0,)]
    assert query("SELECT count(*) FROM place_aliases WHERE place_id = 'plats-rinkeby-torg'") == [(0,)]
    assert query("SELECT import_id, status FROM import_log ORDER BY import_id") == [
        (1, "undone"), (2, "undone")]


def test_platser_new_place_whose_name_is_taken_needs_an_alias(load, query):
    result = load("platser", "platser_namn_upptaget_utan_alias.csv")
    assert result.status == "rejected"
    assert "namnet «Farsta» används redan av en annan plats (sdo-farsta)" in result.message
    assert query("SELECT count(*) FROM import_log") == [(0,)]


def test_platser_scb_code_must_be_well_formed_and_unused(load):
    result = load("platser", "platser_felaktig_scb_kod.csv")
    assert result.status == "rejected"
    assert "rad 2, kolumn «SCB-kod»: fann «180», förväntade två siffror (län) eller fyra siffror (kommun)." in result.message
    assert "rad 3, kolumn «SCB-kod»: fann «0162», förväntade en kod som inte redan används (hör till Danderyd)." in result.message


def test_platser_undo_refused_while_a_later_import_added_aliases(load, query, undo):
    load("platser", "platser_rinkeby_torg.csv")
    load("platser", "platser_rinkeby_torg_mer_alias.csv")     # adds the alias Rinkebyplan to the same place
    with pytest.raises(ImportRejected, match="används av annan data"):
        undo(1)
    assert query("SELECT count(*) FROM places WHERE place_id = 'plats-rinkeby-torg'") == [(1,)]
