#!/usr/bin/env bash
# The alert-rule test checks ops/prometheus/*.yml with promtool, from Debian's prometheus package.
# Set PROMTOOL_PATH to use another build.
set -euo pipefail
if [ -n "${PROMTOOL_PATH:-}" ] || command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "promtool is missing: install Debian's prometheus package (or set PROMTOOL_PATH)." >&2
  exit 1
fi
apt-get update -qq
# --no-install-recommends: promtool only, not the node exporter and friends; the daemon is not started.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
