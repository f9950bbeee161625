"""loaders/pipeline.py and the CLI: idempotence, replacement rules, rejection, undo."""
from __future__ import annotations

import subprocess
import sys

import pytest

from loaders.base import ImportRejected
from tests.conftest import ROOT, fixture_path

KOMMUN_2024 = "Anmälda brott kommunerna 2024.csv"
COUNTS = "SELECT place_id, count, rate_per_100k, _import_id FROM crime_counts ORDER BY place_id"
A_ROWS = [  # «Anmälda brott kommunerna 2024.csv»
    ("kommun-0162", 2210, 6654.0, 1),
    ("kommun-1440", 2537, 7810.0, 1),
    ("kommun-1489", 4293, 10100.0, 1),
    ("riket", 1548876, 14658.0, 1),
]


# --- idempotence -------------------------------------------------------------------------------

def test_import_same_file_twice_second_is_unchanged_and_db_bytes_identical(load, query, db_sha256):
    first = load("bra-kommun", KOMMUN_2024)
    before = db_sha256()

    second = load("bra-kommun", KOMMUN_2024)

    assert first.status == "ok", first.message
    assert second.status == "unchanged"
    assert second.import_id == 1
    assert second.message.startswith(f"«{KOMMUN_2024}» är redan importerad (import 1, ")
    assert second.message.endswith("). Inget ändrades.")
    assert db_sha256() == before
    assert query("SELECT count(*) FROM import_log") == [(1,)]
    assert query(COUNTS) == A_ROWS


def test_import_other_file_with_same_values_is_unchanged_and_db_bytes_identical(load, query, db_sha256):
    load("bra-kommun", KOMMUN_2024)
    before = db_sha256()

    # Same figures, but no BOM, LF line ends and spaces as thousands separators.
    result = load("bra-kommun", "kommun_samma_varden_annan_fil_2024.csv")

    assert result.status == "unchanged"
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (0, 0, 4, 0)
    assert result.message == ("«kommun_samma_varden_annan_fil_2024.csv»: inga nya eller ändrade värden "
                              "(0 rader tillagda, 0 ersatta, 4 oförändrade). Inget ändrades.")
    assert db_sha256() == before
    assert query("SELECT count(*) FROM import_log") == [(1,)]


# --- replacement rules -------------------------------------------------------------------------

def test_import_changed_values_replace_old_rows_and_keep_them_for_undo(load, query):
    load("bra-kommun", KOMMUN_2024)

    # Ale 2537 -> 2540 and Danderyd 2210 -> 2215; Hela landet and Alingsås unchanged.
    result = load("bra-kommun", "kommun_reviderad_2024.csv")

    assert result.status == "ok", result.message
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (0, 2, 2, 0)
    assert query("SELECT import_id, rows_loaded, rows_added, rows_replaced, rows_unchanged, rows_skipped"
                 " FROM import_log WHERE import_id = 2") == [(2, 2, 0, 2, 2, 0)]
    assert query(COUNTS) == [
        ("kommun-0162", 2215, 6669.0, 2),
        ("kommun-1440", 2540, 7819.0, 2),
        ("kommun-1489", 4293, 10100.0, 1),
        ("riket", 1548876, 14658.0, 1),
    ]
    assert query("SELECT place_id, count, _import_id, _replaced_by FROM crime_counts_replaced"
                 " ORDER BY place_id") == [
        ("kommun-0162", 2210, 1, 2),
        ("kommun-1440", 2537, 1, 2),
    ]


def test_final_month_replaces_preliminary_month(load, query):
    load("bra-databasfil", "databasfil_prel_manad.txt")     # 2026 prel. Aug: 12

    result = load("bra-databasfil", "databasfil_slutlig_manad.txt")  # 2026 Aug: 13

    assert result.status == "ok", result.message
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (0, 1, 0, 0)
    assert query("SELECT year, period, count, rate_per_100k, preliminary, _import_id FROM crime_counts"
                 " ORDER BY year, period") == [
        (2025, 10, 10, 29.6, False, 1),
        (2026, 5, 9, 27.0, True, 1),
        (2026, 8, 13, 38.0, False, 2),
    ]


