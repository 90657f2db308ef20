#!/bin/sh
# The soak across three nodes (tests/xnode/run.sh runs this on the three
# guests of a tests/qemu/run-cluster.sh run; M3_SOAK_SECS, through
# /opt/m3/xnode/soak.env, says how long: 180 s by default). m3d brings
# up each node from an m3d.conf (source "file"): the DRVS, TIPC, and VM 1
# on nodes 0, 1 and 2. On every node, m3x soak runs servers and clients
# of VM 1 that call each other across all nodes, kills one of its member
# processes every few seconds and starts it again, and logs what every
# member did to /cluster/soak (m3x_soak.h). Meanwhile node 0 makes the
# faults, in rounds, and logs when (/cluster/soak/faults, its clock):
#   m3d     node 1's m3d killed (-9) and started again: it adopts the
#           module and VM, the members carry on, node 1 stays up;
#   cut     node 1's link to node 0 cut (6 s), restored; then node 2's
#           link to node 1 (which both keep to node 0);
#   blip    node 1's link to node 0 cut for less than the tolerance (only
#           node 1 sees it at once, its NIC losing its carrier);
#   kill    node 2's QEMU killed, booted again: its m3d brings it back
#           and its new members take part (this script, boot 2, 3...);
#   leave   node 1 leaves the cluster and joins again (mnx_cluster_leave
#           and mnx_cluster_join, as m3d does at stop and start: a running
#           m3d leaves only when no VM here spans another node, which
#           would end VM 1).
# Then the clients stop, the servers take what is left, and node 0's
# m3x soak-check gives the verdict, a check per rule. Every node stops
# m3d (which ends the DRVS) and unloads the module.
. /opt/m3/xnode/xlib.sh
SOAK_SECS=180
[ ! -r /opt/m3/xnode/soak.env ] || . /opt/m3/xnode/soak.env
SOAK=$M3C_DIR/soak
KV=$M3C_DIR/kv
M3D=/opt/m3/m3d
WATCHDOG=30000		# ms: a call that waits longer hangs
KILL_MS=4000		# a member process killed every ~KILL_MS
CUT_MS=6000		# how long the link stays cut
BLIP_MS=700		# a cut shorter than the tolerance
TAG=node$M3_NODE.boot$M3_BOOT

# ---- m3d ------------------------------------------------------------------

m3d_conf() {
	local ifs
	ifs=$(awk '{ printf "%s\"%s\"", (NR > 1 ? ", " : ""), $1 }' /etc/m3-links)
	mkdir -p /etc/m3 /var/lib/m3d /run/m3d
	echo "$KEY" > /etc/m3/cluster.key
	chmod 600 /etc/m3/cluster.key
	cat > /etc/m3/m3d.conf <<EOF
source = "file";
nodeid = $M3_NODE;
drvs = { nr_nodes = 3; max_procs = 64; bearers = [$ifs];
  cluster_key_file = "/etc/m3/cluster.key"; link_tolerance_ms = $TOL; };
vms = ({ vmid = 1; name = "soak"; nodes = [0, 1, 2]; max_procs = 48;
  mode = "0666"; });
EOF
}

m3d_joined() {
	grep -q '^cluster=joined' /run/m3d/status 2>/dev/null
}

# m3d in the foreground, in the background; joined within a minute.
m3d_start() {
	rm -f /run/m3d/status
	start m3d "$M3D" -c /etc/m3/m3d.conf -S /var/lib/m3d -R /run/m3d
	m3c_wait 60 m3d_joined || { cat /tmp/m3d.log; false; }
}

# m3d brings the node up; then every other node is up here.
soak_setup() {
	local n ifc peer
	while read -r ifc peer; do
		ip link set "$ifc" up
	done < /etc/m3-links
	m3d_conf
	check "m3d_joins_$TAG" m3d_start
	for n in $(m3c_all_nodes); do
		[ "$n" = "$M3_NODE" ] ||
			check_long 100 "node${n}_up_at_$TAG" waitup_or_say "$n" 90
	done
}

# ---- this node's soak -----------------------------------------------------

soak_start() {
	mkdir -p "$SOAK"
	start soak $X soak -k "$KILL_MS" -W "$WATCHDOG" "$SOAK/$TAG.log"
	check "soak_started_$TAG" m3c_wait 60 grep -q '^started' /tmp/soak.log
}

