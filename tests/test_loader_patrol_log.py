"""loaders/patrol_log.py: patrol and walk logs (kind «patrullogg»), as guard companies, walking groups
and the police keep them: Datum, Start, Slut (or a length), Plats, who did it, and free-text notes.

Masking itself is tested in tests/unit/test_privacy.py; here only that it happens end to end.
"""
from __future__ import annotations

import datetime as dt

import pytest

from loaders.base import SourceFile
from loaders.preview import candidate_kinds, preview_file
from tests.conftest import FIXTURES, fixture_path

KIND = "patrullogg"
PATROL_COLUMNS = ("kind, organisation, kind_label, place_id, location_name, started_at, ended_at, participants,"
                  " notes")
OBS_COLUMNS = "obs_youths, obs_intoxicated, obs_vandalism, obs_fires, obs_fights, obs_police_contacted"
MORBY = ("plats-morby-centrum", "Mörby centrum")
SECURITAS = ("vaktare", "Securitas", "Securitas")
NATTVANDRARE = ("nattvandring", "Nattvandrare", "Nattvandrare")
TIME_EXPECTED = "ett klockslag som 21:30, 21.30, 2130 eller kl. 21.30"
DATE_EXPECTED = "ett datum som 2025-09-05, 5/9/2025, 5.9.2025 eller 5 sep 2025 (år 1990–nu)"


def at(day: int, hour: int, minute: int = 0, month: int = 9) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute)


def patrols(query, columns: str = PATROL_COLUMNS) -> list[tuple]:
    return query(f"SELECT {columns} FROM patrols ORDER BY started_at, organisation")


def rejected(file_name: str, *problems: str) -> str:
    return "\n".join([f"«{file_name}» importerades inte. Databasen är oförändrad."] + [f"  - {p}" for p in problems])


# --- detection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((FIXTURES / KIND).iterdir()), ids=lambda p: p.name)
def test_every_fixture_is_a_patrol_log_and_nothing_else(path):
    assert candidate_kinds(SourceFile.from_path(path)) == [KIND]


# --- header spellings --------------------------------------------------------------------------

def test_header_start_slut_plats_utforare_antal_iakttagelser_and_unknown_columns_listed(load, query):
    # Datum;Start;Slut;Plats;Utförare;Antal;Iakttagelser, plus «Väder» and «Signatur» we do not read.
    result = load(KIND, "patrullogg_rubriker_start_slut_plats_utforare.csv")

    assert result.status == "ok", result.message
    assert result.kind == KIND
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon)).",
                              "Kolumner som inte lästes: «Väder», «Signatur»."]
    assert patrols(query) == [
        (*SECURITAS, *MORBY, at(5, 21, 30), at(5, 23, 30), 2, "Lugnt vid busshållplatsen"),
        ("polis", "Kommunpolis", "Kommunpolis", "plats-hasselby-torg", "Hässelby torg", at(6, 22), at(6, 23), 3,
         "Grupp ungdomar vid torget"),
    ]
    # What the unread columns held is stored nowhere.
    assert query("SELECT count(*) FROM patrols WHERE notes LIKE '%Regn%' OR notes LIKE '%AK%'") == [(0,)]


def test_header_starttid_sluttid_omrade_typ_antal_personer_anteckningar(load, query):
    # «Vällingby C» is a place alias: the place as written is kept in location_name.
    result = load(KIND, "patrullogg_rubriker_starttid_sluttid_omrade_typ.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon))."]
    assert patrols(query) == [
        ("polis", "Polisen", "Polisen", "plats-vallingby-centrum", "Vällingby centrum", at(5, 19), at(5, 21), 2,
         "Kontroll vid SL-hallen"),
        ("faltassistent", "Fältassistenter", "Fältassistenter", "plats-vallingby-centrum", "Vällingby C", at(6, 20),
         at(6, 22), 3, "Samtal med ungdomar"),
    ]


