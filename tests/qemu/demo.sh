#!/usr/bin/env bash
# make demo: boot Debian's kernel with the module and show two processes
# talking through it, with /proc/m3ipc printed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/tests/qemu/run-guest.sh" -o "$top/results/demo" -c 1 -t 300 \
	"$top/tests/demo/demo-guest.sh" "$top/tests/demo/m3demo:/usr/bin/m3demo"
