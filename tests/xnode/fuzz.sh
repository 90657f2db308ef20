#!/bin/sh
# The wire fuzzer across three nodes (tests/xnode/run.sh fuzz runs this on
# the three guests of a tests/qemu/run-cluster.sh run). A DRVS of four
# nodes, of which node 3 never comes (frames may claim it):
#   VM 1 spans 0,1,2    the genuine traffic (node k binds slots s % 3 == k)
#   VM 2 spans 0,1,2,3  and VM 4 (0,1,2): named by forged frames only
#   VM 3 spans 0,1,2    the bind before the links (setup.sh)
# Genuine traffic runs in VM 1 between every pair of nodes all along:
# echo servers (slot k) with clients (210..215) whose replies are checked,
# numbered streams from sources (60 + 3 * sink's node + own node) to a
# sink on each node (30 + k) that takes nothing else, and vcopy rounds of
# a caller on node 2 (92) with parties on nodes 0 (90) and 1 (91), every
# byte checked. In VM 2 a watcher on each node (40 + k) takes only what
# node 3's members send. Meanwhile:
#   node 2, as root, captures the Ethernet frames of its TIPC links for a
#           few seconds, then sends them again until the fuzzers are done:
#           on the same link, back to the node that sent them, and on
#           its other link (m3x replay);
#   node 1  runs the fuzzer as uid 65534 for $FUZZ_SECS against the three
#           modules (m3x fuzz), from $FUZZ_SEED;
#   node 0  runs the keyed fuzzer (m3x fuzz -K: it reads the cluster key
#           as root, then is uid 65534 too): it passes for node 3, so its
#           frames reach the calls of the modules, where a node of VM 2
#           may do what it likes in VM 2 and nothing in VMs 1, 3 and 4.
# Then every node checks that its module counted as dropped at least the
# frames the fuzzer says it must have, that no node went down or up, that
# node 3 came up and its frames were taken, that the genuine traffic held
# and the watchers saw no one else; and prints the figures ("# fuzz:",
# "# keyed:" lines).
. /opt/m3/xnode/xlib.sh
. /opt/m3/xnode/setup.sh
FUZZ_SECS=60 FUZZ_SEED=1 FUZZ_RATE=1000
. /opt/m3/xnode/fuzz.env	# run.sh's settings
NR_NODES=4
TOL=10000	# a starved guest (seconds, on a busy host) keeps its links
CAPTURE_SECS=8
COPY_SIZE=300001
STOP=/tmp/fuzz.stop
# The unprivileged fuzzer names every member, as sender and receiver, and
# VM 1 half the time; the keyed one names node 3's members of VM 2 (slots
# 3 mod 4) and a few others' as senders, the watchers and VM 1's servers,
# sinks and clients as receivers, and VM 2 half the time.
FUZZ_EPS=0,1,2,3,7,11,30,31,32,40,41,42,43,47,60,61,62,63,64,65,66,67,68,90,91,92,210,211,212,213,214,215
FUZZ_VMS=1,2,3,4
KEYED_SRC=3,7,11,43,47,0,1,40,41
KEYED_DST=40,41,42,0,1,2,30,31,32,210,211,212
KEYED_VMS=2,1,3,4

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
	start watch $X -v 2 stream watch $((40 + me)) 4 3 $STOP
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

# TAG CHECK ARGS...: m3x fuzz ARGS as uid 65534, from $FUZZ_SEED for
# $FUZZ_SECS, as the check CHECK; then the drops it says each node must
# count published (TAG_expect_NODE: "NODE:COUNT...", empty if it said
# nothing) and its figures printed ("# TAG: ...").
run_fuzzer() {
	local tag=$1 name=$2 n
	shift 2
	start "$tag" $X fuzz -u 65534 -s "$FUZZ_SEED" -t "$FUZZ_SECS" \
		-r "$FUZZ_RATE" -N 0,1,2 "$@"
	CHECK_SECS=$((FUZZ_SECS + $(slow 120)))
	finish "$tag" "$name"
	CHECK_SECS=$(slow 40)
	for n in $(m3c_all_nodes); do
		m3c_put "${tag}_expect_$n" \
			"$(sed -n "s/^fuzz: node $n must count dropped: //p" "/tmp/$tag.log")"
	done
	grep -v -e 'frames after' -e 'must count' "/tmp/$tag.log" |
		sed "s/^fuzz: /# $tag: /"
}

phase_fuzz_attack() {
	local ifaces
	counters > /tmp/counters.before
	ifaces=$(m3c_links | awk '{ print $1 }')
	case $M3_NODE in
	1)
		m3c_barrier fuzz_captured
		run_fuzzer fuzz fuzzer_ran_as_nobody $NR_NODES $FUZZ_EPS \
			$FUZZ_EPS $FUZZ_VMS
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
	0)
		m3c_barrier fuzz_captured
		run_fuzzer keyed keyed_fuzzer_passed_for_node3 \
			-K /cluster/cluster.key -C 3 $NR_NODES $KEYED_SRC \
			$KEYED_DST $KEYED_VMS
		;;
	esac
	M3C_TIMEOUT=$((FUZZ_SECS + $(slow 300)))
	m3c_barrier fuzz_over
	M3C_TIMEOUT=$(slow 150)
	: > $STOP
}