def test_header_fran_till_adress_organisation_antal_deltagare_kommentar(load, query):
    result = load(KIND, "patrullogg_rubriker_fran_till_adress_organisation.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon))."]
    assert patrols(query) == [
        ("nattvandring", "Nattvandrarna", "Nattvandrarna", "plats-alvsjo-centrum", "Älvsjö centrum", at(5, 20),
         at(5, 23), 6, "Lugnt"),
        ("nattvandring", "Nattvandrarna", "Nattvandrarna", "plats-alvsjo-centrum", "Älvsjö C", at(6, 20), at(6, 23),
         5, "Glaskross vid stationen"),
    ]


def test_header_tid_fran_tid_till_aktor_deltagare_handelser(load, query):
    # An empty Händelser cell is stored as NULL.
    result = load(KIND, "patrullogg_rubriker_tid_fran_tid_till_aktor.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon))."]
    assert patrols(query) == [
        ("vaktare", "Avarn", "Avarn", "plats-danderyds-sjukhus", "Danderyds sjukhus", at(5, 21), at(5, 23), 2,
         "Bilinbrott på parkeringen"),
        ("vaktare", "Avarn", "Avarn", "plats-hortusparkeringen", "Hortus", at(6, 21), at(6, 23), 2, None),
    ]


def test_typ_gives_the_kind_and_utforare_the_organisation_else_the_typ_text(load, query):
    result = load(KIND, "patrullogg_typ_och_utforare.csv")

    assert result.status == "ok", result.message
    assert patrols(query) == [
        ("ordningsvakt", "Kommunala ordningsvakter Stockholm", "Ordningsvakt", "plats-vallingby-centrum",
         "Vällingby centrum", at(5, 21, 30), at(5, 23, 30), None, None),
        ("ordningsvakt", "Ordningsvakt", "Ordningsvakt", "plats-vallingby-centrum", "Vällingby centrum",
         at(6, 21, 30), at(6, 23, 30), None, None),
    ]


# --- dates and times ---------------------------------------------------------------------------

def test_date_formats_iso_slash_dot_and_month_name_are_day_first(load, query):
    # 2025-09-05, 6/9/2025, 7.9.2025, 8 sep 2025 (a month-first reading would give June and July).
    result = load(KIND, "patrullogg_datumformat.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["4 pass lästa (text (utf-8, semikolon))."]
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(5, 23, 30)), (at(6, 21, 30), at(6, 23, 30)),
        (at(7, 21, 30), at(7, 23, 30)), (at(8, 21, 30), at(8, 23, 30)),
    ]


def test_time_formats_colon_dot_compact_and_kl(load, query):
    # 21:30–23:45, 21.30–23.45, 2130–2345, kl. 21.30–kl. 23.45.
    result = load(KIND, "patrullogg_tidsformat.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["4 pass lästa (text (utf-8, semikolon))."]
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(5, 23, 45)), (at(6, 21, 30), at(6, 23, 45)),
        (at(7, 21, 30), at(7, 23, 45)), (at(8, 21, 30), at(8, 23, 45)),
    ]


def test_excel_date_and_time_cells_below_two_title_rows(load, query):
    # Rows 1–2 are titles, row 3 empty, the header is row 4; the cells are real Excel dates and times.
    from openpyxl import load_workbook

    path = fixture_path(KIND, "patrullogg_excel_titel_datum_tid.xlsx")
    sheet = load_workbook(path)["Rondering"]
    assert (sheet["A5"].value, sheet["B5"].value, sheet["C6"].value) == (
        dt.datetime(2025, 9, 5), dt.time(21, 30), dt.time(2, 15))

    result = load(KIND, "patrullogg_excel_titel_datum_tid.xlsx")

    assert result.status == "ok", result.message
    assert result.kind == KIND
    assert result.notices == ["2 pass lästa (Excel, blad «Rondering»).",
                              "1 pass slutar efter midnatt och räknas till nästa dag."]
    assert patrols(query) == [
        ("vaktare", "Avarn Security", "Avarn Security", *MORBY, at(5, 21, 30), at(5, 23, 45), 2, None),
        ("vaktare", "Avarn Security", "Avarn Security", *MORBY, at(6, 22), at(7, 2, 15), 2, None),
    ]


