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
