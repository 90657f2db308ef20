# shellcheck shell=bash
# The payload of the guests of m3d's end-to-end tests (run-e2e.sh,
# run-e2e-cluster.sh), which boot on the host's root with systemd as PID 1
# (tests/qemu/run-hostroot.sh, run-cluster.sh -H): m3d and m3adm installed
# by `make install` rules (PREFIX=/usr), the module in
# /lib/modules/KVER/extra with modules.dep made here (the unit's modprobe
# finds it), the unit that runs the test, and the test's files. Sourced,
# not run; needs TOP.

e2e_build() {
	make -s -C "$TOP/kmod" >/dev/null &&
	make -s -C "$TOP/libm3" >/dev/null &&
	make -s -C "$TOP/m3d" >/dev/null &&
	make -s -C "$TOP/tests/m3d" >/dev/null
}

# modules.dep and friends for the host's modules plus extra/m3ipc.ko,
# made here (depmod in the guest reads every module over 9p: minutes).
e2e_depmod() {
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

# The files the guest gets on top of the host's root, in PAYLOAD_DIR: the
# installed m3d, m3adm and module of kernel KVER, the unit UNIT.service of
# a UNIT.target that runs tests/m3d/GUEST_SCRIPT, and the test files.
e2e_payload() {
	local payload=$1 kver=$2 unit=$3 script=$4 sd=$1/etc/systemd/system u
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
	e2e_depmod "$kver" "$payload$moddir/$kver"
	cat > "$sd/$unit.target" <<UNIT
[Unit]
Description=M3-IPC end-to-end test
Requires=basic.target $unit.service
After=basic.target
UNIT
	cat > "$sd/$unit.service" <<UNIT
[Unit]
Description=M3-IPC end-to-end test
[Service]
Type=oneshot
Environment=TOP=/opt/m3-e2e
ExecStart=/bin/bash /opt/m3-e2e/tests/m3d/$script
UNIT
	# Host services that have no business in the test guest.
	for u in apparmor systemd-timesyncd systemd-pstore e2scrub_reap; do
		ln -s /dev/null "$sd/$u.service"
	done
	: > "$payload/etc/fstab"
	# The guest's own copy of what the test runs: the checkout may live
	# where the guest cannot see it (a tmpfs, another mount).
	local g=$payload/opt/m3-e2e
	mkdir -p "$g/tests/m3d/build" "$g/schema" "$g/systemd" "$payload/usr/lib/m3"
	cp "$TOP"/tests/qemu/{cluster-lib.sh,cluster-tipc.sh} "$payload/usr/lib/m3/"
	cp "$TOP"/tests/m3d/{e2e_guest.sh,e2e_cluster_guest.sh,slapd.sh,tap.sh,e2e.ldif,fake_ldap.py} \
		"$TOP"/tests/m3d/{test_output.sh,test_faults.sh,test_tipc.sh} "$g/tests/m3d/"
	cp "$TOP/tests/m3d/build/e2e_member" "$g/tests/m3d/build/"
	cp "$TOP"/schema/{m3.schema,m3.ldif,example.ldif} "$g/schema/"
	cp "$TOP/systemd/m3d.service" "$g/systemd/"
}
