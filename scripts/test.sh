#!/usr/bin/env bash
# Quick start, step 2: install what the tests need (if missing, llama-server included), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --test
# The suites tagged `.slow` (real servers, built binaries, the HTML validator, large samples):
# `./scripts/test.sh --fast` leaves them out for a quick local run. CI runs everything.
SLOW='LlamaServerTests|SimulatorRunTests|InterruptedRunTests|EveryRequestFailedTests|FileLimitTests|BedrockAWSServerTests|TLSProxyTests|AlertRateTests|SiteValidityTests|NewLeaderboardTests|ShardedRunTests|SegmentRunTests'
if [ "${1:-}" = "--fast" ]; then shift; exec swift test --skip "$SLOW" "$@"; fi
# A real LLM server for the end-to-end tests: llama.cpp's llama-server and a small model, built
# and cached outside the repository on first use (about 10 minutes on 2 cores), reused after.
eval "$(./scripts/local-llm.sh paths | sed 's/^/export /')"
if [ $# -gt 0 ]; then exec swift test "$@"; fi
# The tests of the built binaries (bench's exit codes, kill -9 and recover) need them built.
swift build
# The end-to-end tests against llama-server keep both cores busy while the model decodes: they
# run on their own, after the rest, so the rest's timing tests (client TTFT against the
# in-process simulator's) are not starved. The runs are the whole suite between them.
# SimulatorRunTests checks the client's timing accuracy (client TTFT within 150 ms of the
# simulator's own), which needs the cores to itself: it runs alone too.
swift test --skip 'LlamaServerTests|SimulatorRunTests'
swift test --skip-build --filter SimulatorRunTests
exec swift test --skip-build --filter LlamaServerTests
