"""The demo database is consistent with itself and with the facts in the seeds."""
from __future__ import annotations

import datetime as dt

import pytest

from lagesbild.registry import sdo_id
from loaders.demo import SDO_ATOMS, SDO_MERGERS
from tests.demo_support import read


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_every_demo_import_is_marked_demo(demo):
    assert read(demo, "SELECT count(*), count(*) FILTER (is_demo) FROM import_log")[0] == (31, 31)


def test_demo_has_the_danderyd_action_plan(demo):
    assert read(demo, """SELECT p.plan_id, p.place_id, p.valid_from, p.valid_to, l.kind, l.is_demo,
                                (SELECT count(*) FROM priority_areas a WHERE a.plan_id = p.plan_id),
                                (SELECT count(*) FROM actions c WHERE c.area_id LIKE p.plan_id || '/%'),
                                (SELECT count(*) FROM glossary g WHERE g.plan_id = p.plan_id)
                         FROM action_plans p JOIN import_log l ON l.import_id = p._import_id
                         WHERE l.kind = 'handlingsplan'""") == [
        ("danderyd-handlingsplan-2017-2018", "kommun-0162", dt.date(2017, 5, 1), dt.date(2018, 4, 30),
         "handlingsplan", True, 9, 37, 12)]


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


# --- surveys ---------------------------------------------------------------------------------------

def test_trygghetsmatning_agrees_with_the_action_plan(demo):
    # "I senaste Trygghetsmätningen" (2017): Hässelby torg vs the whole stadsdelsområde.
    got = dict(read(demo, """SELECT indicator_id || ' ' || place_id, value FROM survey_results
                             WHERE survey = 'trygghetsmatning_stad' AND year = 2017 AND gender = 'T'
                             AND indicator_id IN ('berusade_stor', 'narkotika_stor')
                             AND place_id IN ('plats-hasselby-torg', 'sdo-hasselby-vallingby')"""))
    assert got == {"berusade_stor plats-hasselby-torg": 23, "berusade_stor sdo-hasselby-vallingby": 9,
                   "narkotika_stor plats-hasselby-torg": 20, "narkotika_stor sdo-hasselby-vallingby": 8}


def test_trygghetsmatning_places_have_no_respondents_of_their_own(demo):
    rows = read(demo, """SELECT place_id, count(*), count(n_respondents), list(DISTINCT year ORDER BY year)
                         FROM survey_results WHERE survey = 'trygghetsmatning_stad' AND place_id LIKE 'plats-%'
                         GROUP BY 1 ORDER BY 1""")
    assert [r[0] for r in rows] == ["plats-alvsjo-centrum", "plats-hasselby-torg", "plats-vallingby-centrum"]
    assert all(n > 0 and with_n == 0 and years == [2014, 2017, 2020, 2023] for _, n, with_n, years in rows)


def test_suppressed_small_groups_are_null_with_flag_and_count(demo):
    rows = read(demo, """SELECT place_id, grade, gender, value, flag, n_respondents FROM survey_results
                         WHERE survey = 'stockholmsenkaten' AND flag IS NOT NULL""")
    assert len(rows) >= 10
    assert {r[0] for r in rows} <= {"kommun-0128", "kommun-0140", "kommun-0187"}  # Salem, Nykvarn, Vaxholm
    assert all(grade == "gy2" and value is None and flag == ".." and n < 10 for _, grade, _, value, flag, n in rows)
    # ... and every group under 10 respondents is suppressed, none shown as a value.
    (shown_small,), = read(demo, """SELECT count(*) FROM survey_results WHERE survey = 'stockholmsenkaten'
                                   AND n_respondents < 10 AND value IS NOT NULL""")
    assert shown_small == 0


