#!/bin/sh
# Builds ResultFormat and Analysis with -O -wmo into a scratch folder and runs
# bench_significance.swift against them (no change to the package or its .build).
set -eu
out=${TMPDIR:-/tmp}/llm-leaderboard-bench-significance
mkdir -p "$out"
rm -f "$out"/*.a
swiftc -O -wmo -module-name ResultFormat -emit-library -static -emit-module -emit-module-path "$out/ResultFormat.swiftmodule" \
    -I Sources/CZlib -swift-version 6 -parse-as-library Sources/ResultFormat/*.swift -o "$out/libResultFormat.a"
swiftc -O -wmo -module-name Analysis -emit-library -static -emit-module -emit-module-path "$out/Analysis.swiftmodule" \
    -I "$out" -I Sources/CZlib -swift-version 6 -parse-as-library Sources/Analysis/*.swift Sources/Analysis/*/*.swift \
    -o "$out/libAnalysis.a"
swiftc -O scripts/golden/bench_significance.swift -I "$out" -I Sources/CZlib -L "$out" -lAnalysis -lResultFormat -lz -o "$out/bench"
"$out/bench"
