#!/usr/bin/env bash
# First command in the README: set everything up, build the demo database if there is none,
# and start Lägesbild on http://localhost:8501.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
db="${LAGESBILD_DB:-data/lagesbild.duckdb}"
case "$db" in
    md:*|motherduck:*) ;;   # a hosted database (docs/scaling.md): no demo file to build here
    *) if [ ! -f "$db" ]; then
           echo "Ingen databas i $db: bygger exempeldatabasen …"
           .venv/bin/python -m loaders demo
       fi ;;
esac
echo "Startar Lägesbild på http://localhost:8501 (avsluta med Ctrl+C)."
exec .venv/bin/python -m lagesbild.serve --server.port 8501 "$@"
