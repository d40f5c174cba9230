#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14) and runs them.
#
#   fuzz/run.sh [target ...]          every target (or those named) for FUZZ_RUNS inputs each
#                                     (default 10 million), one after the other; then writes
#                                     docs/fuzzing.md from the results of the latest run of each
#   fuzz/run.sh --smoke TARGET        a short run (FUZZ_RUNS, default 20000) from the seed corpus
#                                     in a temp dir, without building: the `make test` check
#
# FUZZ_BUILD_DIR (default build/fuzz) is the build tree. New inputs go to $FUZZ_BUILD_DIR/work/;
# the committed seeds in fuzz/corpus/ are only read. A crash, leak, timeout (10 s) or an input
# needing more than 2 GB fails the run and leaves the input in $FUZZ_BUILD_DIR/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD_DIR:-build/fuzz}
mapfile -t ALL_TARGETS < <(awk '/^[a-z_]+ [0-9]+$/ { print $1 }' fuzz/targets.txt)
max_len() { awk -v t="$1" '$1 == t { print $2 }' fuzz/targets.txt; }

run_target() {  # target runs work_dir log
  local t=$1 runs=$2 work=$3 log=$4
  mkdir -p "$work" "$BUILD/artifacts"
  "$BUILD/fuzz_$t" -runs="$runs" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$t-" "$work" "fuzz/corpus/$t" >"$log" 2>&1
}

if [ "${1:-}" = "--smoke" ]; then
  t=$2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! run_target "$t" "${FUZZ_RUNS:-20000}" "$work/corpus" "$work/log"; then
    tail -n 40 "$work/log"
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$work/log" || true
  exit 0
fi

cmake -S fuzz -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$BUILD" -j "${JOBS:-2}"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
runs=${FUZZ_RUNS:-10000000}
mkdir -p "$BUILD/results"
status=0
for t in "${targets[@]}"; do
  log="$BUILD/results/$t.log"
  echo "fuzz_$t: $runs runs (log: $log)"
  start=$(date +%s.%N)
  if run_target "$t" "$runs" "$BUILD/work/$t" "$log"; then result=ok; else result=FAILED; status=1; fi
  end=$(date +%s.%N)
  stat() { grep -E "^stat::$1:" "$log" | awk '{print $2}' | tail -n 1; }
  final=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$final")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$final")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$final")
  # target, result, executions, seconds, exec/s, coverage, features, corpus, peak RSS, max_len, when, commit
  printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$result" "$(stat number_of_executed_units)" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(stat average_exec_per_sec)" "$cov" "$ft" "$corp" "$(stat peak_rss_mb)" \
    "$(max_len "$t")" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(git rev-parse --short HEAD 2>/dev/null || echo -)" \
    >"$BUILD/results/$t.tsv"
  cut -f1-9 "$BUILD/results/$t.tsv"
  [ "$result" = ok ] || tail -n 40 "$log"
done

fuzz/write_report.sh "$BUILD/results" >docs/fuzzing.md
echo "wrote docs/fuzzing.md"
exit $status
