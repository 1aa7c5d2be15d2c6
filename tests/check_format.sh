#!/usr/bin/env bash
# Fails when a C++ file of the project differs from what .clang-format (clang-format 14, Debian
# 12's) makes of it. Fix with: clang-format -i FILE.  Usage: tests/check_format.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 1
if ! command -v clang-format >/dev/null; then
    echo "clang-format is not installed (make test-deps installs it)"
    exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null | grep -v '^ui/common/qcustomplot.h$')
if [[ ${#files[@]} -eq 0 ]]; then
    mapfile -t files < <(find app core ui tests bench -name '*.cpp' -o -name '*.h' | grep -v 'ui/common/qcustomplot.h')
fi
if clang-format --dry-run --Werror "${files[@]}" >/dev/null 2>&1; then
    echo "${#files[@]} formatted, 0 not"
    exit 0
fi
bad=0
for f in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (clang-format -i $f)"
        bad=$((bad + 1))
    fi
done
echo "$((${#files[@]} - bad)) formatted, $bad not"
exit 1
