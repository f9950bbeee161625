#!/usr/bin/env bash
# Second command in the README: set everything up (scripts/setup.sh, which also installs Debian's
# chromium for the real-browser test and image export) and run the whole test suite. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
