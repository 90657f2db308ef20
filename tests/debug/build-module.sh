#!/usr/bin/env bash
# Build m3ipc.ko against the debug kernel KDIR, from a copy of kmod/ in
# tests/debug/build/kmod (the stock build's objects in kmod/ stay as they
# are). Fails on modpost's undefined symbols. Prints the .ko path last.
#   build-module.sh KDIR
# M3_KMOD_SRC: build from another copy of the sources (a patch under test).
set -euo pipefail
kdir=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
src=${M3_KMOD_SRC:-$top/kmod}
build=$here/build/kmod
rm -rf "$build" && mkdir -p "$build/uapi"
sh "$top/mk/version.sh" --header "$src/m3_version.h"
cp "$src"/Kbuild "$src"/*.c "$src"/*.h "$build/"
cp "$src"/uapi/*.h "$build/uapi/"
if ! make -s -C "$kdir" M="$build" -j2 modules > "$build/build.log" 2>&1; then
	cat "$build/build.log" >&2
	exit 1
fi
if grep -E 'undefined!|WARNING' "$build/build.log" >&2; then
	echo "build-module: modpost complains (above)" >&2
	exit 1
fi
echo "$build/m3ipc.ko"
