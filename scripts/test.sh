#!/usr/bin/env bash
# Installs what the tests need (LibreOffice headless when missing, the test extras) and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=""
# LibreOffice headless recalculates workbooks; Chromium renders the HTML report; both need CJK fonts.
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui fonts-noto-cjk poppler-utils"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium fonts-noto-cjk"
if [ -n "$missing" ]; then
  echo "Installing:$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m ruff check .
python3 -m mypy repbook generators addin
python3 -m pytest -q "$@"
