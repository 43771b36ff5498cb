#!/usr/bin/env bash
# The ops/ test checks the Prometheus rules and configuration with promtool, from Debian's
# prometheus package. Set PROMTOOL_PATH to use another build.
exec bash "$(dirname "$0")/ensure-debian-tool.sh" promtool prometheus PROMTOOL_PATH
