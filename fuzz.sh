#!/usr/bin/env bash
# Fuzzes the code that takes bytes from strangers (tests/fuzz/README.md lists the
# targets): installs clang if missing, builds the libFuzzer targets with ASan and
# UBSan in build-fuzz/, runs each for the given time, starting from its committed
# seed corpus, and prints per target the executions, the coverage (cov: edges,
# ft: features) and whether it crashed. Exits non-zero when any target crashed; the
# crashing input is kept in the work directory (printed) to add to the corpus.
#
#   ./fuzz.sh                     every target, 600 seconds each
#   ./fuzz.sh 120                 every target, 2 minutes each
#   ./fuzz.sh 60 request utf8     only these targets
#
# What the fuzzer finds is kept between runs in KL_FUZZ_WORK (default
# /tmp/kennislab-fuzz), outside the repository: the committed corpus stays small.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

seconds="${1:-600}"
[ "$#" -gt 0 ] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET] [TARGET…]" >&2
  exit 2
fi
# Every target has its seed corpus in tests/fuzz/corpus/<target>/.
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
for target in "${targets[@]}"; do
  if [ ! -d "tests/fuzz/corpus/$target" ]; then
    echo "unknown target '$target' (see tests/fuzz/corpus/)" >&2
    exit 2
  fi
done

kl_install_packages "${KL_BUILD_PACKAGES[@]}" "${KL_FUZZ_PACKAGES[@]}"

# Not kl_build: that builds everything, and only the fuzz targets are needed here.
build=build-fuzz
if [ ! -f "$build/build.ninja" ]; then
  kl_log "configuring $build (clang, libFuzzer, ASan, UBSan)"
  cmake -G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DKL_BUILD_FUZZ=ON -DKL_BUILD_TESTS=OFF >/dev/null
fi
kl_log "building the fuzz targets in $build"
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/kl-fuzz-}"

work="${KL_FUZZ_WORK:-/tmp/kennislab-fuzz}"
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
summary=()
crashed=0
for target in "${targets[@]}"; do
  corpus="$work/$target/corpus"
  crashes="$work/$target/crashes"
  log="$work/$target/fuzz.log"
  mkdir -p "$corpus" "$crashes"
  kl_log "fuzzing $target for $seconds s (log: $log)"
  # New inputs go to the first directory (the scratch corpus); the committed seeds are
  # read, never written. -max_len: above every limit the server applies (64 KiB
  # frames and bodies, 16 KiB of headers). -timeout: one input taking 10 s is a hang.
  status=0
  "$build/tests/fuzz/kl-fuzz-$target" "$corpus" "tests/fuzz/corpus/$target" \
    -max_total_time="$seconds" -max_len=98304 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
  if [ "$status" -ne 0 ]; then
    crashed=1
    result="CRASHED (exit $status): $(ls -t "$crashes" | head -n 1 | sed "s|^|$crashes/|")"
    tail -n 40 "$log" >&2
  else
    result="no crash"
  fi
  summary+=("$(printf '%-14s %12s execs  %-22s %s' "$target" "${execs:-?}" "${coverage:-cov: ? ft: ?}" "$result")")
done

kl_log "results ($seconds s per target)"
printf '%s\n' "${summary[@]}"
exit "$crashed"
