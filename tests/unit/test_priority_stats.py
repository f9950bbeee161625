"""Fokusområden: baseline against the latest value with significance, direction, follow-up dates,
overdue activities, and the page's chart and table builders."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from lagesbild import charts, stats, tables


def listed(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    """Rows as lists, missing values as None (a DataFrame shows them as NaN)."""
    return [[None if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row]
            for row in frame[columns].values.tolist()]


def series(values: dict, n: dict | None = None) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()),
                         "n": [(n or {}).get(y) for y in values]})


# --- follow-up dates and directions ---------------------------------------------------------------

@pytest.mark.parametrize("period,expected", [("T1", dt.date(2020, 4, 30)), ("T2", dt.date(2020, 8, 31)),
                                             ("VB", dt.date(2020, 12, 31))])
def test_follow_up_date(period, expected):
    assert stats.follow_up_date(2020, period) == expected


@pytest.mark.parametrize("valid_to,today,expected", [
    (dt.date(2018, 4, 30), dt.date(2026, 1, 10), (2018, "T1")),      # Danderyd's plan: its own follow-up
    (dt.date(2018, 5, 2), dt.date(2026, 1, 10), (2018, "T2")),
    (pd.Timestamp("2020-12-31"), dt.date(2026, 1, 10), (2020, "VB")),
    (None, dt.date(2026, 1, 10), (2025, "VB")),                       # no end: the latest one passed
    (None, dt.date(2026, 9, 1), (2026, "T2")),
    (dt.date(2027, 6, 30), dt.date(2026, 5, 15), (2026, "T1")),      # still running
])
def test_default_follow_up(valid_to, today, expected):
    assert stats.default_follow_up(valid_to, today) == expected


def test_plan_years_and_baseline():
    assert stats.plan_baseline_year(pd.Timestamp("2017-05-01")) == 2016
    assert stats.plan_baseline_year(pd.NaT) is None
    assert stats.follow_up_years(pd.Timestamp("2017-05-01"), dt.date(2020, 3, 1)) == [2017, 2018, 2019, 2020]
    assert stats.follow_up_years(None, dt.date(2020, 3, 1), 2009) == list(range(2009, 2021))


@pytest.mark.parametrize("args,expected", [
    (("crime", "bostadsinbrott"), False),               # reported crime: fewer is better
    (("crime", "narkotika"), None),                     # found by police activity: no direction …
    (("crime", "narkotika", None, "Minska"), False),    # … unless the target says so
    (("survey", "x", True), True), (("survey", "x", False), False), (("survey", "x", None), None),
    (("survey", "x", True, "minska"), False),
    (("events", "Inbrott"), None), (("patrols", ""), None), (("patrols", "", None, "öka antalet pass"), True),
    (("crime", "ran", None, float("nan")), False),
])
def test_indicator_direction(args, expected):
    assert stats.indicator_direction(*args) == expected


# --- baseline against latest -------------------------------------------------------------------------

def test_counts_baseline_year_against_latest_up_to_follow_up():
    values = series({2015: 40, 2016: 30, 2017: 45, 2018: 60, 2019: 80})
    result = stats.baseline_vs_latest(values, baseline_year=2016, follow_year=2018, measure="count",
                                      higher_is_better=False)
    # z = 2(√60 − √30) = 4,54: säkerställd, and more crime is worse.
    assert (result.baseline_year, result.baseline, result.latest_year, result.latest, result.diff) == (
        2016, 30.0, 2018, 60.0, 30.0)
    assert result.significant is True and result.verdict == "forsamring"
    small = stats.baseline_vs_latest(values, baseline_year=2015, follow_year=2017, measure="count",
                                     higher_is_better=False)
    # 40 → 45: z = 2(√45 − √40) = 0,77.
    assert (small.diff, small.significant, small.verdict) == (5.0, False, "ingen_sakerstalld")


def test_baseline_falls_back_to_nearest_year_with_figures():
    values = series({2013: 100, 2016: 50, 2017: None, 2018: 52})
    # No figure for 2015: the last year before it.
    assert stats.baseline_vs_latest(values, baseline_year=2015, follow_year=2018).baseline_year == 2013
    # A series that starts after the baseline year: its first year (before the latest).
    late = series({2022: 10, 2023: 12, 2024: 30})
    assert stats.baseline_vs_latest(late, baseline_year=2016, follow_year=2025).baseline_year == 2022
    # No baseline year: the first year; a missing value is skipped, never read as 0.
    result = stats.baseline_vs_latest(values, baseline_year=None, follow_year=2017)
    assert (result.baseline_year, result.latest_year) == (2013, 2016)


def test_nothing_to_compare():
    assert stats.baseline_vs_latest(series({2020: 5}), baseline_year=2019, follow_year=2020).verdict == "saknar_data"
    assert stats.baseline_vs_latest(series({2020: 5}), baseline_year=2019, follow_year=2019).latest is None
    assert stats.baseline_vs_latest(series({}), baseline_year=2019, follow_year=2020).verdict == "saknar_data"


def test_shares_need_respondents():
    values = series({2016: 30.0, 2018: 20.0}, n={2016: 500, 2018: 500})
    result = stats.baseline_vs_latest(values, baseline_year=2016, follow_year=2018, measure="share",
                                      higher_is_better=False)
    # 30 % → 20 % with 500 answers each: z = -0,1 / √(0,25 · 0,75 · 2/500) = -3,65.
    assert (result.diff, result.significant, result.verdict, result.baseline_n) == (-10.0, True, "forbattring", 500)
    unknown = stats.baseline_vs_latest(series({2016: 30.0, 2018: 20.0}), baseline_year=2016, follow_year=2018,
                                       measure="share", higher_is_better=False)
    assert (unknown.significant, unknown.verdict) == (None, "kan_inte_provas")
    hours = stats.baseline_vs_latest(series({2016: 10.5, 2018: 80.0}), baseline_year=2016, follow_year=2018,
                                     measure="none")
    assert hours.verdict == "kan_inte_provas"


def test_verdict_without_direction_says_up_or_down():
    values = series({2019: 30, 2020: 60})
    assert stats.baseline_vs_latest(values, baseline_year=2019, follow_year=2020).verdict == "okning"
    values = series({2019: 60, 2020: 30})
    assert stats.baseline_vs_latest(values, baseline_year=2019, follow_year=2020).verdict == "minskning"
    assert stats.baseline_vs_latest(values, baseline_year=2019, follow_year=2020,
                                    higher_is_better=False).verdict == "forbattring"


@pytest.mark.parametrize("source,unit,expected", [("crime", "antal", "count"), ("events", "antal", "count"),
                                                  ("survey", "andel", "share"), ("survey", "index_0_6", "none"),
                                                  ("patrols", "timmar", "none")])
def test_measure_of(source, unit, expected):
    assert stats.measure_of(source, unit) == expected


# --- activities ------------------------------------------------------------------------------------

AS_OF = dt.date(2018, 4, 30)


@pytest.mark.parametrize("due,status,expected", [
    (dt.date(2017, 12, 31), None, True), (dt.date(2017, 12, 31), "pagar", True),
    (dt.date(2017, 12, 31), "ej_genomford", True), (dt.date(2017, 12, 31), "genomford", False),
    (dt.date(2018, 4, 30), None, False),            # due on the follow-up day: not yet late
    (pd.Timestamp("2018-05-31"), "paborjad", False), (None, None, False), (pd.NaT, "pagar", False),
])
def test_is_overdue(due, status, expected):
    assert stats.is_overdue(due, status, AS_OF) is expected


def actions_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "area_id": ["a", "a", "a", "a", "b"],
        "status": ["genomford", "pagar", None, "ej_genomford", "paborjad"],
        "due_date": pd.to_datetime(["2017-12-31", "2017-12-31", "2018-12-31", None, "2017-06-30"]),
    })


def test_action_counts_per_area():
    frame = stats.action_counts(actions_frame(), AS_OF)
    assert frame.to_dict("records") == [
        {"area_id": "a", "total": 4, "genomford": 1, "paborjad": 0, "pagar": 1, "ej_genomford": 1, "utan_status": 1,
         "overdue": 1},
        {"area_id": "b", "total": 1, "genomford": 0, "paborjad": 1, "pagar": 0, "ej_genomford": 0, "utan_status": 0,
         "overdue": 1}]
    assert stats.action_counts(actions_frame().head(0), AS_OF).empty


# --- indicators of a plan ------------------------------------------------------------------------------

def plan_frames():
    indicators = pd.DataFrame([
        {"area_id": "a", "area_sort": 1, "sort_order": 1, "source": "crime", "indicator_ref": "skadegorelse",
         "place_id": None, "place_name": None, "baseline_year": None, "target": "minska", "source_label": "Anmälda brott",
         "label": "Skadegörelse", "unit": "antal", "higher_is_better": None, "publisher": "Brå"},
        {"area_id": "a", "area_sort": 1, "sort_order": 2, "source": "survey", "indicator_ref": "s:q",
         "place_id": "p-torg", "place_name": "Torget", "baseline_year": 2015, "target": None, "source_label": "Enkät",
         "label": "Trygg", "unit": "andel", "higher_is_better": True, "publisher": "Staden"},
        {"area_id": "b", "area_sort": 0, "sort_order": 1, "source": "crime", "indicator_ref": "ran", "place_id": None,
         "place_name": None, "baseline_year": None, "target": None, "source_label": "Anmälda brott", "label": "Rån",
         "unit": "antal", "higher_is_better": None, "publisher": "Brå"}])
    targets = pd.DataFrame([
        ("a", 1, "kommun", "Kommunen", False, True, 1), ("a", 1, "p-torg", "Torget", False, False, 2),
        ("a", 1, "p-gata", "Gatan", False, False, 3), ("a", 2, "p-torg", "Torget", True, False, 1),
        ("b", 1, "kommun", "Kommunen", False, True, 1), ("b", 1, "p-torg", "Torget", False, False, 2)],
        columns=["area_id", "indicator_no", "place_id", "place_name", "explicit", "is_plan_place", "place_sort"])
    values = pd.DataFrame([
        ("a", 1, "kommun", 2016, 200.0, None), ("a", 1, "kommun", 2018, 150.0, None),
        ("a", 1, "p-torg", 2016, 30.0, None), ("a", 1, "p-torg", 2018, 10.0, None),
        ("a", 1, "p-gata", 2024, 5.0, None),        # only after the follow-up year
        ("a", 2, "p-torg", 2015, 60.0, 400), ("a", 2, "p-torg", 2016, 70.0, 400), ("a", 2, "p-torg", 2018, 75.0, 400)],
        columns=["area_id", "indicator_no", "place_id", "year", "value", "n"]).assign(
        basis=None, preliminary=False, is_demo=True)
    return indicators, targets, values


def test_priority_followups_keep_places_with_figures_and_the_plans_place():
    frame = stats.priority_followups(*plan_frames(), follow_year=2018, default_baseline=2016)
    assert listed(frame, ["area_id", "indicator_no", "place_id", "baseline_year", "baseline", "latest_year", "latest",
                          "verdict"]) == [
        # Area b comes first (its sort order is 0). Nobody has figures for Rån: the plan's place says so.
        ["b", 1, "kommun", None, None, None, None, "saknar_data"],
        # Skadegörelse: 200 → 150 (z = -3,8) and 30 → 10 (z = -4,6) are säkerställda improvements; Gatan has
        # figures only after 2018 and is left out.
        ["a", 1, "kommun", 2016, 200.0, 2018, 150.0, "forbattring"],
        ["a", 1, "p-torg", 2016, 30.0, 2018, 10.0, "forbattring"],
        # The survey's own baseline year 2015: 60 % → 75 % with 400 answers each, higher is better.
        ["a", 2, "p-torg", 2015, 60.0, 2018, 75.0, "forbattring"]]
    assert frame["higher_is_better"].tolist() == [False, False, False, True]
    assert frame["measure"].tolist() == ["count", "count", "count", "share"]
    assert frame["is_demo"].tolist() == [False, True, True, True]


def test_priority_followups_explicit_place_without_figures_is_kept():
    indicators, targets, values = plan_frames()
    frame = stats.priority_followups(indicators, targets, values[values["indicator_no"] == 1], follow_year=2018,
                                     default_baseline=2016)
    assert frame[frame["indicator_no"] == 2][["place_id", "verdict"]].values.tolist() == [["p-torg", "saknar_data"]]
    empty = stats.priority_followups(indicators.head(0), targets, values, follow_year=2018, default_baseline=2016)
    assert empty.empty and "verdict" in empty.columns


def test_followup_summary_counts_verdicts_and_activities():
    indicators, targets, values = plan_frames()
    followups = stats.priority_followups(indicators, targets, values, follow_year=2018, default_baseline=2016)
    areas = pd.DataFrame({"area_id": ["b", "a"], "name": ["Rån", "Skadegörelse"]})
    counts = stats.action_counts(actions_frame(), AS_OF)
    summary = stats.followup_summary(areas, followups, counts)
    assert summary[["area_name", "v_total", "v_forbattring", "v_saknar_data", "a_total", "a_genomford", "a_overdue"]
                   ].values.tolist() == [["Rån", 1, 0, 1, 1, 0, 1], ["Skadegörelse", 3, 3, 0, 4, 1, 1]]


# --- charts and tables -------------------------------------------------------------------------------

def test_priority_color_green_and_red_only_with_a_direction():
    assert charts.priority_color("forbattring", False) == "#1A7F37"
    assert charts.priority_color("forsamring", True) == "#C62828"
    assert charts.priority_color("ingen_sakerstalld", True) == "#7A7A7A"
    assert charts.priority_color("okning", None) == "#0072B2"
    assert charts.priority_color("forbattring", float("nan")) == "#0072B2"


def test_priority_indicator_trends_one_panel_per_indicator_and_place():
    indicators, targets, values = plan_frames()
    followups = stats.priority_followups(indicators, targets, values, follow_year=2018, default_baseline=2016)
    fig = charts.priority_indicator_trends(values, followups[followups["area_id"] == "a"], title="A", source="Brå",
                                           period="helår, t.o.m. 2018", demo=True, follow_year=2018, window="helår")
    spec = json.loads(fig.to_json())
    titles = [a["text"] for a in spec["layout"]["annotations"] if not a["text"].startswith("Källa")]
    assert titles[0] == ("Skadegörelse – Kommunen<br><span style='font-size:12px'>200 (2016) → 150 (2018)<br>"
                         "säkerställd förbättring</span>")
    assert titles[2].endswith("60,0\u00a0% (2015) → 75,0\u00a0% (2018)<br>säkerställd förbättring</span>")
    assert [t["line"]["color"] for t in spec["data"]] == ["#1A7F37"] * 3
    assert spec["data"][0]["marker"]["size"] == [13, 13]          # baseline and latest stand out
    assert spec["data"][2]["hovertext"][0] == "<b>Trygg</b><br>Torget, 2015: 60,0\u00a0%<br>400 svarande"
    assert any("EXEMPELDATA" in a["text"] for a in spec["layout"]["annotations"])


def test_priority_followup_overview_stacks_verdicts_and_statuses():
    indicators, targets, values = plan_frames()
    followups = stats.priority_followups(indicators, targets, values, follow_year=2018, default_baseline=2016)
    areas = pd.DataFrame({"area_id": ["b", "a"], "name": ["Rån", "Skadegörelse"]})
    summary = stats.followup_summary(areas, followups, stats.action_counts(actions_frame(), AS_OF))
    spec = json.loads(charts.priority_followup_overview(summary, title="Uppföljning T1 2018", source="Brå",
                                                        period="T1 2018", demo=False).to_json())
    assert [t.get("name") for t in spec["data"]] == [
        "Säkerställd förbättring", "Saknar siffror", "Genomförda (aktiviteter)", "Pågår (aktiviteter)",
        "Påbörjade (aktiviteter)", "Ej genomförda (aktiviteter)", "Utan status (aktiviteter)", None]
    assert spec["data"][0]["x"] == [0, 3] and spec["data"][-1]["text"] == ["  1 försenad", "  1 försenad"]


def test_priority_tables_in_swedish():
    indicators, targets, values = plan_frames()
    followups = stats.priority_followups(indicators, targets, values, follow_year=2018, default_baseline=2016)
    table = tables.priority_indicator_table(followups)
    assert table.iloc[1].to_dict() == {
        "Indikator": "Skadegörelse", "Källa": "Anmälda brott", "Plats": "Kommunen", "Basår": "2016",
        "Värde basår": "200", "Senast": "2018", "Värde": "150", "Förändring": "-50",
        "Bedömning": "säkerställd förbättring", "Mål": "minska"}
    assert table.iloc[0][["Basår", "Värde", "Förändring", "Bedömning"]].tolist() == ["..", "..", "..", "saknar siffror"]
    assert table.iloc[3]["Förändring"] == "+15,0 procentenheter"
    detail = tables.priority_followup_detail(pd.DataFrame({"area_id": ["a", "b"], "name": ["A", "B"]}), followups)
    assert detail.iloc[1][["Fokusområde", "År", "Värden"]].tolist() == ["A", "2016 → 2018", "200 → 150"]


def test_priority_actions_table_marks_overdue():
    actions = actions_frame().assign(activity=["Väktare", "Vandringar", "Belysning", "Kameror", "Studiecirkel"],
                                     implementation=None, responsible=["KLK", "Polis", None, "TK", "SOC"],
                                     due_text=["2017-12-31", "2017 -12-31, löpande", None, None, "juni 2017"],
                                     ongoing=[False, True, False, False, False], result=["Klart", None, None, None, None])
    table = tables.priority_actions_table(actions, AS_OF)
    assert table[["Aktivitet", "Klart senast", "Status", "Försenad"]].values.tolist() == [
        ["Väktare", "2017-12-31", "Genomförd", ""], ["Vandringar", "2017 -12-31, löpande", "Pågår", "⚠ försenad"],
        ["Belysning", "2018-12-31", "ingen status", ""], ["Kameror", "", "Ej genomförd", ""],
        ["Studiecirkel", "juni 2017", "Påbörjad", "⚠ försenad"]]


def test_priority_followup_table_one_row_per_area():
    summary = pd.DataFrame([{"area_id": "a", "area_name": "A", "v_total": 4, "v_forbattring": 1, "v_forsamring": 1,
                             "v_ingen_sakerstalld": 1, "v_okning": 0, "v_minskning": 0, "v_kan_inte_provas": 1,
                             "v_saknar_data": 0, "a_total": 12, "a_genomford": 5, "a_paborjad": 2, "a_pagar": 3,
                             "a_ej_genomford": 1, "a_utan_status": 1, "a_overdue": 2}])
    assert tables.priority_followup_table(summary).iloc[0].tolist() == [
        "A", "4", "1", "1", "1", "1", "0", "12", "5", "2", "3", "1", "2"]
