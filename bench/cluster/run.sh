#!/usr/bin/env bash
# The raw network baselines of the cross-node benchmarks, in QEMU guests,
# and their report.
#
#   bash bench/cluster/run.sh        (what `make bench-cluster` runs)
#
# Two guests, one vCPU each (idle=poll), joined by a virtual Ethernet link
# (tests/qemu/run-cluster.sh): TIPC over an Ethernet bearer, its link
# encrypted with the run's cluster key as every cluster run's is, and TCP
# over the link's IPv6 link-local addresses. Node 0 runs `m3netbench
# server`, node 1 the client, which measures every mechanism round robin
# (netbench.h; the guest side is node.sh). Results in results/cluster/:
# table.txt, results.json, the client's raw results (client.tsv), the
# link's counters after the run (link.txt: TCP and TIPC retransmissions,
# frames dropped) and the guests' folders.
#
# Environment:
#   BENCH_CLUSTER_GUESTS=1  one guest instead (alone.sh): TIPC inside one
#                node, TCP over loopback; a smoke run, and the figures of
#                the same mechanisms without a link
#   BENCH_CPU    QEMU -cpu model of the one-guest run (default qemu64, as
#                bench/run.sh); run-cluster.sh boots -cpu max
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
   cpu=max
   topology="two guests, 1 vCPU each, one virtual Ethernet link: TIPC (eth bearer, gcm(aes) cluster key), TCP over IPv6 link-local" ;;
*) echo "run.sh: BENCH_CLUSTER_GUESTS is 1 or 2" >&2; exit 2 ;;
esac
start=$(date +%s)

# The TIPC modules (uncompressed, in load order) and the tipc tool with the
# libraries it needs, as HOST:GUEST specs under /opt/tipc.
tipc_files() {
	local dir=$1 kver=$2
	mkdir -p "$dir/mod"
	m3_copy_modules "$dir/mod" "$kver" tipc
	echo "$dir/mod:/opt/tipc"
	m3_program_files /usr/bin /usr/sbin/tipc
}

# collect TSV STATUS LOG: the client's results into the results folder,
# or what went wrong.
collect() {
	if [ ! -s "$1" ]; then
		echo "run.sh: no results (status $2); the end of $3:" >&2
		tail -30 "$3" >&2
		return 1
	fi
	[ "$2" = 0 ] || echo "run.sh: status $2 (see $3)" >&2
	cp "$1" "$out/client.tsv"
}

run_one_guest() {
	local dir=$out/guest rc=0
	mkdir -p "$dir"
	# shellcheck disable=SC2046	# one spec a word
	"$top/tests/qemu/run-guest.sh" -o "$dir" -c 1 -p "$cpu" -t "$limit" \
		"$here/alone.sh" "$here/m3netbench:/usr/bin/m3netbench" \
		"$out/m3netbench.conf:/etc/m3netbench.conf" \
		$(tipc_files "$dir/files" "$(m3_kernel_version)") > "$dir/run.log" 2>&1 || rc=$?
	rm -rf "$dir/files"
	collect "$dir/client.tsv" "$rc" "$dir/run.log"
}

run_two_guests() {
	local dir=$out/guests rc=0
	if [ ! -x "$top/tests/qemu/run-cluster.sh" ]; then
		echo "run.sh: no tests/qemu/run-cluster.sh here; BENCH_CLUSTER_GUESTS=1 runs one guest" >&2
		return 1
	fi
	mkdir -p "$dir"
	"$top/tests/qemu/run-cluster.sh" -n 2 -c 1 -o "$dir" -t "$limit" \
		"$here/node.sh" "$here/m3netbench:/usr/bin/m3netbench" \
		"$out/m3netbench.conf:/etc/m3netbench.conf" > "$dir/run.log" 2>&1 || rc=$?
	collect "$dir/node1/client.tsv" "$rc" "$dir/run.log" || return
	# The link's counters after the run (node.sh): lost frames show here.
	sed -n '/after the run:/,/^M3-GUEST-EXIT/p' "$dir/node1/output.log" |
		grep -v '^M3-GUEST-EXIT' > "$out/link.txt" || true
	sed 's/^/  /' "$out/link.txt" >&2
}

if [ "${BENCH_REPORT_ONLY:-0}" = 0 ]; then
	make -s -C "$here"
	mkdir -p "$out"
	rm -f "$out"/*.tsv "$out/meta.txt"
	printf 'NB_ARGS="%s"\nNB_LIMIT=%d\n' "$args" $((limit - 60)) > "$out/m3netbench.conf"
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
