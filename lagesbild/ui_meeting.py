"""Mötesläge on the screen: the set-up of an agenda and the full-screen presentation of its views.

Everything the presentation shows is in its URL (see lagesbild.meeting), so a link sent before the
meeting opens the same view; arrow keys and the buttons move through the sequence, and the place
and period change with one click. The presentation draws no sidebar, navigation or editing controls.
"""
from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from lagesbild import access, charts, figures, meeting, settings, ui

CHART_HEIGHT = 740
VIEW_LABELS = {code: label for code, (label, _) in figures.VIEWS.items()}

# Large, high-contrast text; no sidebar, header, toolbar or page navigation.
PRESENTATION_CSS = """
<style>
html { font-size: 22px; }
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"],
div[data-testid="stToolbar"], div[data-testid="stDecoration"], div[data-testid="stStatusWidget"],
div[data-testid="stElementToolbar"],
nav, footer { display: none !important; }
.stMainBlockContainer, div[data-testid="stMainBlockContainer"] {
  padding: 0.6rem 1.4rem 0.4rem 1.4rem !important; max-width: 100% !important; }
div[data-testid="stAppViewContainer"], .stApp { background: #ffffff; color: #000000; }
.stApp p, .stApp span, .stApp label, .stApp button { color: #000000; }
.stApp .lb-heading { font-size: 1.6rem !important; font-weight: 700; line-height: 1.2; margin: 0; }
.stApp .lb-step { font-size: 1.1rem !important; color: #000000; margin: 0; white-space: nowrap; }
.stApp .lb-message { font-size: 1.35rem !important; font-weight: 600; line-height: 1.3; margin: 0.2rem 0; }
.stApp .lb-demo { background: #B00020; color: #ffffff !important; font-weight: 700; font-size: 1.1rem !important;
  padding: 0.15rem 0.7rem; border-radius: 0.3rem; white-space: nowrap; }
.stApp .lb-empty { font-size: 1.4rem !important; padding: 3rem 0; }
</style>
"""
FULLSCREEN_BUTTON = """
<button onclick="document.documentElement.requestFullscreen && document.documentElement.requestFullscreen()"
 style="font-size:1rem;padding:0.2rem 0.7rem;border:2px solid #000;border-radius:0.3rem;background:#fff;
 cursor:pointer" title="Helskärm (Esc avslutar)">Helskärm</button>
"""


@st.cache_resource(max_entries=500, show_spinner=False)
def _view(version: str, code: str, place_id: str, year_from: int, year_to: int, min_n: int, today: dt.date):
    """(context, Figure, the figure for the projector) of one view, remembered per data version and
    shared by every session (a trygghetsråd steps back and forth through the same views). Read-only."""
    ctx = figures.context(ui.query, place_id=place_id, year_from=year_from, year_to=year_to,
                          min_respondents=min_n, today=today)
    figure = figures.view(code, ui.query, ctx)
    return ctx, figure, None if figure.fig is None else charts.for_projector(figure.fig, height=CHART_HEIGHT)


def presenting() -> bool:
    """True when the URL names a sequence (or a saved agenda) to present."""
    return bool(st.query_params.get(meeting.VIEWS_PARAM) or st.query_params.get(meeting.AGENDA_PARAM))


def _saved(agenda_id: str) -> meeting.Agenda | None:
    saved = ui.query("agendas")
    hits = saved[saved["agenda_id"] == agenda_id]
    return None if hits.empty else meeting.agenda_from_row(hits.iloc[0].to_dict())


def _agenda_from_url() -> tuple[meeting.Agenda, list[str]]:
    """The agenda the URL describes: `vyer` (with plats/fran/till) or a saved `dagordning`."""
    saved = _saved(st.query_params.get(meeting.AGENDA_PARAM, ""))
    raw = st.query_params.get(meeting.VIEWS_PARAM)
    views, unknown = meeting.parse_views(raw if raw else ",".join(saved.views) if saved else "", figures.VIEWS)
    return meeting.Agenda(tuple(views), saved.place_id if saved else None, saved.years if saved else None,
                          saved.name if saved else None, saved.agenda_id if saved else None), unknown


