"""Tables and one-line key messages for screen and report: pure functions from query results to
DataFrames of Swedish text (decimal comma, space as thousands separator, '..' for missing)."""
from __future__ import annotations

import pandas as pd

from lagesbild import fmt, stats


def significance_text(change: stats.Change | None) -> str:
    if change is None:
        return fmt.MISSING
    return "säkerställd" if change.significant else "inte säkerställd"


def crime_table(series: pd.DataFrame, *, period_type: str, rolling: bool = False) -> pd.DataFrame:
    """One row per place and period, newest first: count, rate, same period a year earlier,
    change and whether it is säkerställd (Poisson, |z| ≥ 2)."""
    if series.empty:
        return pd.DataFrame()
    frame = series.copy()
    if rolling:
        frame = frame.dropna(subset=["count_12m"]).assign(count=lambda f: f["count_12m"],
                                                          rate_per_100k=lambda f: f.get("rate_12m"))
        frame["preliminary"] = frame.get("preliminary", False)
    frame = stats.same_period_last_year(frame)
    decimals = 1 if period_type == "month" and not rolling else 0
    rows = []
    for r in frame.sort_values(["name", "year", "period"], ascending=[True, False, False]).to_dict("records"):
        change = stats.count_change(r["count"], r["count_prev"])
        when = fmt.period_label(r["year"], r.get("period"), period_type)
        note = []
        if bool(r.get("preliminary")) is True:
            note.append("preliminär")
        if r.get("flag") == "..":
            note.append("uppgift saknas (..)")
        rows.append({
            "Plats": r["name"],
            "Period": f"12 mån t.o.m. {when}" if rolling else when,
            "Antal": fmt.number(r["count"]),
            "Per 100 000 inv.": fmt.number(r.get("rate_per_100k"), decimals),
            "Året innan": fmt.number(r["count_prev"]),
            "Förändring": fmt.signed(change.diff) if change else fmt.MISSING,
            "Säkerställd": significance_text(change),
            "Anmärkning": ", ".join(note),
        })
    return pd.DataFrame(rows)


def latest_change(frame: pd.DataFrame) -> dict | None:
    """For yearly rows of one place and category: the latest year with a count and the change
    from the year before (None if there is no count at all)."""
    known = frame.dropna(subset=["count"]).sort_values("year")
    if known.empty:
        return None
    last = known.iloc[-1]
    prev = known[known["year"] == last["year"] - 1]
    prev_count = prev["count"].iloc[0] if len(prev) else None
    return {
        "year": int(last["year"]), "count": int(last["count"]), "rate": last.get("rate_per_100k"),
        "prev_count": None if prev_count is None else int(prev_count),
        "prev_rate": prev["rate_per_100k"].iloc[0] if len(prev) else None,
        "change": stats.count_change(last["count"], prev_count),
    }


def key_message(what: str, place: str, latest: dict) -> str:
    """'Anmälda brott i Danderyd: 2 565 (2025), -116 jämfört med 2024, inte säkerställt.'"""
    text = f"{what} i {place}: {fmt.number(latest['count'])} ({latest['year']})"
    change = latest["change"]
    if change is None:
        return text + f", inga siffror för {latest['year'] - 1} att jämföra med."
    verdict = "säkerställt" if change.significant else "inte säkerställt"
    return text + f", {fmt.signed(change.diff)} jämfört med {latest['year'] - 1}, {verdict}."


