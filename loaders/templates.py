"""Excel templates for every kind: a sheet with the headers and one example row, and a sheet
"Instruktioner" in Swedish. Tabular kinds' templates import as they are; for JSON and Parquet
kinds the sheet shows the fields, and the instructions say where the real file comes from."""
from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from loaders.registry import Loader, all_loaders


@dataclass(frozen=True)
class TemplateSpec:
    file_name: str
    columns: list[str]
    example: list
    steps: list[str]
    importable: bool = True          # the filled-in Excel file itself can be imported


SPECS = {
    "bra-kommun": TemplateSpec(
        "Anmälda brott kommunerna 2025 (mall).xlsx", ["Kommun", "Antal", "Per 100 000 inv."],
        ["Danderyd", 2565, 7634],
        ["Brå publicerar filen «Anmälda brott kommunerna ÅÅÅÅ.csv» på bra.se (Statistik > Anmälda brott).",
         "Ladda ned CSV-filen och importera den som den är; året tas från filnamnet.",
         "Den här mallen är samma kolumner i Excel. Behåll året i filnamnet eller ange det vid importen."]),
    "bra-databasfil": TemplateSpec(
        "Databasfil (mall).xlsx", ["Region", "Brott", "År", "Period", "Antal", "/100 000 inv"],
        ["Danderyd kommun", "Misshandel inkl. grov (5, 6 §)", "År", 2025, 161, 479],
        ["Gå till statistik.bra.se/solwebb, välj brottstyper, områden och perioder och klicka «Databasfil».",
         "Importera «Databasfil.txt» som den är. Helår skrivs År;2025, månader 2025;Jan, kvartal 2025;Kv 1.",
         "«prel.» = preliminär siffra, «..» = uppgift saknas, «-» = noll."]),
    "polisstatistik": TemplateSpec(
        "Polisstatistik (mall).xlsx", ["Område", "År", "Månad", "Brottskategori", "Antal"],
        ["Hässelby torg", 2025, "januari", "Skadegörelse", 12],
        ["En rad per område, år (och månad) och brottskategori, t.ex. från kommunpolisen.",
         "Området ska finnas i Lägesbild (kommun, stadsdelsområde, stadsdel eller plats); okända namn kan "
         "kopplas eller läggas till på importsidan.",
         "Lämna Månad tom för helårssiffror. Kategorier: se fliken «Kategorier»."]),
    "polisen-handelser": TemplateSpec(
        "Polisens händelser (fält).xlsx",
        ["id", "datetime", "name", "summary", "url", "type", "location.name", "location.gps"],
        [588164, "2025-06-07 6:38:18 +02:00", "07 juni 06.32, Misshandel, Malmö", "Man gripen, Malmö.",
         "/aktuellt/handelser/2025/juni/7/07-juni-06.32-misshandel-malmo/", "Misshandel", "Malmö",
         "55.604981,13.003822"],
        ["Importeras som JSON-filen från https://polisen.se/api/events (spara svaret som .json), eller som "
         "ett Parquet-arkiv med samma fält.", "Den här Excel-filen visar bara fälten; den kan inte importeras.",
         "Publicerade händelser är ett urval, inte brottsstatistik."], importable=False),
    "scb-folkmangd": TemplateSpec(
        "SCB folkmängd (fält).xlsx", ["key: Region", "key: Tid", "values: Folkmängd"], ["0162", "2025", "33600"],
        ["Hämta från SCB:s API (tabell BefolkningNy) med svarsformatet json, t.ex. från Statistikdatabasen.",
         "Välj bort kön och ålder (eller välj totalt). Den här Excel-filen visar bara fälten.",
         "Vill du hellre skriva in folkmängd själv: använd mallen «Folkmängd»."], importable=False),
    "folkmangd": TemplateSpec(
        "Folkmängd (mall).xlsx", ["Område", "År", "Folkmängd"], ["Hässelby-Vällingby", 2025, 77800],
        ["Folkmängd per område och år, t.ex. stadsdelsområden från Stockholms stads statistik.",
         "Används för att räkna anmälda brott per 100 000 invånare där källan inte gör det."]),
    "kolada": TemplateSpec(
        "Kolada (fält).xlsx", ["kpi", "municipality", "period", "values: gender", "values: value"],
        ["N07403", "0162", 2025, "T", 512.3],
        ["Hämta från api.kolada.se, t.ex. /v3/data/kpi/N07403/year/2020,2021,2022,2023,2024,2025 och spara "
         "svaret som .json.", "Den här Excel-filen visar bara fälten; den kan inte importeras."], importable=False),
    "enkat": TemplateSpec(
        "Enkätresultat (mall).xlsx",
        ["Undersökning", "År", "Område", "Årskurs", "Kön", "Indikator", "Värde", "Enhet", "Antal svarande"],
        ["Stockholmsenkäten", 2024, "Hässelby-Vällingby", "åk 9", "Flickor", "Känner sig trygg i området där man bor",
         78.5, "andel", 312],
        ["En rad per undersökning, år, område, årskurs, kön och indikator (fråga).",
         "Undersökning: Stockholmsenkäten, Stockholms stads trygghetsmätning, Polisens trygghetsmätning, NTU, "
         "Medborgarundersökning eller Egen enkät. Årskurs: åk 9, gy 2 eller Alla. Kön: Flickor/Kvinnor, "
         "Pojkar/Män eller Alla.",
         "Värde med decimalkomma; andelar i procent 0–100. Enhet: andel, index 0-6, index 0-100 eller medel 1-10.",
         "Dolda värden (för få svar) skrivs «..» eller «XX»; de visas som «..», aldrig som 0. Ange Antal "
         "svarande när det är känt, så visas osäkerheten (95 % konfidensintervall).",
         "Indikatorer som inte finns läggs till; de vanliga frågorna finns redan (se Instruktioner i Lägesbild)."]),
    "patrullogg": TemplateSpec(
        "Närvaro- och patrullogg (mall).xlsx",
        ["Datum", "Start", "Slut", "Plats", "Utförare", "Antal deltagare", "Ungdomar", "Berusade", "Iakttagelser"],
        ["2025-09-05", "21:00", "01:00", "Mörby centrum", "Föräldravandring", 7, 25, 1, "Lugnt. Grupp vid busshållplatsen."],
        ["En rad per pass: polisens närvaro, ordningsvakter, väktarrondering, föräldra- och nattvandringar, "
         "fältassistenter, grannsamverkan. Egna loggar går också bra som de är: rubrikraden får stå under "
         "titelrader och kolumnerna får heta t.ex. Starttid/Från/Tid från, Sluttid/Till/Tid till, Område/Adress, "
         "Typ/Organisation/Aktör, Antal/Deltagare, Anteckningar/Kommentar/Händelser.",
         "Datum som 2025-09-05, 5/9/2025, 5.9.2025 eller 5 sep 2025; tider som 21:30, 21.30, 2130 eller kl. 21.30. "
         "Slutar passet efter midnatt skrivs bara klockslaget (01:00); det räknas till nästa dag. Saknas sluttid "
         "går en kolumn med längd (Tid (min), Timmar) också bra.",
         "Utförare tolkas från texten (Polisen, Kommunpolis, Securitas, Ordningsvakter, Föräldravandring, "
         "Nattvandrare, Fältassistenter, Grannsamverkansbilen …). Okända utförare får du tolka på importsidan.",
         "Iakttagelser som antal: Ungdomar, Berusade, Skadegörelse, Bränder, Bråk, Polis kontaktad (antal eller Ja/Nej).",
         "Personnummer, telefonnummer, e-post och registreringsnummer i anteckningar maskeras innan något "
         "sparas. Skriv inga namn: de kan inte hittas automatiskt."]),
    "handlingsplan": TemplateSpec(
        "Handlingsplan (mall).xlsx",
        ["Plan", "Fokusområde", "Mål", "Aktivitet", "Genomförande", "Ansvarig", "Klart senast", "Status", "Resultat"],
        ["Handlingsplan för samverkan mellan Danderyds kommun och polisen 2025–2026",
         "Minska inbrott och bildelsstölder", "Färre bostadsinbrott än 2024", "Grannsamverkan",
         "Årsmöte för grannsamverkan; grannsamverkansbilen kör enligt plan", "KLK, Polis", "T2 2025", "Påbörjad", ""],
        ["En rad per aktivitet. Fokusområde och Mål behöver bara skrivas på första raden i varje fokusområde "
         "(tomt betyder samma som raden ovanför). «Plan» är planens rubrik med kommun (eller stadsdelsområde) "
         "och period; samma på alla rader eller bara på första.",
         "Planer som de redan finns går också bra: ett Excel-blad med rubriken överst, eller tabellen kopierad "
         "från Word som text. Kolumnerna får heta Aktivitet/Åtgärd/Insats, Genomfört/Tidplan/Klart, "
         "Resultat/Uppföljning; upprepade rubrikrader från sidbrytningar hoppas över.",
         "Klart senast som 2025-06-30, T2 2025 (tertial), Q3 2025, juni 2025 eller hösten 2025; «löpande» "
         "går att skriva efter datumet.",
         "Status: Genomförd, Påbörjad, Pågår eller Ej genomförd (läses också från början av Resultat); texten "
         "sparas som den står.",
         "Skriv förkortningar under tabellen efter en rad «Förkortningar»: förkortningen i första kolumnen och "
         "betydelsen i den andra. De blir planens ordlista."]),
    "fokusomraden": TemplateSpec(
        "Fokusområden (mall).xlsx",
        ["Plan-id", "Plan", "Gäller för", "Från", "Till", "Nr", "Fokusområde", "Mål", "Beskrivning", "Id"],
        ["danderyd-handlingsplan-2017-2018", "Handlingsplan för samverkan mellan Danderyds kommun och polisen "
         "2017-05-01 till 2018-04-30", "Danderyd", "2017-05-01", "2018-04-30", 2, "Minska inbrott och bildelsstölder",
         "Färre bostadsinbrott och stölder ur och från fordon.", "", ""],
        ["Tre blad: «Fokusområden» (en rad per fokusområde), «Platser» (fokusområdets platser) och «Indikatorer» "
         "(det som följer upp fokusområdet). Mallen innehåller två av Danderyds fokusområden som exempel.",
         "Enklast: ladda ned fokusområdena från sidan Fokusområden, ändra i filen och importera den igen."]),
    "platser": TemplateSpec(
        "Platser (mall).xlsx", ["Namn", "Nivå", "Ingår i", "SCB-kod", "Alias"],
        ["Rinkeby torg", "plats", "Rinkeby", "", "Rinkebytorget|Rinkeby Torg"],
        ["Lägger till platser (torg, skolor, centrum …) och stavningar som källorna använder.",
         "Nivå: län, kommun, stadsdelsområde, stadsdel (kommundel) eller plats. «Ingår i» är en plats som "
         "redan finns.", "Flera alias skiljs med «|»."]),
}


