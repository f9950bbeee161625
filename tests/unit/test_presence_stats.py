"""The coverage measure (presence against event hours) and the presence tables and charts."""
from __future__ import annotations

import pandas as pd
import pytest

from lagesbild import charts, stats, tables


def grid(cells: dict[tuple[int, int], float], value: str) -> pd.DataFrame:
    return pd.DataFrame([{"weekday": w, "hour": h, value: v} for (w, h), v in cells.items()])


# Events per weekday and hour. (2, 9) has 0 events: not an event hour. (6, 1) comes in two rows (3 + 1).
EVENTS = pd.concat([
    grid({(5, 22): 10, (5, 23): 6, (6, 0): 6, (6, 1): 3, (1, 8): 2, (3, 14): 1, (2, 9): 0}, "n"),
    grid({(6, 1): 1}, "n"),
], ignore_index=True)
# Presence: (5, 22) and (6, 0) are event hours with presence; (1, 8) has 0 hours (no presence);
# (7, 3) and (2, 9) have presence but no events, which must not count.
PRESENCE = grid({(5, 22): 1.5, (6, 0): 0.25, (1, 8): 0.0, (7, 3): 2.0, (2, 9): 1.0}, "hours")


def test_coverage_counts_event_hours_with_presence():
    coverage = stats.presence_coverage(EVENTS, PRESENCE)
    # Event hours: (5,22) 10, (5,23) 6, (6,0) 6, (6,1) 4, (1,8) 2, (3,14) 1 -> 6, of which 2 covered.
    # Top 20 %: ceil(0.2 * 6) = 2 cells. The tie at 6 goes to the lower weekday, (5,23) before (6,0),
    # so the busiest are (5,22) (covered) and (5,23) (not): 1 of 2.
    # Events: 29 in all, 10 + 6 = 16 in covered hours.
    assert coverage == stats.Coverage(event_hours=6, covered_hours=2, top_hours=2, top_covered=1, events=29,
                                      events_covered=16, top_percent=20)
    assert coverage.share == pytest.approx(2 / 6)
    assert coverage.top_share == 0.5
    assert coverage.weighted_share == pytest.approx(16 / 29)


def test_tie_order_decides_the_busiest_hours():
    # The same tie with presence moved from (6,0) to (5,23): now both busiest hours are covered.
    presence = grid({(5, 22): 1.0, (5, 23): 1.0}, "hours")
    coverage = stats.presence_coverage(EVENTS, presence)
    assert (coverage.covered_hours, coverage.top_hours, coverage.top_covered, coverage.events_covered) == (2, 2, 2, 16)