def category_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per category: the latest year, the year before, change, säkerställd, rate."""
    rows = []
    for (category_id, label), group in frame.groupby(["category_id", "label"], sort=False):
        latest = latest_change(group)
        if latest is None:
            continue
        rows.append({
            "Kategori": label,
            "År": str(latest["year"]),
            "Antal": fmt.number(latest["count"]),
            "Året innan": fmt.number(latest["prev_count"]),
            "Förändring": fmt.signed(latest["change"].diff) if latest["change"] else fmt.MISSING,
            "Säkerställd": significance_text(latest["change"]),
            "Per 100 000 inv.": fmt.number(latest["rate"]),
        })
    return pd.DataFrame(rows)


def events_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest events as a list: time, type, place, summary, link."""
    return pd.DataFrame({
        "Publicerad": frame["published_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "Inträffade": frame["occurred_at"].dt.strftime("%Y-%m-%d %H:%M").fillna(fmt.MISSING),
        "Typ": frame["type"] + frame["is_summary"].map({True: " (sammanfattning)", False: ""}),
        "Plats": frame["place_name"],
        "Sammanfattning": frame["summary"].fillna(""),
        "Länk": frame["url"],
    })


def _share_test_text(diff, higher_is_better=None) -> str:
    """'säkerställd förbättring' / 'säkerställd försämring' / 'säkerställd' (direction unknown) /
    'inte säkerställd' / 'kan inte prövas'."""
    if diff is None:
        return "kan inte prövas"
    if not diff.significant:
        return "inte säkerställd"
    if higher_is_better is None or pd.isna(higher_is_better):
        return "säkerställd"
    return "säkerställd förbättring" if (diff.diff > 0) == bool(higher_is_better) else "säkerställd försämring"


def survey_table(frame: pd.DataFrame, *, unit: str, reference: str | None = None,
                 threshold: int = 10, higher_is_better=None) -> pd.DataFrame:
    """One row per place, year, grade and gender (newest first): the value or '..', its 95 % interval,
    respondents, the change since the previous measurement and, with a `reference` place, the
    difference from it in the same year and group, each marked säkerställd or not (two-proportion test
    for shares; other units cannot be tested without their spread)."""
    from lagesbild.charts import GENDER_LABELS, GRADE_LABELS, format_value

    if frame.empty:
        return pd.DataFrame()
    ordered = frame.sort_values(["name", "grade", "gender", "year"])
    previous = {}
    ref_rows = {}
    if reference:
        for r in frame[frame["place_id"] == reference].to_dict("records"):
            ref_rows[(r["year"], r["grade"], r["gender"])] = r
    out = []
    for r in ordered.to_dict("records"):
        key = (r["place_id"], r["grade"], r["gender"])
        before = previous.get(key)
        shown = r["value"] is not None and not pd.isna(r["value"])
        interval = stats.wilson_interval(r["value"], r["n_respondents"]) if unit == "andel" and shown else None
        row = {
            "_year": int(r["year"]),
            "Plats": r["name"], "År": str(int(r["year"])), "Årskurs": GRADE_LABELS.get(r["grade"], r["grade"]),
            "Kön": GENDER_LABELS.get(r["gender"], r["gender"]),
            "Värde": format_value(r["value"], unit) if shown else fmt.MISSING,
            "95 % KI": (f"{fmt.number(interval[0], 1)}–{fmt.number(interval[1], 1)}" if interval else ""),
            "Antal svarande": fmt.number(r["n_respondents"]) if r["n_respondents"] is not None and not pd.isna(r["n_respondents"]) else "okänt",
            "Förändring": "", "Säkerställd": "",
        }
        if not shown:
            row["Anmärkning"] = (f"dolt: färre än {threshold} svarande" if str(r["suppressed"]).startswith("n<")
                                 else f"dolt i källan ({r['suppressed']})")
        if shown and before is not None:
            change = r["value"] - before["value"]
            row["Förändring"] = f"{fmt.signed(change, 1)} sedan {int(before['year'])}" + (" (procentenheter)" if unit == "andel" else "")
            row["Säkerställd"] = _share_test_text(stats.share_difference(
                r["value"], r["n_respondents"], before["value"], before["n_respondents"]) if unit == "andel" else None,
                higher_is_better)
        ref = ref_rows.get((r["year"], r["grade"], r["gender"]))
        if reference and r["place_id"] != reference:
            if shown and ref is not None and ref["value"] is not None and not pd.isna(ref["value"]):
                row["Mot referens"] = f"{fmt.signed(r['value'] - ref['value'], 1)} mot {ref['name']}"
                row["Säkerställd mot referens"] = _share_test_text(stats.share_difference(
                    r["value"], r["n_respondents"], ref["value"], ref["n_respondents"]) if unit == "andel" else None,
                    higher_is_better).replace("förbättring", "bättre").replace("försämring", "sämre")
            else:
                row["Mot referens"], row["Säkerställd mot referens"] = fmt.MISSING, ""
        if shown:
            previous[key] = r
        out.append(row)
    table = pd.DataFrame(out).fillna("")
    table = table.sort_values(["Plats", "_year", "Årskurs", "Kön"], ascending=[True, False, True, True],
                              kind="stable", key=lambda c: c.map(fmt.sort_key) if c.name == "Plats" else c)
    return table.drop(columns="_year").reset_index(drop=True)


# --- presence and patrols -----------------------------------------------------------------------

def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def coverage_text(coverage: stats.Coverage | None) -> str:
    """'Närvaro fanns under 34 av 52 timmar med händelser (65 %) och under 9 av 11 av de 20 % mest
    händelserika timmarna. 180 av 260 händelser (69 %) inträffade under timmar med närvaro.'"""
    if coverage is None:
        return "Det finns inga publicerade händelser med känd tidpunkt att jämföra närvaron med."
    c = coverage
    return (f"Närvaro fanns under {fmt.number(c.covered_hours)} av {fmt.number(c.event_hours)} "
            f"{_plural(c.event_hours, 'timme', 'timmar')} med händelser ({fmt.percent(c.share * 100)}) och under "
            f"{fmt.number(c.top_covered)} av {fmt.number(c.top_hours)} av de {c.top_percent}\u00a0% mest "
            f"händelserika timmarna. {fmt.number(c.events_covered)} av {fmt.number(c.events)} "
            f"{_plural(c.events, 'händelse', 'händelser')} ({fmt.percent(c.weighted_share * 100)}) inträffade "
            "under timmar med närvaro.")


def survey_metric(row: dict, threshold: int) -> tuple[str, str, str]:
    """(label, value, caption) for one survey result as a metric: the value or '..' when hidden, and
    where, when, for whom and how many answered (row of patrol_evening_safety)."""
    from lagesbild.charts import GRADE_LABELS, direction_text, format_value

    suppressed = row.get("suppressed")
    shown = row.get("value") is not None and not pd.isna(row.get("value"))
    n = row.get("n_respondents")
    parts = [f"{row['place_name']} {int(row['year'])}"]
    if row.get("grade") and row["grade"] != "alla":
        parts.append(GRADE_LABELS.get(row["grade"], row["grade"]))
    parts.append(f"{fmt.number(n)} svarande" if n is not None and not pd.isna(n) else "antal svarande okänt")
    if not shown:
        parts.append(f"dolt: färre än {threshold} svarande" if str(suppressed).startswith("n<")
                     else f"dolt i källan ({suppressed or fmt.MISSING})")
    caption = (", ".join(parts) + f". {direction_text(row.get('higher_is_better'))}. "
               f"Källa: {row['publisher']} ({row['survey_label']}).")
    return row["label"], format_value(row["value"], row["unit"]) if shown else fmt.MISSING, caption


def presence_place_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Hours and passes per place and kind for the period (rows of patrol_hours_by_place), places in
    Swedish alphabetical order, hours with one decimal."""
    if frame.empty:
        return pd.DataFrame(columns=["Plats", "Typ", "Utförare", "Pass", "Timmar"])
    ordered = frame.sort_values(["place_name", "sort_order"], kind="stable",
                                key=lambda c: c.map(fmt.sort_key) if c.name == "place_name" else c)
    return pd.DataFrame({
        "Plats": ordered["place_name"].tolist(),
        "Typ": ordered["label"].tolist(),
        "Utförare": ordered["organisations"].tolist(),
        "Pass": [fmt.number(n) for n in ordered["passes"]],
        "Timmar": [fmt.number(h, 1) for h in ordered["hours"]],
    })


def passes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year and kind (rows of patrol_passes_by_year, newest year first): passes, how many had a
    number of participants, and the average over those ('..' when none had)."""
    if frame.empty:
        return pd.DataFrame(columns=["År", "Typ", "Pass", "Pass med antal deltagare", "Deltagare per pass (medel)",
                                     "Timmar"])
    ordered = frame.sort_values(["year", "sort_order"], ascending=[False, True], kind="stable")
    return pd.DataFrame({
        "År": [str(int(y)) for y in ordered["year"]],
        "Typ": ordered["label"].tolist(),
        "Pass": [fmt.number(n) for n in ordered["passes"]],
        "Pass med antal deltagare": [fmt.number(n) for n in ordered["passes_with_count"]],
        "Deltagare per pass (medel)": [fmt.number(a, 1) for a in ordered["avg_participants"]],
        "Timmar": [fmt.number(h, 1) for h in ordered["hours"]],
    })


def observations_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year (newest first) and observation: the count and the number of passes that recorded it."""
    from lagesbild.charts import OBSERVATION_LABELS

    order = {k: i for i, k in enumerate(OBSERVATION_LABELS)}
    ordered = frame.assign(_o=frame["observation"].map(order)).sort_values(["year", "_o"], ascending=[False, True],
                                                                            kind="stable")
    return pd.DataFrame({
        "År": [str(int(y)) for y in ordered["year"]],
        "Iakttagelse": [OBSERVATION_LABELS.get(o, o) for o in ordered["observation"]],
        "Antal": [fmt.number(n) for n in ordered["n"]],
        "Pass med uppgift": [fmt.number(p) for p in ordered["passes"]],
    })


def patrol_notes_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The notes as a list (rows of patrol_notes, newest first): Datum, Plats, Typ, Utförare, Anteckning."""
    return pd.DataFrame({
        "Datum": pd.to_datetime(frame["started_at"]).dt.strftime("%Y-%m-%d %H:%M").tolist(),
        "Plats": frame["place_name"].tolist(),
        "Typ": frame["label"].tolist(),
        "Utförare": frame["organisation"].tolist(),
        "Anteckning": frame["notes"].tolist(),
    })
