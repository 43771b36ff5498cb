#!/usr/bin/env bash
# Quick start: installs what is missing, then brings the whole system up on embedded defaults
# (PostgreSQL, Temporal dev server with its UI, worker, API). Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-temporal.sh
bash scripts/ensure-postgres.sh
exec npx tsx scripts/start.ts
