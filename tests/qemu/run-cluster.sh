#!/usr/bin/env bash
# Boot a cluster of guests of Debian's kernel under QEMU (TCG), each with
# m3ipc.ko, TIPC and its tools, joined pairwise by virtual Ethernet links
# that use no IP networking on the host, and run the same script on every
# node; meanwhile the host carries out what the guests ask for (kill a
# node, boot it again, cut or restore a link: cluster-host.sh).
#
#   run-cluster.sh [options] GUEST_SCRIPT [HOST[:GUEST]]...
#     -n N       nodes: 2 or 3 (default 2; the host has two cores)
#     -o DIR     results folder (default: a temporary one): DIR/nodeK/ has
#                node K's console.log and output.log (its /out), and
#                DIR/nodeK-bootB/ its B-th boot; DIR/shared/ is the folder
#                every guest shares (/cluster), DIR/host.log what the host
#                did and when
#     -c N       vCPUs per guest (default 1); the guests run with idle=poll
#                when all their vCPUs fit on the host's cores
#     -m MB      memory per guest (default 256)
#     -t SECS    wall-clock limit of the whole run (default 600)
#     -k         keep going: a node that fails does not stop the others
#     -H PAYLOAD_DIR:UNIT
#                host-root guests: each boots on the host's own root with
#                systemd as PID 1, as tests/qemu/run-hostroot.sh does
#                (PAYLOAD_DIR copied onto it, UNIT started), instead of the
#                initramfs and GUEST_SCRIPT; UNIT reads M3_NODE, M3_NODES
#                and M3_BOOT from /proc/cmdline, mounts the shared folder
#                (tag "cluster") itself, and writes its output and verdict
#                to /dev/ttyS1; NICs keep the names eth0, eth1...
#   M3_KVER, M3_MODULE, M3_QEMU_ACCEL (environment): as for run-guest.sh;
#   M3_KERNEL a kernel image of one's own, booted as M3_KVER: without a
#   /lib/modules/M3_KVER it has all built in (tests/debug/cluster.sh).
#
# In each guest, GUEST_SCRIPT runs as /opt/m3/cluster/NAME with M3_NODE
# (0..N-1), M3_NODES (N) and M3_BOOT (1, then 2... when booted again) in
# its environment, /etc/m3-links saying which interface leads to which
# node, and /usr/lib/m3/cluster-lib.sh to source (TIPC, barriers, values,
# host requests: see that file). Extra files as for run-guest.sh; a script
# that a node is booted again with must be one of them.
#
# Exit status: 0 only if every node's script passed (a node killed at a
# guest's request need not pass; the one booted in its place must); 125
# when any node's kernel log shows a BUG, an oops, a warning or a sanitizer
# report; 124 when a node never reported (timeout, panic); else the status
# of the first node that failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/cluster-host.sh"
out= cpus=1 mem=256 limit=600 nodes=2 keep_going= hostroot=
while getopts n:o:c:m:t:kH: opt; do
	case $opt in
	n) nodes=$OPTARG ;;
	H) hostroot=$OPTARG ;;
	k) keep_going=1 ;;
	*) m3_runner_opt "$opt" "${OPTARG:-}" || m3_runner_usage 43 ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$hostroot" ]; then
	[ $# -eq 0 ] && [ -d "${hostroot%%:*}" ] && [ "${hostroot#*:}" != "$hostroot" ] ||
		m3_runner_usage 43
	set -- "${hostroot#*:}"	# the "script" each node runs: the unit
fi
[ $# -ge 1 ] || m3_runner_usage 43
case $nodes in
2 | 3) ;;
*) echo "run-cluster: -n takes 2 or 3, not '$nodes'" >&2; exit 2 ;;
esac
script=$1; shift
for t in /usr/sbin/tipc /usr/sbin/ip; do
	[ -x "$t" ] || { echo "run-cluster: no $t: run 'make deps' (iproute2)" >&2; exit 1; }