def test_end_before_start_is_the_next_day(load, query):
    # 21:30–01:15, 22.00–0.30 (half past midnight, not a day fraction), 18:00–22:00.
    result = load(KIND, "patrullogg_over_midnatt.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["3 pass lästa (text (utf-8, semikolon)).",
                              "2 pass slutar efter midnatt och räknas till nästa dag."]
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(6, 1, 15)), (at(6, 22), at(7, 0, 30)), (at(7, 18), at(7, 22)),
    ]


def test_00_00_to_24_00_is_a_whole_day(load, query):
    result = load(KIND, "patrullogg_dygn_0000_2400.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["1 pass lästa (text (utf-8, semikolon)).",
                              "1 pass slutar efter midnatt och räknas till nästa dag."]
    assert query("SELECT started_at, ended_at FROM patrols") == [(at(5, 0), at(6, 0))]


def test_end_equal_to_start_is_rejected(load, query):
    # 22.00 and «kl. 22.00» on row 3.
    result = load(KIND, "patrullogg_lika_start_slut.csv")

    assert result.status == "rejected"
    assert result.message == rejected(
        "patrullogg_lika_start_slut.csv",
        "rad 3, kolumn «Slut»: fann «22:00», förväntade en sluttid som inte är samma som starttiden.")
    assert query("SELECT count(*) FROM patrols") == [(0,)]


def test_empty_end_without_a_duration_column_is_rejected(load, query):
    result = load(KIND, "patrullogg_utan_sluttid.csv")

    assert result.status == "rejected"
    assert result.message == rejected(
        "patrullogg_utan_sluttid.csv", f"rad 3, kolumn «Slut»: fann «(tomt)», förväntade {TIME_EXPECTED}.")
    assert query("SELECT count(*) FROM patrols") == [(0,)]


# --- durations instead of an end ---------------------------------------------------------------

def test_tid_min_column_gives_the_end(load, query):
    # No end column: 21:30 + 90 min, 23:00 + 150 min.
    result = load(KIND, "patrullogg_tid_min.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon)).",
                              "1 pass slutar efter midnatt och räknas till nästa dag."]
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(5, 23)), (at(6, 23), at(7, 1, 30))]


def test_timmar_column_gives_the_end(load, query):
    # 21:30 + 2,5 h, 20:00 + 3 h.
    result = load(KIND, "patrullogg_timmar.csv")

    assert result.status == "ok", result.message
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(6, 0)), (at(6, 20), at(6, 23))]


def test_langd_with_clock_and_minutes_gives_the_end_where_slut_is_empty(load, query):
    # Slut empty with Längd 2:30 and «150 min»; the third row has a Slut and no Längd.
    result = load(KIND, "patrullogg_langd.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["3 pass lästa (text (utf-8, semikolon)).",
                              "2 pass slutar efter midnatt och räknas till nästa dag."]
    assert query("SELECT started_at, ended_at FROM patrols ORDER BY started_at") == [
        (at(5, 21, 30), at(6, 0)), (at(6, 21, 30), at(7, 0)), (at(7, 21, 30), at(7, 23))]


def test_bare_number_in_unitless_langd_is_rejected(load, query):
    # «150» in «Längd»: minutes or hours? Only this cell is reported (not also the empty Slut beside it).
    result = load(KIND, "patrullogg_langd_utan_enhet.csv")

    assert result.status == "rejected"
    assert result.message == rejected(
        "patrullogg_langd_utan_enhet.csv",
        "rad 3, kolumn «Längd»: fann «150», förväntade en längd som 2:30, 150 min, 2,5 h eller 1 h 30 min; ett "
        "tal utan enhet räcker när kolumnen heter t.ex. «Tid (min)» eller «Timmar», högst 24 timmar.")
    assert query("SELECT count(*) FROM patrols") == [(0,)]


