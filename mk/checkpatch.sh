#!/usr/bin/env bash
# Run the kernel's checkpatch.pl on kmod/: fails on any error or warning.
# checkpatch.pl is not in Debian's linux-headers; it is taken from the
# linux-source-6.1 tarball once and cached outside the tree.
set -euo pipefail
. "$(dirname "$0")/lint.sh"
cache=/var/cache/m3ipc/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1 || true)
if [ ! -x "$cache/checkpatch.pl" ]; then
	[ -n "$tarball" ] || { echo "checkpatch: no linux-source-6.1 tarball (make deps)" >&2; exit 1; }
	mkdir -p "$cache"
	tar -xf "$tarball" -C "$cache" --strip-components=2 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi
cd "$(dirname "$0")/../kmod"
files=$(ls *.c *.h uapi/*.h | grep -v '\.mod\.c$' | grep -vx compat.h)
out=$(perl "$cache/checkpatch.pl" --no-tree --terse --show-types -f $files || true)
# compat.h is the one file that tests kernel versions (that is its job).
out+=$'\n'$(perl "$cache/checkpatch.pl" --no-tree --terse --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f compat.h || true)
files+=" compat.h"
m3_lint_verdict checkpatch "$out" '^[^ ]+:[0-9]+: (ERROR|WARNING)' \
	"$(echo $files | wc -w) files"
