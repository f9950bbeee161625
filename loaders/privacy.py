"""Masking of personal data in free text (notes from patrol and walk logs) before anything is stored.

Four kinds are masked, in this order (`KINDS`), each replaced by a Swedish token (`TOKENS`):

1. **personnummer** and samordningsnummer: `19850412-1234`, `198504121234`, `850412-1234`,
   `8504121234`, `850412+1234`, `850412 1234`, samordningsnummer with day 61–91. The date part must be
   plausible (month 01–12, day 01–31 or 61–91); the check digit is *not* verified, so typos are
   masked too. Masked first, so a personnummer is never half-eaten by the phone rule.
2. **telefonnummer**: Swedish numbers, national (`070-123 45 67`, `08-123 456 78`, `0771-12 34 56`)
   or international (`+46 70 123 45 67`, `0046 …`, `+46 (0)70-…`). See `_phone_ok` for the rules
   that keep dates (`05-09-2025`) and time ranges (`0800-1000`, `0915-1030`) out.
3. **e-post**: `namn.efternamn@doman.se`, any case.
4. **registreringsnummer**: Swedish plates in upper case, `ABC 123`, `ABC123`, `ABC-123` and the
   newer `ABC 12A`. Plate letters exclude I, Q, V, Å, Ä, Ö and the last letter is never O.

Choices (on purpose; the tests pin them):

- A police diarienummer (`Ärende 5000-K123456-25`) is *not* masked: it identifies a case, not a
  person, and is what a reader needs to follow the case up. None of the patterns matches it.
- Ten digits without separator that start with `070` (`0701234567`) are a mobile number, not a
  personnummer for someone born 2007 (month 0x). Other ten-digit runs with a plausible date are
  personnummer (`0311234567` is counted as personnummer). Either way the digits are masked; only the
  kind named in the summary differs.
- Digits glued to letters are still masked (`pnr850412-1234`, `tel0701234567`); digits right before
  an `@` (`0701234567@sms.se`) belong to an address, which the e-mail rule takes as a whole.
- A date written day-month-year with dashes (`08-12-2025`) never starts a phone number, although
  `08-12 20 25` is one.
- Only Swedish phone numbers (+46/0046 or a leading 0) are recognised; foreign numbers
  (`+45 12 34 56 78`) and numbers written with dots (`070.123 45 67`) are left as they are.
- Registration numbers are upper case only, so counts (`vid 100 personer`) stay. In notes written
  entirely in capitals a word of three plate letters followed by three digits (`MED 100 PERSONER`)
  is masked; `SOS 112` is excepted by name.
- Eight digits with century, a space and four digits that read as a clock time, with a year from
  2020 on (`20250905 2130`), are a date and a time, not a small child's personnummer. A number
  followed by a dash and digits (`250905 2130-0100`) is a date and a time range.
- Unseparated eight-digit runs (`05092025`, `08001000`) are taken as a date or a time range, not as
  an eight-digit phone number; with +46 they are numbers. Twelve digits (`202509052130`, a time
  stamp) are indistinguishable from a personnummer with century and are masked.
- The summary names kinds in Swedish nouns (`2 e-postadresser`, `1 e-postadress`) and says
  `och 1 rad till` / `och N rader till`.
- `mask_column` keeps the series' dtype (object stays object, None stays None, the string dtype
  stays string); a numeric column becomes object only so that the tokens fit.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

KINDS = ("personnummer", "telefonnummer", "e-post", "registreringsnummer")
TOKENS = {
    "personnummer": "[personnummer]",
    "telefonnummer": "[telefonnummer]",
    "e-post": "[e-post]",
    "registreringsnummer": "[regnr]",
}
MAX_ROWS_LISTED = 10
# What the summary calls each kind: (singular, plural). Samordningsnummer count as personnummer.
NOUNS = {
    "personnummer": ("personnummer", "personnummer"),
    "telefonnummer": ("telefonnummer", "telefonnummer"),
    "e-post": ("e-postadress", "e-postadresser"),
    "registreringsnummer": ("registreringsnummer", "registreringsnummer"),
}

# --- personnummer / samordningsnummer -------------------------------------------------------------

_PNR = re.compile(
    r"(?<![\d@])"
    r"(?P<century>19|20)?"
    r"(?P<date>\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01]))"
    r"(?P<sep>[-+]|[ \u00a0])?"
    r"\d{4}"
    r"(?![\d@]|[-–.:]\d)"                 # not 250905 2130-0100 (a date and a time range)
)


def _pnr_ok(m: re.Match) -> bool:
    if m["century"] is None and m["sep"] is None and m["date"].startswith("070"):
        return False                        # 070xxxxxxx: a mobile number (see the module docstring)
    if m["century"] == "20" and m["sep"] in (" ", "\u00a0") and m["date"][:2] >= "20":
        last = m.group()[-4:]               # 20250905 2130: a date and a clock time, not a child's number
        return not (last[:2] <= "23" and last[2:] <= "59")
    return True


# --- telephone numbers ---------------------------------------------------------------------------

_SPACE = "[ \u00a0\u202f]"
_SEP = rf"(?:{_SPACE}*[-–]{_SPACE}*|{_SPACE}{{1,2}})"
# A run of digit groups, optionally after +46 / 0046 (with an optional "(0)"). Validated in code.
_PHONE_RUN = re.compile(
    rf"(?<![\d_.,@+])"
    rf"(?P<intl>(?:\+|00)46(?:[ \u00a0\u202f-]*\(0\))?[ \u00a0\u202f-]*)?"
    rf"\d+(?:{_SEP}\d+)*"
)
_GROUP = re.compile(r"\d+")
_DATE_DASHED = re.compile(r"(?:0[1-9]|[12]\d|3[01])[-–](?:0[1-9]|1[0-2])[-–](?:19|20)\d\d(?!\d)")
_MOBILE = ("070", "072", "073", "076", "079")


def _is_date_ddmmyyyy(d: str) -> bool:
    return (len(d) == 8 and 1 <= int(d[:2]) <= 31 and 1 <= int(d[2:4]) <= 12
            and d[4:6] in ("19", "20"))


def _is_time_range(d: str) -> bool:
    return (len(d) == 8 and int(d[:2]) <= 24 and int(d[2:4]) <= 59
            and int(d[4:6]) <= 24 and int(d[6:]) <= 59)


def _phone_ok(groups: list[str], intl: bool) -> bool:
    """Whether these digit groups (as written, split at spaces and dashes) are one Swedish number.

    National form has 8–10 digits starting with 0 and not 00 (a mobile number with a digit missing
    is still masked). When the number is grouped, the first group is the area code: `08` or three
    to four digits (a mobile number may also be written 070123 45 67); the subscriber part after it
    has 5–8 digits, starts with 1–9 and has no single-digit groups. That rejects dates
    (`05-09-2025`: a two-digit area code other than 08) and time ranges (`0800-1000`, `0915-1030`:
    a four-digit "subscriber number"; `0700-0930 12`: a subscriber number starting with 0).
    Ungrouped eight-digit runs that read as a date (`05092025`) or a time range (`09001100`) are
    not numbers unless written with +46.
    """
    if intl and not groups[0].startswith("0"):
        groups = ["0" + groups[0], *groups[1:]]
    digits = "".join(groups)
    if not 8 <= len(digits) <= 10 or digits[0] != "0" or digits[1] == "0":
        return False
    mobile = digits.startswith(_MOBILE)
    if digits[1] == "8" and digits[2] == "0":              # 08 + a subscriber number starting with 0
        return False
    if len(groups) == 1:
        return intl or not (_is_date_ddmmyyyy(digits) or _is_time_range(digits))
    area, rest = groups[0], groups[1:]
    if any(len(g) < 2 for g in rest):
        return False
    if len(area) > 4:                                       # 070123 45 67: only for mobile numbers
        return mobile
    if len(area) == 2 and area != "08":
        return False
    subscriber = "".join(rest)
    return subscriber[0] != "0" and 5 <= len(subscriber) <= 8


def _mask_phones(text: str) -> tuple[str, int]:
    spans: list[tuple[int, int]] = []
    for run in _PHONE_RUN.finditer(text):
        intl = run["intl"] is not None
        body_start = run.start() + (len(run["intl"]) if intl else 0)
        groups = [(g.start(), g.end(), g.group()) for g in _GROUP.finditer(text, body_start, run.end())]
        after = text[run.end():run.end() + 1]
        run_end_free = after not in ("_", "@")              # digits before an @ belong to an address
        i = 0
        while i < len(groups):
            # The longest run of groups from here that is a number; else try from the next group.
            # A date written 08-12-2025 is never the start of a number (08-12 20 25 would be).
            if _DATE_DASHED.match(text, groups[i][0]):
                i += 1
                continue
            for k in range(len(groups), i, -1):
                if k == len(groups) and not run_end_free:
                    continue
                if _phone_ok([g[2] for g in groups[i:k]], intl and i == 0):
                    spans.append((run.start() if intl and i == 0 else groups[i][0], groups[k - 1][1]))
                    i = k
                    break
            else:
                i += 1
    for start, end in reversed(spans):
        text = text[:start] + TOKENS["telefonnummer"] + text[end:]
    return text, len(spans)


# --- e-mail --------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+'%-])[\w.+'%-]+@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")

# --- registration numbers ------------------------------------------------------------------------

_PLATE_LETTER = "[A-HJ-PR-UW-Z]"                 # no I, Q, V, Å, Ä, Ö
_LAST_LETTER = "[A-HJ-NPR-UW-Z]"                 # ... and the new format's last letter is never O
_PLATE = re.compile(
    rf"(?<![\w-])(?P<letters>{_PLATE_LETTER}{{3}})[ \u00a0-]?\d{{2}}(?:\d|{_LAST_LETTER})(?![\w-])")
_NOT_PLATES = {"SOS"}                           # SOS 112


def _sub(pattern: re.Pattern, token: str, text: str, ok) -> tuple[str, int]:
    count = 0

    def replace(m: re.Match) -> str:
        nonlocal count
        if not ok(m):
            return m.group()
        count += 1
        return token

    return pattern.sub(replace, text), count


def mask_text(text: str) -> tuple[str, dict[str, int]]:
    """Masked text and how many of each kind were masked (only kinds with count > 0 in the dict)."""
    counts: dict[str, int] = {}
    for kind in KINDS:
        if kind == "personnummer":
            text, n = _sub(_PNR, TOKENS[kind], text, _pnr_ok)
        elif kind == "telefonnummer":
            text, n = _mask_phones(text)
        elif kind == "e-post":
            text, n = _sub(_EMAIL, TOKENS[kind], text, lambda m: True)
        else:
            text, n = _sub(_PLATE, TOKENS[kind], text, lambda m: m["letters"] not in _NOT_PLATES)
        if n:
            counts[kind] = n
    return text, counts


_MAYBE = re.compile(r"[\d@]")             # every kind has a digit or an @


def _as_text(value) -> str | None:
    """The text of a cell, or None for cells that pass through unchanged (NA, empty, no digit or @)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        return None
    elif isinstance(value, float):
        if value != value:                                  # NaN
            return None
        text = str(int(value)) if value.is_integer() else str(value)
    else:
        try:
            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        text = str(value)
    return text if _MAYBE.search(text) else None


