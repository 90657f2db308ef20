#!/bin/sh
# A node of the two-guest run (run.sh, under tests/qemu/run-cluster.sh):
# node 0 serves, node 1 measures. Both join the cluster's TIPC (identity,
# cluster key, an Ethernet bearer on the link), and talk TCP over the
# link's IPv6 link-local addresses: the server publishes its own, the
# client adds the interface it reaches node 0 through. The settings come
# from /etc/m3netbench.conf (NB_ARGS: client options; NB_LIMIT: seconds
# the server waits for the client at most).
. /usr/lib/m3/cluster-lib.sh
. /etc/m3netbench.conf

# The link-local address of interface $1 once its duplicate address
# detection is over (a tentative address cannot be used yet).
link_local() {
	ip -6 -o addr show dev "$1" scope link | grep -v tentative |
		awk '{ sub("/.*", "", $4); print $4; exit }'
}

link_local_ready() {
	[ -n "$(link_local "$1")" ]
}

m3c_tipc_up || exit 1
read -r ifc peer < /etc/m3-links
m3c_wait 30 link_local_ready "$ifc" ||
	m3c_fail "no IPv6 link-local address on $ifc" || exit 1
if [ "$M3_NODE" = 0 ]; then
	m3c_put netbench-server "$(link_local "$ifc")"
	exec m3netbench server -l "$NB_LIMIT"
fi
server=$(m3c_get netbench-server) || exit 1
echo "node$M3_NODE: server node $peer at $server%$ifc"
# shellcheck disable=SC2086	# NB_ARGS is a list of options
m3netbench client -a "$server%$ifc" -o /out/client.tsv $NB_ARGS
rc=$?
# What the link did meanwhile: TCP's retransmissions, TIPC's, the NIC's
# counters (a lost frame costs TCP a 200 ms timeout, TIPC a NAK).
echo "node$M3_NODE: after the run:"
grep '^Tcp:' /proc/net/snmp
tipc link statistics show link "$(m3c_link_name "$peer")"
grep -E "^ *(Inter|face|$ifc:)" /proc/net/dev
exit $rc
