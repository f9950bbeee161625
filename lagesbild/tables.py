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
