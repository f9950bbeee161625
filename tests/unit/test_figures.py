"""The views of Mötesläge (lagesbild.figures.VIEWS) on the golden query database: exact key messages,
empty states that say what is missing, '..' for a hidden survey value, and the count trend for a place
without population."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lagesbild import db, figures
from loaders.pipeline import import_files

DATA = Path(__file__).resolve().parents[1] / "queries" / "data"
TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "q.duckdb"
    files = [DATA / n for n in ("folkmangd.csv", "Databasfil.txt", "polisstatistik.csv", "handelser.json",
                                "polisstatistik_manad.csv", "enkater.csv", "patrullogg.csv")]
    assert [r.status for r in import_files(files, db_path=path)] == ["ok"] * 7
    con = db.open_snapshot(path)
    yield figures.on(con)
    con.close()


def ctx(q, place_id):
    return figures.context(q, place_id=place_id, year_from=2024, year_to=2025, today=TODAY)


def test_every_view_answers_for_danderyd(q):
    c = ctx(q, "kommun-0162")
    messages = {code: figures.view(code, q, c).message for code in figures.VIEWS}
    # Brå: 2 500 → 2 600 (|2(√2600 − √2500)| = 1,98 < 2: not säkerställd); misshandel 100 → 144.
    assert messages["brott"] == "Anmälda brott i Danderyd: 2\xa0600 (2025), +100 jämfört med 2024, inte säkerställt."
    assert messages["brottstyper"] == "Flest anmälda brott i Danderyd 2025: misshandel inkl. grov 144."
    # Events: Misshandel 3 March (Mon 21.50) and Stöld 1 April in Danderyd; the Täby one is in the län.
    assert messages["handelser"] == ("Polisens publicerade händelser i Danderyd 2025: 2, vanligast misshandel (1). "
                                     "Ett urval, inte brottsstatistik.")
    assert messages["handelser-tid"].startswith("Publicerade händelser i Danderyd: 2 med känd tidpunkt, flest på "
                                                "måndagar kl. 21–22 (1 st.).")
    assert messages["trygghet"] == ("Inga enkätresultat om trygghet sent på kvällen för Danderyd eller områdena den "
                                    "ingår i under 2024–2025.")
    # Three Barracuda walks in the period (4 h, 3 h, 4 h) and one more pass: 14 hours in 4 passes.
    assert messages["narvaro"] == ("Närvaro i Danderyd: 14 timmar i 4 pass, 2024-05-17 – 2025-10-03; mest "
                                   "föräldravandring (11 timmar).")
    assert messages["fokus"].startswith("Det finns ingen handlingsplan med fokusområden för Danderyd")
    shown = {code for code in figures.VIEWS if figures.view(code, q, c).fig is not None}
    assert shown == {"brott", "brottstyper", "utveckling", "handelser", "handelser-tid", "narvaro"}


def test_largest_categories_chart_has_the_year_before_in_grey(q):
    figure = figures.view("brottstyper", q, ctx(q, "kommun-0162"))
    bars = [(t.name, list(t.x), list(t.y)) for t in figure.fig.data]
    assert bars == [("2024", [100.0], ["Misshandel inkl. grov"]), ("2025", [144.0], ["Misshandel inkl. grov"])]
    assert figure.period == "2025" and figure.title == "Anmälda brott per kategori 2025 – Danderyd"


def test_events_for_an_area_are_its_kommuns(q):
    # Hässelby-Vällingby's events are Stockholm's; the fixture has none there.
    assert figures.view("handelser", q, ctx(q, "sdo-hasselby-vallingby")).message == (
        "Inga publicerade händelser för Stockholm under 2024–2025.")


def test_a_place_without_total_or_population(q):
    c = ctx(q, "plats-hasselby-torg")
    assert figures.view("brott", q, c).message == (
        "Det finns inga siffror för totalt antal anmälda brott i Hässelby torg under 2024–2025.")
    assert figures.view("brott", q, c).fig is None
    assert figures.view("brottstyper", q, c).message == "Flest anmälda brott i Hässelby torg 2025: skadegörelse (12 kap.) 101."


def test_crime_level_draws_counts_when_there_is_no_population(q):
    def without_rates(name, **params):
        frame = q(name, **params)
        return frame.assign(rate_per_100k=float("nan")) if name == "crime_series" else frame

    figure = figures.view("brott", without_rates, ctx(q, "kommun-0162"))
    assert figure.title == "Anmälda brott – Danderyd"
    assert [list(t.y) for t in figure.fig.data if t.name == "Danderyd"] == [[2500.0, 2600.0]]
    assert figure.message.startswith("Anmälda brott i Danderyd: 2\xa0600 (2025)")


def test_hidden_survey_value_is_dots_never_zero(tmp_path):
    text = ("Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande\n"
            "Stockholmsenkäten;2022;Danderyd;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;14,0;andel;180\n"
            "Stockholmsenkäten;2024;Danderyd;åk 9;Alla;Känner sig otrygg ute ensam sent en kväll;25,0;andel;7\n")
    (tmp_path / "enkat.csv").write_text(text, encoding="utf-8")
    path = tmp_path / "s.duckdb"
    (result,) = import_files([tmp_path / "enkat.csv"], db_path=path)
    assert result.status == "ok", result.message
    con = db.open_snapshot(path)
    try:
        q = figures.on(con)
        c = figures.context(q, place_id="kommun-0162", year_from=2020, year_to=2025, today=TODAY)
        figure = figures.view("trygghet", q, c)
    finally:
        con.close()
    assert figure.message == ("Känner sig otrygg ute ensam sent en kväll: .. (Danderyd 2024, åk 9, 7 svarande, "
                              "dolt: färre än 10 svarande).")
    ys = [y for trace in figure.fig.data if trace.y is not None for y in trace.y if y is not None]
    assert 25.0 not in ys and 0 not in ys and 14.0 in ys


def test_unknown_view():
    with pytest.raises(KeyError):
        figures.view("finns-inte", None, {})
