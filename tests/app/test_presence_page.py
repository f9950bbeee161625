"""Närvaro och patrullering on the demo database: charts, filters kept in the URL, walks per year as
the action plan reports them, presence against events, and notes for editors only."""
from __future__ import annotations

import re

import pytest

from lagesbild import access, db, fmt
from tests.app import helpers
from tests.app.helpers import charts
from tests.demo_support import read

PAGE = "pages/presence.py"
# Every place in Danderyd (the kommun and everything under it), as the page counts them.
DANDERYD = """WITH RECURSIVE down(place_id) AS (
    SELECT 'kommun-0162' UNION ALL SELECT p.place_id FROM places p JOIN down ON p.parent_id = down.place_id)
SELECT place_id FROM down"""


def open_page(app_on, path, **params):
    return helpers.open_page(app_on, path, PAGE, **params)


def titles(at) -> list[str]:
    return [c["layout"]["title"]["text"] for c in charts(at)]


def table(at, first_column: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def param(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_page_shows_every_part_with_sources(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162")
    assert at.title[0].value == "Närvaro och patrullering"
    names = titles(at)
    assert [re.sub(r"<br>.*", "", t) for t in names] == [
        "<b>Timmar med närvaro per månad – Danderyd</b>", "<b>Pass och deltagare per år – Danderyd</b>",
        "<b>Närvaro – Danderyd</b>", "<b>Publicerade händelser – Danderyd</b>", "<b>Iakttagelser per år – Danderyd</b>"]
    for chart in charts(at):
        source = next(a["text"] for a in chart["layout"]["annotations"] if a["text"].startswith("Källa:"))
        assert "Period:" in source and "EXEMPELDATA" in source
    hours_chart = charts(at)[0]
    assert hours_chart["layout"]["annotations"][0]["text"].startswith(
        "Källa: Närvaro- och patrulloggar (egen import): Securitas")            # most passes first
    assert [t["name"] for t in hours_chart["data"]] == ["Polis", "Väktare", "Föräldravandring"]
    (passes,), = read(demo_db, f"SELECT count(*) FROM patrols WHERE place_id IN ({DANDERYD})")
    assert any(c.value.startswith(f"{fmt.number(passes)} pass i Danderyd") for c in at.caption)
    assert any(m.value.startswith("Närvaro fanns under ") and "mest händelserika timmarna" in m.value
               for m in at.markdown)
    assert any("publicerade händelser" in c.value and "inte brottsstatistik" in c.value for c in at.caption)
    assert len(at.metric) >= 1 and all(m.value.endswith("%") or m.value == ".." for m in at.metric)


def test_hours_per_place_and_kind_match_the_logs(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162", fran="2025", till="2025")
    hours = table(at, "Plats")
    expected = read(demo_db, f"""
        SELECT p.name, k.label, count(*), sum(date_diff('second', x.started_at, x.ended_at)) / 3600.0
        FROM patrols x JOIN places p USING (place_id) JOIN patrol_kinds k USING (kind)
        WHERE x.place_id IN ({DANDERYD}) AND year(x.started_at) = 2025
        GROUP BY ALL""")
    assert sorted(zip(hours["Plats"], hours["Typ"], hours["Pass"], hours["Timmar"])) == sorted(
        (name, label, fmt.number(n), fmt.number(h, 1)) for name, label, n, h in expected)


def test_walks_per_year_as_in_the_action_plan(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162", typ="foraldravandring", fran="2016", till="2017")
    walks = table(at, "År").set_index("År")
    # The action plan: 27 föräldravandringar in 2016 and 36 in 2017, about 7 adults each.
    assert walks.loc["2016", "Pass"] == "27" and walks.loc["2017", "Pass"] == "36"
    for year in (2016, 2017):
        (counted, average), = read(demo_db, "SELECT count(participants), avg(participants) FROM patrols "
                                            "WHERE kind = 'foraldravandring' AND year(started_at) = ?", [year])
        assert walks.loc[str(year), "Pass med antal deltagare"] == fmt.number(counted)
        assert walks.loc[str(year), "Deltagare per pass (medel)"] == fmt.number(average, 1)
        assert 6.5 <= average <= 7.5


def test_filters_round_trip_through_the_url(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162", typ="foraldravandring", per="vecka")
    assert at.multiselect(key="narvaro.typ").value == ["foraldravandring"]
    assert at.radio(key="narvaro.per").value == "vecka"
    assert (param(at, "typ"), param(at, "per")) == ("foraldravandring", "vecka")
    assert titles(at)[0] == "<b>Timmar med närvaro per vecka – Danderyd</b>"
    assert [t["name"] for t in charts(at)[0]["data"]] == ["Föräldravandring"]
    assert set(table(at, "Plats")["Typ"]) == {"Föräldravandring"}

    at.radio(key="narvaro.per").set_value("månad").run()
    at.multiselect(key="narvaro.typ").set_value(["polis", "vaktare"]).run()
    assert not at.exception
    assert (param(at, "typ"), param(at, "per")) == ("polis,vaktare", "månad")
    assert titles(at)[0] == "<b>Timmar med närvaro per månad – Danderyd</b>"
    assert [t["name"] for t in charts(at)[0]["data"]] == ["Polis", "Väktare"]

    at.multiselect(key="narvaro.utforare").set_value(["Securitas"]).run()
    assert param(at, "utforare") == "Securitas"
    assert set(table(at, "Plats")["Utförare"]) == {"Securitas"}


def test_editor_searches_the_masked_notes(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0162")
    search = at.text_input(key="narvaro.sok")
    assert search.label == "Sök i anteckningar"
    notes = table(at, "Datum")
    assert list(notes.columns) == ["Datum", "Plats", "Typ", "Utförare", "Anteckning"]
    assert len(notes) == 200 and notes["Datum"].tolist() == sorted(notes["Datum"], reverse=True)
    search.input("telefonnummer").run()
    notes = table(at, "Datum")
    (n,), = read(demo_db, f"SELECT count(*) FROM patrols WHERE place_id IN ({DANDERYD}) "
                          "AND notes ILIKE '%telefonnummer%'")
    assert 0 < len(notes) == min(n, 200)
    assert all("[telefonnummer]" in text for text in notes["Anteckning"])
    assert not any(re.search(r"07\d-?\s?\d{3}", text) for text in notes["Anteckning"])


@pytest.mark.parametrize("how", ["visning", "password"])
def test_viewer_does_not_see_the_notes(app_on, demo_db, how):
    if how == "visning":
        at = open_page(app_on, demo_db, plats="kommun-0162", visning="1")
    else:
        hashed = access.hash_password("Rätt lösenord 1", iterations=access.MIN_ITERATIONS)
        at = app_on(demo_db, None, secrets={"lagesbild": {"editor_password_hash": hashed}}, plats="kommun-0162")
        at.switch_page(PAGE).run()
        assert not at.exception
    assert not [t for t in at.text_input if t.label == "Sök i anteckningar"]
    assert not [d for d in at.dataframe if "Anteckning" in d.value.columns]
    assert any(c.value == "Anteckningarna från passen visas bara för redaktörer." for c in at.caption)
    assert charts(at), "the rest of the page is the same for viewers"


def test_place_without_patrols_says_how_to_import(app_on, demo_db):
    at = open_page(app_on, demo_db, plats="kommun-0160")
    assert not charts(at)
    info = " ".join(i.value for i in at.info)
    assert "inga närvaro- eller patrullpass för Täby" in info
    assert "«patrullogg»" in info and "python -m loaders import" in info and "Importera data" in info


def test_empty_database_shows_the_empty_state(app_on, tmp_path):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = open_page(app_on, path)
    assert not charts(at)
    assert any("Det finns ingen data att visa ännu." in i.value and "«patrullogg»" in i.value for i in at.info)
