#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS [TARGET...]: runs each libFuzzer target (all by default) for SECONDS
# with a 2 GB memory limit and a 10 s per-input timeout, one after another, and writes a
# Markdown table of executions, coverage and crashes to BUILD_DIR/fuzz-report.md.
set -uo pipefail
build=${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(pickle pth_zip pth_legacy safetensors checkpoint idx lst csv imageprobe upload recordio)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=1
report=${FUZZ_REPORT:-$build/fuzz-report.md}
{
    echo "| target | seconds | executions | exec/s | coverage (cov) | features (ft) | corpus | crashes, leaks, OOMs, timeouts |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} > "$report"
status=0
for t in "${targets[@]}"; do
    corpus=$build/corpus/$t
    crashes=$build/crashes/$t
    mkdir -p "$corpus" "$crashes"
    log=$build/fuzz-$t.log
    echo "fuzz_$t: ${seconds} s"
    start=$(date +%s)
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$here/corpus/$t" \
        > "$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' <<< "$last" | grep -o '[0-9]*')
    ft=$(grep -o 'ft: [0-9]*' <<< "$last" | grep -o '[0-9]*')
    files=$(find "$corpus" -type f | wc -l)
    found=$(find "$crashes" -type f | wc -l)
    echo "| $t | $elapsed | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | $files | $found |" >> "$report"
    if [[ $rc -ne 0 || $found -ne 0 ]]; then
        echo "fuzz_$t: exit $rc, $found inputs in $crashes (log: $log)"
        status=1
    fi
done
cat "$report"
exit $status
