"""loaders/ntu_table.py: Brå's NTU regional tables (Excel, CSV, text copied from the web page)."""
from __future__ import annotations

import pytest

from loaders.base import SourceFile
from loaders.ntu_table import is_header
from loaders.registry import detect
from tests.conftest import fixture_path

KIND = "ntu-tabell"
SURVEY_COLUMNS = ("survey, year, place_id, indicator_id, grade, gender, value, unit, n_respondents, flag,"
                  " source_label")
ORDER = " ORDER BY place_id, indicator_id"

OTR = "Otrygghet vid utevistelse sen kväll"
SAM = "Oro över brottsligheten i samhället"
NAR = "Oro för närstående"
INB = "Oro för bostadsinbrott"
OVE = "Oro för överfall/ misshandel"
BIL = "Oro för bilbrott"


def _row(year, place, indicator, value, label, flag=None):
    return ("ntu", year, place, indicator, "alla", "T", value, "andel", None, flag, label)


# Tabell 4 2023: HELA RIKET, Stockholms län, Huddinge (Oro för bilbrott XX), Stockholm (16,4 as text).
TABELL_4_2023 = [
    _row(2023, "kommun-0126", "oro_bilbrott", None, BIL, "XX"),
    _row(2023, "kommun-0126", "oro_bostadsinbrott", 20.0, INB),
    _row(2023, "kommun-0126", "oro_narstaende", 35.0, NAR),
    _row(2023, "kommun-0126", "oro_overfall", 15.0, OVE),
    _row(2023, "kommun-0126", "oro_samhallet", 24.0, SAM),
    _row(2023, "kommun-0126", "otrygghet_sen_kvall", 18.0, OTR),
    _row(2023, "kommun-0180", "oro_bilbrott", 16.0, BIL),
    _row(2023, "kommun-0180", "oro_bostadsinbrott", 14.0, INB),
    _row(2023, "kommun-0180", "oro_narstaende", 26.0, NAR),
    _row(2023, "kommun-0180", "oro_overfall", 15.0, OVE),
    _row(2023, "kommun-0180", "oro_samhallet", 18.0, SAM),
    _row(2023, "kommun-0180", "otrygghet_sen_kvall", 16.4, OTR),
    _row(2023, "lan-01", "oro_bilbrott", 15.0, BIL),
    _row(2023, "lan-01", "oro_bostadsinbrott", 15.0, INB),
    _row(2023, "lan-01", "oro_narstaende", 28.0, NAR),
    _row(2023, "lan-01", "oro_overfall", 14.0, OVE),
    _row(2023, "lan-01", "oro_samhallet", 20.0, SAM),
    _row(2023, "lan-01", "otrygghet_sen_kvall", 16.0, OTR),
    _row(2023, "riket", "oro_bilbrott", 14.0, BIL),
    _row(2023, "riket", "oro_bostadsinbrott", 15.0, INB),
    _row(2023, "riket", "oro_narstaende", 28.0, NAR),
    _row(2023, "riket", "oro_overfall", 12.0, OVE),
    _row(2023, "riket", "oro_samhallet", 22.0, SAM),
    _row(2023, "riket", "otrygghet_sen_kvall", 15.3, OTR),
]


def test_ntu_excel_table_with_title_xx_and_notes(load, query):
    # Merged title row with the year, blank row, header (row 3), four areas, blank row, three note
    # rows (the first merged across the table).
    result = load(KIND, "ntu_regionala_resultat.xlsx")

    assert result.status == "ok", result.message
    assert result.kind == "ntu-tabell"  # detected from the content
    assert result.notices == [
        "År 2023 (från tabellens rubrik, rad 1); 24 värden lästa för 4 områden och 6 indikatorer "
        "(Excel, blad «Tabell 4»).",
        "1 värden är dolda i källan (1 «XX» = för få svar) och sparas som saknade, inte som 0.",
        "3 rader med noter under tabellen hoppades över (rad 9, 10, 11).",
    ]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results" + ORDER) == TABELL_4_2023
    # Every column is a shipped NTU indicator ("överfall/ misshandel" included): nothing added.
    assert query("SELECT count(*) FROM survey_indicators WHERE _import_id IS NOT NULL") == [(0,)]


