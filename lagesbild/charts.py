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
                order: list[str] | None = None, band: pd.DataFrame | None = None,
                band_label: str = "") -> go.Figure:
    """Lines per place, in `order` (the user's), and dashed reference lines for riket/län when
    showing rates; behind them, when given and showing yearly rates, a grey band for the middle
    50 % of comparable places (`band`: stats.reference_band rows; `band_label` names the places).

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
    if band is not None and not band.empty and measure == "rate" and x == "year" and not rolling:
        _add_band(fig, band, band_label)
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


def _add_band(fig: go.Figure, band: pd.DataFrame, label: str) -> None:
    """The interquartile band of comparable places: q25 (no line) and q75 filled down to it."""
    hover = [f"<b>{label}</b><br>{int(y)}: mittersta hälften {fmt.number(lo)}–{fmt.number(hi)} per 100 000 inv."
             f"<br>(median {fmt.number(med)}, {n} områden)"
             for y, lo, med, hi, n in zip(band["year"], band["q25"], band["median"], band["q75"], band["n"])]
    fig.add_trace(go.Scatter(x=band["year"].tolist(), y=band["q25"].tolist(), mode="lines", line=dict(width=0), showlegend=False,
                             hoverinfo="skip", name=label))
    fig.add_trace(go.Scatter(x=band["year"].tolist(), y=band["q75"].tolist(), mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor="rgba(140, 140, 140, 0.22)", name=f"{label}: mittersta hälften",
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))


def _grid(count: int, columns: int, titles: list[str], h_space: float, v_space: float) -> dict:
    """Layout of `count` small panels in rows of `columns` (axes x, x2, … and their titles), as
    make_subplots would lay them out, built directly (make_subplots costs tens of ms per figure)."""
    rows = max(1, -(-count // columns))
    width = (1 - h_space * (columns - 1)) / columns
    height = (1 - v_space * (rows - 1)) / rows
    layout: dict = {"annotations": []}
    for i in range(count):
        row, col = divmod(i, columns)
        x0, top = col * (width + h_space), 1 - row * (height + v_space)
        k = "" if i == 0 else str(i + 1)
        layout[f"xaxis{k}"] = dict(domain=[x0, x0 + width], anchor=f"y{k}")
        layout[f"yaxis{k}"] = dict(domain=[top - height, top], anchor=f"x{k}")
        layout["annotations"].append(dict(text=titles[i], x=x0 + width / 2, y=top, xref="paper", yref="paper",
                                          xanchor="center", yanchor="bottom", showarrow=False))
    return layout


def category_small_multiples(frame: pd.DataFrame, *, place_name: str, color: str, source: str,
                             period: str, demo: bool, columns: int = 3) -> go.Figure:
    """One small yearly trend per category (rows of crime_yearly_by_category), y axis from 0."""
    categories = frame.drop_duplicates("category_id")[["category_id", "label"]].values.tolist()
    rows = max(1, -(-len(categories) // columns))
    groups = dict(list(frame.groupby("category_id", sort=False)))
    titles, traces = [], []
    for i, (category_id, label) in enumerate(categories):
        group = groups[category_id]
        last = group.dropna(subset=["count"]).tail(1)
        latest = f"{fmt.number(last['count'].iloc[0])} ({int(last['year'].iloc[0])})" if len(last) else fmt.MISSING
        titles.append(f"{label}: {latest}")
        hover = [f"<b>{label}</b><br>{int(y)}: {fmt.number(c)} anmälda brott"
                 + (f"<br>{fmt.number(r)} per 100 000 inv." if not pd.isna(r) else "")
                 for y, c, r in zip(group["year"], group["count"], group["rate_per_100k"])]
        k = "" if i == 0 else str(i + 1)
        traces.append(dict(type="scatter", x=group["year"].tolist(),
                           y=[float(c) if _present(c) else None for c in group["count"]], xaxis=f"x{k}",
                           yaxis=f"y{k}", mode="lines+markers", line=dict(color=color, width=2.5),
                           marker=dict(size=5), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                           showlegend=False))
    fig = go.Figure(data=traces, layout=_grid(len(categories), columns, titles, 0.07, 0.22 if rows > 1 else 0.1))
    apply_theme(fig, title=f"Anmälda brott per kategori – {place_name}", source=source, period=period,
                demo=demo, height=max(330, 250 * rows + 120))
    fig.update_xaxes(tickformat="d", nticks=6)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    fig.update_annotations(font_size=14)
    return fig


def category_bars(frame: pd.DataFrame, *, year: int, title: str, source: str, demo: bool,
                  top: int = 10) -> go.Figure:
    """Horizontal bars: the `top` categories with most reported crimes in `year`, largest at the top,
    beside the year before (rows of crime_yearly_by_category, without 'totalt')."""
    counts = frame.dropna(subset=["count"])
    latest = counts[counts["year"] == year].sort_values("count", ascending=False, kind="stable").head(top)
    before = counts[counts["year"] == year - 1].set_index("category_id")["count"]
    labels = latest["label"].tolist()[::-1]
    fig = go.Figure()
    previous = [before.get(c) for c in latest["category_id"]][::-1]
    if any(_present(v) for v in previous):
        fig.add_trace(go.Bar(y=labels, x=[float(v) if _present(v) else None for v in previous], orientation="h",
                             name=str(year - 1), marker_color="#BBBBBB",
                             hovertemplate="%{y} " + str(year - 1) + ": %{x:,.0f}<extra></extra>"))
    fig.add_trace(go.Bar(y=labels, x=latest["count"].astype(float).tolist()[::-1], orientation="h", name=str(year),
                         marker_color=PALETTE[0], text=[fmt.number(v) for v in latest["count"]][::-1],
                         textposition="outside", cliponaxis=False,
                         hovertemplate="%{y} " + str(year) + ": %{x:,.0f}<extra></extra>"))
    apply_theme(fig, title=title, source=source, period=fmt.year_span(year - 1, year) if len(before) else str(year),
                demo=demo, height=max(420, 46 * len(labels) + 200))
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05, legend=dict(traceorder="reversed"))
    fig.update_xaxes(title_text="Anmälda brott", tickformat=",.0f", showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(rangemode="normal", gridcolor="rgba(0,0,0,0)")
    return fig


def for_projector(fig: go.Figure, *, height: int = 720) -> go.Figure:
    """A copy of a themed figure for a projector (Mötesläge): large black text, thick lines and
    markers, no modebar clutter. Every text is at least PROJECTOR_MIN_FONT px."""
    fig = go.Figure(fig)
    base = PROJECTOR_MIN_FONT + 4
    title = fig.layout.title.text or ""
    fig.update_layout(
        title=dict(text=title.replace("font-size:13px", f"font-size:{base}px"), font=dict(size=base + 12),
                   yref="container", y=1, yanchor="top", pad=dict(t=30)),
        font=dict(size=base, color="#000000"), height=height, legend=dict(font=dict(size=base)),
        margin=dict(l=90, r=40, t=120, b=140), hoverlabel=dict(font_size=base))
    fig.update_xaxes(tickfont=dict(size=base, color="#000000"), title_font=dict(size=base), linecolor="#000000")
    fig.update_yaxes(tickfont=dict(size=base, color="#000000"), title_font=dict(size=base), gridcolor="#cccccc")
    for annotation in fig.layout.annotations:
        size = annotation.font.size or FONT["size"]
        annotation.font.size = max(size + 6, PROJECTOR_MIN_FONT)
        if annotation.yshift is not None and annotation.yshift < -60:     # the source line at the bottom
            annotation.yshift = -125
    fig.update_traces(selector=dict(type="scatter"), line_width=5, marker_size=12)
    fig.update_traces(selector=dict(type="bar"), textfont_size=base)
    fig.update_traces(selector=dict(type="heatmap"), colorbar=dict(tickfont=dict(size=base),
                                                                   title=dict(font=dict(size=base))))
    return fig


PROJECTOR_MIN_FONT = 18


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
    fig.update_xaxes(tickformat="d", dtick=1)        # whole years only (a wide chart would get half years)
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


# --- maps ---------------------------------------------------------------------------------------

MAP_MISSING_COLOR = "#B8B8B8"
# ColorBrewer Blues without its near-white end (a pale area must not vanish into the background).
MAP_SEQUENTIAL = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
# ColorBrewer RdYlBu (colour-blind safe), low to high; the better end is always the blue one.
MAP_DIVERGING = ["#d73027", "#fc8d59", "#fee090", "#ffffbf", "#e0f3f8", "#91bfdb", "#4575b4"]
MAP_MEASURES = {"rate": "Per 100 000 inv.", "andel": "Andel (%)"}


def _scale(colours: list[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def rank_scale(values, colours: list[str]) -> list[list]:
    """A colour scale whose stops sit at the quantiles of `values` (between their min and max), so
    the colours are spread over the areas by rank ("compared with the others") and one extreme area
    does not leave all others the same pale colour. The middle colour lands on the median. The
    colour bar still shows which value each colour stands for."""
    data = pd.Series(values, dtype=float).dropna()
    low, high = (data.min(), data.max()) if len(data) else (0.0, 0.0)
    if len(data) < 3 or high <= low:
        return _scale(colours)
    quantiles = data.quantile([i / (len(colours) - 1) for i in range(len(colours))]).tolist()
    stops: list[list] = []
    for q, colour in zip(quantiles, colours):
        position = min(1.0, max(0.0, float((q - low) / (high - low))))
        if stops and position <= stops[-1][0]:       # tied quantiles: keep the first colour only …
            if position == 1.0:
                stops[-1] = [1.0, colour]            # … except at the top, which keeps the last
            continue
        stops.append([position, colour])
    stops[0][0], stops[-1][0] = 0.0, 1.0
    return stops


def map_colour_text(higher_is_better) -> str:
    """What the colours of a map mean, for its subtitle and caption."""
    if higher_is_better is None or pd.isna(higher_is_better):
        return ("Färgen jämför områdena med varandra (mörkare = högre), den säger inte vad som är bra "
                "eller dåligt")
    better = "högre" if higher_is_better else "lägre"
    return f"Blått = bättre än mitten av områdena ({better} är bättre), rött = sämre"


def map_caption(measure: str, higher_is_better, *, with_points: bool) -> str:
    """The caption under a map: what colours, grey and the dots mean."""
    text = (f"{map_colour_text(higher_is_better)}. Grått = uppgift saknas, aldrig 0. Håll muspekaren över ett "
            f"område för att se {'antalet anmälda brott' if measure == 'rate' else 'antalet svarande'}.")
    if higher_is_better is not None and not pd.isna(higher_is_better):
        text += " Mitten är medianen av områdena på kartan."
    return text + (" Prickarna är platser ur handlingsplanerna, på ungefärligt läge." if with_points else "")


def map_merger_note(geojson: dict, year: int) -> str | None:
    """'Stadsdelsområdena som de var 2019: Hägersten-Liljeholmen och Älvsjö slogs ihop till …' when
    the map shows former areas (features with valid_to and successor, as geo.stadsdelsomraden gives)."""
    former = [f["properties"] for f in geojson["features"] if f["properties"].get("valid_to")]
    notes = []
    for successor in dict.fromkeys(p["successor"] for p in former):
        members = [p for p in former if p["successor"] == successor]
        day = pd.Timestamp(members[0]["valid_to"]) + pd.Timedelta(days=1)
        names = " och ".join(sorted((p["name"] for p in members), key=fmt.sort_key))
        notes.append(f"{names} slogs ihop till {successor} den {day.day} {fmt.MONTHS[day.month - 1]} {day.year}")
    return f"Stadsdelsområdena som de var {int(year)}: " + "; ".join(notes) + "." if notes else None


def _suppressed_text(reason) -> str:
    reason = str(reason) if _present(reason) else fmt.MISSING
    return f"färre än {reason[2:]} svarande" if reason.startswith("n<") else f"dolt i källan ({reason})"


def _map_rows(values: pd.DataFrame, measure: str, year) -> dict[str, tuple[float | None, list[str]]]:
    """place_id -> (value to colour by or None, hover lines after the name)."""
    out = {}
    when = f"{int(year)}: " if year is not None else ""
    for r in values.to_dict("records"):
        if measure == "rate":
            rate, count = r.get("rate_per_100k"), r.get("count")
            value = float(rate) if _present(rate) else None
            if value is not None:
                lines = [f"{when}{fmt.number(rate)} anmälda brott per 100 000 inv."]
            elif r.get("flag") == "..":
                lines = [f"{when}uppgift saknas i källan (..)"]
            else:
                lines = [f"{when}uppgift saknas per 100 000 inv. (ingen folkmängd)"]
            if _present(count):
                lines.append(f"{fmt.number(count)} anmälda brott")
            if _present(r.get("preliminary")) and bool(r.get("preliminary")):
                lines.append("preliminär siffra")
        else:
            raw, n = r.get("value"), r.get("n_respondents")
            value = float(raw) if _present(raw) else None
            lines = [f"{when}{format_value(value, measure)}" if value is not None
                     else f"{when}uppgift saknas ({_suppressed_text(r.get('suppressed'))})"]
            if value is not None:
                lines.append(f"{fmt.number(n)} svarande" if _present(n) else "antal svarande okänt")
        out[r["place_id"]] = (value, lines)
    return out


def choropleth(values: pd.DataFrame, geojson: dict, *, measure: str, title: str, source: str, period: str,
               demo: bool, year: int | None = None, higher_is_better=None, points: pd.DataFrame | None = None,
               subtitle: str | None = None, height: int = 700) -> go.Figure:
    """A map of the areas in `geojson` (features with `id` = place_id and property `name`, wound for
    d3, see lagesbild.geo), each coloured by one value, drawn on a plain background (no tiles).

    `values`, one row per place: crime_series rows with `measure="rate"` (colour = rate_per_100k,
    the count in the hover) or survey_series rows of one grade and gender with `measure="andel"`
    (colour = value, respondents in the hover). Areas without a row or a value are grey with
    "uppgift saknas" and why, never 0. With `higher_is_better` None the scale is sequential (darker
    = higher than the others); otherwise diverging, the better end blue. Either way the colours are
    spread by rank (`rank_scale`), with the middle colour on the median. `points` (geo.places_in rows: name, lat, lon, area_name, accuracy) are drawn as dots.
    """
    rows = _map_rows(values, measure, year)
    features = geojson["features"]
    known, missing = [], []
    unknown = f"{int(year)}: uppgift saknas" if year is not None else "uppgift saknas"
    for f in features:
        value, lines = rows.get(f["id"], (None, [unknown]))
        hover = f"<b>{f['properties']['name']}</b><br>" + "<br>".join(lines)
        (known if value is not None else missing).append((f["id"], value, hover))
    directed = higher_is_better is not None and not pd.isna(higher_is_better)
    fig = go.Figure()
    # A lon/lat trace first: plotly.js fetches a world topojson from its CDN when the first trace of
    # a geo subplot has a `locationmode` (which a choropleth always has), and draws nothing offline.
    fig.add_trace(go.Scattergeo(lon=[], lat=[], mode="markers", showlegend=False, hoverinfo="skip", name=""))

    def subset(ids):  # each trace carries only its own features: the figure goes to the browser as JSON
        ids = set(ids)
        return {"type": "FeatureCollection", "features": [f for f in features if f["id"] in ids]}

    if missing:
        fig.add_trace(go.Choropleth(
            geojson=subset(m[0] for m in missing), locations=[m[0] for m in missing], z=[0] * len(missing),
            name="Uppgift saknas",
            colorscale=[[0, MAP_MISSING_COLOR], [1, MAP_MISSING_COLOR]], showscale=False, showlegend=True,
            marker=dict(line=dict(color="white", width=0.8)), hovertext=[m[2] for m in missing],
            hovertemplate="%{hovertext}<extra></extra>"))
    if known:
        z = [k[1] for k in known]
        colours = (MAP_DIVERGING if higher_is_better else MAP_DIVERGING[::-1]) if directed else MAP_SEQUENTIAL
        scale = dict(colorscale=rank_scale(z, colours), zmin=min(z), zmax=max(z))
        unit_title = MAP_MEASURES.get(measure, "Värde")
        fig.add_trace(go.Choropleth(
            geojson=subset(k[0] for k in known), locations=[k[0] for k in known], z=z, name=unit_title,
            showlegend=False,
            marker=dict(line=dict(color="white", width=0.8)), hovertext=[k[2] for k in known],
            hovertemplate="%{hovertext}<extra></extra>",
            colorbar=dict(title=dict(text=unit_title, side="right" if directed else "top"), tickformat=",.0f",
                          len=0.7, y=0.5, yanchor="middle", x=1.0, xanchor="left", thickness=18), **scale))
        if directed:   # name the ends of the scale (the title stands aside): the better end is blue
            top, bottom = ("bättre", "sämre") if higher_is_better else ("sämre", "bättre")
            for y, anchor, word in ((0.86, "bottom", top), (0.14, "top", bottom)):
                fig.add_annotation(text=f"<b>{word}</b>" if word == "bättre" else word, xref="paper", yref="paper",
                                   x=1.0, xanchor="left", y=y, yanchor=anchor, showarrow=False,
                                   font=dict(size=13, color="#333333"))
    if points is not None and len(points):
        accuracy = {"uncertain": "läget osäkert"}
        hover = [f"<b>{r['name']}</b><br>i {r['area_name']}<br>"
                 + accuracy.get(r.get("accuracy"), "ungefärligt läge") for r in points.to_dict("records")]
        fig.add_trace(go.Scattergeo(
            lon=points["lon"].astype(float).tolist(), lat=points["lat"].astype(float).tolist(), mode="markers",
            name="Platser ur handlingsplanerna",
            marker=dict(size=9, color="#222222", line=dict(color="white", width=1.5)),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo, height=height)
    fig.update_layout(showlegend=True, legend=dict(y=0, yanchor="top"))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="white")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --- priority areas (Fokusområden) --------------------------------------------------------------------

# A change is coloured by what it means: green a säkerställd improvement, red a säkerställd worsening
# (only for indicators with a direction); grey a directed indicator without a säkerställd change;
# blue an indicator without a direction (presence, published events, crimes found by police activity).
PRIORITY_COLORS = {"forbattring": "#1A7F37", "forsamring": "#C62828", "directed": "#7A7A7A",
                   "undirected": "#0072B2"}
PRIORITY_UNITS = {"crime": "anmälda brott", "events": "publicerade händelser", "patrols": "timmar närvaro"}
VERDICT_COLORS = {"forbattring": "#1A7F37", "ingen_sakerstalld": "#9E9E9E", "forsamring": "#C62828",
                  "okning": "#0072B2", "minskning": "#56B4E9", "kan_inte_provas": "#CFCFCF",
                  "saknar_data": "#EDEDED"}
VERDICT_NAMES = {"forbattring": "Säkerställd förbättring", "ingen_sakerstalld": "Ingen säkerställd förändring",
                 "forsamring": "Säkerställd försämring", "okning": "Säkerställd ökning (utan riktning)",
                 "minskning": "Säkerställd minskning (utan riktning)", "kan_inte_provas": "Kan inte prövas",
                 "saknar_data": "Saknar siffror"}
ACTION_COLORS = {"genomford": "#1A7F37", "pagar": "#0072B2", "paborjad": "#56B4E9", "ej_genomford": "#C62828",
                 "utan_status": "#BDBDBD"}
ACTION_NAMES = {"genomford": "Genomförda", "pagar": "Pågår", "paborjad": "Påbörjade", "ej_genomford": "Ej genomförda",
                "utan_status": "Utan status"}


def priority_color(verdict: str, higher_is_better) -> str:
    """The colour of an indicator's trend: green/red only for a säkerställd change of an indicator
    with a direction."""
    if higher_is_better is None or pd.isna(higher_is_better):
        return PRIORITY_COLORS["undirected"]
    return PRIORITY_COLORS.get(verdict, PRIORITY_COLORS["directed"])


def priority_value(value, source: str, unit: str | None) -> str:
    """'53', '12,5 %', '242,9 tim' for an indicator value."""
    if not _present(value):
        return fmt.MISSING
    if source == "survey":
        return format_value(value, unit or "andel")
    if source == "patrols":
        return f"{fmt.number(value, 1)} tim"
    return fmt.number(value)


def _wrapped(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def priority_indicator_trends(values: pd.DataFrame, followups: pd.DataFrame, *, title: str, source: str,
                              period: str, demo: bool, follow_year: int, window: str, columns: int = 3,
                              years_shown: int = 10, subtitle: str | None = None) -> go.Figure:
    """One small yearly trend per indicator and place (rows of stats.priority_followups, values of
    priority_indicator_values), up to the follow-up year: the baseline and the latest value are the
    large points, the line is coloured by `priority_color`, the panel title says baseline → latest
    and whether the change is säkerställd. `window` names the months each year covers ('jan–apr')."""
    panels = followups.to_dict("records")
    rows = max(1, -(-len(panels) // columns))
    titles = []
    for r in panels:
        head = _wrapped(f"{r['label']} – {r['place_name']}", 40)
        if r["verdict"] == "saknar_data":
            change = "saknar siffror att jämföra"
        else:
            change = (f"{priority_value(r['baseline'], r['source'], r['unit'])} ({int(r['baseline_year'])}) → "
                      f"{priority_value(r['latest'], r['source'], r['unit'])} ({int(r['latest_year'])})<br>"
                      f"{VERDICT_NAMES[r['verdict']].lower()}")
        titles.append(f"{head}<br><span style='font-size:12px'>{change}</span>")
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles or [""], horizontal_spacing=0.07,
                        vertical_spacing=min(0.3, 0.9 / rows) if rows > 1 else 0.1)
    for i, r in enumerate(panels):
        series = values[(values["area_id"] == r["area_id"]) & (values["indicator_no"] == r["indicator_no"])
                        & (values["place_id"] == r["place_id"]) & (values["year"] <= follow_year)]
        series = series[series["year"] > follow_year - years_shown].sort_values("year")
        colour = priority_color(r["verdict"], r["higher_is_better"])
        unit = PRIORITY_UNITS.get(r["source"], "")
        hover = []
        for year, value, n in zip(series["year"], series["value"], series["n"]):
            text = f"<b>{r['label']}</b><br>{r['place_name']}, {int(year)}"
            text += f" ({window})" if r["source"] != "survey" else ""
            text += f": {priority_value(value, r['source'], r['unit'])}" + (f" {unit}" if r["source"] in ("crime", "events") else "")
            if r["source"] == "patrols" and _present(n):
                text += f" ({fmt.number(n)} pass)"
            if r["source"] == "survey":
                text += f"<br>{fmt.number(n)} svarande" if _present(n) else "<br>antal svarande okänt"
            hover.append(text)
        sizes = [13 if year in (r["baseline_year"], r["latest_year"]) else 6 for year in series["year"]]
        fig.add_trace(go.Scatter(
            x=series["year"], y=[float(v) if _present(v) else None for v in series["value"]], mode="lines+markers",
            line=dict(color=colour, width=2.5), marker=dict(size=sizes, color=colour, line=dict(color="white", width=1)),
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=False, connectgaps=False),
            row=i // columns + 1, col=i % columns + 1)
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo,
                height=max(380, 280 * rows + 190))
    _wrap_source_line(fig, FULL_WIDTH_SOURCE)
    fig.update_layout(margin_t=fig.layout.margin.t + 75)     # room for the first row's panel titles
    fig.update_xaxes(tickformat="d", nticks=6)
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    for i, r in enumerate(panels):                            # a panel without figures shows only its title
        if r["verdict"] == "saknar_data" and (fig.data[i].x is None or len(fig.data[i].x) == 0):
            fig.update_xaxes(visible=False, row=i // columns + 1, col=i % columns + 1)
            fig.update_yaxes(visible=False, row=i // columns + 1, col=i % columns + 1)
    fig.update_annotations(font_size=13)
    return fig


def priority_followup_overview(summary: pd.DataFrame, *, title: str, source: str, period: str, demo: bool,
                               subtitle: str | None = None) -> go.Figure:
    """All areas side by side (rows of tables.priority_followup_summary order, columns area_name, the
    verdict counts and the action counts): left, the indicators by verdict; right, the activities
    by status, with the overdue ones named at the end of each bar."""
    areas = summary["area_name"].tolist()
    labels = [_wrapped(a, 42) for a in areas]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=["Indikatorer: basår → uppföljning", "Aktiviteter"])
    for verdict, name in VERDICT_NAMES.items():
        counts = summary.get(f"v_{verdict}", pd.Series(0, index=summary.index)).astype(int).tolist()
        if not any(counts):
            continue
        fig.add_trace(go.Bar(
            y=labels, x=counts, orientation="h", name=name, marker_color=VERDICT_COLORS[verdict], legendgroup="v",
            hovertext=[f"<b>{a}</b><br>{name}: {fmt.number(c)} indikatorer" for a, c in zip(areas, counts)],
            hovertemplate="%{hovertext}<extra></extra>"), row=1, col=1)
    for status, name in ACTION_NAMES.items():
        counts = summary.get(f"a_{status}", pd.Series(0, index=summary.index)).astype(int).tolist()
        if not any(counts):
            continue
        fig.add_trace(go.Bar(
            y=labels, x=counts, orientation="h", name=f"{name} (aktiviteter)", marker_color=ACTION_COLORS[status],
            legendgroup="a", hovertext=[f"<b>{a}</b><br>{name}: {fmt.number(c)} aktiviteter" for a, c in zip(areas, counts)],
            hovertemplate="%{hovertext}<extra></extra>"), row=1, col=2)
    overdue = summary.get("a_overdue", pd.Series(0, index=summary.index)).astype(int).tolist()
    totals = summary.get("a_total", pd.Series(0, index=summary.index)).astype(int).tolist()
    if any(overdue):
        fig.add_trace(go.Scatter(
            y=labels, x=totals, mode="text",
            text=[f"  {n} {'försenad' if n == 1 else 'försenade'}" if n else "" for n in overdue],
            textposition="middle right", textfont=dict(color="#C62828", size=13), showlegend=False,
            hoverinfo="skip"), row=1, col=2)
    if not any(totals):
        fig.add_annotation(text="Inga aktiviteter ännu", xref="x2 domain", yref="y2 domain", x=0.5, y=0.5,
                           showarrow=False, font=dict(size=14, color="#555555"))
    apply_theme(fig, title=title, subtitle=subtitle, source=source, period=period, demo=demo,
                height=max(360, 150 + 62 * len(areas)))
    _wrap_source_line(fig, FULL_WIDTH_SOURCE)
    fig.update_layout(barmode="stack", bargap=0.3,
                      legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", traceorder="normal"))
    fig.update_yaxes(autorange="reversed", rangemode="normal", tickfont=dict(size=13))
    fig.update_xaxes(tickformat=",d", rangemode="tozero")
    fig.update_xaxes(range=[0, max(totals + [1]) * 1.35], row=1, col=2)
    fig.update_annotations(font_size=14)
    return fig
