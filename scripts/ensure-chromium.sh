#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through playwright-core (which never downloads a browser).
# Set CHROMIUM_PATH to use another build.
exec bash "$(dirname "$0")/ensure-debian-tool.sh" chromium chromium CHROMIUM_PATH
