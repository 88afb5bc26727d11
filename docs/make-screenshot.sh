#!/usr/bin/env bash
# Renders the supervisor's HTML reports of the samples and prints them to PDF with headless
# Chromium (Debian's `chromium`; `fonts-noto-cjk` for the Chinese text, `poppler-utils` for
# the page count and the page images). Needs no network: the pages fetch nothing. Writes
# docs/report.png (the page on screen), docs/report-print-page1.png (the first printed
# page), docs/report-print-overview.png (the landscape overview page),
# docs/report-print-charts.png (the charts of a three-month history: needs
# plan-check[charts]) and prints the page count of every report, the numbers recorded in
# docs/printing.md. The Word 通报 (-o .docx) of the same reports is printed with LibreOffice
# (`libreoffice-writer`), the fonts it names mapped to Noto CJK by docs/fonts.conf:
# docs/tongbao-page1.png, docs/tongbao-overview.png.
#   apt-get install chromium fonts-noto-cjk poppler-utils libreoffice-writer
#   bash docs/make-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
export SOURCE_DATE_EPOCH=1703980800
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$out/profile" "$@" 2>/dev/null
}
# the June report is the "previous" of July: the change since last time
plan-check validate samples/city-2023-mid-year.csv --allocations samples/allocations-2023.csv \
  -o "$out/june.json" -q
for lang in zh en; do
  plan-check validate samples/city-2023-mixed.csv -o "$out/mixed.$lang.html" \
    -o "$out/mixed.$lang.docx" -q --lang $lang || true
  plan-check validate samples/city-2023-mid-year.csv -o "$out/mid-year.$lang.html" \
    -o "$out/mid-year.$lang.docx" -q --lang $lang
  plan-check validate samples/city-2023-mid-year-07.csv --allocations samples/allocations-2023.csv \
    --previous "$out/june.json" --issue-number "第 7 期" -o "$out/july.$lang.html" \
    -o "$out/july.$lang.docx" -q --lang $lang
done
# the year as a series: June and July in a history, then August with its charts (a copy
# of the history per language, so neither run replaces the other's August)
for month in "" -07; do
  plan-check validate "samples/city-2023-mid-year$month.csv" \
    --allocations samples/allocations-2023.csv --history "$out/history.sqlite" -q
done
for lang in zh en; do
  cp "$out/history.sqlite" "$out/history.$lang.sqlite"
  plan-check validate samples/city-2023-mid-year-08.csv --allocations samples/allocations-2023.csv \
    --history "$out/history.$lang.sqlite" -o "$out/august.$lang.html" -q --lang $lang
done
# LibreOffice with its own profile and the font mapping of docs/fonts.conf
mkdir -p "$out/home/.config/fontconfig"
cp docs/fonts.conf "$out/home/.config/fontconfig/"
for report in mixed mid-year july; do
  for lang in zh en; do
    HOME="$out/home" soffice --headless --convert-to pdf --outdir "$out/docx" \
      "$out/$report.$lang.docx" >/dev/null 2>&1
    echo "$report.docx ($lang): $(pdfinfo "$out/docx/$report.$lang.pdf" | awk '/^Pages:/ {print $2}') A4 pages"
  done
done
pdftoppm -png -r 50 -f 1 -l 1 "$out/docx/july.zh.pdf" "$out/tongbao"
cp "$out"/tongbao-*1.png docs/tongbao-page1.png
wide=$(pdfinfo -f 1 -l 9 "$out/docx/july.zh.pdf" | awk '/size:.*841.8. x 595/ {print $2; exit}')
pdftoppm -png -r 60 -f "$wide" -l "$wide" "$out/docx/july.zh.pdf" "$out/tongbao-wide"
cp "$out"/tongbao-wide-*.png docs/tongbao-overview.png
for report in mixed mid-year july august; do
  for lang in zh en; do
    chrome --no-pdf-header-footer --print-to-pdf="$out/$report.$lang.pdf" \
      "file://$out/$report.$lang.html"
    echo "$report ($lang): $(pdfinfo "$out/$report.$lang.pdf" | awk '/^Pages:/ {print $2}') A4 pages"
  done
done
chrome --hide-scrollbars --window-size=1000,1400 --screenshot="docs/report.png" \
  "file://$out/mixed.zh.html"
pdftoppm -png -r 60 -f 1 -l 1 "$out/july.zh.pdf" "$out/page"
cp "$out"/page-*1.png docs/report-print-page1.png
overview=$(pdfinfo -f 1 -l 9 "$out/july.zh.pdf" | awk '/size:.*841.92 x 594/ {print $2; exit}')
pdftoppm -png -r 70 -f "$overview" -l "$overview" "$out/july.zh.pdf" "$out/wide"
cp "$out"/wide-*.png docs/report-print-overview.png
charts=$(for i in $(seq 1 "$(pdfinfo "$out/august.zh.pdf" | awk '/^Pages:/ {print $2}')"); do
  pdftotext -f "$i" -l "$i" "$out/august.zh.pdf" - | grep -q 进度走势 && echo "$i" && break; done)
pdftoppm -png -r 70 -f "$charts" -l "$charts" "$out/august.zh.pdf" "$out/charts"
cp "$out"/charts-*.png docs/report-print-charts.png
echo "wrote docs/report.png, docs/report-print-page1.png, docs/report-print-overview.png," \
  "docs/report-print-charts.png, docs/tongbao-page1.png, docs/tongbao-overview.png"
