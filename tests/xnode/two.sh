#!/bin/sh
# The cross-node scenarios on two nodes (tests/xnode/run.sh runs this on
# both guests of a tests/qemu/run-cluster.sh run). VMs 1, 2 and 3 span
# both nodes (until VM 3 ends; VM 5, which stall.sh makes and ends, too).
# At the end node 1 is cut off, then killed and booted again: its second
# boot (M3_BOOT 2) only comes back.
. /opt/m3/xnode/xlib.sh
for f in setup calls copies stall failures vms hostile loss; do
	. "/opt/m3/xnode/$f.sh"
done

# The servers that ran through the run never failed.
servers_held() {
	local s
	for s in "srv$M3_NODE" "vm2srv$M3_NODE" stale; do
		[ -e "/tmp/$s.pid" ] && stop "$s" "server_${s}_held_on_node$M3_NODE"
	done
	true
}

if [ "$M3_BOOT" = 1 ]; then
	phase setup 2 1:0,1 2:0,1 3:0,1
	m3c_barrier setup
	phase servers
	phase rendezvous
	phase fifo
	phase notify
	phase nonblocking
	phase giving_up
	phase signal_after_taken
	phase signal_rain
	phase cross_node_cycle
	phase reply_half_timeout
	phase ownership
	phase never_bound
	phase vcopy
	phase stalled_party
	phase remote_death
	phase stale_endpoint
	phase caller_killed
	phase vm_end_one_node
	phase two_vms
	phase isolation
	phase hostile
	phase link_cut
	phase node_killed	# node 1 ends here, killed
else
	phase reborn
fi
phase leave_rejoin
servers_held
phase end