def _step(delta: int, count: int) -> None:
    st.session_state["meeting.index"] = min(max(st.session_state.get("meeting.index", 0) + delta, 0), count - 1)


def _pick(widget_key: str, state_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        st.session_state[state_key] = value


def _leave() -> None:
    for key in [k for k in st.session_state if str(k).startswith("meeting.")]:
        del st.session_state[key]
    st.query_params.clear()


def present() -> None:
    """The full-screen presentation of the agenda in the URL."""
    st.html(PRESENTATION_CSS)
    status = ui.data_status()
    places = ui.query("places_with_data")
    agenda, unknown = _agenda_from_url()
    if places.empty or status["first_year"] is None or not agenda.views:
        st.markdown("<p class='lb-empty'>" + ("Databasen är tom: det finns inget att visa." if places.empty else
                    "Länken nämner inga vyer som finns.") + "</p>", unsafe_allow_html=True)
        st.button("Till mötesläget", on_click=_leave)
        return
    first, last = int(status["first_year"]), int(status["last_year"])
    ids = set(places["place_id"])
    count = len(agenda.views)

    # Where we are: session state once the meeting runs, else the URL, else the agenda and defaults.
    signature = (agenda.views, agenda.agenda_id)
    if st.session_state.get("meeting.signature") != signature:
        st.session_state["meeting.signature"] = signature
        st.session_state["meeting.index"] = meeting.parse_index(st.query_params.get(meeting.INDEX_PARAM), count)
        place = st.query_params.get(meeting.PLACE_PARAM)
        home = agenda.place_id if agenda.place_id in ids else st.session_state.get("shared.place")
        if home not in ids:
            home = ui.default_place(places["place_id"].tolist())
        st.session_state["meeting.home"] = home
        st.session_state["meeting.place"] = place if place in ids else home
        years = meeting.parse_years(st.query_params.get(meeting.FROM_PARAM), st.query_params.get(meeting.TO_PARAM),
                                    first, last)
        if years is None and meeting.FROM_PARAM not in st.query_params and agenda.years:
            years = meeting.parse_years(*agenda.years, first, last)
        st.session_state["meeting.years"] = years
    index = st.session_state["meeting.index"] = min(st.session_state["meeting.index"], count - 1)
    place_id = st.session_state["meeting.place"]
    if place_id not in ids:
        place_id = st.session_state["meeting.place"] = st.session_state["meeting.home"]
    years = st.session_state["meeting.years"]
    span = years or (first, last)
    ctx, slide, projected = _view(ui.current_version(), agenda.views[index], place_id, span[0], span[1],
                                  ui.min_respondents(), dt.date.today())

    # The URL always says what is on the screen, so it can be sent on or reloaded.
    params = {meeting.VIEWS_PARAM: ",".join(agenda.views), meeting.INDEX_PARAM: str(index + 1),
              meeting.PLACE_PARAM: place_id}
    if years:
        params.update({meeting.FROM_PARAM: str(years[0]), meeting.TO_PARAM: str(years[1])})
    if agenda.agenda_id:
        params[meeting.AGENDA_PARAM] = agenda.agenda_id
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)

    with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="right", gap="medium"):
        if agenda.name:
            st.markdown(f"<p class='lb-step'>{html.escape(agenda.name)}</p>", unsafe_allow_html=True, width="stretch")
        if slide.demo or status.get("demo_imports"):
            st.markdown("<span class='lb-demo'>Exempeldata</span>", unsafe_allow_html=True, width="content")
        st.html(FULLSCREEN_BUTTON, width="content", unsafe_allow_javascript=True)
        st.button("Avsluta", on_click=_leave, icon=":material/close:", key="meeting.leave",
                  help="Tillbaka till dagordningen")
    if unknown:
        st.markdown(f"<p class='lb-step'>Okända vyer i länken hoppades över: {html.escape(', '.join(unknown))}.</p>",
                    unsafe_allow_html=True)
    if slide.fig is None:
        st.markdown(f"<p class='lb-heading'>{html.escape(VIEW_LABELS[agenda.views[index]])} – "
                    f"{html.escape(ctx['name'])}</p><p class='lb-empty'>{html.escape(slide.message)}</p>",
                    unsafe_allow_html=True)
    else:
        st.plotly_chart(projected, width="stretch", theme=None,
                        config={"displayModeBar": False, "responsive": True}, key=f"meeting.chart.{index}")
        st.markdown(f"<p class='lb-message'>{html.escape(slide.message)}</p>", unsafe_allow_html=True)

    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.button("Föregående", on_click=_step, args=(-1, count), shortcut="Left", icon=":material/arrow_back:",
                  disabled=index == 0, key="meeting.previous", help="Föregående vy (vänsterpil)")
        st.markdown(f"<p class='lb-step'>Vy {index + 1} av {count}</p>", unsafe_allow_html=True, width="content")
        st.button("Nästa", on_click=_step, args=(1, count), shortcut="Right", icon=":material/arrow_forward:",
                  icon_position="right", disabled=index == count - 1, key="meeting.next", type="primary",
                  help="Nästa vy (högerpil)")
        periods = meeting.period_choices(first, last)
        current = next((label for label, value in periods.items() if value == years), None)
        if current is None:
            current = f"{span[0]}–{span[1]}"
            periods[current] = years
        st.session_state["meeting.period_values"] = periods
        st.pills("Period", list(periods), default=current, required=True, key=f"meeting.period_pick.{current}",
                 on_change=_pick_period, args=(f"meeting.period_pick.{current}",), label_visibility="collapsed")
    below = ui.query("event_places", place_id=place_id)["place_id"].tolist()
    choices = meeting.place_choices(places, place_id, st.session_state["meeting.home"],
                                    ctx["lineage"]["place_id"].tolist(), below)
    names = dict(zip(places["place_id"], places["name"]))
    st.pills("Plats", choices, default=place_id, format_func=names.get, required=True,
             key=f"meeting.place_pick.{place_id}", on_change=_pick, args=(f"meeting.place_pick.{place_id}", "meeting.place"),
             label_visibility="collapsed")


