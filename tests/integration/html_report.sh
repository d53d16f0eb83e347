#!/usr/bin/env bash
# The HTML reports in a real browser: Debian's headless Chromium renders the
# example portfolio's internal report and one customer's cut. The pages carry
# no script; the test injects html_probe.js into copies of them, which
# measures what was rendered (chart sizes, bar colours, the 0% bars, the
# visible text) into the DOM, and html_report_check.py compares that with the
# JSON report. The page must raise no script error and must print to PDF.
set -euo pipefail
vow=$1 source=$2
customer=c050 # enterprise, red, with 0% tickets, notices and incidents
if ! command -v chromium >/dev/null; then
  echo "chromium is not installed (scripts/install-deps installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap '[[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
mkdir -p "$work/examples"
cp -r "$source/examples/portfolio" "$work/examples/"
cp -r "$source/rules" "$work/"
rm -f "$work/examples/portfolio/vow.db"*
python3 "$work/examples/portfolio/generate.py" --out "$work/events.ndjson"
config="$work/examples/portfolio/vow.toml"
"$vow" --config "$config" ingest "$work/events.ndjson" >/dev/null
report=(report --period 2026-10 --as-of 2026-11-02T00:00:00Z)
cut=(--audience customer --customer "$customer")
"$vow" --config "$config" "${report[@]}" --format html --output "$work/internal.html"
"$vow" --config "$config" "${report[@]}" --output "$work/internal.json"
"$vow" --config "$config" "${report[@]}" "${cut[@]}" --format html --output "$work/customer.html"
"$vow" --config "$config" "${report[@]}" "${cut[@]}" --output "$work/customer.json"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --enable-logging=stderr --v=0
  --window-size=1280,2400)
failed=0
for page in internal customer; do
  if grep -q '<script' "$work/$page.html"; then
    echo "$page page: carries a script" >&2
    failed=1
  fi
  { sed 's#</body></html>##' "$work/$page.html"; printf '<script>\n'; cat "$source/tests/integration/html_probe.js"
    printf '</script></body></html>\n'; } >"$work/$page.probe.html"
  timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/$page.probe.html" >"$work/$page.dom" 2>"$work/console.log"
  if grep -E "Uncaught|SyntaxError|TypeError|ReferenceError" "$work/console.log"; then
    echo "$page page: script errors" >&2
    exit 1
  fi
  python3 "$source/tests/integration/html_report_check.py" "$page" "$work/$page.dom" "$work/$page.json" || failed=1
  timeout 120 chromium "${flags[@]}" --print-to-pdf="$work/$page.pdf" "file://$work/$page.html" 2>/dev/null
  head -c 5 "$work/$page.pdf" | grep -q '%PDF'
done
((failed == 0)) || exit 1
echo "html reports rendered in chromium: ok"
