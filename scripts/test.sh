#!/usr/bin/env bash
# Quick start, step 2: install what the tests need (if missing), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --test
exec swift test "$@"