def test_preliminary_month_does_not_replace_final_month(load, query):
    load("bra-databasfil", "databasfil_slutlig_manad.txt")  # 2026 Aug: 13, final

    # 2026 prel. Aug 12 (skipped), plus 2026 prel. Maj and 2025 Okt (new).
    result = load("bra-databasfil", "databasfil_prel_manad.txt")

    assert result.status == "ok", result.message
    assert (result.added, result.replaced, result.unchanged, result.skipped) == (2, 0, 0, 1)
    assert result.message == (
        "«databasfil_prel_manad.txt» importerad som import 2: 2 rader tillagda, 0 ersatta, 0 oförändrade, "
        "1 överhoppade (preliminära värden ersätter inte slutliga).")
    assert query("SELECT rows_added, rows_replaced, rows_skipped FROM import_log WHERE import_id = 2") == [
        (2, 0, 1)]
    assert query("SELECT year, period, count, preliminary, _import_id FROM crime_counts"
                 " ORDER BY year, period") == [
        (2025, 10, 10, False, 2),
        (2026, 5, 9, True, 2),
        (2026, 8, 13, False, 1),
    ]


# --- rejection -----------------------------------------------------------------------------------

REJECTED = [
    ("bra-kommun", "kommun_felaktigt_tal_2024.csv", None),       # while parsing
    ("bra-kommun", "kommun_utan_ar.csv", None),                  # while parsing
    ("bra-kommun", "kommun_okand_kommun_2024.csv", None),        # resolving places, inside the writer
    ("polisstatistik", "polisstatistik_okand_kategori.csv", None),  # resolving categories
    ("polisstatistik", "polisstatistik_rinkebytorget.csv", None),   # place not (yet) known
    ("scb-folkmangd", "scb_folkmangd_kon.json", None),
    ("scb-folkmangd", "scb_folkmangd_deso.json", None),
    ("kolada", "kolada_okant_nyckeltal.json", None),
    ("bra-kommun", "kommun_dubbla_rader_2024.csv", None),        # the same key twice
    ("bra-kommun", KOMMUN_2024, "kolada"),                       # wrong --kind
]


@pytest.mark.parametrize("kind_dir, file_name, kind", REJECTED, ids=[r[1] for r in REJECTED])
def test_rejected_file_leaves_db_bytes_identical_and_no_import_log_row(load, query, db_sha256,
                                                                       kind_dir, file_name, kind):
    load("bra-kommun", "kommun_cp1252_2023.csv")
    before = db_sha256()

    result = load(kind_dir, file_name, kind=kind)

    assert result.status == "rejected"
    assert result.message.startswith(f"«{file_name}» importerades inte")
    assert db_sha256() == before
    assert query("SELECT import_id, file_name FROM import_log") == [(1, "kommun_cp1252_2023.csv")]


def test_same_key_twice_in_one_file_is_rejected_naming_both_rows(load):
    result = load("bra-kommun", "kommun_dubbla_rader_2024.csv")

    assert result.status == "rejected"
    assert result.message == (
        "«kommun_dubbla_rader_2024.csv» importerades inte. Databasen är oförändrad.\n"
        "  - raderna 2, 4 gäller samma sak (samma plats, kategori och period) men kan bara finnas en gång.")


def test_rejected_file_in_a_batch_does_not_stop_the_others(db_path, query):
    from loaders.pipeline import import_files

    results = import_files([fixture_path("bra-kommun", "kommun_okand_kommun_2024.csv"),
                            fixture_path("bra-kommun", KOMMUN_2024)], db_path=db_path)

    assert [r.status for r in results] == ["rejected", "ok"]
    assert query("SELECT import_id, file_name FROM import_log") == [(1, KOMMUN_2024)]
    assert query("SELECT count(*) FROM crime_counts") == [(4,)]


# --- undo ----------------------------------------------------------------------------------------

def test_undo_removes_rows_and_brings_back_replaced_values(load, query, undo):
    load("bra-kommun", KOMMUN_2024)
    load("bra-kommun", "kommun_reviderad_2024.csv")

    message = undo(2)

    assert message == ("Import 2 («kommun_reviderad_2024.csv») är ångrad: 2 rader borttagna, "
                       "2 tidigare värden återställda.")
    assert query(COUNTS) == A_ROWS
    assert query("SELECT count(*) FROM crime_counts_replaced") == [(0,)]
    assert query("SELECT import_id, status, undone_at IS NOT NULL FROM import_log ORDER BY import_id") == [
        (1, "ok", False), (2, "undone", True)]


