"""The Streamlit side of lagesbild: connection, cached queries keyed by the data version, the
shared place and period choice (kept in the URL), and show helpers. Pages import this module; no
other module in lagesbild imports streamlit.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from lagesbild import charts, db, figures, fmt, images, queries, settings, tables

THEMES = {"trygghet": "Trygghet", "utsatthet": "Utsatthet", "ordningsstorningar": "Ordningsstörningar",
          "andt": "ANDT", "vapen": "Vapen"}
LEVEL_LABELS = {"riket": "riket", "lan": "län", "kommun": "kommun", "stadsdelsomrade": "stadsdelsområde",
                "stadsdel": "stadsdel", "plats": "plats"}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                 "toImageButtonOptions": {"format": "png", "scale": 2}}
_checked_versions: set[str] = set()


# --- data access -------------------------------------------------------------------------------

def _version(path: Path) -> str:
    version = db.data_version(path)
    if version not in _checked_versions:
        db.ensure_database(path)          # creates or migrates; no-op when current
        version = db.data_version(path)
        _checked_versions.add(version)
    return version


@st.cache_resource(max_entries=2, show_spinner=False)
def _snapshot(path: str, version: str):
    """One read-only snapshot per database version; a new import gives a new version."""
    return db.open_snapshot(db.target(path))     # a file path or an md: URL


@st.cache_resource(max_entries=1000, show_spinner=False)
def _cached(name: str, path: str, version: str, params: tuple) -> pd.DataFrame:
    # cache_resource: one frame shared by all sessions, no pickled copy per use (query() hands out
    # shallow copies; with pandas' copy-on-write a change to a copy never reaches the cached frame).
    return queries.run(_snapshot(path, version), name, **dict(params))


def current_version() -> str:
    """The database version now (changes with every import or undo)."""
    return _version(settings.db_path())


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query; results are cached until the database changes."""
    path = settings.db_path()
    version = _version(path)
    hashable = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(name, str(path), version, hashable).copy(deep=False)


@st.cache_resource(max_entries=2000, show_spinner=False)
def _pure(module: str, name: str, version: str, args: tuple, kwargs: tuple):
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def pure(fn, *args, **kwargs):
    """`fn(*args, **kwargs)` for a pure builder (a chart, a display table, a statistic), remembered per
    data version and arguments and shared by every session: a page redrawn for the same place and
    period reuses the figure instead of building it again. The result is shared, so callers must not
    change it (copy a figure with `go.Figure(fig)` first)."""
    return _pure(fn.__module__, fn.__qualname__, current_version(), args, tuple(sorted(kwargs.items())))


def min_respondents() -> int:
    """Survey groups with fewer respondents are shown as '..': `[lagesbild] min_respondents` in
    secrets.toml, else LAGESBILD_MIN_RESPONDENTS, else 10."""
    from lagesbild.access import _secrets

    configured = _secrets()[0].get("lagesbild", {}).get("min_respondents",
                                                       os.environ.get("LAGESBILD_MIN_RESPONDENTS", 10))
    try:
        return max(1, int(configured))
    except (TypeError, ValueError):
        return 10


EVENING_SAFETY = figures.EVENING_SAFETY


def evening_safety(sel: "Selection") -> pd.DataFrame:
    """The latest evening-safety result of each survey for the place or its nearest ancestor."""
    return query("place_survey_latest", places=sel.lineage["place_id"].tolist(), year_from=sel.year_from,
                 year_to=sel.year_to, min_n=min_respondents(), indicators=EVENING_SAFETY)


def show_evening_safety(sel: "Selection") -> None:
    """The evening-safety metrics (one per survey), or a caption saying there are none."""
    safety = evening_safety(sel)
    if safety.empty:
        st.caption(f"Inga enkätresultat om trygghet sent på kvällen för {sel.name} eller områdena den ingår i "
                   f"under {sel.period}. Se sidan Trygghet och enkäter.")
        return
    threshold = min_respondents()
    for column, row in zip(st.columns(len(safety)), safety.to_dict("records")):
        label, value, caption = tables.survey_metric(row, threshold)
        with column:
            st.metric(label, value, help=label)
            st.caption(caption)
    if safety["is_demo"].any():
        st.caption(f"**{charts.DEMO_NOTE}.**")


def data_status() -> dict:
    return query("data_status").iloc[0].to_dict()


def snapshot():
    """The cached read-only snapshot connection for the current data version (for code that runs
    many named queries itself through `queries.run`, such as the report)."""
    path = settings.db_path()
    return _snapshot(str(path), _version(path))


