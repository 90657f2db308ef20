# A node lost, and back (sourced after xlib.sh), two nodes, VM 1 as in
# calls.sh: first node 1's link to node 0 is cut and restored (the same
# modules on both sides), then node 1 is killed and booted again (a new
# module there). Calls blocked on the lost node must fail EDEADNODE within
# the links' tolerance and a second of the moment the host carried out
# the cut or the kill. Node 0 keeps its carrier in both cases, so it is
# TIPC's link supervision that finds the loss there (node 1 sees the cut
# at once, its NIC losing its carrier).

# Node 0's calls blocked on node 1's member 29 (a sendrec and a receive),
# node 1's sendrec blocked on node 0's 60; the link is cut: each fails
# EDEADNODE in time, both nodes say the other is down, a new call fails
# EDEADNODE at once. The link comes back: the nodes are up again, and
# the servers that stayed (0 and 1) answer under their old endpoints.
phase_link_cut() {
	local cut limit
	if on 0; then
		start l60 $X hold 60 120
		$X waitproc 29 bound 20 > /dev/null
		start l62 $X call -s 62 sendrec 29 EDEADNODE
		start l64 $X call -s 64 receive 29 EDEADNODE
		$X waitproc 62 sendrec 20 > /dev/null
		$X waitproc 64 receiving 20 > /dev/null
		m3c_barrier link_blocked
		m3c_host link 1 0 off
		cut=$($X now)
		limit=$((cut + TOL + 1000))
		finish l62 link_cut_fails_blocked_sendrec_edeadnode
		finish l64 link_cut_fails_blocked_receive_edeadnode
		check link_cut_seen_within_tolerance_plus_1s ended_by "$limit" l62 l64
		check link_cut_node_info_says_node1_down $X waitdown 1 0
		check link_cut_proc_nodes_says_node1_down proc_node_is 1 down
		check link_cut_new_call_edeadnode $X call -s 66 sendrec 1 EDEADNODE
		m3c_host link 1 0 on
		check_long 70 link_restored_node1_up_again $X waitup 1 60
		stop l60
	else
		start l29 $X hold 29 120
		$X waitproc 60 bound 20 > /dev/null
		start l31 $X call -s 31 sendrec 60 EDEADNODE
		$X waitproc 31 sendrec 20 > /dev/null
		m3c_barrier link_blocked
		finish l31 link_cut_fails_blocked_sendrec_on_node1_edeadnode
		check link_cut_node1_says_node0_was_down \
			equal "$(node_field 0 downs)" 1
		check_long 70 link_restored_node0_up_again $X waitup 0 60
		stop l29
	fi
	m3c_barrier link_restored
	check "link_restored_old_server_endpoint_answers_node$M3_NODE" \
		$X waitproc $((1 - M3_NODE)) bound 20 $((1 - M3_NODE))
	check "link_restored_sendrec_to_old_endpoint_node$M3_NODE" \
		$X client $((1 - M3_NODE)) 20 $((208 + M3_NODE))
	m3c_barrier link_cut_done
}

# Node 0's sendrec and receive blocked on node 1's member 33; node 1's
# QEMU is killed: both fail EDEADNODE in time, node 1 is down, a new call
# fails EDEADNODE. Node 1 boots again (phase_reborn there).
phase_node_killed() {
	local killed limit
	if on 1; then
		start k33 $X hold 33 120
		ep_of k33 > /dev/null
		m3c_barrier kill_blocked
		sleep 600	# until killed
	fi
	$X waitproc 33 bound 20 > /dev/null
	start k68 $X call -s 68 sendrec 33 EDEADNODE
	start k70 $X call -s 70 receive 33 EDEADNODE
	$X waitproc 68 sendrec 20 > /dev/null
	$X waitproc 70 receiving 20 > /dev/null
	m3c_barrier kill_blocked
	m3c_host kill 1
	killed=$($X now)
	limit=$((killed + TOL + 1000))
	finish k68 node_lost_fails_blocked_sendrec_edeadnode
	finish k70 node_lost_fails_blocked_receive_edeadnode
	check node_lost_seen_within_tolerance_plus_1s ended_by "$limit" k68 k70
	check node_lost_node_info_says_down $X waitdown 1 0
	check node_lost_proc_nodes_says_down proc_node_is 1 down
	check node_lost_new_call_edeadnode $X call -s 72 sendrec 1 EDEADNODE
	m3c_host boot 1
	check_long 130 node_back_up $X waitup 1 120
	m3c_barrier reborn_up
	phase_after_rebirth
}

# Node 0, once node 1 is back: node 1's new server (slot 1 again) has
# another endpoint; the old ones (1, 33) are refused, the new one answers.
phase_after_rebirth() {
	local ep
	ep=$(m3c_get reborn_ep)
	check reborn_member_new_generation differ "$ep" 1
	check reborn_member_same_slot equal $((ep % 32768)) 1
	$X waitproc 1 bound 20 "$ep" > /dev/null
	check reborn_old_endpoint_refused $X call -s 74 sendrec 1 EDEADSRCDST
	check reborn_old_endpoint_of_lost_member_refused \
		$X call -s 76 sendrec 33 EDEADSRCDST
	check reborn_new_endpoint_answers $X client "$ep" 50 210
	m3c_barrier reborn_done
}

# Node 1's second boot: up again, its server binds slot 1 anew (after the
# other node saw it up: see docs/semantics.md, "A node that came back"),
# and node 0's old server still answers.
phase_reborn() {
	phase_setup 2 1:0,1 2:0,1 3:0,1
	m3c_barrier reborn_up
	start srv1 $X server 1 0
	m3c_put reborn_ep "$(ep_of srv1)"
	check reborn_node_reaches_old_server $X client 0 50 211
	m3c_barrier reborn_done
}
