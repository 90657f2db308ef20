#!/usr/bin/env bash
# The end-to-end test inside the guest (run by m3-e2e.service, see
# run-e2e.sh): systemd runs m3d from the shipped unit, m3d reads its VMs
# from a real slapd, members bind and talk, LDAP edits add and remove VMs
# while m3d runs, m3d is killed and adopts the running VMs, runs on its
# saved state while LDAP is down, reconnects, and `systemctl stop` tears
# everything down. Faults: a server that stalls mid-reply (start, reload
# and stop all the same, within the deadline), a reload while LDAP is
# down that points m3d at another URI. Then the same with the file
# source: reload applies an edit of m3d.conf, and refuses a bad one whole.
# Then, m3d.service stopped, test_output.sh (m3adm's output),
# test_faults.sh (m3d in the foreground under LDAP faults; these two not
# with run-e2e.sh -F) and test_tipc.sh (m3d configures TIPC and joins
# the cluster) on the same module. Output goes to the second serial
# port: one "ok NAME" / "not ok NAME" line per check, then
# "M3-GUEST-EXIT: N".
exec >/dev/ttyS1 2>&1
set -u
TOP=${TOP:?the unit sets TOP}
. "$TOP/tests/m3d/slapd.sh"
MEMBER=$TOP/tests/m3d/build/e2e_member
BASE="cn=cluster1,ou=m3,$SLAPD_SUFFIX"
work=/tmp/e2e
mkdir -p "$work"
M3T_PREFIX=e2e M3T_TMP=$work
. "$TOP/tests/m3d/tap.sh"
m3t_on_fail() { journalctl -u m3d -b --no-pager | tail -12 | sed 's/^/# journal: /'; }
echo "# e2e: the guest was up $(cut -d' ' -f1 /proc/uptime) s when the tests began"

# A field of m3adm status --json, as text (jq from the host's root).
status() { m3adm status --json | jq -r "$1"; }
vms() { status '[.vms[].vmid | tostring] | join(" ")'; }

wait_for() {	# SECONDS COMMAND...: until it succeeds (wall clock)
	local end=$((SECONDS + $1)); shift
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	"$@"
}

vms_are() { [ "$(vms)" = "$1" ] || { echo "VMs: $(vms), want $1"; return 1; }; }
is() {	# EXPR WANT: a field of m3adm status --json
	local got
	got=$(status "$1")
	[ "$got" = "$2" ] || { echo "$1 is $got, want $2"; m3adm status --json; return 1; }
}
main_pid() { systemctl show -p MainPID --value m3d; }

serve() {	# VMID: a server in the background; its pid in SERVER_PID
	"$MEMBER" serve "$1" > "$work/serve$1.out" 2>&1 &
	SERVER_PID=$!
	wait_for 10 grep -q bound "$work/serve$1.out"
}

got_sigpipe() {	# PID VMID: the server exited after SIGPIPE
	wait_for 10 grep -qx SIGPIPE "$work/serve$2.out" && wait "$1" ||
		{ cat "$work/serve$2.out"; return 1; }
}

setup() {
	modprobe -n m3ipc &&	# findable (run-e2e.sh ran depmod for us)
	slapd_setup "$work/ldap" "$TOP/tests/m3d/e2e.ldif" &&
	slapd_start "$work/ldap" &&
	sed -i "s|@URI@|$SLAPD_URI|" /etc/m3/m3d.conf
}

started() {	# the watch connects after READY: within seconds
	systemctl start m3d && systemctl is-active m3d &&
	wait_for 15 is .m3d.ldap connected && is .drvs.initialized true &&
	vms_are "1 2"
}

talk() {
	serve 1 && S1=$SERVER_PID && serve 2 && S2=$SERVER_PID &&
	"$MEMBER" call 1 "$S1" && "$MEMBER" call 2 "$S2" &&
	is '[.vms[].members] | tostring' "[1,1]"
}

proc_list() {
	m3adm proc list 1 &&
	m3adm proc list 1 --json | jq -e "[.procs[].pid] == [$S1]"
}

stats() {
	m3adm stats &&
	m3adm stats 1 --json | jq -e '.stats[0].sends >= 1 and .stats[0].binds >= 2'
}

by_hand() {	# a VM started by hand survives a reload, then ends by hand
	m3adm vm start 9 name=hand mode=0666 && vms_are "1 3 9" &&
	systemctl reload m3d && vms_are "1 3 9" &&
	journalctl -u m3d -b | grep -q 'VM 9: not in the configuration' &&
	m3adm vm end 9 && vms_are "1 3"
}

