# Shared by the QEMU scripts: which Debian kernel to boot, and how.
# Sourced, not run.

# The kernel version guests boot by default (mk/kver.sh: $M3_KVER, else
# Debian's default kernel).
m3_kernel_version() {
	sh "$(dirname "${BASH_SOURCE[0]}")/../../mk/kver.sh"
}

# The options the QEMU runners share, as getopts gives them (OPT ARG):
# -o DIR (out), -c N (cpus), -m MB (mem), -t SECS (limit). False for any
# other option, which the runner handles or refuses.
# shellcheck disable=SC2034	# the runner's variables, set for it
m3_runner_opt() {
	case $1 in
	o) out=$2 ;;
	c) cpus=$2 ;;
	m) mem=$2 ;;
	t) limit=$2 ;;
	*) return 1 ;;
	esac
}

# The usage of a runner: the first lines of its opening comment, to
# stderr; exit 2.
m3_runner_usage() {
	sed -n "2,$1p" "$0" >&2
	exit 2
}

# A runner's results folder, as an absolute path: DIR, made if it is
# missing, or a new one in /tmp named after PREFIX when DIR is empty.
m3_results_dir() {
	local dir=${1:-$(mktemp -d "/tmp/$2.XXXXXX")}
	mkdir -p "$dir"
	(cd "$dir" && pwd)
}

# The kernel image of version KVER ($M3_KERNEL overrides it).
m3_kernel_image() {
	echo "${M3_KERNEL:-/boot/vmlinuz-$1}"
}

# Boot QEMU once, killed after LIMIT seconds: the guest's console goes to
# OUT/console.log (ttyS0), what it writes to ttyS1 to OUT/output.log (the
# verdict), QEMU's own complaints to OUT/qemu.err. The other arguments are
# QEMU's: CPUs, memory, accelerator, kernel, initrd, command line, shares.
m3_qemu_boot() {
	local out=$1 limit=$2
	shift 2
	rm -f "$out/console.log" "$out/output.log"
	timeout --foreground -k 10 "$limit" qemu-system-x86_64 \
		-M q35 -nographic -no-reboot -nodefaults \
		-serial "file:$out/console.log" -serial "file:$out/output.log" \
		"$@" </dev/null >/dev/null 2>"$out/qemu.err" || true
}

# The initramfs of a host-root guest into FILE (gzip'd cpio): busybox,
# hostroot-init as /init, the modules that reach the root (9p, overlay).
m3_hostroot_initrd() {
	local file=$1 kver=$2 root a rc
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,lib/modules}
	cp /bin/busybox "$root/bin/busybox"
	for a in sh mount umount mkdir cp rm tr sed insmod cat echo switch_root; do
		ln -s busybox "$root/bin/$a"
	done
	install -m 755 "$(dirname "${BASH_SOURCE[0]}")/hostroot-init" "$root/init"
	m3_copy_modules "$root/lib/modules" "$kver" virtio_pci 9pnet_virtio 9p overlay
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$file"
	rc=$?
	rm -rf "$root"
	return "$rc"
}

# The kernel command line words of a host-root guest that starts UNIT.
m3_hostroot_cmdline() {
	echo "m3.unit=$1 systemd.unit=$1 systemd.show_status=0 rw"
}

# The QEMU arguments, one a line, of a host-root guest's shares: the
# host's / (read-only) and PAYLOAD_DIR, which hostroot-init copies onto it.
m3_hostroot_shares() {
	local o=security_model=none,readonly=on
	printf '%s\n' -virtfs "local,path=/,mount_tag=hostroot,$o,multidevs=remap,id=hostroot" \
		-virtfs "local,path=$1,mount_tag=payload,$o,id=payload"
}

# The guest suite's programs, as HOST:GUEST specs for mkinitramfs.sh:
# every tests/guest/t_* program, and the i386 peer t_compat runs.
m3_guest_suite_files() {
	local top=$1 t
	for t in "$top"/tests/guest/t_*; do
		case $t in *.c) continue ;; esac
		echo "$t:/opt/m3/$(basename "$t")"
	done
	echo "$top/tests/guest/m3peer32:/opt/m3/m3peer32"
}

# Dynamically linked programs for the guest, as HOST:GUEST specs for
# mkinitramfs.sh: each program at GUEST_DIR/NAME, and every library ldd
# finds for it (the loader too) at the path ldd gives, copied from the
# file the path resolves to.
m3_program_files() {
	local dir=$1 p
	shift
	for p in "$@"; do
		echo "$p:$dir/$(basename "$p")"
	done
	ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } NF == 2 && $1 ~ /^\// { print $1 }' |
		sort -u | while read -r p; do echo "$(readlink -f "$p"):$p"; done
}

# Copy the modules named (with their dependencies, in load order) from
# kernel KVER into DIR, uncompressed (6.12's are .ko.xz; busybox insmod
# reads plain ELF), and list their file names in DIR/load.list.
m3_copy_modules() {
	local dir=$1 ver=$2 f m
	shift 2
	: > "$dir/load.list"
	for f in $(m3_module_files "$ver" "$@"); do
		m=$(basename "$f" .xz)
		case $f in
		*.xz) xz -dc "$f" > "$dir/$m" ;;
		*) cp "$f" "$dir/$m" ;;
		esac
		echo "$m" >> "$dir/load.list"
	done
}

# Module files, dependencies first, for the module names given; none for
# a kernel of one's own ($M3_KERNEL) without a module tree here, which
# has all built in (tests/debug's, M3_KVER=m3-debug).
m3_module_files() {
	local ver=$1; shift
	local m
	[ -z "${M3_KERNEL:-}" ] || [ -d "/lib/modules/$ver" ] || return 0
	for m in "$@"; do
		modprobe -S "$ver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++'
}

# Did the kernel of the guest run in DIR stay quiet? False, with the lines
# that say otherwise on stderr, when its console shows a BUG, an oops, a
# warning or a sanitizer report.
m3_kernel_problems() {
	local out=$1 who=$2 bad
	bad=$(grep -E 'BUG:|Oops|WARNING:|Call Trace:|KASAN|UBSAN|kmemleak|possible recursive locking|circular locking|Kernel panic|general protection' "$out/console.log" 2>/dev/null || true)
	[ -z "$bad" ] && return 0
	echo "$who: the guest kernel reported problems:" >&2
	echo "$bad" | head -40 >&2
	return 1
}

# The verdict of a guest run in DIR (console.log, output.log): prints the
# script's output, returns its status, 125 if the kernel log shows a BUG,
# an oops, a warning or a sanitizer report, 124 without a verdict.
m3_guest_verdict() {
	local out=$1 who=$2 rc
	rc=$(sed -n 's/^M3-GUEST-EXIT: \([0-9]*\).*/\1/p' "$out/output.log" 2>/dev/null | tail -1)
	grep -v '^M3-GUEST-EXIT:' "$out/output.log" 2>/dev/null || true
	m3_kernel_problems "$out" "$who" || return 125
	if [ -z "$rc" ]; then
		echo "$who: no verdict from the guest (timeout or crash); console:" >&2
		tail -30 "$out/console.log" >&2 || true
		echo >&2	# the console may end without a newline
		return 124
	fi
	return "$rc"
}
