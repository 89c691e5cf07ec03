#!/usr/bin/env bash
# screenshot.sh REPORT_HTML OUT_PNG: the top of an evidence report (header,
# summary cards, charts, the start of the coverage) as a PNG, rendered by a
# real browser: headless Chromium (Debian: apt-get install chromium), then
# optimised with pngquant and optipng when they are installed (apt-get install
# pngquant optipng). `make screenshot` runs it on the demo's report to
# regenerate docs/images/evidence-report.png; no test runs it.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 REPORT_HTML OUT_PNG" >&2
	exit 2
fi
html=$1 out=$2
[ -f "$html" ] || { echo "screenshot: $html does not exist: run make demo first" >&2; exit 1; }

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
[ -n "$browser" ] || { echo "screenshot: no Chromium on PATH (Debian: apt-get install chromium)" >&2; exit 1; }

# 1280 px wide, as a laptop shows it; 1800 px tall reaches the first rows of
# the coverage by framework.
width=1280 height=1800
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
	--screenshot="$tmp/shot.png" --window-size="$width,$height" \
	"file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")" >/dev/null 2>&1
[ -s "$tmp/shot.png" ] || { echo "screenshot: $browser wrote no image" >&2; exit 1; }

if command -v pngquant >/dev/null 2>&1; then
	pngquant --quality 70-95 --strip --force --output "$tmp/quant.png" "$tmp/shot.png"
	mv "$tmp/quant.png" "$tmp/shot.png"
fi
if command -v optipng >/dev/null 2>&1; then
	optipng -quiet -o2 -strip all "$tmp/shot.png"
fi
mkdir -p "$(dirname "$out")"
cp "$tmp/shot.png" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
