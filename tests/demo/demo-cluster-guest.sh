#!/bin/sh
# The cluster demo, on each of two guests (tests/qemu/run-cluster.sh): TIPC
# up with the cluster key, the DRVS on both nodes with VM 1 spanning them,
# a server on node 0, a client on node 1 calling it (and a vcopy from
# node 0 into the client's memory), and `m3adm status` on both nodes.
. /usr/lib/m3/cluster-lib.sh
set -e
show() { echo "\$ $*"; "$@"; echo; }
m3c_tipc_up
key=$(cat /cluster/cluster.key)
echo "\$ m3demo setup $M3_NODE $M3_NODES <cluster key>"
m3demo setup "$M3_NODE" "$M3_NODES" "$key"
m3c_wait 30 grep -q "^$((1 - M3_NODE)) .* up " /proc/m3ipc/nodes ||
	m3c_fail "node $((1 - M3_NODE)) never came up in /proc/m3ipc/nodes"
m3c_barrier joined
if [ "$M3_NODE" = 0 ]; then
	echo "\$ m3demo server &"
	m3demo server &
	srv=$!
	m3c_wait 10 grep -q receiving /proc/m3ipc/vm1/procs
	m3c_put server ready
	m3c_barrier client-done
	wait $srv
	show m3adm status
	show cat /proc/m3ipc/vm1/stats
	m3c_barrier shown-0
else
	m3c_get server > /dev/null
	echo "\$ m3demo client 3     # the server is on node 0"
	m3demo client 3
	m3c_barrier client-done
	m3c_barrier shown-0
	show m3adm status
	show cat /proc/m3ipc/nodes
fi
echo "demo: done"
