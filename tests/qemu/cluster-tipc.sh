# TIPC in a cluster guest, for busybox sh (sourced by cluster-lib.sh):
#   m3c_tipc_up [TOLERANCE_MS]  join the cluster: node identity, the
#                               cluster key, link tolerance (TIPC's default
#                               1500 ms if none), a bearer on every link's
#                               NIC; then wait until a link to every other
#                               node is up, and say how long that took
#   m3c_tipc_identity [NODE]    the TIPC node identity of NODE (default:
#                               this node): NODE itself, in decimal
#   m3c_link_name PEER          the name of the link to PEER, if any
#   m3c_link_state PEER         its state: up, down, or none
#   m3c_links_up                is the link to every other node up?
#   m3c_tipc_tolerance MS       set the tolerance of this node's bearers,
#                               which set it on their links (and tell the
#                               peers, whose ends of the links take it)
#
# The recipe, the same on 6.1 and 6.12 (measured, see run-cluster.sh):
#   tipc node set identity N    an identity is a string of up to 16
#       characters, so node 0 is "0"; TIPC hashes it into the node's
#       32-bit address (from its bytes: "0" is 0x30000000, "1" 0x31000000).
#       It is set once: TIPC refuses a second one (the tool still exits 0).
#   tipc node set key 0xHEX algname "gcm(aes)" master   72 hex digits (a
#       32-byte AES key, a 4-byte salt) after "0x" (without it the tool
#       takes the word as ASCII and refuses it). The kernel needs gcm,
#       ghash-generic and (6.1) ctr loaded: it would ask modprobe for them.
#       Nodes whose keys differ get no link at all.
#   tipc media set tolerance MS media eth   before the bearers, which take
#       it from the medium, and links from their bearer.
#   ip link set ethN up; tipc bearer enable media eth device ethN
# M3C_KEY (72 hex digits) overrides the run's key, /cluster/cluster.key;
# M3C_LINK_TIMEOUT (seconds, default 60) bounds the wait for the links.
M3C_LINK_TIMEOUT=${M3C_LINK_TIMEOUT:-60}

m3c_tipc_identity() {
	echo "${1:-$M3_NODE}"
}

m3c_link_name() {
	tipc link list | sed -n "s/^\($(m3c_tipc_identity):[^-]*-$(m3c_tipc_identity "$1"):.*\): [a-z]*$/\1/p" |
		head -1
}

m3c_link_state() {
	local state
	state=$(tipc link list | grep "^$(m3c_tipc_identity):[^-]*-$(m3c_tipc_identity "$1"):" | head -1)
	echo "${state##* }" | sed 's/^$/none/'
}

m3c_links_up() {
	local ifc peer
	while read -r ifc peer; do
		[ "$(m3c_link_state "$peer")" = up ] || return 1
	done < /etc/m3-links
}

m3c_tipc_tolerance() {
	local ifc peer
	while read -r ifc peer; do
		tipc bearer set tolerance "$1" media eth device "$ifc" ||
			m3c_fail "tipc: cannot set the tolerance of the bearer on $ifc" || return
	done < /etc/m3-links
}

m3c_tipc_up() {
	local key=${M3C_KEY:-$(cat "$M3C_DIR/cluster.key")} ifc peer t0
	tipc node set identity "$(m3c_tipc_identity)" ||
		m3c_fail "tipc: cannot set the node identity" || return
	tipc node set key "0x$key" algname "gcm(aes)" master ||
		m3c_fail "tipc: cannot set the cluster key" || return
	if [ -n "${1:-}" ]; then
		tipc media set tolerance "$1" media eth ||
			m3c_fail "tipc: cannot set the link tolerance to $1 ms" || return
	fi
	t0=$(m3c_now_ms)
	while read -r ifc peer; do
		ip link set "$ifc" up && tipc bearer enable media eth device "$ifc" ||
			m3c_fail "tipc: cannot enable a bearer on $ifc (to node $peer)" || return
	done < /etc/m3-links
	if m3c_wait "$M3C_LINK_TIMEOUT" m3c_links_up; then
		echo "node$M3_NODE: TIPC links up $(( $(m3c_now_ms) - t0 )) ms after the bearers"
		return 0
	fi
	m3c_fail "tipc: not every link up after $M3C_LINK_TIMEOUT s:" $(tipc link list)
}
