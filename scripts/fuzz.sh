#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a bounded time (docs/fuzzing.md).
#
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS (default 25) each
#   scripts/fuzz.sh sse http1       only these
#   FUZZ_SECONDS=300 scripts/fuzz.sh json
#
# A crash (a trap, a failed property, an AddressSanitizer report), a leak, an input that runs
# longer than FUZZ_TIMEOUT seconds or one that needs more than the memory limits fails the run;
# the input is saved under Fuzz/.build/fuzz-artifacts/<target>/ and its path printed. New
# inputs found while fuzzing go to Fuzz/.build/fuzz-corpus/<target>/, never into the checked-in
# Fuzz/Corpus/<target>/, which every run replays first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
all=(json result-file chunk-text sse http1 event-stream config)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
seconds=${FUZZ_SECONDS:-25}
timeout=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_LIMIT_MB:-2048}
malloc_mb=${FUZZ_MALLOC_LIMIT_MB:-512}
for t in "${targets[@]}"; do
  [ -d "Fuzz/Corpus/$t" ] || { echo "fuzz.sh: unknown target '$t' (one of: ${all[*]})" >&2; exit 2; }
done

# Every module, the main package's and its dependencies' too, with coverage instrumentation and
# AddressSanitizer. `--sanitize` instruments the C modules and links the runtimes; the Swift
# modules need the one combined flag as well, because swiftc keeps only the last `-sanitize=`
# of several (SwiftPM passes two, which left Swift code without coverage). A debug build: it
# compiles faster than a release build on 2 cores (no whole-module optimisation of the large
# modules), keeps line numbers in stack traces, and lets the targets `@testable import` the
# internal parsers.
build=(swift build --package-path Fuzz -c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address)
echo "fuzz.sh: building ${targets[*]}" >&2
start=$(date +%s)
# One product at a time (`swift build` takes one --product; the modules they share are built
# once). Not `swift build` without --product: that builds the main package's executables too,
# which cannot link against libFuzzer's `main`, and switching between the two kinds of build
# rebuilt every module each time.
for t in "${targets[@]}"; do "${build[@]}" --product "$t"; done
echo "fuzz.sh: built in $(( $(date +%s) - start )) s" >&2
bin=$("${build[@]}" --product "${targets[0]}" --show-bin-path)

artifacts=$root/Fuzz/.build/fuzz-artifacts
scratch=$root/Fuzz/.build/fuzz-corpus
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$artifacts/$t" "$scratch/$t"
  log=$artifacts/$t.log
  flags=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$malloc_mb"
    -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts/$t/")
  [ -f "Fuzz/Dictionaries/$t.dict" ] && flags+=(-dict="Fuzz/Dictionaries/$t.dict")
  echo "fuzz.sh: $t for ${seconds} s" >&2
  # The first corpus folder receives new inputs: the scratch one, not the checked-in seeds.
  # The Swift runtime's own backtracer is off: it reads the crashed thread's stack in a way
  # AddressSanitizer reports, which buried the real failure; libFuzzer prints the stack instead.
  if SWIFT_BACKTRACE=enable=no "$bin/$t" "${flags[@]}" "$scratch/$t" "Fuzz/Corpus/$t" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)' "$log" | tr '\n' ' ' >&2 || true
    echo >&2
  else
    failed+=("$t")
    echo "fuzz.sh: $t FAILED; the end of its log ($log):" >&2
    grep -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|Fatal error|fuzz property violated|SUMMARY' "$log" | head -5 >&2 || true
    tail -n 40 "$log" >&2
    for input in $(grep -oE 'Test unit written to [^ ]+' "$log" | awk '{print $5}'); do
      echo "fuzz.sh: reproducer: $input (replay: SWIFT_BACKTRACE=enable=no $bin/$t $input)" >&2
    done
  fi
done
echo "fuzz.sh: ${#targets[@]} targets, ${seconds} s each; failed: ${failed[*]:-none}"
echo "fuzz: $(( ${#targets[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
