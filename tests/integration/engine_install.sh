#!/usr/bin/env bash
# Installs libvow to a temporary prefix, builds examples/embed against it out
# of tree with find_package(Vow), and runs the result.
set -euo pipefail
build=$1 source=$2 cxx=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The engine component alone: the SDK's headers are not needed to use libvow.
cmake --install "$build" --component engine --prefix "$work/vow" >/dev/null
config=$(find "$work/vow" -path '*/cmake/Vow/VowConfig.cmake' 2>/dev/null || true)
if [ -z "$config" ]; then
  echo "the install has no lib/cmake/Vow/VowConfig.cmake" >&2
  exit 1
fi
targets=$(dirname "$config")/VowTargets.cmake
# Lua and the SDK are private: a consumer neither compiles against them nor
# sees them as usage requirements, only links Lua (libvow is static).
if grep -Eiq 'INTERFACE_(INCLUDE_DIRECTORIES|COMPILE_[A-Z]+) .*(lua|sdk)' "$targets"; then
  echo "vow::engine exports Lua or the SDK as a usage requirement:" >&2
  grep -Ei 'INTERFACE_' "$targets" >&2
  exit 1
fi
if grep -Eo 'INTERFACE_LINK_LIBRARIES "[^"]*"' "$targets" | tr -d '\\' | grep -Eo '[^";]+' | sed 1d |
  grep -v '^\$<LINK_ONLY:'; then
  echo "vow::engine links the entries above publicly" >&2
  exit 1
fi
cmake -S "$source/examples/embed" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/vow" \
  -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/vow_embed_example" | tee "$work/out"
# The same figures from memory (vow::Engine) and from a ledger on disk (vow::Workspace).
for how in engine workspace; do
  grep -Eq "^$how: acme: uptime 99\.8611[0-9]*% \(target 99\.95%, met: no\), credit 2000\.00 USD, status red$" "$work/out"
done
grep -q '^workspace: events.ndjson: 2 new, 0 duplicate$' "$work/out"
# In memory, the ledger's idempotence, conflicts and validation.
grep -q '^engine: 2 events held after adding them twice$' "$work/out"
grep -q '^engine: memory/late.ndjson:1: conflict: event "m:2" was added before with other content$' "$work/out"
grep -q '^engine: refused: missing field "id"$' "$work/out"
echo "examples/embed built against the installed libvow (find_package(Vow)) and run: ok"