def _pick_period(widget_key: str) -> None:
    label = st.session_state.get(widget_key)
    periods = st.session_state.get("meeting.period_values", {})
    if label in periods:
        st.session_state["meeting.years"] = periods[label]


def setup() -> None:
    """Choose the views and start, open a saved agenda, or save the current one."""
    sel = ui.sidebar_selection("moteslage")
    st.title("Mötesläge")
    st.markdown("Visa en dagordning av diagram i helskärm på trygghetsrådets möte: stor text, hög kontrast, inga "
                "menyer. Bläddra med **pilarna** (← →) eller knapparna, och byt plats eller period med ett klick när "
                "någon frågar. Varje vy och hela dagordningen är en länk som kan skickas före mötet.")
    if sel is None:
        ui.empty_state("Det finns ingen data att visa ännu.", "Importera filer på sidan Importera data eller bygg "
                       "exempeldatabasen med `python -m loaders demo`.")
        return
    if "moteslage.vyer" not in st.session_state:
        st.session_state["moteslage.vyer"] = list(figures.DEFAULT_AGENDA)
    views = st.multiselect("Vyer i dagordningen, i ordning", list(figures.VIEWS), key="moteslage.vyer",
                           format_func=VIEW_LABELS.get, placeholder="Välj vyer …",
                           help="Vyerna visas i den ordning de valts. Plats och period väljs till vänster och kan "
                                "bytas under mötet.")
    years = None if st.session_state.get("shared.years") is None else (sel.year_from, sel.year_to)
    agenda = meeting.Agenda(tuple(views), sel.place_id, years)
    if views:
        if st.button("Starta mötesläge", type="primary", icon=":material/slideshow:"):
            st.query_params.from_dict(_params(meeting.url(agenda, 0)))
            st.rerun()
        st.markdown(f"**Länk till dagordningen:** [{sel.name}, {sel.period}]({_absolute(meeting.url(agenda, 0))})")
        st.markdown("\n".join(f"{i + 1}. [{VIEW_LABELS[code]}]({_absolute(meeting.url(agenda, i))})"
                              for i, code in enumerate(views)))
        st.caption("Tryck F11 (eller knappen Helskärm i mötesläget) för helskärm. Vyer utan data för platsen säger "
                   "det i stället för att visa ett tomt diagram.")
        _, first, _ = _view(ui.current_version(), views[0], sel.place_id, sel.year_from, sel.year_to,
                            ui.min_respondents(), dt.date.today())
        st.subheader(f"Första vyn: {VIEW_LABELS[views[0]]}")
        if first.fig is not None:
            ui.show_chart(first.fig, name=f"{views[0]}-{sel.name}-{first.period}")
        st.markdown(f"**{first.message}**")
    _saved_agendas(agenda)


