#!/usr/bin/env bash
# m3d, the daemon itself (foreground, on the real module: run as root in
# the e2e guest, run-e2e.sh, with m3d.service stopped), against LDAP
# servers that misbehave (fake_ldap.py) and against a real slapd that goes
# away. For each fault: SIGTERM makes m3d tear down (its VMs and the DRVS)
# and exit within 2 s, SIGHUP is logged within 1 s, the status file tells
# the truth. The fault cases run one after another (one DRVS per node, so
# one m3d at a time); the slapd cases after them.
# Prints "ok NAME" / "not ok NAME" per check, and "# " lines with the
# figures (how long each stop took).
#   M3D=/path/to/another/m3d bash tests/m3d/test_faults.sh
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export TOP
. "$TOP/tests/m3d/slapd.sh"
M3D=${M3D:-$TOP/m3d/m3d}
dir=$(mktemp -d /tmp/m3d-faults.XXXXXX)
BASE="cn=cluster1,ou=m3,$SLAPD_SUFFIX"
M3T_PREFIX=faults M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"

cleanup() {
	local p
	for p in "$dir"/*/pids; do
		[ -f "$p" ] && kill -9 $(cat "$p") 2>/dev/null
	done
	slapd_stop
	rm -rf "$dir"
}
trap cleanup EXIT

logged() { grep -q -- "$2" "$1/log"; }
nlogged() { grep -c -- "$2" "$1/log"; }
more_logged() { [ "$(nlogged "$1" "$2")" -gt "$3" ]; }	# DIR PATTERN N
status_is() {	# DIR KEY=VALUE
	grep -qx -- "$2" "$1/run/status" ||
		{ echo "status, want $2:"; cat "$1/run/status"; return 1; }
}

fake_start() {	# DIR MODE: fake_ldap.py; its URI in DIR/uri
	local d=$1 i
	python3 "$TOP/tests/m3d/fake_ldap.py" "$2" "$d/port" "$d/events" \
		2>"$d/fake.err" &
	echo $! >> "$d/pids"
	for i in $(seq 1 100); do
		[ -s "$d/port" ] && break
		sleep 0.05
	done
	echo "ldap://127.0.0.1:$(cat "$d/port")/" > "$d/uri"
}

conf() {	# DIR URI TIMEOUT [MORE]: DIR/m3d.conf
	printf 'source = "ldap";\nnodeid = 0;\nldap = { uri = "%s"; base = "%s"; timeout = %s; %s };\n' \
		"$2" "${CONF_BASE:-o=fake}" "$3" "${4:-}" > "$1/m3d.conf"
}

# The configuration a previous m3d applied: VM 1, so that a stop has
# something to tear down even when LDAP never answers.
seed() {
	mkdir -p "$1/state"
	printf 'source = "file";\nnodeid = 0;\ndrvs = { nr_nodes = 1; };\nvms = ({ vmid = 1; name = "web"; });\n' \
		> "$1/state/applied.conf"
}

m3d_start() {	# DIR [OPTION]: m3d in the background, its pid in DIR/m3d.pid
	local d=$1
	mkdir -p "$d/state" "$d/run"
	"$M3D" -c "$d/m3d.conf" -S "$d/state" -R "$d/run" ${2:-} 2>"$d/log" &
	echo $! > "$d/m3d.pid"
	echo $! >> "$d/pids"
}

# SIGHUP: "reloading" logged within 1 s.
hup() {
	local d=$1 n t0
	n=$(nlogged "$d" reloading)
	t0=$(ms)
	kill -HUP "$(cat "$d/m3d.pid")" &&
	within 1000 more_logged "$d" reloading "$n" &&
	echo "$(( $(ms) - t0 ))" > "$d/hup_ms"
}

gone() {	# PID: exited (a zombie counts)
	[ ! -e "/proc/$1" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"
}

# SIGTERM: gone within 2 s, having ended its VMs and the DRVS.
term() {
	local d=$1 pid t0 r=0
	pid=$(cat "$d/m3d.pid")
	t0=$(ms)
	kill -TERM "$pid"
	within 2000 gone "$pid" || r=1
	echo "$(( $(ms) - t0 ))" > "$d/stop_ms"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$r" -eq 0 ] && logged "$d" "VM 1: ended (m3d stopping)" &&
	logged "$d" "DRVS ended" || { tail -5 "$d/log"; return 1; }
}

searches() { grep -c '^search$' "$1/events"; }

# A server that ends the syncrepl search at once: re-read with back-off,
# not every second (at most 6 reads in 9 s; 1, 2, 4, 8 s apart).
endless_refresh() {
	local d=$1 n
	sleep 9
	n=$(searches "$d")
	echo "$n reads in 9 s" > "$d/reads"
	[ "$n" -le 6 ] || { echo "$n reads of the directory in 9 s"; return 1; }
}

# A hung server (TCP up): connected, then not, once a probe goes
# unanswered (after 5 x timeout s of silence, within timeout s).
hung_server_seen() {
	local d=$1
	within 3000 status_is "$d" ldap=connected &&
	within 9000 status_is "$d" ldap=disconnected &&
	logged "$d" "LDAP: probe: no complete answer within 1 s"
}

# NAME MODE TIMEOUT CHECK [CONF]: one fault, in its own directory.
fault() {
	local name=$1 mode=$2 to=$3 check=$4 d=$dir/$1
	mkdir -p "$d"
	M3T_TMP=$d
	seed "$d"
	fake_start "$d" "$mode"
	conf "$d" "$(cat "$d/uri")" "$to" "${5:-}"
	m3d_start "$d"
	t "$name/ready" within $(( (to + 3) * 1000 )) logged "$d" "ready:"
	t "$name/$check" "$check" "$d"
	t "$name/sighup_logged_within_1s" hup "$d"
	t "$name/sigterm_teardown_within_2s" term "$d"
	echo "# $name: SIGHUP logged after $(cat "$d/hup_ms" 2>/dev/null ||
		echo '>1000') ms, stop took $(cat "$d/stop_ms") ms$( [ -f "$d/reads" ] &&
		echo ", $(cat "$d/reads")")"
}

disconnected() { within 1000 status_is "$1" ldap=disconnected; }

# ---- a real slapd ----

slapd_m3d() {	# DIR: m3d on the slapd, binding as the admin in clear
	local d=$1
	mkdir -p "$d"
	M3T_TMP=$d
	chmod 600 "$dir/srv/secret"
	CONF_BASE=$BASE conf "$d" "$SLAPD_URI" 2 \
		"bind_dn = \"$SLAPD_ADMIN\"; password_file = \"$dir/srv/secret\";"
	(umask 077 && m3d_start "$d" -d)
}

started_on_slapd() {
	local d=$1
	within 5000 logged "$d" "LDAP: watching for changes" &&
	status_is "$d" source=ldap && status_is "$d" ldap=connected &&
	logged "$d" "VM 1 (web): started"
}

cleartext_warned() { logged "$1" "goes to $SLAPD_URI in clear text"; }

runtime_files_0644() {
	[ "$(stat -c %a "$1/run/status")" = 644 ] &&
	[ "$(stat -c %a "$1/run/m3d.pid")" = 644 ] || { ls -l "$1/run"; return 1; }
}

broken_conf_refused() {
	local d=$1
	cp "$d/m3d.conf" "$d/good.conf"
	echo 'this is not libconfig' >> "$d/m3d.conf"
	hup "$d" && within 1000 logged "$d" "configuration refused whole" &&
	status_is "$d" source=ldap && status_is "$d" ldap=connected
}

vm_added_after_refusal() {
	printf 'dn: cn=late,%s\nobjectClass: m3VM\ncn: late\nm3VmId: 3\nm3VmName: late\n' "$BASE" |
		slapd_modify && within 5000 logged "$1" "VM 3 (late): started"
}

# slapd stopped; m3d.conf points at another port with another timeout:
# the reload applies them, says what it could not, and m3d later finds
# the directory at the new URI.
reload_while_down() {
	local d=$1 port
	mv "$d/good.conf" "$d/m3d.conf"
	slapd_stop
	within 5000 status_is "$d" ldap=disconnected || return 1
	port=$(slapd_free_port)
	sed -i "s|$SLAPD_URI|ldap://127.0.0.1:$port/|; s|timeout = 2|timeout = 3|" "$d/m3d.conf"
	echo "$port" > "$d/new_port"
	hup "$d" &&
	within 5000 logged "$d" "its settings are in force" &&
	within 5000 logged "$d" "timeouts 3 s"
}

check_while_down() {	# m3d --check (ExecReload) passes, and says why
	local out
	out=$("$M3D" --check -c "$1/m3d.conf" 2>&1) || { echo "$out"; return 1; }
	case $out in *"the directory was not reachable"*) ;; *) echo "$out"; false ;; esac
}

new_uri_found() {
	local d=$1
	SLAPD_PORT=$(cat "$d/new_port") slapd_start "$dir/srv" &&
	within 40000 status_is "$d" ldap=connected
}

fault partial partial 2 disconnected
fault starttls_stalled starttls-stall 2 disconnected "starttls = true;"
fault dropped_mid_search drop-mid-search 2 disconnected
fault refresh_silent sync-silent 2 disconnected
fault endless_refresh sync-ends 2 endless_refresh
fault hung_server persist-silent 1 hung_server_seen

t slapd_setup eval 'slapd_setup "$dir/srv" "$TOP/tests/m3d/e2e.ldif" && slapd_start "$dir/srv"'
d=$dir/slapd
slapd_m3d "$d"
t slapd/started started_on_slapd "$d"
t slapd/cleartext_password_warned cleartext_warned "$d"
t slapd/status_file_0644_under_umask_077 runtime_files_0644 "$d"
t slapd/broken_conf_refused_keeps_ldap broken_conf_refused "$d"
t slapd/vm_added_after_refusal_arrives vm_added_after_refusal "$d"
t slapd/reload_while_down_applies_uri_and_timeout reload_while_down "$d"
t slapd/check_passes_while_down check_while_down "$d"
t slapd/new_uri_found new_uri_found "$d"
t slapd/sigterm_teardown_within_2s term "$d"
echo "# slapd: stop took $(cat "$d/stop_ms") ms"
[ "$m3t_fails" -eq 0 ]
