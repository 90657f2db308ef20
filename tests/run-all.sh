#!/usr/bin/env bash
# The whole test suite: host unit tests (libm3, m3d, m3d against a real
# slapd), the module built for every kernel of the matrix (mk/kernels.sh;
# M3_KERNELS picks a subset), the guest suite booted on each of them, the
# module built and booted through DKMS, calls across nodes in clusters of
# two and three guests (tests/xnode) and m3d under systemd on two guests
# on 6.1, then m3d end to end under systemd in a booted guest on 6.1 and
# on 6.12. Every stage prints "ok ..." and
# "not ok ..." lines; this script counts them, keeps each stage's full
# output under results/ (a kernel's guest run under results/KVER/), prints
# a line per stage, and ends with "N passed, N failed". A stage that dies
# without reporting counts as a failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
res=$top/results
mkdir -p "$res"
pass=0 fail=0
summary=()
t0=$(date +%s)

stage() {	# stage NAME COMMAND...
	local name=$1 log=$res/$1.log rc p f s
	shift
	s=$(date +%s)
	echo "# stage $name: $*"
	"$@" > "$log" 2>&1
	rc=$?
	grep -E '^(not )?ok ' "$log" | sed "s/^/[$name] /"
	grep -E '^#   ' "$log" | sed "s/^/[$name] /" | head -40
	p=$(grep -cE '^ok ' "$log")
	f=$(grep -cE '^not ok ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited $rc without a failing test; last lines:"
		tail -15 "$log" | sed 's/^/#   /'
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	summary+=("$(printf '%-36s %4d passed, %d failed, %4d s' "$name" "$p" "$f" $(( $(date +%s) - s )))")
	echo "# stage $name: $p passed, $f failed, $(( $(date +%s) - s )) s"
}

# Build the module for every kernel (booted or only built): one line each.
build_matrix() {
	local k
	for k in $(sh "$top/mk/kernels.sh" --build); do
		if bash "$top/mk/build-kmod.sh" "$k" > /dev/null 2> "$res/build-$k.log"; then
			echo "ok - module_builds_without_warning $k"
		else
			echo "not ok - module_builds_without_warning $k"
			sed 's/^/#   /' "$res/build-$k.log" | tail -20
		fi
	done
}

# The guest suite on kernel $1, with the module built for it.
guest_on() {
	M3_KVER=$1 M3_MODULE=$top/build/kmod/$1/m3ipc.ko \
		bash "$top/tests/run-guest-suite.sh" "$res/$1/guest"
}

# Calls across nodes on kernel $1: clusters of two and three guests
# (tests/xnode), its PASS/FAIL lines as ok/not ok.
xnode_on() {
	M3_KVER=$1 M3_MODULE=$top/build/kmod/$1/m3ipc.ko \
		bash "$top/tests/xnode/run.sh" -o "$res/$1/xnode" |
		sed 's/^PASS /ok - /; s/^FAIL /not ok - /'
	return "${PIPESTATUS[0]}"
}

# m3d under systemd on kernel $1; m3adm's output and the LDAP fault tests
# (user space only) on the first kernel alone.
e2e_on() {
	local f=
	[ "$1" = "$first" ] || f=-F
	M3_KVER=$1 M3_MODULE=$top/build/kmod/$1/m3ipc.ko \
		bash "$top/tests/m3d/run-e2e.sh" $f "$res/$1/m3d-e2e"
}

# m3d under systemd on two nodes of kernel $1, fed by one slapd.
e2e_cluster_on() {
	M3_KVER=$1 M3_MODULE=$top/build/kmod/$1/m3ipc.ko \
		bash "$top/tests/m3d/run-e2e-cluster.sh" "$res/$1/m3d-e2e-cluster"
}

kernels=$(sh "$top/mk/kernels.sh") || exit 1
echo "# kernels: $(echo $kernels)"
stage unit make -s -C "$top/tests/unit" check
stage m3d bash "$top/tests/m3d/run.sh"
stage build build_matrix
for k in $kernels; do
	stage "guest-$k" guest_on "$k"
done
stage dkms bash "$top/tests/dkms.sh" "$res/dkms"
# Across nodes on the matrix's first kernel (Debian 12's own): a cluster
# run boots five guests and takes minutes; the module's code is the same
# on every kernel, which the guest suites above cover one by one.
first=$(echo "$kernels" | head -n 1)
stage "xnode-$first" xnode_on "$first"
stage "m3d-e2e-cluster-$first" e2e_cluster_on "$first"
# m3d end to end on each kernel of the matrix but the RT ones: Debian 12's
# 6.1 and the 6.12 that Debian 13 users run.
for k in $kernels; do
	case $k in
	*-rt-*) ;;
	*) stage "m3d-e2e-$k" e2e_on "$k" ;;
	esac
done

echo "# summary"
printf '#   %s\n' "${summary[@]}"
echo "# total time $(( $(date +%s) - t0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
