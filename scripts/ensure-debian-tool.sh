#!/usr/bin/env bash
# Usage: ensure-debian-tool.sh <command> <Debian package> <override variable>
# Installs the package with apt-get when the command is missing and the variable (the path of
# another build) is unset; a non-root user is told what to install instead.
set -euo pipefail
command=$1 package=$2 override=$3
if [ -n "${!override:-}" ] || command -v "$command" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$command is missing: install Debian's $package package (or set $override)." >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
