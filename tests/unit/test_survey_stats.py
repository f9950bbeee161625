"""Survey statistics against values computed by hand."""
from __future__ import annotations

import math

import pytest

from lagesbild import stats

Z = 1.959963984540054


def test_wilson_interval_matches_hand_calculation():
    # p = 0.5, n = 100: centre 0.5, half = z*sqrt(0.0025 + z²/40000)/(1 + z²/100)
    low, high = stats.wilson_interval(50, 100)
    half = Z * math.sqrt(0.25 / 100 + Z * Z / 40000) / (1 + Z * Z / 100)
    assert low == pytest.approx((0.5 - half) * 100) and high == pytest.approx((0.5 + half) * 100)
    assert (round(low, 2), round(high, 2)) == (40.38, 59.62)


def test_wilson_interval_at_zero_and_one():
    # p = 0, n = 10: [0, z²/(n + z²)]
    low, high = stats.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(Z * Z / (10 + Z * Z) * 100)
    assert round(high, 2) == 27.75
    low, high = stats.wilson_interval(100, 10)
    assert high == pytest.approx(100.0) and low == pytest.approx(10 / (10 + Z * Z) * 100)


def test_wilson_interval_needs_respondents():
    assert stats.wilson_interval(30, 0) is None
    assert stats.wilson_interval(30, None) is None
    assert stats.wilson_interval(None, 50) is None


def test_share_difference_two_proportion_test():
    # 23 % of 400 vs 9 % of 1 200: pooled p = (92 + 108)/1600 = 0.125
    d = stats.share_difference(23, 400, 9, 1200)
    se = math.sqrt(0.125 * 0.875 * (1 / 400 + 1 / 1200))
    assert d.diff == pytest.approx(14.0) and d.z == pytest.approx(0.14 / se) and d.significant
    small = stats.share_difference(23, 30, 18, 30)          # 5 points on 30 answers each: not säkerställd
    assert not small.significant and round(small.z, 2) == 0.48


def test_share_difference_edges():
    assert stats.share_difference(0, 50, 0, 80) == stats.ShareDifference(0.0, 0.0, False)
    assert stats.share_difference(100, 50, 100, 80).significant is False
    assert stats.share_difference(0, 50, 20, 50).significant            # 0 % vs 20 %, n = 50 each
    assert stats.share_difference(10, 0, 20, 50) is None                # n = 0: nothing to claim
    assert stats.share_difference(10, None, 20, 50) is None


@pytest.mark.parametrize("value,n,flag,expected", [
    (45.0, 9, None, True), (45.0, 10, None, False), (45.0, None, None, False),
    (None, 200, "XX", True), (None, 200, None, True), (12.0, 300, "..", True),
])
def test_is_suppressed(value, n, flag, expected):
    assert stats.is_suppressed(value, n, flag, threshold=10) is expected


def test_survey_table_words_follow_the_direction():
    import pandas as pd

    from lagesbild import tables

    frame = pd.DataFrame({
        "place_id": ["a", "a", "b", "b"], "name": ["A", "A", "B", "B"], "year": [2020, 2022, 2020, 2022],
        "grade": "ak9", "gender": "T", "value": [20.0, 12.0, 20.0, 19.0], "suppressed": None,
        "n_respondents": [800, 800, 800, 800]})
    worse_when_higher = tables.survey_table(frame, unit="andel", reference="b", higher_is_better=False)
    a_2022 = worse_when_higher[(worse_when_higher["Plats"] == "A") & (worse_when_higher["År"] == "2022")].iloc[0]
    assert a_2022["Förändring"] == "-8,0 sedan 2020 (procentenheter)"
    assert a_2022["Säkerställd"] == "säkerställd förbättring"
    assert a_2022["Mot referens"] == "-7,0 mot B" and a_2022["Säkerställd mot referens"] == "säkerställd bättre"
    better_when_higher = tables.survey_table(frame, unit="andel", higher_is_better=True)
    assert better_when_higher.iloc[0]["Säkerställd"] == "säkerställd försämring"
    b_2022 = better_when_higher[(better_when_higher["Plats"] == "B") & (better_when_higher["År"] == "2022")].iloc[0]
    assert b_2022["Säkerställd"] == "inte säkerställd"
    index = tables.survey_table(frame, unit="index_0_6")
    assert index.iloc[0]["Säkerställd"] == "kan inte prövas"
