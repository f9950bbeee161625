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


# --- surveys ----------------------------------------------------------------------------------

Z_95 = 1.959963984540054


def wilson_interval(percent: float | None, n: int | None, z: float = Z_95) -> tuple[float, float] | None:
    """95 % Wilson score interval for a share given in percent, in percent. None when the number of
    respondents is unknown or 0 (no interval can be computed)."""
    if percent is None or n is None or pd.isna(percent) or pd.isna(n) or int(n) <= 0:
        return None
    n = int(n)
    p = float(percent) / 100.0
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half) * 100.0, min(1.0, centre + half) * 100.0)


@dataclass(frozen=True)
class ShareDifference:
    """Difference between two shares (percentage points) with a two-proportion z-test."""

    diff: float                 # percentage points, first minus second
    z: float
    significant: bool           # |z| ≥ 1.96 (5 % level): "säkerställd"


def share_difference(p1: float | None, n1: int | None, p2: float | None, n2: int | None,
                     z_crit: float = Z_95) -> ShareDifference | None:
    """Two-proportion z-test (pooled) for shares in percent. None when a share or a respondent
    count is missing: then the data cannot carry a claim either way."""
    values = (p1, n1, p2, n2)
    if any(v is None or pd.isna(v) for v in values) or int(n1) <= 0 or int(n2) <= 0:
        return None
    a, b = float(p1) / 100.0, float(p2) / 100.0
    n1, n2 = int(n1), int(n2)
    pooled = (a * n1 + b * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = (a - b) * 100.0
    if se == 0:  # both 0 % or both 100 %: no difference to test
        return ShareDifference(diff, 0.0, False)
    z = (a - b) / se
    return ShareDifference(diff, z, abs(z) >= z_crit)


def is_suppressed(value, n_respondents, flag, threshold: int) -> bool:
    """A survey value is not shown when the source hid it (flag), it is missing, or fewer than
    `threshold` answered."""
    if flag is not None and not (isinstance(flag, float) and math.isnan(flag)) and flag is not pd.NA:
        return True
    if value is None or pd.isna(value):
        return True
    return n_respondents is not None and not pd.isna(n_respondents) and int(n_respondents) < threshold


# --- presence against problems -------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    """How much of the time with events had presence, on two weekday × hour grids."""

    event_hours: int            # weekday × hour cells with at least one event
    covered_hours: int          # of those, cells with presence (more than 0 hours)
    top_hours: int              # the busiest cells: ceil(top_percent % of event_hours)
    top_covered: int            # of those, cells with presence
    events: int                 # all events in the grid
    events_covered: int         # events in cells with presence
    top_percent: int = 20

    @property
    def share(self) -> float:
        return self.covered_hours / self.event_hours

    @property
    def top_share(self) -> float:
        return self.top_covered / self.top_hours

    @property
    def weighted_share(self) -> float:
        return self.events_covered / self.events


def _grid_totals(frame: pd.DataFrame, value: str) -> pd.Series:
    if frame is None or frame.empty:
        return pd.Series(dtype="float64")
    values = pd.to_numeric(frame[value], errors="coerce").fillna(0)
    return values.groupby([frame["weekday"].astype(int), frame["hour"].astype(int)]).sum()


def presence_coverage(events: pd.DataFrame, presence: pd.DataFrame, *, events_value: str = "n",
                      presence_value: str = "hours", top_percent: int = 20) -> Coverage | None:
    """Share of the event hours (weekday × hour cells with ≥ 1 event) that had presence (> 0 patrol
    hours in the same cell); the same for the top `top_percent` % busiest event cells (ceil of the
    share of event cells; ties ordered by count descending, then weekday, then hour); and the
    event-weighted share (events in covered cells / all events). Presence outside event hours does not
    count. None when there are no events.

    `events`: columns weekday, hour, `events_value`; `presence`: weekday, hour, `presence_value`.
    Rows for the same cell are summed."""
    counts = _grid_totals(events, events_value)
    counts = counts[counts >= 1]
    if counts.empty:
        return None
    hours = _grid_totals(presence, presence_value)
    present = set(hours[hours > 0].index)
    cells = pd.DataFrame({"weekday": [w for w, _ in counts.index], "hour": [h for _, h in counts.index],
                          "n": counts.to_numpy()})
    cells["covered"] = [(w, h) in present for w, h in zip(cells["weekday"], cells["hour"])]
    cells = cells.sort_values(["n", "weekday", "hour"], ascending=[False, True, True], kind="stable")
    top = -(-len(cells) * top_percent // 100)              # ceil without floating point
    busiest = cells.head(top)
    return Coverage(
        event_hours=len(cells), covered_hours=int(cells["covered"].sum()),
        top_hours=int(top), top_covered=int(busiest["covered"].sum()),
        events=int(round(cells["n"].sum())), events_covered=int(round(cells.loc[cells["covered"], "n"].sum())),
        top_percent=top_percent)
