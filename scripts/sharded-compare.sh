#!/usr/bin/env bash
# Compares a run cut into N segments (N bench processes, each with its own injected clock error)
# with the same workload run by one process, against one built-in simulator, on this machine.
# Prints, for each: requests, TTFT / ITL median and p99, peak total TPS, and for the segmented
# run each segment's median launch lag (which shows its clock error). docs/distributed.md.
# usage: scripts/sharded-compare.sh [SEGMENTS] [RATE] [SECONDS]   (defaults: 4, 20, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-4}; RATE=${2:-20}; SECONDS_=${3:-30}
swift build --product bench >&2 && swift build --product sitegen >&2
BIN=$(swift build --show-bin-path)
WORK=$(mktemp -d /tmp/sharded-compare.XXXXXX)
"$BIN/bench" simulate --port 0 > "$WORK/sim.log" 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/sim.log" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$WORK/sim.log" | head -1)
cat > "$WORK/bench.yaml" <<YAML
workload:
  seed: 11
  arrival: {kind: constant, rate: $RATE, duration_s: $SECONDS_}
  max_tokens: 64
providers:
  - {name: Sim, api: openai-chat, base_url: "http://127.0.0.1:$PORT/steady/v1", model: m, source: simulated}
YAML
cd "$WORK"
"$BIN/bench" --config bench.yaml --results single --quiet
START=$(date -u -d "+4 seconds" +%Y-%m-%dT%H:%M:%SZ)
pids=()
for i in $(seq 0 $((N - 1))); do
  BENCH_CLOCK_OFFSET_US=$(( (i * 7919 % 41 - 20) * 1000 )) HOSTNAME="loadgen-$i" \
    "$BIN/bench" --config bench.yaml --results sharded --segment "$i/$N" --start-at "$START" --run-id sharded --quiet &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for r in single sharded; do "$BIN/sitegen" export --results "$r" --output "$r.csv" >/dev/null; done
for r in single sharded; do
  "$BIN/sitegen" --results "$r" --no-readme --output "$r.md" --charts "$r-charts" --no-site >/dev/null
done
python3 - "$N" <<'PY'
import csv, sys
n = int(sys.argv[1])
def pct(v, p):
    v = sorted(v); h = (len(v) - 1) * p / 100; lo = int(h); hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (h - lo)
for run in ("single", "sharded"):
    rows = list(csv.DictReader(open(f"{run}.csv")))
    ok = [r for r in rows if r["outcome"] == "ok"]
    ttft = [float(r["ttft_s"]) for r in ok]
    itl = [float(r["itl_ms"]) for r in ok if r["itl_ms"]]
    print(f"{run:8s} requests {len(rows)} ok {len(ok)}  TTFT median {pct(ttft,50):.3f} s p99 {pct(ttft,99):.3f} s  "
          f"ITL median {pct(itl,50):.2f} ms p99 {pct(itl,99):.2f} ms")
    if run == "sharded":
        for i in range(n):
            lags = [float(r["launch_lag_ms"]) for r in rows if int(r["request_id"]) % n == i]
            print(f"  segment {i}: median launch lag {pct(lags,50):.2f} ms")
PY
grep -h -A8 "Peak total TPS" single.md sharded.md | grep "Sim" | sed 's/^/peak total TPS row: /'
echo "work dir: $WORK"
