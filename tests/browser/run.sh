#!/usr/bin/env bash
# Accessibility check of the HTML reports: builds crimeproof, writes unit reports (Swedish,
# English, a coordinator's own level colours), sector reports (40 units; a checklist with nine
# areas) and a compare report into a temporary folder, and runs axe-core (WCAG 2.0/2.1 A + AA) on
# each in headless Chromium, in the screen look and with print media. Printed, each must also fit
# the width of an A4 page: portrait, or landscape for the parts marked to print so (a units × areas
# grid with more than six areas). Exits non-zero, listing every problem, when anything fails.
#
# Needs: Debian's chromium (or CHROMIUM=/path/to/chrome) and node 18+; installs the npm packages
# pinned in tests/browser/package-lock.json when they are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

export CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$CHROMIUM" ]; then
  echo "chromium is missing: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)" >&2
  exit 2
fi
if [ ! -d tests/browser/node_modules/axe-core ] || [ ! -d tests/browser/node_modules/puppeteer-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

cargo build --locked --quiet --bin crimeproof --example generate
bin="$root/target/debug/crimeproof"
generate="$root/target/debug/examples/generate"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Fixed clock: the reports are the same on every run.
export SOURCE_DATE_EPOCH=1796112000
export CRIMEPROOF_MUNICIPALITY="Exempelby kommun"

"$generate" 40 "$out/units" 2>/dev/null
first="$(ls "$out/units"/*.yaml | head -n 1)"
"$bin" report "$first" -o "$out/enhetsrapport.html"
"$bin" --lang en report tests/fixtures/report/incomplete.yaml --checklists tests/fixtures/mini \
  -o "$out/unit-report-incomplete-en.html"
"$bin" report "$out"/units/*.yaml -o "$out/sektorsrapport.html"
# A coordinator's own level colours (matrix.yaml is user-configurable): light, mid and dark
# backgrounds where black or white text must be picked by contrast.
mkdir -p "$out/egna-farger"
cp tests/fixtures/mini/mini.yaml "$out/egna-farger/"
sed -e 's/#2e7d32/#8fd3ff/' -e 's/#f9a825/#ffeb3b/' -e 's/#ef6c00/#7b1fa2/' -e 's/#c62828/#ff1744/' \
  tests/fixtures/mini/matrix.yaml > "$out/egna-farger/matrix.yaml"
"$bin" --checklists "$out/egna-farger" report tests/fixtures/score/complete.yaml \
  -o "$out/enhetsrapport-egna-farger.html"
# A checklist with nine areas: its units × areas grid prints on a landscape page.
"$generate" 6 "$out/manga-omraden" tests/fixtures/browser 2>/dev/null
"$bin" --checklists tests/fixtures/browser report "$out"/manga-omraden/*.yaml \
  -o "$out/sektorsrapport-nio-omraden.html"
"$bin" --checklists tests/fixtures/mini compare tests/fixtures/report/old.yaml \
  tests/fixtures/report/new.yaml -o "$out/jamforelse.html"

node tests/browser/check.mjs \
  --a4 "$out/enhetsrapport.html" \
  --a4 "$out/unit-report-incomplete-en.html" \
  --a4 "$out/enhetsrapport-egna-farger.html" \
  --a4 "$out/sektorsrapport.html" \
  --a4 "$out/sektorsrapport-nio-omraden.html" \
  --a4 "$out/jamforelse.html"

# The picture in the README: SCREENSHOT=docs/sektorsrapport.png bash tests/browser/run.sh
if [ -n "${SCREENSHOT:-}" ]; then
  sandbox=(); [ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)
  "$CHROMIUM" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$(realpath -m "$SCREENSHOT")" "file://$out/sektorsrapport.html" 2>/dev/null
  echo "screenshot: $SCREENSHOT"
fi
