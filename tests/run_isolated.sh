#!/usr/bin/env bash
# Runs every test function of every Qt Test executable alone, in a fresh process: proof that no
# test depends on another's leftovers. Usage: tests/run_isolated.sh BUILD_DIR/tests
set -uo pipefail
dir=$1
passed=0
failed=0
for exe in "$dir"/test_*; do
    [[ -x "$exe" && -f "$exe" ]] || continue
    for fn in $("$exe" -functions 2>/dev/null | sed 's/()$//'); do
        if "$exe" "$fn" >/tmp/photocat-isolated.log 2>&1; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAILED alone: $(basename "$exe") $fn"
            tail -20 /tmp/photocat-isolated.log
        fi
    done
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
