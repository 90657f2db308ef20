#!/bin/sh
# Two guests whose TIPC cluster keys differ (run-cluster.sh -n 2): no link
# comes up between them. Then node 1 takes the cluster's key as its new
# master key, and the link comes up: what kept them apart was the key.
. /opt/m3/cluster/lib.sh
key=$(cat /cluster/cluster.key)
peer=$((1 - M3_NODE))
wrong=$(echo "$key" | tr 0-9a-f 1-9a-f0)

if [ "$M3_NODE" = 1 ]; then
	export M3C_KEY=$wrong
fi
m3c_barrier booted || exit 1
if M3C_LINK_TIMEOUT=15 m3c_tipc_up 2> /tmp/up.err; then
	m3c_fail "a link came up between nodes whose keys differ"
	exit 1
fi
echo "node$M3_NODE: no link in 15 s with another key; link to node $peer: $(m3c_link_state "$peer")"
m3c_barrier apart || exit 1
if [ "$M3_NODE" = 1 ]; then
	tipc node set key "0x$key" algname "gcm(aes)" master || exit 1
fi
m3c_wait 30 m3c_links_up || { m3c_fail "no link once the keys are the same:" $(tipc link list); exit 1; }
echo "node$M3_NODE: link up once the keys are the same"
echo_serve
echo_with "$peer" 5 || exit 1
m3c_barrier together
