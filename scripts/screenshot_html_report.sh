#!/usr/bin/env bash
# Render an oasgate HTML report in headless Chromium and save a screenshot.
#
#   scripts/screenshot_html_report.sh [REPORT.html] [OUT.png] [WIDTHxHEIGHT]
#
# Without REPORT.html, the report of the bundled example (examples/petstore) is
# rendered first. Needs Chromium from Debian's packages:
#   apt-get install -y chromium
# The browser runs offline, with a throw-away profile, and is never sandbox-escalated.
set -euo pipefail
cd "$(dirname "$0")/.."

report="${1:-}"
out="${2:-oasgate-report.png}"
size="${3:-1280,1600}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
python="${PYTHON:-.venv/bin/python}"

if [ ! -x "$chromium" ]; then
  echo "no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM=...)" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
if [ -z "$report" ]; then
  report="$profile/report.html"
  # exit 1 is expected: the example has breaking changes
  "$python" -m oasgate check examples/petstore/base.yaml examples/petstore/revision.yaml \
    --format html="$report" || [ $? -eq 1 ]
fi

"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --virtual-time-budget=2000 --screenshot="$(realpath -m "$out")" \
  "file://$(realpath "$report")" 2>/dev/null
echo "screenshot: $out"