def _params(relative_url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(relative_url).query))


def _absolute(relative_url: str) -> str:
    base = (st.context.url or "").split("?")[0].rstrip("/")
    if base.endswith("/" + meeting.URL_PATH):
        base = base[: -len(meeting.URL_PATH) - 1]
    return f"{base}/{relative_url}" if base else f"/{relative_url}"


def _saved_agendas(agenda: meeting.Agenda) -> None:
    st.subheader("Sparade dagordningar")
    saved = ui.query("agendas")
    editor = access.can_edit()
    undo = st.session_state.get("moteslage.deleted")
    if undo and editor:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"Dagordningen «{undo['name']}» togs bort.")
            if st.button("Ångra", icon=":material/undo:", key="moteslage.undo"):
                meeting.restore_agenda(settings.db_path(), undo)
                del st.session_state["moteslage.deleted"]
                st.rerun()
    if saved.empty:
        st.caption("Inga sparade dagordningar ännu." + (" Spara den ovan med ett namn nedan." if editor else ""))
    for row in saved.to_dict("records"):
        item = meeting.agenda_from_row(row)
        link = _absolute(f"{meeting.URL_PATH}?{meeting.AGENDA_PARAM}={item.agenda_id}")
        where = row["place_name"] or "standardplatsen"
        span = f"{item.years[0]}–{item.years[1]}" if item.years else "alla år"
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"[**{row['name']}**]({link}) · {where}, {span} · "
                        + ", ".join(VIEW_LABELS.get(v, v) for v in item.views), width="stretch")
            if editor and st.button("Ta bort", key=f"moteslage.delete.{item.agenda_id}", icon=":material/delete:",
                                    type="tertiary"):
                st.session_state["moteslage.deleted"] = meeting.delete_agenda(settings.db_path(), item.agenda_id)
                st.rerun()
    if not editor or not agenda.views:
        return
    with st.form("moteslage.spara", border=False, enter_to_submit=True):
        name = st.text_input("Spara dagordningen som", placeholder="t.ex. Trygghetsrådet mars",
                             help="Samma namn igen ersätter den sparade dagordningen.")
        if st.form_submit_button("Spara dagordning", icon=":material/save:"):
            try:
                saved_id = meeting.save_agenda(settings.db_path(), meeting.Agenda(agenda.views, agenda.place_id,
                                                                                  agenda.years, name),
                                               access.current_editor())
            except ValueError as error:
                st.error(str(error))
            else:
                st.success(f"Sparad. Länk: {_absolute(f'{meeting.URL_PATH}?{meeting.AGENDA_PARAM}={saved_id}')}")
