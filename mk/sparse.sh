#!/usr/bin/env bash
# Run sparse over kmod/ (the kernel's `make C=2`): lock context annotations
# (__acquires/__releases), __user pointers, endianness. Fails on any
# warning. Builds in a scratch copy so kmod/'s objects stay as they are.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/mk/lint.sh"
kver=$(sh "$top/mk/kver.sh")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The sources (and the generated version header) in $out, built once;
# then sparse checks every file again (C=2).
bash "$top/mk/build-kmod.sh" "$kver" "$out" > /dev/null
log=$(make -s -C "/lib/modules/$kver/build" M="$out" C=2 modules 2>&1 || true)
m3_lint_verdict sparse "$log" '(warning|error):'