ldap_edit() {
	printf 'dn: cn=app,%s\nobjectClass: m3VM\ncn: app\nm3VmId: 3\nm3VmName: app\n' "$BASE" | slapd_modify &&
	ldapdelete -x -H "$SLAPD_URI" -D "$SLAPD_ADMIN" -w secret "cn=db,$BASE" &&
	wait_for 15 vms_are "1 3"
}

reload() {
	systemctl reload m3d && systemctl is-active m3d && vms_are "1 3" &&
	kill -0 "$S1" && "$MEMBER" call 1 "$S1"
}

adopt() {
	local old
	old=$(main_pid)
	kill -9 "$old" &&
	wait_for 20 sh -c "[ \"\$(systemctl show -p MainPID --value m3d)\" != 0 ] && [ \"\$(systemctl show -p MainPID --value m3d)\" != $old ] && systemctl is-active m3d" &&
	vms_are "1 3" && kill -0 "$S1" && "$MEMBER" call 1 "$S1" &&
	is .m3d.status "2 VMs configured, 0 changes applied"
}

ldap_down() {
	slapd_stop
	systemctl restart m3d && got_sigpipe "$S1" 1 && vms_are "1 3" &&
	is .m3d.ldap disconnected &&
	journalctl -u m3d -b | grep -q 'running on the last configuration applied'
}

ldap_back() {
	slapd_start "$work/ldap" &&
	wait_for 40 sh -c "m3adm status --json | grep -q '\"ldap\":\"connected\"'" && vms_are "1 3"
}

stopped() {
	serve 1 && S1=$SERVER_PID &&
	systemctl stop m3d && got_sigpipe "$S1" 1 &&
	is .drvs.initialized false && is .m3d.running false &&
	vms_are ""
}

ldap_conf() {	# URI TIMEOUT: /etc/m3/m3d.conf for LDAP at URI
	printf 'source = "ldap";\nnodeid = 0;\nldap = { uri = "%s"; base = "%s"; timeout = %s; };\n' \
		"$1" "$BASE" "$2" > /etc/m3/m3d.conf
}

journal_count() { journalctl -u m3d -b | grep -c -- "$1"; }
journal_more() { [ "$(journal_count "$1")" -gt "$2" ]; }	# PATTERN N

# A server that sends 7 bytes of a reply and stops (tests/m3d/fake_ldap.py,
# deadline 3 s): m3d starts on its saved configuration.
stall_start() {
	python3 "$TOP/tests/m3d/fake_ldap.py" partial "$work/fake.port" \
		"$work/fake.events" 2>/dev/null &
	FAKE_PID=$!
	wait_for 10 test -s "$work/fake.port" &&
	ldap_conf "ldap://127.0.0.1:$(cat "$work/fake.port")/" 3 &&
	systemctl start m3d && systemctl is-active m3d && vms_are "1 3" &&
	is .m3d.ldap disconnected
}

stall_reload() {	# ExecReload's --check gives up at the deadline: exit 0
	local t0 n
	n=$(journal_count "its settings are in force")
	t0=$(ms)
	systemctl reload m3d && systemctl is-active m3d &&
	wait_for 10 journal_more "its settings are in force" "$n" && vms_are "1 3" &&
	echo "reload under a stalled server: $(( $(ms) - t0 )) ms" >> "$work/figures"
}

stall_stop() {
	local t0 dt
	serve 1 && S1=$SERVER_PID &&
	t0=$(ms) && systemctl stop m3d && dt=$(( $(ms) - t0 )) &&
	echo "stop under a stalled server: $dt ms" >> "$work/figures" &&
	got_sigpipe "$S1" 1 && is .drvs.initialized false && [ "$dt" -lt 5000 ]
}

# slapd down; m3d.conf then names another port: `systemctl reload` (its
# --check included) passes, m3d applies the new URI and finds slapd there.
down_reload() {
	local n
	kill "$FAKE_PID"
	slapd_stop
	ldap_conf "$SLAPD_URI" 5 &&
	systemctl start m3d && vms_are "1 3" && is .m3d.ldap disconnected &&
	NEW_PORT=$(slapd_free_port) &&
	ldap_conf "ldap://127.0.0.1:$NEW_PORT/" 5 &&
	n=$(journal_count "its settings are in force") &&
	systemctl reload m3d && systemctl is-active m3d &&
	wait_for 10 journal_more "its settings are in force" "$n"
}

