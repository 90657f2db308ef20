#!/bin/sh
# The guest test suite, run inside the guest by tests/qemu/run-guest.sh.
# Runs every test program in /opt/m3 (one process per test, a timeout
# each), then checks the module itself: reload with nodeid=, clean unload.
# Prints one "ok"/"not ok" line per test and "N passed, N failed".
pass=0
fail=0
result() {	# result STATUS NAME [NOTE]
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok - $2${3:+ # $3}"
	else
		fail=$((fail + 1)); echo "not ok - $2${3:+ # $3}"
	fi
}

for t in /opt/m3/t_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" $M3_TEST_FILTER > /tmp/$name.log 2>&1
	while read -r line; do
		case $line in
		"ok "*) pass=$((pass + 1)); echo "ok - $name.${line#ok [0-9]* }" ;;
		"not ok "*) fail=$((fail + 1)); echo "not ok - $name.${line#not ok [0-9]* }" ;;
		"#"*) echo "$line" ;;
		esac
	done < /tmp/$name.log
	grep -q ' passed, .* failed$' /tmp/$name.log || result 1 "$name" "did not finish"
done

# The module itself: held while a process has the device open, nodeid= at
# load, and unloading after everything above.
sleep 600 < /dev/m3ipc &
holder=$!
sleep 0.2
! rmmod m3ipc 2>/dev/null && [ -e /dev/m3ipc ]
result $? module_busy_while_device_open
kill $holder; wait $holder 2>/dev/null
rmmod m3ipc
result $? module_unload_after_tests
insmod /lib/modules/m3ipc.ko nodeid=3 max_copy=8388608
grep -q '^nodeid: *3$' /proc/m3ipc/info && grep -q '^initialized: *yes' /proc/m3ipc/info
result $? module_param_nodeid
grep -q '^max_copy: *8388608$' /proc/m3ipc/info
result $? module_param_max_copy
rmmod m3ipc
result $? module_unload_with_drvs
[ ! -e /proc/m3ipc ] && [ ! -e /dev/m3ipc ]
result $? module_unload_removes_files
insmod /lib/modules/m3ipc.ko nodeid=999 2>/dev/null
[ $? != 0 ] && [ ! -e /dev/m3ipc ]
result $? module_param_nodeid_invalid_refused

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
