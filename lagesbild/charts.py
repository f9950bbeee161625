"""Chart builders: pure functions from query results to Plotly figures, the same for screen and
export. Every figure carries its title, a source line and the period inside the image, Swedish
number format (decimal comma, space as thousands separator) and Swedish month and weekday names.
"""
from __future__ import annotations

import hashlib
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lagesbild import fmt, stats

# Colour-blind friendly, distinct on a projector (Okabe–Ito first, then Tableau).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B",
           "#7F3C8D", "#11A579", "#E73F74", "#3969AC", "#80BA5A"]
REFERENCE_STYLE = {"riket": dict(color="#333333", dash="dash"), "lan": dict(color="#777777", dash="dot")}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#222222")
DEMO_NOTE = "EXEMPELDATA – inte verkliga siffror"
SOURCE_NAMES = {"bra": "Brå, anmälda brott", "lokal": "Polisen, lokal statistik (egen import)",
                "kolada": "Kolada/Brå", "patrullogg": "Närvaro- och patrulloggar (egen import)"}


def source_text(sources) -> str:
    """'Brå, anmälda brott; Polisen, lokal statistik …' for the sources present in a result."""
    names = [SOURCE_NAMES.get(s, s) for s in dict.fromkeys(sources) if isinstance(s, str)]
    return "; ".join(names) or "Brå"


def place_colors(place_ids: list[str]) -> dict[str, str]:
    """A colour per place that stays the same across charts: a hash of the id picks the colour,
    and places shown together never share one (the next free colour is taken, in id order)."""
    taken: dict[str, str] = {}
    for place_id in sorted(set(place_ids)):
        start = int(hashlib.sha1(place_id.encode()).hexdigest(), 16) % len(PALETTE)
        for step in range(len(PALETTE)):
            colour = PALETTE[(start + step) % len(PALETTE)]
            if colour not in taken.values() or len(taken) >= len(PALETTE):
                taken[place_id] = colour
                break
    return taken


def source_line(source: str, period: str, demo: bool) -> str:
    text = f"Källa: {source}. Period: {period}."
    return f"{text} {DEMO_NOTE}." if demo else text


def apply_theme(fig: go.Figure, *, title: str, source: str, period: str, demo: bool,
                subtitle: str | None = None, height: int = 480) -> go.Figure:
    """Title, source line and period inside the figure; Swedish separators; projector-sized text."""
    heading = f"<b>{title}</b>" + (f"<br><span style='font-size:13px'>{subtitle}</span>" if subtitle else "")
    fig.update_layout(
        title=dict(text=heading, x=0, xanchor="left", y=0.97, yanchor="top"),
        separators=fmt.PLOTLY_SEPARATORS, font=FONT, height=height,
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=70, r=30, t=95 if subtitle else 75, b=95),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left", title_text=""),
        hoverlabel=dict(font_size=14),
    )
    fig.update_xaxes(showgrid=False, linecolor="#999999", ticks="outside")
    fig.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#999999", rangemode="tozero")
    fig.add_annotation(text=source_line(source, period, demo), xref="paper", yref="paper", x=0,
                       y=0, yshift=-88, xanchor="left", yanchor="bottom", showarrow=False,
                       font=dict(size=12, color="#B00020" if demo else "#555555"), align="left")
    return fig


# --- axes ------------------------------------------------------------------------------------

