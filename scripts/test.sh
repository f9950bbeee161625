#!/usr/bin/env bash
# Second command in the README: set everything up (including Debian's chromium for the
# real-browser test) and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
    echo "Installerar Debians chromium för webbläsartestet …"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