def test_undo_first_import_removes_its_rows(load, query, undo):
    load("bra-kommun", KOMMUN_2024)

    message = undo(1)

    assert message == (f"Import 1 («{KOMMUN_2024}») är ångrad: 4 rader borttagna, "
                       "0 tidigare värden återställda.")
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


def test_undo_middle_of_chain_keeps_later_values_then_undo_last_restores_first(load, query, undo):
    load("bra-kommun", KOMMUN_2024)                  # A: Ale 2537, Danderyd 2210
    load("bra-kommun", "kommun_reviderad_2024.csv")  # B: Ale 2540, Danderyd 2215
    c = load("bra-kommun", "kommun_reviderad_igen_2024.csv")  # C: Ale 2541, Danderyd 2216
    assert (c.status, c.replaced) == ("ok", 2)

    undo(2)  # B

    assert query(COUNTS) == [
        ("kommun-0162", 2216, 6672.0, 3),
        ("kommun-1440", 2541, 7822.0, 3),
        ("kommun-1489", 4293, 10100.0, 1),
        ("riket", 1548876, 14658.0, 1),
    ]
    # A's values stay displaced, now by C.
    assert query("SELECT place_id, count, _import_id, _replaced_by FROM crime_counts_replaced"
                 " ORDER BY place_id") == [
        ("kommun-0162", 2210, 1, 3),
        ("kommun-1440", 2537, 1, 3),
    ]

    undo(3)  # C

    assert query(COUNTS) == A_ROWS
    assert query("SELECT count(*) FROM crime_counts_replaced") == [(0,)]
    assert query("SELECT import_id, status FROM import_log ORDER BY import_id") == [
        (1, "ok"), (2, "undone"), (3, "undone")]


def test_undo_twice_is_refused(load, query, undo, db_sha256):
    load("bra-kommun", KOMMUN_2024)
    undo(1)
    before = db_sha256()

    with pytest.raises(ImportRejected) as refused:
        undo(1)

    assert refused.value.problems == [f"import 1 («{KOMMUN_2024}») är redan ångrad."]
    assert db_sha256() == before


def test_undo_unknown_import_is_refused(load, undo):
    load("bra-kommun", KOMMUN_2024)

    with pytest.raises(ImportRejected) as refused:
        undo(7)

    assert refused.value.problems == ["det finns ingen import med nummer 7."]


def test_undo_removes_category_the_import_added(load, query, undo):
    load("bra-databasfil", "databasfil_brottskod_okand.txt")

    undo(1)

    assert query("SELECT count(*) FROM crime_categories"
                 " WHERE category_id = 'bra-befogenhetsbedrageri'") == [(0,)]
    assert query("SELECT count(*) FROM crime_category_aliases WHERE _import_id IS NOT NULL") == [(0,)]
    assert query("SELECT count(*) FROM crime_counts") == [(0,)]


def test_undo_police_event_update_brings_back_earlier_version(load, query, undo):
    from datetime import datetime

    load("polisen-handelser", "handelser_version1.json")
    load("polisen-handelser", "handelser_version2_senare.json")

    undo(2)

    assert query("SELECT event_id, published_at, summary, _import_id FROM police_events") == [
        (588300, datetime(2025, 6, 8, 10, 0), "Första uppgift.", 1)]


# --- command line --------------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_cli_import_ok_exits_zero(db_path, query):
    run = cli("--db", str(db_path), "import", str(fixture_path("bra-kommun", KOMMUN_2024)))

    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"«{KOMMUN_2024}» importerad som import 1: 4 rader tillagda, 0 ersatta, 0 oförändrade.",
        "  År 2024; 4 rader lästa (text (utf-8-sig, semikolon)).",
    ]
    assert query("SELECT count(*) FROM crime_counts") == [(4,)]


def test_cli_import_year_option_for_file_without_year(db_path, query):
    file = fixture_path("bra-kommun", "kommun_utan_ar.csv")

    run = cli("--db", str(db_path), "import", "--year", "2022", str(file))

    assert run.returncode == 0, run.stderr
    assert query("SELECT place_id, year, count FROM crime_counts") == [("kommun-1440", 2022, 2537)]


