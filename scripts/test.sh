#!/usr/bin/env bash
# Installs what the tests need (LibreOffice headless when missing, the test extras) and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "Installing LibreOffice headless (the spreadsheet engine the tests recalculate with)..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui fonts-noto-cjk poppler-utils >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m mypy repbook generators addin
python3 -m pytest -q "$@"
