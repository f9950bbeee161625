"""The lägesbild's comparisons on small hand-made data: the reference band, the ranking, and the
change tests on recent months."""
from __future__ import annotations

import pandas as pd
import pytest

from lagesbild import stats


def test_reference_band_is_the_middle_half_per_year():
    rates = pd.DataFrame({
        "year": [2024] * 5 + [2025] * 4,
        "place_id": list("abcde") + list("abcd"),
        # 2024: sorted 100, 200, 300, 400, 1000 -> q25 200, median 300, q75 400 (linear, as KVARTIL.INK)
        # 2025: one place has no rate ('..'): only 3 values -> no band that year
        "rate_per_100k": [300, 100, 1000, 400, 200, 500, None, 700, 600],
    })
    band = stats.reference_band(rates)
    assert band.to_dict("records") == [{"year": 2024, "q25": 200.0, "median": 300.0, "q75": 400.0, "n": 5}]


def test_reference_band_interpolates_between_places():
    # 4 values 10, 20, 30, 40: q25 at position 0.75 -> 17.5, q75 at 2.25 -> 32.5, median 25.
    rates = pd.DataFrame({"year": [2025] * 4, "rate_per_100k": [40, 10, 30, 20]})
    assert stats.reference_band(rates).iloc[0][["q25", "median", "q75"]].tolist() == [17.5, 25.0, 32.5]


def test_ranking_uses_rates_only_when_every_place_has_one():
    places = pd.DataFrame({
        "name": ["Bromma", "Farsta", "Skärholmen"],
        "count": [5000, 4000, 3500],
        "rate_per_100k": [6000.0, 7000.0, 9500.0],
    })
    ranked, by = stats.rank_places(places)
    assert by == "rate_per_100k"
    assert ranked[["rank", "name"]].values.tolist() == [[1, "Skärholmen"], [2, "Farsta"], [3, "Bromma"]]

    with_torg = pd.concat([places, pd.DataFrame({"name": ["Hässelby torg"], "count": [400],
                                                 "rate_per_100k": [None]})], ignore_index=True)
    ranked, by = stats.rank_places(with_torg)
    assert by == "count"
    assert ranked["name"].tolist() == ["Bromma", "Farsta", "Skärholmen", "Hässelby torg"]


def test_ranking_leaves_out_missing_counts_and_breaks_ties_by_name():
    places = pd.DataFrame({"name": ["Ö", "A", "B"], "count": [10, None, 10], "rate_per_100k": [None, None, None]})
    ranked, by = stats.rank_places(places)
    assert (by, ranked["name"].tolist(), ranked["rank"].tolist()) == ("count", ["B", "Ö"], [1, 2])


def months(first_year: int, counts: list[int | None]) -> pd.DataFrame:
    return pd.DataFrame({"year": [first_year + i // 12 for i in range(len(counts))],
                         "period": [i % 12 + 1 for i in range(len(counts))], "count": counts})


def test_last_12_months_against_the_12_before():
    # Jan 2024 – Mar 2026 known: the newest 12 are Apr 2025 – Mar 2026 (12 × 15 = 180) against
    # Apr 2024 – Mar 2025 (12 × 10 = 120). z = 2(√180 − √120) = 4.92: säkerställd.
    frame = months(2024, [10] * 15 + [15] * 12)
    recent = stats.last_12_months(frame)
    assert (recent.first, recent.last, recent.change.now, recent.change.before) == ((2025, 4), (2026, 3), 180, 120)
    assert recent.change.significant
    # A gap inside the 24 months: no comparison (a missing month is not 0).
    frame.loc[20, "count"] = None
    assert stats.last_12_months(frame) is None


def test_year_to_date_against_the_same_months_last_year():
    # 2025 all months, 2026 Jan–Mar: 3 × 12 = 36 against 3 × 10 = 30, z = 1.04: not säkerställd.
    frame = months(2025, [10] * 12 + [12] * 3)
    ytd = stats.year_to_date(frame)
    assert (ytd.first, ytd.last, ytd.change.now, ytd.change.before, ytd.change.diff) == ((2026, 1), (2026, 3), 36, 30, 6)
    assert not ytd.change.significant
    assert ytd.change.z == pytest.approx(2 * (36 ** 0.5 - 30 ** 0.5))
    assert stats.year_to_date(months(2026, [5, 5])) is None     # no earlier year to compare with


def test_category_table_largest_first():
    from lagesbild import tables

    frame = pd.DataFrame({
        "category_id": ["a", "a", "b", "b", "c"], "label": ["A", "A", "B", "B", "C"],
        "year": [2024, 2025, 2024, 2025, 2025], "count": [50, 5, 1, 30, 12], "rate_per_100k": [None] * 5})
    assert tables.category_table(frame)["Kategori"].tolist() == ["A", "B", "C"]
    # Latest counts: A 5, B 30, C 12.
    assert tables.category_table(frame, largest_first=True)["Kategori"].tolist() == ["B", "C", "A"]


def test_recent_change_text():
    from lagesbild import tables

    recent = stats.RecentChange((2025, 4), (2026, 3), stats.count_change(180, 120))
    assert tables.recent_change_text("Senaste 12 månaderna", recent) == (
        "Senaste 12 månaderna (apr 2025–mar 2026): 180 anmälda brott, +60 mot samma månader året innan (120), "
        "säkerställt.")
    assert tables.recent_change_text("Hittills i år", None) is None
