"""The charts of the lägesbild, each with a one-line key message computed from the same data.

One builder per chart, from a query function `q(name, **params)` (`on(con)` for a connection,
`lagesbild.ui.query` on a page, which caches by data version) and a context dict from `context`.
The Word report (lagesbild.report) writes them with its text and tables, the PowerPoint deck
(lagesbild.deck) puts one on each slide, and Mötesläge (lagesbild.ui_meeting) shows the `VIEWS`
full screen, so all three show the same figures. No Streamlit here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

import duckdb
import pandas as pd
import plotly.graph_objects as go

from lagesbild import charts, fmt, queries, stats, tables

# The surveys' "safe out late in the evening" questions, the preferred first.
EVENING_SAFETY = ["trygghetsmatning_polis:trygg_kvall", "trygghetsmatning_stad:trygg_kvall",
                  "ntu:otrygghet_sen_kvall", "stockholmsenkaten:otrygg_ute_kvall"]
PEER_WORDS = {"kommun": "länets kommuner", "stadsdelsomrade": "stadens stadsdelsområden", "lan": "länen"}
Query = Callable[..., pd.DataFrame]
# The sections with charts, in the law's order (the others are text only).
FIGURE_SECTIONS = ("kartlaggning", "jamforelser", "utveckling", "trygghet", "narvaro", "fokus")
EVENTS_NOTE = "Ett urval, inte brottsstatistik."


@dataclass
class Figure:
    """One chart of the lägesbild as the report and the deck show it. `fig` is None when there is
    no data to draw; `message` then says so. Otherwise `message` is the chart's key message in one
    sentence, computed from the same data (the deck's slide text). `data` holds what the report's
    text and tables around the chart need."""

    section: str
    message: str
    fig: go.Figure | None = None
    caption: str = ""
    source: str = ""
    period: str = ""
    demo: bool = False
    fallback: pd.DataFrame | None = None
    fallback_caption: str = ""
    data: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The chart's own title (the bold part of the heading apply_theme writes)."""
        text = (self.fig.layout.title.text or "") if self.fig is not None else ""
        found = re.match(r"<b>(.*?)</b>", text)
        return found.group(1) if found else re.sub(r"<[^>]+>", " ", text).strip()


def on(con: duckdb.DuckDBPyConnection) -> Query:
    """The query function for a connection."""
    def q(name: str, **params) -> pd.DataFrame:
        return queries.run(con, name, **params)

    return q


def context(q: Query, *, place_id: str, year_from: int, year_to: int,
            min_respondents: int = 10, today: dt.date | None = None) -> dict:
    """What every part needs: the place (name, level, lineage), the period, the database's status
    (`demo`: it holds demo data; `last_import`), the survey threshold `min_n` and `today`. Raises
    KeyError for an unknown place."""
    places = q("places_all")
    hit = places[places["place_id"] == place_id]
    if hit.empty:
        raise KeyError(f"okänd plats: {place_id!r}")
    place = hit.iloc[0].to_dict()
    status = q("data_status").iloc[0].to_dict()
    last_import = status.get("last_import")
    return dict(name=place["name"], level=place["level"], place_id=place_id, year_from=year_from, year_to=year_to,
                period=fmt.year_span(year_from, year_to), lineage=q("place_lineage", place_id=place_id),
                today=today or dt.date.today(), status=status, demo=bool(status.get("demo_imports")),
                last_import=None if last_import is None or pd.isna(last_import) else pd.Timestamp(last_import),
                min_n=min_respondents)


def section_figures(q: Query, ctx: dict, section: str) -> list[Figure]:
    """The charts of one section (a key of SECTIONS; none for the text-only ones), in the report's
    order, each with its key message; `ctx` from `context`. Figures without data have `fig` None."""
    builders = {"kartlaggning": events_when, "jamforelser": comparison,
                "utveckling": categories, "trygghet": evening_safety, "narvaro": presence,
                "fokus": priority_followup}
    if section not in builders:
        return []
    made = builders[section](q, ctx)
    return made if isinstance(made, list) else [made]


def _event_scope(q: Query, c: dict) -> tuple[str, str, list[str], dt.date, dt.date]:
    """Published events carry only a kommun or län: the place's kommun (the place itself above that)."""
    lineage = c["lineage"]
    kommun = lineage[lineage["level"] == "kommun"]
    place_id, name = ((kommun["place_id"].iloc[0], kommun["name"].iloc[0]) if len(kommun)
                      else (c["place_id"], c["name"]))
    return (place_id, name, q("event_places", place_id=place_id)["place_id"].tolist(),
            dt.date(c["year_from"], 1, 1), dt.date(c["year_to"], 12, 31))


def events_when(q: Query, c: dict) -> Figure:
    """Published events per weekday and hour in the place's kommun (the place itself if it has none)."""
    period = c["period"]
    _, event_name, event_places, date_from, date_to = _event_scope(q, c)
    grid = q("events_weekday_hour", places=event_places, date_from=date_from, date_to=date_to, types=[])
    if grid.empty:
        return Figure("kartlaggning",
                      f"Det finns inga publicerade händelser med känd tidpunkt för {event_name} under {period}.")
    demo = bool(q("events_by_month_type", places=event_places, date_from=date_from, date_to=date_to,
                  types=[])["is_demo"].any())
    busiest = grid.sort_values("n", ascending=False).head(5)
    fallback = pd.DataFrame({"Veckodag": [fmt.WEEKDAYS[int(d) - 1] for d in busiest["weekday"]],
                             "Timme": [f"{int(h):02d}–{(int(h) + 1) % 24:02d}" for h in busiest["hour"]],
                             "Händelser": [fmt.number(n) for n in busiest["n"]]})
    total, top = grid["n"].sum(), busiest.iloc[0]
    hour = int(top["hour"])
    message = (f"Publicerade händelser i {event_name}: {fmt.number(total)} med känd tidpunkt, flest på "
               f"{fmt.WEEKDAYS[int(top['weekday']) - 1]}ar kl. {hour:02d}–{(hour + 1) % 24:02d} "
               f"({fmt.number(top['n'])} st.). {EVENTS_NOTE}")
    fig = charts.weekday_hour_heatmap(grid, title=f"Publicerade händelser – {event_name}",
                                      subtitle="Antal per veckodag och timme", period=period, demo=demo)
    return Figure("kartlaggning", message, fig,
                  caption=f"Publicerade händelser i {event_name} per veckodag och timme, {period} (ett urval, inte "
                          "brottsstatistik).",
                  source=charts.EVENTS_SOURCE, period=period, demo=demo, fallback=fallback,
                  fallback_caption=f"De fem timmar med flest publicerade händelser i {event_name}, {period}.",
                  data=dict(event_name=event_name, total=total))


def comparison(q: Query, c: dict) -> Figure:
    """The place's rate per 100 000 inv. with riket, the län and the band of comparable places."""
    name = c["name"]
    own = q("crime_series", places=[c["place_id"]], category="totalt", period_type="year",
            year_from=c["year_from"], year_to=c["year_to"])
    if own.empty or own["rate_per_100k"].isna().all():
        return Figure("jamforelser",
                      f"{name} har ingen folkmängd i databasen (eller inga siffror för totalt antal brott) under "
                      f"{c['period']}, så anmälda brott per invånare kan inte jämföras med riket, länet eller "
                      "liknande områden.")
    demo = bool(own["is_demo"].any())
    references = q("crime_reference", places=[c["place_id"]], category="totalt", period_type="year",
                   year_from=c["year_from"], year_to=c["year_to"])
    peers = q("peer_places", place_id=c["place_id"])
    peer_rates = q("crime_series", places=peers["place_id"].tolist(), category="totalt", period_type="year",
                   year_from=c["year_from"], year_to=c["year_to"])
    band = stats.reference_band(peer_rates)
    peer_word = PEER_WORDS.get(c["level"], "jämförbara områden")
    source = charts.source_text(own["source"])
    last = own.dropna(subset=["rate_per_100k"]).sort_values("year").iloc[-1]
    riket = references[(references["level"] == "riket") & (references["year"] == last["year"])]
    text = (f"{int(last['year'])} anmäldes {fmt.number(last['rate_per_100k'])} brott per 100 000 invånare i {name}")
    if len(riket) and not pd.isna(riket["rate_per_100k"].iloc[0]):
        text += f", mot {fmt.number(riket['rate_per_100k'].iloc[0])} i riket"
    fig = charts.crime_trend(own, references, measure="rate", band=band, band_label=peer_word,
                             title=f"Anmälda brott per 100 000 invånare – {name}",
                             subtitle=f"Med riket, länet och mittersta hälften av {peer_word} (grått band)",
                             source=source, period=fmt.data_period(own), demo=demo)
    return Figure("jamforelser", text + ".", fig,
                  caption=f"Anmälda brott per 100 000 invånare i {name} jämfört med riket, länet och {peer_word} "
                          f"(grått band: mittersta hälften), {c['period']}.",
                  source=source, period=fmt.data_period(own), demo=demo,
                  data=dict(own=own, references=references, band=band, peer_word=peer_word))


def categories(q: Query, c: dict) -> Figure:
    """A small trend per main crime category (every category if there are fewer than two main ones);
    the key message is the total's latest year against the year before."""
    name = c["name"]
    data = q("crime_yearly_by_category", place_id=c["place_id"], year_from=c["year_from"], year_to=c["year_to"])
    if data.empty:
        return Figure("utveckling", f"Det finns ingen polisstatistik per år för {name} under {c['period']}.")
    demo = bool(data["is_demo"].any())
    trends = data[data["is_main"]]
    if trends["category_id"].nunique() < 2:
        trends = data[data["category_id"] != "totalt"]
    source = charts.source_text(trends["source"])
    latest = tables.latest_change(data[data["category_id"] == "totalt"])
    what = "Anmälda brott"
    if latest is None and not trends.empty:
        first = trends["category_id"].iloc[0]
        latest = tables.latest_change(trends[trends["category_id"] == first])
        what = trends["label"].iloc[0]
    message = (tables.key_message(what, name, latest) if latest else
               f"Det finns inga antal anmälda brott för {name} under {c['period']}.")
    fig = None if trends.empty else charts.category_small_multiples(
        trends, place_name=name, color=charts.place_colors([c["place_id"]])[c["place_id"]], source=source,
        period=fmt.data_period(trends), demo=demo)
    return Figure("utveckling", message, fig, caption=f"Anmälda brott per kategori och år i {name}, {c['period']}.",
                  source=source, period=fmt.data_period(trends) if not trends.empty else c["period"], demo=demo,
                  fallback=tables.category_table(trends) if not trends.empty else None,
                  fallback_caption=f"Anmälda brott per kategori i {name}, senaste året.", data=dict(data=data))


def survey_message(row: dict, min_n: int) -> str:
    """'Känner sig otrygg ute ensam sent en kväll: 13,3 % (Danderyd 2024, åk 9, 166 svarande).', or
    '..' and why the value is hidden (row of place_survey_latest)."""
    label, value, _ = tables.survey_metric(row, min_n)
    where = [f"{row['place_name']} {int(row['year'])}"]
    if row.get("grade") and row["grade"] != "alla":
        where.append(charts.GRADE_LABELS.get(row["grade"], row["grade"]))
    n = row.get("n_respondents")
    where.append(f"{fmt.number(n)} svarande" if n is not None and not pd.isna(n) else "antal svarande okänt")
    if value == fmt.MISSING:
        suppressed = row.get("suppressed")
        where.append(f"dolt: färre än {min_n} svarande" if str(suppressed).startswith("n<")
                     else f"dolt i källan ({suppressed or fmt.MISSING})")
    return f"{label}: {value} ({', '.join(where)})."


def evening_safety(q: Query, c: dict) -> list[Figure]:
    """Safe out late in the evening, per survey that asks it: the place (or the nearest area it lies in
    with results) against riket; the key message is the latest value or '..' and why."""
    lineage, period, min_n = c["lineage"]["place_id"].tolist(), c["period"], c["min_n"]
    catalog = q("survey_catalog")
    evening = q("place_survey_latest", places=lineage, year_from=c["year_from"], year_to=c["year_to"],
                min_n=min_n, indicators=EVENING_SAFETY)
    figures = []
    for row in evening.to_dict("records"):
        meta = catalog[(catalog["survey"] == row["survey"]) & (catalog["indicator_id"] == row["indicator_id"])]
        if meta.empty:
            continue
        meta = meta.iloc[0]
        places = list(dict.fromkeys([row["place_id"], "riket"]))
        series = q("survey_series", survey=row["survey"], indicator=row["indicator_id"], places=places,
                   year_from=c["year_from"], year_to=c["year_to"], min_n=min_n)
        mine = series[series["place_id"] == row["place_id"]]
        if mine.empty:
            continue
        demo = bool(series["is_demo"].any())
        source = f"{meta['publisher']} ({meta['survey_label']}), {meta['population']}"
        fig = charts.survey_trend(series, title=f"{meta['label']} – {meta['survey_label']}",
                                  subtitle=charts.direction_text(meta["higher_is_better"]), unit=meta["unit"],
                                  higher_is_better=meta["higher_is_better"], colors=charts.place_colors(places),
                                  order=places, source=source, period=fmt.data_period(series), demo=demo)
        table = tables.survey_table(mine, unit=meta["unit"], threshold=min_n,
                                    higher_is_better=meta["higher_is_better"])
        caption = f"{meta['label']}, {row['place_name']}, {meta['survey_label']}, {period}."
        figures.append(Figure("trygghet", survey_message(row, min_n), fig,
                              caption=caption + " Med 95 % konfidensintervall där antalet svarande är känt.",
                              source=source, period=fmt.data_period(series), demo=demo,
                              data=dict(table=table,
                                        table_caption=caption + " Per år, årskurs och kön; «..» = dolt.")))
    return figures


def presence(q: Query, c: dict) -> Figure:
    """Hours of presence per month and kind in the place and the areas and places within it."""
    name = c["name"]
    places = q("event_places", place_id=c["place_id"])["place_id"].tolist()
    date_from, date_to = dt.date(c["year_from"], 1, 1), dt.date(c["year_to"], 12, 31)
    options = q("patrol_options", places=places, date_from=date_from, date_to=date_to)
    if options.empty:
        return Figure("narvaro", f"Det finns inga närvaro- eller patrullpass för {name} under {c['period']}.")
    filters = dict(places=places, date_from=date_from, date_to=date_to, kinds=[], organisations=[])
    demo = bool(options["is_demo"].any())
    source = charts.patrol_source(options)
    period = f"{options['first_start'].min():%Y-%m-%d} – {options['last_start'].max():%Y-%m-%d}"
    hours = q("patrol_hours_by_period", resolution="month", **filters)
    by_kind = hours.groupby("label", sort=False)["hours"].sum().sort_values(ascending=False, kind="stable")
    message = (f"Närvaro i {name}: {fmt.number(hours['hours'].sum())} timmar i {fmt.number(hours['passes'].sum())} "
               f"pass, {period}" + (f"; mest {by_kind.index[0].lower()} ({fmt.number(by_kind.iloc[0])} timmar)."
                                    if len(by_kind) else "."))
    fig = charts.presence_hours(hours, resolution="month", title=f"Timmar med närvaro per månad – {name}",
                                source=source, period=period, demo=demo)
    return Figure("narvaro", message, fig, caption=f"Timmar med närvaro per månad och typ i {name}, {period}.",
                  source=source, period=period, demo=demo, data=dict(options=options, filters=filters))


def priority_followup(q: Query, c: dict) -> Figure:
    """The follow-up of the plan for the place (or an area it lies in, or one within it): indicators by
    verdict and activities by status per priority area."""
    name = c["name"]
    plans = q("priority_plans")
    around = set(c["lineage"]["place_id"]) | set(q("event_places", place_id=c["place_id"])["place_id"])
    related = plans[plans["place_id"].isin(around)] if not plans.empty else plans
    if related.empty:
        return Figure("fokus", f"Det finns ingen handlingsplan med fokusområden för {name} i databasen. Importera "
                               "planen (typ «handlingsplan» eller «fokusomraden») för att få med fokusområden, "
                               "åtgärder och uppföljning.")
    plan = related.iloc[0].to_dict()
    year, period = stats.default_follow_up(plan["valid_to"], c["today"])
    as_of = min(c["today"], stats.follow_up_date(year, period))
    baseline = stats.plan_baseline_year(plan["valid_from"])
    plan_id = plan["plan_id"]
    areas = q("priority_areas", plan_id=plan_id)
    if areas.empty:
        return Figure("fokus", f"Planen «{plan['title']}» har inga fokusområden ännu.")
    follow = stats.plan_followup(q, plan_id, period=period, year=year, baseline=baseline, min_n=c["min_n"],
                                 as_of=as_of)
    demo = bool(plan["is_demo"]) or follow.values_demo
    label = f"{period} {year}"
    sources = "; ".join(dict.fromkeys(follow.followups["publisher"])) if len(follow.followups) else "Handlingsplanen"
    summary = stats.followup_summary(areas, follow.followups, follow.counts)
    summary_table = tables.priority_followup_table(summary)

    def total(column: str) -> int:
        return int(summary[column].sum()) if column in summary else 0

    message = (f"Uppföljning {label}: {total('v_forbattring')} av {total('v_total')} indikatorer säkerställt "
               f"bättre, {total('v_forsamring')} säkerställt sämre; "
               + (f"{total('a_genomford')} av {total('a_total')} aktiviteter genomförda, "
                  f"{total('a_overdue')} försenade." if total("a_total") else "planen har inga aktiviteter."))
    fig = charts.priority_followup_overview(summary, title=f"Uppföljning {label} – {plan['place_name']}",
                                            subtitle=plan["title"], source=f"{sources}; handlingsplanen",
                                            period=label, demo=demo)
    return Figure("fokus", message, fig,
                  caption=f"Uppföljning {label} av fokusområdena i «{plan['title']}»: indikatorer och aktiviteter.",
                  source=f"{sources}; handlingsplanen «{plan['title']}»", period=f"uppföljning {label}", demo=demo,
                  fallback=summary_table,
                  data=dict(plan=plan, areas=areas, follow=follow, year=year, label=label, as_of=as_of,
                            baseline=baseline, summary_table=summary_table))


def crime_level(q: Query, c: dict) -> Figure:
    """Reported crime over time: the comparison with riket, the län and comparable places where the
    place has a population, else the yearly count; the key message is the latest year against the
    year before."""
    name = c["name"]
    own = q("crime_series", places=[c["place_id"]], category="totalt", period_type="year",
            year_from=c["year_from"], year_to=c["year_to"])
    if own.empty:
        return Figure("jamforelser", f"Det finns inga siffror för totalt antal anmälda brott i {name} under "
                                     f"{c['period']}.")
    message = tables.key_message("Anmälda brott", name, tables.latest_change(own))
    figure = comparison(q, c)
    if figure.fig is not None:
        figure.message = message
        return figure
    source, period, demo = charts.source_text(own["source"]), fmt.data_period(own), bool(own["is_demo"].any())
    fig = charts.crime_trend(own, None, measure="count", title=f"Anmälda brott – {name}", subtitle="Antal per år",
                             source=source, period=period, demo=demo)
    return Figure("jamforelser", message, fig, caption=f"Anmälda brott per år i {name}, {c['period']}.",
                  source=source, period=period, demo=demo)


def largest_categories(q: Query, c: dict) -> Figure:
    """The categories with most reported crimes in the latest year, beside the year before."""
    name = c["name"]
    data = q("crime_yearly_by_category", place_id=c["place_id"], year_from=c["year_from"], year_to=c["year_to"])
    data = data[data["category_id"] != "totalt"].dropna(subset=["count"])
    if data.empty:
        return Figure("kartlaggning", f"Det finns inga anmälda brott per kategori för {name} under {c['period']}.")
    year = int(data["year"].max())
    top = data[data["year"] == year].sort_values("count", ascending=False, kind="stable").head(3)
    message = (f"Flest anmälda brott i {name} {year}: "
               + ", ".join(f"{r['label'].lower()} {fmt.number(r['count'])}" for r in top.to_dict("records")) + ".")
    demo, source = bool(data["is_demo"].any()), charts.source_text(data["source"])
    fig = charts.category_bars(data, year=year, title=f"Anmälda brott per kategori {year} – {name}",
                               source=source, demo=demo)
    return Figure("kartlaggning", message, fig, caption=f"De största brottskategorierna i {name} {year}.",
                  source=source, period=str(year), demo=demo,
                  fallback=tables.category_table(data, largest_first=True).head(10))


def events_per_month(q: Query, c: dict) -> Figure:
    """Published events per month, the most frequent types stacked."""
    _, name, places, date_from, date_to = _event_scope(q, c)
    by_month = q("events_by_month_type", places=places, date_from=date_from, date_to=date_to, types=[])
    if by_month.empty:
        return Figure("kartlaggning", f"Inga publicerade händelser för {name} under {c['period']}.")
    demo = bool(by_month["is_demo"].any())
    months = pd.to_datetime(by_month["month"])
    period = fmt.year_span(months.min().year, months.max().year)
    per_type = by_month.groupby("type")["n"].sum().sort_values(ascending=False, kind="stable")
    message = (f"Polisens publicerade händelser i {name} {period}: {fmt.number(per_type.sum())}, vanligast "
               f"{per_type.index[0].lower()} ({fmt.number(per_type.iloc[0])}). {EVENTS_NOTE}")
    fig = charts.events_by_month(by_month, title=f"Publicerade händelser per månad – {name}", period=period,
                                 demo=demo, top=5)
    return Figure("kartlaggning", message, fig, caption=f"Publicerade händelser per månad i {name}, {period}.",
                  source=charts.EVENTS_SOURCE, period=period, demo=demo)


def first_evening_safety(q: Query, c: dict) -> Figure:
    """The preferred survey's evening-safety chart (evening_safety gives one per survey)."""
    found = evening_safety(q, c)
    return found[0] if found else Figure(
        "trygghet", f"Inga enkätresultat om trygghet sent på kvällen för {c['name']} eller områdena den ingår i "
                    f"under {c['period']}.")


# Mötesläge's views: code (in URLs) -> (label for choosing, builder). In the suggested order.
VIEWS: dict[str, tuple[str, Callable[[Query, dict], Figure]]] = {
    "brott": ("Anmälda brott över tid, med jämförelse", crime_level),
    "brottstyper": ("Anmälda brott per kategori, senaste året", largest_categories),
    "utveckling": ("Utveckling per brottskategori", categories),
    "handelser": ("Polisens publicerade händelser per månad", events_per_month),
    "handelser-tid": ("Publicerade händelser per veckodag och timme", events_when),
    "trygghet": ("Trygghet sent på kvällen (enkäter)", first_evening_safety),
    "narvaro": ("Närvaro och patrullering per månad", presence),
    "fokus": ("Fokusområden: uppföljning", priority_followup),
}
DEFAULT_AGENDA = ("brott", "brottstyper", "handelser-tid", "trygghet", "narvaro")


def view(code: str, q: Query, c: dict) -> Figure:
    """The view `code` (a key of VIEWS) for the context; KeyError for an unknown code."""
    return VIEWS[code][1](q, c)
