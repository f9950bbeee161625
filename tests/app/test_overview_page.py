"""Översikt as the lägesbild: the three questions, safety and presence, and the editors' text."""
from __future__ import annotations

import shutil

import pandas as pd

from lagesbild import fmt, stats
from tests.app.helpers import charts
from tests.demo_support import read


def test_overview_answers_the_three_questions_for_stockholm(app_on, demo_db):
    at = app_on(demo_db, plats="kommun-0180")
    assert not at.exception, [e.message for e in at.exception]
    assert [h.value for h in at.header][:3] == ["1. Var är problemen störst?", "2. Jämfört med vad?",
                                                "3. Hur har det utvecklats?"]
    # 1: the stadsdelsområden ranked per 100 000 inhabitants, worst first, as the database says.
    ranking = next(t.value for t in at.dataframe if "Plats" in t.value and str(t.value["Plats"].iloc[0]).startswith("1. "))
    rows = read(demo_db, """SELECT p.name, c.count, c.count * 100000.0 / pop.population AS rate
        FROM crime_counts c JOIN places p USING (place_id) JOIN population pop USING (place_id, year)
        WHERE p.parent_id = 'kommun-0180' AND p.level = 'stadsdelsomrade' AND c.category_id = 'totalt'
          AND c.period_type = 'year' AND c.year = 2025 AND c.source = 'bra' ORDER BY rate DESC""")
    assert ranking["Plats"].tolist() == [f"{i}. {name}" for i, (name, _, _) in enumerate(rows, start=1)]
    assert ranking["Antal"].tolist() == [fmt.number(count) for _, count, _ in rows]
    # 2: the band of the län's kommuner sits behind Stockholm's line.
    chart = next(c for c in charts(at) if "per 100 000 invånare" in c["layout"]["title"]["text"])
    names = [t.get("name") for t in chart["data"]]
    assert names.index("länets kommuner: mittersta hälften") < names.index("Stockholm")
    band = next(t for t in chart["data"] if t.get("name") == "länets kommuner: mittersta hälften")
    # The kommuner's rates as Brå published them (the demo's Brå files carry rates).
    rates = pd.DataFrame(read(demo_db, """SELECT year, rate_per_100k
        FROM crime_counts JOIN places p USING (place_id)
        WHERE p.parent_id = 'lan-01' AND category_id = 'totalt' AND period_type = 'year' AND source = 'bra'
        ORDER BY year"""), columns=["year", "rate_per_100k"])
    expected = stats.reference_band(rates)
    assert [round(v, 6) for v in band["y"]] == [round(v, 6) for v in expected["q75"]]
    # 3: the last 12 months against the 12 before, from the monthly figures.
    assert any(item.value.startswith("- Senaste 12 månaderna (jan 2025–dec 2025)") for item in at.markdown)


def test_a_torg_gets_counts_not_comparisons_per_inhabitant(app_on, demo_db):
    at = app_on(demo_db, plats="plats-hasselby-torg")
    assert not at.exception, [e.message for e in at.exception]
    assert any("ingen folkmängd" in c.value for c in at.caption)
    assert not any("per 100 000 invånare –" in c["layout"]["title"]["text"] for c in charts(at))


def test_editor_writes_annan_information_and_undoes_it(app_on, demo_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    at = app_on(path, plats="kommun-0162")
    at.text_area[0].set_value("Bränder i återvinningskärl vid Mörby centrum i oktober.")
    next(b for b in at.button if b.label == "Spara").click().run()
    assert not at.exception
    assert any(m.value == "Bränder i återvinningskärl vid Mörby centrum i oktober." for m in at.markdown)
    assert read(path, "SELECT place_id, text FROM place_notes") == [
        ("kommun-0162", "Bränder i återvinningskärl vid Mörby centrum i oktober.")]
    next(b for b in at.button if b.label == "Ångra senaste ändringen").click().run()
    assert read(path, "SELECT count(*) FROM place_notes") == [(0,)]


def test_viewers_see_the_text_but_cannot_edit(app_on, demo_db, tmp_path):
    from lagesbild import notes

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    notes.save_note(path, "kommun-0162", "Trygghetsvandring i Enebyberg 12 maj.", "anna@danderyd.se")
    at = app_on(path, plats="kommun-0162", visning="1")
    assert any(m.value == "Trygghetsvandring i Enebyberg 12 maj." for m in at.markdown)
    assert not at.text_area
