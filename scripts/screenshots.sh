#!/usr/bin/env bash
# Screenshots of the generated site with headless Chromium (Debian package `chromium`):
# index, a run page and a provider page, at desktop (1280 px) and phone (390 px) widths, in the
# light and the dark theme. Output: site-screenshots/<page>-<width>-<theme>.png (git-ignored).
#
#   scripts/screenshots.sh [SITE_DIR] [OUT_DIR]
set -euo pipefail
SITE=$(cd "${1:-site}" && pwd)
OUT=${2:-site-screenshots}
mkdir -p "$OUT"
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROMIUM" ] || { echo "chromium not found (apt-get install chromium)" >&2; exit 1; }
SANDBOX=()
[ "$(id -u)" = 0 ] && SANDBOX=(--no-sandbox)
RUN=$(ls "$SITE/runs" | sort | tail -1)
PROVIDER=$(ls "$SITE/providers" | sort | head -1)
pages=("index:index.html" "run:runs/$RUN" "provider:providers/$PROVIDER")
for entry in "${pages[@]}"; do
  name=${entry%%:*}; page=${entry#*:}
  for size in desktop:1280:2200 phone:390:2400; do
    label=${size%%:*}; rest=${size#*:}; w=${rest%%:*}; h=${rest#*:}
    for theme in light dark; do
      # Blink's preferred colour scheme: 0 = dark, 1 = light.
      scheme=$([ "$theme" = dark ] && echo 0 || echo 1)
      dark=()
      [ "$theme" = dark ] && dark=(--force-dark-mode)
      "$CHROMIUM" --headless "${SANDBOX[@]}" --disable-gpu --hide-scrollbars "${dark[@]}" \
        --blink-settings=preferredColorScheme=$scheme --window-size="$w,$h" \
        --screenshot="$OUT/$name-$label-$theme.png" "file://$SITE/$page" >/dev/null 2>&1
      echo "$OUT/$name-$label-$theme.png"
    done
  done
done
