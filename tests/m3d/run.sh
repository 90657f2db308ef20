#!/usr/bin/env bash
# Every host-side test of m3d and m3adm: cmocka units (configuration
# parsing and validation, the reconciler), the command lines (test_cli.sh),
# then the LDAP tests against a real slapd (test_ldap.sh). What needs the
# module (test_output.sh, test_faults.sh) runs in the e2e guest
# (run-e2e.sh). One line per test, "ok NAME" or "not ok NAME",
# then "N passed, N failed"; exit status 1 if anything failed.
#   bash tests/m3d/run.sh
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export TOP
log=$(mktemp /tmp/m3d-run.XXXXXX)
trap 'rm -f "$log"' EXIT

build() {
	make -s -C "$TOP/libm3" >/dev/null &&
	make -s -C "$TOP/m3d" >/dev/null &&
	make -s -C "$TOP/tests/m3d" >/dev/null
}

# cmocka's TAP ("ok 3 - t_name") as "ok m3d/GROUP/t_name".
cmocka() {
	local group=$1 bin=$2
	CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1 |
		sed -n -e "s/^\(not ok\|ok\) [0-9]* - \(.*\)/\1 $group\/\2/p" -e 's/^# \(.*\)/#   \1/p' |
		grep -v '^#   \(not \)\?ok - tests$'
}

{
	if build; then
		echo "ok build"
		cmocka conf "$TOP/tests/m3d/build/test_conf"
		cmocka plan "$TOP/tests/m3d/build/test_plan"
		cmocka state "$TOP/tests/m3d/build/test_state"
		cmocka text "$TOP/tests/m3d/build/test_text"
		cmocka job "$TOP/tests/m3d/build/test_job"
		cmocka tipc "$TOP/tests/m3d/build/test_tipc_names"
		bash "$TOP/tests/m3d/test_cli.sh"
		bash "$TOP/tests/m3d/test_adm_json.sh"
		bash "$TOP/tests/m3d/test_ldap.sh"
	else
		echo "not ok build"
	fi
} 2>&1 | tee "$log"
. "$TOP/tests/m3d/tap.sh"
m3t_summary "$log"
