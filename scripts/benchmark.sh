#!/usr/bin/env bash
# The benchmark suite (issue 8): set everything up as the other two commands do (scripts/setup.sh,
# including Debian's chromium for the browser sessions and image export), then run every benchmark
# and write the results into docs/performance.md. Extra arguments go to benchmarks.run, e.g.
# `scripts/benchmark.sh --scale 0.05 --runs 5 --out /tmp/perf.md` for a quick look.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
exec .venv/bin/python -m benchmarks.run "$@"
