#!/usr/bin/env bash
# The command lines of m3d and m3adm on a host without the module: exit
# codes, where the messages go. Prints "ok NAME" / "not ok NAME".
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
M3D=$TOP/m3d/m3d
ADM=$TOP/m3d/m3adm
dir=$(mktemp -d /tmp/m3d-cli.XXXXXX)
trap 'rm -rf "$dir"' EXIT
M3T_PREFIX=cli M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"
export M3IPC_DEVICE=$dir/no-such-device M3D_RUNTIME_DIR=$dir


# CODE STDOUT-PATTERN STDERR-PATTERN COMMAND...
expect() {
	local code=$1 out=$2 err=$3 rc; shift 3
	"$@" >"$dir/o" 2>"$dir/e"; rc=$?
	[ "$rc" -eq "$code" ] || { echo "exit $rc, want $code"; cat "$dir/o" "$dir/e"; return 1; }
	[ -z "$out" ] || grep -q -- "$out" "$dir/o" || { echo "stdout:"; cat "$dir/o"; return 1; }
	[ -z "$err" ] || grep -q -- "$err" "$dir/e" || { echo "stderr:"; cat "$dir/e"; return 1; }
}

printf 'vms = ({ vmid = 1; mode = "0660"; });\n' > "$dir/good.conf"
printf 'vms = ({ vmid = 1;\n  mode = 660; });\n' > "$dir/bad.conf"

t check_good expect 0 'good.conf: configuration OK: 1 VM$' '' "$M3D" --check -c "$dir/good.conf"
t check_bad expect 1 '' 'bad.conf:2: mode: must be octal' "$M3D" --check -c "$dir/bad.conf"
t check_env_conf env M3D_CONF="$dir/good.conf" "$M3D" -t
t check_print expect 0 'vmid = 1; name = "vm1"' '' "$M3D" --check --print -c "$dir/good.conf"
t m3d_bad_option expect 2 '' 'usage: m3d' "$M3D" --bogus
t m3d_no_module expect 1 '' 'is m3ipc.ko loaded' "$M3D" -c "$dir/good.conf" -S "$dir" -R "$dir"
t adm_unknown expect 1 '' 'unknown subcommand "bogus"' "$ADM" bogus
t adm_usage_stderr expect 1 '' 'usage: m3adm' "$ADM" bogus
t adm_help expect 0 'usage: m3adm' '' "$ADM" help
t adm_no_module expect 2 '' 'the m3ipc module is not loaded.*modprobe m3ipc' "$ADM"
t adm_no_module_json expect 2 '' 'the m3ipc module is not loaded' "$ADM" --json status
t adm_vm_start_bad_key expect 1 '' 'bad setting "colour=red"' "$ADM" vm start 3 colour=red
t adm_vm_bad_id expect 1 '' 'is not a VM id' "$ADM" vm end x
VERSION=$(sh "$TOP/mk/version.sh")
t m3d_version expect 0 "^m3d $VERSION\$" '' "$M3D" --version
t adm_reload_no_daemon expect 5 '' 'm3d is not running' "$ADM" reload
# make install into a DESTDIR, Debian paths with PREFIX=/usr.
install_destdir() {
	local d=$dir/root f
	make -s -C "$TOP" -f mk/install.mk TOP="$TOP" DESTDIR="$d" PREFIX=/usr install >/dev/null || return 1
	for f in usr/sbin/m3d usr/sbin/m3adm usr/lib/systemd/system/m3d.service \
		usr/include/m3/m3.h usr/include/m3/m3ipc.h etc/m3/m3d.conf \
		usr/share/m3ipc/schema/m3.schema usr/share/m3ipc/schema/m3.ldif \
		usr/share/man/man8/m3d.8 usr/share/man/man8/m3adm.8 \
		usr/share/man/man5/m3d.conf.5 usr/share/man/man3/libm3.3 \
		usr/share/doc/m3ipc/examples/example.ldif; do
		[ -e "$d/$f" ] || { echo "missing $f"; return 1; }
	done
	ls "$d"/usr/lib/*/libm3.so.1 "$d"/usr/lib/*/libm3.a "$d"/usr/lib/*/pkgconfig/m3.pc &&
	# One version: the DKMS folder, dkms.conf, m3.pc, m3d --version.
	grep -qx "PACKAGE_VERSION=\"$VERSION\"" "$d/usr/src/m3ipc-$VERSION/dkms.conf" &&
	grep -qx "Version: $VERSION" "$d"/usr/lib/*/pkgconfig/m3.pc &&
	grep -q "M3_VERSION_STRING \"$VERSION\"" "$d/usr/src/m3ipc-$VERSION/m3_version.h" &&
	grep -q '^ExecStart=/usr/sbin/m3d$' "$d/usr/lib/systemd/system/m3d.service" &&
	PKG_CONFIG_SYSROOT_DIR=$d PKG_CONFIG_LIBDIR=$(echo "$d"/usr/lib/*/pkgconfig) \
		pkg-config --cflags --libs m3 | grep -q -- "-I$d/usr/include .*-lm3"
}

t install_destdir install_destdir
[ "$m3t_fails" -eq 0 ]