def test_ntu_csv_variant_gives_the_same_rows(load, query):
    # UTF-8 with BOM, CRLF, semicolons, empty first header cell, decimal comma, trailing ';;;'.
    result = load(KIND, "ntu_regionala_resultat.csv")

    assert result.status == "ok", result.message
    assert result.kind == "ntu-tabell"
    assert result.notices == [
        "År 2023 (från tabellens rubrik, rad 1); 24 värden lästa för 4 områden och 6 indikatorer "
        "(text (utf-8-sig, semikolon)).",
        "1 värden är dolda i källan (1 «XX» = för få svar) och sparas som saknade, inte som 0.",
        "3 rader med noter under tabellen hoppades över (rad 8, 9, 10).",
    ]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results" + ORDER) == TABELL_4_2023


def test_ntu_excel_then_csv_of_the_same_table_is_unchanged(load, query):
    first = load(KIND, "ntu_regionala_resultat.xlsx")
    second = load(KIND, "ntu_regionala_resultat.csv")

    assert first.status == "ok", first.message
    assert second.status == "unchanged", second.message
    assert (second.added, second.replaced, second.unchanged) == (0, 0, 24)
    assert query("SELECT count(*), count(DISTINCT _import_id) FROM survey_results") == [(24, 1)]


def test_ntu_text_from_web_page_year_in_file_name_and_new_indicator(load, query, undo):
    # Tab separated, no title; "Kommuner" with no values inside the table; ".."; "11,0 %";
    # a column NTU's shipped indicators do not have ("Oro för cykelstöld").
    result = load(KIND, "ntu_webbsida_2022.txt")

    assert result.status == "ok", result.message
    assert result.kind == "ntu-tabell"
    assert result.notices == [
        "År 2022 (från filnamnet); 9 värden lästa för 3 områden och 3 indikatorer (text (utf-8, tabb)).",
        "1 värden är dolda i källan (1 «..») och sparas som saknade, inte som 0.",
        "Rader utan värden inne i tabellen hoppades över: rad 3 («Kommuner»).",
        "1 rader med noter under tabellen hoppades över (rad 6).",
        "Nya enkätfrågor lades till: «Oro för cykelstöld». Ange om högre värden är bättre eller sämre "
        "(tabellen survey_indicators), så visas riktningen i diagrammen.",
    ]
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results" + ORDER) == [
        _row(2022, "kommun-0162", "oro_bostadsinbrott", None, INB, ".."),
        _row(2022, "kommun-0162", "oro_for_cykelstold", 6.0, "Oro för cykelstöld"),
        _row(2022, "kommun-0162", "otrygghet_sen_kvall", 7.5, OTR),
        _row(2022, "kommun-0184", "oro_bostadsinbrott", 16.5, INB),
        _row(2022, "kommun-0184", "oro_for_cykelstold", 11.0, "Oro för cykelstöld"),
        _row(2022, "kommun-0184", "otrygghet_sen_kvall", 13.0, OTR),
        _row(2022, "riket", "oro_bostadsinbrott", 15.2, INB),
        _row(2022, "riket", "oro_for_cykelstold", 9.1, "Oro för cykelstöld"),
        _row(2022, "riket", "otrygghet_sen_kvall", 14.8, OTR),
    ]
    assert query("SELECT survey, indicator_id, label, unit, higher_is_better, _import_id FROM survey_indicators"
                 " WHERE _import_id IS NOT NULL") == [
        ("ntu", "oro_for_cykelstold", "Oro för cykelstöld", "andel", None, result.import_id)]

    undo(result.import_id)

    assert query("SELECT count(*) FROM survey_results") == [(0,)]
    assert query("SELECT count(*) FROM survey_indicators WHERE indicator_id = 'oro_for_cykelstold'") == [(0,)]


def test_ntu_value_outside_0_100_is_rejected_naming_the_cell(load, query, db_sha256):
    before = db_sha256()
    result = load(KIND, "ntu_varde_utanfor.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«ntu_varde_utanfor.csv» importerades inte. Databasen är oförändrad.\n"
        "  - rad 4, kolumn «Otrygghet vid utevistelse sen kväll»: fann «120», förväntade en andel 0–100 "
        "(procent) för «Danderyd».\n"
        "  - rad 5, kolumn «Otrygghet vid utevistelse sen kväll»: fann «-3», förväntade en andel 0–100 "
        "(procent) för «Solna».\n"
        "  - rad 5, kolumn «Oro för bilbrott»: fann «abc», förväntade ett tal 0–100 (procent, decimalkomma "
        "går bra), «XX» (för få svar) eller «..».")
    assert db_sha256() == before


