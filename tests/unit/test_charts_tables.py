"""Chart builders return figures that say what they show; tables are Swedish text."""
from __future__ import annotations

import pandas as pd

from lagesbild import charts, fmt, tables


def series(place_id="kommun-0162", name="Danderyd", counts=(2500, 2600), years=(2024, 2025), **extra):
    return pd.DataFrame({"place_id": place_id, "name": name, "level": "kommun", "year": list(years),
                         "period": pd.array([pd.NA] * len(years), dtype="Int64"), "count": list(counts),
                         "rate_per_100k": [7440.0, 7740.0, 7800.0][: len(years)], "preliminary": False, "flag": None,
                         "source": "bra", "is_demo": False, **extra})


def source_annotation(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.text.startswith("Källa:"))


def test_crime_trend_has_title_source_period_and_swedish_separators():
    fig = charts.crime_trend(series(), title="Totalt antal brott, per år", source="Brå, anmälda brott",
                             period="2024–2025", demo=False)
    assert "Totalt antal brott, per år" in fig.layout.title.text
    assert source_annotation(fig) == "Källa: Brå, anmälda brott. Period: 2024–2025."
    assert fig.layout.separators == fmt.PLOTLY_SEPARATORS
    assert fig.layout.xaxis.tickformat == "d"          # years never print as "2 024"
    assert list(fig.data[0].y) == [2500.0, 2600.0]
    assert "2\u00a0600 anmälda brott" in fig.data[0].hovertext[1]
    assert "7\u00a0740 per 100 000 inv." in fig.data[0].hovertext[1]


def test_crime_trend_rate_mode_draws_rates_and_references():
    refs = series("riket", "Riket", (1500000, 1450000)).assign(level="riket")
    fig = charts.crime_trend(series(), refs, title="t", measure="rate", source="Brå", period="p", demo=True)
    assert [t.name for t in fig.data] == ["Danderyd", "Riket (referens)"]
    assert list(fig.data[0].y) == [7440.0, 7740.0] and fig.data[1].line.dash == "dash"
    assert "EXEMPELDATA" in source_annotation(fig)
    # count mode hides references: counts of riket and a kommun do not share an axis
    assert len(charts.crime_trend(series(), refs, title="t", source="Brå", period="p", demo=False).data) == 1


def test_crime_trend_breaks_line_at_series_break():
    frame = series(counts=(10, 11, 12), years=(2013, 2014, 2015)).assign(rate_per_100k=1.0)
    fig = charts.crime_trend(frame, title="t", source="Brå", period="p", demo=False,
                             breaks={"kommun-0162": [2015]})
    assert list(fig.data[0].y) == [10.0, 11.0, None, 12.0]
    assert fig.data[0].connectgaps is False


def test_crime_trend_monthly_axis_in_swedish():
    frame = pd.DataFrame({"place_id": "p", "name": "P", "level": "kommun", "year": 2025,
                          "period": list(range(1, 13)), "count": 5, "rate_per_100k": 1.0, "preliminary": False,
                          "flag": None})
    fig = charts.crime_trend(frame, title="t", period_type="month", source="Brå", period="2025", demo=False)
    assert fig.layout.xaxis.ticktext[:3] == ("jan 2025", "feb 2025", "mar 2025")
    assert "maj 2025: 5 anmälda brott" in fig.data[0].hovertext[4]


def test_missing_value_is_a_gap_not_zero():
    frame = series(counts=(2500, None))
    fig = charts.crime_trend(frame, title="t", source="Brå", period="p", demo=False)
    assert list(fig.data[0].y) == [2500.0, None]


def test_place_colors_are_stable_and_distinct():
    a = charts.place_colors(["kommun-0162", "kommun-0160"])
    b = charts.place_colors(["kommun-0160", "kommun-0162", "sdo-bromma"])
    assert a["kommun-0162"] == b["kommun-0162"] and a["kommun-0160"] == b["kommun-0160"]
    assert len(set(b.values())) == 3


def test_heatmap_has_swedish_weekdays_and_every_hour():
    frame = pd.DataFrame({"weekday": [1, 6], "hour": [21, 0], "n": [3, 5]})
    fig = charts.weekday_hour_heatmap(frame, title="t", period="p", demo=False)
    assert list(fig.data[0].y) == fmt.WEEKDAYS_SHORT and len(fig.data[0].x) == 24
    assert fig.data[0].z[0][21] == 3 and fig.data[0].z[5][0] == 5
    assert "publicerade händelser (ett urval, inte brottsstatistik)" in source_annotation(fig)


def test_crime_table_change_and_significance():
    frame = series(counts=(274, 142)).assign(name="Hässelby torg", rate_per_100k=None)
    table = tables.crime_table(frame, period_type="year")
    assert table.iloc[0][["Period", "Antal", "Året innan", "Förändring", "Säkerställd", "Per 100 000 inv."]].tolist() == \
        ["2025", "142", "274", "-132", "säkerställd", ".."]


def test_key_message():
    latest = tables.latest_change(series(counts=(124, 142)))
    assert tables.key_message("Anmälda misshandelsbrott", "Danderyd", latest) == \
        "Anmälda misshandelsbrott i Danderyd: 142 (2025), +18 jämfört med 2024, inte säkerställt."
