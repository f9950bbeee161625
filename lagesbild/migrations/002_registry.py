"""002: load the shipped registry (places, aliases, crime categories, series breaks)."""
from __future__ import annotations

from lagesbild import registry


def apply(con) -> None:
    places, aliases = registry.build_places()
    categories, category_aliases = registry.build_categories()
    for table, frame in (
        ("places", places),
        ("place_aliases", aliases),
        ("crime_categories", categories),
        ("crime_category_aliases", category_aliases),
    ):
        con.register("registry_rows", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM registry_rows")
        con.unregister("registry_rows")
    con.execute(
        "INSERT INTO series_breaks (level, place_id, source, year, description) VALUES "
        "('kommun', NULL, 'bra', 2015, 'Från 2015 redovisar Brå kommunstatistiken med bättre kvalitet "
        "(mindre bortfall av brottsplats). Jämför inte rakt över brytpunkten.')"
    )