# --- the shared choice of place and period ------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    place_id: str
    name: str
    level: str
    year_from: int
    year_to: int
    lineage: pd.DataFrame       # the place and its ancestors, nearest first
    places: pd.DataFrame        # every place with data (for pickers)

    @property
    def period(self) -> str:
        return fmt.year_span(self.year_from, self.year_to)

    def ancestor(self, level: str) -> str | None:
        hits = self.lineage[self.lineage["level"] == level]
        return None if hits.empty else hits["place_id"].iloc[0]

    @property
    def event_place(self) -> tuple[str, str]:
        """(place_id, name) whose published police events count for this place: the place itself at
        riket, län and kommun level, else the kommun it lies in (events carry no finer place)."""
        place_id = self.ancestor("kommun") or self.place_id
        return place_id, self.lineage.loc[self.lineage["place_id"] == place_id, "name"].iloc[0]


def place_label(row) -> str:
    """'Danderyd (kommun)', 'Norrmalm (stadsdelsområde t.o.m. 2023)', 'Hässelby torg (plats i …)'."""
    level = LEVEL_LABELS.get(row["level"], row["level"])
    valid_to = row.get("valid_to")
    if row["level"] in ("stadsdel", "plats") and row.get("parent_name"):
        level += f" i {row['parent_name']}"
    if valid_to is not None and not pd.isna(valid_to):
        level += f" t.o.m. {pd.Timestamp(valid_to).year}"
    return f"{row['name']} ({level})"


def _init_from_url(key: str, param: str, valid, default) -> None:
    if key not in st.session_state:
        raw = st.query_params.get(param)
        st.session_state[key] = raw if raw is not None and valid(raw) else default


def url_widget(widget, label: str, options: list, *, param: str, key: str, default,
               format_func=str, **kwargs):
    """A single-choice widget whose value is kept in the URL (`?param=value`)."""
    options = list(options)
    _init_from_url(key, param, lambda raw: raw in options, default if default in options else options[0])
    if st.session_state[key] not in options:
        st.session_state[key] = default if default in options else options[0]
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    st.query_params[param] = value
    return value


def url_multiselect(label: str, options: list, *, param: str, key: str, format_func=str, **kwargs) -> list:
    """A multiselect kept in the URL as a comma-separated list."""
    options = list(options)
    if key not in st.session_state:
        raw = st.query_params.get(param) or ""
        st.session_state[key] = [v for v in raw.split(",") if v in options]
    st.session_state[key] = [v for v in st.session_state[key] if v in options]
    value = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    if value:
        st.query_params[param] = ",".join(value)
    elif param in st.query_params:
        del st.query_params[param]
    return value


def _initial(name: str, param: str, valid, default, parse=lambda raw: raw):
    """Initial widget value: the URL (a shared link), else the choice made on another page, else default."""
    raw = st.query_params.get(param)
    if raw is not None:
        try:
            value = parse(raw)
            if valid(value):
                return value
        except ValueError:
            pass
    shared = st.session_state.get(f"shared.{name}")
    return shared if shared is not None and valid(shared) else default


def default_place(ids: list[str]) -> str:
    """LAGESBILD_DEFAULT_PLACE (default Stockholm) when it has data, else the first kommun, else the first."""
    default = os.environ.get("LAGESBILD_DEFAULT_PLACE", "kommun-0180")
    return default if default in ids else next((i for i in ids if i.startswith("kommun-")), ids[0])


def sidebar_selection(page: str) -> Selection | None:
    """The place and period pickers in the sidebar, shown by every page.

    The widgets belong to the page (their keys are prefixed with it); the choice is carried to the
    next page in `shared.*` session state and kept in the URL (?plats=…&fran=…&till=…).
    """
    status = data_status()
    demo_notice(status)
    places = query("places_with_data")
    if places.empty or pd.isna(status["first_year"]):
        st.sidebar.info("Databasen är tom. Importera data (se README) eller bygg exempeldatabasen "
                        "med `python -m loaders demo`.")
        return None
    places = places.assign(label=[place_label(r) for r in places.to_dict("records")])
    ids = places["place_id"].tolist()
    labels = dict(zip(ids, places["label"]))
    default = default_place(ids)
    key = f"{page}.place"
    if key not in st.session_state or st.session_state[key] not in ids:
        st.session_state[key] = _initial("place", "plats", lambda v: v in ids, default)
    place_id = st.sidebar.selectbox("Plats", ids, key=key, format_func=labels.get,
                                    help="Skriv för att söka. Valet gäller alla sidor och sparas i länken.")
    first, last = int(status["first_year"]), int(status["last_year"])
    years = (first, last)
    if first < last:
        key = f"{page}.years"
        if key not in st.session_state:
            def valid(v):
                return v is not None and first <= v[0] <= v[1] <= last
            parse = lambda raw: (int(raw), int(st.query_params.get("till", last)))  # noqa: E731
            st.session_state[key] = _initial("years", "fran", valid, (first, last), parse)
        years = st.sidebar.slider("Period (år)", first, last, key=key)
    # The whole range is stored as "all years" (None, no URL parameter), so it grows with new data.
    everything = tuple(years) == (first, last)
    st.session_state["shared.place"] = place_id
    st.session_state["shared.years"] = None if everything else tuple(years)
    st.query_params["plats"] = place_id
    for param, value in (("fran", years[0]), ("till", years[1])):
        if everything:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = str(value)
    row = places[places["place_id"] == place_id].iloc[0]
    return Selection(place_id, row["name"], row["level"], int(years[0]), int(years[1]),
                     query("place_lineage", place_id=place_id), places)


