#!/bin/sh
# Raw TIPC between two guests (run-cluster.sh -n 2), no m3ipc: the link
# comes up, echo messages cross it both ways, node 0 sees node 1 lost
# within the link tolerance + 1 s when node 1's QEMU is killed (the link
# down, the echo failing), and sees it back, echoing again, once node 1
# has booted again. And the host refuses what it cannot do.
. /opt/m3/cluster/lib.sh
tol=1500

m3c_tipc_up $tol || exit 1
echo_serve
peer=$((1 - M3_NODE))
if [ "$M3_NODE" = 1 ] && [ "$M3_BOOT" = 2 ]; then
	echo_with 0 20 || exit 1
	m3c_barrier back || exit 1
	exit 0
fi
m3c_barrier serving || exit 1
if [ "$M3_NODE" = 0 ]; then	# requests the host refuses
	for r in "boot 0" "kill 2" "link 0 0 off" "link 0 1 down" "reboot 1"; do
		if m3c_host $r 2> /tmp/host.err; then
			m3c_fail "the host carried out '$r'"
			exit 1
		fi
		echo "node0: host refused '$r':" $(cat /tmp/host.err)
	done
fi
echo_with "$peer" 20 || exit 1
m3c_barrier pinged || exit 1
if [ "$M3_NODE" = 1 ]; then
	sleep "$M3C_TIMEOUT"
	m3c_fail "node 1 was never killed"
	exit 1
fi

ms=$(echo_after withdrawn 1 10 m3c_host kill 1) || exit 1
within "$ms" $((tol + 1000)) "node 1 lost (its QEMU killed)" || exit 1
state=$(m3c_link_state 1)
[ "$state" != up ] || { m3c_fail "the link to node 1 is still up"; exit 1; }
echo "node0: link to node 1: $state"
if tipc_echo ping 1 1 1000 2>/tmp/ping.err; then
	m3c_fail "node 1 echoed after it was lost"
	exit 1
fi
echo "node0: echo to the lost node: $(cat /tmp/ping.err)"

ms=$(echo_after published 1 150 m3c_host boot 1) || exit 1
echo "node0: node 1 serving again ${ms% *} ms after the boot request"
m3c_wait 10 m3c_links_up || { m3c_fail "the link to node 1 is not up"; exit 1; }
echo_with 1 20 || exit 1
m3c_barrier back
