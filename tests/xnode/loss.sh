# A node lost, and back (sourced after xlib.sh), two nodes, VM 1 as in
# calls.sh: first node 1's link to node 0 is cut and restored (the same
# modules on both sides), then node 1 is killed and booted again (a new
# module there). Calls blocked on the lost node must fail EDEADNODE within
# the links' tolerance and a second of the moment the host carried out
# the cut or the kill. Node 0 keeps its carrier in both cases, so it is
# TIPC's link supervision that finds the loss there (node 1 sees the cut
# at once, its NIC losing its carrier).

# WHAT AT SENDREC RECEIVE SLOT, on node 0 once node 1 was lost at AT (ms):
# the calls SENDREC and RECEIVE blocked on node 1 fail EDEADNODE within
# the tolerance and a second, node 1 is down (mnx_node_info and /proc),
# and a new call from SLOT to node 1's server fails EDEADNODE at once.
node1_lost() {
	finish "$3" "${1}_fails_blocked_sendrec_edeadnode"
	finish "$4" "${1}_fails_blocked_receive_edeadnode"
	check "${1}_seen_within_tolerance_plus_1s" \
		ended_by $(($2 + TOL + 1000)) "$3" "$4"
	check "${1}_node_info_says_node1_down" $X waitdown 1 0
	check "${1}_proc_nodes_says_node1_down" proc_node_is 1 down
	check "${1}_new_call_edeadnode" $X call -s "$5" sendrec 1 EDEADNODE
}

# Node 0's calls blocked on node 1's member 29 (a sendrec and a receive),
# node 1's sendrec blocked on node 0's 60; the link is cut: each fails
# EDEADNODE in time, both nodes say the other is down, a new call fails
# EDEADNODE at once. The link comes back: the nodes are up again, and
# the servers that stayed (0 and 1) answer under their old endpoints.
phase_link_cut() {
	local cut
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
		node1_lost link_cut "$cut" l62 l64 66
		m3c_host link 1 0 on
		check_long 70 link_restored_node1_up_again waitup_or_say 1 60
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
		check_long 70 link_restored_node0_up_again waitup_or_say 0 60
		stop l29
	fi
	m3c_barrier link_restored
	check "link_restored_old_server_endpoint_answers_node$M3_NODE" \
		$X waitproc $((1 - M3_NODE)) bound 20 $((1 - M3_NODE))
	check "link_restored_sendrec_to_old_endpoint_node$M3_NODE" \
		$X client $((1 - M3_NODE)) 20 $((208 + M3_NODE))
	m3c_barrier link_cut_done
}

# Node 0's sendrec and receive blocked on node 1's member 33, and node 1's
# send to node 0's 96 queued there (96 does not receive yet); node 1's
# QEMU is killed: both calls fail EDEADNODE in time, node 1 is down, a new
# call fails EDEADNODE, 96 finds no request from the lost node. Node 1
# boots again (phase_reborn there).
phase_node_killed() {
	local killed
	if on 1; then
		start k33 $X hold 33 120
		ep_of k33 > /dev/null
		$X waitproc 96 bound 20 > /dev/null
		start k35 $X call -s 35 send 96 OK
		m3c_barrier kill_blocked
		sleep 600	# until killed
	fi
	start k96 $X call -s 96 -g /tmp/go.k96 -t 1000 receive_T ANY ETIMEDOUT
	$X waitproc 33 bound 20 > /dev/null
	start k68 $X call -s 68 sendrec 33 EDEADNODE
	start k70 $X call -s 70 receive 33 EDEADNODE
	$X waitproc 68 sendrec 20 > /dev/null
	$X waitproc 70 receiving 20 > /dev/null
	$X waitproc 35 sending 20 > /dev/null
	m3c_barrier kill_blocked
	m3c_host kill 1
	killed=$($X now)
	node1_lost node_killed "$killed" k68 k70 72
	open k96
	finish k96 node_lost_its_queued_request_withdrawn
	m3c_host boot 1
	check_long 130 node_back_up waitup_or_say 1 120
	m3c_barrier reborn_up
	phase after_rebirth
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
# and node 0's old server still answers. A member that bound slot 33
# before the links were up took the endpoint node 0 saw before the loss
# (33): once node 0 has told this node so, nobody holds 33 here.
phase_reborn() {
	before_links() {
		start early33 $X hold 33 120
		ep_of early33 > /dev/null
	}
	phase_setup 2 1:0,1 2:0,1 3:0,1
	m3c_barrier reborn_up
	start srv1 $X server 1 0
	m3c_put reborn_ep "$(ep_of srv1)"
	check reborn_node_reaches_old_server $X client 0 50 211
	check reborn_no_live_holder_of_endpoint_seen_before_loss \
		m3c_wait 10 no_holder 33 33
	m3c_barrier reborn_done
}

# SLOT EP: SLOT is not bound under EP (as this node sees it).
no_holder() {
	! $X waitproc "$1" bound 0 "$2"
}

# Node 1 (its second boot) leaves the cluster and joins it again, its
# members staying: node 0's call blocked on node 1's 59 fails EDEADNODE,
# each node sees the other down, then up; node 1's server keeps its
# endpoint and node 0 reaches it there again.
phase_leave_rejoin() {
	local ep
	ep=$(m3c_get reborn_ep)
	if on 0; then
		$X waitproc 59 bound 20 > /dev/null
		start lv90 $X call -s 90 sendrec 59 EDEADNODE
		$X waitproc 90 sendrec 20 > /dev/null
		m3c_put leave_blocked go
		finish lv90 peer_left_cluster_blocked_call_edeadnode
		check peer_left_cluster_node_info_says_down $X waitdown 1 10
		m3c_put saw_left go
		m3c_get rejoined > /dev/null
		check_long 70 peer_rejoined_is_up $X waitup 1 60
		check peer_rejoined_member_keeps_endpoint \
			$X waitproc 1 bound 20 "$ep"
		check peer_rejoined_member_answers $X client "$ep" 20 212
		m3c_put rejoin_checked go
	else
		start lv59 $X hold 59 120
		ep_of lv59 > /dev/null
		m3c_get leave_blocked > /dev/null
		check cluster_leave $X leave
		check cluster_left_node0_down $X waitdown 0 10
		m3c_get saw_left > /dev/null
		check cluster_join_again $X join "$KEY"
		check_long 70 cluster_rejoined_node0_up $X waitup 0 60
		m3c_put rejoined go
		m3c_get rejoin_checked > /dev/null
		check cluster_rejoined_own_member_still_bound \
			$X waitproc 1 bound 0 "$ep"
		stop lv59
	fi
	m3c_barrier leave_rejoin
}
