#!/bin/sh
# A node of the two-guest run (run.sh, under tests/qemu/run-cluster.sh):
# node 0 serves, node 1 measures. Both join the cluster's TIPC (identity,
# cluster key, an Ethernet bearer on the link), set up M3 (the DRVS, the
# VM of the M3 rows spanning both nodes, the cluster joined with the same
# key: m3netbench setup), and talk TCP over the link's IPv6 link-local
# addresses: the server publishes its own, the client adds the interface
# it reaches node 0 through. The settings come from /etc/m3netbench.conf
# (NB_ARGS: client options; NB_LIMIT: seconds the server waits for the
# client at most; NB_TIPC_KEY=0: TIPC's links without encryption, to see
# what it costs; M3 still authenticates its peer with the key; NB_TRACE=1:
# a kernel trace of the run on each node).
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

# m3c_tipc_up without the link encryption (its other steps, as it does
# them): NB_TIPC_KEY=0.
tipc_up_plain() {
	tipc node set identity "$(m3c_tipc_identity)" || return
	while read -r ifc peer; do
		ip link set "$ifc" up && tipc bearer enable media eth device "$ifc" ||
			return
	done < /etc/m3-links
	m3c_wait "$M3C_LINK_TIMEOUT" m3c_links_up
}

# NB_TRACE=1: the kernel traces the run (switches, wake-ups, work items,
# the NIC's frames, the calls' system calls) into /out/trace.txt, for
# trace.py to say where a round trip's time goes on each node.
T=/sys/kernel/tracing
trace_start() {
	local e
	[ -e "$T/trace" ] || mount -t tracefs nodev "$T" || return
	echo 65536 > "$T/buffer_size_kb" || return
	for e in sched/sched_switch sched/sched_wakeup \
		workqueue/workqueue_execute_start net/net_dev_xmit \
		net/netif_receive_skb raw_syscalls/sys_enter raw_syscalls/sys_exit; do
		echo 1 > "$T/events/$e/enable" || return
	done
	# ioctl (M3), sendto and recvfrom (TIPC RDM)
	echo 'id == 16 || id == 44 || id == 45' > "$T/events/raw_syscalls/filter"
	echo 1 > "$T/tracing_on"
}

trace_stop() {
	echo 0 > "$T/tracing_on"
	cat "$T/trace" > /out/trace.txt
	echo "node$M3_NODE: $(grep -c . /out/trace.txt) lines of trace"
}

# What the M3 module says of the nodes and the VM, and what it logged.
m3_state() {
	cat /proc/m3ipc/nodes
	cat /proc/m3ipc/vm1/stats 2> /dev/null
	dmesg | grep -i m3ipc | tail -20
}

# The implementations of gcm(aes) this kernel has (TIPC's link encryption
# takes the highest priority): under TCG the AES-NI and PCLMULQDQ
# instructions are emulated, and the link's throughput is theirs.
aead_drivers() {
	awk '/^name/ { n = $3 } /^driver/ { d = $3 } /^priority/ { p = $3 }
	     /^type/ && n == "gcm(aes)" { print "gcm(aes): driver " d ", priority " p }' /proc/crypto
}

# What a real host's udev loads for this CPU (run.sh crypto_files): those
# already loaded say so, and are left.
for m in $(cat /opt/crypto/load.list 2> /dev/null); do
	insmod "/opt/crypto/$m" 2> /dev/null
done

if [ "${NB_TIPC_KEY:-1}" = 0 ]; then
	tipc_up_plain || m3c_fail "TIPC's links did not come up" || exit 1
else
	m3c_tipc_up || exit 1
fi
read -r ifc peer < /etc/m3-links
m3c_wait 30 link_local_ready "$ifc" ||
	m3c_fail "no IPv6 link-local address on $ifc" || exit 1
# The M3 rows' DRVS and VM; the other rows run even if this fails.
m3netbench setup "$M3_NODE" "$M3_NODES" "$(cat /cluster/cluster.key)" ||
	echo "node$M3_NODE: m3netbench setup failed: no M3 rows" >&2
if [ "${NB_TRACE:-0}" = 1 ]; then
	trace_start || m3c_fail "cannot trace" || exit 1
fi
if [ "$M3_NODE" = 0 ]; then
	m3c_put netbench-server "$(link_local "$ifc")"
	m3netbench server -l "$NB_LIMIT"
	rc=$?
	echo "node$M3_NODE: after the run:"
	m3_state
else
	server=$(m3c_get netbench-server) || exit 1
	echo "node$M3_NODE: server node $peer at $server%$ifc"
	# shellcheck disable=SC2086	# NB_ARGS is a list of options
	m3netbench client -a "$server%$ifc" -o /out/client.tsv $NB_ARGS
	rc=$?
	# What the link did meanwhile: TCP's retransmissions, TIPC's, the
	# NIC's counters (a lost frame costs TCP a 200 ms timeout, TIPC a
	# NAK), and the M3 module's frames.
	echo "node$M3_NODE: after the run:"
	grep '^Tcp:' /proc/net/snmp
	tipc link statistics show link "$(m3c_link_name "$peer")"
	grep -E "^ *(Inter|face|$ifc:)" /proc/net/dev
	aead_drivers
	m3_state
fi
[ "${NB_TRACE:-0}" = 0 ] || trace_stop
# Neither node ends before both have said everything: the host stops the
# other guests when one ends without a verdict it recognizes.
m3c_barrier netbench-done
exit $rc