def test_empty_slut_and_empty_langd_is_rejected(load, query):
    result = load(KIND, "patrullogg_slut_och_langd_tomma.csv")

    assert result.status == "rejected"
    assert result.message == rejected(
        "patrullogg_slut_och_langd_tomma.csv",
        "rad 3, kolumn «Slut»: fann «(tomt)», förväntade en sluttid eller en längd i kolumnen «Längd».")
    assert query("SELECT count(*) FROM patrols") == [(0,)]


def test_empty_duration_without_an_end_column_is_rejected(load, query):
    result = load(KIND, "patrullogg_tid_min_tom.csv")

    assert result.status == "rejected"
    assert result.message == rejected(
        "patrullogg_tid_min_tom.csv",
        "rad 3, kolumn «Tid (min)»: fann «(tomt)», förväntade en längd, eftersom filen inte har någon kolumn för "
        "sluttid.")
    assert query("SELECT count(*) FROM patrols") == [(0,)]


# --- who did it --------------------------------------------------------------------------------

def test_kind_from_free_text_in_utforare(load, query):
    # One row per spelling, 1–10 September; «Securitas Sverige AB» contains a known spelling.
    result = load(KIND, "patrullogg_utforare_fritext.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["10 pass lästa (text (utf-8, semikolon))."]
    assert query("SELECT organisation, kind, kind_label = organisation FROM patrols ORDER BY started_at") == [
        ("Polisen", "polis", True),
        ("Kommunpolis", "polis", True),
        ("Väktare", "vaktare", True),
        ("Securitas", "vaktare", True),
        ("Ordningsvakt", "ordningsvakt", True),
        ("Föräldravandring", "foraldravandring", True),
        ("Nattvandrare", "nattvandring", True),
        ("Fältassistenter", "faltassistent", True),
        ("Grannsamverkansbilen", "grannsamverkan", True),
        ("Securitas Sverige AB", "vaktare", True),
    ]
    # Reading them added no spellings.
    assert query("SELECT count(*) FROM patrol_kind_aliases WHERE _import_id IS NOT NULL") == [(0,)]


def test_kind_from_the_title_above_the_header(load, query):
    # «Föräldravandringar i Danderyd hösten 2025;;;;», an empty line, then a header without a kind column.
    result = load(KIND, "patrullogg_titel_foraldravandringar.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon))."]
    title = "Föräldravandringar i Danderyd hösten 2025"
    assert patrols(query) == [
        # The organisation is the kind's label (not the title, which changes from sheet to sheet).
        ("foraldravandring", "Föräldravandring", title, *MORBY, at(5, 21), at(5, 23, 30), 4, None),
        ("foraldravandring", "Föräldravandring", title, "plats-danderyds-sjukhus", "Danderyds sjukhus", at(12, 21),
         at(12, 23, 30), 3, None),
    ]


def test_unknown_kind_is_rejected_then_saved_as_a_new_spelling_used_later_and_removed_by_undo(
        load, query, undo, db_path):
    # «Grannstödsbilen» on rows 2 and 4 matches no shipped spelling (row 3 is Securitas).
    unknown = SourceFile.from_path(fixture_path(KIND, "patrullogg_okand_utforare.csv"))
    preview = preview_file(unknown, db_path)

    assert preview.status == "rejected"
    assert preview.unknown_kinds == [{"text": "Grannstödsbilen", "rows": [2, 4]}]
    assert preview.errors == [
        "kolumn «Utförare», rad 2, 4: okänd utförare «Grannstödsbilen»; förväntade en känd stavning av polis, "
        "ordningsvakter, väktare, föräldravandring, nattvandring, fältassistenter, grannsamverkan, annan. Välj vad "
        "den betyder på importsidan, eller med --patrulltolkning \"Grannstödsbilen=TYP\" (typer: polis, "
        "ordningsvakt, vaktare, foraldravandring, nattvandring, faltassistent, grannsamverkan, annan)."]
    refused = load(KIND, "patrullogg_okand_utforare.csv")
    assert refused.status == "rejected"
    assert refused.message == rejected("patrullogg_okand_utforare.csv", *preview.errors)

    accepted = load(KIND, "patrullogg_okand_utforare.csv", options={"patrol_kinds": {"Grannstödsbilen": "grannsamverkan"}})

    assert accepted.status == "ok", accepted.message
    assert accepted.notices == ["3 pass lästa (text (utf-8, semikolon)).",
                                "Nya tolkningar av utförare sparades: «Grannstödsbilen» = grannsamverkan."]
    assert query("SELECT kind, organisation, started_at FROM patrols ORDER BY started_at") == [
        ("grannsamverkan", "Grannstödsbilen", at(5, 21, 30)),
        ("vaktare", "Securitas", at(6, 21, 30)),
        ("grannsamverkan", "Grannstödsbilen", at(7, 21, 30)),
    ]
    assert query("SELECT alias, kind, alias_key, _import_id FROM patrol_kind_aliases WHERE _import_id IS NOT NULL") \
        == [("Grannstödsbilen", "grannsamverkan", "grannstödsbilen", accepted.import_id)]

    later = load(KIND, "patrullogg_okand_utforare_senare.csv")

    assert later.status == "ok", later.message
    assert later.notices == ["1 pass lästa (text (utf-8, semikolon))."]
    assert query("SELECT kind, _import_id FROM patrols WHERE started_at = ?", [at(12, 21, 30)]) == [
        ("grannsamverkan", later.import_id)]

    undo(accepted.import_id)

    assert query("SELECT count(*) FROM patrol_kind_aliases WHERE _import_id IS NOT NULL") == [(0,)]
    assert query("SELECT count(*) FROM patrol_kind_aliases WHERE alias_key = 'grannstödsbilen'") == [(0,)]
    again = preview_file(unknown, db_path)
    assert again.status == "rejected"
    assert again.unknown_kinds == [{"text": "Grannstödsbilen", "rows": [2, 4]}]


# --- notes, counts and observations ------------------------------------------------------------

def test_notes_are_masked_and_the_notices_say_where(load, query):
    # Row 3 has a personnummer, row 4 a mobile number (and «kl. 22.10», which stays).
    result = load(KIND, "patrullogg_maskering.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["4 pass lästa (text (utf-8, semikolon)).",
                              "Kolumn «Anteckningar»: 1 personnummer maskerades (rad 3).",
                              "Kolumn «Anteckningar»: 1 telefonnummer maskerades (rad 4)."]
    assert query("SELECT notes FROM patrols ORDER BY started_at") == [
        ("Lugn kväll",),
        ("Pojke [personnummer] hämtad av förälder",),
        ("Ringde vakthavande på [telefonnummer] kl. 22.10",),
        (None,),
    ]
    # The import log keeps the notices, not the numbers.
    (message,) = query("SELECT message FROM import_log")[0]
    assert "1 personnummer maskerades (rad 3)" in message
    assert "1234" not in message and "45 67" not in message


def test_drop_notes_stores_no_notes(load, query):
    result = load(KIND, "patrullogg_maskering.csv", options={"drop_notes": True})

    assert result.status == "ok", result.message
    assert result.notices == ["4 pass lästa (text (utf-8, semikolon)).",
                              "Anteckningarna («Anteckningar») sparades inte, som valt vid importen."]
    assert query(f"SELECT {PATROL_COLUMNS} FROM patrols ORDER BY started_at") == [
        (*SECURITAS, *MORBY, at(day, 21, 30), at(day, 23, 30), None, None) for day in (5, 6, 7, 8)]


def test_participants_and_observation_counts(load, query):
    # Antal deltagare 7, «7 st», empty; Ungdomar 12, empty, 3; Berusade 2, 0, empty;
    # Polis kontaktad Ja, Nej, empty.
    result = load(KIND, "patrullogg_antal_iakttagelser.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["3 pass lästa (text (utf-8, semikolon))."]
    assert patrols(query, f"kind, started_at, participants, {OBS_COLUMNS}") == [
        ("nattvandring", at(5, 21, 30), 7, 12, 2, None, None, None, 1),
        ("nattvandring", at(6, 21, 30), 7, None, 0, None, None, None, 0),
        ("nattvandring", at(7, 21, 30), None, 3, None, None, None, None, None),
    ]


def test_summa_row_at_the_bottom_is_not_a_patrol(load, query):
    result = load(KIND, "patrullogg_summarad.csv")

    assert result.status == "ok", result.message
    assert result.notices == ["2 pass lästa (text (utf-8, semikolon)).",
                              "1 summarad («Summa»/«Totalt») lästes inte som pass."]
    assert patrols(query) == [
        (*NATTVANDRARE, *MORBY, at(5, 21, 30), at(5, 23, 30), 6, None),
        (*NATTVANDRARE, *MORBY, at(6, 21, 30), at(6, 23, 30), 4, None),
    ]


def test_bad_date_time_and_count_are_rejected_with_file_rows(load, db_sha256):
    # Two title lines above the header (row 3): «31/9/2025» on row 5, Start «25.30» on row 6,
    # Antal deltagare «två» on row 7.
    assert load(KIND, "patrullogg_rubriker_start_slut_plats_utforare.csv").status == "ok"
    before = db_sha256()

    result = load(KIND, "patrullogg_fel.csv")

    assert result.status == "rejected"
    assert result.kind == KIND
    assert result.message == rejected(
        "patrullogg_fel.csv",
        f"rad 5, kolumn «Datum»: fann «31/9/2025», förväntade {DATE_EXPECTED}.",
        f"rad 6, kolumn «Start»: fann «25.30», förväntade {TIME_EXPECTED}.",
        "rad 7, kolumn «Antal deltagare»: fann «två», förväntade ett antal personer (heltal ≥ 0, t.ex. 7 eller "
        "«7 st»), eller tomt.")
    assert db_sha256() == before


# --- re-import and undo ------------------------------------------------------------------------

def test_reimport_is_unchanged_and_a_corrected_end_replaces_the_patrol_until_undone(load, query, undo):
    columns = "patrol_id, kind, organisation, place_id, started_at, ended_at, _import_id"
    first = load(KIND, "patrullogg_rubriker_start_slut_plats_utforare.csv")
    assert first.status == "ok", first.message
    original = patrols(query, columns)
    assert [row[5] for row in original] == [at(5, 23, 30), at(6, 23)]

    same = load(KIND, "patrullogg_rubriker_start_slut_plats_utforare.csv")

    assert same.status == "unchanged"
    assert same.message.startswith(
        f"«patrullogg_rubriker_start_slut_plats_utforare.csv» är redan importerad (import {first.import_id}, ")

    # Mörby centrum's Securitas patrol now ends 23:45 instead of 23:30; the Hässelby row is the same.
    corrected = load(KIND, "patrullogg_rattad_sluttid.csv")

    assert corrected.status == "ok", corrected.message
    assert (corrected.added, corrected.replaced, corrected.unchanged) == (0, 1, 1)
    assert patrols(query, columns) == [
        (*original[0][:5], at(5, 23, 45), corrected.import_id),
        original[1],
    ]
    assert query("SELECT ended_at, _replaced_by FROM patrols_replaced") == [(at(5, 23, 30), corrected.import_id)]

    message = undo(corrected.import_id)

    assert message == (f"Import {corrected.import_id} («patrullogg_rattad_sluttid.csv») är ångrad: 1 rader "
                       "borttagna, 1 tidigare värden återställda.")
    assert patrols(query, columns) == original
    assert query("SELECT count(*) FROM patrols_replaced") == [(0,)]
