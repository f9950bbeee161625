"""Loaders: one reader per source format, a shared import pipeline, and the CLI (`python -m loaders`)."""
