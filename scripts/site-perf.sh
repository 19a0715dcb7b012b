#!/usr/bin/env bash
# Site generation benchmark (docs/performance.md, section "site").
#
#   scripts/site-perf.sh [RUNS] [TOKENS] [WORKDIR]
#
# Builds release binaries, writes a synthetic corpus of RUNS daily runs x 5 providers x 1,200
# requests x up to TOKENS tokens (default: 365 runs at the original Python pipeline's 1,024 tokens, about 2.6 GB; check
# `df -h` first), then measures with /usr/bin/time -v:
#   1. full generation, cold cache (every run decoded and digested),
#   2. full generation, warm cache, empty site folder (every page rendered again),
#   3. regeneration with nothing changed,
#   4. regeneration after adding one run.
# Each step runs the whole main job: the site, the README section (into a scratch README in
# WORKDIR, with its alerts) and the three PNG box plots of the latest run.
# Then, with the corpus back to RUNS runs, it prints the bytes (du -sb) of the results folder and
# of the site with raw files linked (the default) and copied (--copy-raw), and times the switches.
set -euo pipefail
RUNS=${1:-365}
TOKENS=${2:-1024}
WORK=${3:-/tmp/site-perf}
cd "$(dirname "$0")/.."
swift build -c release --product sitegen >/dev/null
swift build -c release --product leaderboard-perf >/dev/null
BIN=$(swift build -c release --show-bin-path)
mkdir -p "$WORK"
# The marker names the result format too: a corpus written in an older format is written again.
MARK="$WORK/corpus-$RUNS-$TOKENS-format2.done"
if [ ! -f "$MARK" ]; then
  rm -rf "$WORK/results" "$WORK"/corpus-*.done
  "$BIN/leaderboard-perf" corpus --runs "$RUNS" --tokens "$TOKENS" --out "$WORK/results"
  touch "$MARK"
fi
# The one run to add later is kept aside.
rm -rf "$WORK/extra" "$WORK/results-plus"
"$BIN/leaderboard-perf" corpus --runs 1 --first-run "$RUNS" --tokens "$TOKENS" --out "$WORK/extra" >/dev/null
du -sh "$WORK/results"

measure() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v "$@" 2>"$WORK/time.txt" >/dev/null
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$WORK/time.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$WORK/time.txt" | awk '{print $NF}')
  printf '%-44s wall %-9s peak RSS %6.0f MiB  (user %ss, sys %ss)\n' "$label" "$wall" "$((rss / 1024))" \
    "$(grep 'User time' "$WORK/time.txt" | awk '{print $NF}')" "$(grep 'System time' "$WORK/time.txt" | awk '{print $NF}')"
}
printf '# Scratch README for scripts/site-perf.sh\n\n<!-- leaderboard:start -->\n<!-- leaderboard:end -->\n' > "$WORK/README.md"
SITEGEN=("$BIN/sitegen" --results "$WORK/results" --readme "$WORK/README.md" --charts "$WORK/charts" --site "$WORK/site")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only comparable on an otherwise idle machine)"
rm -rf "$WORK/site" "$WORK/.sitegen-cache" "$WORK/charts"
measure "full generation, cold cache ($RUNS runs)" "${SITEGEN[@]}"
rm -rf "$WORK/site"
measure "full generation, warm digest cache" "${SITEGEN[@]}"
measure "regeneration, nothing changed" "${SITEGEN[@]}"
# A genuinely new run: forget anything an earlier invocation cached about it.
for d in "$WORK/extra/"*; do
  id=$(basename "$d")
  rm -f "$WORK/.sitegen-cache/runs/$id.json" "$WORK/.sitegen-cache/samples/$id.json"
done
cp -r "$WORK/extra/"* "$WORK/results/"
measure "regeneration after adding one run" "${SITEGEN[@]}"
# Leave the corpus as it was.
for d in "$WORK/extra/"*; do rm -rf "$WORK/results/$(basename "$d")"; done

# Sizes at RUNS runs: what a deploy uploads (du -sb: apparent bytes, each file once; the copies
# are hard links where possible, but a deploy uploads them in full).
bytes() { du -sb "$1" | cut -f1; }
"${SITEGEN[@]}" >/dev/null
printf '%-44s %14s bytes\n' "results folder ($RUNS runs)" "$(bytes "$WORK/results")"
printf '%-44s %14s bytes\n' "site, raw files linked (default)" "$(bytes "$WORK/site")"
measure "regeneration switching to --copy-raw" "${SITEGEN[@]}" --copy-raw
printf '%-44s %14s bytes\n' "site, raw files copied (--copy-raw)" "$(bytes "$WORK/site")"
measure "regeneration switching back (copies swept)" "${SITEGEN[@]}"
printf '%-44s %14s bytes\n' "site after switching back" "$(bytes "$WORK/site")"
