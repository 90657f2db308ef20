# The calls across two nodes (sourced after xlib.sh), in VM 1 spanning
# nodes 0 and 1: node 0 binds its even slots, node 1 the odd ones. Each
# phase names the slots it uses; a slot serves one process (endpoint ==
# slot, generation 0) unless said. Clients bind slots from 200 up.

# Echo servers on slot 0 (node 0) and 1 (node 1), for the whole run; each
# node sees the other's bind; clients both ways, and a replyrec server
# with a local and a remote client at once.
phase_servers() {
	local me=$M3_NODE other=$((1 - M3_NODE))
	start "srv$me" $X server "$me" 0
	check "bind_seen_across_on_node$me" $X waitproc "$other" bound 20 "$other"
	m3c_barrier servers
	if on 1; then
		start local_client $X client 1 200 201
	fi
	check "sendrec_node${me}_to_node$other" $X client "$other" 200 $((202 + me))
	if on 1; then
		finish local_client replyrec_server_local_client_with_remote_one
	fi
}

# A send returns when the remote receiver has taken the message: node 1's
# receiver takes it 1 s after it saw the sender queued there; a receive
# from ANY gets it, from its true sender.
phase_rendezvous() {
	if on 1; then
		start rdv $X call -s 3 -g /tmp/go.rdv -S 2 receive ANY OK
		$X waitproc 2 sending 20 > /dev/null
		sleep 1
		open rdv
		finish rdv receive_any_from_remote_sender
	else
		$X waitproc 3 bound 20 > /dev/null
		check send_blocks_until_remote_receiver_takes_it \
			$X call -s 2 -m 1000 -M 10000 send 3 OK
	fi
	m3c_barrier rendezvous
}

# One receiver (5, node 1) with four senders queued in this order: 4
# (node 0), 7 (node 1), 6 (node 0), 9 (node 1). It receives from 6 first,
# then from ANY: 4, 7, 9, the order they came in.
phase_fifo() {
	if on 0; then
		$X waitproc 5 bound 20 > /dev/null
		start fifo4 $X call -s 4 send 5 OK
		m3c_get fifo6 > /dev/null
		start fifo6 $X call -s 6 send 5 OK
		finish fifo4 remote_sender_first_in_fifo
		finish fifo6 remote_sender_taken_by_specific_receive
	else
		start fifo_r $X call -s 5 -g /tmp/go.fifo -S 6,4,7,9 \
			receive 6,ANY,ANY,ANY OK
		$X waitproc 4 sending 20 > /dev/null
		start fifo7 $X call -s 7 send 5 OK
		$X waitproc 7 sending 20 > /dev/null
		m3c_put fifo6 go
		$X waitproc 6 sending 20 > /dev/null
		start fifo9 $X call -s 9 send 5 OK
		$X waitproc 9 sending 20 > /dev/null
		open fifo
		finish fifo_r receive_from_remote_then_any_in_arrival_order
		finish fifo7 local_sender_in_mixed_fifo
		finish fifo9 local_sender_last_in_fifo
	fi
	m3c_barrier fifo
}

# Notifications from node 0: ten to a receiver that is not receiving
# return at once and coalesce (count 10; the notifier stays bound, as a
# member that unbinds takes its pending notifications with it); one to a
# receiver blocked in receive wakes it.
phase_notify() {
	if on 0; then
		$X waitproc 11 bound 20 > /dev/null
		start ntf $X call -s 8 -n 10 -M 2000 -L 3000 notify 11 OK
		await ntf
		m3c_put notified go
		m3c_get waiting > /dev/null
		check notify_wakes_remote_receiver_notifier \
			$X call -s 10 notify 13 OK
		finish ntf notify_to_remote_never_blocks
	else
		start ntf_r $X call -s 11 -g /tmp/go.ntf -c 10 -S 8 receive ANY OK
		start ntf_w $X call -s 13 -c 1 -S 10 receive ANY OK
		$X waitproc 13 receiving 20 > /dev/null
		m3c_put waiting go
		m3c_get notified > /dev/null
		open ntf
		finish ntf_r notify_from_remote_coalesces_with_count
		finish ntf_w notify_wakes_remote_receiver
	fi
	m3c_barrier notify
}

