#!/usr/bin/env bash
# Shared by start.sh and test.sh: a virtual environment in .venv with requirements.txt installed
# (reinstalled only when requirements.txt has changed since the last install), and Debian's
# chromium, which renders chart images (kaleido) and runs the real-browser tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Skapar virtuell miljö i .venv …"
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installerar paket från requirements.txt …"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$want" > "$stamp"
fi
if ! command -v chromium >/dev/null 2>&1; then
    echo "Installerar Debians chromium för bildexport och webbläsartestet …"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
