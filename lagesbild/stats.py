"""Statistics for truthful figures: change between counts with a significance mark, rolling
12 months and same period last year. Pure functions on numbers and DataFrames."""
from __future__ import annotations

import datetime as dt
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


# --- the lägesbild: comparisons and ranking ------------------------------------------------------

BAND_MIN_PLACES = 4   # fewer comparable places than this give no band (a "middle half" of 3 is noise)


def reference_band(rates: pd.DataFrame, *, value: str = "rate_per_100k",
                   min_places: int = BAND_MIN_PLACES) -> pd.DataFrame:
    """The middle 50 % of comparable places per year: the 25th and 75th percentiles (and the
    median) of `value` over the places with a value that year (linear interpolation, as Excel's
    KVARTIL.INK). Years with fewer than `min_places` values are left out.

    `rates`: one row per place and year (columns year, `value`). Returns year, q25, median, q75, n."""
    known = rates.dropna(subset=[value])
    rows = []
    for year, group in known.groupby("year", sort=True):
        values = group[value].astype(float)
        if len(values) < min_places:
            continue
        rows.append({"year": int(year), "q25": float(values.quantile(0.25)), "median": float(values.median()),
                     "q75": float(values.quantile(0.75)), "n": int(len(values))})
    return pd.DataFrame(rows, columns=["year", "q25", "median", "q75", "n"])