def demo_notice(status: dict) -> None:
    if status.get("demo_imports"):
        st.sidebar.warning("**Exempeldata.** Siffrorna är påhittade (men realistiska) och visar hur "
                           "verktyget fungerar. Importera egna filer för riktiga siffror.", icon="⚠️")


# --- showing ------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _image_server() -> bool:
    """The one long-lived kaleido/Chromium process of this server (raises ChromiumMissing, which is
    not cached, so an installed Chromium is found on a later run)."""
    images.start_server()
    return True


@st.cache_data(max_entries=200, show_spinner=False)
def chart_image(fig_json: str, kind: str) -> bytes:
    """The figure (as plotly JSON) rendered to PNG, SVG or PDF; cached per figure and format."""
    _image_server()
    return images.render(go.Figure(pio.from_json(fig_json, skip_invalid=True)), kind)


def _image_download(fig: go.Figure, kind: str):
    """The download button's data: rendered only when the button is clicked (Streamlit calls it)."""
    return lambda: chart_image(fig.to_json(), kind)


def show_chart(fig: go.Figure, name: str) -> None:
    """Show a figure with PNG, SVG and PDF downloads under it (rendered on click, server-side, at the
    report size, named after what it shows); the camera button still saves what is on screen."""
    config = dict(PLOTLY_CONFIG, toImageButtonOptions=dict(PLOTLY_CONFIG["toImageButtonOptions"], filename=name))
    st.plotly_chart(fig, width="stretch", theme=None, config=config)
    if images.chromium_path() is None:
        # Small grey markdown, not st.caption: pages and their tests count their own captions.
        st.markdown(f":gray[:small[:material/image_not_supported: {images.INSTALL_HINT}]]")
        return
    from streamlit.errors import StreamlitDuplicateElementKey

    stem = images.slug(name)
    with st.container(horizontal=True, gap="small"):    # no caption here: pages count their captions
        for attempt in range(50):       # the same name twice on one page needs keys of its own
            try:
                st.download_button("PNG", data=_image_download(fig, "png"), file_name=f"{stem}.png",
                                   key=f"image.{stem}.{attempt}.png", **_image_button_options("png", "PNG"))
                break
            except StreamlitDuplicateElementKey:
                continue
        for kind, label in (("svg", "SVG"), ("pdf", "PDF")):
            st.download_button(label, data=_image_download(fig, kind), file_name=f"{stem}.{kind}",
                               key=f"image.{stem}.{attempt}.{kind}", **_image_button_options(kind, label))


def _image_button_options(kind: str, label: str) -> dict:
    return dict(mime=images.FORMATS[kind], on_click="ignore", icon=":material/download:", type="tertiary",
                help=f"Ladda ned diagrammet som {label}, {images.REPORT_SIZE[0]} px brett"
                     + (f", i {images.SCALE}× upplösning" if kind == "png" else ""))


@st.cache_data(max_entries=200, show_spinner=False)
def _table_files(frame: pd.DataFrame, title: str, source: str, period: str, definitions: tuple,
                 suppression: str, imported_at: str, demo: bool) -> tuple[bytes, bytes, str]:
    """(xlsx, csv, tsv) for a table; cached, since every rerun draws the download buttons."""
    from lagesbild import export

    xlsx = export.xlsx_bytes(frame, title=title, source=source, period=period, definitions=definitions,
                             suppression=suppression, imported_at=imported_at, demo=demo)
    return xlsx, export.csv_bytes(frame), export.tsv_text(frame)


