#!/usr/bin/env bash
# The raw network baselines of the cross-node benchmarks, in QEMU guests,
# and their report.
#
#   bash bench/cluster/run.sh        (what `make bench-cluster` runs)
#
# Two guests, one vCPU each (idle=poll), joined by a virtual Ethernet link
# (tests/qemu/run-cluster.sh): TIPC over an Ethernet bearer, TCP over IPv6
# link-local addresses. Guest 1 runs `m3netbench server`, guest 2 the
# client, which measures every mechanism round robin (netbench.h).
# Results in results/cluster/: results.json, table.txt, the raw result
# file (client.tsv) and each guest's console.
#
# Environment:
#   BENCH_CLUSTER_GUESTS=1  one guest instead: TIPC inside one node, TCP
#                over loopback (a smoke run, and the local figures)
#   BENCH_CPU    QEMU -cpu model (default qemu64, as bench/run.sh)
#   BENCH_ARGS   extra client options (e.g. "-r 5 -t 0.1"; m3netbench usage)
#   BENCH_OUT    results folder (default results/cluster, results/cluster-1)
#   BENCH_TIMEOUT  wall-clock limit of the run in seconds (default 900)
#   BENCH_REPORT_ONLY=1  no guest: redo the report from the last raw results
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/qemu/lib.sh"
guests=${BENCH_CLUSTER_GUESTS:-2}
cpu=${BENCH_CPU:-qemu64}
args=${BENCH_ARGS:-}
limit=${BENCH_TIMEOUT:-900}
case $guests in
1) out=${BENCH_OUT:-$top/results/cluster-1}
   topology="one guest, 1 vCPU: TIPC inside the node, TCP over loopback" ;;
2) out=${BENCH_OUT:-$top/results/cluster}
   topology="two guests, 1 vCPU each, one virtual Ethernet link: TIPC (eth bearer), TCP over IPv6 link-local" ;;
*) echo "run.sh: BENCH_CLUSTER_GUESTS is 1 or 2" >&2; exit 2 ;;
esac
start=$(date +%s)

# The TIPC modules (uncompressed, in load order) and the tipc tool with the
# libraries it needs, as HOST:GUEST specs under /opt/tipc.
tipc_files() {
	local dir=$1 kver=$2 p
	mkdir -p "$dir/mod"
	m3_copy_modules "$dir/mod" "$kver" tipc
	echo "$dir/mod:/opt/tipc"
	echo "$(command -v tipc):/usr/bin/tipc"
	ldd "$(command -v tipc)" |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } NF == 2 && $1 ~ /^\// { print $1 }' |
		while read -r p; do echo "$(readlink -f "$p"):$p"; done
}

# The guest's script: TIPC up as node 1, the server in the background,
# the client against it on loopback.
one_guest_script() {
	cat <<GUEST
#!/bin/sh
echo "guest: \$(nproc) vCPUs, \$(uname -r)"
for m in \$(cat /opt/tipc/load.list); do insmod /opt/tipc/\$m || exit 1; done
tipc node set identity 1 || exit 1
m3netbench server -l $((limit - 60)) 2>/tmp/server.log &
m3netbench client -o /out/client.tsv $args
rc=\$?
wait
sed 's/^/server: /' /tmp/server.log
exit \$rc
GUEST
}

run_one_guest() {
	local dir=$out/guest kver rc=0
	kver=$(m3_kernel_version)
	mkdir -p "$dir"
	one_guest_script > "$out/guest.sh"
	# shellcheck disable=SC2046	# one spec a word
	"$top/tests/qemu/run-guest.sh" -o "$dir" -c 1 -p "$cpu" -t "$limit" \
		"$out/guest.sh" "$here/m3netbench:/usr/bin/m3netbench" \
		$(tipc_files "$dir/files" "$kver") > "$dir/run.log" 2>&1 || rc=$?
	rm -rf "$dir/files"
	if [ ! -s "$dir/client.tsv" ]; then
		echo "run.sh: the guest produced no results (run-guest.sh status $rc):" >&2
		tail -30 "$dir/run.log" >&2
		return 1
	fi
	[ "$rc" = 0 ] || echo "run.sh: run-guest.sh status $rc (see $dir/run.log)" >&2
	cp "$dir/client.tsv" "$out/client.tsv"
}

run_two_guests() {
	echo "run.sh: tests/qemu/run-cluster.sh is not there yet: BENCH_CLUSTER_GUESTS=1 runs one guest" >&2
	return 1
}

if [ "${BENCH_REPORT_ONLY:-0}" = 0 ]; then
	make -s -C "$here"
	mkdir -p "$out"
	rm -f "$out"/*.tsv "$out/meta.txt"
	if [ "$guests" = 1 ]; then run_one_guest; else run_two_guests; fi
	cat > "$out/meta.txt" <<META
title=M3-IPC raw network baselines, QEMU TCG, -cpu $cpu
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
topology=$topology
qemu_cpu=$cpu
guest_kernel=$(sed -n 's/^#	kernel //p' "$out/client.tsv" | head -1)
host=$(nproc) host CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)
command=bash bench/cluster/run.sh (BENCH_CLUSTER_GUESTS=$guests BENCH_CPU=$cpu BENCH_ARGS="$args")
wall_seconds=$(($(date +%s) - start))
META
fi
meta=()
while IFS= read -r line; do
	meta+=(-m "$line")
done < "$out/meta.txt"
python3 "$here/report.py" -d "$out" "${meta[@]}" "$out/client.tsv"
echo "run.sh: results in $out (results.json, table.txt); $(($(date +%s) - start)) s" >&2
