#!/usr/bin/env bash
# Boot Debian's kernel under QEMU (TCG) on the host's own root file system:
# the host's / read-only over virtio-9p, a tmpfs overlay on top, the files
# of PAYLOAD_DIR copied onto it (its tree mirrors /), then the host's
# systemd as PID 1, starting UNIT (systemd.unit=). Whatever the guest
# writes to its second serial port (/dev/ttyS1) comes back as the output;
# its last "M3-GUEST-EXIT: N" line is the verdict, as for run-guest.sh.
#
#   run-hostroot.sh [options] PAYLOAD_DIR UNIT
#     -o DIR     results folder (default: a temporary one): console.log,
#                output.log, qemu.err
#     -c N       vCPUs (default 2; idle=poll is always on)
#     -m MB      memory (default 1024)
#     -t SECS    wall-clock limit (default 300)
#
# Exit status: the guest's verdict; 124 without one (timeout, panic); 125
# when the kernel log shows a BUG, an oops or a warning.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
out= cpus=2 mem=1024 limit=300
while getopts o:c:m:t: opt; do
	m3_runner_opt "$opt" "${OPTARG:-}" || m3_runner_usage 17
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || m3_runner_usage 17
payload=$(cd "$1" && pwd) unit=$2
out=$(m3_results_dir "$out" m3hostroot)
kver=${M3_KVER:-$(m3_kernel_version)}
kernel=$(m3_kernel_image "$kver")

m3_hostroot_initrd "$out/initramfs.cpio.gz" "$kver"
mapfile -t shares < <(m3_hostroot_shares "$payload")

append="console=ttyS0 panic=-1 oops=panic idle=poll quiet loglevel=4"
append="$append $(m3_hostroot_cmdline "$unit")"
m3_qemu_boot "$out" "$limit" -cpu max -smp "$cpus" -m "$mem" \
	-accel tcg,thread=multi \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" -append "$append" \
	"${shares[@]}"
m3_guest_verdict "$out" run-hostroot