# Non-blocking calls: sendnb to a remote member that is not receiving,
# receivenb from one that sends nothing: ENOTREADY; sendnb to a remote
# receiver that waits, receivenb of a remote sender that waits: delivered.
phase_nonblocking() {
	if on 0; then
		m3c_get nb > /dev/null
		$X waitproc 15 bound 20 > /dev/null
		$X waitproc 19 bound 20 > /dev/null
		check sendnb_remote_not_receiving_enotready \
			$X call -s 12 sendnb 15 ENOTREADY
		check receivenb_remote_nothing_enotready \
			$X call -s 14 receivenb 15 ENOTREADY
		check sendnb_remote_receiving_delivered \
			$X call -s 16 sendnb 17 OK
		start nb_s $X call -s 18 send 19 OK
		finish nb_s send_taken_by_remote_receivenb
	else
		start nb_h $X hold 15 60
		start nb_r $X call -s 17 -S 16 receive ANY OK
		start nb_q $X call -s 19 -g /tmp/go.nbq -S 18 receivenb 18 OK
		$X waitproc 17 receiving 20 > /dev/null
		ep_of nb_h > /dev/null
		ep_of nb_q > /dev/null
		m3c_put nb go
		finish nb_r receive_gets_remote_sendnb
		$X waitproc 18 sending 20 > /dev/null
		open nbq
		finish nb_q receivenb_takes_waiting_remote_sender
		stop nb_h
	fi
	m3c_barrier nonblocking
}

# Calls that give up: send_T, sendrec_T and receive_T to or from a remote
# member that never takes part time out; send and sendrec interrupted by
# a handled signal before the request is taken return EINTR. None of the
# senders leaves (they linger bound) and yet the receiver, once it
# receives, gets nothing: what was given up did not happen.
phase_giving_up() {
	local t
	if on 0; then
		$X waitproc 21 bound 20 > /dev/null
		start gu22 $X call -s 22 -t 300 -m 250 -M 3000 -L 5000 send_T 21 ETIMEDOUT
		await gu22
		start gu24 $X call -s 24 -t 300 -m 250 -M 3000 -L 5000 sendrec_T 21 ETIMEDOUT
		await gu24
		start gu26 $X call -s 26 -t 300 -m 250 -M 3000 -L 5000 receive_T 21 ETIMEDOUT
		await gu26
		start gu28 $X call -s 28 -a 300 -L 5000 sendrec 21 EINTR
		await gu28
		start gu30 $X call -s 30 -a 300 -L 5000 send 21 EINTR
		await gu30
		m3c_put gaveup go
		finish gu22 send_T_to_remote_times_out
		finish gu24 sendrec_T_to_remote_times_out
		finish gu26 receive_T_from_remote_times_out
		finish gu28 sendrec_to_remote_interrupted_before_taken_eintr
		finish gu30 send_to_remote_interrupted_eintr
	else
		start gu_r $X call -s 21 -g /tmp/go.gu -t 1500 receive_T ANY ETIMEDOUT
		m3c_get gaveup > /dev/null
		open gu
		finish gu_r given_up_remote_calls_never_delivered
	fi
	m3c_barrier giving_up
}

# A sendrec whose request the remote server has taken, interrupted by a
# handled signal: the handler's own calls fail EBUSY (the reply is
# parked), the call is restarted and gets its reply (1 s after).
phase_signal_after_taken() {
	if on 0; then
		$X waitproc 23 bound 20 > /dev/null
		start parked $X call -s 32 -a 300 -H EBUSY -m 800 sendrec 23 OK
		finish parked sendrec_signal_after_taken_restarts_and_gets_reply
		check notify_from_handler_while_reply_parked_ebusy \
			log_has parked 'notify EBUSY'
	else
		start slow $X server 23 1 1000
		finish slow server_replied_to_interrupted_sendrec
	fi
	m3c_barrier signal_after_taken
}

