#!/usr/bin/env bash
# Build m3ipc.ko for one kernel, out of the source tree, so that builds for
# several kernels never overwrite each other (kmod/ keeps the default one).
#   build-kmod.sh KVER [OUTDIR]   (default OUTDIR: build/kmod/KVER)
# Prints the module's path as the last line; fails on any compiler warning
# (Kbuild has -Werror) and on a module built for another kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$1
out=${2:-$top/build/kmod/$kver}
kdir=/lib/modules/$kver/build
[ -d "$kdir" ] || { echo "build-kmod: no headers for $kver: run 'make deps'" >&2; exit 1; }
mkdir -p "$out/uapi"
sh "$top/mk/version.sh" --header "$top/kmod/m3_version.h"
# Copy only what changed, so that Kbuild rebuilds only that.
for f in "$top"/kmod/*.[ch] "$top"/kmod/Kbuild; do
	case $f in *.mod.c) continue ;; esac
	cmp -s "$f" "$out/$(basename "$f")" || cp "$f" "$out/"
done
cmp -s "$top/kmod/uapi/m3ipc.h" "$out/uapi/m3ipc.h" || cp "$top/kmod/uapi/m3ipc.h" "$out/uapi/"
make -s -C "$kdir" M="$out" modules >&2
vm=$(modinfo -F vermagic "$out/m3ipc.ko" | cut -d' ' -f1)
[ "$vm" = "$kver" ] || { echo "build-kmod: built for '$vm', not $kver" >&2; exit 1; }
echo "$out/m3ipc.ko"
