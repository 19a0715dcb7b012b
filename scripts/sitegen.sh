#!/usr/bin/env bash
# Quick start, step 1: build sitegen (release) and regenerate the README leaderboard,
# the charts in leaderboard_data/ and the site in site/ from the files in results/.
# Extra arguments go to sitegen (see `sitegen --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product sitegen >&2
exec .build/release/sitegen "$@"
