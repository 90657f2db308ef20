#!/usr/bin/env bash
# Run the guest test suite in a booted Debian kernel: every tests/guest/t_*
# program, then the module checks of tests/guest/suite.sh.
#   run-guest-suite.sh [RESULTS_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/results/guest}
files=()
for t in "$top"/tests/guest/t_*; do
	case $t in *.c) continue ;; esac
	files+=("$t:/opt/m3/$(basename "$t")")
done
exec "$top/tests/qemu/run-guest.sh" -o "$out" -c 2 -t 900 \
	"$top/tests/guest/suite.sh" "${files[@]}"
