#!/usr/bin/env bash
# Installs the browser of the end-to-end tests: Debian's chromium from apt
# (playwright's own browser download is not reachable from these machines).
# Does nothing if it is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "Браузер для e2e-тестов уже установлен: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Установка chromium (apt-get, около двух минут) ..."
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
"$CHROMIUM" --version
