#!/bin/sh
# The cross-node scenarios on two nodes (tests/xnode/run.sh runs this on
# both guests of a tests/qemu/run-cluster.sh run). VMs 1, 2 and 3 span
# both nodes (until VM 3 ends). At the end node 1 is cut off, then
# killed and booted again: its second boot (M3_BOOT 2) only comes back.
. /opt/m3/xnode/xlib.sh
for f in setup calls copies failures vms hostile loss; do
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
	phase_setup 2 1:0,1 2:0,1 3:0,1
	m3c_barrier setup
	phase_servers
	phase_rendezvous
	phase_fifo
	phase_notify
	phase_nonblocking
	phase_giving_up
	phase_signal_after_taken
	phase_cross_node_cycle
	phase_reply_half_timeout
	phase_ownership
	phase_never_bound
	phase_vcopy
	phase_remote_death
	phase_stale_endpoint
	phase_caller_killed
	phase_vm_end_one_node
	phase_two_vms
	phase_isolation
	phase_hostile
	phase_link_cut
	phase_node_killed	# node 1 ends here, killed
else
	phase_reborn
fi
phase_leave_rejoin
servers_held
phase_end
