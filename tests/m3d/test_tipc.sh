#!/usr/bin/env bash
# m3d configures TIPC and joins the cluster (root, on the real module: run
# in the e2e guest after test_faults.sh, with m3d.service stopped). The
# guest has no NIC of its own: a veth pair stands for the Ethernet link,
# its far end in a network namespace where `tipc` plays node 1 (another
# TIPC stack, without the module). m3d runs in the foreground, node 0:
#   start: TIPC node identity "0", the master key (the link to node 1
#     comes up encrypted only if both hold the same key), the bearer and
#     its link tolerance, M3_IOC_CLUSTER_JOIN; m3adm status shows node 1
#     with its link, to root and to an ordinary user;
#   reload: a second interface enabled, the tolerance changed, the first
#     interface disabled when it is no longer named; a new key refused;
#     the node left when no VM here spans another node, joined again;
#   stop: M3_IOC_CLUSTER_LEAVE, the bearers m3d enabled disabled;
#   failures (each: exit 1, the step and the kernel's words, no VM
#     started, no bearer left): an interface that is not there, a node
#     identity TIPC already has otherwise.
#   before that, with TIPC not loaded: m3d says to load it, and exits 1.
# TIPC keeps its node identity until its module is reloaded: the checks
# run in this order, once per boot.
# Prints "ok NAME" / "not ok NAME" per check.
#   M3D=... ADM=... bash tests/m3d/test_tipc.sh
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
M3D=${M3D:-$TOP/m3d/m3d}
ADM=${ADM:-$TOP/m3d/m3adm}
NS=m3peer
dir=$(mktemp -d /tmp/m3d-tipc.XXXXXX)
M3T_PREFIX=tipc M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"
m3t_on_fail() { tail -8 "$dir/log" 2>/dev/null | sed 's/^/# m3d: /'; }

