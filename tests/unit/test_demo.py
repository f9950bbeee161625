"""The demo database is consistent with itself and with the facts in the seeds."""
from __future__ import annotations

import pytest

from tests.demo_support import read


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_every_demo_import_is_marked_demo(demo):
    assert read(demo, "SELECT count(*), count(*) FILTER (is_demo) FROM import_log")[0] == (22, 22)


def test_hasselby_torg_agrees_with_the_action_plan(demo):
    got = dict(read(demo, """SELECT source_label || ' ' || year, count FROM crime_counts
                             WHERE place_id = 'plats-hasselby-torg' AND year IN (2018, 2019)"""))
    assert got == {"Skadegörelse 2018": 274, "Skadegörelse 2019": 142, "Tillgrepp i butik 2018": 60,
                   "Tillgrepp i butik 2019": 31, "Våldsbrott 2018": 62, "Våldsbrott 2019": 51,
                   "Narkotikabrott 2018": 32, "Narkotikabrott 2019": 60}


def test_yearly_counts_are_the_sum_of_months(demo):
    mismatches = read(demo, """
        SELECT y.place_id, y.category_id, y.year FROM crime_counts y
        JOIN (SELECT place_id, category_id, year, sum(count) AS n FROM crime_counts
              WHERE period_type = 'month' AND source = 'bra' GROUP BY ALL) m USING (place_id, category_id, year)
        WHERE y.period_type = 'year' AND y.source = 'bra' AND y.count <> m.n""")
    assert mismatches == []


def test_kommun_csv_and_databasfil_agree(demo):
    # The Databasfil import found the kommun CSV's totals identical ('oförändrade'), never replaced them.
    assert read(demo, "SELECT count(*) FROM crime_counts_replaced")[0][0] == 0
    # ... while the API file's 30 updated events did replace their archived versions.
    assert read(demo, "SELECT count(*) FROM police_events_replaced")[0][0] == 30


def test_stockholm_is_its_stadsdelsomraden_plus_unallocated(demo):
    (city, areas), = read(demo, """
        SELECT max(count) FILTER (place_id = 'kommun-0180'),
               sum(count) FILTER (place_id LIKE 'sdo-%')
        FROM crime_counts WHERE category_id = 'totalt' AND period_type = 'year' AND year = 2025 AND source = 'bra'""")
    assert 0.90 < areas / city < 0.98


def test_merged_stadsdelsomraden_follow_the_dates(demo):
    years = dict(read(demo, """SELECT place_id, list(DISTINCT year ORDER BY year) FROM crime_counts
                               WHERE place_id IN ('sdo-alvsjo', 'sdo-hagersten-alvsjo', 'sdo-norrmalm',
                               'sdo-norra-innerstaden') AND period_type = 'year' GROUP BY 1"""))
    assert years["sdo-alvsjo"][-1] == 2019 and years["sdo-hagersten-alvsjo"][0] == 2020
    assert years["sdo-norrmalm"][-1] == 2022 and years["sdo-norra-innerstaden"][0] == 2023


def test_events_have_weekend_nights_for_violence(demo):
    (weekend, weekday), = read(demo, """
        SELECT count(*) FILTER (isodow(occurred_at) IN (5, 6, 7)) / 3.0,
               count(*) FILTER (isodow(occurred_at) IN (1, 2, 3, 4)) / 4.0
        FROM police_events WHERE type = 'Misshandel' AND (hour(occurred_at) >= 21 OR hour(occurred_at) < 4)""")
    assert weekend > 1.3 * weekday
