#!/usr/bin/env bash
# The end-to-end test of m3d in a booted guest with systemd as PID 1
# (tests/qemu/run-hostroot.sh): m3d and m3adm installed by `make install`
# rules into the guest's root (PREFIX=/usr), the module in
# /lib/modules/KVER/extra with modules.dep made here (the unit's modprobe
# finds it), m3d.conf pointing
# at a slapd that the guest starts (tests/m3d/e2e_guest.sh does the rest,
# then runs test_output.sh, test_faults.sh and test_tipc.sh there, on the
# real module).
# One line per check, "ok NAME" / "not ok NAME", then "N passed, N failed".
#   bash tests/m3d/run-e2e.sh [RESULTS_DIR]
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TOP
. "$TOP/tests/qemu/lib.sh"
out=${1:-$TOP/results/m3d-e2e}
mkdir -p "$out"
log=$out/e2e.log
payload=$(mktemp -d /tmp/m3d-e2e.XXXXXX)
chmod 755 "$payload"	# the guest's / (cp -a): an ordinary user must reach /usr
trap 'rm -rf "$payload"' EXIT

build() {
	make -s -C "$TOP/kmod" >/dev/null &&
	make -s -C "$TOP/libm3" >/dev/null &&
	make -s -C "$TOP/m3d" >/dev/null &&
	make -s -C "$TOP/tests/m3d" >/dev/null
}

# modules.dep and friends for the host's modules plus extra/m3ipc.ko,
# made here (depmod in the guest reads every module over 9p: minutes).
depmod_payload() {
	local kver=$1 dst=$2 tmp
	tmp=$(mktemp -d)
	mkdir -p "$tmp/lib/modules/$kver/extra"
	ln -s "/lib/modules/$kver/kernel" "$tmp/lib/modules/$kver/kernel"
	cp /lib/modules/"$kver"/modules.order /lib/modules/"$kver"/modules.builtin* \
		"$tmp/lib/modules/$kver/"
	cp "$dst/extra/m3ipc.ko" "$tmp/lib/modules/$kver/extra/"
	depmod -b "$tmp" "$kver" && cp "$tmp/lib/modules/$kver"/modules.* "$dst/"
	local r=$?
	rm -rf "$tmp"
	return $r
}

# The files the guest gets on top of the host's root.
payload() {
	local kver=$1 sd=$payload/etc/systemd/system u
	mkdir -p "$payload/etc/m3" "$sd"
	cat > "$payload/etc/m3/m3d.conf" <<CONF
source = "ldap";
nodeid = 0;
ldap = { uri = "@URI@"; base = "cn=cluster1,ou=m3,dc=example,dc=org"; timeout = 30; };
CONF
	# Merged /usr: /lib is a symlink, which the payload must not replace.
	local moddir=/lib/modules
	[ -L /lib ] && moddir=/usr/lib/modules
	make -s -C "$TOP" -f mk/install.mk TOP="$TOP" DESTDIR="$payload" \
		PREFIX=/usr KVER="$kver" MODDIR=$moddir M3KO="${M3_MODULE:-$TOP/kmod/m3ipc.ko}" \
		install-m3d install-module \
		>/dev/null || return 1
	depmod_payload "$kver" "$payload$moddir/$kver"
	cat > "$sd/m3-e2e.target" <<UNIT
[Unit]
Description=M3-IPC end-to-end test
Requires=basic.target m3-e2e.service
After=basic.target
UNIT
	cat > "$sd/m3-e2e.service" <<UNIT
[Unit]
Description=M3-IPC end-to-end test
[Service]
Type=oneshot
Environment=TOP=/opt/m3-e2e
ExecStart=/bin/bash /opt/m3-e2e/tests/m3d/e2e_guest.sh
UNIT
	# Host services that have no business in the test guest.
	for u in apparmor systemd-timesyncd systemd-pstore e2scrub_reap; do
		ln -s /dev/null "$sd/$u.service"
	done
	: > "$payload/etc/fstab"
	# The guest's own copy of what the test runs: the checkout may live
	# where the guest cannot see it (a tmpfs, another mount).
	local g=$payload/opt/m3-e2e
	mkdir -p "$g/tests/m3d/build" "$g/schema"
	mkdir -p "$g/systemd"
	cp "$TOP"/tests/m3d/{e2e_guest.sh,slapd.sh,tap.sh,e2e.ldif,fake_ldap.py} \
		"$TOP"/tests/m3d/{test_output.sh,test_faults.sh,test_tipc.sh} "$g/tests/m3d/"
	cp "$TOP/tests/m3d/build/e2e_member" "$g/tests/m3d/build/"
	cp "$TOP"/schema/{m3.schema,m3.ldif,example.ldif} "$g/schema/"
	cp "$TOP/systemd/m3d.service" "$g/systemd/"
}

start=$(date +%s)
{
	if build && payload "$(m3_kernel_version)"; then
		echo "ok e2e/build_and_install"
		bash "$TOP/tests/qemu/run-hostroot.sh" -t 1500 -o "$out" "$payload" m3-e2e.target
		rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || echo "not ok e2e/guest_verdict (run-hostroot: $rc)"
	else
		echo "not ok e2e/build_and_install"
	fi
} 2>&1 | tee "$log"
. "$TOP/tests/m3d/tap.sh"
m3t_summary "$log" "($(( $(date +%s) - start )) s)"
