"""Every page renders on the demo database, on an empty database, and shows what it should."""
from __future__ import annotations


import pytest

from lagesbild import db, fmt
from loaders.pipeline import import_files
from tests.app.conftest import PAGES
from tests.app.helpers import charts
from tests.demo_support import read


def chart_titles(at) -> list[str]:
    return [c["layout"]["title"]["text"] for c in charts(at)]


def annotations(chart: dict) -> list[str]:
    return [a.get("text", "") for a in chart["layout"].get("annotations", [])]


@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo_renders_without_errors(app_on, demo_db, page):
    at = app_on(demo_db, page)
    assert not at.exception, [e.message for e in at.exception]
    assert charts(at), "every page shows at least one chart on the demo database"
    for chart in charts(at):
        source = [t for t in annotations(chart) if t.startswith("Källa:")]
        assert source and "Period:" in source[0], "every chart names its source and period"
        assert "EXEMPELDATA" in source[0]
        assert chart["layout"]["separators"] == fmt.PLOTLY_SEPARATORS
    assert any("Exempeldata" in w.value for w in at.sidebar.warning)


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_database_shows_empty_state(app_on, tmp_path, page):
    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = app_on(path, page)
    assert not at.exception, [e.message for e in at.exception]
    assert at.info, "an empty database gives a helpful message, not a blank page"
    assert not charts(at)


def test_overview_metrics_match_database(app_on, demo_db):
    at = app_on(demo_db, plats="kommun-0162")
    (count_2025,), = read(demo_db, "SELECT count FROM crime_counts WHERE place_id = 'kommun-0162' AND "
                                   "category_id = 'totalt' AND period_type = 'year' AND year = 2025 AND source = 'bra'")
    (count_2024,), = read(demo_db, "SELECT count FROM crime_counts WHERE place_id = 'kommun-0162' AND "
                                   "category_id = 'totalt' AND period_type = 'year' AND year = 2024 AND source = 'bra'")
    metrics = {m.label: m for m in at.metric}
    assert metrics["Anmälda brott 2025"].value == fmt.number(count_2025)
    assert metrics["Anmälda brott 2025"].proto.delta == f"{fmt.signed(count_2025 - count_2024)} mot 2024"
    assert at.subheader[0].value == "Danderyd (kommun)"
    assert any(f"Anmälda brott i Danderyd: {fmt.number(count_2025)} (2025)" in m.value for m in at.markdown)


def test_crime_page_compares_places_with_references_in_rate_mode(app_on, demo_db):
    at = app_on(demo_db, None, plats="kommun-0162", jamfor="sdo-hasselby-vallingby,plats-hasselby-torg",
                matt="rate", kategori="skadegorelse")
    at.switch_page("pages/reported_crime.py").run()
    assert not at.exception
    chart = charts(at)[0]
    names = [t["name"] for t in chart["data"]]
    assert names[:2] == ["Danderyd", "Hässelby-Vällingby"]
    assert "Riket (referens)" in names and "Stockholms län (referens)" in names
    # Hässelby torg has no population: no rate, said in a caption, its counts stay in the table.
    assert any("Hässelby torg" in c.value and "saknas" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert set(table["Plats"]) == {"Danderyd", "Hässelby-Vällingby", "Hässelby torg"}


def test_crime_page_rolling_twelve_months(app_on, demo_db):
    at = app_on(demo_db, None, plats="sdo-bromma", niva="month", visa="rullande", kategori="bostadsinbrott",
                fran="2020", till="2025")
    at.switch_page("pages/reported_crime.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["Period"].iloc[0] == "12 mån t.o.m. dec 2025"
    (expected,), = read(demo_db, "SELECT sum(count) FROM crime_counts WHERE place_id = 'sdo-bromma' AND "
                                 "category_id = 'bostadsinbrott' AND period_type = 'month' AND year = 2025")
    assert table["Antal"].iloc[0] == fmt.number(expected)
    assert chart_titles(at)[0].startswith("<b>Bostadsinbrott, rullande 12 månader")


def test_events_page_for_a_stadsdelsomrade_uses_its_kommun(app_on, demo_db):
    at = app_on(demo_db, None, plats="sdo-bromma")
    at.switch_page("pages/police_events.py").run()
    assert not at.exception
    assert any("inte brottsstatistik" in w.value for w in at.warning)
    assert any("Visar Stockholm" in i.value for i in at.info)
    (n,), = read(demo_db, "SELECT count(*) FROM police_events WHERE place_id = 'kommun-0180' AND NOT is_summary")
    assert any(c.value.startswith(f"{fmt.number(n)} publicerade händelser i Stockholm") for c in at.caption)


def test_selection_is_written_to_the_url(app_on, demo_db):
    at = app_on(demo_db, None, plats="kommun-0162", fran="2018", till="2024")
    assert at.query_params["plats"] == ["kommun-0162"] or at.query_params["plats"] == "kommun-0162"
    assert at.sidebar.slider[0].value == (2018, 2024)


def test_new_import_is_visible_without_restart(app_on, tmp_path):
    path = tmp_path / "live.duckdb"
    first = tmp_path / "first.csv"
    first.write_text("Område;År;Brottskategori;Antal\nVällingby centrum;2024;Totalt antal brott;40\n", encoding="utf-8")
    import_files([first], db_path=path)
    at = app_on(path, None, plats="plats-vallingby-centrum")
    assert at.metric[0].value == "40"
    second = tmp_path / "second.csv"
    second.write_text("Område;År;Brottskategori;Antal\nVällingby centrum;2025;Totalt antal brott;55\n", encoding="utf-8")
    import_files([second], db_path=path)
    at.run()
    assert at.metric[0].label == "Anmälda brott 2025"
    assert at.metric[0].value == "55"


def test_url_paths_never_equal_page_file_names():
    """Streamlit serves a fresh server's first request for /<name> from pages/<name>.py (the legacy
    pages/ folder) without running app.py; our URLs must therefore not be file names."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    stems = {p.stem for p in (root / "pages").glob("*.py")}
    paths = set(re.findall(r'url_path="([^"]+)"', (root / "app.py").read_text(encoding="utf-8")))
    assert paths and not (paths & stems)