# WANT... ("NODE:COUNT" words, the fuzzers' figures): this module counted
# as dropped, since the attack began, at least the COUNTs of each NODE.
drops_counted() {
	local n want before after ok=0
	echo "$*" | tr ' ' '\n' |
		awk -F: 'NF == 2 { s[$1] += $2 } END { for (n in s) print n, s[n] }' |
		sort -n > /tmp/drops.want
	[ -s /tmp/drops.want ] || { echo "no figures from the fuzzers"; return 1; }
	while read -r n want; do
		before=$(awk -v n="$n" '$1 == n { print $2 }' /tmp/counters.before)
		after=$(dropped "$n")
		echo "# drops: node$M3_NODE counted $((after - before)) frames from node $n dropped during the attack, the fuzzers say at least $want"
		[ $((after - before)) -ge "$want" ] || ok=1
	done < /tmp/drops.want
	return $ok
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

# Node 3 (the keyed fuzzer) came up, its frames were taken, and it was
# seen gone when it left.
keyed_checks() {
	local on=on_node$M3_NODE ups_before
	ups_before=$(awk '$1 == 3 { print $3 }' /tmp/counters.before)
	echo "# keyed: node$M3_NODE took $(node_field 3 rx) frames from node 3"
	check "keyed_node3_came_up_$on" greater "$(ups 3)" "$ups_before"
	check "keyed_node3_frames_taken_$on" greater "$(node_field 3 rx)" 0
	check "keyed_node3_down_once_gone_$on" $X waitdown 3 30
}

phase_fuzz_checks() {
	local on=on_node$M3_NODE n
	check "fuzz_frames_dropped_and_counted_$on" \
		drops_counted "$(m3c_get "fuzz_expect_$M3_NODE")" \
		"$(m3c_get "keyed_expect_$M3_NODE")"
	grep '^# drops' /tmp/check.log
	check "fuzz_no_node_down_or_up_$on" nodes_steady
	keyed_checks
	CHECK_SECS=$(slow 120)
	for n in $(others); do
		finish "cl$n" "fuzz_genuine_sendrec_node${M3_NODE}_to_node$n"
		finish "src$n" "fuzz_genuine_stream_node${M3_NODE}_to_node$n"
	done
	finish sink "fuzz_sink_took_only_genuine_messages_$on"
	finish watch "keyed_vm2_watcher_saw_only_node3_members_$on"
	[ "$M3_NODE" = 2 ] || finish party "fuzz_copy_party_bytes_right_$on"
	[ "$M3_NODE" != 2 ] || finish copier fuzz_copy_caller_bytes_right_node2
	CHECK_SECS=$(slow 40)
	stop srv "fuzz_server_held_$on"
	grep -h -e '^sink' -e '^caller' -e '^client' -e '^party' -e '^watch' \
		/tmp/*.log | sed 's/^/# traffic: /'
	# What TIPC said (its link resets are info lines, off the console).
	dmesg | grep -i tipc | tail -40 | sed 's/^/#   dmesg: /'
	m3c_barrier fuzz_checked
}

# Then node 0 passes for node 3 again, announces its member 3 of VM 2,
# answers no call and every cancel with ANSWER: "parked" (the request was
# taken) or EINTR (cancelled, as for a signal), both wrong after a
# timeout. A member of each node that calls it with a timeout (sendrec_T,
# twice) gets ETIMEDOUT or EPROTO each time (docs/semantics.md: a peer
# that breaks the protocol ends the call with -EPROTO): what the peer
# answers must neither leave the caller parked nor pass for a signal of
# the caller's (a restart code of the kernel's own, 513 or 514).
phase_keyed_timeout() {
	local answer=$1 tag=keyed_$2 ep
	if on 0; then
		start peer $X fuzz -K /cluster/cluster.key -C 3 -u 65534 -q \
			-A "$answer" -B 2:3 -t 90 -N 0,1,2 $NR_NODES 3 3 2
	fi
	check "${tag}_peer_member_seen_on_node$M3_NODE" \
		$X -v 2 waitproc 3 bound 30
	ep=$(sed -n 's/.* bound (\([0-9]*\)).*/\1/p' /tmp/check.log)
	check "${tag}_answer_to_timeout_ends_sendrec_T_on_node$M3_NODE" \
		$X -v 2 stream timeout $((44 + M3_NODE)) "${ep:-3}"
	m3c_barrier "$tag"
	if on 0; then
		stop peer
		grep -v -e 'frames after' -e 'must count' /tmp/peer.log |
			sed "s/^fuzz: /# $tag peer: /"
	fi
	check "${tag}_peer_gone_on_node$M3_NODE" $X waitdown 3 30
}

# Node 0 passes for node 3 once more, announces its member 3 of VM 2 and
# has it copy with itself as the party (VREAD, VWRITE to every module):
# each module refuses both (VDONE with an error), as it refuses a local
# caller that names itself, and stays up (the kernel's log stays clean).
phase_keyed_self_copy() {
	if on 0; then
		check keyed_self_copy_refused_by_every_module \
			$X fuzz -K /cluster/cluster.key -C 3 -u 65534 -q -B 2:3 -S \
			-t 1 -N 0,1,2 $NR_NODES 3 3 2
		grep 'own party' /tmp/check.log | sed 's/^fuzz: /# keyed: /'
	fi
	m3c_barrier keyed_self_copy
	check "keyed_self_copy_peer_gone_on_node$M3_NODE" $X waitdown 3 30
}

phase setup $NR_NODES 1:0,1,2 2:0,1,2,3 3:0,1,2 4:0,1,2
m3c_barrier setup
phase fuzz_traffic
phase fuzz_attack
phase fuzz_checks
phase keyed_timeout parked parked
phase keyed_timeout EINTR eintr
phase keyed_self_copy
phase end
