#!/bin/sh
# A link cut and restored between two guests (run-cluster.sh -n 2), raw
# TIPC: QEMU's set_link off on one end of the link. The far node, whose NIC
# keeps its carrier, loses the near one by TIPC's link supervision within
# the tolerance + 1 s, at 1500 ms (TIPC's default) and at 200 ms; the near
# node, whose NIC loses its carrier, resets the link at once. After set_link
# on, the link comes back and echoes cross it again.
. /opt/m3/cluster/lib.sh
peer=$((1 - M3_NODE))

m3c_tipc_up 1500 || exit 1
echo_serve
m3c_barrier serving || exit 1
echo_with "$peer" 5 || exit 1

# cut NAME K TOLERANCE LIMIT: node 0 has node K's link cut, says how long it
# took to lose node 1 (at most LIMIT ms), and has the link restored; then
# both nodes echo again.
cut() {
	local ms
	m3c_barrier "$1" || return
	if [ "$M3_NODE" = 0 ]; then
		ms=$(echo_after withdrawn 1 10 m3c_host link "$2" $((1 - $2)) off) || return
		within "$ms" "$4" "$1: node 1 lost, tolerance $3 ms, node $2's end cut" || return
		m3c_host link "$2" $((1 - $2)) on || return
	fi
	m3c_barrier "$1-restored" || return
	echo_with "$peer" 5 > /dev/null || return
	m3c_barrier "$1-back"
}

cut far-1500 1 1500 2500 || exit 1
cut near-1500 0 1500 1000 || exit 1
m3c_tipc_tolerance 200 || exit 1
cut far-200 1 200 1200 || exit 1
cut near-200 0 200 1000 || exit 1
