#!/usr/bin/env bash
# Runs one sharded benchmark on Kubernetes and merges it: sets a shared start time and run id in
# bench-job.yaml, applies the config, the volume and the Indexed Job, waits for every segment,
# then runs the merge job. Needs kubectl pointed at the cluster and the Secret llm-leaderboard-keys.
# usage: deploy/kubernetes/run.sh [SEGMENTS] [LEAD_SECONDS]   (defaults: 4 segments, start in 180 s)
#        deploy/kubernetes/run.sh --render SEGMENTS START_AT RUN_ID   (prints the Job it would apply)
set -euo pipefail
cd "$(dirname "$0")"
render() {  # SEGMENTS START_AT RUN_ID
  sed -e "s/@START_AT@/$2/; s/@RUN_ID@/$3/" \
      -e "s/completions: 4 /completions: $1 /; s/parallelism: 4 /parallelism: $1 /" \
      -e "/name: BENCH_SEGMENTS/{n;s/value: \"[0-9]*\"/value: \"$1\"/;}" bench-job.yaml
}
if [ "${1:-}" = "--render" ]; then render "$2" "$3" "$4"; exit 0; fi
SEGMENTS=${1:-4}
LEAD=${2:-180}
START_AT=$(date -u -d "+${LEAD} seconds" +%Y-%m-%dT%H:%M:%SZ)
RUN_ID=$(date -u -d "$START_AT" +%Y-%m-%dT%H-%M-%SZ)
echo "run $RUN_ID: $SEGMENTS segments, starting at $START_AT" >&2
kubectl apply -f config.yaml -f results-volume.yaml
kubectl delete job llm-leaderboard-bench llm-leaderboard-merge --ignore-not-found
render "$SEGMENTS" "$START_AT" "$RUN_ID" | kubectl apply -f -
# Every pod must be running before START_AT; the run takes the workload's duration after it.
kubectl wait --for=condition=complete job/llm-leaderboard-bench --timeout=6h
kubectl apply -f merge-job.yaml
kubectl wait --for=condition=complete job/llm-leaderboard-merge --timeout=1h
kubectl logs job/llm-leaderboard-merge
