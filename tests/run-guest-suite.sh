#!/usr/bin/env bash
# Run the guest test suite in a booted Debian kernel: every tests/guest/t_*
# program, then the module checks of tests/guest/suite.sh.
#   run-guest-suite.sh [RESULTS_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/results/guest}
. "$top/tests/qemu/lib.sh"
mapfile -t files < <(m3_guest_suite_files "$top")
exec "$top/tests/qemu/run-guest.sh" -o "$out" -c 2 -t 900 \
	"$top/tests/guest/suite.sh" "${files[@]}"