done
out=$(m3_results_dir "$out" m3cluster)
kver=${M3_KVER:-$(m3_kernel_version)}
accel=${M3_QEMU_ACCEL:--accel tcg,thread=multi}
kernel=$(m3_kernel_image "$kver")
echo "run-cluster: $nodes nodes, kernel $kver ($kernel), module ${M3_MODULE:-kmod/m3ipc.ko}, results in $out" >&2

# The guests' initramfs: the usual one, with NIC and TIPC modules (and the
# AEAD the cluster key needs: TIPC asks for it through a modprobe the guest
# does not have) unless the kernel has them built in, the tipc and ip
# tools, and the cluster's scripts.
initrd=$out/initramfs.cpio.gz
boot_extra=()	# more QEMU arguments of every node
if [ -n "$hostroot" ]; then
	guest_script=$script
	m3_hostroot_initrd "$initrd" "$kver"
	mapfile -t boot_extra < <(m3_hostroot_shares "$(cd "${hostroot%%:*}" && pwd)")
else
	guest_script=/opt/m3/cluster/$(basename "$script")
	mapfile -t tools < <(m3_program_files /usr/sbin /usr/sbin/tipc /usr/sbin/ip)
	"$here/mkinitramfs.sh" -M virtio_net -M tipc -M gcm -M ghash-generic -M ctr \
		"$initrd" "$kver" "$here/cluster-guest.sh" \
		"$here/cluster-lib.sh:/usr/lib/m3/cluster-lib.sh" \
		"$here/cluster-tipc.sh:/usr/lib/m3/cluster-tipc.sh" \
		"$script:$guest_script" "${tools[@]}" "$@"
fi

# A fresh shared folder, with this run's cluster key (36 bytes in hex:
# a 32-byte AES key and a 4-byte salt).
rm -rf "$out"/node[0-9]* "$out/shared" "$out/host.log"
shared=$out/shared
mkdir -p "$shared"/barrier "$shared"/kv "$shared"/host/{req,ack,done}
od -An -tx1 -N36 /dev/urandom | tr -d ' \n' > "$shared/cluster.key"
sock=$(m3c_socket_dir)
# idle=poll makes wake-ups in a guest fast (two vCPUs waking each other
# are ~20x slower without it under TCG), but an idle guest then holds a
# host core per vCPU: with more vCPUs than cores the guests starve each
# other (three guests on two cores: links up 50 s late, a lost node seen
# a second late).
idle=
[ $((nodes * cpus)) -gt "$(nproc)" ] || idle=" idle=poll"
cmdline="console=ttyS0 panic=-1 oops=panic$idle quiet loglevel=5 no_timer_check"
[ -z "$hostroot" ] ||
	cmdline="$cmdline net.ifnames=0 $(m3_hostroot_cmdline "$guest_script")"
echo "run-cluster: kernel command line: $cmdline" >&2

# The verdict of every instance of every node, and of the run.
m3c_verdicts() {
	local d who rc status=0 bad=
	for d in "${instances[@]}"; do
		who=${d##*/}
		echo "== $who (${state[$d]})"
		rc=0
		if [ "${state[$d]}" = ended ]; then
			m3_guest_verdict "$d" "$who" || rc=$?
			[ "$rc" = 0 ] || [ ! -s "$d/qemu.err" ] ||
				sed "s/^/$who: QEMU: /" "$d/qemu.err" >&2
		else
			grep -v '^M3-GUEST-EXIT:' "$d/output.log" 2>/dev/null || true
			m3_kernel_problems "$d" "$who" || rc=125
		fi
		[ "$rc" != 125 ] || bad=1
		[ "$status" != 0 ] || status=$rc
	done
	[ -z "$bad" ] || status=125
	return "$status"
}

t0_ms=$(date +%s%3N)
trap 'm3c_stop_all; rm -rf "$sock" "$out/sock"' EXIT
trap 'exit 130' INT TERM
m3c_qmp_start
for ((k = 0; k < nodes; k++)); do
	m3c_boot "$k" "$guest_script" || { echo "run-cluster: $reply" >&2; exit 2; }
done
m3c_watch
m3c_wait_jobs
m3c_verdicts
