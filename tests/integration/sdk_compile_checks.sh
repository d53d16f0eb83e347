#!/usr/bin/env bash
# The C++ helper's compile-time checks (vow/plugin_checks.hpp): every
# tests/sdk_checks/bad_*.cpp must fail to compile with the message its
# "// expect:" comment gives (which names the expected signature), and every
# good_*.cpp must compile without a warning (the project's warnings). With
# DOC (docs/plugins.md), the page must quote each of these messages and list
# every near-miss name the header checks.
#
#   sdk_compile_checks.sh COMPILER SDK_INCLUDE_DIR CASES_DIR [DOC]
set -uo pipefail
cxx=$1 include=$2 cases=$3 doc=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Werror -fPIC -I "$include" -c -o "$work/out.o")
failed=0 bad=0 good=0

# The message a case expects: the "// expect:" comment and the comment
# lines after it (clang-format wraps long ones), joined by spaces.
expected() {
  awk '/^\/\/ expect: /{on=1; sub(/^\/\/ expect: /, ""); msg=$0; next}
       on && /^\/\/ /{sub(/^\/\/ /, ""); msg=msg " " $0; next}
       on{exit} END{print msg}' "$1"
}

for src in "$cases"/bad_*.cpp; do
  bad=$((bad + 1))
  want=$(expected "$src")
  if [ -z "$want" ]; then
    echo "FAIL $(basename "$src"): no // expect: comment"
    failed=1
    continue
  fi
  if "$cxx" "${flags[@]}" "$src" >"$work/log" 2>&1; then
    echo "FAIL $(basename "$src"): compiled, expected an error with: $want"
    failed=1
  elif ! grep -qF -- "$want" "$work/log"; then
    echo "FAIL $(basename "$src"): failed to compile, but without: $want"
    sed 's/^/    /' "$work/log" | head -40
    failed=1
  else
    echo "ok   $(basename "$src"): $want"
  fi
  # A near miss is quoted once in the page, for next_bacth; the others are listed.
  if [ -n "$doc" ] && [[ "$want" != *"looks like a misspelling"* ]] && ! grep -qF -- "$want" "$doc"; then
    echo "FAIL $(basename "$src"): $doc does not quote: $want"
    failed=1
  fi
done
if [ -n "$doc" ]; then
  names=$(grep -oE 'X\([a-z_]+, [A-Za-z_]+\)' "$include/vow/plugin_checks.hpp" | sed -E 's/.*, ([A-Za-z_]+)\)/\1/')
  if [ -z "$names" ]; then
    echo "FAIL: no near-miss names found in $include/vow/plugin_checks.hpp"
    failed=1
  fi
  for name in $names; do
    if ! grep -qF -- "\`$name\`" "$doc"; then
      echo "FAIL: $doc does not list the near miss \`$name\`"
      failed=1
    fi
  done
fi
# The page's table of each builder's members in declaration order (which a
# designated initializer must follow) is the header's.
if [ -n "$doc" ]; then
  python3 - "$include/vow/event_builders.hpp" "$doc" <<'PY' || failed=1
import re, sys
header, doc = (open(p).read() for p in sys.argv[1:3])
declared = {}
for name, body in re.findall(r"^struct (\w+) \{\n(.*?)\n  std::string line\(\) const", header, re.M | re.S):
    declared[name] = re.findall(r"^  [^/(]*?\b(\w+)(?:\{\}| = [^;]*);", body, re.M)
listed = {name: re.findall(r"`(\w+)`", re.sub(r"\(.*?\)", "", fields))
          for name, fields in re.findall(r"^  \| `(\w+)` \| (`[^|]*)\|$", doc, re.M)}
if not declared:
    sys.exit("FAIL: no builder structs found in " + sys.argv[1])
if listed != declared:
    sys.exit(f"FAIL: {sys.argv[2]} lists the builders' members as {listed}; the header declares {declared}")
print(f"ok   {len(declared)} builders' members listed in declaration order")
PY
fi
for src in "$cases"/good_*.cpp; do
  good=$((good + 1))
  if "$cxx" "${flags[@]}" "$src" >"$work/log" 2>&1; then
    echo "ok   $(basename "$src"): compiles"
  else
    echo "FAIL $(basename "$src"): does not compile"
    sed 's/^/    /' "$work/log" | head -40
    failed=1
  fi
done
if [ "$bad" -eq 0 ] || [ "$good" -eq 0 ]; then
  echo "FAIL: no cases found in $cases"
  failed=1
fi
exit $failed
