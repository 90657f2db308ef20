#!/usr/bin/env bash
# make check-debug-cluster: the cross-node suite and the wire fuzzer
# (tests/xnode/run.sh two three fuzz) on clusters of guests of the debug
# kernel (KASAN, UBSAN, lockdep, kmemleak, DEBUG_OBJECTS; TIPC, its link
# crypto and the virtio NIC built in), with m3ipc.ko built against it.
# Every node that ends its scenario scans kmemleak (cluster-node.sh).
#   cluster.sh [-o DIR] [RUN...]   (default results/debug-cluster; runs:
#                                   two three fuzz)
# Environment: M3_FUZZ_SECS, M3_FUZZ_SEED, M3_FUZZ_RATE and M3_XNODE_SLOW
# (here 3 unless set: the runs' wall-clock limits and the links'
# tolerance three times the stock kernel's) as for tests/xnode/run.sh;
# M3_DEBUG_CACHE, M3_KMOD_SRC as for run.sh.
# Prints an ok/not ok line per check of every node, one per node's kernel
# log (no KASAN, UBSAN, lockdep, kmemleak, BUG, WARNING or oops line: the
# patterns of lib.sh), the figures, and "N passed, M failed"; fails on
# any failed check.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
out=$top/results/debug-cluster
while getopts o: opt; do
	case $opt in
	o) out=$OPTARG ;;
	*) sed -n '2,/^set /{/^#/p}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- two three fuzz
out=$(mkdir -p "$out" && cd "$out" && pwd)

die() { echo "check-debug-cluster: $*" >&2; exit 1; }

# The suite on the debug kernel: its ok/not ok lines and figures.
run_suite() {
	M3_KERNEL=$kdir/arch/x86/boot/bzImage M3_KVER=m3-debug M3_MODULE=$ko \
		M3_XNODE_WRAP=$here/cluster-node.sh M3_XNODE_SLOW=${M3_XNODE_SLOW:-3} \
		bash "$top/tests/xnode/run.sh" -T -o "$out" "$@" | tee "$out/xnode.txt" |
		grep -v '^xnode: '
}

# One check per instance of every node of the runs named: its console and
# its kernel log (if it got to save it: cluster-node.sh) hold no report.
kernel_logs_clean() {
	local run d bad
	for run; do
		for d in "$out/$run"/node[0-9]*/; do
			[ -d "$d" ] || continue
			d=${d%/}
			bad=$(cat "$d"/{console.log,dmesg-boot.txt,dmesg.txt} 2>/dev/null |
				m3_debug_reports)
			if [ -z "$bad" ]; then
				echo "ok - $run/${d##*/}_kernel_log_clean"
			else
				echo "not ok - $run/${d##*/}_kernel_log_clean"
				echo "$bad" | head -40 | sed 's/^/#   /'
			fi
		done
	done | tee "$out/kernel-logs.txt"
}

t0=$SECONDS
m3_debug_build || die "kernel or module build failed"
echo "check-debug-cluster: kernel $kdir (built in $(cat "$kdir/.build-seconds") s)," \
	"module $ko; $((SECONDS - t0)) s to build or reuse"
t1=$SECONDS
run_suite "$@"
kernel_logs_clean "$@"
pass=$(cat "$out/xnode.txt" "$out/kernel-logs.txt" | grep -c '^ok ')
fail=$(cat "$out/xnode.txt" "$out/kernel-logs.txt" | grep -c '^not ok ')
echo "$pass passed, $fail failed"
echo "check-debug-cluster: runs $*, $((SECONDS - t1)) s; logs in $out"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
