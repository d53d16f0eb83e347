#!/usr/bin/env bash
# The HTML report in a real browser: Debian's headless Chromium renders the
# example portfolio's report; the page must show no script error, every
# chart must have drawn (the page checks itself and says so in its DOM),
# and it must print to PDF.
set -euo pipefail
vow=$1 source=$2
if ! command -v chromium >/dev/null; then
  echo "chromium is not installed (scripts/install-deps installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/examples"
cp -r "$source/examples/portfolio" "$work/examples/"
cp -r "$source/rules" "$work/"
rm -f "$work/examples/portfolio/vow.db"*
python3 "$work/examples/portfolio/generate.py" --out "$work/events.ndjson"
config="$work/examples/portfolio/vow.toml"
"$vow" --config "$config" ingest "$work/events.ndjson" >/dev/null
"$vow" --config "$config" report --period 2026-10 --as-of 2026-11-02T00:00:00Z --format html --output "$work/report.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
timeout 120 chromium "${flags[@]}" --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/console.log"
if grep -E "Uncaught|SyntaxError|TypeError|ReferenceError" "$work/console.log"; then
  echo "the page raised script errors" >&2
  exit 1
fi
verdict=$(grep -o 'charts-[a-z]* [0-9]*' "$work/dom.html" | head -1)
echo "page says: $verdict"
[[ $verdict =~ ^charts-ok\ ([0-9]+)$ ]] || { echo "a chart did not draw" >&2; exit 1; }
(( BASH_REMATCH[1] >= 2 )) || { echo "expected the uptime chart and compliance charts" >&2; exit 1; }
grep -q 'id="uptime-chart"' "$work/dom.html"
timeout 120 chromium "${flags[@]}" --print-to-pdf="$work/report.pdf" "file://$work/report.html" 2>/dev/null
test -s "$work/report.pdf"
head -c 5 "$work/report.pdf" | grep -q '%PDF'
echo "html report rendered in chromium: ok"