# A fault, in the log the verdict reads: KIND A B, at node 0's clock.
fault() {
	echo "$1 $2 $3 $($X now)" >> "$SOAK/faults"
}

# What node 0 asks another node to do (act_NAME there), and its answer.
ask() {
	local n
	n=$(( $(cat "/tmp/asked.$1" 2>/dev/null || echo 0) + 1 ))
	echo "$n" > "/tmp/asked.$1"
	m3c_put "act.$1.$n" "$2"
	m3c_get "acted.$1.$n" > /dev/null
}

# Until node 0 stops the soak: do what it asks.
soak_agent() {
	local i=1
	until [ -e "$KV/soak_stop" ]; do
		if [ -e "$KV/act.$M3_NODE.$i" ]; then
			"act_$(cat "$KV/act.$M3_NODE.$i")"
			m3c_put "acted.$M3_NODE.$i" done
			i=$((i + 1))
		fi
		sleep 0.5
	done
}

# m3d killed and started again: it adopts the running module and VM,
# and this node's soak goes on.
act_m3d_restart() {
	local pid
	pid=$(cat /tmp/m3d.pid)
	kill -9 "$pid"
	wait "$pid" 2> /dev/null
	mv /tmp/m3d.log /tmp/m3d.killed.log
	check "m3d_restarted_joined_$TAG" m3d_start
	check "m3d_restarted_adopted_the_module_$TAG" \
		log_has m3d 'in the cluster already: adopted'
	check "m3d_restarted_soak_goes_on_$TAG" running soak
}

# Node 0 cut node 2's link to this node (1), or restored it.
act_node2_cut() {
	check "link_cut_node2_seen_down_$TAG" $X waitdown 2 10
}

act_node2_restored() {
	check_long 70 "link_restored_node2_up_$TAG" waitup_or_say 2 60
}

# Out of the cluster and back, the members staying.
act_leave_join() {
	check "cluster_leave_$TAG" $X leave
	sleep 3
	check "cluster_join_again_$TAG" $X join "$KEY"
	check_long 70 "cluster_rejoined_node0_up_$TAG" waitup_or_say 0 60
	check "cluster_rejoined_soak_goes_on_$TAG" running soak
}

# ---- node 0: the faults ---------------------------------------------------

# Sleep until MS on this node's clock.
sleep_until() {
	local left=$(( $1 - $($X now) ))
	[ "$left" -le 0 ] || sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"
}

fault_m3d_restart() {
	local downs
	downs=$(node_field 1 downs)
	fault m3d 1 0
	ask 1 m3d_restart
	sleep 5
	check "soak_r${round}_m3d_restart_node1_stayed_up" \
		equal "$(node_field 1 downs)" "$downs"
}

fault_link_cut() {
	local t
	m3c_host link 1 0 off
	fault cut 1 0
	t=$($X now)
	check "soak_r${round}_link_cut_node1_seen_down" $X waitdown 1 10
	sleep_until $((t + CUT_MS))
	m3c_host link 1 0 on
	fault restore 1 0
	check_long 70 "soak_r${round}_link_restored_node1_up" waitup_or_say 1 60
}

# Node 2's link to node 1 cut and restored: node 1 sees it (node 0
# keeps both).
fault_far_link_cut() {
	local t
	m3c_host link 2 1 off
	fault cut 2 1
	t=$($X now)
	ask 1 node2_cut
	sleep_until $((t + CUT_MS))
	m3c_host link 2 1 on
	fault restore 2 1
	ask 1 node2_restored
}

# Node 1's link to node 0 cut for a moment, then up again on both sides.
fault_blip() {
	m3c_host link 1 0 off
	fault blip 1 0
	sleep "0.$BLIP_MS"
	m3c_host link 1 0 on
	fault restore 1 0
	check_long 70 "soak_r${round}_link_blip_node1_up" waitup_or_say 1 60
}

# Node 2's QEMU killed, booted again: its soak runs again (boot B + 1).
fault_node_kill() {
	local b
	b=$(( $(cat /tmp/boots.2 2>/dev/null || echo 1) + 1 ))
	echo "$b" > /tmp/boots.2
	m3c_host kill 2
	fault kill 2 0
	check "soak_r${round}_node2_lost_seen" $X waitdown 2 10
	check "soak_r${round}_node2_booted_again" m3c_host boot 2
	fault boot 2 0
	check_long 400 "soak_r${round}_node2_boot${b}_takes_part" \
		m3c_wait 390 test -e "$KV/running.2.$b"
}

