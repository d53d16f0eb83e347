#!/usr/bin/env bash
# Installs the SDK to a temporary prefix, builds examples/plugin against it
# out of tree, and has the real vow load and run the result.
set -euo pipefail
build=$1 source=$2 vow=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --component sdk --prefix "$work/sdk" >/dev/null
# The event schema and its page come with the SDK, and find_package(VowSDK) names the schema.
cmp "$source/sdk/schema/vow-event.schema.json" "$work/sdk/share/vow/vow-event.schema.json"
cmp "$source/docs/events.md" "$work/sdk/share/doc/vow/events.md"
mkdir -p "$work/schema-user"
cat >"$work/schema-user/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(schema_user LANGUAGES NONE)
find_package(VowSDK REQUIRED)
if(NOT EXISTS "${VowSDK_EVENT_SCHEMA}")
  message(FATAL_ERROR "VowSDK_EVENT_SCHEMA is '${VowSDK_EVENT_SCHEMA}'")
endif()
message(STATUS "event schema: ${VowSDK_EVENT_SCHEMA}")
CMAKE
cmake -S "$work/schema-user" -B "$work/schema-user/build" -DCMAKE_PREFIX_PATH="$work/sdk" >"$work/schema-user/out"
grep -qF -- "-- event schema: $work/sdk/share/vow/vow-event.schema.json" "$work/schema-user/out"
cmake -S "$source/examples/plugin" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/sdk" >/dev/null
cmake --build "$work/build" >/dev/null
lib="$work/build/libvow_outage_csv.so"
test -f "$lib"
mkdir -p "$work/project/rules"
echo 'contract "acme" { monthly_fee = 100, uptime = { target = 99.9, services = { "api" } } }' >"$work/project/rules/acme.lua"
cat >"$work/project/vow.toml" <<TOML
[store]
path = "vow.db"
[rules]
paths = ["rules"]
[[plugins]]
name = "csv"
library = "$lib"
[plugins.config]
prefix = "ops"
TOML
"$vow" --config "$work/project/vow.toml" check
"$vow" --config "$work/project/vow.toml" import csv "$source/examples/plugin/outages.csv" | tee "$work/out"
grep -q "plugin csv: 4 new, 0 duplicate" "$work/out"
"$vow" --config "$work/project/vow.toml" report --period 2026-10 --as-of 2026-11-02T00:00:00Z | grep -q '"downtime_seconds": 2700.0'
# A bad row is reported at its line of the CSV (vow::sdk::Origin), not of
# the plugin's output.
printf 'id,service,start,end\nok-1,api,2026-10-20T10:00:00Z,2026-10-20T10:05:00Z\nbad-1,api,2026-10-21 10:00,\n' >"$work/bad.csv"
if "$vow" --config "$work/project/vow.toml" import csv "$work/bad.csv" 2>"$work/err"; then
  echo "a CSV with a bad start was stored"
  exit 1
fi
grep -qF "$work/bad.csv:3: field \"at\": \"2026-10-21 10:00\" is not an RFC 3339 timestamp" "$work/err" || {
  cat "$work/err"
  exit 1
}
grep -qF "[plugin csv, event column " "$work/err"
echo "out-of-tree plugin built against the installed SDK and run: ok"
