#!/usr/bin/env bash
# Run the M3-IPC micro-benchmarks in QEMU guests and report.
#
#   bash bench/run.sh            (what `make bench` runs)
#
# Boot 1: one vCPU: kernel-entry floors, IPC1-3 against every peer, COPY1/2
#         against process_vm_writev, pipe, UNIX socket and memcpy, bind,
#         memory.
# Boot 2: two vCPUs (idle=poll, as run-guest.sh always sets): 1 pair on one
#         vCPU against 2 pairs on two vCPUs.
# Results in results/bench/: results.json, table.txt, *.png, the raw
# result files and each guest's console.
#
# Environment:
#   BENCH_CPU    QEMU -cpu model (default qemu64: see docs/performance.md)
#   BENCH_REPS   repetitions of copies, floors, scaling (default 7; the
#                IPC tests take 15 slices of 0.15 s each: m3bench -R, -t)
#   BENCH_TESTS  tests of boot 1 (default "floor ipc copy bind mem")
#   BENCH_SCALE  0 skips boot 2
#   BENCH_ARGS   extra m3bench options (e.g. "-R 9 -t 0.1 -T 0.05")
#   BENCH_OUT    results folder (default results/bench, or
#                results/bench-icount with BENCH_ICOUNT=1)
#   BENCH_ICOUNT=1  count instructions instead of timing: QEMU runs with
#                -icount shift=0 (one instruction = 1 ns of guest time, a
#                single TCG thread), so every "ns" in the table is a guest
#                instruction, user and kernel, and repeats exactly from run
#                to run. No scaling boot (one host thread runs every vCPU).
#   BENCH_TIMEOUT  wall-clock limit of each guest in seconds (default 600,
#                2400 with BENCH_ICOUNT=1, whose figures do not depend on
#                how long a busy host takes to produce them)
#   BENCH_REPORT_ONLY=1  no guest: redo the table, JSON and charts from the
#                raw results of the last run in the results folder
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
icount=${BENCH_ICOUNT:-0}
cpu=${BENCH_CPU:-qemu64}
reps=${BENCH_REPS:-7}
tests=${BENCH_TESTS:-floor ipc copy bind mem}
scale=${BENCH_SCALE:-1}
args=${BENCH_ARGS:-}
title="QEMU TCG, -cpu $cpu"
if [ "$icount" = 1 ]; then
	out=${BENCH_OUT:-$top/results/bench-icount}
	limit=${BENCH_TIMEOUT:-2400}
	export M3_QEMU_ACCEL="-accel tcg,thread=single -icount shift=0,sleep=off"
	title="$title, -icount shift=0: 1 ns = 1 guest instruction"
	scale=0
else
	out=${BENCH_OUT:-$top/results/bench}
	limit=${BENCH_TIMEOUT:-600}
fi
start=$(date +%s)

[ -f "$top/kmod/m3ipc.ko" ] || make -C "$top/kmod"
[ -f "$top/libm3/libm3.a" ] || make -C "$top/libm3"
make -s -C "$top/bench"
mkdir -p "$out"

# run_boot NAME VCPUS M3BENCH-ARGS...: one guest; its results in NAME.tsv.
run_boot() {
	local name=$1 vcpus=$2 rc=0
	shift 2
	local dir=$out/guest-$name script=$out/guest-$name.sh
	mkdir -p "$dir"
	rm -f "$dir/$name.tsv"
	cat > "$script" <<GUEST
#!/bin/sh
echo "guest: \$(nproc) vCPUs, \$(uname -r)"
/usr/bin/m3bench -o /out/$name.tsv $*
GUEST
	echo "== boot $name: $vcpus vCPU(s), -cpu $cpu: m3bench $*" >&2
	"$top/tests/qemu/run-guest.sh" -o "$dir" -c "$vcpus" -p "$cpu" -t "$limit" \
		"$script" "$top/bench/m3bench" > "$dir/run.log" 2>&1 || rc=$?
	if [ ! -s "$dir/$name.tsv" ]; then
		echo "bench: boot $name produced no results (run-guest.sh status $rc):" >&2
		tail -30 "$dir/run.log" >&2
		return 1
	fi
	[ "$rc" = 0 ] || echo "bench: boot $name: run-guest.sh status $rc (see $dir/run.log)" >&2
	grep -v '^R	\|^N	' "$dir/run.log" | grep -v '^#	' | sed 's/^/  guest: /' >&2 || true
	cp "$dir/$name.tsv" "$out/$name.tsv"
}

if [ "${BENCH_REPORT_ONLY:-0}" = 0 ]; then
	rm -f "$out"/*.tsv "$out"/*.png "$out"/*.dat "$out/meta.txt"
	run_boot main 1 -r "$reps" $args $tests
	if [ "$scale" != 0 ]; then
		run_boot scale 2 -r "$reps" $args scale || true
	fi
	end=$(date +%s)
	host="$(nproc) host CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
	cat > "$out/meta.txt" <<META
title=$title
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
qemu_cpu=$cpu
guest_kernel=$(sed -n 's/^#	kernel //p' "$out/main.tsv" | head -1)
host=$host
command=bash bench/run.sh (BENCH_CPU=$cpu BENCH_REPS=$reps BENCH_TESTS="$tests" BENCH_ARGS="$args" BENCH_ICOUNT=$icount)
wall_seconds=$((end - start))
META
fi
meta=()
while IFS= read -r line; do
	meta+=(-m "$line")
done < "$out/meta.txt"
files=("$out/main.tsv")
[ ! -f "$out/scale.tsv" ] || files+=("$out/scale.tsv")
"$top/bench/m3bench" report -d "$out" "${meta[@]}" "${files[@]}"
if command -v gnuplot >/dev/null; then
	(cd "$out" && gnuplot charts.gp) || echo "bench: gnuplot failed" >&2
else
	echo "bench: gnuplot not installed: no PNG charts (apt-get install gnuplot-nox)" >&2
fi
echo "bench: results in $out (results.json, table.txt, ipc.png, copy-*.png); $(( $(date +%s) - start )) s" >&2
