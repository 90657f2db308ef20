# Members that go away across nodes (sourced after xlib.sh), two nodes;
# VM 1 as in calls.sh (node 0 even slots, node 1 odd), and VM 3.

# Node 0 blocks on members of node 1: a send, a sendrec and a receive on
# 25, which exits; a sendrec on 27, which unbinds and stays. Each call
# fails EDEADSRCDST.
phase_remote_death() {
	if on 0; then
		$X waitproc 25 bound 20 > /dev/null
		$X waitproc 27 bound 20 > /dev/null
		start d34 $X call -s 34 send 25 EDEADSRCDST
		start d36 $X call -s 36 sendrec 25 EDEADSRCDST
		start d38 $X call -s 38 receive 25 EDEADSRCDST
		start d40 $X call -s 40 sendrec 27 EDEADSRCDST
		$X waitproc 34 sending 20 > /dev/null
		$X waitproc 36 sendrec 20 > /dev/null
		$X waitproc 38 receiving 20 > /dev/null
		$X waitproc 40 sendrec 20 > /dev/null
		m3c_put blocked go
		finish d34 remote_exit_wakes_sender_edeadsrcdst
		finish d36 remote_exit_wakes_sendrec_edeadsrcdst
		finish d38 remote_exit_wakes_receive_from_it_edeadsrcdst
		finish d40 remote_unbind_wakes_sendrec_edeadsrcdst
	else
		start d25 $X hold 25 60
		start d27 $X hold -u /tmp/go.unbind 27 60
		m3c_get blocked > /dev/null
		$X waitproc 34 sending 20 > /dev/null
		$X waitproc 36 sendrec 20 > /dev/null
		stop d25
		open unbind
		$X waitproc 27 free 20 > /dev/null
		stop d27
	fi
	m3c_barrier remote_death
}

# Slot 25 is bound again on node 1 (generation 1): node 0 finds the old
# endpoint refused, by send, sendrec and notify, and the new one working.
phase_stale_endpoint() {
	local ep
	if on 1; then
		start stale $X server 25 0
		ep=$(ep_of stale)
		check rebind_gets_new_generation equal "$ep" $((32768 + 25))
		m3c_put stale_ep "$ep"
	else
		ep=$(m3c_get stale_ep)
		$X waitproc 25 bound 20 "$ep" > /dev/null
		dead_to_every_call stale_remote_endpoint 25 42 44 46
		check rebound_remote_endpoint_works \
			$X call -s 48 sendrec "$ep" OK
	fi
	m3c_barrier stale_endpoint
}

# VM 3 ends on node 1 while node 0's member 4 waits in a sendrec on node
# 1's member 3, and node 1's member 5 waits in a sendrec on node 0's 2
# (which is not receiving). Node 1's members get SIGPIPE, 5's call
# EVMDOWN; node 0's call fails EDEADSRCDST, and 2, receiving at last,
# finds no request from 5. Then node 0 ends VM 3 too.
phase_vm_end_one_node() {
	if on 0; then
		start v2 $X -v 3 call -s 2 -g /tmp/go.vm3 -t 1000 receive_T ANY ETIMEDOUT
		$X -v 3 waitproc 3 bound 20 > /dev/null
		start v4 $X -v 3 call -s 4 sendrec 3 EDEADSRCDST
		$X -v 3 waitproc 4 sendrec 20 > /dev/null
		$X -v 3 waitproc 5 sendrec 20 > /dev/null
		m3c_put vm3_blocked go
		m3c_get vm3_ended > /dev/null
		finish v4 vm_ended_on_peer_node_wakes_caller_edeadsrcdst
		open vm3
		finish v2 vm_ended_on_peer_node_withdraws_its_requests
		check vm_end_on_second_node $X vm-end 3
	else
		start v3 $X -v 3 hold 3 60
		$X -v 3 waitproc 2 bound 20 > /dev/null
		start v5 $X -v 3 call -s 5 -P sendrec 2 EVMDOWN
		m3c_get vm3_blocked > /dev/null
		check vm_end_on_one_node $X vm-end 3
		m3c_put vm3_ended go
		finish v5 vm_end_caller_waiting_on_remote_evmdown_sigpipe
		finish v3 vm_end_member_exits
		check vm_end_member_got_sigpipe log_has v3 SIGPIPE
	fi
	m3c_barrier vm_end_one_node
}

# A caller on node 0 is killed: its send queued at node 1's receiver 61
# is withdrawn (61 receives nothing once node 1 sees 92 gone), and the
# reply of node 1's server 63 to its sendrec, taken before, is refused.
phase_caller_killed() {
	if on 0; then
		$X waitproc 61 bound 20 > /dev/null
		$X waitproc 63 bound 20 > /dev/null
		start k92 $X call -s 92 send 61 OK
		start k94 $X call -s 94 sendrec 63 OK
		$X waitproc 92 sending 20 > /dev/null
		$X waitproc 94 sendrec 20 > /dev/null
		sleep 0.3	# 63 has taken 94's request
		kill -9 "$(cat /tmp/k92.pid)" "$(cat /tmp/k94.pid)"
		wait "$(cat /tmp/k92.pid)" "$(cat /tmp/k94.pid)"
		rm -f /tmp/k92.pid /tmp/k94.pid
		m3c_put killed go
	else
		start k61 $X call -s 61 -g /tmp/go.k61 -t 1000 receive_T ANY ETIMEDOUT
		start k63 $X server 63 1 1000
		m3c_get killed > /dev/null
		$X waitproc 92 free 20 > /dev/null
		open k61
		finish k61 killed_remote_sender_request_withdrawn
		m3c_poll 0.1 "$CHECK_SECS" ended k63
		check reply_to_killed_remote_caller_refused \
			log_has k63 'last reply: EDEADSRCDST'
	fi
	m3c_barrier caller_killed
}
