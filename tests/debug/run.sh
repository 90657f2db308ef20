#!/usr/bin/env bash
# make check-debug: the whole guest suite, the fuzzer and the soak on a
# debug kernel (KASAN, UBSAN, lockdep, kmemleak, DEBUG_OBJECTS, failslab).
#   run.sh [RESULTS_DIR]      (default results/debug)
# Environment: FUZZ_SECS (60), RACE_SECS (20), SOAK_SECS (60), FUZZ_FLAGS
# (-F: a short system-wide failslab window too; empty: workers only), SEED
# (random; printed), CONF_FUZZ_SECS (30: libFuzzer on m3d.conf, on the
# host), M3_DEBUG_CACHE (see build-kernel.sh), M3_KMOD_SRC
# (module sources, default kmod/: to try a patch without touching kmod/).
# Fails on any failed check and on any KASAN, UBSAN, lockdep, kmemleak,
# BUG, WARNING or oops line in the guest's kernel log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/qemu/lib.sh"
. "$here/lib.sh"
out=$(mkdir -p "${1:-$top/results/debug}" && cd "${1:-$top/results/debug}" && pwd)
: "${FUZZ_SECS:=60}" "${RACE_SECS:=20}" "${SOAK_SECS:=60}" "${CONF_FUZZ_SECS:=30}"
FUZZ_FLAGS=${FUZZ_FLAGS--F}
: "${SEED:=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"

die() { echo "check-debug: $*" >&2; exit 1; }

build_all() {
	m3_debug_build || die "kernel or module build failed"
	make -s -C "$top/libm3" && make -s -C "$top/tests/guest" &&
		make -s -C "$top/tests/fuzz" && make -s -C "$top/tests/soak" ||
		die "user-space build failed"
}

# The guest gets the debug module in place of the stock one, and no
# Debian modules (M3_KVER names no installed kernel: all is built in).
run_guest() {
	local files=()
	rm -f "$out"/{dmesg.txt,kmemleak.txt,fuzz.log,soak.log,output.txt}
	mapfile -t files < <(m3_guest_suite_files "$top")
	files+=("$top/tests/guest/suite.sh:/opt/m3/suite.sh"
		"$here/guest.sh:/opt/m3/debug-guest.sh"
		"$top/tests/fuzz/m3fuzz:/usr/bin/m3fuzz"
		"$top/tests/soak/m3soak:/usr/bin/m3soak"
		"$ko:/lib/modules/m3ipc.ko")
	printf 'FUZZ_SECS=%s RACE_SECS=%s SOAK_SECS=%s SEED=%s FUZZ_FLAGS="%s"\n. /opt/m3/debug-guest.sh\n' \
		"$FUZZ_SECS" "$RACE_SECS" "$SOAK_SECS" "$SEED" "$FUZZ_FLAGS" > "$out/guest-run.sh"
	M3_KERNEL=$kdir/arch/x86/boot/bzImage M3_KVER=m3-debug \
		"$top/tests/qemu/run-guest.sh" -o "$out" -c 2 -m 1536 -t 3000 \
		"$out/guest-run.sh" "${files[@]}" \
		2> >(grep -v '^modprobe: FATAL' >&2) > "$out/run-guest.out"
	echo $? > "$out/run-guest.rc"
}

# The stack dumps of allocation failures (warn_alloc: "page allocation
# failure", "vmalloc error") are what failslab is expected to cause;
# everything else stays in.
without_alloc_failures() {
	awk '/(page allocation failure|vmalloc error):/ { skip = 1 }
	     skip && /<\/TASK>/ { skip = 0; next }
	     !skip'
}

# ok/not ok lines of the guest, then the host's own checks of its logs.
report() {
	local log=$out/output.txt pass fail rc bad
	tr -d '\r' < "$out/output.log" > "$log" 2>/dev/null
	grep -E '^(not )?ok |^#' "$log"
	pass=$(grep -c '^ok ' "$log")
	fail=$(grep -c '^not ok ' "$log")
	rc=$(cat "$out/run-guest.rc")
	# 125: run-guest.sh saw a report; kernel_log_clean below judges it.
	if grep -q ' passed, 0 failed$' "$log" && { [ "$rc" = 0 ] || [ "$rc" = 125 ]; }; then
		pass=$((pass + 1)); echo "ok - guest_verdict"
	else
		fail=$((fail + 1)); echo "not ok - guest_verdict # run-guest exit $rc"
	fi
	bad=$(cat "$out/console.log" "$out/dmesg.txt" 2>/dev/null | tr -d '\r' |
		without_alloc_failures | m3_debug_reports)
	if [ -z "$bad" ] && [ -f "$out/dmesg.txt" ]; then
		pass=$((pass + 1)); echo "ok - kernel_log_clean"
	else
		fail=$((fail + 1)); echo "not ok - kernel_log_clean"
		echo "${bad:-#   no dmesg.txt: the guest did not finish}" | head -40 | sed 's/^/#   /'
	fi
	# m3d under faults, on the host: its configuration parser fuzzed.
	if make -s -C "$top/tests/m3d/fuzz" run SECS="$CONF_FUZZ_SECS" \
		> "$out/conf-fuzz.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok - m3d_conf_fuzz # $(grep -m1 '^Done' "$out/conf-fuzz.log")"
	else
		fail=$((fail + 1)); echo "not ok - m3d_conf_fuzz"
		grep -E 'ERROR|SUMMARY|artifact' "$out/conf-fuzz.log" | head -10 | sed 's/^/#   /'
	fi
	echo "$pass passed, $fail failed"
	echo "check-debug: seed $SEED; logs in $out"
	[ "$fail" = 0 ]
}

t0=$SECONDS
build_all
echo "check-debug: kernel $kdir, module $ko ($((SECONDS - t0)) s to build)"
run_guest
# TCG on a loaded host sometimes fails the boot-time timer check; that
# says nothing about the module: boot once more.
if grep -q "IO-APIC + timer doesn't work" "$out/console.log" 2>/dev/null; then
	echo "check-debug: the guest's timer check failed at boot (host load); booting again"
	run_guest
fi
report
