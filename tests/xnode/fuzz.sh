#!/bin/sh
# The wire fuzzer across three nodes (tests/xnode/run.sh fuzz runs this on
# the three guests of a tests/qemu/run-cluster.sh run). A DRVS of four
# nodes, of which node 3 never comes (frames may claim it):
#   VM 1 spans 0,1,2    the genuine traffic (node k binds slots s % 3 == k)
#   VM 2 spans 0,1,2,3  and VM 4 (0,1,2): named by forged frames only
#   VM 3 spans 0,1,2    the bind before the links (setup.sh)
# Genuine traffic runs between every pair of nodes all along: echo
# servers (slot k) with clients (210..215) whose replies are checked,
# numbered streams from sources (60 + 3 * sink's node + own node) to a
# sink on each node (30 + k) that takes nothing else, and vcopy rounds of
# a caller on node 2 (92) with parties on nodes 0 (90) and 1 (91), every
# byte checked. Meanwhile:
#   node 2, as root, captures the Ethernet frames of its TIPC links for a
#           few seconds, then sends them again until the fuzzer is done:
#           on the same link, back to the node that sent them, and on
#           its other link (m3x replay);
#   node 1  runs the fuzzer as uid 65534 for $FUZZ_SECS against the three
#           modules (m3x fuzz), from $FUZZ_SEED.
# Then every node checks that its module counted as dropped at least the
# frames the fuzzer says it must have, that no node went down or up, and
# that the genuine traffic held; and prints the figures ("# fuzz:" lines).
. /opt/m3/xnode/xlib.sh
. /opt/m3/xnode/setup.sh
FUZZ_SECS=60 FUZZ_SEED=1 FUZZ_RATE=1000
. /opt/m3/xnode/fuzz.env	# run.sh's settings
NR_NODES=4
CAPTURE_SECS=8
COPY_SIZE=300001
STOP=/tmp/fuzz.stop
FUZZ_EPS=0,1,2,3,7,30,31,32,60,61,62,63,64,65,66,67,68,90,91,92,210,211,212,213,214,215
FUZZ_VMS=1,2,3,4

others() {
	m3c_all_nodes | grep -v "^$M3_NODE\$"
}

# The slot of the stream from node $1 to the sink of node $2.
source_slot() {
	echo $((60 + 3 * $2 + $1))
}

phase_fuzz_traffic() {
	local me=$M3_NODE n j=0 sources=
	start srv $X server "$me" 0
	for n in $(others); do
		sources="$sources $(source_slot "$n" "$me")"
	done
	start sink $X stream sink $((30 + me)) $sources
	[ "$me" = 2 ] || start party $X copyloop party $((90 + me)) 92 $COPY_SIZE
	for n in $(others); do
		$X waitproc "$n" bound 60 > /dev/null
		$X waitproc $((30 + n)) bound 60 > /dev/null
	done
	m3c_barrier fuzz_servers
	for n in $(others); do
		start "cl$n" $X client "$n" -$((FUZZ_SECS + CAPTURE_SECS + 10)) \
			$((210 + 3 * j + me))
		start "src$n" $X stream source "$(source_slot "$me" "$n")" \
			$((30 + n)) $STOP
		j=$((j + 1))
	done
	[ "$me" != 2 ] || start copier $X copyloop caller 92 $COPY_SIZE $STOP 90 91
	m3c_barrier fuzz_traffic
}

# Each counter of every other node: "NODE DROPPED UPS DOWNS" a line.
counters() {
	local n
	for n in $(seq 0 $((NR_NODES - 1))); do
		[ "$n" = "$M3_NODE" ] && continue
		echo "$n $(dropped "$n") $(ups "$n") $(node_field "$n" downs)"
	done
}

phase_fuzz_attack() {
	local ifaces
	counters > /tmp/counters.before
	ifaces=$(m3c_links | awk '{ print $1 }')
	case $M3_NODE in
	1)
		m3c_barrier fuzz_captured
		start fuzz $X fuzz -u 65534 -s "$FUZZ_SEED" -t "$FUZZ_SECS" \
			-r "$FUZZ_RATE" -N 0,1,2 $NR_NODES $FUZZ_EPS $FUZZ_VMS
		CHECK_SECS=$((FUZZ_SECS + 120))
		finish fuzz fuzzer_ran_as_nobody
		CHECK_SECS=40
		sed -n 's/^fuzz: node \([0-9]*\) must count \([0-9]*\) dropped$/\1 \2/p' \
			/tmp/fuzz.log | while read -r n want; do
			m3c_put "fuzz_expect_$n" "$want"
		done
		grep -v -e 'frames after' -e 'must count' /tmp/fuzz.log |
			sed 's/^fuzz: /# fuzz: /'
		;;
	2)
		check_long $((CAPTURE_SECS + 30)) capture_genuine_traffic_as_root \
			$X capture $CAPTURE_SECS /tmp/capture $ifaces
		sed 's/^/# /' /tmp/check.log
		m3c_barrier fuzz_captured
		check_long $((FUZZ_SECS + 60)) replay_captured_frames \
			$X replay /tmp/capture "$FUZZ_SECS" $ifaces
		sed 's/^/# /' /tmp/check.log
		;;
	*)
		m3c_barrier fuzz_captured
		;;
	esac
	M3C_TIMEOUT=$((FUZZ_SECS + 300))
	m3c_barrier fuzz_over
	M3C_TIMEOUT=150
	: > $STOP
}

# The frames this module counted as dropped since the attack began.
drops_since() {
	local got=0 n before
	while read -r n before _; do
		got=$((got + $(dropped "$n") - before))
	done < /tmp/counters.before
	echo "$got"
}

# No node went down or up since the attack began.
nodes_steady() {
	local n before ups downs
	while read -r n before ups downs; do
		[ "$n" -lt "$M3_NODES" ] || continue
		equal "$n: $(ups "$n") $(node_field "$n" downs)" "$n: $ups $downs" ||
			return 1
	done < /tmp/counters.before
}

phase_fuzz_checks() {
	local on=on_node$M3_NODE n want got
	want=$(m3c_get "fuzz_expect_$M3_NODE")
	got=$(drops_since)
	echo "# drops: node$M3_NODE counted $got frames dropped during the attack, the fuzzer says at least ${want:-?}"
	check "fuzz_frames_dropped_and_counted_$on" \
		greater "$((got + 1))" "${want:-1}"
	check "fuzz_no_node_down_or_up_$on" nodes_steady
	CHECK_SECS=120
	for n in $(others); do
		finish "cl$n" "fuzz_genuine_sendrec_node${M3_NODE}_to_node$n"
		finish "src$n" "fuzz_genuine_stream_node${M3_NODE}_to_node$n"
	done
	finish sink "fuzz_sink_took_only_genuine_messages_$on"
	[ "$M3_NODE" = 2 ] || finish party "fuzz_copy_party_bytes_right_$on"
	[ "$M3_NODE" != 2 ] || finish copier fuzz_copy_caller_bytes_right_node2
	CHECK_SECS=40
	stop srv "fuzz_server_held_$on"
	grep -h -e '^sink' -e '^caller' -e '^client' -e '^party' /tmp/*.log | sed 's/^/# traffic: /'
	m3c_barrier fuzz_checked
}

phase setup $NR_NODES 1:0,1,2 2:0,1,2,3 3:0,1,2 4:0,1,2
m3c_barrier setup
phase fuzz_traffic
phase fuzz_attack
phase fuzz_checks
phase end