def test_survey_respondent_counts_are_plausible(demo):
    ranges = dict((r[0], r[1:]) for r in read(demo, """
        SELECT survey || ' ' || CASE WHEN place_id LIKE 'sdo-%' THEN 'sdo' ELSE 'other' END
                      || ' ' || grade || ' ' || gender, min(n_respondents), max(n_respondents)
        FROM survey_results WHERE place_id <> 'kommun-0180' GROUP BY 1"""))
    low, high = ranges["stockholmsenkaten sdo ak9 T"]
    assert 120 <= low and high <= 800
    low, high = ranges["stockholmsenkaten sdo gy2 T"]
    assert 90 <= low and high <= 700
    low, high = ranges["trygghetsmatning_stad sdo alla T"]
    assert 550 <= low and high <= 1500
    low, high = ranges["trygghetsmatning_polis other alla T"]
    assert 300 <= low and high <= 1250
    assert ranges["ntu other alla T"] == (None, None)  # Kolada gives no respondent counts
    # gy 2 somewhat fewer than åk 9; by kön about half each; Stockholm is the sum of its areas.
    (gy2_share, girls_share, city_match), = read(demo, """
        SELECT sum(n_respondents) FILTER (grade = 'gy2') / sum(n_respondents) FILTER (grade = 'ak9'),
               sum(n_respondents) FILTER (gender = 'K') / sum(n_respondents) FILTER (gender = 'T'),
               bool_and(city = areas)
        FROM survey_results r
        JOIN (SELECT year, grade, gender, indicator_id,
                     max(n_respondents) FILTER (place_id = 'kommun-0180') AS city,
                     sum(n_respondents) FILTER (place_id LIKE 'sdo-%') AS areas
              FROM survey_results WHERE survey = 'stockholmsenkaten' GROUP BY ALL) s
             USING (year, grade, gender, indicator_id)
        WHERE r.survey = 'stockholmsenkaten' AND r.place_id LIKE 'sdo-%'""")
    assert 0.7 < gy2_share < 0.95 and 0.46 < girls_share < 0.52 and city_match


def test_stockholmsenkaten_years_and_areas_follow_the_mergers(demo):
    years = read(demo, "SELECT DISTINCT year FROM survey_results WHERE survey = 'stockholmsenkaten' ORDER BY 1")
    assert [y for (y,) in years] == list(range(2014, 2025, 2))
    areas = dict(read(demo, """SELECT year, list(DISTINCT place_id ORDER BY place_id) FROM survey_results
                               WHERE survey = 'stockholmsenkaten' AND place_id LIKE 'sdo-%' GROUP BY 1"""))
    for year, got in areas.items():
        expected = {sdo_id(name) for name in SDO_ATOMS}
        for merged, (members, first) in SDO_MERGERS.items():
            if year >= first:
                expected = expected - {sdo_id(m) for m in members} | {sdo_id(merged)}
        assert set(got) == expected, year
    assert "sdo-hagersten-alvsjo" in areas[2020] and "sdo-alvsjo" in areas[2018]
    assert "sdo-norrmalm" in areas[2022] and "sdo-norra-innerstaden" in areas[2024]
    (kommuner,), = read(demo, """SELECT count(DISTINCT place_id) FROM survey_results
                                 WHERE survey = 'stockholmsenkaten' AND place_id LIKE 'kommun-%'""")
    assert kommuner == 26


def test_stockholmsenkaten_shares_are_realistic_and_follow_places(demo):
    median = dict((r[0], r[1]) for r in read(demo, """
        SELECT indicator_id || ' ' || grade || ' ' || gender, median(value) FROM survey_results
        WHERE survey = 'stockholmsenkaten' GROUP BY 1"""))
    assert 75 <= median["trygg_omradet ak9 T"] <= 90
    assert 10 <= median["otrygg_ute_kvall ak9 T"] <= 25
    assert median["otrygg_ute_kvall ak9 K"] > median["otrygg_ute_kvall ak9 M"]
    assert 4 <= median["narkotika_nagon_gang ak9 T"] <= 10 and 12 <= median["narkotika_nagon_gang gy2 T"] <= 25
    assert 5 <= median["burit_vapen ak9 T"] <= 12 and median["burit_vapen ak9 M"] > 2 * median["burit_vapen ak9 K"]
    assert 2 <= median["utsatt_ran ak9 T"] <= 6 and 5 <= median["utsatt_misshandel ak9 T"] <= 10
    assert 30 <= median["alkohol_12_man ak9 T"] <= 45 and 60 <= median["alkohol_12_man gy2 T"] <= 75
    safe = dict(read(demo, """SELECT place_id, avg(value) FROM survey_results WHERE survey = 'stockholmsenkaten'
                              AND indicator_id = 'trygg_omradet' AND gender = 'T' GROUP BY 1"""))
    assert max(safe["sdo-rinkeby-kista"], safe["sdo-spanga-tensta"]) < min(safe["sdo-bromma"], safe["kommun-0162"])