@pytest.mark.parametrize("cells,top", [(1, 1), (5, 1), (6, 2), (10, 2), (11, 3), (15, 3), (16, 4)])
def test_top_share_is_the_ceiling_without_rounding_errors(cells, top):
    # 0.2 * 15 is 3.0000000000000004 in floating point; the busiest fifth of 15 hours is 3 hours.
    events = grid({(1 + i // 24, i % 24): 100 - i for i in range(cells)}, "n")
    assert stats.presence_coverage(events, grid({}, "hours")).top_hours == top


def test_no_presence_at_all_is_zero_coverage():
    coverage = stats.presence_coverage(EVENTS, pd.DataFrame(columns=["weekday", "hour", "hours"]))
    assert (coverage.covered_hours, coverage.top_covered, coverage.events_covered) == (0, 0, 0)
    assert coverage.share == 0.0


def test_no_events_gives_none():
    assert stats.presence_coverage(pd.DataFrame(columns=["weekday", "hour", "n"]), PRESENCE) is None
    assert stats.presence_coverage(grid({(5, 22): 0}, "n"), PRESENCE) is None


def test_coverage_text_in_swedish_with_counts():
    coverage = stats.Coverage(event_hours=52, covered_hours=34, top_hours=11, top_covered=9, events=300,
                              events_covered=180)
    assert tables.coverage_text(coverage) == (
        "Närvaro fanns under 34 av 52 timmar med händelser (65\u00a0%) och under 9 av 11 av de 20\u00a0% mest "
        "händelserika timmarna. 180 av 300 händelser (60\u00a0%) inträffade under timmar med närvaro.")
    one = stats.Coverage(event_hours=1, covered_hours=0, top_hours=1, top_covered=0, events=1, events_covered=0)
    assert tables.coverage_text(one).startswith("Närvaro fanns under 0 av 1 timme med händelser (0\u00a0%)")
    assert "1 händelse (0\u00a0%)" in tables.coverage_text(one)
    assert tables.coverage_text(None) == ("Det finns inga publicerade händelser med känd tidpunkt att jämföra "
                                          "närvaron med.")


def test_presence_heatmap_shows_hours_with_one_decimal():
    frame = grid({(5, 21): 1.5, (6, 0): 0.25}, "hours")
    source = charts.patrol_source(pd.DataFrame({"organisation": ["Polisen"], "passes": [1]}))
    fig = charts.weekday_hour_heatmap(frame, title="t", period="p", demo=True, value="hours", unit="timmar",
                                      decimals=1, source=source, narrow=True)
    assert fig.data[0].z[4][21] == 1.5 and fig.data[0].z[5][0] == 0.25
    assert fig.data[0].hovertext[5][0] == "lördag kl. 00–01: 0,2 timmar"  # 0.25 rounds half to even
    source = next(a.text for a in fig.layout.annotations if a.text.startswith("Källa:"))
    assert source.replace("<br>", " ") == ("Källa: Närvaro- och patrulloggar (egen import): Polisen. Period: p. "
                                           "EXEMPELDATA – inte verkliga siffror.")


def test_patrol_source_names_the_organisations_most_passes_first():
    def options(**passes):
        return pd.DataFrame({"organisation": list(passes), "passes": list(passes.values())})

    assert charts.patrol_source(options()) == "Närvaro- och patrulloggar (egen import)"
    # Polisen appears for two kinds (2 + 3 passes); ties in alphabetical order.
    frame = pd.concat([options(Polisen=2, Securitas=4), options(Polisen=3, Avarn=4)], ignore_index=True)
    assert charts.patrol_source(frame) == "Närvaro- och patrulloggar (egen import): Polisen, Avarn, Securitas"
    assert charts.patrol_source(options(A=5, B=4, C=3, D=2, E=1, F=1)).endswith(": A, B, C, D och 2 till")
    assert charts.SOURCE_NAMES["patrullogg"] == "Närvaro- och patrulloggar (egen import)"


def test_week_and_month_labels():
    assert charts.period_start_label("2025-09-01", "week") == "v. 36 2025"
    assert charts.period_start_label("2024-12-30", "week", short=False) == "vecka 1 2025"
    assert charts.period_start_label("2025-09-01", "month", short=False) == "september 2025"


def test_passes_table_says_how_many_passes_had_a_count():
    frame = pd.DataFrame({"year": [2016, 2017, 2017], "kind": ["foraldravandring", "polis", "foraldravandring"],
                          "label": ["Föräldravandring", "Polis", "Föräldravandring"], "sort_order": [3, 0, 3],
                          "passes": [27, 4, 36], "passes_with_count": [25, 0, 36],
                          "participants": [175, None, 252], "avg_participants": [7.0, None, 7.0],
                          "hours": [94.5, 8.0, 1260.25]})
    table = tables.passes_table(frame)
    assert table.values.tolist() == [
        ["2017", "Polis", "4", "0", "..", "8,0"],
        ["2017", "Föräldravandring", "36", "36", "7,0", "1\u00a0260,2"],
        ["2016", "Föräldravandring", "27", "25", "7,0", "94,5"],
    ]


def test_presence_place_table_in_swedish_order():
    frame = pd.DataFrame({"place_name": ["Vällingby centrum", "Åkeshov", "Hässelby torg"],
                          "label": ["Ordningsvakter", "Polis", "Polis"], "sort_order": [1, 0, 0],
                          "organisations": ["Ordningsvakter", "Polisen", "Polisen"], "passes": [1, 2, 1200],
                          "hours": [1.5, 3.75, 2000.0]})
    assert tables.presence_place_table(frame).values.tolist() == [
        ["Hässelby torg", "Polis", "Polisen", "1\u00a0200", "2\u00a0000,0"],
        ["Vällingby centrum", "Ordningsvakter", "Ordningsvakter", "1", "1,5"],
        ["Åkeshov", "Polis", "Polisen", "2", "3,8"],
    ]


def test_survey_metric_hides_small_groups():
    row = {"label": "Känner sig trygg ute sent en kväll i bostadsområdet", "value": None, "suppressed": "n<10",
           "unit": "andel", "n_respondents": 8, "place_name": "Hässelby-Vällingby", "year": 2023, "grade": "alla",
           "higher_is_better": True, "publisher": "Stockholms stad", "survey_label": "Stockholms stads trygghetsmätning"}
    assert tables.survey_metric(row, 10) == (
        "Känner sig trygg ute sent en kväll i bostadsområdet", "..",
        "Hässelby-Vällingby 2023, 8 svarande, dolt: färre än 10 svarande. Högre är bättre. "
        "Källa: Stockholms stad (Stockholms stads trygghetsmätning).")
    shown = dict(row, value=13.3, suppressed=None, n_respondents=166, grade="ak9", higher_is_better=False)
    assert tables.survey_metric(shown, 10)[1:] == (
        "13,3\u00a0%", "Hässelby-Vällingby 2023, åk 9, 166 svarande. Lägre är bättre. "
        "Källa: Stockholms stad (Stockholms stads trygghetsmätning).")


def test_presence_hours_stacks_kinds_in_display_order_with_passes_in_the_hover():
    frame = pd.DataFrame({"period_start": pd.to_datetime(["2025-09-01", "2025-09-01", "2025-09-08"]),
                          "kind": ["nattvandring", "polis", "polis"], "label": ["Nattvandring", "Polis", "Polis"],
                          "sort_order": [4, 0, 0], "passes": [1, 2, 1], "hours": [1.0, 3.75, 1.5]})
    fig = charts.presence_hours(frame, resolution="week", title="t", source="s", period="p", demo=False)
    assert [t.name for t in fig.data] == ["Polis", "Nattvandring"] and fig.layout.barmode == "stack"
    assert list(fig.data[0].y) == [3.75, 1.5]
    assert fig.data[0].hovertext[0] == "<b>Polis</b><br>vecka 36 2025: 3,8 timmar, 2 pass"
    assert fig.layout.yaxis.title.text == "Timmar per vecka"
