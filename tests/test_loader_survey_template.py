"""loaders/survey_template.py: our long template for survey results (kind «enkat»).

Undersökning;År;Område;Årskurs;Kön;Indikator;Värde;Enhet;Antal svarande
"""
from __future__ import annotations

import pytest

from loaders.base import ImportRejected
from loaders.survey_template import SUPPRESSED

KIND = "enkat"
SURVEY_COLUMNS = ("survey, year, place_id, indicator_id, grade, gender, value, unit, n_respondents, flag,"
                  " source_label")
NARKOTIKA = "Har använt narkotika någon gång"


def test_suppressed_markers_and_their_flags():
    # The flag stored for each marker (lower-cased, spaces removed, before lookup).
    assert SUPPRESSED == {"..": "..", "xx": "XX", "x": "..", "": "..", "n<10": "n<10", "-": ".."}


def test_grade_and_gender_spellings_decimal_comma_and_suppressed_values(load, query):
    # Årskurs: åk 9, åk9, Årskurs 9, gy 2, Gymnasiet år 2, gy2, Alla, Totalt, (empty).
    # Kön: Flickor, Pojkar, Alla, Kvinnor, Män, Totalt, K, M, T.
    # Värde: 7,5; 9; 8,3; ..; XX; x; n<10; (empty); "12 %". Enhet: Andel (%), %, procent, andel, andel %.
    result = load(KIND, "enkat_arskurs_kon.csv")

    assert result.status == "ok", result.message
    assert result.kind == "enkat"
    assert result.notices == ["9 rader lästa (text (utf-8, semikolon)).",
                              "5 värden är dolda i källan (..) och sparas som saknade, inte som 0."]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results ORDER BY grade, gender") == [
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "ak9", "K", 7.5, "andel", 412, None, NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "ak9", "M", 9.0, "andel", 398, None, NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "ak9", "T", 8.3, "andel", 810, None, NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "alla", "K", None, "andel", None, "n<10",
         NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "alla", "M", None, "andel", None, "..",
         NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "alla", "T", 12.0, "andel", None, None,
         NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "gy2", "K", None, "andel", None, "..",
         NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "gy2", "M", None, "andel", None, "XX",
         NARKOTIKA),
        ("stockholmsenkaten", 2022, "kommun-0162", "narkotika_nagon_gang", "gy2", "T", None, "andel", None, "..",
         NARKOTIKA),
    ]


def test_reimport_same_file_and_same_values_in_other_spellings_change_nothing(load, query):
    first = load(KIND, "enkat_arskurs_kon.csv")
    same_file = load(KIND, "enkat_arskurs_kon.csv")
    # Enkät/Fråga/Svarande headers; åk. 9, ak9, Grundskolan åk 9, år 2, Gymnasiet åk 2, gy2, alla, -,
    # Alla; Flicka, Pojke, Båda, Kvinna, Man, -, k, m, t; 7.5, 9,0, 8.30, .., xx, -, N<10, X, 12;
    # «Danderyds kommun».
    other_spelling = load(KIND, "enkat_arskurs_kon_andra_stavningar.csv")

    assert first.status == "ok", first.message
    assert same_file.status == "unchanged"
    assert same_file.message.startswith("«enkat_arskurs_kon.csv» är redan importerad (import 1, ")
    assert other_spelling.status == "unchanged", other_spelling.message
    assert (other_spelling.added, other_spelling.replaced, other_spelling.unchanged) == (0, 0, 9)
    assert query("SELECT count(*) FROM import_log") == [(1,)]