# In RE2 (Arrow): any number character, any of Python's \d (base._re2's {D}) or an @: a superset of
# _MAYBE, whose hits are checked again in Python.
_CANDIDATE = r"[\p{N}@]|{D}"


def _candidates(values: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    """(positions, texts) of the cells that may hold something to mask, found without a Python loop
    for text columns (object columns of str and missing values, or string dtypes); None for other
    columns (numbers from Excel …), which `mask_column` checks cell by cell."""
    dtype = values.dtype
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        text = values.array
    elif pd.api.types.is_object_dtype(dtype) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        text = values.array
    else:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    from loaders.base import _by_ascii

    arrow = pa.array(np.asarray(text, dtype=object), type=pa.large_string(), from_pandas=True)
    hit = pc.fill_null(_by_ascii(arrow, pc.match_substring_regex, _CANDIDATE), False).to_numpy(zero_copy_only=False)
    positions = np.flatnonzero(hit)
    return positions, pc.take(arrow, pa.array(positions)).to_pylist()


def mask_column(values: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """Mask every cell (strings; NA/None/"" pass through unchanged). Returns the masked series (same
    index, dtype object or string) and a DataFrame with the same index and one int column per KINDS
    entry (counts per row). Fast path: only cells with a digit or '@' go through the regexes, and
    each distinct text only once (a log repeats its notes).

    The series keeps its dtype (object stays object with None kept as None; the string dtype stays
    string). A non-text cell (a number read from Excel) is checked as text and replaced by the masked
    text only when something was masked.
    """
    counts = np.zeros((len(values), len(KINDS)), dtype="int64")
    found_cells = _candidates(values)
    if found_cells is None:
        found_cells = ([], [])
        for position, value in enumerate(values.array):
            text = _as_text(value)
            if text is not None:
                found_cells[0].append(position)
                found_cells[1].append(text)
    positions, texts = [], []
    done: dict[str, tuple[str, dict[str, int]]] = {}
    for position, text in zip(*found_cells):
        if text not in done:
            done[text] = mask_text(text) if _MAYBE.search(text) else (text, {})
        new, found = done[text]
        if not found:
            continue
        positions.append(position)
        texts.append(new)
        for kind, n in found.items():
            counts[position, KINDS.index(kind)] = n
    masked = values.copy()
    if positions:
        if not (pd.api.types.is_object_dtype(masked.dtype) or pd.api.types.is_string_dtype(masked.dtype)):
            masked = masked.astype(object)                  # a numeric column cannot hold the tokens
        masked.iloc[positions] = texts
    return masked, pd.DataFrame(counts, index=values.index, columns=list(KINDS))


def _noun(kind: str, n: int) -> str:
    return NOUNS[kind][0 if n == 1 else 1]


def summary(counts: pd.DataFrame, rows, column: str) -> list[str]:
    """Swedish notice lines for the import summary, one line per kind that occurred, e.g.
    'Kolumn «Anteckningar»: 3 personnummer maskerades (rad 5, 17, 40).'
    `rows` are the file row numbers aligned with counts' rows (array-like). At most 10 row numbers are
    listed, then ' och N rader till'. Empty list when nothing was masked.
    """
    rows = np.asarray(list(rows) if not hasattr(rows, "__len__") else rows)
    if len(rows) != len(counts):
        raise ValueError(f"rows has {len(rows)} entries, counts {len(counts)}")
    lines = []
    for kind in KINDS:
        if kind not in counts.columns:
            continue
        per_row = counts[kind].to_numpy()
        total = int(per_row.sum())
        if not total:
            continue
        hit = [int(r) for r in rows[per_row > 0]]
        listed = ", ".join(str(r) for r in hit[:MAX_ROWS_LISTED])
        more = len(hit) - MAX_ROWS_LISTED
        if more > 0:
            listed += f" och {more} {'rad' if more == 1 else 'rader'} till"
        lines.append(f"Kolumn «{column}»: {total} {_noun(kind, total)} maskerades (rad {listed}).")
    return lines
