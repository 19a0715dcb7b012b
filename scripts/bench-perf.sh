#!/usr/bin/env bash
# The bench's own benchmark (docs/performance.md, "## bench"): runs the built-in simulator as a
# separate process (`bench simulate`) and the bench client (`bench perf`, release build) at about
# 100, 1,000 and 5,000 concurrent streams, and prints per level:
#   - client error: measured TTFT minus the simulator's own TTFT for the same request
#     (X-Request-Id matched against the simulator's --log), median and p99;
#   - launch lag p99;
#   - client CPU seconds per 1,000 streamed tokens (getrusage of the bench process only).
# With --python, also runs the Python baseline client $BASELINES/py_client.py (asyncio + aiohttp; the
# Python baselines are not part of this repository: set BASELINES to their folder) at the same
# load for a side-by-side figure (needs python3 -m venv and PyPI; venv in $VENV).
#
# --transport epoll|nio picks the bench's HTTP client (default: bench's own), to compare them.
#
# usage: scripts/bench-perf.sh [--python] [--levels "100 1000 5000"] [--transport epoll|nio]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=0
LEVELS="100 1000 5000"
TRANSPORT=epoll   # the bench's default on Linux
while [ $# -gt 0 ]; do
  case "$1" in
    --python) PYTHON=1 ;;
    --levels) LEVELS="$2"; shift ;;
    --transport) TRANSPORT="$2"; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
PY_CLIENT=${PY_CLIENT:-${BASELINES:-baselines}/py_client.py}
VENV=${VENV:-/tmp/bench-perf-venv}

SCRATCH=${SCRATCH:-.build}   # e.g. SCRATCH=.build-release to keep release objects apart
swift build -c release --product bench --scratch-path "$SCRATCH" >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/bench
WORK=$(mktemp -d /tmp/bench-perf.XXXXXX)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "work dir: $WORK   open-file limit: $(ulimit -n)   cores: $(nproc)   transport: $TRANSPORT   $(uptime)" >&2

# Per level: streams, inter-token ms, tokens per stream, seconds of arrivals.
# Stream length ~ TTFT (50 ms) + (tokens - 1) x interval; rate = streams / stream length.
level_params() {
  case "$1" in
    100) echo "50 64 10" ;;
    1000) echo "100 64 15" ;;
    5000) echo "250 40 20" ;;
    *) echo "100 64 15" ;;
  esac
}

cpu_of() {  # CPU seconds (user + system) of a live process, from /proc
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}

start_simulator() {  # $1 port, $2 profile file, $3 log
  "$BIN" simulate --port "$1" --profile-file "$2" --log "$3" >"$WORK/sim-$1.out" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "simulator did not start" >&2; cat "$WORK/sim-$1.out" >&2; exit 1
}

stop_simulator() {
  kill -INT "$SIM_PID" 2>/dev/null || true
  wait "$SIM_PID" 2>/dev/null || true
}

port=18180
for streams in $LEVELS; do
  read -r itl tokens duration <<<"$(level_params "$streams")"
  ttft=50
  stream_s=$(awk -v t=$ttft -v i="$itl" -v n="$tokens" 'BEGIN {printf "%.3f", (t + (n - 1) * i) / 1000}')
  cat >"$WORK/profile-$streams.json" <<JSON
{"name": "perf", "ttftMedianMs": $ttft, "ttftSigma": 0, "interTokenMs": $itl, "interTokenJitter": 0,
 "tokensPerChunk": 1, "outputTokensMin": $tokens, "outputTokensMax": $tokens, "capacity": 1000000}
JSON
  port=$((port + 1))
  start_simulator $port "$WORK/profile-$streams.json" "$WORK/served-$streams.jsonl"
  sim_cpu0=$(cpu_of "$SIM_PID")
  echo "== $streams streams: TTFT ${ttft} ms, ${tokens} tokens every ${itl} ms (${stream_s} s/stream), ${duration} s of arrivals" >&2
  "$BIN" perf --url "http://127.0.0.1:$port/v1" --simulator-log "$WORK/served-$streams.jsonl" --streams "$streams" \
    --stream-seconds "$stream_s" --tokens "$tokens" --duration "$duration" --results "$WORK/results" --transport "$TRANSPORT" 2>"$WORK/bench-$streams.err"
  sim_cpu1=$(cpu_of "$SIM_PID")
  echo "   (simulator process CPU during the level: $(awk -v a="$sim_cpu0" -v b="$sim_cpu1" 'BEGIN {printf "%.2f", b - a}') s; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  stop_simulator

  if [ "$PYTHON" = 1 ]; then
    if [ ! -x "$VENV/bin/python" ]; then
      python3 -m venv "$VENV" >&2 && "$VENV/bin/pip" install -q aiohttp numpy >&2
    fi
    port=$((port + 1))
    start_simulator $port "$WORK/profile-$streams.json" "$WORK/served-py-$streams.jsonl"
    rate=$(awk -v s="$streams" -v l="$stream_s" 'BEGIN {printf "%.3f", s / l}')
    "$VENV/bin/python" "$PY_CLIENT" --url "http://127.0.0.1:$port/v1/chat/completions" --rate "$rate" \
      --duration "$duration" --max-tokens "$tokens" --out "$WORK/py-$streams.json" --id-prefix "py$streams" \
      >"$WORK/py-$streams.out" 2>&1 || true
    stop_simulator
    "$VENV/bin/python" - "$WORK/py-$streams.json" "$WORK/served-py-$streams.jsonl" "$WORK/py-$streams.out" <<'PY'
import json, sys, re
import numpy as np
out = json.load(open(sys.argv[1]))
served = {}
for line in open(sys.argv[2]):
    e = json.loads(line)
    if e.get("firstChunkWrittenNanos") is not None:
        served[e["requestID"]] = (e["firstChunkWrittenNanos"] - e["receivedNanos"]) / 1e6
errs, tokens = [], 0
for r in out["requests"]:
    tokens += len(r["chunk_times"])
    if r["error"] is None and r["first_token"] is not None and r["id"] in served:
        errs.append((r["first_token"] - r["sent"]) * 1000 - served[r["id"]])
text = open(sys.argv[3]).read()
cpu = float(re.search(r"client CPU s ([0-9.]+)", text).group(1))
e = np.array(errs)
print(f"python baseline: requests {len(out['requests'])} matched {len(errs)} tokens {tokens}  "
      f"client error ms: median {np.median(e):.3f} p99 {np.percentile(e, 99):.3f}  "
      f"client CPU s {cpu:.2f}  CPU s / 1000 tokens {cpu / tokens * 1000:.4f} ({cpu / tokens * 1e6:.1f} µs/token)")
PY
  fi
done
echo "details: $WORK" >&2