def _month_dates(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(dict(year=frame["year"].astype(int), month=frame["period"].astype(int), day=1))


def _month_axis(fig: go.Figure, dates: pd.Series, row=None, col=None) -> None:
    """Swedish month tick labels (Plotly's own would be English)."""
    if dates.empty:
        return
    first, last = dates.min(), dates.max()
    span = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if span <= 14 else 3 if span <= 36 else 6 if span <= 72 else 12
    ticks = pd.date_range(first.replace(month=1), last, freq=f"{step}MS")
    ticks = ticks[ticks >= first]
    fig.update_xaxes(tickvals=list(ticks), ticktext=[fmt.month_label(t.year, t.month) for t in ticks],
                     row=row, col=col)


def _break_gaps(frame: pd.DataFrame, x: str, breaks: list[int]) -> pd.DataFrame:
    """Insert an empty point before each series break so the line is not drawn across it."""
    if not breaks or frame.empty:
        return frame
    gaps = []
    for year in breaks:
        if (frame["year"] < year).any() and (frame["year"] >= year).any():
            before = frame[frame["year"] < year].iloc[-1:].copy()
            before[x] = before[x] + (0.5 if x == "year" else pd.Timedelta(days=15))
            before["_y"] = None
            gaps.append(before)
    return pd.concat([frame, *gaps]).sort_values(x) if gaps else frame


# --- reported crime ----------------------------------------------------------------------------

def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _hover_rows(frame: pd.DataFrame, period_type: str, rolling: bool) -> list[str]:
    """Hover text per point: the count always, the rate when known, and any caveat."""
    rows = []
    for r in frame.to_dict("records"):
        if rolling:
            when = f"rullande 12 mån t.o.m. {fmt.month_label(r['year'], r['period'])}"
            count, rate = r.get("count_12m"), r.get("rate_12m")
        else:
            when = fmt.period_label(r["year"], r.get("period"), period_type)
            count, rate = r.get("count"), r.get("rate_per_100k")
        text = f"<b>{r['name']}</b><br>{when}: {fmt.number(count)} anmälda brott"
        if _present(rate):
            text += f"<br>{fmt.number(rate, 1 if period_type == 'month' else 0)} per 100 000 inv."
        if _present(r.get("preliminary")) and bool(r.get("preliminary")):
            text += "<br>preliminär siffra"
        if r.get("flag") == "..":
            text += "<br>uppgift saknas i källan (..)"
        rows.append(text)
    return rows


def crime_trend(series: pd.DataFrame, references: pd.DataFrame | None = None, *, title: str,
                measure: str = "count", period_type: str = "year", rolling: bool = False,
                colors: dict[str, str] | None = None, breaks: dict[str, list[int]] | None = None,
                source: str, period: str, demo: bool, subtitle: str | None = None,
                order: list[str] | None = None) -> go.Figure:
    """Lines per place, in `order` (the user's), and dashed reference lines for riket/län when
    showing rates.

    `series`: crime_series rows (plus count_12m/rate_12m when `rolling`). `measure`: 'count' or
    'rate'. Counts always appear in the hover, whatever is drawn.
    """
    if measure == "rate":
        value_col = "rate_12m" if rolling else "rate_per_100k"
    else:
        value_col = "count_12m" if rolling else "count"
    x = "year" if period_type == "year" else "date"
    colors = colors or place_colors(series["place_id"].unique().tolist())
    fig = go.Figure()
    frames = [("series", series)]
    if references is not None and measure == "rate":
        frames.append(("ref", references))
    all_dates = []
    for kind, frame in frames:
        if frame is None or frame.empty:
            continue
        groups = dict(list(frame.groupby("place_id", sort=False)))
        rank = {p: i for i, p in enumerate(order or [])}
        for place_id in sorted(groups, key=lambda p: rank.get(p, len(rank))):
            group = groups[place_id].copy()
            if x == "date":
                group["date"] = _month_dates(group)
                all_dates.append(group["date"])
            group["_y"] = pd.Series([float(v) if _present(v) else None for v in group[value_col]],
                                    index=group.index, dtype=object)
            group = _break_gaps(group, x, (breaks or {}).get(place_id, []))
            name = str(group["name"].iloc[0])
            if kind == "series":
                line = dict(color=colors.get(place_id, PALETTE[0]), width=3)
                prelim = [bool(p) if _present(p) else False for p in group.get("preliminary", [False] * len(group))]
                marker = dict(size=7, symbol=["circle-open" if p else "circle" for p in prelim])
            else:
                line = dict(width=2, **REFERENCE_STYLE.get(str(group["level"].iloc[0]), {}))
                marker = dict(size=4)
                name = f"{name} (referens)"
            fig.add_trace(go.Scatter(
                x=group[x], y=group["_y"], name=name, mode="lines+markers", line=line, marker=marker,
                hovertext=_hover_rows(group, period_type, rolling),
                hovertemplate="%{hovertext}<extra></extra>", connectgaps=False))
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo)
    fig.update_yaxes(title_text="Anmälda brott per 100 000 inv." if measure == "rate" else "Antal anmälda brott",
                     tickformat=",.0f")
    if x == "year":
        fig.update_xaxes(tickformat="d", dtick=1)
    elif all_dates:
        _month_axis(fig, pd.concat(all_dates))
    return fig


