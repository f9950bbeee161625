"""Command line: `python -m loaders import|demo|kinds|history|undo`. Messages are in Swedish."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lagesbild import db, settings
from loaders.base import ImportRejected


def _db(args) -> Path | settings.MotherDuckURL:
    """--db or LAGESBILD_DB: a file path, or an md: URL (a database in MotherDuck)."""
    return settings.parse_db(args.db) if args.db else settings.db_path()


def cmd_import(args) -> int:
    from loaders.pipeline import import_files

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        for f in missing:
            print(f"Filen «{f}» finns inte.", file=sys.stderr)
        return 1
    options = {"year": args.year} if args.year else {}
    if args.patrol_kind:
        options["patrol_kind"] = args.patrol_kind
    if args.drop_notes:
        options["drop_notes"] = True
    if args.place:
        options["place"] = args.place
    if args.patrol_readings:
        readings = {}
        for reading in args.patrol_readings:
            text, sep, kind = reading.rpartition("=")
            if not sep or not text.strip() or not kind.strip():
                print(f"--patrulltolkning «{reading}»: förväntade TEXT=TYP, t.ex. \"Trygghetsbilen=grannsamverkan\".",
                      file=sys.stderr)
                return 1
            readings[text.strip()] = kind.strip()
        options["patrol_kinds"] = readings
    results = import_files([Path(f) for f in args.files], db_path=_db(args), kind=args.kind,
                           options=options, imported_by=args.by)
    failed = 0
    for r in results:
        stream = sys.stderr if r.status == "rejected" else sys.stdout
        print(r.message, file=stream)
        for notice in r.notices:
            print(f"  {notice}", file=stream)
        failed += r.status == "rejected"
    return 1 if failed else 0


def cmd_demo(args) -> int:
    from loaders.demo import build_demo

    return build_demo(_db(args), out_dir=Path(args.out) if args.out else None, force=args.force)


def cmd_kinds(args) -> int:
    from loaders.registry import all_loaders

    print("Filtyper som kan importeras (typen avgörs av innehållet; --kind väljer själv):\n")
    for loader in all_loaders():
        print(f"{loader.kind}\n  {loader.title}\n  {loader.description}")
        if loader.template:
            print(f"  Mall (rubrikrad): {loader.template}")
        print()
    from lagesbild.registry import build_categories
    cats, _ = build_categories()
    print("Brottskategorier i mallen «polisstatistik» (stavning enligt Brå går också bra):")
    print("  " + "; ".join(cats["label"]))
    return 0


def cmd_history(args) -> int:
    path = _db(args)
    if not db.exists(path):
        print(f"Databasen {settings.describe(path)} finns inte ännu.")
        return 0
    con = db.open_snapshot(path)
    rows = con.execute(
        "SELECT import_id, started_at, status, kind, file_name, rows_added, rows_replaced,"
        " coalesce(imported_by, ''), is_demo FROM import_log ORDER BY import_id").fetchall()
    if not rows:
        print("Inga importer ännu.")
        return 0
    print(f"{'Nr':>4}  {'Tid':16}  {'Status':7}  {'Typ':18}  {'Tillagda':>8}  {'Ersatta':>7}  Av / fil")
    for i, at, status, kind, name, added, replaced, by, demo in rows:
        status_sv = {"ok": "aktiv", "undone": "ångrad"}[status]
        tag = " (exempeldata)" if demo else ""
        print(f"{i:>4}  {at:%Y-%m-%d %H:%M}  {status_sv:7}  {kind:18}  {added:>8}  {replaced:>7}  {by}: {name}{tag}")
    return 0


def cmd_undo(args) -> int:
    from loaders.pipeline import undo

    path = _db(args)
    if not db.exists(path):
        print(f"Databasen {settings.describe(path)} finns inte.", file=sys.stderr)
        return 1
    try:
        message = undo(args.import_id, db_path=path)
    except ImportRejected as exc:
        print(f"Kunde inte ångra: {exc.problems[0]}", file=sys.stderr)
        return 1
    print(message)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Importera data till Lägesbild.")
    parser.add_argument("--db", help="databasfil eller md:-adress i MotherDuck (standard: LAGESBILD_DB eller "
                                     "data/lagesbild.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("import", help="importera en eller flera filer")
    p.add_argument("files", nargs="+", metavar="FIL")
    p.add_argument("--kind", help="filtyp (se `kinds`); annars avgörs den av innehållet")
    p.add_argument("--year", type=int, help="år för filer där året inte står i filen (Brås kommunfil, NTU-tabell)")
    p.add_argument("--by", help="vem som importerar (standard: användarnamnet)")
    p.add_argument("--patrulltyp", dest="patrol_kind", metavar="TYP",
                   help="patrullogg utan kolumn för utförare: vad passen är (polis, ordningsvakt, vaktare, "
                        "foraldravandring, nattvandring, faltassistent, grannsamverkan, annan)")
    p.add_argument("--patrulltolkning", dest="patrol_readings", action="append", metavar="TEXT=TYP",
                   help="patrullogg: vad en okänd utförare betyder, t.ex. \"Trygghetsbilen=grannsamverkan\" "
                        "(sparas och gäller framöver; kan upprepas)")
    p.add_argument("--utan-anteckningar", dest="drop_notes", action="store_true",
                   help="patrullogg: spara inte anteckningarna (fritext kan innehålla namn)")
    p.add_argument("--plats", dest="place", metavar="NAMN",
                   help="handlingsplan: kommunen eller stadsdelsområdet planen gäller, när rubriken inte säger det")
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("demo", help="skriv exempelfiler i källornas format och importera dem")
    p.add_argument("--out", help="mapp för exempelfilerna (standard: data/demo)")
    p.add_argument("--force", action="store_true", help="bygg om även om databasen redan finns")
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("kinds", help="visa filtyper och mallar")
    p.set_defaults(func=cmd_kinds)
    p = sub.add_parser("history", help="visa importhistoriken")
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_history)
    p = sub.add_parser("undo", help="ångra en import")
    p.add_argument("import_id", type=int, metavar="IMPORT_ID")
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_undo)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (db.DatabaseBusy, db.DatabaseUnavailable, settings.LocalFileOnly) as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
