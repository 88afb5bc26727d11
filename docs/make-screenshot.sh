#!/usr/bin/env bash
# Renders the supervisor's HTML report of the mixed sample and screenshots it with headless
# Chromium (Debian's `chromium` package; `fonts-noto-cjk` for the Chinese text), to show
# what a printed report looks like. Needs no network: the page fetches nothing.
#   apt-get install chromium fonts-noto-cjk && bash docs/make-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
SOURCE_DATE_EPOCH=1703980800 plan-check validate samples/city-2023-mixed.csv \
  --output "$out/report.html" --quiet || true   # exit 1: the sample misses goals
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --hide-scrollbars --window-size=1000,1400 \
  --screenshot="docs/report.png" "file://$out/report.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$out/profile" --no-pdf-header-footer \
  --print-to-pdf="$out/report.pdf" "file://$out/report.html" 2>/dev/null
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 60 -f 1 -l 2 "$out/report.pdf" "$out/page"
  cp "$out"/page-*1.png docs/report-print-page1.png
fi
echo "wrote docs/report.png${TERM:+ and the first printed page}"