def category_small_multiples(frame: pd.DataFrame, *, place_name: str, color: str, source: str,
                             period: str, demo: bool, columns: int = 3) -> go.Figure:
    """One small yearly trend per category (rows of crime_yearly_by_category), y axis from 0."""
    categories = frame.drop_duplicates("category_id")[["category_id", "label"]].values.tolist()
    rows = max(1, -(-len(categories) // columns))
    titles = []
    for category_id, label in categories:
        last = frame[frame["category_id"] == category_id].dropna(subset=["count"]).tail(1)
        latest = f"{fmt.number(last['count'].iloc[0])} ({int(last['year'].iloc[0])})" if len(last) else fmt.MISSING
        titles.append(f"{label}: {latest}")
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.07,
                        vertical_spacing=0.22 if rows > 1 else 0.1)
    for i, (category_id, label) in enumerate(categories):
        group = frame[frame["category_id"] == category_id]
        hover = [f"<b>{label}</b><br>{int(y)}: {fmt.number(c)} anmälda brott"
                 + (f"<br>{fmt.number(r)} per 100 000 inv." if not pd.isna(r) else "")
                 for y, c, r in zip(group["year"], group["count"], group["rate_per_100k"])]
        fig.add_trace(go.Scatter(x=group["year"], y=[float(c) if _present(c) else None for c in group["count"]],
                                 mode="lines+markers", line=dict(color=color, width=2.5), marker=dict(size=5),
                                 hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False),
                      row=i // columns + 1, col=i % columns + 1)
    apply_theme(fig, title=f"Anmälda brott per kategori – {place_name}", source=source, period=period,
                demo=demo, height=max(330, 250 * rows + 120))
    fig.update_xaxes(tickformat="d", nticks=6)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_annotations(font_size=14)
    return fig


# --- police events ------------------------------------------------------------------------------

EVENTS_SOURCE = "Polisen, publicerade händelser (ett urval, inte brottsstatistik)"


def events_by_month(frame: pd.DataFrame, *, title: str, period: str, demo: bool, top: int = 8) -> go.Figure:
    """Stacked bars of published events per month, the `top` most frequent types and the rest."""
    totals = frame.groupby("type")["n"].sum().sort_values(ascending=False)
    keep = list(totals.index[:top])
    data = frame.assign(type=frame["type"].where(frame["type"].isin(keep), "Övriga typer"))
    data = data.groupby(["month", "type"], as_index=False)["n"].sum()
    data["month"] = pd.to_datetime(data["month"])
    fig = go.Figure()
    order = keep + (["Övriga typer"] if (data["type"] == "Övriga typer").any() else [])
    colours = PALETTE + ["#BBBBBB"]
    for i, event_type in enumerate(order):
        group = data[data["type"] == event_type]
        hover = [f"<b>{event_type}</b><br>{fmt.month_label(m.year, m.month, short=False)}: {fmt.number(n)} händelser"
                 for m, n in zip(group["month"], group["n"])]
        fig.add_trace(go.Bar(x=group["month"], y=group["n"], name=event_type,
                             marker_color="#BBBBBB" if event_type == "Övriga typer" else colours[i % len(PALETTE)],
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    apply_theme(fig, title=title, source=EVENTS_SOURCE, period=period, demo=demo, height=500)
    fig.update_layout(barmode="stack", bargap=0.15,
                      legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", traceorder="normal"))
    fig.update_yaxes(title_text="Publicerade händelser per månad", tickformat=",.0f")
    _month_axis(fig, data["month"])
    return fig


def weekday_hour_heatmap(frame: pd.DataFrame, *, title: str, period: str, demo: bool, value: str = "n",
                         unit: str = "händelser", decimals: int = 0, source: str = EVENTS_SOURCE,
                         x_title: str = "Timme då händelsen inträffade", colorscale: str = "Blues",
                         colorbar_title: str = "Antal", height: int = 420, subtitle: str | None = None,
                         narrow: bool = False) -> go.Figure:
    """A value per weekday (rows, Monday first) and hour (columns): by default published events per
    hour of the incident; with `value="hours"`, `unit="timmar"`, `decimals=1` hours of presence.
    `narrow`: for half the page width (two grids side by side), the source line is wrapped."""
    grid = (frame.pivot_table(index="weekday", columns="hour", values=value, aggfunc="sum")
            .reindex(index=range(1, 8), columns=range(24)).fillna(0)) if len(frame) else \
        pd.DataFrame(0.0, index=range(1, 8), columns=range(24))
    hover = [[f"{fmt.WEEKDAYS[d - 1]} kl. {h:02d}–{(h + 1) % 24:02d}: {fmt.number(grid.loc[d, h], decimals)} {unit}"
              for h in range(24)] for d in range(1, 8)]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[f"{h:02d}" for h in range(24)], y=fmt.WEEKDAYS_SHORT, colorscale=colorscale,
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        colorbar=dict(title=dict(text=colorbar_title), tickformat=",.0f")))
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo, height=height)
    fig.update_yaxes(autorange="reversed", rangemode="normal", title_text="")
    fig.update_xaxes(title_text=x_title, type="category")
    if narrow:
        _wrap_source_line(fig)
    return fig


# --- surveys ------------------------------------------------------------------------------------

GRADE_LABELS = {"ak9": "åk 9", "gy2": "gy 2", "alla": "alla"}
GENDER_LABELS = {"T": "alla", "K": "flickor/kvinnor", "M": "pojkar/män"}
UNIT_AXES = {"andel": ("Andel (%)", [0, 100]), "index_0_6": ("Index (0–6)", [0, 6]),
             "index_0_100": ("Index (0–100)", [0, 100]), "medel_1_10": ("Medelvärde (1–10)", [1, 10])}


def direction_text(higher_is_better) -> str:
    if higher_is_better is None or pd.isna(higher_is_better):
        return "Riktning okänd"
    return "Högre är bättre" if higher_is_better else "Lägre är bättre"


def format_value(value, unit: str) -> str:
    if not _present(value):
        return fmt.MISSING
    return fmt.percent(value, 1) if unit == "andel" else fmt.number(value, 1)


def survey_trend(frame: pd.DataFrame, *, title: str, unit: str, higher_is_better, source: str, period: str,
                 demo: bool, split_gender: bool = False, colors: dict[str, str] | None = None,
                 order: list[str] | None = None, breaks: dict[str, list[int]] | None = None,
                 subtitle: str | None = None) -> go.Figure:
    """Survey results per place over the years, with 95 % Wilson intervals where the number of
    respondents is known. One panel per grade (side by side) and, when `split_gender`, per gender
    (rows). Suppressed values (`value` NULL) are gaps, never points."""
    split_gender = split_gender or not (frame["gender"] == "T").any()   # only split results exist
    genders = ["K", "M"] if split_gender else ["T"]
    data = frame[frame["gender"].isin(genders)]
    grades = [g for g in ("ak9", "gy2", "alla") if (data["grade"] == g).any()] or ["alla"]
    titles = [f"{GRADE_LABELS[g]} · {GENDER_LABELS[s]}" if (split_gender or len(grades) > 1) else ""
              for s in genders for g in grades]
    fig = make_subplots(rows=len(genders), cols=len(grades), subplot_titles=titles, shared_yaxes=True,
                        horizontal_spacing=0.05, vertical_spacing=0.14)
    colors = colors or place_colors(frame["place_id"].unique().tolist())
    rank = {p: i for i, p in enumerate(order or [])}
    axis_title, axis_range = UNIT_AXES.get(unit, ("Värde", None))
    top = 0.0
    for r, gender in enumerate(genders, start=1):
        for c, grade in enumerate(grades, start=1):
            panel = data[(data["gender"] == gender) & (data["grade"] == grade)]
            for place_id in sorted(panel["place_id"].unique(), key=lambda p: rank.get(p, len(rank))):
                series = panel[panel["place_id"] == place_id].sort_values("year").copy()
                series["_y"] = pd.Series([float(v) if _present(v) else None for v in series["value"]],
                                         index=series.index, dtype=object)
                series = _break_gaps(series, "year", (breaks or {}).get(place_id, []))
                low, high, hover = [], [], []
                for row in series.to_dict("records"):
                    interval = (stats.wilson_interval(row["_y"], row.get("n_respondents"))
                                if unit == "andel" and _present(row["_y"]) else None)
                    low.append(row["_y"] - interval[0] if interval else 0)
                    high.append(interval[1] - row["_y"] if interval else 0)
                    if _present(row["_y"]):
                        top = max(top, interval[1] if interval else row["_y"])
                    hover.append(_survey_hover(row, unit, interval))
                fig.add_trace(go.Scatter(
                    x=series["year"], y=series["_y"], name=str(series["name"].iloc[0]),
                    legendgroup=place_id, showlegend=(r == 1 and c == 1), mode="lines+markers",
                    line=dict(color=colors.get(place_id, PALETTE[0]), width=3), marker=dict(size=8),
                    error_y=dict(type="data", array=high, arrayminus=low, visible=True, thickness=1.2, width=4),
                    hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", connectgaps=False),
                    row=r, col=c)
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo,
                height=420 + 230 * (len(genders) - 1))
    if unit == "andel" and top:  # small shares stay readable; the axis still starts at 0
        axis_range = [0, min(100, max(10, 5 * math.ceil(top * 1.2 / 5)))]
    fig.update_xaxes(tickformat="d")
    fig.update_yaxes(range=axis_range, rangemode="normal", tickformat=",.0f" if unit != "index_0_6" else ",.1f")
    fig.update_yaxes(title_text=axis_title, col=1)
    fig.update_annotations(font_size=14)
    return fig


def _survey_hover(row: dict, unit: str, interval) -> str:
    head = f"<b>{row['name']}</b> · {GRADE_LABELS.get(row['grade'], row['grade'])} · {GENDER_LABELS.get(row['gender'], '')}"
    if not _present(row["_y"]):
        why = row.get("suppressed") or fmt.MISSING
        return f"{head}<br>{int(row['year'])}: .. (dolt: {why})"
    text = f"{head}<br>{int(row['year'])}: {format_value(row['_y'], unit)}"
    if interval:
        text += f" (95 % KI {fmt.number(interval[0], 1)}–{fmt.number(interval[1], 1)})"
    n = row.get("n_respondents")
    return text + (f"<br>{fmt.number(n)} svarande" if _present(n) else "<br>antal svarande okänt")


# --- presence and patrols -----------------------------------------------------------------------

KIND_COLORS = {"polis": "#0072B2", "ordningsvakt": "#D55E00", "vaktare": "#009E73",
               "foraldravandring": "#CC79A7", "nattvandring": "#E69F00", "faltassistent": "#56B4E9",
               "grannsamverkan": "#8C564B", "annan": "#999999"}
OBSERVATION_LABELS = {"obs_youths": "Ungdomar", "obs_intoxicated": "Berusade", "obs_vandalism": "Skadegörelse",
                      "obs_fires": "Bränder", "obs_fights": "Bråk", "obs_police_contacted": "Polis kontaktad"}
OBSERVATION_COLORS = dict(zip(OBSERVATION_LABELS, PALETTE))
FULL_WIDTH_SOURCE = 130   # characters of a source line before it wraps (the sources name organisations)


def patrol_source(options: pd.DataFrame, most: int = 4) -> str:
    """'Närvaro- och patrulloggar (egen import): Securitas, Polisen och 2 till' – who kept the logs,
    most passes first (rows with organisation and passes, e.g. of patrol_options)."""
    text = SOURCE_NAMES["patrullogg"]
    known = options[options["organisation"].notna() & (options["organisation"].astype(str).str.strip() != "")]
    if known.empty:
        return text
    totals = known.groupby("organisation")["passes"].sum().reset_index()
    totals = totals.sort_values(["passes", "organisation"], ascending=[False, True],
                                key=lambda c: c.map(fmt.sort_key) if c.name == "organisation" else c)
    names = totals["organisation"].tolist()
    rest = len(names) - most
    return f"{text}: {', '.join(names[:most])}" + (f" och {rest} till" if rest > 0 else "")


def period_start_label(start, resolution: str, short: bool = True) -> str:
    """'sep 2025' for a month, 'v. 36 2025' (ISO week, Monday `start`) for a week."""
    start = pd.Timestamp(start)
    if resolution == "week":
        year, week, _ = start.isocalendar()
        return f"{'v.' if short else 'vecka'} {week} {year}"
    return fmt.month_label(start.year, start.month, short=short)


def _kind_order(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(kind, label) in the kinds' display order."""
    kinds = frame.drop_duplicates("kind").sort_values(["sort_order", "kind"])
    return list(zip(kinds["kind"], kinds["label"]))


def presence_hours(frame: pd.DataFrame, *, resolution: str, title: str, source: str, period: str,
                   demo: bool) -> go.Figure:
    """Stacked bars of hours of presence per week or month (`resolution` 'week' | 'month'), one colour
    per kind; the number of passes in the hover. Rows of patrol_hours_by_period."""
    data = frame.assign(period_start=pd.to_datetime(frame["period_start"]))
    fig = go.Figure()
    for kind, label in _kind_order(data):
        group = data[data["kind"] == kind]
        hover = [f"<b>{label}</b><br>{period_start_label(d, resolution, short=False)}: "
                 f"{fmt.number(h, 1)} timmar, {fmt.number(n)} pass"
                 for d, h, n in zip(group["period_start"], group["hours"], group["passes"])]
        fig.add_trace(go.Bar(x=group["period_start"], y=group["hours"], name=label,
                             marker_color=KIND_COLORS.get(kind, "#999999"), hovertext=hover,
                             hovertemplate="%{hovertext}<extra></extra>"))
    apply_theme(fig, title=title, source=source, period=period, demo=demo, height=480)
    _wrap_source_line(fig, FULL_WIDTH_SOURCE)
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_yaxes(title_text="Timmar per vecka" if resolution == "week" else "Timmar per månad",
                     tickformat=",.0f")
    _month_axis(fig, data["period_start"])
    return fig


def passes_per_year(frame: pd.DataFrame, *, title: str, source: str, period: str, demo: bool) -> go.Figure:
    """Two panels per year and kind: the number of passes (bars) and the average number of
    participants per pass, over the passes that counted them (points; none where no pass did).
    Rows of patrol_passes_by_year."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=["Antal pass per år", "Deltagare per pass (medel)"],
                        horizontal_spacing=0.1)
    for kind, label in _kind_order(frame):
        group = frame[frame["kind"] == kind].sort_values("year")
        colour = KIND_COLORS.get(kind, "#999999")
        fig.add_trace(go.Bar(
            x=group["year"], y=group["passes"], name=label, legendgroup=kind, marker_color=colour,
            hovertext=[f"<b>{label}</b><br>{int(y)}: {fmt.number(n)} pass"
                       for y, n in zip(group["year"], group["passes"])],
            hovertemplate="%{hovertext}<extra></extra>"), row=1, col=1)
        avg = [float(a) if _present(a) else None for a in group["avg_participants"]]
        hover = [f"<b>{label}</b><br>{int(y)}: {fmt.number(a, 1)} deltagare per pass"
                 f"<br>({fmt.number(c)} av {fmt.number(n)} pass med antal)"
                 for y, a, c, n in zip(group["year"], group["avg_participants"], group["passes_with_count"],
                                       group["passes"])]
        fig.add_trace(go.Scatter(
            x=group["year"], y=avg, name=label, legendgroup=kind, showlegend=False, mode="lines+markers",
            line=dict(color=colour, width=2.5), marker=dict(size=7), connectgaps=False, hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"), row=1, col=2)
    apply_theme(fig, title=title, source=source, period=period, demo=demo, height=420)
    _wrap_source_line(fig, FULL_WIDTH_SOURCE)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat="d", dtick=1)
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text="Pass", tickformat=",.0f", row=1, col=1)
    fig.update_yaxes(tickformat=",.1~f", row=1, col=2)    # an average: 2,5 is a tick of its own
    fig.update_yaxes(title_text="Deltagare", row=1, col=2)
    fig.update_annotations(font_size=14)
    return fig


def observations_by_year(frame: pd.DataFrame, *, title: str, source: str, period: str, demo: bool) -> go.Figure:
    """One line per observation (Ungdomar, Berusade …) per year: the sum over the passes whose log
    recorded it; the number of such passes in the hover. Rows of patrol_observations."""
    fig = go.Figure()
    for observation, label in OBSERVATION_LABELS.items():
        group = frame[frame["observation"] == observation].sort_values("year")
        if group.empty:
            continue
        hover = [f"<b>{label}</b><br>{int(y)}: {fmt.number(n)} (i {fmt.number(p)} pass med uppgift)"
                 for y, n, p in zip(group["year"], group["n"], group["passes"])]
        fig.add_trace(go.Scatter(x=group["year"], y=[float(n) for n in group["n"]], name=label,
                                 mode="lines+markers", line=dict(color=OBSERVATION_COLORS[observation], width=2.5),
                                 marker=dict(size=7), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    apply_theme(fig, title=title, source=source, period=period, demo=demo, height=440)
    _wrap_source_line(fig, FULL_WIDTH_SOURCE)
    fig.update_xaxes(tickformat="d", dtick=1)
    fig.update_yaxes(title_text="Antal iakttagelser per år", tickformat=",.0f")
    return fig


def _wrap_source_line(fig: go.Figure, width: int = 62) -> None:
    """Wrap the 'Källa: … Period: …' line of a figure meant for half the page width, growing the
    bottom margin (and the figure) by the added lines."""
    for annotation in fig.layout.annotations:
        if annotation.text.startswith("Källa:"):
            lines = textwrap.wrap(annotation.text, width)
            extra = 16 * (len(lines) - 1)
            annotation.update(text="<br>".join(lines), yanchor="top", yshift=-74)
            fig.update_layout(margin_b=fig.layout.margin.b + extra, height=fig.layout.height + extra)
