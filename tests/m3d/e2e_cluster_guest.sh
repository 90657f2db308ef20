#!/usr/bin/env bash
# m3d end to end over two nodes (run by m3-e2e-cluster.service on both
# guests of tests/m3d/run-e2e-cluster.sh, systemd as PID 1): one slapd, on
# node 0, serves schema/example.ldif as an administrator would load it
# (two nodes over eth0; the run's cluster key in m3ClusterKey, readable
# by m3d's bind DN alone) to both nodes over the guests' own link; m3d
# runs from the shipped unit on each node, configures TIPC and joins the
# other node before READY. Then an LDAP edit adds a VM that spans both
# nodes, its members on node 0 and node 1 call each other, `m3adm status`
# shows the members per node, deleting the VM in LDAP ends it on both
# nodes (each member gets SIGPIPE), and `systemctl stop m3d` leaves the
# cluster. Output on the second serial port: "ok nodeK/NAME" / "not ok
# nodeK/NAME" per check, then "M3-GUEST-EXIT: N".
exec >/dev/ttyS1 2>&1
set -u
TOP=${TOP:?the unit sets TOP}
# run-cluster.sh names the node on the kernel command line.
eval "$(tr ' ' '\n' < /proc/cmdline | grep -E '^M3_(NODE|NODES|BOOT)=[0-9]+$')"
. /usr/lib/m3/cluster-lib.sh	# run-cluster.sh's guest side
. "$TOP/tests/m3d/slapd.sh"
MEMBER=$TOP/tests/m3d/build/e2e_member
BASE="cn=cluster1,ou=m3,$SLAPD_SUFFIX"
OTHER=$((1 - M3_NODE))
NET=10.77.0	# the guests' link: node K is NET.(K+1), node 0 serves LDAP
work=/tmp/e2e
mkdir -p "$work"
M3T_PREFIX=node$M3_NODE M3T_TMP=$work
. "$TOP/tests/m3d/tap.sh"
m3t_on_fail() { journalctl -u m3d -b --no-pager | tail -12 | sed 's/^/# journal: /'; }

status() { m3adm status --json | jq -r "$1"; }
vms() { status '[.vms[].vmid | tostring] | join(" ")'; }
is() {	# EXPR WANT: a field of m3adm status --json
	local got
	got=$(status "$1")
	[ "$got" = "$2" ] || { echo "$1 is $got, want $2"; m3adm status; return 1; }
}
vms_are() { is '[.vms[].vmid | tostring] | join(" ")' "$1"; }

node_is() {	# NODE STATE: /proc/m3ipc/nodes says so
	awk -v n="$1" -v s="$2" '$1 == n && $3 == s { f = 1 } END { exit !f }' \
		/proc/m3ipc/nodes || { cat /proc/m3ipc/nodes; return 1; }
}

# The link to the other node: eth0 (one NIC, net.ifnames=0), as
# example.ldif's m3Bearer says; IPv4 on it for LDAP.
link() {
	m3c_setup && [ "$(cat /etc/m3-links)" = "eth0 $OTHER" ] &&
	ip link set eth0 up &&
	ip addr add "$NET.$((M3_NODE + 1))/24" dev eth0
}

# Node 0: slapd on the link, with example.ldif and this run's key.
ldap_server() {
	sed "s/^m3ClusterKey: .*/m3ClusterKey: $(cat "$M3C_DIR/cluster.key")/" \
		"$TOP/schema/example.ldif" > "$work/cluster.ldif" &&
	slapd_setup "$work/ldap" "$work/cluster.ldif" &&
	SLAPD_HOST=$NET.1 slapd_start "$work/ldap" &&
	m3c_put ldap_uri "$SLAPD_URI"
}

# m3d.conf as docs/admin-m3d.md gives it: bound as m3d's DN.
conf() {
	SLAPD_URI=$(m3c_get ldap_uri) || return
	(umask 077 && echo change-me > /etc/m3/ldap.secret) &&
	cat > /etc/m3/m3d.conf <<CONF
source = "ldap";
nodeid = $M3_NODE;
ldap = { uri = "$SLAPD_URI"; base = "$BASE";
  bind_dn = "$SLAPD_M3D"; password_file = "/etc/m3/ldap.secret"; };
CONF
}