down_reload_found() {
	SLAPD_PORT=$NEW_PORT slapd_start "$work/ldap" &&
	wait_for 40 sh -c "m3adm status --json | grep -q '\"ldap\":\"connected\"'" &&
	vms_are "1 3" && systemctl stop m3d && vms_are ""
}

# The file source: /etc/m3/m3d.conf holds the VMs; reload applies edits.
file_conf() {	# VMID...: m3d.conf with source "file" and these VMs
	local v sep=""
	{
		printf 'source = "file";\nnodeid = 0;\nvms = (\n'
		for v in "$@"; do
			printf '%s  { vmid = %s; name = "file%s"; mode = "0666"; }' "$sep" "$v" "$v"
			sep=$',\n'
		done
		printf '\n);\n'
	} > /etc/m3/m3d.conf
}

file_started() {
	file_conf 4 5 && systemctl start m3d && systemctl is-active m3d &&
	is .m3d.source file && vms_are "4 5" &&
	serve 5 && S5=$SERVER_PID && "$MEMBER" call 5 "$S5"
}

file_reload() {
	file_conf 4 6 && systemctl reload m3d && systemctl is-active m3d &&
	vms_are "4 6"
}

# Line 5 names a vmid out of range. `systemctl reload` checks first (the
# unit's ExecReload) and fails; a bare SIGHUP reaches m3d, which refuses
# the file whole. Either way nothing changes and the members keep talking.
file_bad_refused() {
	local n
	serve 6 && S6=$SERVER_PID && file_conf 4 999 &&
	! systemctl reload m3d && systemctl is-active m3d &&
	journalctl -u m3d -b | grep -q '/etc/m3/m3d.conf:5: vmid: 999' &&
	{ n=$(journalctl -u m3d -b | grep -c 'configuration refused whole') || n=0; } &&
	kill -HUP "$(main_pid)" &&
	wait_for 10 sh -c "[ \$(journalctl -u m3d -b | grep -c 'configuration refused whole') -gt $n ]" &&
	systemctl is-active m3d && vms_are "4 6" &&
	kill -0 "$S6" && "$MEMBER" call 6 "$S6"
}

file_stopped() {
	systemctl stop m3d && got_sigpipe "$S6" 6 && vms_are ""
}

t setup setup
t m3d_started_from_ldap started
t members_bind_and_talk talk
t proc_list_json proc_list
t stats_json stats
t ldap_edit_adds_and_removes_vm ldap_edit
t removed_vm_members_get_sigpipe got_sigpipe "$S2" 2
t reload_keeps_vms reload
t vm_by_hand_left_alone by_hand
t restart_after_crash_adopts adopt
t ldap_down_runs_on_saved_state ldap_down
t ldap_reconnects ldap_back
t stop_tears_down stopped
t stalled_server_start stall_start
t stalled_server_reload stall_reload
t stalled_server_stop stall_stop
t ldap_down_reload_new_uri down_reload
t ldap_down_reload_new_uri_found down_reload_found
t file_source_started file_started
t file_reload_adds_and_removes_vm file_reload
t file_removed_vm_members_get_sigpipe got_sigpipe "$S5" 5
t file_bad_reload_refused_whole file_bad_refused
t file_stop_tears_down file_stopped
m3adm status
sed 's/^/# /' "$work/figures" 2>/dev/null
journalctl -u m3d -b --no-pager | tail -25 | sed 's/^/# /'
slapd_stop
# The tests that need the module and not the unit, m3d.service stopped
# (one DRVS: they start their own, or m3d in the foreground does).
systemctl stop m3d
echo "# e2e: the tests under the unit took $SECONDS s"
part() {	# SCRIPT: one more part, and how long it took
	local t0=$SECONDS
	M3D=/usr/sbin/m3d ADM=/usr/sbin/m3adm bash "$TOP/tests/m3d/$1" ||
		m3t_fails=$((m3t_fails + 1))
	echo "# e2e: $1 took $((SECONDS - t0)) s"
}
# m3adm's output, and m3d against a misbehaving LDAP server: user space
# only, the same on every kernel; run-e2e.sh -F leaves them out (make
# check runs them on one kernel).
if [ ! -e "$TOP/kernel-parts-only" ]; then
	part test_output.sh
	part test_faults.sh
fi
part test_tipc.sh
echo "M3-GUEST-EXIT: $((m3t_fails > 0))"
sync
systemctl poweroff -ff