def test_every_survey_spelling(load, query):
    # Three spellings of each survey (four for Stockholms stad); indicators by label or by id
    # («trygg_kvall»), «Oro för överfall/ misshandel» with Brå's space after the slash.
    result = load(KIND, "enkat_undersokningar.csv")

    assert result.status == "ok", result.message
    assert result.notices == [
        "18 rader lästa (text (utf-8, semikolon)).",
        "Nya enkätfrågor lades till: «Trygg på Mörby torg». Ange om högre värden är bättre eller sämre "
        "(tabellen survey_indicators), så visas riktningen i diagrammen.",
    ]
    assert query("SELECT survey, year, place_id, indicator_id, grade, gender, value, unit, n_respondents, flag"
                 " FROM survey_results ORDER BY survey, year") == [
        ("egen", 2023, "plats-morby-centrum", "trygg_pa_morby_torg", "alla", "T", 71.0, "andel", 150, None),
        ("egen", 2024, "plats-morby-centrum", "trygg_pa_morby_torg", "alla", "T", 74.0, "andel", 162, None),
        ("egen", 2025, "plats-morby-centrum", "trygg_pa_morby_torg", "alla", "T", 75.0, "andel", 170, None),
        ("medborgarundersokning", 2018, "kommun-0184", "nri_trygghet", "alla", "T", 58.0, "index_0_100", None, None),
        ("medborgarundersokning", 2020, "kommun-0184", "nri_trygghet", "alla", "T", 60.0, "index_0_100", None, None),
        ("medborgarundersokning", 2022, "kommun-0184", "nri_trygghet", "alla", "T", 61.0, "index_0_100", None, None),
        ("ntu", 2019, "lan-01", "otrygghet_sen_kvall", "alla", "T", 18.0, "andel", None, None),
        ("ntu", 2020, "lan-01", "otrygghet_sen_kvall", "alla", "T", 17.0, "andel", None, None),
        ("ntu", 2021, "lan-01", "oro_overfall", "alla", "T", 14.0, "andel", None, None),
        ("stockholmsenkaten", 2014, "kommun-0162", "narkotika_nagon_gang", "ak9", "T", 6.0, "andel", None, None),
        ("stockholmsenkaten", 2016, "kommun-0162", "narkotika_nagon_gang", "ak9", "T", 7.0, "andel", None, None),
        ("trygghetsmatning_polis", 2020, "kommun-0162", "otrygghetsindex", "alla", "T", 1.2, "index_0_6", None, None),
        ("trygghetsmatning_polis", 2021, "kommun-0162", "otrygghetsindex", "alla", "T", 1.1, "index_0_6", None, None),
        ("trygghetsmatning_polis", 2022, "kommun-0162", "otrygghetsindex", "alla", "T", 1.3, "index_0_6", None, None),
        ("trygghetsmatning_stad", 2015, "sdo-hasselby-vallingby", "trygg_kvall", "alla", "T", 61.0, "andel", None,
         None),
        ("trygghetsmatning_stad", 2017, "sdo-hasselby-vallingby", "trygg_kvall", "alla", "T", 63.0, "andel", None,
         None),
        ("trygghetsmatning_stad", 2019, "sdo-hasselby-vallingby", "trygg_kvall", "alla", "T", 64.5, "andel", None,
         None),
        ("trygghetsmatning_stad", 2021, "sdo-hasselby-vallingby", "trygg_kvall", "alla", "T", 66.0, "andel", None,
         None),
    ]
    # The label as the file wrote it is kept per row.
    assert query("SELECT DISTINCT source_label FROM survey_results WHERE survey = 'ntu' ORDER BY 1") == [
        ("Oro för överfall/ misshandel",), ("Otrygghet vid utevistelse sen kväll",)]


def test_every_unit_spelling_and_the_scale_limits(load, query):
    # andel, %, procent, Andel (%), andel %; index_0_6, index 0-6, Index (0–6) with 0 and 6;
    # index_0_100, index 0-100, Index (0-100), NRI with 0 and 100; medel_1_10, medel 1-10,
    # medelvärde 1-10, Medelvärde (1-10) with 1 and 10 (a new indicator of the own survey).
    result = load(KIND, "enkat_enheter.csv")

    assert result.status == "ok", result.message
    assert query("SELECT survey, year, indicator_id, value, unit FROM survey_results ORDER BY survey, year") == [
        ("egen", 2021, "betyg_pa_tryggheten_i_kommunen", 1.0, "medel_1_10"),
        ("egen", 2022, "betyg_pa_tryggheten_i_kommunen", 10.0, "medel_1_10"),
        ("egen", 2023, "betyg_pa_tryggheten_i_kommunen", 6.4, "medel_1_10"),
        ("egen", 2024, "betyg_pa_tryggheten_i_kommunen", 6.6, "medel_1_10"),
        ("medborgarundersokning", 2019, "nri_trygghet", 0.0, "index_0_100"),
        ("medborgarundersokning", 2020, "nri_trygghet", 100.0, "index_0_100"),
        ("medborgarundersokning", 2021, "nri_trygghet", 59.5, "index_0_100"),
        ("medborgarundersokning", 2022, "nri_trygghet", 61.0, "index_0_100"),
        ("ntu", 2014, "otrygghet_sen_kvall", 21.0, "andel"),
        ("ntu", 2015, "otrygghet_sen_kvall", 20.0, "andel"),
        ("ntu", 2016, "otrygghet_sen_kvall", 19.0, "andel"),
        ("ntu", 2017, "otrygghet_sen_kvall", 18.0, "andel"),
        ("ntu", 2018, "otrygghet_sen_kvall", 17.0, "andel"),
        ("trygghetsmatning_polis", 2020, "otrygghetsindex", 0.0, "index_0_6"),
        ("trygghetsmatning_polis", 2021, "otrygghetsindex", 6.0, "index_0_6"),
        ("trygghetsmatning_polis", 2022, "otrygghetsindex", 2.5, "index_0_6"),
    ]
    assert query("SELECT survey, indicator_id, label, unit, higher_is_better FROM survey_indicators"
                 " WHERE _import_id IS NOT NULL") == [
        ("egen", "betyg_pa_tryggheten_i_kommunen", "Betyg på tryggheten i kommunen", "medel_1_10", None)]


