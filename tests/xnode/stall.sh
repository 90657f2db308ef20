# vcopy whose party's memory never comes (sourced after xlib.sh), two
# nodes. VM 5, made here over both nodes (node 0 binds the even slots,
# node 1 the odd ones), ends here. Each party on node 0 registers its
# buffer with userfaultfd and never resolves a fault (m3x_stall.c): the
# party's side of a copy waits in that fault until the party dies.
#   - Node 1's callers copy into one such party (10, caller 11) and from
#     another (12, caller 13). While those copies wait, a pair of VM 5
#     (14 and 15 copy, 16 and 17 call) and one of VM 2 (120 and 121 copy,
#     122 and 123 call) complete their copies and calls across the same
#     two nodes in time ($CHECK_SECS s). Then the parties are killed, and
#     each stuck copy ends EDEADSRCDST, as with a party that dies.
#   - A copy into a third such party (18, caller 19) waits; VM 5 ends on
#     node 0 meanwhile, at once, and the copy ends EDEADSRCDST. The party
#     caught the VM's SIGPIPE, so its fault is still pending: it is killed
#     after, and the module unloads at the end of the run (phase_end).
STALL_VM=5
STALL_SIZE=1048576

# TAG...: each caller has said it began its copy; a second after, they
# wait in it for sure.
stall_copying() {
	local tag
	for tag; do
		m3c_poll 0.1 "$CHECK_SECS" grep -q '^copying' "/tmp/$tag.log" ||
			m3c_fail "$tag did not begin its copy:" $(cat "/tmp/$tag.log") ||
			return
	done
	sleep 1
}

# TAG...: each is still in its copy.
stall_waiting() {
	local tag
	for tag; do
		cat "/tmp/$tag.log"
		running "$tag" && ! grep -q '^vcopy' "/tmp/$tag.log" || return
	done
}

# Node 0's side of the first part: the parties, stuck and not.
stall_parties() {
	start sw10 $X -v $STALL_VM stall party 10 11 $STALL_SIZE
	start sr12 $X -v $STALL_VM stall party 12 13 $STALL_SIZE
	start sv14 $X -v $STALL_VM vcopy party 14 15 $VCOPY_SIZE
	start ss16 $X -v $STALL_VM server 16 100
	start sv120 $X -v 2 vcopy party 120 121 $VCOPY_SIZE
	start ss122 $X -v 2 server 122 100
	m3c_get stall_pairs_done > /dev/null
	finish sv14 stall_same_vm_party_written_beside_stuck_copies
	finish ss16 stall_same_vm_server_answered_beside_stuck_copies
	finish sv120 stall_other_vm_party_written_beside_stuck_copies
	finish ss122 stall_other_vm_server_answered_beside_stuck_copies
	stop sw10
	stop sr12
	m3c_put stall_parties_killed yes
}

# Node 1's side: the stuck callers, then the pairs beside them.
stall_callers() {
	start sw11 $X -v $STALL_VM stall caller 11 write 10 $STALL_SIZE EDEADSRCDST
	start sr13 $X -v $STALL_VM stall caller 13 read 12 $STALL_SIZE EDEADSRCDST
	check stall_copies_began stall_copying sw11 sr13
	$X -v $STALL_VM waitproc 16 bound 20 > /dev/null
	$X -v 2 waitproc 122 bound 20 > /dev/null
	start sv15 $X -v $STALL_VM vcopy caller 15 $VCOPY_SIZE 14
	start sc17 $X -v $STALL_VM client 16 100 17
	start sv121 $X -v 2 vcopy caller 121 $VCOPY_SIZE 120
	start sc123 $X -v 2 client 122 100 123
	finish sv15 stall_same_vm_copies_done_beside_stuck_copies
	finish sc17 stall_same_vm_calls_done_beside_stuck_copies
	finish sv121 stall_other_vm_copies_done_beside_stuck_copies
	finish sc123 stall_other_vm_calls_done_beside_stuck_copies
	check stall_stuck_copies_still_wait stall_waiting sw11 sr13
	m3c_put stall_pairs_done yes
	m3c_get stall_parties_killed > /dev/null
	finish sw11 stall_write_ends_edeadsrcdst_when_party_killed
	finish sr13 stall_read_ends_edeadsrcdst_when_party_killed
}

phase_stalled_party() {
	check "stall_vm_made_node$M3_NODE" $X vm-init $STALL_VM 0,1
	m3c_barrier stall_vm
	if on 0; then
		stall_parties
	else
		stall_callers
	fi
	m3c_barrier stall_parties_killed
	phase stalled_vm_end
}

phase_stalled_vm_end() {
	if on 0; then
		start sw18 $X -v $STALL_VM stall party 18 19 $STALL_SIZE
		m3c_get stall_vm_end_go > /dev/null
		check_long 10 stall_vm_ends_at_once_beside_stuck_copy \
			$X vm-end $STALL_VM
		m3c_put stall_vm_ended yes
		m3c_get stall_copy_answered > /dev/null
		stop sw18 stall_stuck_party_outlived_its_vm
	else
		start sw19 $X -v $STALL_VM stall caller 19 write 18 $STALL_SIZE EDEADSRCDST
		check stall_copy_began_before_vm_end stall_copying sw19
		m3c_put stall_vm_end_go yes
		m3c_get stall_vm_ended > /dev/null
		finish sw19 stall_copy_ends_edeadsrcdst_when_party_vm_ends
		m3c_put stall_copy_answered yes
		check stall_vm_ended_node1 $X vm-end $STALL_VM
	fi
	m3c_barrier stall_vm_end
}