fault_leave_join() {
	fault leave 1 0
	ask 1 leave_join
	fault join 1 0
	check_long 70 "soak_r${round}_node1_rejoined_up" waitup_or_say 1 60
}

# One round of every fault, from now; it ends 40 s after the last one.
soak_round() {
	local t0
	t0=$($X now)
	sleep_until $((t0 + 15000))
	fault_m3d_restart
	sleep_until $((t0 + 40000))
	fault_link_cut
	sleep_until $((t0 + 55000))
	fault_far_link_cut
	sleep_until $((t0 + 68000))
	fault_blip
	sleep_until $((t0 + 80000))
	fault_node_kill
	sleep 15
	fault_leave_join
	sleep 40
}

soak_faults() {
	local end
	fault start 0 0
	end=$(( $($X now) + SOAK_SECS * 1000 ))
	round=1
	soak_round
	while [ $(( $($X now) + 150000 )) -lt "$end" ]; do
		round=$((round + 1))
		soak_round
	done
	sleep_until "$end"
	fault stop 0 0
	m3c_put soak_stop go
}

# ---- the end --------------------------------------------------------------

# The clients stop, then (every node's clients done) the servers drain.
soak_stop() {
	: > /tmp/soak.stop
	check_long $((WATCHDOG / 1000 + 60)) "soak_clients_ended_$TAG" \
		m3c_wait $((WATCHDOG / 1000 + 50)) grep -q '^stopped' /tmp/soak.log
	m3c_barrier soak_clients_done
	: > /tmp/soak.drain
	finish soak "soak_members_ended_in_order_$TAG"
	m3c_barrier soak_logs_written
}

# Node 0: the verdict, a check per rule, and the figures.
soak_verdict() {
	local rule
	check_long 600 soak_verdict_computed \
		sh -c "$X soak-check -n 3 -T $TOL -M 1000 $SOAK > /tmp/verdict.txt; true"
	sed 's/^/# /' /tmp/verdict.txt
	grep -v '^rule \|^  - ' /tmp/verdict.txt > "$SOAK/figures.txt"
	for rule in $(sed -n 's/^rule \([a-z_0-9]*\):.*/\1/p' /tmp/verdict.txt); do
		check "soak_$rule" rule_held "$rule"
	done
	check soak_verdict_has_rules grep -q '^rule ' /tmp/verdict.txt
}

# RULE: the verdict's lines on it; did it hold?
rule_held() {
	awk -v r="rule $1:" 'index($0, r) == 1 { p = 1; print; next }
		/^rule / { p = 0 } p' /tmp/verdict.txt
	grep -q "^rule $1: ok" /tmp/verdict.txt
}

drvs_gone() {
	cat /proc/m3ipc/info
	grep -q '^initialized: no' /proc/m3ipc/info &&
		grep -q '^mem_reserved: 0$' /proc/m3ipc/info
}

# m3d stops (ending the VM and the DRVS), the module unloads, quietly.
soak_end() {
	stop m3d "m3d_stops_$TAG"
	check "drvs_ended_nothing_reserved_$TAG" drvs_gone
	stop_all
	check "module_unloads_$TAG" sh -c 'rmmod m3ipc && [ ! -e /proc/m3ipc ]'
	check "kernel_log_clean_$TAG" kernel_quiet
	dmesg | grep -i -e m3ipc -e tipc | tail -30 | sed 's/^/# dmesg: /'
	summary
}

# ---- the run ----------------------------------------------------------------

soak_setup
if [ "$M3_BOOT" = 1 ]; then
	m3c_barrier soak_up
	soak_start
	m3c_barrier soak_started
else
	sleep 3		# the others' FLOOR frames, before any bind
	soak_start
	m3c_put "running.$M3_NODE.$M3_BOOT" go
fi
if on 0; then
	soak_faults
else
	soak_agent
fi
soak_stop
if on 0; then
	soak_verdict
	[ ! -x /opt/m3/m3adm ] || M3D_RUNTIME_DIR=/run/m3d /opt/m3/m3adm status |
		sed 's/^/# m3adm: /'
fi
m3c_barrier soak_checked
soak_end
