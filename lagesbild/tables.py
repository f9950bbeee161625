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


def category_table(frame: pd.DataFrame, *, largest_first: bool = False) -> pd.DataFrame:
    """Per category: the latest year, the year before, change, säkerställd, rate (in the categories'
    order, or with the largest latest count first). The same as latest_change per category, in one
    pass over the frame (a kommun has some 40 categories)."""
    known = frame.dropna(subset=["count"])
    if known.empty:
        return pd.DataFrame()
    last = known.sort_values("year", kind="stable").groupby("category_id", sort=False).tail(1)
    before = known[["category_id", "year", "count", "rate_per_100k"]].rename(
        columns={"year": "prev_year", "count": "prev_count", "rate_per_100k": "prev_rate"})
    last = last.assign(prev_year=last["year"] - 1).merge(before, on=["category_id", "prev_year"], how="left")
    order = {c: i for i, c in enumerate(frame["category_id"].drop_duplicates())}     # the frame's order
    if largest_first:
        ranked = last.sort_values("category_id").sort_values("count", ascending=False, kind="stable")
        order = {c: i for i, c in enumerate(ranked["category_id"])}
    last = last.sort_values("category_id", key=lambda c: c.map(order), kind="stable")
    rows = []
    for r in last.to_dict("records"):
        change = stats.count_change(r["count"], r["prev_count"])
        rows.append({
            "Kategori": r["label"],
            "År": str(int(r["year"])),
            "Antal": fmt.number(r["count"]),
            "Året innan": fmt.number(r["prev_count"]),
            "Förändring": fmt.signed(change.diff) if change else fmt.MISSING,
            "Säkerställd": significance_text(change),
            "Per 100 000 inv.": fmt.number(r.get("rate_per_100k")),
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
    where, when, for whom and how many answered (row of place_survey_latest)."""
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


# --- the lägesbild (Översikt) ----------------------------------------------------------------------

RANKED_BY = {"rate_per_100k": "anmälda brott per 100 000 invånare", "count": "antal anmälda brott"}


def ranking_table(ranked: pd.DataFrame) -> pd.DataFrame:
    """stats.rank_places rows as a table: rank, place, count, rate (".." without residents)."""
    return pd.DataFrame({
        "Plats": [f"{r}. {n}" for r, n in zip(ranked["rank"], ranked["name"])],
        "Antal": [fmt.number(c) for c in ranked["count"]],
        "Per 100 000 inv.": [fmt.number(v) for v in ranked["rate_per_100k"]],
    })


def recent_change_text(what: str, recent: stats.RecentChange | None) -> str | None:
    """'Senaste 12 månaderna (apr 2025–mar 2026): 180 anmälda brott, +60 mot samma månader året
    innan, säkerställt.' None when there is nothing to compare."""
    if recent is None:
        return None
    change = recent.change
    span = f"{fmt.month_label(*recent.first)}–{fmt.month_label(*recent.last)}"
    verdict = "säkerställt" if change.significant else "inte säkerställt"
    return (f"{what} ({span}): {fmt.number(change.now)} anmälda brott, {fmt.signed(change.diff)} mot samma "
            f"månader året innan ({fmt.number(change.before)}), {verdict}.")


# --- the place profile (Platser) ----------------------------------------------------------------------

NO_RATE = "–"
ACTION_STATUS = {"genomford": "Genomförd", "paborjad": "Påbörjad", "pagar": "Pågår",
                 "ej_genomford": "Ej genomförd"}


def lineage_text(lineage: pd.DataFrame) -> str:
    """'Hässelby torg · Hässelby gård · Hässelby-Vällingby · Stockholm': the place and the areas it lies
    in, nearest first (rows of place_lineage), up to its kommun; a kommun is followed by its län."""
    names = []
    for r in lineage.to_dict("records"):
        if r["level"] == "riket" and names:
            break
        if not names or r["name"] != names[-1]:      # Danderyd (kommundel) in Danderyd (kommun): once
            names.append(r["name"])
        if r["level"] == "lan" or (r["level"] == "kommun" and len(names) > 1):
            break
    return " · ".join(names)


def place_crime_table(frame: pd.DataFrame, references: pd.DataFrame | None = None, *,
                      rates: bool = True) -> pd.DataFrame:
    """category_table for one place (rows of crime_yearly_by_category), with '–' for the rate where
    there is none or `rates` is False (a place without residents), and a reference column: the rate
    of the nearest area above it that has one for the category and year (`references`:
    crime_yearly_by_category rows of the ancestors, with their `name` and `depth`)."""
    table = category_table(frame)
    if table.empty:
        return table
    rate = "Per 100 000 inv."
    table[rate] = NO_RATE if not rates else table[rate].replace(fmt.MISSING, NO_RATE)
    lookup = {}
    if references is not None and not references.empty:
        known = references.dropna(subset=["rate_per_100k"]).sort_values("depth", kind="stable")
        for r in known.drop_duplicates(["label", "year"]).to_dict("records"):
            lookup[(r["label"], str(int(r["year"])))] = f"{fmt.number(r['rate_per_100k'])} ({r['name']})"
    table["Referens per 100 000 inv."] = [lookup.get(key, fmt.MISSING) for key in zip(table["Kategori"], table["År"])]
    return table


def place_survey_table(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The latest result per survey question (rows of place_survey_latest): the value, or '..' when
    hidden, and where, when, for whom, how many answered and the source (as survey_metric says it)."""
    rows = []
    for r in frame.to_dict("records"):
        label, value, about = survey_metric(r, threshold)
        rows.append({"Undersökning": r["survey_label"], "Fråga": label, "Värde": value, "Om värdet": about})
    return pd.DataFrame(rows, columns=["Undersökning", "Fråga", "Värde", "Om värdet"])


def _text(value) -> str | None:
    """A text cell from a query, None when it is NULL (None or NaN)."""
    return value if isinstance(value, str) and value.strip() else None


def _due_text(row: dict) -> str:
    if _text(row.get("due_text")):
        return row["due_text"]
    due = row.get("due_date")
    if due is not None and not pd.isna(due):
        return f"{pd.Timestamp(due):%Y-%m-%d}"
    return "löpande" if row.get("ongoing") is True else ""


def place_actions_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The priority areas and activities that name a place (rows of place_actions): area, activity,
    responsible, due date as the plan wrote it, status, and why it is listed."""
    rows = []
    for r in frame.to_dict("records"):
        has_activity = _text(r.get("activity")) is not None
        status = (ACTION_STATUS.get(r.get("status")) or _text(r.get("status_text"))
                  or (fmt.MISSING if has_activity else ""))
        rows.append({
            "Fokusområde": r["area_name"],
            "Aktivitet": r["activity"] if has_activity else "(inga aktiviteter i planen)",
            "Ansvarig": _text(r.get("responsible")) or "",
            "Klart": _due_text(r) if has_activity else "",
            "Status": status,
            "Nämner platsen": "fokusområdet gäller platsen" if r["listed"] else "platsen nämns i texten",
        })
    return pd.DataFrame(rows, columns=["Fokusområde", "Aktivitet", "Ansvarig", "Klart", "Status", "Nämner platsen"])


# --- priority areas (Fokusområden) --------------------------------------------------------------------

VERDICT_TEXT = {"forbattring": "säkerställd förbättring", "forsamring": "säkerställd försämring",
                "okning": "säkerställd ökning", "minskning": "säkerställd minskning",
                "ingen_sakerstalld": "ingen säkerställd förändring", "kan_inte_provas": "kan inte prövas",
                "saknar_data": "saknar siffror"}
WHY_UNTESTED = {"share": "antal svarande saknas", "none": "inte ett antal eller en andel"}
WHY_UNTESTED_SOURCE = {"patrols": "timmar närvaro prövas inte"}


def _year(value) -> str:
    return str(int(value)) if value is not None and not pd.isna(value) else fmt.MISSING


def priority_change_text(r: dict) -> str:
    """'+8' (counts), '-2,6 procentenheter' (shares), '+66,4 tim' (presence)."""
    if r.get("diff") is None or pd.isna(r.get("diff")):
        return fmt.MISSING
    if r["source"] == "survey":
        return fmt.signed(r["diff"], 1) + (" procentenheter" if r.get("unit") == "andel" else "")
    if r["source"] == "patrols":
        return fmt.signed(r["diff"], 1) + " tim"
    return fmt.signed(r["diff"])


def priority_verdict_text(r: dict) -> str:
    text = VERDICT_TEXT[r["verdict"]]
    if r["verdict"] == "kan_inte_provas":
        text += f" ({WHY_UNTESTED_SOURCE.get(r.get('source')) or WHY_UNTESTED.get(r.get('measure'), 'okänd osäkerhet')})"
    if r["verdict"] in ("okning", "minskning", "ingen_sakerstalld") and (
            r.get("higher_is_better") is None or pd.isna(r.get("higher_is_better"))):
        text += " (ingen riktning)"
    return text


def priority_indicator_table(followups: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and place (rows of stats.priority_followups): baseline year and value,
    the latest, the change and whether it is säkerställd, the target."""
    from lagesbild.charts import priority_value

    columns = ["Indikator", "Källa", "Plats", "Basår", "Värde basår", "Senast", "Värde", "Förändring", "Bedömning",
               "Mål"]
    rows = []
    for r in followups.to_dict("records"):
        rows.append({
            "Indikator": r["label"], "Källa": r["source_label"], "Plats": r["place_name"],
            "Basår": _year(r["baseline_year"]), "Värde basår": priority_value(r["baseline"], r["source"], r["unit"]),
            "Senast": _year(r["latest_year"]), "Värde": priority_value(r["latest"], r["source"], r["unit"]),
            "Förändring": priority_change_text(r), "Bedömning": priority_verdict_text(r),
            "Mål": r["target"] if isinstance(r.get("target"), str) else "",
        })
    return pd.DataFrame(rows, columns=columns)


def priority_actions_table(actions: pd.DataFrame, as_of) -> pd.DataFrame:
    """The activities of one area (rows of priority_actions): activity, how, responsible, due as
    written, status, «försenad» (due before `as_of` and not done) and the follow-up text."""
    columns = ["Aktivitet", "Genomförande", "Ansvarig", "Klart senast", "Status", "Försenad", "Uppföljning"]
    rows = []
    for r in actions.to_dict("records"):
        overdue = stats.is_overdue(r.get("due_date"), r.get("status"), as_of)
        rows.append({
            "Aktivitet": r["activity"], "Genomförande": _text(r.get("implementation")) or "",
            "Ansvarig": _text(r.get("responsible")) or "", "Klart senast": _due_text(r),
            "Status": ACTION_STATUS.get(r.get("status")) or "ingen status",
            "Försenad": "⚠ försenad" if overdue else "", "Uppföljning": _text(r.get("result")) or "",
        })
    return pd.DataFrame(rows, columns=columns)


def priority_followup_table(summary: pd.DataFrame) -> pd.DataFrame:
    """All areas side by side (rows of stats.followup_summary): indicators with figures and their
    verdicts, activities per status and overdue."""
    columns = ["Fokusområde", "Indikatorer", "Säkerställt bättre", "Säkerställt sämre", "Ingen säkerställd förändring",
               "Utan riktning eller prövning", "Saknar siffror", "Aktiviteter", "Genomförda", "Påbörjade", "Pågår",
               "Ej genomförda", "Försenade"]
    rows = []
    for r in summary.to_dict("records"):
        rows.append({
            "Fokusområde": r["area_name"], "Indikatorer": fmt.number(r["v_total"]),
            "Säkerställt bättre": fmt.number(r["v_forbattring"]), "Säkerställt sämre": fmt.number(r["v_forsamring"]),
            "Ingen säkerställd förändring": fmt.number(r["v_ingen_sakerstalld"]),
            "Utan riktning eller prövning": fmt.number(r["v_okning"] + r["v_minskning"] + r["v_kan_inte_provas"]),
            "Saknar siffror": fmt.number(r["v_saknar_data"]), "Aktiviteter": fmt.number(r["a_total"]),
            "Genomförda": fmt.number(r["a_genomford"]), "Påbörjade": fmt.number(r["a_paborjad"]),
            "Pågår": fmt.number(r["a_pagar"]), "Ej genomförda": fmt.number(r["a_ej_genomford"]),
            "Försenade": fmt.number(r["a_overdue"]),
        })
    return pd.DataFrame(rows, columns=columns)


def priority_followup_detail(areas: pd.DataFrame, followups: pd.DataFrame) -> pd.DataFrame:
    """Every area's indicators in one list (for the report): area, indicator, place, baseline →
    latest and the verdict."""
    from lagesbild.charts import priority_value

    names = dict(zip(areas["area_id"], areas["name"]))
    columns = ["Fokusområde", "Indikator", "Plats", "År", "Värden", "Förändring", "Bedömning"]
    rows = []
    for r in followups.to_dict("records"):
        known = r["verdict"] != "saknar_data"
        rows.append({
            "Fokusområde": names.get(r["area_id"], r["area_id"]), "Indikator": r["label"], "Plats": r["place_name"],
            "År": f"{_year(r['baseline_year'])} → {_year(r['latest_year'])}" if known else fmt.MISSING,
            "Värden": (f"{priority_value(r['baseline'], r['source'], r['unit'])} → "
                       f"{priority_value(r['latest'], r['source'], r['unit'])}") if known else fmt.MISSING,
            "Förändring": priority_change_text(r), "Bedömning": priority_verdict_text(r),
        })
    return pd.DataFrame(rows, columns=columns)
