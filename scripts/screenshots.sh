#!/usr/bin/env bash
# Screenshots of the site generated from the repository's results/, with headless Chromium
# (Debian package `chromium`): the index, the latest run's page and the first provider's page, at
# desktop (1280 px wide, first 1,800 px) and phone (390 px wide, first 2,400 px) widths, in the
# light and the dark theme. Builds sitegen, generates into a temporary folder (the repository's
# site/, README and charts are not touched) and writes docs/screenshots/<page>-<size>-<theme>.png,
# recompressed with optipng when it is installed.
#
#   scripts/screenshots.sh [OUT_DIR]        (default: docs/screenshots)
#   SITE=path/to/site scripts/screenshots.sh [OUT_DIR]   (an already generated site instead)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/screenshots}
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROMIUM" ] || { echo "chromium not found (apt-get install chromium)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -z "${SITE:-}" ]; then
  swift build --product sitegen >/dev/null
  cp README.md "$TMP/README.md"
  "$(swift build --show-bin-path)/sitegen" --results results --readme "$TMP/README.md" --charts "$TMP/charts" \
    --site "$TMP/site" >/dev/null
  SITE="$TMP/site"
fi
SITE=$(cd "$SITE" && pwd)
mkdir -p "$OUT"
SANDBOX=()
[ "$(id -u)" = 0 ] && SANDBOX=(--no-sandbox)
RUN=$(ls "$SITE/runs" | sort | tail -1)
PROVIDER=$(ls "$SITE/providers" | sort | head -1)
pages=("index:index.html" "run:runs/$RUN" "provider:providers/$PROVIDER")
for entry in "${pages[@]}"; do
  name=${entry%%:*}; page=${entry#*:}
  for size in desktop:1280:1800 phone:390:2400; do
    label=${size%%:*}; rest=${size#*:}; w=${rest%%:*}; h=${rest#*:}
    for theme in light dark; do
      # The page's prefers-color-scheme: Blink's setting 0 is dark, 1 light (--force-dark-mode
      # alone gives the same pages here; both are passed for older Chromium builds).
      scheme=$([ "$theme" = dark ] && echo 0 || echo 1)
      dark=()
      [ "$theme" = dark ] && dark=(--force-dark-mode)
      png="$OUT/$name-$label-$theme.png"
      "$CHROMIUM" --headless "${SANDBOX[@]}" --disable-gpu --hide-scrollbars "${dark[@]}" \
        --blink-settings=preferredColorScheme=$scheme --window-size="$w,$h" --virtual-time-budget=3000 \
        --screenshot="$png" "file://$SITE/$page" >/dev/null 2>&1
      if command -v optipng >/dev/null; then optipng -quiet -o2 "$png"; fi
      echo "$png"
    done
  done
done