# Calls across nodes under a rain of handled signals while copies of 1 MiB
# congest the link both ways: TIPC waits for a congested link
# interruptibly, and a signal must lose no frame, neither a caller's
# request nor a reply a signalled server flushes. No call fails EDEADNODE
# or hangs, each request is taken once, no node counts a send error.
# Slots 114 (server), 115 (client), 116 (copy party), 117 (copy caller).
phase_signal_rain() {
	local other=$((1 - M3_NODE)) CHECK_SECS=$(slow 120)
	if on 0; then
		CHECK_SECS=$(slow 180)	# the client's limit first
		start rain_srv $X sigrain server 114
		start rain_party $X copyloop party 116 117 1048577
		finish rain_srv server_under_signal_rain_took_each_request_once
		finish rain_party copies_beside_signal_rain_checked_party
	else
		$X waitproc 114 bound 30 > /dev/null
		$X waitproc 116 bound 30 > /dev/null
		start rain_cp $X copyloop caller 117 1048577 /tmp/rain.stop 116
		check calls_under_signal_rain_no_edeadnode_no_hang \
			$X sigrain client 115 114 200
		: > /tmp/rain.stop
		finish rain_cp copies_beside_signal_rain_checked_caller
	fi
	check "no_send_errors_under_signal_rain_node$M3_NODE" \
		equal "$(node_field "$other" tx_errors)" 0
	m3c_barrier signal_rain
}

# A slot the other node owns cannot be bound here, bound or free.
phase_ownership() {
	local other=$((1 - M3_NODE))
	check "bind_bound_slot_of_other_node_eremote_on_node$M3_NODE" \
		$X bind "$other" EREMOTE
	check "bind_free_slot_of_other_node_eremote_on_node$M3_NODE" \
		$X bind $((99 - M3_NODE)) EREMOTE
}

# WHAT EP SLOT...: a send, a sendrec and a notify to EP, from the three
# SLOTs, each fail EDEADSRCDST.
dead_to_every_call() {
	check "${1}_send_edeadsrcdst" $X call -s "$3" send "$2" EDEADSRCDST
	check "${1}_sendrec_edeadsrcdst" $X call -s "$4" sendrec "$2" EDEADSRCDST
	check "${1}_notify_edeadsrcdst" $X call -s "$5" notify "$2" EDEADSRCDST
}

# Calls to a slot no one ever bound fail EDEADSRCDST, on this node (100)
# as on the other (97: node 1's, never announced).
phase_never_bound() {
	if on 0; then
		dead_to_every_call never_bound_local_slot 100 98 102 110
		dead_to_every_call never_bound_remote_slot 97 104 106 108
	fi
}

# A cycle through two nodes: 86 (node 0) and 49 (node 1) sendrec each
# other at once. Deadlock detection stops at the node boundary
# (docs/semantics.md), so both wait, and time out (and stay bound a while,
# so that neither sees the other leave first).
phase_cross_node_cycle() {
	local me=$M3_NODE mine peer
	mine=$((86 - 37 * me))
	peer=$((49 + 37 * me))
	start cycle $X call -s "$mine" -g /tmp/go.cycle -t 2000 -L 3000 \
		sendrec_T "$peer" ETIMEDOUT
	$X waitproc "$peer" bound 20 > /dev/null
	m3c_barrier cycle_bound
	open cycle
	finish cycle "cross_node_cycle_waits_until_timeout_on_node$me"
	m3c_barrier cycle
}

# A sendrec_T that times out after node 1's server took its request: the
# server's late reply is refused (ENOTREADY: the caller, still bound, does
# not receive), and the caller never gets it (when it receives at last,
# nothing comes).
phase_reply_half_timeout() {
	if on 0; then
		$X waitproc 57 bound 20 > /dev/null
		check sendrec_T_times_out_waiting_for_remote_reply \
			$X call -s 88 -t 500 -L 2500 -R 500 sendrec_T 57 ETIMEDOUT
	else
		start late $X server 57 1 1500
		m3c_poll 0.1 "$CHECK_SECS" ended late
		check late_reply_to_timed_out_remote_caller_refused \
			log_has late 'last reply: ENOTREADY'
	fi
	m3c_barrier reply_half_timeout
}