def rank_places(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Places ordered by where the problems are largest, and what they were ranked by.

    Per 100 000 inhabitants when every place has a rate (places of different size compare fairly),
    else by count ("a torg has no residents"): mixing the two would rank apples against pears.
    Rows without a count are left out. Ties keep alphabetical order. Adds `rank` (1 = largest)."""
    known = frame.dropna(subset=["count"]).copy()
    by = "rate_per_100k" if len(known) and known["rate_per_100k"].notna().all() else "count"
    known = known.sort_values("name", kind="stable").sort_values(by, ascending=False, kind="stable")
    known["rank"] = range(1, len(known) + 1)
    return known.reset_index(drop=True), by


@dataclass(frozen=True)
class RecentChange:
    """The latest 12 months (or months of the year so far) against the same months a year earlier."""

    first: tuple[int, int]      # (year, month) of the first month counted now
    last: tuple[int, int]       # (year, month) of the last
    change: Change


def last_12_months(monthly: pd.DataFrame) -> RecentChange | None:
    """Sum of the newest 12 consecutive known months against the 12 before them (None when 24
    consecutive months with counts do not exist). `monthly`: one place's rows (year, period, count)."""
    known = add_month_index(monthly.dropna(subset=["count"])).set_index("month_index")["count"]
    if known.empty:
        return None
    end = int(known.index.max())
    window = range(end - 23, end + 1)
    if not all(i in known.index for i in window):
        return None
    now = int(sum(known[i] for i in window[12:]))
    before = int(sum(known[i] for i in window[:12]))
    start = end - 11
    return RecentChange((start // 12, start % 12 + 1), (end // 12, end % 12 + 1), count_change(now, before))


def year_to_date(monthly: pd.DataFrame) -> RecentChange | None:
    """The newest year's months so far (January to the newest known month) against the same months
    of the year before; None when a month is missing in either year."""
    known = monthly.dropna(subset=["count"])
    if known.empty:
        return None
    year = int(known["year"].max())
    last = int(known.loc[known["year"] == year, "period"].max())
    counts = {(int(y), int(m)): int(c) for y, m, c in zip(known["year"], known["period"], known["count"])}
    months = range(1, last + 1)
    if not all((year, m) in counts and (year - 1, m) in counts for m in months):
        return None
    now = sum(counts[(year, m)] for m in months)
    before = sum(counts[(year - 1, m)] for m in months)
    return RecentChange((year, 1), (year, last), count_change(now, before))


# --- priority areas: baseline against the latest value, and the activities -----------------------

# Stockholm's follow-up cadence: tertialrapport 1 (January–April), tertialrapport 2 (January–August)
# and verksamhetsberättelsen (the whole year). The value is the last month the follow-up covers.
FOLLOW_UP_MONTHS = {"T1": 4, "T2": 8, "VB": 12}
# Crimes found by police activity (ingripandebrott): more of them may mean more police, not more crime,
# so a change has no good or bad direction unless the indicator's target says so.
INTERVENTION_CRIMES = frozenset({"narkotika", "trafik", "vapen"})
_LOWER_WORDS = ("minska", "sänka", "färre", "lägre", "under", "halvera", "mindre")
_HIGHER_WORDS = ("öka", "höja", "fler", "högre", "över", "stärka", "mer ")


def follow_up_date(year: int, period: str) -> dt.date:
    """The last day a follow-up covers: T1 2020 -> 2020-04-30, T2 -> 08-31, VB -> 12-31."""
    month = FOLLOW_UP_MONTHS[period]
    return dt.date(int(year), 12, 31) if month == 12 else dt.date(int(year), month + 1, 1) - dt.timedelta(days=1)


def default_follow_up(valid_to, today: dt.date) -> tuple[int, str]:
    """The follow-up to show first: the one that covers the plan's last day (the plan's own
    follow-up), or for a plan without an end (or one ending later than today) the latest one
    already passed (VB of last year before May)."""
    end = today if valid_to is None or pd.isna(valid_to) else min(pd.Timestamp(valid_to).date(), today)
    if end == today:
        passed = [(y, p) for y in (today.year - 1, today.year) for p in FOLLOW_UP_MONTHS
                  if follow_up_date(y, p) <= today]
        return passed[-1]
    period = next(p for p, month in FOLLOW_UP_MONTHS.items() if end.month <= month)
    return end.year, period


def plan_baseline_year(valid_from) -> int | None:
    """The default baseline of a plan's indicators: the year before the plan starts (None without a start)."""
    return None if valid_from is None or pd.isna(valid_from) else pd.Timestamp(valid_from).year - 1


def follow_up_years(valid_from, today: dt.date, first: int | None = None) -> list[int]:
    """The years a plan can be followed up: from the plan's first year (or `first`, or ten years back)
    to this year."""
    start = pd.Timestamp(valid_from).year if valid_from is not None and not pd.isna(valid_from) else today.year - 10
    return list(range(min(start, first or start), today.year + 1))


def indicator_direction(source: str, indicator_ref: str, higher_is_better=None, target: str | None = None
                        ) -> bool | None:
    """Whether higher values are better (True), worse (False) or neither (None).

    The indicator's target decides when it says «minska …» or «öka …»; otherwise reported crime and
    a survey question's own direction. Crimes found by police activity (narkotika, trafik, vapen),
    Polisen's published events (a selection) and presence (an effort, not an outcome) have none."""
    text = target.strip().casefold() if isinstance(target, str) else ""
    if text.startswith(_LOWER_WORDS):
        return False
    if text.startswith(_HIGHER_WORDS):
        return True
    if source == "crime":
        return None if indicator_ref in INTERVENTION_CRIMES else False
    if source == "survey" and higher_is_better is not None and not pd.isna(higher_is_better):
        return bool(higher_is_better)
    return None


def measure_of(source: str, unit: str | None) -> str:
    """How a change can be tested: 'count' (Poisson), 'share' (two proportions) or 'none'."""
    if source in ("crime", "events"):
        return "count"
    if source == "survey" and unit == "andel":
        return "share"
    return "none"


@dataclass(frozen=True)
class Followup:
    """An indicator's value in its baseline year against the latest value up to the follow-up."""

    baseline_year: int | None
    baseline: float | None
    baseline_n: int | None
    latest_year: int | None
    latest: float | None
    latest_n: int | None
    significant: bool | None       # None: not tested (no figures, no respondents, not a count or share)
    higher_is_better: bool | None

    @property
    def diff(self) -> float | None:
        return None if self.baseline is None or self.latest is None else self.latest - self.baseline

    @property
    def verdict(self) -> str:
        """'saknar_data', 'kan_inte_provas', 'ingen_sakerstalld', or for a säkerställd change
        'forbattring'/'forsamring' (the indicator has a direction) or 'okning'/'minskning'."""
        if self.diff is None:
            return "saknar_data"
        if self.significant is None:
            return "kan_inte_provas"
        if not self.significant:
            return "ingen_sakerstalld"
        if self.higher_is_better is None:
            return "okning" if self.diff > 0 else "minskning"
        return "forbattring" if (self.diff > 0) == self.higher_is_better else "forsamring"


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def baseline_vs_latest(values: pd.DataFrame, *, baseline_year: int | None, follow_year: int,
                       measure: str = "count", higher_is_better: bool | None = None) -> Followup:
    """Compare an indicator's baseline with its latest value (rows: year, value, n).

    Latest: the last year up to `follow_year` with a value. Baseline: the last year up to
    `baseline_year` with a value; when there is none (the series starts later), the first year after
    it, if that is before the latest; with no `baseline_year`, the first year. Counts are tested with
    `count_change` (Poisson), survey shares with `share_difference` (needs both respondent counts);
    anything else is not tested."""
    known = values[values["value"].map(_known) & (values["year"] <= follow_year)].sort_values("year")
    empty = Followup(None, None, None, None, None, None, None, higher_is_better)
    if known.empty:
        return empty
    last = known.iloc[-1]
    earlier = known[known["year"] < last["year"]]
    if baseline_year is None:
        base = earlier.head(1)
    else:
        base = earlier[earlier["year"] <= baseline_year].tail(1)
        if base.empty:
            base = earlier[earlier["year"] > baseline_year].head(1)
    if base.empty:
        return Followup(None, None, None, int(last["year"]), float(last["value"]), _n(last), None, higher_is_better)
    base = base.iloc[0]
    significant = None
    if measure == "count":
        change = count_change(round(float(last["value"])), round(float(base["value"])))
        significant = None if change is None else change.significant
    elif measure == "share":
        difference = share_difference(last["value"], _n(last), base["value"], _n(base))
        significant = None if difference is None else difference.significant
    return Followup(int(base["year"]), float(base["value"]), _n(base), int(last["year"]), float(last["value"]),
                    _n(last), significant, higher_is_better)


def _n(row) -> int | None:
    value = row.get("n") if hasattr(row, "get") else None
    return int(value) if _known(value) else None


def priority_followups(indicators: pd.DataFrame, targets: pd.DataFrame, values: pd.DataFrame, *,
                       follow_year: int, default_baseline: int | None) -> pd.DataFrame:
    """One row per indicator and place it is followed for (rows of priority_indicators,
    priority_indicator_targets and priority_indicator_values), with the baseline, the latest value
    and the verdict. An indicator spread over the area's places keeps the places that have figures;
    when none has, the plan's place is kept (as «saknar siffror»). An indicator's own baseline year
    wins over `default_baseline` (the year before the plan starts)."""
    columns = ["area_id", "indicator_no", "source", "indicator_ref", "place_id", "place_name", "label",
               "source_label", "unit", "target", "publisher", "baseline_year_set", "higher_is_better",
               "baseline_year", "baseline", "baseline_n", "latest_year", "latest", "latest_n", "diff",
               "significant", "verdict", "measure", "basis", "preliminary", "is_demo"]
    if indicators.empty or targets.empty:
        return pd.DataFrame(columns=columns)
    meta = indicators.rename(columns={"sort_order": "indicator_no", "place_id": "own_place",
                                      "place_name": "own_place_name", "higher_is_better": "question_direction"})
    keep = [c for c in ("area_id", "indicator_no", "place_id", "place_name", "explicit", "is_plan_place")
            if c in targets.columns]
    merged = targets[keep].merge(meta, on=["area_id", "indicator_no"], how="inner")
    groups = {key: group for key, group in values.groupby(["area_id", "indicator_no", "place_id"], sort=False)}
    with_data = {key for key, group in groups.items()
                 if (group["value"].map(_known) & (group["year"] <= follow_year)).any()}
    rows = []
    for r in merged.to_dict("records"):
        key = (r["area_id"], r["indicator_no"], r["place_id"])
        siblings = [k for k in with_data if k[:2] == key[:2]]
        if key not in with_data and not r["explicit"] and (siblings or not r["is_plan_place"]):
            continue
        series = groups.get(key, pd.DataFrame(columns=["year", "value", "n"]))
        direction = indicator_direction(r["source"], r["indicator_ref"], r.get("question_direction"), r.get("target"))
        measure = measure_of(r["source"], r.get("unit"))
        own = r.get("baseline_year")
        baseline = int(own) if _known(own) else default_baseline
        result = baseline_vs_latest(series, baseline_year=baseline, follow_year=follow_year, measure=measure,
                                    higher_is_better=direction)
        latest_rows = series[series["year"] == result.latest_year] if result.latest_year else series.head(0)
        rows.append({
            "area_id": r["area_id"], "indicator_no": r["indicator_no"], "source": r["source"],
            "indicator_ref": r["indicator_ref"], "place_id": r["place_id"], "place_name": r["place_name"],
            "label": r["label"], "source_label": r["source_label"], "unit": r["unit"], "target": r.get("target"),
            "publisher": r["publisher"], "baseline_year_set": baseline, "higher_is_better": direction,
            "baseline_year": result.baseline_year, "baseline": result.baseline, "baseline_n": result.baseline_n,
            "latest_year": result.latest_year, "latest": result.latest, "latest_n": result.latest_n,
            "diff": result.diff, "significant": result.significant, "verdict": result.verdict, "measure": measure,
            "basis": latest_rows["basis"].iloc[0] if len(latest_rows) and "basis" in latest_rows else None,
            "preliminary": bool(latest_rows["preliminary"].fillna(False).any()) if "preliminary" in latest_rows else False,
            "is_demo": bool(series["is_demo"].fillna(False).any()) if "is_demo" in series else False,
        })
    out = pd.DataFrame(rows, columns=columns)
    # The plan's order of areas and indicators; within an indicator the plan's place first.
    area_sort = dict(zip(indicators["area_id"], indicators["area_sort"])) if "area_sort" in indicators else {}
    place_sort = {k: v for k, v in zip(zip(targets["area_id"], targets["indicator_no"], targets["place_id"]),
                                        targets.get("place_sort", pd.Series(range(len(targets)))))}
    out["_o"] = [(area_sort.get(a, 0), a, n, place_sort.get((a, n, p), 0))
                 for a, n, p in zip(out["area_id"], out["indicator_no"], out["place_id"])]
    return out.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


ACTION_STATUSES = ("genomford", "paborjad", "pagar", "ej_genomford")


def is_overdue(due_date, status, as_of: dt.date) -> bool:
    """An activity is overdue when its due date has passed (is before `as_of`: the follow-up date,
    or today when that is earlier) and it is not done (status not 'genomford'). Without a due date
    it is never overdue."""
    if due_date is None or pd.isna(due_date):
        return False
    return pd.Timestamp(due_date).date() < as_of and status != "genomford"


def action_counts(actions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per area (rows of priority_actions): activities in all, per status ('genomford', 'paborjad',
    'pagar', 'ej_genomford', and 'utan_status' for none) and how many are overdue."""
    columns = ["area_id", "total", *ACTION_STATUSES, "utan_status", "overdue"]
    if actions.empty:
        return pd.DataFrame(columns=columns)
    frame = actions.assign(
        _status=actions["status"].where(actions["status"].isin(ACTION_STATUSES), "utan_status"),
        _overdue=[is_overdue(d, s, as_of) for d, s in zip(actions["due_date"], actions["status"])])
    rows = []
    for area_id, group in frame.groupby("area_id", sort=False):
        counts = group["_status"].value_counts()
        rows.append({"area_id": area_id, "total": len(group),
                     **{s: int(counts.get(s, 0)) for s in (*ACTION_STATUSES, "utan_status")},
                     "overdue": int(group["_overdue"].sum())})
    return pd.DataFrame(rows, columns=columns)


def followup_summary(areas: pd.DataFrame, followups: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """One row per area (rows of priority_areas, in order): the number of indicator rows per verdict
    (`v_<verdict>`), and the activities in all, per status and overdue (`a_total`, `a_<status>`,
    `a_overdue`; from `action_counts`)."""
    verdicts = ["forbattring", "ingen_sakerstalld", "forsamring", "okning", "minskning", "kan_inte_provas",
                "saknar_data"]
    rows = []
    for a in areas.to_dict("records"):
        mine = followups[followups["area_id"] == a["area_id"]] if len(followups) else followups
        found = counts[counts["area_id"] == a["area_id"]] if len(counts) else counts
        c = found.iloc[0].to_dict() if len(found) else {}
        rows.append({"area_id": a["area_id"], "area_name": a["name"], "v_total": len(mine),
                     **{f"v_{v}": int((mine["verdict"] == v).sum()) if len(mine) else 0 for v in verdicts},
                     "a_total": int(c.get("total", 0)),
                     **{f"a_{s}": int(c.get(s, 0)) for s in (*ACTION_STATUSES, "utan_status")},
                     "a_overdue": int(c.get("overdue", 0))})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class PlanFollowup:
    """Everything a follow-up of one plan needs (the Fokusområden page and the report share it)."""

    indicators: pd.DataFrame
    values: pd.DataFrame
    followups: pd.DataFrame
    actions: pd.DataFrame
    counts: pd.DataFrame

    @property
    def values_demo(self) -> bool:
        return bool(self.values["is_demo"].fillna(False).any()) if len(self.values) else False


def plan_followup(query, plan_id: str, *, period: str, year: int, baseline: int | None, min_n: int,
                  as_of: dt.date) -> PlanFollowup:
    """Run the plan's queries through `query(name, **params)` (the app's cached `ui.query` or the
    report's) and compute the indicators' follow-ups and the activities' counts."""
    indicators = query("priority_indicators", plan_id=plan_id)
    values = query("priority_indicator_values", plan_id=plan_id, months=FOLLOW_UP_MONTHS[period], min_n=min_n)
    followups = priority_followups(indicators, query("priority_indicator_targets", plan_id=plan_id), values,
                                   follow_year=year, default_baseline=baseline)
    actions = query("priority_actions", plan_id=plan_id)
    return PlanFollowup(indicators, values, followups, actions, action_counts(actions, as_of))