def test_polisens_trygghetsmatning_is_yearly_per_kommun(demo):
    (years, kommuner, low, high), = read(demo, """
        SELECT list(DISTINCT year ORDER BY year), count(DISTINCT place_id), min(value), max(value)
        FROM survey_results WHERE survey = 'trygghetsmatning_polis' AND unit = 'index_0_6'""")
    assert years == [2020, 2021, 2022, 2023, 2024] and kommuner == 26 and 0.5 <= low and high <= 3


def test_ntu_from_kolada_has_genders_and_women_feel_less_safe(demo):
    rows = read(demo, """SELECT year, max(value) FILTER (gender = 'K'), max(value) FILTER (gender = 'M'),
                                max(value) FILTER (gender = 'T'), count(*)
                         FROM survey_results WHERE survey = 'ntu' AND place_id = 'riket'
                         AND indicator_id = 'otrygghet_sen_kvall' GROUP BY 1 ORDER BY 1""")
    assert [r[0] for r in rows] == list(range(2017, 2026))
    assert all(n == 3 and women > total > men for _, women, men, total, n in rows)
    (places, indicators), = read(demo, """SELECT count(DISTINCT place_id), count(DISTINCT indicator_id)
                                          FROM survey_results WHERE survey = 'ntu'""")
    assert (places, indicators) == (28, 5)  # riket, the län and its 26 kommuner; five KPIs
    missing = read(demo, """SELECT DISTINCT place_id FROM survey_results
                            WHERE survey = 'ntu' AND value IS NULL ORDER BY 1""")
    assert [p for (p,) in missing] == ["kommun-0128", "kommun-0140", "kommun-0187"]


# --- priority areas ----------------------------------------------------------------------------------

def test_demo_links_danderyds_areas_and_stockholms_ten_to_indicators(demo):
    # The areas file (kind «fokusomraden») is imported after the handlingsplan: it gives Danderyd's nine
    # areas (the handlingsplan's own names) goals, places and indicators, and adds Stockholm's ten
    # prioriterade samverkansområden as Hässelby-Vällingby's åtgärdsplan 2020.
    assert read(demo, """SELECT a.plan_id, count(DISTINCT a.area_id), count(DISTINCT i.area_id), count(i.area_id),
                                count(*) FILTER (a.goal IS NULL) > 0, any_value(l.kind), bool_and(l.is_demo)
                         FROM priority_areas a LEFT JOIN priority_area_indicators i USING (area_id)
                         JOIN import_log l ON l.import_id = a._import_id GROUP BY a.plan_id ORDER BY 1""") == [
        ("danderyd-handlingsplan-2017-2018", 9, 9, 23, False, "fokusomraden", True),
        ("hasselby-vallingby-atgardsplan-2020", 10, 9, 22, True, "fokusomraden", True)]   # all but bosättningar
    assert read(demo, """SELECT p.name FROM priority_area_places ap JOIN places p USING (place_id)
                         WHERE ap.area_id LIKE 'hasselby-vallingby-atgardsplan-2020/riktat-arbete%'
                         ORDER BY p.name""") == [("Hässelby torg",), ("Vällingby centrum",)]
    # The handlingsplan's activities stay with their areas.
    assert read(demo, """SELECT count(*) FROM actions c JOIN priority_areas a USING (area_id)""") == [(37,)]
