#!/usr/bin/env bash
# Dev dependencies of the web client (axe-core for the accessibility test, typescript for tsc --strict
# on avatar-client.d.ts). Idempotent and cheap to
# re-run: it only calls npm when web_client/node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/../web_client"
if ! command -v npm >/dev/null 2>&1; then
  echo "setup_web: npm not found; the accessibility test will be skipped (apt-get install npm)" >&2
  exit 0
fi
marker=node_modules/axe-core/axe.min.js
if [ -f "$marker" ] && [ -f node_modules/typescript/bin/tsc ] \
    && { [ ! -f package-lock.json ] || [ "$marker" -nt package-lock.json ]; }; then
  exit 0
fi
echo "setup_web: installing web client dev dependencies"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
touch "$marker"
