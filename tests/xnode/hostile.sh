# An unprivileged process with its own AF_TIPC sockets against the
# modules (sourced after xlib.sh): m3x hostile, as uid 65534 on node 1,
# publishes the modules' service, relays their handshakes and forges
# every kind of frame, naming the members below, and replays them, then
# floods. VM 1 as in calls.sh. Meanwhile:
#   node 0: 50 receives from ANY, 52 waits in a sendrec on 51 (node 1,
#           a server that does not receive yet), a client talks to 1;
#   node 1: 53 receives from ANY.
# Then nothing reached 50 or 53 before the genuine messages that follow
# (from 56 and 58), 52 gets the genuine reply, the forged binds and
# unbinds changed nothing, each node counted the other's frames that it
# dropped, and no node went down.
HOSTILE_SRC=1,51,52,55,0
HOSTILE_DST=50,52,53,0,54

# PEER DROPPED UPS FREE_SLOT, after the attack: this node dropped (and
# counted) more of PEER's frames than DROPPED, PEER went neither down nor
# up again (UPS), the forged binds left FREE_SLOT (PEER's) free and the
# forged unbinds left PEER's server (slot PEER) bound.
hostile_left_no_trace() {
	local on=on_node$M3_NODE
	check "hostile_frames_dropped_and_counted_$on" \
		greater "$(dropped "$1")" "$2"
	check "hostile_did_not_bring_node$1_down_or_up_$on" \
		equal "$(ups "$1") $(node_field "$1" downs)" "$3 0"
	check "hostile_forged_bind_ignored_$on" $X waitproc "$4" free 0
	check "hostile_forged_unbind_ignored_$on" $X waitproc "$1" bound 0 "$1"
}

phase_hostile() {
	local drops ups_before
	if on 0; then
		m3c_get hostile_ready > /dev/null
		drops=$(dropped 1)
		ups_before=$(ups 1)
		start h50 $X call -s 50 -S 56 receive ANY OK
		$X waitproc 51 bound 20 > /dev/null
		start h52 $X call -s 52 sendrec 51 OK
		$X waitproc 50 receiving 20 > /dev/null
		$X waitproc 52 sendrec 20 > /dev/null
		m3c_put hostile_go go
		start hcl $X client 1 -5 206
		m3c_get hostile_done > /dev/null
		hostile_left_no_trace 1 "$drops" "$ups_before" 55
		check hostile_then_genuine_send_node0 $X call -s 56 send 50 OK
		check hostile_then_genuine_send_node0_to_node1 $X call -s 58 send 53 OK
		finish h50 hostile_nothing_reached_receiver_on_node0
		finish h52 hostile_no_forged_reply_to_waiting_sendrec
		finish hcl hostile_genuine_traffic_flows_during_attack
	else
		start h51 $X server 51 1 0 /tmp/go.h51
		start h53 $X call -s 53 -S 58 receive ANY OK
		$X waitproc 53 receiving 20 > /dev/null
		ep_of h51 > /dev/null
		drops=$(dropped 0)
		ups_before=$(ups 0)
		m3c_put hostile_ready go
		m3c_get hostile_go > /dev/null
		$X waitproc 52 sendrec 20 > /dev/null
		check hostile_process_runs_as_nobody $X hostile -u 65534 -t 1500 \
			-f 2000 2 "$HOSTILE_SRC" "$HOSTILE_DST"
		hostile_left_no_trace 0 "$drops" "$ups_before" 54
		m3c_put hostile_done go
		open h51
		finish h51 hostile_then_genuine_request_answered
		finish h53 hostile_nothing_reached_receiver_on_node1
	fi
	m3c_barrier hostile
}
