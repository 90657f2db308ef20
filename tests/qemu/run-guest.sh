#!/usr/bin/env bash
# Boot Debian's kernel under QEMU (TCG) with the freshly built m3ipc.ko and
# run a script in the guest; the script's output comes back on the guest's
# second serial port, which the host trusts instead of QEMU's exit status.
#
#   run-guest.sh [options] GUEST_SCRIPT [HOST[:GUEST]]...
#     -o DIR     results folder (default: a temporary one); the guest sees it
#                as /out (9p). DIR/console.log is the guest's console,
#                DIR/output.log the script's output.
#     -c N       vCPUs (default 2; idle=poll is always on)
#     -m MB      memory (default 1024)
#     -t SECS    wall-clock limit (default 900)
#     -i ARGS    arguments for insmod m3ipc.ko, comma-separated
#     -p CPU     QEMU -cpu model (default max)
#   M3_QEMU_ACCEL (environment): QEMU's accelerator options, by default
#   "-accel tcg,thread=multi"; bench/run.sh's BENCH_ICOUNT=1 uses icount.
#
# Exit status: the script's, or 124 when the guest never reported one
# (timeout, panic), or 125 when the kernel log shows a BUG, an oops, a
# warning or a sanitizer report (even if the script passed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
out= cpus=2 mem=1024 limit=900 insargs= cpu=max
while getopts o:c:m:t:i:p: opt; do
	case $opt in
	i) insargs=$OPTARG ;;
	p) cpu=$OPTARG ;;
	*) m3_runner_opt "$opt" "${OPTARG:-}" || m3_runner_usage 20 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || m3_runner_usage 20
script=$1; shift
out=$(m3_results_dir "$out" m3guest)
kver=${M3_KVER:-$(m3_kernel_version)}
accel=${M3_QEMU_ACCEL:--accel tcg,thread=multi}
kernel=$(m3_kernel_image "$kver")
echo "run-guest: kernel $kver ($kernel), module ${M3_MODULE:-kmod/m3ipc.ko}" >&2
initrd=$out/initramfs.cpio.gz
"$here/mkinitramfs.sh" "$initrd" "$kver" "$script" "$@"
append="console=ttyS0 panic=-1 oops=panic idle=poll quiet loglevel=5 no_timer_check"
[ -z "$insargs" ] || append="$append m3.insmod=$insargs"
boot() {
	m3_qemu_boot "$out" "$limit" -cpu "$cpu" -smp "$cpus" -m "$mem" $accel \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		-virtfs "local,path=$out,mount_tag=out,security_model=none,id=out"
}

# Did the guest die before anything of ours ran? The script said nothing
# and the kernel never got to load m3ipc (an early oops of the guest
# kernel itself, e.g. TCG racing the kernel's own text patching on a
# second vCPU at boot, seen once in ~40 boots of 6.12 RT).
died_in_boot() {
	[ ! -s "$out/output.log" ] && ! grep -q m3ipc "$out/console.log" 2>/dev/null &&
		grep -qE 'Oops|Kernel panic' "$out/console.log" 2>/dev/null
}

boot
if died_in_boot; then
	echo "run-guest: the guest kernel died while booting, before the module" \
		"loaded (console saved as console-boot1.log); booting once more" >&2
	cp "$out/console.log" "$out/console-boot1.log"
	boot
fi
m3_guest_verdict "$out" run-guest
