#!/usr/bin/env bash
# Where the instructions of a round trip go: boots one guest (one vCPU,
# -icount, the insnprof.so TCG plugin), runs pingpong for every mode, and
# prints instructions per round trip by what they do (categories.txt), and
# per kernel function (profile.txt, profile.tsv) for each.
#
#   bash bench/prof/profile.sh [OUT_DIR]     (default results/prof)
# Environment: PROF_N round trips per mode (default 20000), PROF_MODES
# (default "sendrecv sendrec replyrec notify eventfd getppid ioctl"),
# M3_KVER / M3_MODULE as for tests/qemu/run-guest.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/results/prof}
n=${PROF_N:-20000}
modes=${PROF_MODES:-sendrecv sendrec replyrec notify eventfd getppid ioctl}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/seg.* "$out/kallsyms"
make -s -C "$top/bench/prof"
[ -n "${M3_MODULE:-}" ] || make -s -C "$top/kmod"
cat > "$out/guest.sh" <<GUEST
#!/bin/sh
echo 0 > /proc/sys/kernel/kptr_restrict
for m in $modes; do /usr/bin/pingpong \$m $n || echo "pingpong \$m failed"; done
cat /proc/kallsyms > /out/kallsyms
GUEST
M3_QEMU_ACCEL="-accel tcg,thread=single -icount shift=0,sleep=off -plugin $top/bench/prof/insnprof.so,arg=out=$out/seg" \
	"$top/tests/qemu/run-guest.sh" -o "$out/guest" -c 1 -p qemu64 -t 1200 \
	"$out/guest.sh" "$top/bench/prof/pingpong" > "$out/run.log" 2>&1 ||
	{ tail -20 "$out/run.log" >&2; exit 1; }
cp "$out/guest/kallsyms" "$out/kallsyms" 2>/dev/null || true
args=() i=0
for m in $modes; do
	args+=("$m=$out/seg.$i")
	i=$((i + 1))
done
python3 "$top/bench/prof/symbolize.py" --tsv "$out/kallsyms" "$n" "${args[@]}" > "$out/profile.tsv"
python3 "$top/bench/prof/symbolize.py" "$out/kallsyms" "$n" "${args[@]}" > "$out/profile.txt"
python3 "$top/bench/prof/symbolize.py" --categories "$out/kallsyms" "$n" "${args[@]}" | tee "$out/categories.txt"
echo "profile: per function in $out/profile.txt and $out/profile.tsv" >&2
