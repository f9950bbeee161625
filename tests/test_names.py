"""lagesbild/names.py and the alias priorities of the shipped registry (lagesbild/registry)."""
from __future__ import annotations

import pytest

from lagesbild.names import closest, name_key, slug


def test_name_key_spaces_around_hyphen_and_case_give_same_key():
    assert name_key("Hässelby - Vällingby (Sthlm)") == name_key("hässelby-vällingby  (sthlm)")
    assert name_key("Hässelby - Vällingby (Sthlm)") == "hässelby-vällingby (sthlm)"


def test_name_key_nbsp_and_narrow_nbsp_count_as_spaces():
    assert name_key("Upplands\u00a0Väsby") == "upplands väsby"
    assert name_key("Upplands\u202fVäsby ") == "upplands väsby"


def test_name_key_en_dash_counts_as_hyphen():
    assert name_key("Enskede \u2013 Årsta \u2013 Vantör") == "enskede-årsta-vantör"


def test_name_key_decomposed_letters_equal_composed():
    # "ä" as "a" + combining diaeresis (as some Mac exports write it)
    assert name_key("Ha\u0308sselby") == name_key("Hässelby") == "hässelby"


def test_slug_strips_diacritics_and_punctuation():
    assert slug("Hässelby - Vällingby") == "hasselby-vallingby"
    assert slug("Befogenhetsbedrägeri") == "befogenhetsbedrageri"


def test_closest_suggests_known_spelling():
    candidates = {name_key(n): n for n in ("Danderyd", "Danderyd kommun", "Solna", "Sollentuna")}

    assert closest("Danderud", candidates) == ["Danderyd", "Danderyd kommun"]


@pytest.mark.parametrize("alias, place_id", [
    ("Danderyd", "kommun-0162"),                   # the kommun wins over the kommundel
    ("Danderyd kommun", "kommun-0162"),
    ("Danderyd (kommundel)", "stadsdel-danderyd"),
    ("Älvsjö", "sdo-alvsjo"),                       # the former SDO wins over the stadsdel
    ("Älvsjö (stadsdel)", "stadsdel-alvsjo"),
    ("Upplands-Väsby", "kommun-0114"),
    ("Upplands Väsby", "kommun-0114"),
    ("Hela landet", "riket"),
    ("Hässelby - Vällingby (Sthlm)", "sdo-hasselby-vallingby"),
    ("Stockholms län", "lan-01"),
])
def test_registry_alias_priority_resolves_to_intended_place(query, alias, place_id):
    assert query("SELECT place_id FROM place_aliases WHERE alias_key = ?", [name_key(alias)]) == [(place_id,)]
