#!/usr/bin/env bash
# m3d end to end on two nodes: two guests booted on the host's root with
# systemd as PID 1 (tests/qemu/run-cluster.sh -H), joined by a virtual
# Ethernet link that uses no IP networking on the host, m3d, m3adm and
# the module installed in each (tests/m3d/e2e-payload.sh);
# tests/m3d/e2e_cluster_guest.sh runs on both: one slapd for both nodes,
# m3d under its unit on each, a VM added and removed in LDAP, members on
# the two nodes calling each other.
# One line per check, "ok NAME" / "not ok NAME", then "N passed, N failed".
#   bash tests/m3d/run-e2e-cluster.sh [RESULTS_DIR]
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TOP
. "$TOP/tests/qemu/lib.sh"
. "$TOP/tests/m3d/e2e-payload.sh"
out=${1:-$TOP/results/m3d-e2e-cluster}
mkdir -p "$out"
log=$out/e2e-cluster.log
payload=$(mktemp -d /tmp/m3d-e2e.XXXXXX)
chmod 755 "$payload"	# the guest's / (cp -a): an ordinary user must reach /usr
trap 'rm -rf "$payload"' EXIT

start=$(date +%s)
{
	# TIPC loaded at boot, as docs/admin-m3d.md tells the administrator.
	if e2e_build &&
		e2e_payload "$payload" "$(m3_kernel_version)" m3-e2e-cluster e2e_cluster_guest.sh &&
		mkdir -p "$payload/etc/modules-load.d" &&
		echo tipc > "$payload/etc/modules-load.d/tipc.conf"; then
		echo "ok e2e-cluster/build_and_install"
		bash "$TOP/tests/qemu/run-cluster.sh" -n 2 -m 1024 -t 900 -o "$out" \
			-H "$payload:m3-e2e-cluster.target"
		rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] ||
			echo "not ok e2e-cluster/guest_verdict (run-cluster: $rc)"
	else
		echo "not ok e2e-cluster/build_and_install"
	fi
} 2>&1 | tee "$log"
. "$TOP/tests/m3d/tap.sh"
m3t_summary "$log" "($(( $(date +%s) - start )) s)"
