"""Polisen's published events: the JSON array from polisen.se/api/events, and the Parquet archive
(dnouri/polisen-se-events-history) with the same fields.

- `datetime` ("2025-06-07 6:38:18 +02:00", hour not zero-padded) is when it was published or updated.
- The incident time is only in `name` ("07 juni 06.32, Misshandel, Malmö"), without a year: the
  year comes from `datetime`, one less when a December incident was published in January.
- `location.name` is a kommun or a län; for a län, the kommun is the text after the last comma of
  `name` when that is a kommun in the län. `gps` is "lat,lng" of that area's centre.
- Relative `url`s get https://polisen.se in front. The same `id` again is the same event: the latest
  `datetime` wins. `Sammanfattning …` events are stored but never counted as incidents.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from lagesbild.names import name_key
from lagesbild.registry import HERE as REGISTRY_DIR
from loaders.base import (FIRST_YEAR, MONTHS, ImportRejected, Parsed, Problems, SourceFile, extract, per_distinct,
                          replace)
from loaders.registry import Loader, Peek

POLISEN = "https://polisen.se"
DATETIME = (r"^\s*(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})[ T](?P<h>\d{1,2}):(?P<mi>\d{2})"
            r"(?::(?P<s>\d{2}))?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$")
TITLE_TIME = r"^\s*(?P<d>\d{1,2})\s+(?P<mon>[^\W\d_]+)\s+(?P<h>\d{1,2})[.:](?P<mi>\d{2})\s*,"
# The same in Arrow's RE2 (base.extract). DATETIME exactly; in TITLE_TIME the month word may hold
# any characters but spaces: a word with others is no month name, so the time is missing either way.
DATETIME_RE2 = (r"^{S}*(?P<y>{D}{4})-(?P<mo>{D}{1,2})-(?P<d>{D}{1,2})[ T](?P<h>{D}{1,2}):(?P<mi>{D}{2})"
                r"(?::(?P<s>{D}{2}))?(?:\.{D}+)?{S}*(?:Z|[+-]{D}{2}:?{D}{2})?{S}*$")
TITLE_TIME_RE2 = r"^{S}*(?P<d>{D}{1,2}){S}+(?P<mon>{^S}+){S}+(?P<h>{D}{1,2})[.:](?P<mi>{D}{2}){S}*,"
GPS = r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$"
GPS_RE2 = r"^{S}*(?P<_0>-?{D}+(?:\.{D}+)?){S}*,{S}*(?P<_1>-?{D}+(?:\.{D}+)?){S}*$"
ARCHIVE_COLUMNS = {"event_id", "datetime", "name", "type", "location_name"}


class PolisenEvents(Loader):
    kind = "polisen-handelser"
    title = "Polisens händelser (JSON från API:t eller Parquet-arkiv)"
    description = (
        "Publicerade händelser från polisen.se/api/events (JSON-lista) eller ett Parquet-arkiv med "
        "samma fält (t.ex. dnouri/polisen-se-events-history). Obs: publicerade händelser är ett "
        "urval, inte brottsstatistik."
    )

    def sniff(self, peek: Peek) -> bool:
        if peek.is_parquet:
            return True
        data = peek.json
        return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
                and {"id", "datetime", "name", "location"} <= set(data[0]))

    def read(self, src: SourceFile, options: dict) -> Parsed:
        if src.data[:4] == b"PAR1":
            raw, word = _from_parquet(src), "rad"
        else:
            raw, word = _from_json(src), "post"
        problems = Problems(src.name, row_word=word)
        return _parse(raw, problems, src.name)


def _from_json(src: SourceFile) -> pd.DataFrame:
    data = Peek(src).json
    if not isinstance(data, list):
        raise ImportRejected(src.name, ["förväntade en JSON-lista med händelser som från polisen.se/api/events."])
    if not data:
        raise ImportRejected(src.name, ["listan innehåller inga händelser (filen är «[]»); förväntade minst en "
                                        "händelse som från polisen.se/api/events."])
    bad = [i + 1 for i, item in enumerate(data) if not isinstance(item, dict)]
    if bad:
        raise ImportRejected(src.name, [f"post {i}: förväntade ett objekt med id, datetime, name …" for i in bad[:10]])
    frame = _flatten(data)
    gps = frame["location.gps"].astype("string").fillna("")
    parts = extract(gps, GPS, GPS_RE2)
    return pd.DataFrame({
        "_row": np.arange(len(frame)) + 1,
        "event_id": frame["id"], "datetime": frame["datetime"], "name": frame["name"],
        "type": frame["type"], "summary": frame["summary"], "url": frame["url"],
        "location_name": frame["location.name"], "gps": gps,
        "lat": pd.to_numeric(parts[0], errors="coerce"), "lon": pd.to_numeric(parts[1], errors="coerce"),
    })


_FIELDS = ("id", "datetime", "name", "type", "summary", "url")


def _flatten(data: list[dict]) -> pd.DataFrame:
    """The fields we read, as `pd.json_normalize(data)` would give them (a missing key, or an object
    where a value belongs, is NaN; `location.name` and `location.gps` from the `location` object),
    without flattening everything else in every event."""
    frame = pd.DataFrame(data)
    columns = {}
    for key in _FIELDS:
        column = frame[key] if key in frame.columns else pd.Series(np.nan, index=frame.index, dtype=object)
        if column.dtype == object:
            column = column.mask(column.map(lambda v: isinstance(v, dict)).astype(bool), np.nan)
        columns[key] = column
    locations = frame["location"] if "location" in frame.columns else pd.Series(None, index=frame.index)
    for key in ("name", "gps"):
        values = [loc.get(key, np.nan) if isinstance(loc, dict) else np.nan for loc in locations]
        columns[f"location.{key}"] = pd.Series([np.nan if isinstance(v, dict) else v for v in values],
                                               index=frame.index, dtype=object)
    return pd.DataFrame(columns)


def _from_parquet(src: SourceFile) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(io.BytesIO(src.data))
    except Exception as exc:  # pyarrow's errors (ArrowInvalid, OSError …) share no useful base
        raise ImportRejected(src.name, [
            f"Parquet-filen går inte att läsa ({str(exc).strip()[:200]}); den kan vara skadad. Hämta den igen."]) from None
    missing = ARCHIVE_COLUMNS - set(frame.columns)
    if missing:
        raise ImportRejected(src.name, [
            "Parquet-filen saknar kolumnerna " + ", ".join(f"«{c}»" for c in sorted(missing))
            + " (förväntade event_id, datetime, name, summary, url, type, location_name, latitude, longitude)."])
    stamp = frame["datetime"]
    if pd.api.types.is_datetime64_any_dtype(stamp):
        if getattr(stamp.dt, "tz", None) is not None:
            stamp = stamp.dt.tz_convert("Europe/Stockholm").dt.tz_localize(None)
        stamp = stamp.dt.strftime("%Y-%m-%d %H:%M:%S")
    lat = frame["latitude"] if "latitude" in frame else pd.Series(np.nan, index=frame.index)
    lon = frame["longitude"] if "longitude" in frame else pd.Series(np.nan, index=frame.index)
    return pd.DataFrame({
        "_row": np.arange(len(frame)) + 1,
        "event_id": frame["event_id"], "datetime": stamp, "name": frame["name"], "type": frame["type"],
        "summary": frame.get("summary"), "url": frame.get("url"), "location_name": frame["location_name"],
        "gps": "", "lat": pd.to_numeric(lat, errors="coerce"), "lon": pd.to_numeric(lon, errors="coerce"),
    })


def _kommun_lan() -> tuple[dict[str, str], dict[str, str]]:
    """(kommun name key -> län code, län name key -> län code) from the shipped registry."""
    kommuner = pd.read_csv(REGISTRY_DIR / "kommuner.csv", sep=";", dtype=str)
    kommun = {name_key(n): c for n, c in zip(kommuner["kommun"], kommuner["lanskod"])}
    lan = {name_key(n): c for n, c in zip(kommuner["lan"], kommuner["lanskod"])}
    return kommun, lan


def _parse(raw: pd.DataFrame, problems: Problems, file_name: str) -> Parsed:
    rows = raw["_row"].to_numpy()
    ids = pd.to_numeric(raw["event_id"], errors="coerce")
    problems.cells(ids.isna() | (ids % 1 != 0), rows, "id", raw["event_id"], "ett heltal")
    for column in ("name", "type", "location_name"):
        text = raw[column].astype("string").fillna("").str.strip()
        problems.cells(text == "", rows, "location.name" if column == "location_name" else column,
                       raw[column], "en text")
    stamp = raw["datetime"].astype("string").fillna("")
    parts = extract(stamp, DATETIME, DATETIME_RE2)
    published = pd.to_datetime(
        parts["y"] + "-" + parts["mo"].str.zfill(2) + "-" + parts["d"].str.zfill(2) + " "
        + parts["h"].str.zfill(2) + ":" + parts["mi"] + ":" + parts["s"].fillna("00"),
        format="%Y-%m-%d %H:%M:%S", errors="coerce")
    problems.cells(published.isna(), rows, "datetime", raw["datetime"],
                   "en tidpunkt som «2025-06-07 6:38:18 +02:00»")
    # Published in the future (a day's margin for time zones) or before FIRST_YEAR: a wrong clock or
    # test data, not an event.
    latest = pd.Timestamp.now().normalize() + pd.Timedelta(days=2)
    odd = ((published >= latest) | (published.dt.year < FIRST_YEAR)).fillna(False).astype(bool)
    problems.cells(odd, rows, "datetime", raw["datetime"],
                   f"en tidpunkt som inte ligger i framtiden (senast {latest - pd.Timedelta(days=1):%Y-%m-%d}) "
                   f"och inte före {FIRST_YEAR}")
    bad_gps = (raw["gps"] != "") & raw["lat"].isna()
    problems.cells(bad_gps, rows, "location.gps", raw["gps"], "«lat,lng», t.ex. «59.33,18.06»")
    problems.raise_if_any()

    names = raw["name"].astype(str).str.strip()
    occurred = _occurred(names, published)
    types = replace(raw["type"].astype(str), r"\s+", "{S}+", " ").str.strip()
    location = raw["location_name"].astype(str).str.strip()
    url = raw["url"].astype("string")
    url = url.where(~url.fillna("").str.startswith("/"), POLISEN + url)
    frame = pd.DataFrame({
        "_row": rows,
        "event_id": ids.astype("int64"),
        "published_at": published,
        "occurred_at": occurred,
        "type": types,
        "place_name": _place_names(names, location),
        "location_name": location,
        "summary": raw["summary"].astype("string"),
        "url": url,
        "lat": raw["lat"].astype("float64"),
        "lon": raw["lon"].astype("float64"),
        "name": names,
        "is_summary": types.str.startswith("Sammanfattning"),
    })
    notices = [f"{len(frame)} händelser lästa."]
    frame = frame.sort_values(["event_id", "published_at", "_row"])
    dupes = frame["event_id"].duplicated(keep="last")
    if dupes.any():
        notices.append(f"{int(dupes.sum())} äldre versioner av samma händelse (samma id) ersattes av "
                       "den senast publicerade.")
        frame = frame[~dupes]
    no_time = frame["occurred_at"].isna()
    if no_time.any():
        examples = ", ".join(str(r) for r in frame.loc[no_time, "_row"].head(5))
        notices.append(f"{int(no_time.sum())} händelser har ingen tidpunkt i rubriken (t.ex. {problems.row_word} {examples}); "
                       "de räknas i listor men inte i veckodag × timme.")
    summaries = int(frame["is_summary"].sum())
    if summaries:
        notices.append(f"{summaries} sammanfattningar lagras men räknas inte som händelser.")
    return Parsed("police_events", frame.reset_index(drop=True), place_column="location.name",
                  notices=notices, row_word=problems.row_word)


def _occurred(names: pd.Series, published: pd.Series) -> pd.Series:
    parts = extract(names, TITLE_TIME, TITLE_TIME_RE2)
    month = parts["mon"].str.lower().map(MONTHS)
    year = published.dt.year
    text = (year.astype("Int64").astype("string") + "-" + month.astype("Int64").astype("string").str.zfill(2)
            + "-" + parts["d"].str.zfill(2) + " " + parts["h"].str.zfill(2) + ":" + parts["mi"])
    occurred = pd.to_datetime(text, format="%Y-%m-%d %H:%M", errors="coerce")
    # "31 december 23.50" published 1 January belongs to the year before.
    late = occurred > published + pd.Timedelta(days=2)
    earlier = pd.to_datetime(
        (year - 1).astype("Int64").astype("string") + text.str[4:], format="%Y-%m-%d %H:%M", errors="coerce")
    return occurred.where(~late, earlier)


def _per_distinct(values: pd.Series, function) -> pd.Series:
    """`values.map(function)`, computed once per distinct value (events repeat their places)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.array([function(value) for value in uniques], dtype=object)
    return pd.Series(results[codes] if len(codes) else results[:0], index=values.index, dtype="str")


def _place_names(names: pd.Series, location: pd.Series) -> pd.Series:
    kommun_lan, lan_codes = _kommun_lan()
    # names.str.rsplit(",", n=1).str[-1].str.strip(): the text after the last comma, stripped as
    # Python strips (an object column), each distinct suffix once.
    after = extract(names, "", r"(?P<x>[^,]*)$", empty_is_missing=False)["x"].astype(object)
    suffix = per_distinct(after, lambda t: t.str.strip())
    location_lan = _per_distinct(location, lambda n: lan_codes.get(name_key(n)))
    suffix_lan = _per_distinct(suffix, lambda n: kommun_lan.get(name_key(n)))
    use_suffix = location_lan.notna() & (suffix_lan == location_lan)
    return suffix.where(use_suffix, location)
