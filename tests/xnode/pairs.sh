# Three nodes (sourced after xlib.sh; the VMs and who binds which slot:
# see three.sh).

# VM SLOT OTHER_SLOT...: an echo server on SLOT of VM for the whole run,
# and wait until the servers of the other nodes (OTHER_SLOT...) are seen.
serve() {
	local vm=$1 slot=$2 s
	shift 2
	start "s$vm" $X -v "$vm" server "$slot" 0
	for s; do
		$X -v "$vm" waitproc "$s" bound 30 > /dev/null ||
			echo "node$M3_NODE: VM $vm slot $s never seen bound"
	done
}

# The servers each node runs: VM 1 on slot k (node k); VM 2 on 0 (node 0)
# and 1 (node 1); VM 3 on 0 (node 1) and 1 (node 2).
phase_servers3() {
	case $M3_NODE in
	0) serve 1 0 1 2; serve 2 0 1 ;;
	1) serve 1 1 0 2; serve 2 1 0; serve 3 0 1 ;;
	2) serve 1 2 0 1; serve 3 1 0 ;;
	esac
	m3c_barrier servers3
}

# VM DST SLOT NAME: a client of VM's server DST, from SLOT, in the
# background (tag NAME).
client_of() {
	start "$4" $X -v "$1" client "$2" 100 "$3"
}

# Every node calls the VM 1 servers of the two others, and the VMs that
# overlap on node 1 (2 on 0,1 and 3 on 1,2) carry traffic both ways, all
# at once. Client slots: VM 1 from 210 (210 % 3 == 0), VMs 2 and 3 from
# 220.
phase_every_pair() {
	local me=$M3_NODE a b
	a=$(((me + 1) % 3))
	b=$(((me + 2) % 3))
	client_of 1 "$a" $((210 + me)) "p$a"
	client_of 1 "$b" $((213 + me)) "p$b"
	case $me in
	0) client_of 2 1 220 v2 ;;
	1) client_of 2 0 221 v2; client_of 3 1 220 v3 ;;
	2) client_of 3 0 221 v3 ;;
	esac
	finish "p$a" "vm1_sendrec_node${me}_to_node$a"
	finish "p$b" "vm1_sendrec_node${me}_to_node$b"
	case $me in
	0) finish v2 vm2_sendrec_node0_to_node1_beside_vm1_vm3 ;;
	1) finish v2 vm2_sendrec_node1_to_node0_beside_vm1_vm3
	   finish v3 vm3_sendrec_node1_to_node2_beside_vm1_vm2 ;;
	2) finish v3 vm3_sendrec_node2_to_node1_beside_vm1_vm2 ;;
	esac
	m3c_barrier every_pair
}

# VM 2 spans nodes 0 and 1; node 2 makes a VM 2 of its own spanning all
# three, binds its slots 5, 11 and 14 there and calls node 0's member 6
# (slot 6 is node 0's in either view): a sendrec and a send are refused
# by node 0 (EDEADSRCDST), a notify by node 2 itself (6 was never
# announced to it). Node 0 counts the frames it drops (node 2's
# announcements of its members) and 6 receives nothing before the genuine
# send of 8.
phase_vm_not_spanned() {
	local drops
	case $M3_NODE in
	0)
		start r6 $X -v 2 call -s 6 -S 8 receive ANY OK
		$X -v 2 waitproc 6 receiving 20 > /dev/null
		drops=$(dropped 2)
		m3c_put ns_ready go
		m3c_get ns_done > /dev/null
		check vm_not_spanning_node2_its_frames_dropped_and_counted \
			greater "$(dropped 2)" "$drops"
		check vm_not_spanning_node2_then_genuine_send \
			$X -v 2 call -s 8 send 6 OK
		finish r6 vm_not_spanning_node2_nothing_delivered
		;;
	2)
		m3c_get ns_ready > /dev/null
		check rogue_vm2_on_node2 $X vm-init 2 0,1,2
		check vm_not_spanning_node2_refuses_its_sendrec \
			$X -v 2 call -s 5 sendrec 6 EDEADSRCDST
		check vm_not_spanning_node2_refuses_its_send \
			$X -v 2 call -s 11 send 6 EDEADSRCDST
		check vm_not_spanning_node2_refuses_its_notify \
			$X -v 2 call -s 14 notify 6 EDEADSRCDST
		m3c_put ns_done go
		check rogue_vm2_on_node2_ends $X vm-end 2
		;;
	esac
	m3c_barrier vm_not_spanned
}

# Node 2 is killed while nodes 0 and 1 call each other's VM 1 servers
# (for 6 s) and each waits on node 2's member 14 (a sendrec from 0, a
# receive on 1): those fail EDEADNODE (node 0 times it), the pair goes on
# undisturbed, VM 3 (nodes 1, 2) refuses calls to node 2's server.
phase_third_node_lost() {
	local killed
	if on 2; then
		start k14 $X hold 14 120
		ep_of k14 > /dev/null
		m3c_barrier third_blocked
		sleep 600	# until killed
	fi
	$X waitproc 14 bound 20 > /dev/null
	if on 0; then
		start lost $X call -s 12 sendrec 14 EDEADNODE
		$X waitproc 12 sendrec 20 > /dev/null
	else
		start lost $X call -s 13 receive 14 EDEADNODE
		$X waitproc 13 receiving 20 > /dev/null
	fi
	start pair $X client $((1 - M3_NODE)) -6 $((216 + M3_NODE))
	m3c_barrier third_blocked
	if on 0; then
		sleep 1
		m3c_host kill 2
		killed=$($X now)
		finish lost node2_lost_fails_blocked_sendrec_edeadnode
		check node2_lost_seen_within_tolerance_plus_1s \
			ended_by $((killed + TOL + 1000)) lost
	else
		finish lost node2_lost_fails_blocked_receive_on_node1_edeadnode
		check node2_lost_vm3_call_edeadnode \
			$X -v 3 call -s 2 sendrec 1 EDEADNODE
	fi
	check "node2_lost_node_info_says_down_on_node$M3_NODE" $X waitdown 2 10
	finish pair "pair_node${M3_NODE}_to_node$((1 - M3_NODE))_undisturbed_by_node2_loss"
	m3c_barrier third_lost 0 1
}

# The servers that ran through the run never failed.
servers_held3() {
	local vm
	for vm in 1 2 3; do
		[ -e "/tmp/s$vm.pid" ] &&
			stop "s$vm" "server_vm${vm}_held_on_node$M3_NODE"
	done
	true
}
