# Shared by the QEMU scripts: which Debian kernel to boot, and how.
# Sourced, not run.

# The newest kernel version that has both an image in /boot and headers.
m3_kernel_version() {
	local v best=
	for v in $(ls /lib/modules 2>/dev/null | sort -V); do
		[ -f "/boot/vmlinuz-$v" ] && [ -d "/lib/modules/$v/build" ] && best=$v
	done
	[ -n "$best" ] || { echo "no kernel with headers: run 'make deps'" >&2; return 1; }
	echo "$best"
}

# Module files, dependencies first, for the module names given.
m3_module_files() {
	local ver=$1; shift
	local m
	for m in "$@"; do
		modprobe -S "$ver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++'
}
