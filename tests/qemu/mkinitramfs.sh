#!/usr/bin/env bash
# Build the guest's initramfs: busybox, our init, the kernel modules the
# guest needs (with their dependencies, in load order), m3ipc.ko, and any
# extra files.
#   mkinitramfs.sh [-M MODULE]... OUT.cpio.gz KVER GUEST_SCRIPT [HOST[:GUEST]]...
# -M adds a kernel module (and its dependencies) to those /init loads, after
# the usual ones (virtio, 9p, binder) and before m3ipc.
# GUEST_SCRIPT is run by /init as /run.sh. Programs must be static (the
# initramfs has no C library); scripts run under busybox sh.
set -euo pipefail
extra_modules=()
while getopts M: opt; do
	case $opt in
	M) extra_modules+=("$OPTARG") ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
out=$1 kver=$2 script=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/lib.sh"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"	# mktemp makes it 0700: only root could reach /dev, /bin
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,out,etc,lib/modules,root,usr/bin}
cp /bin/busybox "$root/bin/busybox"
for a in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
install -m 755 "$here/init" "$root/init"
install -m 755 "$script" "$root/run.sh"
m3_copy_modules "$root/lib/modules" "$kver" virtio_pci 9pnet_virtio 9p binder_linux \
	${extra_modules[@]+"${extra_modules[@]}"}
cp "${M3_MODULE:-$top/kmod/m3ipc.ko}" "$root/lib/modules/m3ipc.ko"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
for spec in "$@"; do
	src=${spec%%:*}
	dst=${spec#*:}
	[ "$dst" = "$spec" ] && dst=/usr/bin/$(basename "$src")
	mkdir -p "$root$(dirname "$dst")"
	cp -a "$src" "$root$dst"
done
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
