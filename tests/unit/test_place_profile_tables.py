"""The place profile's tables (Platser): lineage, crime per category with rates only where there are
residents and a reference, the latest survey results, and the activities that name the place."""
from __future__ import annotations

import pandas as pd

from lagesbild import fmt, tables


def lineage(*rows):
    return pd.DataFrame([{"place_id": p, "name": n, "level": lv, "depth": i} for i, (p, n, lv) in enumerate(rows)])


def test_lineage_text_up_to_the_kommun():
    torg = lineage(("plats-hasselby-torg", "Hässelby torg", "plats"),
                   ("stadsdel-hasselby-gard", "Hässelby gård", "stadsdel"),
                   ("sdo-hasselby-vallingby", "Hässelby-Vällingby", "stadsdelsomrade"),
                   ("kommun-0180", "Stockholm", "kommun"), ("lan-01", "Stockholms län", "lan"), ("riket", "Riket", "riket"))
    assert tables.lineage_text(torg) == "Hässelby torg · Hässelby gård · Hässelby-Vällingby · Stockholm"
    # A kommun is followed by its län; the kommundel named as its kommun is said once.
    assert tables.lineage_text(torg.iloc[3:]) == "Stockholm · Stockholms län"
    morby = lineage(("plats-morby-centrum", "Mörby centrum", "plats"), ("stadsdel-danderyd", "Danderyd", "stadsdel"),
                    ("kommun-0162", "Danderyd", "kommun"), ("lan-01", "Stockholms län", "lan"),
                    ("riket", "Riket", "riket"))
    assert tables.lineage_text(morby) == "Mörby centrum · Danderyd"
    assert tables.lineage_text(torg.iloc[5:]) == "Riket"


def yearly(counts, rates, category="skadegorelse", label="Skadegörelse (12 kap.)", years=(2024, 2025), **extra):
    return pd.DataFrame({"category_id": category, "label": label, "year": list(years), "count": list(counts),
                         "rate_per_100k": list(rates), "source": "lokal", "is_demo": False, **extra})


def test_place_crime_table_torg_shows_counts_never_rates():
    frame = yearly((97, 101), (None, None))
    refs = pd.concat([
        yearly((1192, 1110), (1480.0, 1427.0)).assign(name="Hässelby-Vällingby", depth=2),
        yearly((15000, 15500), (2000.0, 2035.0)).assign(name="Stockholm", depth=3),
    ])
    table = tables.place_crime_table(frame, refs, rates=False)
    assert table.to_dict("records") == [{
        "Kategori": "Skadegörelse (12 kap.)", "År": "2025", "Antal": "101", "Året innan": "97", "Förändring": "+4",
        "Säkerställd": "inte säkerställd", "Per 100 000 inv.": "–",
        "Referens per 100 000 inv.": "1\u00a0427 (Hässelby-Vällingby)"}]


def test_place_crime_table_rate_with_count_and_reference_of_the_same_year():
    frame = pd.concat([yearly((2500, 2600), (7440.0, 7740.0), "totalt", "Totalt antal brott"),
                       yearly((40, 44), (None, None), "bostadsinbrott", "Bostadsinbrott")])
    # The län has no 2025 burglary rate: no reference rather than another year's.
    refs = pd.concat([yearly((380000, 390000), (15400.0, 15093.0), "totalt", "Totalt antal brott"),
                      yearly((900,), (110.0,), "bostadsinbrott", "Bostadsinbrott", years=(2024,))]).assign(
        name="Stockholms län", depth=1)
    table = tables.place_crime_table(frame, refs)
    assert table[["Kategori", "Antal", "Per 100 000 inv.", "Referens per 100 000 inv."]].values.tolist() == [
        ["Totalt antal brott", "2\u00a0600", "7\u00a0740", "15\u00a0093 (Stockholms län)"],
        ["Bostadsinbrott", "44", "–", fmt.MISSING]]
    assert tables.place_crime_table(frame, None)["Referens per 100 000 inv."].tolist() == [fmt.MISSING] * 2
    assert tables.place_crime_table(frame.iloc[0:0], None).empty


def test_place_survey_table_hidden_values_say_why():
    frame = pd.DataFrame([
        {"survey_label": "Polisens trygghetsmätning", "publisher": "Polisen",
         "label": "Känner sig trygg ute sent en kväll",
         "unit": "andel", "higher_is_better": True, "place_name": "Stockholm", "year": 2024, "grade": "alla",
         "value": 70.5, "suppressed": None, "n_respondents": 950},
        {"survey_label": "Stockholmsenkäten", "publisher": "Stockholms stad", "label": "Känner sig otrygg ute",
         "unit": "andel", "higher_is_better": False, "place_name": "Hässelby-Vällingby", "year": 2023, "grade": "ak9",
         "value": None, "suppressed": "n<10", "n_respondents": 8},
    ])
    table = tables.place_survey_table(frame, 10)
    assert table["Värde"].tolist() == ["70,5\u00a0%", ".."]
    assert table["Om värdet"].iloc[0] == ("Stockholm 2024, 950 svarande. Högre är bättre. "
                                          "Källa: Polisen (Polisens trygghetsmätning).")
    assert "Hässelby-Vällingby 2023, åk 9, 8 svarande, dolt: färre än 10 svarande." in table["Om värdet"].iloc[1]
    empty = tables.place_survey_table(frame.iloc[0:0], 10)
    assert list(empty.columns) == ["Undersökning", "Fråga", "Värde", "Om värdet"]


def test_place_actions_table():
    frame = pd.DataFrame([
        {"area_name": "Minska inbrott", "activity": "Kameror vid Mörby Centrum", "responsible": "KLK",
         "due_text": "2017 -12-31, löpande", "due_date": pd.Timestamp("2017-12-31"), "ongoing": True,
         "status": "genomford", "status_text": "Klart", "listed": False},
        {"area_name": "Trygghet", "activity": "Trygghetsvandring", "responsible": None, "due_text": None,
         "due_date": pd.Timestamp("2018-06-30"), "ongoing": False, "status": None, "status_text": float("nan"),
         "listed": True},
        {"area_name": "Unga", "activity": "Fältassistenter", "responsible": "SOC", "due_text": None,
         "due_date": pd.NaT, "ongoing": True, "status": None, "status_text": "delvis", "listed": True},
        {"area_name": "Ordning", "activity": None, "responsible": None, "due_text": None, "due_date": pd.NaT,
         "ongoing": False, "status": None, "status_text": None, "listed": True},
    ])
    table = tables.place_actions_table(frame)
    assert table.values.tolist() == [
        ["Minska inbrott", "Kameror vid Mörby Centrum", "KLK", "2017 -12-31, löpande", "Genomförd",
         "platsen nämns i texten"],
        ["Trygghet", "Trygghetsvandring", "", "2018-06-30", "..", "fokusområdet gäller platsen"],
        ["Unga", "Fältassistenter", "SOC", "löpande", "delvis", "fokusområdet gäller platsen"],
        ["Ordning", "(inga aktiviteter i planen)", "", "", "", "fokusområdet gäller platsen"],
    ]
