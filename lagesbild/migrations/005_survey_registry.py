"""005: the shipped surveys, their common indicators, and the survey series breaks."""
from __future__ import annotations

from lagesbild import registry


def apply(con) -> None:
    surveys, indicators = registry.build_surveys()
    for table, frame in (("surveys", surveys), ("survey_indicators", indicators)):
        con.register("registry_rows", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM registry_rows")
        con.unregister("registry_rows")
    con.execute("""
        INSERT INTO series_breaks (level, place_id, source, year, description) VALUES
        (NULL, NULL, 'ntu', 2017, 'NTU bytte metod 2017 (från telefon till post och webb); siffrorna före och efter går inte att jämföra rakt av.'),
        ('stadsdelsomrade', NULL, 'stockholmsenkaten', 2020, 'Stockholms stadsdelsområden ändrades 1 juli 2020 (Hägersten-Älvsjö); områdena före och efter är inte desamma.'),
        ('stadsdelsomrade', NULL, 'trygghetsmatning_stad', 2020, 'Stockholms stadsdelsområden ändrades 1 juli 2020 (Hägersten-Älvsjö); områdena före och efter är inte desamma.')
    """)
