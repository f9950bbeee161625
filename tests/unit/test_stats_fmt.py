"""Statistics and Swedish formatting: exact values."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from lagesbild import fmt, stats


def test_count_change_poisson_z_and_significance():
    change = stats.count_change(142, 274)          # Hässelby torg skadegörelse 2018 -> 2019
    assert change.diff == -132
    assert change.z == pytest.approx(2 * (math.sqrt(142) - math.sqrt(274)))
    assert change.significant
    small = stats.count_change(9, 4)               # "+125 %" but within chance
    assert small.z == pytest.approx(2.0) and small.significant       # boundary: |z| >= 2 counts
    assert not stats.count_change(8, 4).significant
    assert stats.count_change(5, 0).pct is None


def test_count_change_missing_is_not_zero():
    assert stats.count_change(None, 10) is None
    assert stats.count_change(10, pd.NA) is None


def test_rolling_12_needs_twelve_known_months():
    months = pd.DataFrame({"place_id": "p", "year": [2024] * 12 + [2025] * 2,
                           "period": list(range(1, 13)) + [1, 2], "count": list(range(1, 15)),
                           "population": 100000})
    out = stats.rolling_12(months)
    assert out["count_12m"].isna().sum() == 11
    assert out.loc[out["period"].eq(12) & out["year"].eq(2024), "count_12m"].iloc[0] == sum(range(1, 13))
    assert out.iloc[-1]["count_12m"] == sum(range(3, 15))
    assert out.iloc[-1]["rate_12m"] == sum(range(3, 15))      # population 100 000


def test_rolling_12_gap_breaks_the_window():
    months = pd.DataFrame({"place_id": "p", "year": 2024, "period": [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12],
                           "count": 1})
    assert stats.rolling_12(months)["count_12m"].isna().all()


def test_same_period_last_year_months():
    frame = pd.DataFrame({"place_id": "p", "year": [2024, 2025], "period": [3, 3], "count": [4, 9]})
    out = stats.same_period_last_year(frame)
    assert out["count_prev"].tolist()[1] == 4 and out["change"].tolist()[1] == 5


@pytest.mark.parametrize("value,decimals,text", [
    (1234567, 0, "1\u00a0234\u00a0567"), (1234.5, 1, "1\u00a0234,5"), (0.25, 2, "0,25"),
    (None, 0, ".."), (float("nan"), 0, ".."), (pd.NA, 0, ".."),
])
def test_number(value, decimals, text):
    assert fmt.number(value, decimals) == text


def test_signed_and_percent():
    assert fmt.signed(18) == "+18" and fmt.signed(-1155) == "-1\u00a0155" and fmt.signed(0) == "±0"
    assert fmt.percent(12.5, 1) == "12,5\u00a0%"


def test_period_labels_are_swedish():
    assert fmt.period_label(2025, 5, "month") == "maj 2025"
    assert fmt.period_label(2025, 2, "quarter") == "kv 2 2025"
    assert fmt.period_label(2025, None, "year") == "2025"
    assert fmt.year_span(2015, 2025) == "2015–2025"


def test_swedish_sort_order():
    names = ["Österåker", "Årsta", "Älvsjö", "Vaxholm"]
    assert sorted(names, key=fmt.sort_key) == ["Vaxholm", "Årsta", "Älvsjö", "Österåker"]


def test_data_period_is_what_the_result_covers():
    years = pd.DataFrame({"year": [2016, 2025, 2019], "period": [pd.NA] * 3})
    assert fmt.data_period(years) == "2016–2025"
    months = pd.DataFrame({"year": [2023, 2025], "period": [1, 12]})
    assert fmt.data_period(months, "month") == "jan 2023–dec 2025"
