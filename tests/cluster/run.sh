#!/usr/bin/env bash
# The cluster tests: each script below in a cluster of guests
# (tests/qemu/run-cluster.sh) of its number of nodes, one after the other
# (the host has two cores). One line per test, "ok - cluster/NAME" or
# "not ok - cluster/NAME" (the lines tests/run-all.sh counts), the figures
# the test measured as "# " lines, why it failed as "#   " lines; then
# "cluster: N passed, M failed". Exit status 1 if any test failed.
#   run.sh [RESULTS_DIR [NAME...]]   default: results/cluster, every test
# M3_KVER picks the kernel (mk/kver.sh); M3_MODULE the module (default:
# built for that kernel by mk/build-kmod.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/results/cluster}
[ $# -gt 0 ] && shift
tests=(		# NAME:NODES
	raw_tipc:2
	link_cut:2
	key_mismatch:2
	three_nodes:3
)
mkdir -p "$out"
pass=0 fail=0

# The programs and the module the guests need; false if they do not build.
build() {
	local kver
	make -s -C "$top/tests/cluster" || return
	kver=$(sh "$top/mk/kver.sh") || return
	export M3_KVER=$kver
	[ -n "${M3_MODULE:-}" ] && return
	M3_MODULE=$(bash "$top/mk/build-kmod.sh" "$kver" | tail -1) || return
	export M3_MODULE
}

result() {	# result STATUS NAME NOTE [LOG]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
		echo "ok - cluster/$2 # $3"
	else
		fail=$((fail + 1))
		echo "not ok - cluster/$2 # $3"
		[ -z "${4:-}" ] || tail -20 "$4" | sed 's/^/#   /'
	fi
}

run_one() {	# run_one NAME NODES
	local log=$out/$1.log s=$SECONDS rc=0 load
	read -r load _ < /proc/loadavg	# timings suffer on a busy host: say how busy
	"$top/tests/qemu/run-cluster.sh" -n "$2" -o "$out/$1" "$top/tests/cluster/$1.sh" \
		"$top/tests/cluster/tipc_echo:/usr/bin/tipc_echo" \
		"$top/tests/cluster/lib.sh:/opt/m3/cluster/lib.sh" > "$log" 2>&1 || rc=$?
	grep -E 'links up|within|serving again' "$log" | sed 's/^/# /'
	result "$rc" "$1" "$2 nodes, $((SECONDS - s)) s, host load $load, exit $rc" "$log"
}

if ! build > "$out/build.log" 2>&1; then
	result 1 build "the programs or the module did not build" "$out/build.log"
else
	for t in "${tests[@]}"; do
		name=${t%%:*}
		if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
			continue
		fi
		run_one "$name" "${t#*:}"
	done
fi
echo "cluster: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
