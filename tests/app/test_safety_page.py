"""The Trygghet page: suppressed groups are '..' and never points; a series break is a gap."""
from __future__ import annotations

import base64
import json

import numpy as np

PAGE = "pages/safety.py"


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def values(array) -> list:
    """Plotly sends numeric arrays as typed binary ({"dtype", "bdata"}); lists as they are."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return array


def test_suppressed_group_is_dots_in_the_table_and_not_a_point(app_on, survey_db):
    at = app_on(survey_db, None, plats="sdo-hasselby-vallingby", enkat="stockholmsenkaten", fraga="burit_vapen")
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    traces = {t["name"]: t for t in chart(at)["data"]}
    area = traces["Hässelby-Vällingby"]
    # 2018.5: Stockholm's 2020 area change breaks the line; 2022: 8 respondents; 2024: XX in the source
    assert values(area["x"]) == [2018, 2018.5, 2020, 2022, 2024]
    assert area["y"] == [9.0, None, 7.5, None, None]
    assert "Stockholm" in traces                            # the kommun as reference
    table = at.dataframe[0].value
    rows = table[table["Plats"] == "Hässelby-Vällingby"].set_index("År")
    assert rows.loc["2022", "Värde"] == ".." and rows.loc["2022", "Anmärkning"] == "dolt: färre än 10 svarande"
    assert rows.loc["2024", "Värde"] == ".." and rows.loc["2024", "Anmärkning"] == "dolt i källan (XX)"
    assert rows.loc["2020", "Värde"] == "7,5\u00a0%" and rows.loc["2020", "95 % KI"] == "5,3–10,5"
    assert rows.loc["2020", "Förändring"] == "-1,5 sedan 2018 (procentenheter)"
    assert rows.loc["2020", "Säkerställd"] == "inte säkerställd"
    assert rows.loc["2020", "Mot referens"] == "+0,7 mot Stockholm"
    assert any("«..» = dolt: 2 värden" in c.value for c in at.caption)


def test_threshold_is_a_setting(app_on, survey_db):
    at = app_on(survey_db, None, plats="sdo-hasselby-vallingby", enkat="stockholmsenkaten", fraga="burit_vapen",
                secrets={"lagesbild": {"min_respondents": 5}})
    at.switch_page(PAGE).run()
    area = {t["name"]: t for t in chart(at)["data"]}["Hässelby-Vällingby"]
    assert area["y"] == [9.0, None, 7.5, 12.0, None]       # 8 respondents are enough with threshold 5


def test_series_break_is_a_gap_with_a_note(app_on, survey_db):
    at = app_on(survey_db, None, plats="kommun-0162", enkat="ntu", fraga="otrygghet_sen_kvall")
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    danderyd = {t["name"]: t for t in chart(at)["data"]}["Danderyd"]
    assert danderyd["y"] == [10.0, 11.0, None, 14.0, 13.0]  # no line from 2016 to 2017
    assert values(danderyd["x"]) == [2015, 2016, 2016.5, 2017, 2018]
    assert any(c.value.startswith("Serien bryts 2017: NTU bytte metod 2017") for c in at.caption)
    layout = chart(at)["layout"]
    assert "Lägre är bättre" in layout["title"]["text"]
    source = next(a["text"] for a in layout["annotations"] if a["text"].startswith("Källa:"))
    assert source == "Källa: Brå (Nationella trygghetsundersökningen (NTU)), befolkningen 16–84 år. Period: 2015–2018."


def test_page_without_surveys_explains(app_on, tmp_path):
    from lagesbild import db

    path = tmp_path / "empty.duckdb"
    db.ensure_database(path)
    at = app_on(path, PAGE)
    assert not at.exception
    assert any("inga enkätresultat" in i.value for i in at.info)
