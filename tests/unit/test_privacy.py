"""Masking of personal data in free-text notes (loaders.privacy): exact outputs and counts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loaders import privacy
from loaders.privacy import KINDS, TOKENS, mask_column, mask_text, summary

P, T, E, R = TOKENS["personnummer"], TOKENS["telefonnummer"], TOKENS["e-post"], TOKENS["registreringsnummer"]


def test_api_constants():
    assert KINDS == ("personnummer", "telefonnummer", "e-post", "registreringsnummer")
    assert TOKENS == {"personnummer": "[personnummer]", "telefonnummer": "[telefonnummer]",
                      "e-post": "[e-post]", "registreringsnummer": "[regnr]"}


MUST_MASK = [
    # personnummer and samordningsnummer
    ("Pratade med pojke 050412-1234, mamma ringd på 070-123 45 67",
     f"Pratade med pojke {P}, mamma ringd på {T}", {"personnummer": 1, "telefonnummer": 1}),
    ("Flicka 19850412-1234 omhändertogs.", f"Flicka {P} omhändertogs.", {"personnummer": 1}),
    ("pnr 198504121234 enligt id-kort", f"pnr {P} enligt id-kort", {"personnummer": 1}),
    ("Legitimerade sig, 850412-1234.", f"Legitimerade sig, {P}.", {"personnummer": 1}),
    ("Pnr: 8504121234", f"Pnr: {P}", {"personnummer": 1}),
    ("pnr850412-1234", f"pnr{P}", {"personnummer": 1}),
    ("Äldre man 120412+1234 förvirrad", f"Äldre man {P} förvirrad", {"personnummer": 1}),
    ("Uppgav 850412 1234 muntligt", f"Uppgav {P} muntligt", {"personnummer": 1}),
    ("Flicka (20050412-1234) hämtades av förälder", f"Flicka ({P}) hämtades av förälder", {"personnummer": 1}),
    ("Samordningsnummer 850472-1234 noterat", f"Samordningsnummer {P} noterat", {"personnummer": 1}),
    ("Samordningsnr 19850491-1234", f"Samordningsnr {P}", {"personnummer": 1}),
    ("Pojke 0504121234 och 050412-1235", f"Pojke {P} och {P}", {"personnummer": 2}),
    ("Kontrollsiffran fel: 850412-1235", f"Kontrollsiffran fel: {P}", {"personnummer": 1}),   # no Luhn check
    ("Yngling 19850412 1234 visiterades", f"Yngling {P} visiterades", {"personnummer": 1}),
    ("Yngling 20050412 1234 visiterades", f"Yngling {P} visiterades", {"personnummer": 1}),
    # telephone numbers
    ("Mamma nås på 070-123 45 67.", f"Mamma nås på {T}.", {"telefonnummer": 1}),
    ("Ring 0701234567 vid behov", f"Ring {T} vid behov", {"telefonnummer": 1}),
    ("Pappa 070 123 45 67, kom direkt", f"Pappa {T}, kom direkt", {"telefonnummer": 1}),
    ("Nr 070-1234567 lämnat", f"Nr {T} lämnat", {"telefonnummer": 1}),
    ("Väktare +46 70 123 45 67 larmade", f"Väktare {T} larmade", {"telefonnummer": 1}),
    ("sms till +46701234567", f"sms till {T}", {"telefonnummer": 1}),
    ("tel 0046 70 123 45 67", f"tel {T}", {"telefonnummer": 1}),
    ("Kontakt: +46 (0)70-123 45 67 (mamma)", f"Kontakt: {T} (mamma)", {"telefonnummer": 1}),
    ("Skolan 08-123 456 78 meddelad", f"Skolan {T} meddelad", {"telefonnummer": 1}),
    ("Fritidsgården 08 123 456 78", f"Fritidsgården {T}", {"telefonnummer": 1}),
    ("Vakten 08-12345678 ringde", f"Vakten {T} ringde", {"telefonnummer": 1}),
    ("Göteborg 031-12 34 56", f"Göteborg {T}", {"telefonnummer": 1}),
    ("Bolaget 0771-12 34 56 kontaktat", f"Bolaget {T} kontaktat", {"telefonnummer": 1}),
    ("Anmälare tel. 070 12 34 567", f"Anmälare tel. {T}", {"telefonnummer": 1}),
    ("tel:0701234567", f"tel:{T}", {"telefonnummer": 1}),
    ("Tel0701234567", f"Tel{T}", {"telefonnummer": 1}),
    ("Växel 08-12 20 25", f"Växel {T}", {"telefonnummer": 1}),
    ("Mamma 070–123 45 67 (tankstreck)", f"Mamma {T} (tankstreck)", {"telefonnummer": 1}),
    ("Ring 070-123 45 67 12 ungdomar på plats", f"Ring {T} 12 ungdomar på plats", {"telefonnummer": 1}),
    ("Mamma 070-123 456 (en siffra saknas)", f"Mamma {T} (en siffra saknas)", {"telefonnummer": 1}),
    ("Två nummer: 0701234567 0731234567", f"Två nummer: {T} {T}", {"telefonnummer": 2}),
    ("Den 05-09-2025 ringde 0701234567", f"Den 05-09-2025 ringde {T}", {"telefonnummer": 1}),
    ("2025-09-05 kl 21.30 ring 08-123 456 78", f"2025-09-05 kl 21.30 ring {T}", {"telefonnummer": 1}),
    # e-mail
    ("Mejl till anna.andersson@danderyd.se skickat", f"Mejl till {E} skickat", {"e-post": 1}),
    ("Kontakt kalle_k+vakt@gmail.com.", f"Kontakt {E}.", {"e-post": 1}),
    ("SKICKAT TILL ANNA@EXEMPEL.SE", f"SKICKAT TILL {E}", {"e-post": 1}),
    ("sms-adress 0701234567@sms.se", f"sms-adress {E}", {"e-post": 1}),
    ("elevkonto 850412-1234@skola.se", f"elevkonto {E}", {"e-post": 1}),
    # registration numbers
    ("Bil ABC 123 stod på gångvägen", f"Bil {R} stod på gångvägen", {"registreringsnummer": 1}),
    ("Moped ABC123 utan förare", f"Moped {R} utan förare", {"registreringsnummer": 1}),
    ("Ny skylt ABC 12A", f"Ny skylt {R}", {"registreringsnummer": 1}),
    ("Reg.nr ABC-123 noterat", f"Reg.nr {R} noterat", {"registreringsnummer": 1}),
    ("Bilar WXY 987 och DEF 45G", f"Bilar {R} och {R}", {"registreringsnummer": 2}),
    # all four kinds at once
    ("Förare 850412-1234 i ABC 123, tel 070-123 45 67, mejl anna@exempel.se",
     f"Förare {P} i {R}, tel {T}, mejl {E}",
     {"personnummer": 1, "telefonnummer": 1, "e-post": 1, "registreringsnummer": 1}),
]


@pytest.mark.parametrize("text, expected, counts", MUST_MASK, ids=[m[0][:40] for m in MUST_MASK])
def test_masks(text, expected, counts):
    assert mask_text(text) == (expected, counts)


MUST_NOT_MASK = [
    # dates
    "Promenad 2025-09-05 i centrum", "Datum 5/9/2025", "Datum 5.9.2025", "Den 05-09-2025 lugnt", "Den 05-12-2025 lugnt", "Den 08-09-2025 lugnt",
    "Den 08-12-2025 lugnt", "Den 08-12-2025 12 ungdomar", "Den 31–12–1999", "Den 05 12 2025 lugnt",
    "Datum 05091999",
    "Rapport 20250905", "Lördag 5 sep 2025", "Den 05/09/2025", "Den 05.09.2025", "Datum 05092025",
    # times
    "Start 21:30", "Start 21.30", "Start 2130", "kl. 21.30 samling", "Pass 21.00-01.00", "Pass 2100-0100",
    "Pass 0800-1000", "kl 08.00–10.00 vid skolan", "Pass 0915-1030", "Pass 0900 - 1100", "Pass 08:00-10:00",
    "Pass 08001000", "Pass 09001100", "Pass 0700-0930 12 ungdomar", "Datum 05092025 12 ungdomar", "Tid 0930 1130 4 ungdomar", "Löpnr 080123456", "Pass 250905 2130-0100", "Stämpel 20250905 2130",
    # counts and amounts
    "12 ungdomar vid torget", "ca 120 personer", "vid 100 personer", "skada för 10 000 kr",
    "1 500 deltagare", "0,5 promille", "ca 0 personer",
    # postcode, years, grades, abbreviations, incident numbers
    "182 31 Danderyd", "sedan 2017", "under 2016-2017", "T2 2020", "elever i åk 9", "KLK 2017",
    "SOC 2018-04-30", "händelse nr 4512", "Ärende 5000-K123456-25", "Ringde SOS 112",
    # not plates: forbidden letters, last letter O, lower case
    "ABI 123", "AVC 123", "ABC 12O", "abc 123", "ABÖ 123", "ABCD 123", "ABC 1234",
    # not phone numbers: foreign, dotted, glued to letters
    "+45 12 34 56 78", "070.123.45.67",
]


@pytest.mark.parametrize("text", MUST_NOT_MASK)
def test_does_not_mask(text):
    assert mask_text(text) == (text, {})


AMBIGUOUS = [
    # 070 + 7 digits without separator is a mobile number, even though 070123 is a date
    ("0701234567", T, {"telefonnummer": 1}),
    # other ten-digit runs with a plausible date are personnummer
    ("0311234567", P, {"personnummer": 1}),
    # a date part that is not a date is no personnummer; a 0-prefixed number then is a phone number
    ("0812345678", T, {"telefonnummer": 1}),
    ("8513121234", "8513121234", {}),
    ("850432-1234", "850432-1234", {}),
    ("850492-1234", "850492-1234", {}),
    ("850400-1234", "850400-1234", {}),
    # with +46 even an eight-digit run is a number
    ("+4681234567", T, {"telefonnummer": 1}),
    ("+465092025", T, {"telefonnummer": 1}),
    # a personnummer with century, space and a non-time last part is masked
    ("20250905 9999", P, {"personnummer": 1}),
    ("20250905 2160", P, {"personnummer": 1}),
    ("250905 2130", P, {"personnummer": 1}),
    # upper-case notes: a three-letter word and three digits looks like a plate
    ("MED 100 PERSONER", f"{R} PERSONER", {"registreringsnummer": 1}),
]


@pytest.mark.parametrize("text, expected, counts", AMBIGUOUS)
def test_documented_choices(text, expected, counts):
    assert mask_text(text) == (expected, counts)


def test_mask_text_returns_only_kinds_found():
    text, counts = mask_text("Inget här att maskera, 3 personer.")
    assert text == "Inget här att maskera, 3 personer."
    assert counts == {}
    assert mask_text("") == ("", {})


def _expected_counts(index, rows):
    return pd.DataFrame(np.array(rows, dtype="int64"), index=index, columns=list(KINDS))


def test_mask_column_object_with_na_and_empty():
    values = pd.Series(
        ["Pratade med 850412-1234", None, "", "12 ungdomar", np.nan,
         "Ring 070-123 45 67 eller 08-123 456 78", pd.NA, "Bil ABC 123, anna@exempel.se"],
        index=[10, 11, 12, 13, 14, 15, 16, 17], dtype=object)
    masked, counts = mask_column(values)
    assert masked.dtype == object
    assert masked.index.tolist() == [10, 11, 12, 13, 14, 15, 16, 17]
    assert masked.iloc[:4].tolist() == [f"Pratade med {P}", None, "", "12 ungdomar"]
    assert masked.iloc[4] is np.nan or (isinstance(masked.iloc[4], float) and np.isnan(masked.iloc[4]))
    assert masked.iloc[5] == f"Ring {T} eller {T}"
    assert masked.iloc[6] is pd.NA
    assert masked.iloc[7] == f"Bil {R}, {E}"
    pd.testing.assert_frame_equal(counts, _expected_counts(values.index, [
        [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0],
        [0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1]]))
    assert values.iloc[0] == "Pratade med 850412-1234"          # the input is not changed


@pytest.mark.parametrize("dtype", ["str", pd.StringDtype("python"), pd.StringDtype("pyarrow")])
def test_mask_column_string_dtypes(dtype):
    values = pd.Series(["Mejl anna@exempel.se", None, "", "kl 21.30 lugnt"], index=list("abcd"), dtype=dtype)
    masked, counts = mask_column(values)
    assert masked.dtype == values.dtype
    assert masked.index.tolist() == ["a", "b", "c", "d"]
    assert masked.iloc[0] == f"Mejl {E}"
    assert masked.isna().tolist() == [False, True, False, False]
    assert masked.iloc[2:].tolist() == ["", "kl 21.30 lugnt"]
    pd.testing.assert_frame_equal(counts, _expected_counts(values.index, [
        [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]))


def test_mask_column_fast_path_skips_cells_without_digit_or_at(monkeypatch):
    seen = []
    real = privacy.mask_text
    monkeypatch.setattr(privacy, "mask_text", lambda text: (seen.append(text), real(text))[1])
    masked, counts = mask_column(pd.Series(["lugn kväll", "ABC 123", None, "skriv till x@y.se", ""], dtype=object))
    assert seen == ["ABC 123", "skriv till x@y.se"]
    assert masked.tolist() == ["lugn kväll", R, None, f"skriv till {E}", ""]
    assert counts.sum().tolist() == [0, 0, 1, 1]


def test_mask_column_numeric_cells():
    masked, counts = mask_column(pd.Series([8504121234, 12], dtype="int64"))
    assert masked.dtype == object
    assert masked.tolist() == [P, 12]
    assert counts.to_numpy().tolist() == [[1, 0, 0, 0], [0, 0, 0, 0]]
    untouched, _ = mask_column(pd.Series([12, 2017], dtype="int64"))
    assert untouched.dtype == "int64" and untouched.tolist() == [12, 2017]


def test_mask_column_empty():
    masked, counts = mask_column(pd.Series([], dtype=object))
    assert masked.empty and masked.dtype == object
    assert counts.columns.tolist() == list(KINDS) and counts.empty


def _counts(rows):
    return pd.DataFrame(np.array(rows, dtype="int64").reshape(-1, len(KINDS)), columns=list(KINDS))


def test_summary_one_line_per_kind():
    counts = _counts([[1, 0, 0, 0], [0, 2, 0, 0], [2, 0, 1, 0], [0, 0, 0, 0], [0, 1, 1, 1]])
    assert summary(counts, np.array([5, 8, 17, 20, 40]), "Anteckningar") == [
        "Kolumn «Anteckningar»: 3 personnummer maskerades (rad 5, 17).",
        "Kolumn «Anteckningar»: 3 telefonnummer maskerades (rad 8, 40).",
        "Kolumn «Anteckningar»: 2 e-postadresser maskerades (rad 17, 40).",
        "Kolumn «Anteckningar»: 1 registreringsnummer maskerades (rad 40).",
    ]


def test_summary_singular_e_mail():
    assert summary(_counts([[0, 0, 1, 0]]), [3], "Notering") == [
        "Kolumn «Notering»: 1 e-postadress maskerades (rad 3)."]


def test_summary_lists_ten_rows_then_the_rest():
    counts = _counts([[1, 0, 0, 0]] * 13 + [[0, 0, 0, 1]] * 11)
    rows = list(range(2, 26))
    assert summary(counts, rows, "Anteckningar") == [
        "Kolumn «Anteckningar»: 13 personnummer maskerades (rad 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 och 3 rader till).",
        "Kolumn «Anteckningar»: 11 registreringsnummer maskerades "
        "(rad 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 och 1 rad till).",
    ]


def test_summary_exactly_ten_rows_has_no_tail():
    counts = _counts([[0, 1, 0, 0]] * 10)
    assert summary(counts, range(1, 11), "Anteckningar") == [
        "Kolumn «Anteckningar»: 10 telefonnummer maskerades (rad 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)."]


def test_summary_empty_when_nothing_masked():
    assert summary(_counts([[0, 0, 0, 0], [0, 0, 0, 0]]), [4, 5], "Anteckningar") == []
    assert summary(_counts([]), [], "Anteckningar") == []


def test_summary_from_mask_column_uses_file_rows_not_index():
    values = pd.Series(["ok", "ring 0701234567", None, "850412-1234"], index=[7, 3, 9, 1], dtype=object)
    _, counts = mask_column(values)
    assert summary(counts, np.array([2, 3, 4, 5]), "Anteckningar") == [
        "Kolumn «Anteckningar»: 1 personnummer maskerades (rad 5).",
        "Kolumn «Anteckningar»: 1 telefonnummer maskerades (rad 3).",
    ]


def test_summary_rows_must_align():
    with pytest.raises(ValueError):
        summary(_counts([[1, 0, 0, 0]]), [1, 2], "Anteckningar")