def test_cli_import_rejected_exits_nonzero_with_message_on_stderr(db_path, query):
    file = fixture_path("bra-kommun", "kommun_felaktigt_tal_2024.csv")

    run = cli("--db", str(db_path), "import", str(file))

    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "«kommun_felaktigt_tal_2024.csv» importerades inte. Databasen är oförändrad.",
        "  - rad 3, kolumn «Antal»: fann «12a», förväntade ett heltal ≥ 0 eller «..».",
    ]
    assert query("SELECT count(*) FROM import_log") == [(0,)]


def test_cli_kinds_lists_every_kind():
    from loaders.registry import all_loaders

    run = cli("kinds")

    assert run.returncode == 0, run.stderr
    kinds = [l.kind for l in all_loaders()]
    assert kinds == ["bra-kommun", "bra-databasfil", "polisstatistik", "polisen-handelser", "scb-folkmangd",
                     "folkmangd", "kolada", "enkat", "ntu-tabell", "patrullogg", "handlingsplan", "fokusomraden",
                     "platser"]
    listed = run.stdout.splitlines()
    for kind in kinds:
        assert kind in listed, f"{kind} not listed by `kinds`"


def test_cli_history_and_undo(db_path):
    assert cli("--db", str(db_path), "import", str(fixture_path("bra-kommun", KOMMUN_2024))).returncode == 0

    history = cli("--db", str(db_path), "history")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert len(lines) == 2
    assert lines[1].split()[0] == "1"
    assert "aktiv" in lines[1] and "bra-kommun" in lines[1] and lines[1].endswith(KOMMUN_2024)

    undone = cli("--db", str(db_path), "undo", "1")
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout.strip() == (f"Import 1 («{KOMMUN_2024}») är ångrad: 4 rader borttagna, "
                                     "0 tidigare värden återställda.")

    history = cli("--db", str(db_path), "history")
    assert "ångrad" in history.stdout.splitlines()[1]

    again = cli("--db", str(db_path), "undo", "1")
    assert again.returncode == 1
    assert again.stderr.strip() == f"Kunde inte ångra: import 1 («{KOMMUN_2024}») är redan ångrad."


def test_undo_keeps_an_added_category_and_its_aliases_while_a_later_import_uses_it(load, query, undo):
    load("bra-databasfil", "databasfil_brottskod_okand.txt")           # adds bra-befogenhetsbedrageri
    later = load("bra-databasfil", "databasfil_brottskod_utan_mellanslag.txt")
    assert query("SELECT DISTINCT category_id FROM crime_counts WHERE _import_id = ?", [later.import_id]) == [
        ("bra-befogenhetsbedrageri",)]                                    # found through the bare label

    undo(1)

    assert query("SELECT category_id FROM crime_categories WHERE category_id LIKE 'bra-%'") == [
        ("bra-befogenhetsbedrageri",)]
    again = load("bra-databasfil", "databasfil_brottskod_okand.txt")
    assert again.status == "ok"
    assert query("SELECT count(*) FROM crime_categories WHERE category_id LIKE 'bra-%'") == [(1,)]


def test_rejected_file_does_not_create_a_missing_database(tmp_path):
    path = tmp_path / "ny.duckdb"
    from loaders.pipeline import import_files
    (result,) = import_files([fixture_path("polisstatistik", "polisstatistik_okand_kategori.csv")], db_path=path)
    assert result.status == "rejected"
    assert not path.exists()


def test_same_bytes_with_another_year_option_are_compared_not_skipped(load, query):
    load("bra-kommun", "kommun_utan_ar.csv", options={"year": 2022})
    result = load("bra-kommun", "kommun_utan_ar.csv", options={"year": 2023})
    assert result.status == "ok" and result.added > 0
    assert query("SELECT DISTINCT year FROM crime_counts ORDER BY 1") == [(2022,), (2023,)]


def test_demo_force_refuses_a_database_with_own_imports(load, db_path, tmp_path, db_sha256, capsys):
    from loaders.demo import build_demo

    load("bra-kommun", KOMMUN_2024)
    before = db_sha256()
    assert build_demo(db_path, out_dir=tmp_path / "demo", force=True) == 1
    assert "egna importer" in capsys.readouterr().out
    assert db_sha256() == before
