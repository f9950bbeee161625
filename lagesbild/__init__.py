"""Lägesbild: shared code for the dashboard and the loaders (database, queries, charts, statistics)."""
