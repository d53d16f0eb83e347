#!/usr/bin/env bash
# ctest's browser_dashboard: installs playwright-core as package-lock.json
# pins it, once, under the build tree (its own npm cache there, offline
# first), then runs dashboard.test.mjs with node's test runner.
set -euo pipefail
vow=$1 source=$2 build=$3
here=$source/tests/browser
for tool in node npm chromium; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed (scripts/install-deps installs it)" >&2
    exit 1
  fi
done
modules=$build/tests/browser-node
if ! cmp -s "$here/package-lock.json" "$modules/package-lock.json" || [[ ! -d $modules/node_modules/playwright-core ]]; then
  rm -rf "$modules"
  mkdir -p "$modules"
  cp "$here/package.json" "$here/package-lock.json" "$modules/"
  npm ci --prefix "$modules" --cache "$build/tests/npm-cache" --prefer-offline --no-audit --no-fund
fi
export VOW_BINARY=$vow VOW_SOURCE_DIR=$source VOW_SCREENSHOTS=$build/tests/browser-screenshots
export VOW_NODE_MODULES=$modules/node_modules
exec node --test "$here/dashboard.test.mjs"
