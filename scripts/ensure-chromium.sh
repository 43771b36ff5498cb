#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through playwright-core (which never downloads a browser).
# Set CHROMIUM_PATH to use another build.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: install Debian's chromium package (or set CHROMIUM_PATH)." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
