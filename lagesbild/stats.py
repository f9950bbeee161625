"""Statistics for truthful figures: change between counts with a significance mark, rolling
12 months and same period last year. Pure functions on numbers and DataFrames."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

Z_THRESHOLD = 2.0


@dataclass(frozen=True)
class Change:
    """Change from `before` to `now` for counts (Poisson)."""

    now: int
    before: int
    diff: int
    pct: float | None          # None when before is 0
    z: float                   # 2(√now − √before), Anscombe-style variance stabilisation
    significant: bool          # |z| ≥ 2: "säkerställd"


def count_change(now: int | None, before: int | None) -> Change | None:
    """None when either count is missing (never treat a missing value as 0)."""
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    now, before = int(now), int(before)
    z = 2.0 * (math.sqrt(now) - math.sqrt(before))
    pct = (now - before) / before * 100 if before else None
    return Change(now, before, now - before, pct, z, abs(z) >= Z_THRESHOLD)


def add_month_index(frame: pd.DataFrame) -> pd.DataFrame:
    """A `month_index` (year*12 + month-1) for monthly frames, to find gaps and shifts."""
    out = frame.copy()
    out["month_index"] = out["year"].astype(int) * 12 + out["period"].astype(int) - 1
    return out


def rolling_12(frame: pd.DataFrame, by: str = "place_id") -> pd.DataFrame:
    """Sum of the last 12 months per group; NaN until 12 consecutive known months exist.

    Expects columns `by`, year, period (month), count and optionally population.
    """
    out = add_month_index(frame).sort_values([by, "month_index"])
    pieces = []
    for _, group in out.groupby(by, sort=False):
        full = group.set_index("month_index").reindex(
            range(group["month_index"].min(), group["month_index"].max() + 1))
        full[by] = group[by].iloc[0]
        counts = full["count"].astype("Float64")
        full["count_12m"] = counts.rolling(12, min_periods=12).sum()
        if "population" in full:
            full["rate_12m"] = full["count_12m"] * 100000.0 / full["population"].astype("Float64")
        pieces.append(full.dropna(subset=["year"]).reset_index())
    return pd.concat(pieces, ignore_index=True) if pieces else out.assign(count_12m=pd.NA)


def same_period_last_year(frame: pd.DataFrame, by: str = "place_id") -> pd.DataFrame:
    """Adds count_prev (same month, quarter or year one year earlier) and the change columns."""
    key = ["year"] + (["period"] if frame["period"].notna().any() else [])
    prev = frame[[by] + key + ["count"]].copy()
    prev["year"] = prev["year"] + 1
    out = frame.merge(prev.rename(columns={"count": "count_prev"}), on=[by] + key, how="left")
    changes = [count_change(n, b) for n, b in zip(out["count"], out["count_prev"])]
    out["change"] = [c.diff if c else pd.NA for c in changes]
    out["z"] = [c.z if c else pd.NA for c in changes]
    out["significant"] = [c.significant if c else pd.NA for c in changes]
    return out
