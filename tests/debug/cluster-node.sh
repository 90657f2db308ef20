#!/bin/sh
# A node of tests/debug/cluster.sh's runs, in a guest of the debug kernel:
# tests/xnode/run.sh runs this on every node in place of the run's
# scenario (M3_XNODE_WRAP), which is /opt/m3/xnode/scenario.sh. Around it:
# warnings on the console, kmemleak's baseline after the boot, and after
# the scenario (which ends by unloading the module) two scans, whose
# verdict is one more ok/not ok line. /out gets dmesg-boot.txt (the kernel
# log up to the scenario, which is then cleared: the scenario's own check
# of the log, xlib.sh's kernel_quiet, takes kmemleak's banner at boot,
# "memory leak detector initialized", for a leak), kmemleak.txt and
# dmesg.txt (the rest); cluster.sh checks them all.
tag=node$M3_NODE
[ "$M3_BOOT" = 1 ] || tag=$tag.boot$M3_BOOT
leaks=/sys/kernel/debug/kmemleak

echo 5 > /proc/sys/kernel/printk	# as tests/debug/guest.sh
mount -t debugfs none /sys/kernel/debug
echo clear > "$leaks" || echo "not ok - kmemleak_available_$tag"
dmesg -c > /out/dmesg-boot.txt

sh /opt/m3/xnode/scenario.sh
rc=$?

# An object must be seen unreferenced by two scans, 5 s apart at least.
echo scan > "$leaks"
sleep 6
echo scan > "$leaks"
cat "$leaks" > /out/kmemleak.txt
dmesg > /out/dmesg.txt
if [ -s /out/kmemleak.txt ]; then
	echo "not ok - kmemleak_clean_$tag"
	echo "$(grep -c '^unreferenced object' /out/kmemleak.txt) suspects:"
	head -40 /out/kmemleak.txt
else
	echo "ok - kmemleak_clean_$tag"
fi | sed '2,$s/^/#   /'
exit "$rc"
