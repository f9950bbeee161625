"""Swedish number and date formatting: decimal comma, space as thousands separator."""
from __future__ import annotations

import math

import pandas as pd

THOUSANDS = "\u00a0"          # a no-break space, so "12 345" never wraps
PLOTLY_SEPARATORS = "," + THOUSANDS
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
WEEKDAYS_SHORT = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]
MISSING = ".."


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0) -> str:
    """12345.6 -> '12 345,6'; missing -> '..'."""
    if _is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def signed(value, decimals: int = 0) -> str:
    """+18 / -5 / ±0 (ASCII minus, so Streamlit's metric and Excel read the sign)."""
    if _is_missing(value):
        return MISSING
    if round(float(value), decimals) == 0:
        return "±0"
    return ("+" if value > 0 else "-") + number(abs(value), decimals)


def percent(value, decimals: int = 0) -> str:
    return MISSING if _is_missing(value) else f"{number(value, decimals)}\u00a0%"


def month_label(year: int, month: int, short: bool = True) -> str:
    return f"{(MONTHS_SHORT if short else MONTHS)[int(month) - 1]} {int(year)}"


def period_label(year: int, period, period_type: str) -> str:
    if period_type == "month":
        return month_label(year, period)
    if period_type == "quarter":
        return f"kv {int(period)} {int(year)}"
    return str(int(year))


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def data_period(frame, period_type: str = "year") -> str:
    """The period a result actually covers: '2016–2025', or 'jan 2023–dec 2025' for months."""
    known = frame.dropna(subset=["year"])
    if known.empty:
        return MISSING
    if period_type != "month":
        return year_span(int(known["year"].min()), int(known["year"].max()))
    index = known["year"].astype(int) * 12 + known["period"].astype(int) - 1
    first, last = int(index.min()), int(index.max())
    return f"{month_label(first // 12, first % 12 + 1)}–{month_label(last // 12, last % 12 + 1)}"


def sort_key(text: str) -> str:
    """Swedish alphabetical order: å, ä, ö after z."""
    return str(text).casefold().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e"}))