def test_ntu_without_year_is_rejected(load, db_sha256):
    before = db_sha256()
    result = load(KIND, "ntu_utan_ar.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«ntu_utan_ar.csv» importerades inte. Databasen är oförändrad.\n"
        "  - året framgår varken av tabellens rubrik eller av filnamnet. Ange det med --year (t.ex. "
        "--year 2023), eller behåll Brås rubrikrad ovanför tabellen («… regionala resultat 2023»).")
    assert db_sha256() == before


def test_ntu_year_option_supplies_a_missing_year(load, query):
    result = load(KIND, "ntu_utan_ar.csv", options={"year": 2021})

    assert result.status == "ok", result.message
    assert result.notices[0] == ("År 2021 (från --year); 4 värden lästa för 2 områden och 2 indikatorer "
                                 "(text (utf-8, semikolon)).")
    assert query(f"SELECT {SURVEY_COLUMNS} FROM survey_results" + ORDER) == [
        _row(2021, "kommun-0162", "oro_bilbrott", 8.0, BIL),
        _row(2021, "kommun-0162", "otrygghet_sen_kvall", 9.0, OTR),
        _row(2021, "riket", "oro_bilbrott", 14.0, BIL),
        _row(2021, "riket", "otrygghet_sen_kvall", 15.0, OTR),
    ]


def test_ntu_year_option_over_title_says_so(load, query):
    result = load(KIND, "ntu_regionala_resultat.xlsx", options={"year": 2022})

    assert result.status == "ok", result.message
    assert result.notices[0] == ("År 2022 (från --year); OBS: tabellens rubrik anger 2023; 24 värden lästa för "
                                 "4 områden och 6 indikatorer (Excel, blad «Tabell 4»).")
    assert query("SELECT DISTINCT year FROM survey_results") == [(2022,)]


@pytest.mark.parametrize("name", ["ntu_regionala_resultat.xlsx", "ntu_regionala_resultat.csv",
                                  "ntu_webbsida_2022.txt", "ntu_utan_ar.csv"])
def test_ntu_files_are_detected(name):
    assert detect(SourceFile.from_path(fixture_path(KIND, name))).kind == "ntu-tabell"


@pytest.mark.parametrize("cells, expected", [
    (["Område", OTR, SAM], True),
    (["", OTR, BIL], True),
    (["", "Oro för överfall/misshandel"], True),          # known, whatever the slash spacing
    (["Område", "Oro för cykelstöld"], True),             # begins like an NTU indicator
    (["", "Otrygghet och oro för brott, regionala resultat 2023"], False),  # a title in column B
    (["", "Oro för cykelstöld"], False),                  # one unknown column after an empty cell
    (["Kommun", OTR], False),
    (["Område", "År", "Indikator"], False),
    ([OTR], False),
])
def test_ntu_header_test(cells, expected):
    assert is_header(cells) is expected


def test_ntu_excel_merged_cells_inside_the_table_are_rejected(load, db_sha256):
    # Notes under a table may be merged (Brå does so); cells inside it may not.
    before = db_sha256()
    result = load(KIND, "ntu_sammanfogade_celler.xlsx")

    assert result.status == "rejected"
    assert result.message == (
        "«ntu_sammanfogade_celler.xlsx» importerades inte. Databasen är oförändrad.\n"
        "  - rad 4, kolumn «Otrygghet vid utevistelse sen kväll»: fann «sammanfogade celler B4:B5», förväntade "
        "ett värde i varje cell; dela upp sammanfogningen och skriv värdet på varje rad.")
    assert db_sha256() == before


@pytest.mark.parametrize("kind_dir, name", [("ntu-tabell", "ntu_regionala_resultat.xlsx"),
                                            ("kolada", "kolada_enkat_v3.json")])
def test_preview_of_files_with_several_rows_per_file_row(db_path, kind_dir, name):
    from loaders.preview import preview_file

    preview = preview_file(SourceFile.from_path(fixture_path(kind_dir, name)), db_path)

    assert preview.status == "ok", preview.message
    assert preview.total_rows in (24, 4)
