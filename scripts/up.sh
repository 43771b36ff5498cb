#!/usr/bin/env bash
# Quick start: installs what is missing, then brings the whole system up on embedded defaults
# (PostgreSQL, Temporal dev server with its UI, worker, API). Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/install-temporal.sh
bash scripts/ensure-postgres.sh
# The embedded start is a development stack: derived keys, dev accounts. Production sets NODE_ENV=production
# (the default when unset) and every secret (docs/security.md).
export NODE_ENV="${NODE_ENV:-development}"
exec npx tsx scripts/start.ts
