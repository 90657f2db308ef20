#!/usr/bin/env bash
# The end-to-end test of m3d in a booted guest with systemd as PID 1
# (tests/qemu/run-hostroot.sh), m3d, m3adm and the module installed there
# (tests/m3d/e2e-payload.sh), m3d.conf pointing at a slapd that the guest
# starts (tests/m3d/e2e_guest.sh does the rest,
# then runs test_output.sh, test_faults.sh and test_tipc.sh there, on the
# real module).
# One line per check, "ok NAME" / "not ok NAME", then "N passed, N failed".
#   bash tests/m3d/run-e2e.sh [-F] [RESULTS_DIR]
# -F leaves out test_output.sh (m3adm's output) and test_faults.sh (m3d
# under LDAP faults): user space only, the same on every kernel.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TOP
. "$TOP/tests/qemu/lib.sh"
faults=1
[ "${1:-}" = -F ] && { faults=; shift; }
out=${1:-$TOP/results/m3d-e2e}
mkdir -p "$out"
log=$out/e2e.log
payload=$(mktemp -d /tmp/m3d-e2e.XXXXXX)
chmod 755 "$payload"	# the guest's / (cp -a): an ordinary user must reach /usr
trap 'rm -rf "$payload"' EXIT

. "$TOP/tests/m3d/e2e-payload.sh"

start=$(date +%s)
{
	if e2e_build && e2e_payload "$payload" "$(m3_kernel_version)" m3-e2e e2e_guest.sh &&
		{ [ -n "$faults" ] || : > "$payload/opt/m3-e2e/kernel-parts-only"; }; then
		echo "ok e2e/build_and_install"
		echo "# e2e: built and installed in $(( $(date +%s) - start )) s"
		bash "$TOP/tests/qemu/run-hostroot.sh" -t 1500 -o "$out" "$payload" m3-e2e.target
		rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || echo "not ok e2e/guest_verdict (run-hostroot: $rc)"
	else
		echo "not ok e2e/build_and_install"
	fi
} 2>&1 | tee "$log"
. "$TOP/tests/m3d/tap.sh"
m3t_summary "$log" "($(( $(date +%s) - start )) s)"
