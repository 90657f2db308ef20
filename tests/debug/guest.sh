#!/bin/sh
# Inside the debug guest (run by tests/debug/run.sh through run-guest.sh):
# the guest suite, the fuzzer, the soak, module unloads, then kmemleak.
# FUZZ_SECS, RACE_SECS, SOAK_SECS, SEED, FUZZ_FLAGS come from the wrapper run.sh
# writes. Prints one ok/not ok line per check; logs go to /out.
pass=0
fail=0
result() {	# result STATUS NAME [NOTE]: one counted ok/not ok line
	word=ok
	[ "$1" = 0 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); word="not ok"; }
	echo "$word - $2${3:+ # $3}"
}
indent() { sed 's/^/#   /'; }

# Warnings on the console from here on (lockdep and WARN print at
# KERN_WARNING, which "quiet" hides; not KERN_INFO: the fuzzer would
# flood the serial port), and a kmemleak baseline without the boot.
echo 5 > /proc/sys/kernel/printk
mount -t debugfs none /sys/kernel/debug
echo clear > /sys/kernel/debug/kmemleak
result $? kmemleak_available

# 1. The guest suite (every t_* program, then the module checks).
sh /opt/m3/suite.sh > /tmp/suite.out 2>&1
grep -v ' passed, .* failed$' /tmp/suite.out
pass=$((pass + $(grep -c '^ok ' /tmp/suite.out)))
fail=$((fail + $(grep -c '^not ok ' /tmp/suite.out)))

# 2. The fuzzer, failslab on for its middle third, then unload.
insmod /lib/modules/m3ipc.ko
result $? module_load_for_fuzz
/usr/bin/m3fuzz -t "$FUZZ_SECS" -R "$RACE_SECS" -s "$SEED" -f 10 $FUZZ_FLAGS > /out/fuzz.log 2>&1
rc=$?
indent < /out/fuzz.log
result $rc fuzz "$(sed -n 's/^m3fuzz: iterations \([0-9]*\) calls \([0-9]*\).*/\1 iterations, \2 calls/p' /out/fuzz.log)"
grep -q 'failslab_injected [1-9]' /out/fuzz.log
result $? fuzz_failslab_injected_failures
rmmod m3ipc
result $? module_unload_after_fuzz

# 3. The soak, then unload.
insmod /lib/modules/m3ipc.ko
result $? module_load_for_soak
/usr/bin/m3soak -t "$SOAK_SECS" -p 3 -T 3 -k 400 -s "$SEED" > /out/soak.log 2>&1
rc=$?
indent < /out/soak.log
result $rc soak
rmmod m3ipc
result $? module_unload_after_soak
[ ! -e /proc/m3ipc ] && [ ! -e /dev/m3ipc ] && ! grep -q m3ipc /proc/modules
result $? module_gone

# 4. Leaks: two scans (an object must be seen unreferenced twice).
echo scan > /sys/kernel/debug/kmemleak
sleep 6
echo scan > /sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak > /out/kmemleak.txt
[ ! -s /out/kmemleak.txt ]
result $? kmemleak_clean "$(grep -c '^unreferenced object' /out/kmemleak.txt) suspects"
dmesg > /out/dmesg.txt

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