def spec_for(loader: Loader) -> TemplateSpec:
    """The template of a kind; a kind without one gets its header line and description."""
    if loader.kind in SPECS:
        return SPECS[loader.kind]
    columns = loader.template.split(";") if loader.template else ["(se instruktionerna)"]
    return TemplateSpec(f"{loader.title} (mall).xlsx", columns, [""] * len(columns), [loader.description],
                        importable=bool(loader.template))


def template_bytes(loader: Loader) -> bytes:
    if loader.kind == "fokusomraden":   # three sheets, the same workbook as the export
        from loaders.priority_areas import template_workbook
        return template_workbook()
    spec = spec_for(loader)
    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(spec.columns)
    data.append(spec.example)
    for cell in data[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0072B2")
    for i, column in enumerate(spec.columns, start=1):
        data.column_dimensions[data.cell(1, i).column_letter].width = max(14, len(str(column)) + 4)
    data.freeze_panes = "A2"
    help_sheet = book.create_sheet("Instruktioner")
    help_sheet.append([loader.title])
    help_sheet["A1"].font = Font(bold=True, size=14)
    help_sheet.append([loader.description])
    help_sheet.append([])
    for step in spec.steps:
        help_sheet.append([step])
    help_sheet.append([])
    help_sheet.append(["Kolumn", "Exempel"])
    help_sheet.cell(help_sheet.max_row, 1).font = Font(bold=True)
    help_sheet.cell(help_sheet.max_row, 2).font = Font(bold=True)
    for column, example in zip(spec.columns, spec.example):
        help_sheet.append([column, example])
    help_sheet.column_dimensions["A"].width = 100
    help_sheet.column_dimensions["B"].width = 40
    for row in help_sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    if loader.kind == "polisstatistik":
        from lagesbild.registry import build_categories

        cats = book.create_sheet("Kategorier")
        cats.append(["Brottskategori"])
        cats["A1"].font = Font(bold=True)
        for label in build_categories()[0]["label"]:
            cats.append([label])
        cats.column_dimensions["A"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def all_templates() -> list[tuple[Loader, TemplateSpec]]:
    return [(loader, spec_for(loader)) for loader in all_loaders()]
