#!/usr/bin/env bash
# make check's DKMS stage: what `make install` ships in /usr/src (the
# module sources and dkms.conf) is built by dkms for every kernel of the
# matrix; dkms.conf refuses a kernel outside the tested range; and one
# guest boots Debian's default kernel with the DKMS-built module and runs
# the smoke test. DKMS works in private trees under RESULTS_DIR, so the
# host's /usr/src and /var/lib/dkms are left alone.
#   dkms.sh [RESULTS_DIR]        (default results/dkms)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/results/dkms}
rm -rf "$out" && mkdir -p "$out"
out=$(cd "$out" && pwd)
. "$top/tests/qemu/lib.sh"
pass=0 fail=0
result() {	# result STATUS NAME
	if [ "$1" = 0 ]; then pass=$((pass + 1)); echo "ok - $2"
	else fail=$((fail + 1)); echo "not ok - $2"; fi
}

make -s -C "$top/kmod" dkms-install DESTDIR="$out/root" > "$out/install.log" 2>&1
src=$(ls -d "$out"/root/usr/src/m3ipc-* 2>/dev/null | head -1)
[ -n "$src" ] && [ -f "$src/dkms.conf" ]
result $? dkms_sources_installed
ver=${src##*/m3ipc-}
dk() { dkms --dkmstree "$out/tree" --sourcetree "$out/root/usr/src" "$@"; }
mkdir -p "$out/tree"
dk add -m m3ipc -v "$ver" > "$out/add.log" 2>&1
result $? "dkms_add m3ipc/$ver"

for k in $(sh "$top/mk/kernels.sh" --build); do
	dk build -m m3ipc -v "$ver" -k "$k" > "$out/build-$k.log" 2>&1
	rc=$?
	ko=$(ls "$out/tree/m3ipc/$ver/$k"/*/module/m3ipc.ko* 2>/dev/null | head -1)
	[ $rc = 0 ] && [ -n "$ko" ] && ! grep -q 'warning:' "$out/build-$k.log"
	result $? "dkms_build $k"
done

# A kernel outside BUILD_EXCLUSIVE_KERNEL: refused (dkms exits 77), not
# failed; the version is made up, so no headers are needed to say so.
dk build -m m3ipc -v "$ver" -k 5.10.0-99-amd64 > "$out/build-excluded.log" 2>&1
rc=$?
[ $rc = 77 ] && grep -q BUILD_EXCLUSIVE "$out/build-excluded.log"
result $? "dkms_refuses_kernel_outside_range (exit $rc)"

k=$(sh "$top/mk/kernels.sh" | head -1)	# the first kernel of the matrix
ko=$(ls "$out/tree/m3ipc/$ver/$k"/*/module/m3ipc.ko 2>/dev/null | head -1)
if [ -n "$ko" ]; then
	M3_MODULE=$ko "$top/tests/qemu/run-guest.sh" -o "$out/guest" -c 2 -t 600 \
		"$top/tests/guest/suite.sh" "$top/tests/guest/t_smoke:/opt/m3/t_smoke" \
		> "$out/guest.log" 2>&1
	rc=$?
	sed -n 's/^\(\(not \)\{0,1\}ok - \)/\1dkms_guest_'"$k"'./p' "$out/guest.log"
	p=$(grep -cE '^ok ' "$out/guest.log")
	f=$(grep -cE '^not ok ' "$out/guest.log")
	pass=$((pass + p)) fail=$((fail + f))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || result 1 "dkms_guest_$k (run-guest: $rc)"
else
	result 1 "dkms_guest_$k (no DKMS-built module)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