cleanup() {
	[ -f "$dir/m3d.pid" ] && kill -9 "$(cat "$dir/m3d.pid")" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	ip link del va 2>/dev/null
	ip link del vc 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

logged() { grep -q -- "$1" "$dir/log"; }
adm() { M3D_RUNTIME_DIR=$dir/run "$ADM" "$@"; }
jq_is() {	# EXPR WANT: a value of m3adm status --json
	local got
	got=$(adm status --json | jq -r "$1")
	[ "$got" = "$2" ] || { echo "$1 is $got, want $2"; adm status; return 1; }
}

new_key() { od -An -tx1 -N36 /dev/urandom | tr -d ' \n'; }

# conf NODEID TOLERANCE IFACE...: DIR/m3d.conf, two nodes, VM 1 on both.
conf() {
	local id=$1 tol=$2 list="" i
	shift 2
	for i in "$@"; do list="$list${list:+, }\"$i\""; done
	cat > "$dir/m3d.conf" <<CONF
source = "file";
nodeid = $id;
drvs = { nr_nodes = 2; bearers = [$list];
  cluster_key_file = "$dir/key"; link_tolerance_ms = $tol; };
vms = ({ vmid = 1; name = "span"; nodes = [0, 1]; mode = "0666"; });
CONF
}

m3d_start() {
	mkdir -p "$dir/state" "$dir/run"
	"$M3D" -c "$dir/m3d.conf" -S "$dir/state" -R "$dir/run" 2>>"$dir/log" &
	echo $! > "$dir/m3d.pid"
}
m3d_stop() {
	local pid
	pid=$(cat "$dir/m3d.pid") && kill "$pid" && wait "$pid"
}
joined() { grep -q '^cluster=joined' "$dir/run/status"; }

# Interface A here, its peer B in the namespace, both up.
veth() {
	ip link add "$1" type veth peer name "$2" netns "$NS" &&
	ip link set "$1" up && ip -n "$NS" link set "$2" up
}

# Nothing loads tipc.ko but the administrator (it has no alias that the
# kernel would load it by): m3d says how, and starts nothing.
tipc_not_loaded() {
	! lsmod | grep -q '^tipc ' &&
	new_key > "$dir/key" && chmod 600 "$dir/key" && conf 0 400 va &&
	refused 'cluster: TIPC: not loaded (no netlink family TIPCv2): modprobe tipc, and name it in /etc/modules-load.d/'
}

# Node 1: another TIPC stack in the namespace, the same key, both links.
setup() {
	modprobe tipc &&
	ip netns add "$NS" && ip -n "$NS" link set lo up &&
	veth va vb && veth vc vd &&
	ip netns exec "$NS" tipc node set identity 1 &&
	ip netns exec "$NS" tipc node set key "0x$(cat "$dir/key")" master &&
	ip netns exec "$NS" tipc bearer enable media eth device vb &&
	ip netns exec "$NS" tipc bearer enable media eth device vd &&
	conf 0 400 va
}

started() {
	m3d_start && within 20000 joined &&
	tipc node get identity | grep -q '^0 ' &&
	tipc bearer list | grep -qx 'eth:va' &&
	[ "$(tipc bearer get tolerance media eth device va)" = 400 ] &&
	dmesg | grep -q 'm3ipc.*node 0 joined the cluster' &&
	logged 'cluster: TIPC bearer eth:va enabled'
}

# Encrypted with the master key: up only if m3d gave TIPC node 1's key.
link_up() {
	within 20000 sh -c "tipc link list | grep -q '^0:va-1:vb: up'"
}

status_nodes() {
	jq_is '.m3d.cluster' 'joined over eth:va, link tolerance 400 ms' &&
	jq_is '.nodes[0].state' self &&
	jq_is '[.nodes[1].links_up, .nodes[1].links] | tostring' '[1,1]' &&
	jq_is '.members | map("\(.vmid):\(.node):\(.members)") | join(" ")' \
		'1:0:0 1:1:0' &&
	adm status | grep -q '^nodes: joined over eth:va'
}

status_as_user() {
	setpriv --reuid=65534 --regid=65534 --clear-groups env \
		M3D_RUNTIME_DIR="$dir/run" "$ADM" status --json > "$dir/user.json" &&
	jq -e '.nodes[1].links_up == 1' "$dir/user.json" >/dev/null ||
		{ cat "$dir/user.json"; return 1; }
}

reload_bearers() {
	conf 0 600 va vc && kill -HUP "$(cat "$dir/m3d.pid")" &&
	within 10000 sh -c "tipc bearer list | grep -qx eth:vc" &&
	within 5000 sh -c "[ \"\$(tipc bearer get tolerance media eth device va)\" = 600 ]" &&
	[ "$(tipc bearer get tolerance media eth device vc)" = 600 ] &&
	conf 0 600 vc && kill -HUP "$(cat "$dir/m3d.pid")" &&
	within 10000 sh -c "! tipc bearer list | grep -qx eth:va" &&
	tipc bearer list | grep -qx 'eth:vc' && joined
}

reload_key_refused() {
	local old
	old=$(cat "$dir/key")
	new_key > "$dir/key" && kill -HUP "$(cat "$dir/m3d.pid")" &&
	within 10000 logged 'the key changed: not applied' && joined &&
	echo "$old" > "$dir/key"
}

# VM 1 on this node alone: nothing to join, the node leaves; back on
# both nodes, it joins again.
reload_leave_rejoin() {
	conf 0 600 vc && sed -i 's/nodes = \[0, 1\]/nodes = [0]/' "$dir/m3d.conf" &&
	kill -HUP "$(cat "$dir/m3d.pid")" && within 10000 logged 'cluster: left' &&
	[ -z "$(tipc bearer list)" ] && ! grep -q '^cluster=' "$dir/run/status" &&
	conf 0 600 vc && kill -HUP "$(cat "$dir/m3d.pid")" && within 20000 joined &&
	tipc bearer list | grep -qx 'eth:vc' &&
	[ "$(dmesg | grep -c 'm3ipc.*node 0 joined the cluster')" -eq 2 ]
}

stopped() {
	m3d_stop &&
	dmesg | grep -q 'm3ipc.*node 0 left the cluster' &&
	[ -z "$(tipc bearer list)" ] && logged 'cluster: left'
}

# m3d exits 1 with WANT in its log: nothing started, no bearer left.
refused() {
	local rc
	: > "$dir/log"
	m3d_start
	wait "$(cat "$dir/m3d.pid")"; rc=$?
	[ "$rc" -eq 1 ] && logged "$1" && [ -z "$(tipc bearer list)" ] &&
	! adm vm list --json | jq -e '.vms[] | select(.vmid == 1)' >/dev/null ||
		{ echo "exit $rc"; cat "$dir/log"; return 1; }
}

no_interface() {
	conf 0 400 va nope0 &&
	refused 'cluster: TIPC bearer eth:nope0: Failed to enable media ('
}

identity_taken() {
	conf 1 400 va &&
	refused 'cluster: TIPC node identity: it is "0" already, not "1"'
}

t tipc_not_loaded_refused tipc_not_loaded
t setup setup
t identity_key_bearer_joined started
t link_to_node_1_up_with_the_key link_up
t status_shows_nodes_and_links status_nodes
t status_links_for_ordinary_user status_as_user
t reload_enables_disables_bearers reload_bearers
t reload_new_key_refused reload_key_refused
t reload_leaves_and_joins_again reload_leave_rejoin
t stop_leaves_and_disables stopped
t missing_interface_refused no_interface
t other_identity_refused identity_taken
[ "$m3t_fails" -eq 0 ]