def _last_import() -> str:
    try:
        last = data_status().get("last_import")
    except Exception:  # noqa: BLE001 - the export must never break a page
        return "okänt"
    if last is None or pd.isna(last):
        return "okänt"
    return f"{pd.Timestamp(last):%Y-%m-%d %H:%M} (senaste import i databasen)"


def show_table(frame: pd.DataFrame, *, caption: str | None = None, demo: bool = False,
               name: str | None = None, title: str | None = None, source: str | None = None,
               period: str | None = None, definitions: list[str] | None = None,
               suppression: str | None = None) -> None:
    """Show a table with its caption and, below it, "Excel" and "CSV" downloads and "Kopiera" (the
    table as tab-separated text for Word or Excel; `lagesbild.export`). `name` gives the file name (as
    an ASCII slug) and, without `title`, the sheet name; `source`, `period`, `definitions` (default:
    the caption) and `suppression` go to the workbook's "Om datan" sheet. Defaults say "se sidan"
    rather than guess."""
    import hashlib

    from streamlit.errors import StreamlitDuplicateElementKey

    from lagesbild import export

    st.dataframe(frame, hide_index=True, width="stretch")
    notes = [caption] if caption else []
    if demo:
        notes.append(f"**{charts.DEMO_NOTE}.**")
    if notes:
        st.caption(" ".join(notes))
    if frame.empty or not len(frame.columns):
        return
    place = st.query_params.get("plats")
    if place and not (name or title):    # the place's name, not its id, in the file name
        names = query("places_all").set_index("place_id")["name"]
        place = names.get(place, place)
    base = export.slug(name or title or ("tabell " + place if place else "tabell"))
    title = title or name or "Tabell"
    xlsx, csv, tsv = _table_files(
        frame, title, source or "se sidan", period or "se sidan",
        tuple(definitions if definitions is not None else [caption] if caption else []),
        suppression or export.suppression_rule(min_respondents()), _last_import(), bool(demo))
    key = f"table.{base}.{hashlib.sha1(csv).hexdigest()[:10]}"
    row = st.container(horizontal=True, gap="small")
    for attempt in range(50):      # the same table twice on one page needs a key of its own
        try:
            row.download_button("Excel", xlsx, file_name=f"{base}.xlsx", mime=export.XLSX_MIME,
                                key=f"{key}.{attempt}.xlsx", on_click="ignore", type="tertiary",
                                icon=":material/download:",
                                help="Tabellen som Excel-fil, med bladet «Om datan» (källa, period, definitioner).")
            break
        except StreamlitDuplicateElementKey:
            continue
    row.download_button("CSV", csv, file_name=f"{base}.csv", mime=export.CSV_MIME, key=f"{key}.{attempt}.csv",
                        on_click="ignore", icon=":material/download:", type="tertiary",
                        help="Semikolonseparerad text för svenska Excel (UTF-8).")
    with row.popover("Kopiera", icon=":material/content_copy:", type="tertiary"):
        # Markdown, not st.caption: pages and their tests count their own captions.
        st.markdown(":small[Kopiera tabellen (för Word eller Excel) med knappen uppe till höger i rutan "
                    "och klistra in den.]")
        st.code(tsv, language=None)


def document_button(label: str, *, build, file_name: str, mime: str, state_key: str, busy: str, failed: str,
                    download_label: str, icon: str, key: str | None = None, help: str | None = None,
                    primary: bool = False) -> None:
    """A button that builds a document with a progress bar (`build(progress)` returns its bytes; the
    page's sidebar choice is in `file_name`), keeps it in the session and offers its download while
    the choice is unchanged. A failure shows its reason and keeps the page."""
    if st.button(label, key=key, icon=icon, help=help, type="primary" if primary else "secondary"):
        bar = st.progress(0.0, text=busy)
        try:
            data = build(lambda fraction, text: bar.progress(fraction, text=text))
        except Exception as error:  # noqa: BLE001 - show the reason, keep the page
            bar.empty()
            st.error(f"{failed}: {error}")
        else:
            st.session_state[state_key] = (file_name, data)
            bar.progress(1.0, text="Klar")
    ready = st.session_state.get(state_key)
    if ready and ready[0] == file_name:
        st.download_button(download_label, ready[1], file_name=ready[0], on_click="ignore", mime=mime,
                           icon=":material/download:", type="primary")
        st.caption(f"{ready[0]}, {fmt.number(len(ready[1]) / 1024)} kB.")


def empty_state(what: str, how: str) -> None:
    st.info(f"{what}\n\n{how}", icon="ℹ️")

