"""Writes the bad-input corpus (tests/corpus/bad/*): realistic broken files that every import path
must reject with a clear Swedish message, leaving the database unchanged. Run once by hand
(`.venv/bin/python tests/corpus/bad/make_corpus.py`) and commit the output; the tests never run
this. Expected messages are in expected.csv beside the files; tests/test_corpus_bad.py imports each.

Two cases are too big (or too dangerous) to commit and are written by the test itself into a temp
directory: `stor_50mb.csv` (over the 40 MB size limit) and `zipbomb.xlsx` (a workbook part that
unpacks ~1000 times). See GENERATED in tests/test_corpus_bad.py.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
ROOT = HERE.parent.parent.parent
NBSP = "\u00a0"
BOM = b"\xef\xbb\xbf"
KOMMUN_HEADER = "Kommun;Antal;Per 100 000 inv."
POLIS_HEADER = "Område;År;Månad;Brottskategori;Antal"
SOL_HEADER = "Region;Brott;År;Period;Antal;/100 000 inv"


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


def lf(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def xlsx(build) -> bytes:
    wb = Workbook()
    build(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def polis_sheet(ws, title: bool = True) -> None:
    ws.title = "Hässelby torg"
    if title:
        ws.append(["Polisens statistik, Hässelby torg (jan–nov)"])
        ws.append([])
    ws.append(["Område", "År", "Månad", "Brottskategori", "Antal"])


def main() -> None:
    # --- file level ---------------------------------------------------------------------------
    write("tom.csv", b"")
    # Excel's "CSV UTF-8" of an empty sheet: a BOM and line ends only.
    write("bara_bom_och_radbrytningar.csv", BOM + b"\r\n\r\n\r\n")
    write("Anmälda brott kommunerna 2024 bara rubrik.csv", BOM + crlf([KOMMUN_HEADER]).encode("utf-8"))

    def header_only(ws):
        polis_sheet(ws)
    write("polisstatistik_bara_rubrik.xlsx", xlsx(header_only))
    # Someone renamed the columns: no loader recognises the file.
    write("fel_rubriker.csv", lf(["Kommunnamn;Anmälda;Per capita", "Ale;2537;7810"]).encode("utf-8"))
    # The template with «Kategori» for «Brottskategori»: detection names what is missing.
    write("polisstatistik_fel_rubrik.csv", lf([
        "Område;År;Månad;Kategori;Antal",
        "Hässelby torg;2024;;Skadegörelse;142",
    ]).encode("utf-8"))
    # What `curl -o handelser.json https://polisen.se/api/events` saves when rate-limited.
    write("polisen_429.json", lf([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>429 Too Many Requests</title>",
        "</head>",
        "<body>",
        "<h1>Too Many Requests</h1>",
        "<p>You have sent too many requests in a given amount of time. Please try again later.</p>",
        "</body>",
        "</html>",
    ]).encode("utf-8"))
    # Brå's CSV renamed to .xlsx (content is still text).
    write("Anmälda brott kommunerna 2024.xlsx", BOM + crlf([
        KOMMUN_HEADER, "Ale;2537;7810", "Danderyd;2210;6654"]).encode("utf-8"))
    # An encrypted (password-protected) workbook is an OLE2 container, like the old .xls format.
    write("polisstatistik_losenordsskyddad.xlsx",
          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
          + b"\x06\x00" + b"\x00" * 10 + b"\x01\x00\x00\x00" + b"\xff" * 460 + b"\x00" * 3584)

    def good(ws):
        polis_sheet(ws)
        ws.append(["Hässelby torg", 2024, None, "Skadegörelse", 142])
        ws.append(["Hässelby torg", 2024, None, "Narkotikabrott", 60])
    whole = xlsx(good)
    write("polisstatistik_avklippt.xlsx", whole[: len(whole) * 6 // 10])
    archive = (ROOT / "tests/fixtures/polisen-handelser/handelser_arkiv.parquet").read_bytes()
    write("handelser_arkiv_avklippt.parquet", archive[: len(archive) // 2])

    # --- Excel layout -------------------------------------------------------------------------
    def formulas(ws):  # openpyxl (like many scripts) writes formulas without a calculated value
        polis_sheet(ws)
        ws.append(["Hässelby torg", 2024, None, "Skadegörelse", 142])
        ws.append(["Hässelby torg", 2024, None, "Narkotikabrott", 60])
        ws.append(["Hässelby torg", 2024, None, "Brott totalt", "=E4+E5"])
    write("polisstatistik_formel_utan_varde.xlsx", xlsx(formulas))

    def merged(ws):  # the place typed once and merged down over its rows
        polis_sheet(ws)
        ws.append(["Hässelby torg", 2024, None, "Skadegörelse", 142])
        ws.append([None, 2024, None, "Narkotikabrott", 60])
        ws.append([None, 2024, None, "Misshandel", 51])
        ws.merge_cells("A4:A6")
    write("polisstatistik_sammanfogade_celler.xlsx", xlsx(merged))

    def hidden(ws):  # last year's rows hidden instead of deleted
        polis_sheet(ws)
        ws.append(["Hässelby torg", 2024, None, "Skadegörelse", 142])
        ws.append(["Hässelby torg", 2023, None, "Skadegörelse", 274])
        ws.append(["Hässelby torg", 2023, None, "Narkotikabrott", 32])
        ws.append(["Hässelby torg", 2024, None, "Narkotikabrott", 60])
        ws.row_dimensions[5].hidden = True
        ws.row_dimensions[6].hidden = True
    write("polisstatistik_dolda_rader.xlsx", xlsx(hidden))

    # --- encodings ----------------------------------------------------------------------------
    # Windows-1252 with a byte (0x81) that is no character in it, as left by a broken copy.
    write("kommun_cp1252_ogiltig_byte_2024.csv", crlf([KOMMUN_HEADER, "Ale;2537;7810"]).encode("cp1252")
          + b"Upplands V\x81sby;4120;8900\r\n" + "Österåker;3210;6900\r\n".encode("cp1252"))
    # Brå's UTF-8 file with rows typed in afterwards in an editor that saved Windows-1252.
    write("kommun_blandad_kodning_2024.csv", crlf([KOMMUN_HEADER, "Alingsås;4293;10100"]).encode("utf-8")
          + crlf(["Södertälje;12345;12050"]).encode("cp1252"))
    # Å, ä, ö already lost on the way: U+FFFD in the place name.
    write("kommun_ersattningstecken_2024.csv", BOM + crlf([
        KOMMUN_HEADER, "Ale;2537;7810", "Upplands V\ufffdsby;4120;8900"]).encode("utf-8"))
    # Databasfil whose UTF-8 was read as Windows-1252 and saved again ("SÃ¶dertÃ¤lje").
    write("databasfil_dubbelkodad.txt", crlf([
        SOL_HEADER,
        "Danderyd kommun;Totalt antal brott;År;2024;2513;7509;",
        "Södertälje kommun;Skadegörelsebrott;År;2024;1234;1376;".encode("utf-8").decode("cp1252"),
    ]).encode("utf-8"))
    # A UTF-8 BOM in front of Windows-1252 text (an editor's "add BOM" on an Excel CSV).
    write("kommun_bom_men_cp1252_2024.csv", BOM + crlf([
        KOMMUN_HEADER, "Ale;2537;7810", "Södertälje;12345;12050"]).encode("cp1252"))
    # Excel "Unicode-text" cut off in the middle of a character (odd number of bytes).
    utf16 = b"\xff\xfe" + crlf(["Kommun\tAntal\tPer 100 000 inv.", "Upplands-Väsby\t4120\t8900",
                                 "Malmö\t45678\t12999"]).encode("utf-16-le")
    write("kommun_utf16_avklippt_2023.txt", utf16[:-3])
    # The same without BOM (some exporters), cut as well.
    write("kommun_utf16_utan_bom_avklippt_2023.txt", utf16[2:-1])

    # --- values -------------------------------------------------------------------------------
    write("kommun_decimal_i_antal_2024.csv", BOM + crlf([
        KOMMUN_HEADER, "Ale;2537,5;7810", "Danderyd;2210;6654"]).encode("utf-8"))
    write("kommun_tusental_fel_plats_2024.csv", BOM + crlf([
        KOMMUN_HEADER, "Ale;2537;7810", f"Alingsås;4{NBSP}29{NBSP}3;10{NBSP}100"]).encode("utf-8"))
    write("kommun_kolumner_omkastade_2024.csv", BOM + crlf([
        KOMMUN_HEADER, "Hela landet;14658;1548876", "Ale;7810;2537"]).encode("utf-8"))
    write("Anmälda brott kommunerna 1985.csv", BOM + crlf([KOMMUN_HEADER, "Ale;2537;7810"]).encode("utf-8"))
    write("polisstatistik_ar_i_framtiden.csv", lf([
        POLIS_HEADER, "Hässelby torg;2024;;Skadegörelse;142", "Hässelby torg;2204;;Narkotikabrott;60"]).encode("utf-8"))
    write("folkmangd_ar_fore_1990.csv", lf([
        "Område;År;Folkmängd", "Rinkeby-Kista;2024;48 912", "Rinkeby-Kista;1985;39 100"]).encode("utf-8"))
    write("folkmangd_negativ.csv", lf([
        "Område;År;Folkmängd", "Rinkeby-Kista;2024;48 912", "Spånga-Tensta;2024;-1 200"]).encode("utf-8"))
    write("polisstatistik_inte_ett_tal.csv", lf([
        POLIS_HEADER, "Hässelby torg;2024;;Skadegörelse;ca 140", "Hässelby torg;2024;;Narkotikabrott;60"]).encode("utf-8"))
    write("databasfil_orimlig_kvot.txt", crlf([
        SOL_HEADER,
        "Danderyd kommun;Totalt antal brott;År;2024;2513;7509;",
        "Vaxholm kommun;Totalt antal brott;År;2024;480;250 000;",
    ]).encode("latin-1"))
    write("databasfil_okand_period.txt", crlf([
        SOL_HEADER,
        "Danderyd kommun;Totalt antal brott;År;2024;2513;7509;",
        "Danderyd kommun;Totalt antal brott;2024;Vecka 12;41;..;",
    ]).encode("latin-1"))
    write("kolada_orimligt_varde.json", json.dumps({"values": [
        {"kpi": "N07403", "municipality": "0162", "period": 2023,
         "values": [{"gender": "T", "value": 151230.0, "status": ""}]}], "count": 1}).encode("utf-8"))

    # --- rows and keys --------------------------------------------------------------------------
    write("polisstatistik_dubbla_rader.csv", lf([
        POLIS_HEADER, "Hässelby torg;2024;mars;Skadegörelse;12", "Hässelby torg;2024;3;Skadegörelse;14"]).encode("utf-8"))
    write("polisstatistik_okand_plats.csv", lf([
        POLIS_HEADER, "Hässelby torg;2024;;Skadegörelse;142", "Kista torg;2024;;Skadegörelse;88"]).encode("utf-8"))
    write("kommun_sista_raden_avklippt_2024.csv", BOM + "\r\n".join([
        KOMMUN_HEADER, "Hela landet;1548876;14658", "Ale;2537;7810", "Alingsås;4293;10100", "Danderyd;22"]
    ).encode("utf-8"))
    write("platser_okand_overordnad.csv", lf([
        "Namn;Nivå;Ingår i;SCB-kod;Alias", "Kvarnbyskolan;plats;Kvarnbyn;;Kvarnbyskolan i Mölndal"]).encode("utf-8"))

    # --- JSON sources -----------------------------------------------------------------------------
    events = (ROOT / "tests/fixtures/polisen-handelser/handelser_api.json").read_text(encoding="utf-8")
    write("handelser_avklippt.json", events.encode("utf-8")[: len(events.encode("utf-8")) * 2 // 3])
    write("handelser_tom_lista.json", b"[]\n")
    write("handelser_publicerad_i_framtiden.json", json.dumps([{
        "id": 612001, "datetime": "2099-06-07 6:38:18 +02:00", "name": "07 juni 06.32, Misshandel, Malmö",
        "summary": "Man gripen, Malmö.", "url": "/aktuellt/handelser/2099/juni/7/07-juni-06.32-misshandel-malmo/",
        "type": "Misshandel", "location": {"name": "Malmö", "gps": "55.604981,13.003822"}}],
        ensure_ascii=False, indent=2).encode("utf-8"))
    write("kolada_okant_nyckeltal.json", json.dumps({"values": [
        {"kpi": "N00945", "municipality": "0162", "period": 2023,
         "values": [{"gender": "T", "value": 87.1, "status": ""}]}], "count": 1}).encode("utf-8"))
    write("kolada_brott_och_enkat.json", json.dumps({"values": [
        {"kpi": "N07403", "municipality": "0162", "period": 2023,
         "values": [{"gender": "T", "value": 512.3, "status": ""}]},
        {"kpi": "N07611", "municipality": "0162", "period": 2023,
         "values": [{"gender": "T", "value": 15.6, "status": ""}]}], "count": 2}).encode("utf-8"))
    write("scb_extra_dimension.json", json.dumps({
        "columns": [{"code": "Region", "text": "region", "type": "d"},
                    {"code": "Alder", "text": "ålder", "type": "d"},
                    {"code": "Tid", "text": "år", "type": "t"},
                    {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
        "data": [{"key": ["0162", "0-4", "2024"], "values": ["1912"]},
                 {"key": ["0162", "5-9", "2024"], "values": ["2460"]},
                 {"key": ["0162", "10-14", "2024"], "values": ["2755"]}]},
        ensure_ascii=False, indent=1).encode("utf-8"))


    # --- NTU regional tables ----------------------------------------------------------------------
    ntu_header = "Område;Otrygghet vid utevistelse sen kväll;Oro för bilbrott"
    write("ntu_andel_over_100.csv", lf([
        "Tabell 4. Otrygghet och oro för brott, regionala resultat 2023", ntu_header,
        "HELA RIKET;15;14", "Danderyd;120;8", "Källa: Brå"]).encode("utf-8"))
    write("ntu_utan_ar.csv", lf([
        "Otrygghet och oro för brott, regionala resultat", ntu_header, "HELA RIKET;15;14"]).encode("utf-8"))

    fokusomraden()


def fokusomraden() -> None:
    """Areas files (kind «fokusomraden»): a source nobody knows, and a workbook without the areas sheet."""
    def areas(ws):
        ws.title = "Fokusområden"
        ws.append(["Plan-id", "Plan", "Gäller för", "Från", "Till", "Nr", "Fokusområde", "Mål", "Beskrivning", "Id"])
        ws.append(["", "Trygghetsplan Danderyd 2025", "Danderyd", "2025-01-01", "2025-12-31", 1, "Trygg i centrum",
                   "", "", ""])
        sheet = ws.parent.create_sheet("Indikatorer")
        sheet.append(["Plan-id", "Fokusområde", "Källa", "Indikator", "Plats", "Basår", "Mål"])
        sheet.append(["", "Trygg i centrum", "Brottslighet", "Skadegörelse", "", "", ""])
    write("fokusomraden_okand_kalla.xlsx", xlsx(areas))

    def other(ws):
        ws.title = "Data"
        ws.append(["Fokusområde", "Mål"])
        ws.append(["Trygg i centrum", "Färre otrygga"])
    write("fokusomraden_utan_blad.xlsx", xlsx(other))


if __name__ == "__main__":
    main()