# Before READY m3d has configured TIPC and joined: `systemctl start`
# returns only then. VM web (1) spans both nodes, batch (2) node 1 only.
started() {
	local want="1"
	[ "$M3_NODE" = 1 ] && want="1 2"
	systemctl start m3d && systemctl is-active m3d &&
	is .drvs.initialized true && vms_are "$want" &&
	is .m3d.cluster 'joined over eth:eth0, link tolerance 1500 ms' &&
	is ".nodes[$M3_NODE].state" self &&
	within 15000 is .m3d.ldap connected
}

peer_up() {
	within 60000 is ".nodes[$OTHER].state" up &&
	is "[.nodes[$OTHER].links_up, .nodes[$OTHER].links] | tostring" '[1,1]' &&
	node_is "$OTHER" up
}

# Node 1 adds VM 3 over the link, as the admin; both nodes start it.
vm_added() {
	if [ "$M3_NODE" = 1 ]; then
		printf 'dn: cn=app,%s\nobjectClass: m3VM\ncn: app\nm3VmId: 3\nm3VmName: app\nm3VmNodes: 0\nm3VmNodes: 1\nm3VmMode: 0666\n' \
			"$BASE" | slapd_modify || return
	fi
	local want="1 3"
	[ "$M3_NODE" = 1 ] && want="1 2 3"
	within 20000 vms_are "$want"
}

# A server on slot K of VM 3 (node K owns it: m3_slot_owner()).
serving() {
	"$MEMBER" serve 3 "$M3_NODE" > "$work/serve.out" 2>&1 &
	SERVER_PID=$!
	within 10000 grep -q '^bound' "$work/serve.out" &&
	m3c_put "ep$M3_NODE" "$(sed -n 's/^bound //p' "$work/serve.out")"
}

calls_other() { "$MEMBER" callep 3 "$(m3c_get "ep$OTHER")"; }

members_per_node() {
	within 10000 is '.members | map(select(.vmid == 3) | "\(.node):\(.members)") | join(" ")' \
		"0:1 1:1"
}

# Node 0 deletes VM 3 in LDAP: m3d ends it on both nodes.
vm_removed() {
	if [ "$M3_NODE" = 0 ]; then
		ldapdelete -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret "cn=app,$BASE" ||
			return
	fi
	within 20000 grep -qx SIGPIPE "$work/serve.out" && wait "$SERVER_PID" &&
	! awk '$1 == 3 { f = 1 } END { exit !f }' /proc/m3ipc/vms &&
	within 10000 vms_are "$([ "$M3_NODE" = 1 ] && echo "1 2" || echo 1)"
}

# Node 1 stops m3d first: it leaves; node 0 sees it go.
stopped() {
	if [ "$M3_NODE" = 1 ]; then
		systemctl stop m3d && is .drvs.initialized false &&
		! tipc bearer list | grep -q eth
	else
		within 20000 node_is 1 down
	fi
}

t link link
[ "$M3_NODE" = 0 ] && t ldap_server_on_the_link ldap_server
t m3d_conf conf
t m3d_started_joined_before_ready started
m3c_barrier started
t peer_node_up peer_up
m3c_barrier up
t ldap_edit_adds_vm_spanning_both vm_added
m3c_barrier vm_added
t member_bound_on_own_slot serving
m3c_barrier serving
t member_calls_other_node calls_other
m3c_barrier called
t status_shows_members_per_node members_per_node
m3adm status | sed 's/^/# /'
m3c_barrier counted
t ldap_delete_ends_vm_sigpipe_on_both vm_removed
m3c_barrier removed
t stop_leaves_cluster stopped
m3c_barrier stopped
[ "$M3_NODE" = 0 ] && { systemctl stop m3d; slapd_stop; }
journalctl -u m3d -b --no-pager | tail -15 | sed 's/^/# /'
echo "M3-GUEST-EXIT: $((m3t_fails > 0))"
sync
systemctl poweroff -ff
