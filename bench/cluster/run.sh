#!/usr/bin/env bash
# The cross-node benchmarks in QEMU guests, and their report: M3's calls
# between two nodes, the raw network baselines, and M3's calls inside one
# node for scale, interleaved in one run.
#
#   bash bench/cluster/run.sh        (what `make bench-cluster` runs)
#
# Two guests, one vCPU each (idle=poll), joined by a virtual Ethernet link
# (tests/qemu/run-cluster.sh): TIPC over an Ethernet bearer, its link
# encrypted with the run's cluster key as every cluster run's is, and TCP
# over the link's IPv6 link-local addresses; M3 with a DRVS of both nodes
# and a VM spanning them, joined with the same key. Node 0 runs
# `m3netbench server`, node 1 the client, which measures every mechanism
# round robin (netbench.h; the guest side is node.sh). Results in
# results/cluster/: table.txt, results.json, the client's raw results
# (client.tsv), the counters after the run (link.txt: TCP and TIPC
# retransmissions, frames dropped, the M3 modules' frames and drops, both
# nodes), the host's load during the run (load.txt) and the guests'
# folders. bench/cluster/runs.py sums up several runs.
#
# Environment:
#   BENCH_CLUSTER_GUESTS=1  one guest instead (alone.sh): TIPC inside one
#                node, TCP over loopback; a smoke run, and the figures of
#                the same mechanisms without a link
#   BENCH_CPU    QEMU -cpu model of the one-guest run (default qemu64, as
#                bench/run.sh); run-cluster.sh boots -cpu max
#   BENCH_ARGS   extra client options (e.g. "-r 5 -t 0.1"; m3netbench usage)
#   BENCH_TIPC_KEY=0  two guests: TIPC's links without encryption (what
#                the gcm(aes) link encryption costs; M3 still checks that
#                its peer holds the key)
#   BENCH_TRACE=1  two guests: both kernels trace the run, and trace.py
#                says where a round trip's time goes on each node
#                (trace.txt); tracing slows the calls down, so use it on a
#                short run of its own, e.g. BENCH_ARGS="-k ping -r 3
#                -m m3-remote,tipc-rdm"
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
tipc_key=${BENCH_TIPC_KEY:-1}
trace=${BENCH_TRACE:-0}
link_crypto="gcm(aes) cluster key"
[ "$tipc_key" = 1 ] || link_crypto="no link encryption"
limit=${BENCH_TIMEOUT:-900}
case $guests in
1) out=${BENCH_OUT:-$top/results/cluster-1}
   topology="one guest, 1 vCPU: TIPC inside the node, TCP over loopback" ;;
2) out=${BENCH_OUT:-$top/results/cluster}
   cpu=max
   topology="two guests, 1 vCPU each, one virtual Ethernet link: TIPC (eth bearer, $link_crypto), TCP over IPv6 link-local; M3: a DRVS of both nodes, VM 1 spanning them" ;;
*) echo "run.sh: BENCH_CLUSTER_GUESTS is 1 or 2" >&2; exit 2 ;;
esac
start=$(date +%s)
sampler=
trap '[ -z "$sampler" ] || kill "$sampler" 2> /dev/null' EXIT

# The host's 1-minute load average every 10 s, "SECONDS LOAD" a line: the
# host is shared, and a busy host is what makes the spreads.
sample_load() {
	while :; do
		echo "$(($(date +%s) - start)) $(cut -d' ' -f1 /proc/loadavg)"
		sleep 10
	done > "$out/load.txt"
}

# "start A, mean B, max C, end D" of load.txt.
load_summary() {
	awk -v now="$(cut -d' ' -f1 /proc/loadavg)" \
		'NR == 1 { first = $2 } { sum += $2; if ($2 > max) max = $2 }
		 END { printf "start %s, mean %.2f, max %s, end %s (1-minute load average every 10 s, %d samples)",
			first, sum / NR, max, now, NR }' "$out/load.txt"
}