def test_values_units_surveys_and_respondents_out_of_range_are_rejected(load, db_sha256):
    # share 100,5 and -1; index 0–6 6,2; medel 1–10 0,5; index 0–100 101; respondents -4 and 12,5;
    # unit «promille»; survey «Skolenkäten»; value «ingen uppgift».
    before = db_sha256()
    result = load(KIND, "enkat_fel.csv")

    assert result.status == "rejected"
    assert result.message == "\n".join([
        "«enkat_fel.csv» importerades inte. Databasen är oförändrad.",
        "  - rad 8, kolumn «Undersökning»: fann «Skolenkäten», förväntade Stockholmsenkäten, Stockholms stads "
        "trygghetsmätning, Polisens trygghetsmätning, NTU, Medborgarundersökning eller Egen enkät.",
        "  - rad 7, kolumn «Enhet»: fann «promille», förväntade andel (%), index 0–6, index 0–100 eller medel "
        "1–10.",
        "  - rad 9, kolumn «Värde»: fann «ingen uppgift», förväntade ett tal (decimalkomma går bra) eller "
        "«..»/«XX» för dolda värden.",
        "  - rad 2, kolumn «Värde»: fann «100,5», förväntade en andel 0–100 (procent).",
        "  - rad 5, kolumn «Värde»: fann «-1», förväntade en andel 0–100 (procent).",
        "  - rad 3, kolumn «Värde»: fann «6,2», förväntade ett index 0–6.",
        "  - rad 6, kolumn «Värde»: fann «101», förväntade ett index 0–100.",
        "  - rad 4, kolumn «Värde»: fann «0,5», förväntade ett medelvärde 1–10.",
        "  - rad 4, kolumn «Antal svarande»: fann «-4», förväntade ett heltal ≥ 0 (eller tomt om antalet inte är "
        "känt).",
        "  - rad 5, kolumn «Antal svarande»: fann «12,5», förväntade ett heltal ≥ 0 (eller tomt om antalet inte "
        "är känt).",
    ])
    assert db_sha256() == before


def test_shipped_indicator_with_another_unit_is_rejected(load, db_sha256):
    before = db_sha256()
    result = load(KIND, "enkat_annan_enhet.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«enkat_annan_enhet.csv» importerades inte. Databasen är oförändrad.\n"
        "  - rad 2, kolumn «Enhet»: fann «index 0–6», förväntade «andel (%)» som indikatorn «Har använt narkotika "
        "någon gång» har.")
    assert db_sha256() == before


def test_unknown_indicator_is_added_with_a_notice_and_undo_removes_it(load, query, undo):
    result = load(KIND, "enkat_ny_indikator.csv")

    assert result.status == "ok", result.message
    assert result.notices == [
        "3 rader lästa (text (utf-8, semikolon)).",
        "Nya enkätfrågor lades till: «Oroar sig för att utsättas för brott». Ange om högre värden är bättre "
        "eller sämre (tabellen survey_indicators), så visas riktningen i diagrammen.",
    ]
    assert query("SELECT survey, indicator_id, label, unit, higher_is_better, sort_order, _import_id"
                 " FROM survey_indicators WHERE _import_id IS NOT NULL") == [
        ("trygghetsmatning_stad", "oroar_sig_for_att_utsattas_for_brott", "Oroar sig för att utsättas för brott",
         "andel", None, 1000, result.import_id)]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results ORDER BY indicator_id, gender") == [
        ("trygghetsmatning_stad", 2023, "sdo-hasselby-vallingby", "oroar_sig_for_att_utsattas_for_brott", "alla",
         "K", 31.0, "andel", None, None, "Oroar sig för att utsättas för brott"),
        ("trygghetsmatning_stad", 2023, "sdo-hasselby-vallingby", "oroar_sig_for_att_utsattas_for_brott", "alla",
         "M", 22.0, "andel", None, None, "Oroar sig för att utsättas för brott"),
        ("trygghetsmatning_stad", 2023, "sdo-hasselby-vallingby", "trygg_kvall", "alla", "T", 67.0, "andel", None,
         None, "Känner sig trygg ute sent en kväll i bostadsområdet"),
    ]

    message = undo(result.import_id)

    assert message.startswith(f"Import {result.import_id} («enkat_ny_indikator.csv») är ångrad: 3 rader borttagna")
    assert query("SELECT count(*) FROM survey_results") == [(0,)]
    assert query("SELECT count(*) FROM survey_indicators WHERE _import_id IS NOT NULL") == [(0,)]
    # The shipped indicator it also used stays.
    assert query("SELECT count(*) FROM survey_indicators WHERE indicator_id = 'trygg_kvall'") == [(2,)]


def test_places_import_cannot_be_undone_while_survey_results_use_its_place(load, query, undo):
    places = load("platser", "platser_rinkeby_torg.csv")
    survey = load(KIND, "enkat_rinkebytorget.csv")
    assert survey.status == "ok", survey.message

    with pytest.raises(ImportRejected) as refused:
        undo(places.import_id)

    assert refused.value.problems == [
        "platserna används av annan data och kan inte tas bort: Rinkeby torg. Ångra först de importer "
        "som använder dem."]
    assert query("SELECT place_id, value FROM survey_results") == [("plats-rinkeby-torg", 48.0)]
