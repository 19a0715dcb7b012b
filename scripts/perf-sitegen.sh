#!/usr/bin/env bash
# Benchmark: sitegen end to end (README section + box plots, no site) on a synthetic corpus at
# the original Python pipeline's scale (5 providers x 1,200 requests x up to 1,024 tokens), and, when a Python venv
# with the baselines' packages exists, the original Python pipeline on exactly the same data.
# usage: scripts/perf-sitegen.sh [RUNS]   (env: WORK=/tmp/perf-sitegen, PY=/tmp/baselines/bin/python, REPS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
WORK=${WORK:-/tmp/perf-sitegen}
PY=${PY:-/tmp/baselines/bin/python}
REPS=${REPS:-5}
./scripts/install-deps.sh
swift build -c release --product sitegen >&2
swift build -c release --product leaderboard-perf >&2
BIN=.build/release
rm -rf "$WORK" && mkdir -p "$WORK"
$BIN/leaderboard-perf corpus --runs "$RUNS" --providers 5 --requests 1200 --tokens 1024 --out "$WORK/results"
du -sh "$WORK/results" | sed 's/^/corpus on disk: /'
printf '# bench\n\n<!-- leaderboard:start -->\n<!-- leaderboard:end -->\n' > "$WORK/README.md"
times=()
for i in $(seq "$REPS"); do
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" $BIN/sitegen --results "$WORK/results" --readme "$WORK/README.md" \
    --charts "$WORK/leaderboard_data" --no-site --templates Templates > /dev/null
  read -r secs kb < "$WORK/time.txt"
  echo "sitegen rep $i: ${secs} s, peak RSS $((kb / 1024)) MB"
  times+=("$secs")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "sitegen median: ${median} s over $REPS runs"
BASELINES=${BASELINES:-}  # folder of the Python baselines (not in this repository)
if [ -x "$PY" ] && [ -n "$BASELINES" ] && [ -f "$BASELINES/seed_pipeline.py" ]; then
  $BIN/leaderboard-perf neutral --results "$WORK/results" --out "$WORK/neutral"
  $PY "$BASELINES/seed_pipeline.py" "$WORK/neutral" "$WORK/seed-warmup" > /dev/null  # font cache
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" $PY "$BASELINES/seed_pipeline.py" "$WORK/neutral" "$WORK/seed-out" > /dev/null
    read -r secs kb < "$WORK/time.txt"
    echo "seed pipeline rep $i: ${secs} s, peak RSS $((kb / 1024)) MB"
  done
else
  echo "(seed pipeline not timed: set BASELINES to the folder of the Python baselines and PY to a python with their packages)"
fi
