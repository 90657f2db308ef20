#!/usr/bin/env bash
# The whole test suite: host unit tests (libm3, m3d, m3d against a real
# slapd), the guest suite in a booted Debian kernel, then m3d end to end
# under systemd in a booted guest. Every stage prints "ok ..." and
# "not ok ..." lines; this script counts them, keeps each stage's full
# output under results/, and ends with "N passed, N failed". A stage that
# dies without reporting counts as a failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
res=$top/results
mkdir -p "$res"
pass=0 fail=0
t0=$(date +%s)

stage() {	# stage NAME COMMAND...
	local name=$1 log=$res/$1.log rc p f s
	shift
	s=$(date +%s)
	echo "# stage $name: $*"
	"$@" > "$log" 2>&1
	rc=$?
	grep -E '^(not )?ok ' "$log" | sed "s/^/[$name] /"
	grep -E '^#   ' "$log" | sed "s/^/[$name] /" | head -40
	p=$(grep -cE '^ok ' "$log")
	f=$(grep -cE '^not ok ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited $rc without a failing test; last lines:"
		tail -15 "$log" | sed 's/^/#   /'
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	echo "# stage $name: $p passed, $f failed, $(( $(date +%s) - s )) s"
}

stage unit make -s -C "$top/tests/unit" check
stage m3d bash "$top/tests/m3d/run.sh"
stage guest bash "$top/tests/run-guest-suite.sh" "$res/guest"
stage m3d-e2e bash "$top/tests/m3d/run-e2e.sh" "$res/m3d-e2e"

echo "# total time $(( $(date +%s) - t0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
