"""007: the patrol kinds and the free-text spellings we read them from."""
from __future__ import annotations

from lagesbild import registry


def apply(con) -> None:
    kinds, aliases = registry.build_patrol_kinds()
    for table, frame in (("patrol_kinds", kinds), ("patrol_kind_aliases", aliases)):
        con.register("registry_rows", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM registry_rows")
        con.unregister("registry_rows")
