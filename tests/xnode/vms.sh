# Two VMs across the same two nodes at once, and what keeps them apart
# (sourced after xlib.sh). VM 1 as in calls.sh; in VM 2 too node 0 binds
# the even slots, node 1 the odd ones. Every message carries its VM, which
# every receiver checks (m3x.h).

# Echo servers of VM 2 (slot 0 on node 0, 1 on node 1) for the rest of
# the run; clients of VM 1 and VM 2 both ways, all at once.
phase_two_vms() {
	local me=$M3_NODE other=$((1 - M3_NODE))
	start "vm2srv$me" $X -v 2 server "$me" 0
	$X -v 2 waitproc "$other" bound 20 > /dev/null
	m3c_barrier two_vms
	start par1 $X client "$other" 300 $((204 + me))
	start par2 $X -v 2 client "$other" 300 $((204 + me))
	finish par1 "vm1_sendrec_node${me}_to_node${other}_beside_vm2"
	finish par2 "vm2_sendrec_node${me}_to_node${other}_beside_vm1"
	m3c_barrier two_vms_done
}

# A member of VM 2 cannot reach a member of VM 1: VM 1's endpoint 32793
# (slot 25, node 1, bound twice) is a free slot in VM 2; endpoint 1 is
# VM 2's own server, which answers as VM 2's.
phase_isolation() {
	if on 0; then
		check vm2_member_cannot_reach_vm1_endpoint_edeadsrcdst \
			$X -v 2 call -s 2 sendrec $((32768 + 25)) EDEADSRCDST
		check vm2_endpoint_number_reaches_vm2_member_only \
			$X -v 2 call -s 4 sendrec 1 OK
	fi
	m3c_barrier isolation
}