# The TIPC modules (uncompressed, in load order) and the tipc tool with the
# libraries it needs, as HOST:GUEST specs under /opt/tipc.
tipc_files() {
	local dir=$1 kver=$2
	mkdir -p "$dir/mod"
	m3_copy_modules "$dir/mod" "$kver" tipc
	echo "$dir/mod:/opt/tipc"
	m3_program_files /usr/bin /usr/sbin/tipc
}

# The AES-NI and PCLMULQDQ implementations of gcm(aes) (HOST:GUEST spec,
# under /opt/crypto), which a real host's udev loads for its CPU: TIPC's
# link encryption takes the fastest it finds (link.txt says which); the
# initramfs has only the generic C ones.
crypto_files() {
	local dir=$1 kver=$2
	mkdir -p "$dir/crypto"
	m3_copy_modules "$dir/crypto" "$kver" aesni_intel ghash_clmulni_intel
	echo "$dir/crypto:/opt/crypto"
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
		"$out/m3netbench.conf:/etc/m3netbench.conf" \
		"$(crypto_files "$dir/files" "$(m3_kernel_version)")" > "$dir/run.log" 2>&1 || rc=$?
	rm -rf "$dir/files"
	collect "$dir/node1/client.tsv" "$rc" "$dir/run.log" || return
	# The counters after the run (node.sh): lost frames show here.
	for n in 1 0; do
		sed -n '/after the run:/,/^M3-GUEST-EXIT/p' "$dir/node$n/output.log" |
			grep -v '^M3-GUEST-EXIT'
	done > "$out/link.txt" || true
	sed 's/^/  /' "$out/link.txt" >&2
	[ "$trace" = 0 ] ||
		python3 "$here/trace.py" "$dir/node1/trace.txt" "$dir/node0/trace.txt" > "$out/trace.txt"
}

if [ "${BENCH_REPORT_ONLY:-0}" = 0 ]; then
	make -s -C "$here"
	mkdir -p "$out"
	rm -f "$out"/*.tsv "$out/meta.txt" "$out/trace.txt"
	printf 'NB_ARGS="%s"\nNB_LIMIT=%d\nNB_TIPC_KEY=%s\nNB_TRACE=%s\n' "$args" \
		$((limit - 60)) "$tipc_key" "$trace" > "$out/m3netbench.conf"
	others=$(pgrep -c qemu-system || true)
	sample_load &
	sampler=$!
	rc=0
	if [ "$guests" = 1 ]; then run_one_guest || rc=$?; else run_two_guests || rc=$?; fi
	kill "$sampler"
	wait "$sampler" 2> /dev/null || true
	sampler=
	[ "$rc" = 0 ] || exit "$rc"
	cat > "$out/meta.txt" <<META
title=M3-IPC across nodes against raw TIPC and TCP, QEMU TCG, -cpu $cpu
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
topology=$topology
qemu_cpu=$cpu
guest_kernel=$(sed -n 's/^#	kernel //p' "$out/client.tsv" | head -1)
module=$(modinfo -F version "${M3_MODULE:-$top/kmod/m3ipc.ko}" 2> /dev/null || echo unknown)
guest_cmdline=$(sed -n 's/^run-cluster: kernel command line: //p' "$out/guests/run.log" 2> /dev/null | head -1)
host=$(nproc) host CPUs, $(uname -r), $others other QEMU processes at the start
host_load=$(load_summary)
command=bash bench/cluster/run.sh (BENCH_CLUSTER_GUESTS=$guests BENCH_CPU=$cpu BENCH_ARGS="$args" BENCH_TIPC_KEY=$tipc_key BENCH_TRACE=$trace)
wall_seconds=$(($(date +%s) - start))
META
fi
meta=()
while IFS= read -r line; do
	meta+=(-m "$line")
done < "$out/meta.txt"
python3 "$here/report.py" -d "$out" "${meta[@]}" "$out/client.tsv"
[ ! -s "$out/trace.txt" ] || [ "$trace" = 0 ] || cat "$out/trace.txt"
echo "run.sh: results in $out (results.json, table.txt); $(($(date +%s) - start)) s" >&2
