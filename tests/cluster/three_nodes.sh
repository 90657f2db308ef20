#!/bin/sh
# Three guests (run-cluster.sh -n 3), raw TIPC: each node has a link up to
# each of the two others and echoes with both; when node 0's QEMU is
# killed, nodes 1 and 2 both lose it (node 1 within the tolerance, TIPC's
# default 1500 ms, + 1 s: a lower one makes links flap when three guests
# share two cores with anything else); node 0, booted again with its
# script named (raw_tipc.sh lets the host reuse it), links with both and
# echoes again. Node 0 is the lower end of both its links: they must
# survive its QEMU going and coming back.
. /opt/m3/cluster/lib.sh
tol=1500

m3c_tipc_up $tol || exit 1
echo_serve
others=$(m3c_links | while read -r ifc p; do echo "$p"; done)
link_to_0_down() {
	[ "$(m3c_link_state 0)" != up ] || m3c_fail "the link to node 0 is still up"
}
ping_others() {
	local p
	for p in $others; do
		echo_with "$p" 10 || return
	done
}
if [ "$M3_BOOT" = 2 ]; then
	ping_others || exit 1
	m3c_barrier back
	exit
fi
m3c_barrier serving || exit 1
ping_others || exit 1
echo "node$M3_NODE:" $(tipc link list)
m3c_barrier pinged || exit 1

case $M3_NODE in
0)
	sleep "$M3C_TIMEOUT"
	m3c_fail "node 0 was never killed"
	exit 1
	;;
1)
	m3c_get armed > /dev/null || exit 1
	ms=$(echo_after withdrawn 0 10 m3c_host kill 0) || exit 1
	within "$ms" $((tol + 1000)) "node 0 lost (its QEMU killed)" || exit 1
	link_to_0_down || exit 1
	m3c_barrier lost 1 2 || exit 1
	ms=$(echo_after published 0 150 m3c_host boot 0 /opt/m3/cluster/three_nodes.sh) || exit 1
	echo "node1: node 0 serving again ${ms% *} ms after the boot request"
	;;
2)
	tipc_echo wait 0 down 30000 > /tmp/lost &
	watch=$!
	m3c_wait 10 grep -q '^published' /tmp/lost || exit 1
	m3c_put armed 1
	wait $watch || exit 1
	echo "node2: node 0 lost"
	link_to_0_down || exit 1
	m3c_barrier lost 1 2 || exit 1
	tipc_echo wait 0 up 150000 > /dev/null || exit 1
	;;
esac
ping_others || exit 1
m3c_barrier back
