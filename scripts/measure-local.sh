#!/usr/bin/env bash
# Measures real LLM servers on this machine and writes the results into results/ (or $RESULTS):
# llama.cpp's llama-server (scripts/local-llm.sh) with SmolLM2-135M-Instruct on the CPU, four ways:
#
#   llama.cpp 1 slot          openai-chat          http   llama-server -np 1
#   llama.cpp 4 slots         openai-chat          http   llama-server -np 4 (continuous batching)
#   llama.cpp 4 slots Anthropic  anthropic-messages http   the same server, /v1/messages
#   llama.cpp 4 slots TLS     openai-chat          https  the same server behind nginx (TLS 1.3, a CA made here)
#
# The workload is the default seeded workload (seed 42, built-in prompts, temperature 0.7)
# scaled down to what two CPU cores can serve: constant $RATE req/s for $DURATION s (default
# 0.5 req/s for 60 s: 30 requests per provider) and max_tokens $MAX_TOKENS (default 64).
# Providers run one after another. $RUNS runs (default 1) follow each other.
#
#   scripts/measure-local.sh                 # one run into results/
#   RUNS=3 scripts/measure-local.sh          # three runs
#
# The bench client runs on the same two cores as the server: the figures describe this
# machine's server as this machine's client sees it, not a dedicated server. Each provider's note
# says so, with the CPU's name.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-0.5}"
DURATION="${DURATION:-60}"
MAX_TOKENS="${MAX_TOKENS:-64}"
RUNS="${RUNS:-1}"
RESULTS="${RESULTS:-results}"
PORT_ONE="${PORT_ONE:-18081}"
PORT_FOUR="${PORT_FOUR:-18084}"
PORT_TLS="${PORT_TLS:-18443}"

./scripts/install-deps.sh --test
./scripts/local-llm.sh build >/dev/null
swift build -c release --product bench >&2
BENCH=.build/release/bench

work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  ./scripts/local-llm.sh stop "$PORT_ONE" || true
  ./scripts/local-llm.sh stop "$PORT_FOUR" || true
  rm -rf "$work"
}
trap cleanup EXIT

# A CA and a certificate for 127.0.0.1, made here with openssl.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=measure-local CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null

# Up to 1,500-word prompts: 4,096 tokens of context per slot. No prompt cache: the providers
# send the same seeded prompts one after another, and with llama-server's cache (on by default,
# in the slots and 8 GiB of host memory) every provider after the first on a server found its
# prompts already processed (a first attempt: TTFT 3.6 s for the first provider on the 4-slot
# server, 0.036 s for the next two), so the order would decide the ranking.
NO_CACHE=(--no-cache-prompt --cache-ram 0)
./scripts/local-llm.sh start "$PORT_ONE" 1 -c 4096 "${NO_CACHE[@]}"
./scripts/local-llm.sh start "$PORT_FOUR" 4 -c 16384 "${NO_CACHE[@]}"

user=""; [ "$(id -u)" -eq 0 ] && user="user root root;"
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
$user
pid $work/nginx.pid;
error_log $work/nginx/error.log notice;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream llama { server 127.0.0.1:$PORT_FOUR; keepalive 32; }
    server {
        listen 127.0.0.1:$PORT_TLS ssl;
        ssl_certificate $work/server.pem;
        ssl_certificate_key $work/server.key;
        ssl_protocols TLSv1.3;
        keepalive_requests 100000;
        location / {
            proxy_pass http://llama;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_read_timeout 600s;
        }
    }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx.conf"

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
cores=$(nproc)
where="on one machine ($cpu, $cores cores, Debian; bench on the same cores, over 127.0.0.1)"
server="llama-server (llama.cpp from llama-cpp-python 0.3.36, CPU build, AVX2, prompt cache off), SmolLM2-135M-Instruct Q4_1"
cat >"$work/bench.yaml" <<EOF
results: $RESULTS
parallel_providers: false
workload:
  seed: 42
  arrival: {kind: constant, rate: $RATE, duration_s: $DURATION}
  prompts: builtin
  temperature: 0.7
  top_p: 1
  max_tokens: $MAX_TOKENS
  timeout_s: 600
  stall_timeout_s: 120
providers:
  - name: llama.cpp 1 slot
    api: openai-chat
    base_url: http://127.0.0.1:$PORT_ONE/v1
    model: SmolLM2-135M-Instruct
    source: measured
    note: "$server, 1 slot, $where"
  - name: llama.cpp 4 slots
    api: openai-chat
    base_url: http://127.0.0.1:$PORT_FOUR/v1
    model: SmolLM2-135M-Instruct
    source: measured
    note: "$server, 4 slots (continuous batching), $where"
  - name: llama.cpp 4 slots Anthropic API
    api: anthropic-messages
    base_url: http://127.0.0.1:$PORT_FOUR/v1
    model: SmolLM2-135M-Instruct
    source: measured
    note: "$server, 4 slots, Anthropic Messages API (/v1/messages), $where"
  - name: llama.cpp 4 slots TLS
    api: openai-chat
    base_url: https://127.0.0.1:$PORT_TLS/v1
    model: SmolLM2-135M-Instruct
    ca_file: $work/ca.pem
    source: measured
    note: "$server, 4 slots, behind nginx terminating TLS 1.3 (proxy_buffering off), $where"
EOF
for i in $(seq 1 "$RUNS"); do
  echo "measure-local: run $i of $RUNS" >&2
  "$BENCH" --config "$work/bench.yaml" --quiet
done
