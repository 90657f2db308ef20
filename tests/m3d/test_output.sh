#!/usr/bin/env bash
# What m3d and m3adm print, whatever they are fed: with --json, one JSON
# object or nothing on stdout on every path of every m3adm command, with
# the right exit status, and the JSON of every query as `m3adm keys` (the
# list in m3adm(8)) describes it; a member's name (its comm, which any process
# sets) and values from m3d.conf escaped on terminals, in JSON and in log
# lines; numbers above 2^31 kept; m3adm for an ordinary user; the unit's
# device policy. m3adm talks to the real module (/dev/m3ipc): run as root
# in the e2e guest (run-e2e.sh, e2e_guest.sh) with m3d stopped; it starts
# the DRVS if none runs, VMs 1 and 3, and three members of VM 1
# (build/e2e_member), and ends them all again. M3D and ADM may name other
# binaries (an older build, to see the tests fail there). Prints
# "ok NAME" / "not ok NAME".
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
M3D=${M3D:-$TOP/m3d/m3d}
ADM=${ADM:-$TOP/m3d/m3adm}
MEMBER=${MEMBER:-$TOP/tests/m3d/build/e2e_member}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
dir=$(mktemp -d /tmp/m3d-out.XXXXXX)
chmod 755 "$dir"	# the ordinary user's tests read in here
hup_pid='' member_pids='' our_drvs=''
M3T_PREFIX=out M3T_TMP=$dir
. "$TOP/tests/m3d/tap.sh"

# A member's comm as hostile as prctl(PR_SET_NAME) allows: an OSC title
# sequence, a bell, a newline, a byte that is not UTF-8.
COMM=$(printf 'a\033]0;pwn\007\n\377b')
RT=$dir/rt
mkdir -p "$RT" && chmod 755 "$RT"

# The module's state for the tests: a DRVS, VMs 1 and 3, in VM 1 slot 0
# named COMM receiving from anyone, slot 1 idle, slot 2 blocked sending
# to slot 1 (its endpoint in EP1).
bound_ep() {	# FILE: the endpoint a member printed, once bound
	local i
	for i in $(seq 1 100); do
		sed -n 's/^bound //p' "$1" | grep . && return 0
		sleep 0.1
	done
	cat "$1"; return 1
}

module_setup() {
	local i
	[ -c /dev/m3ipc ] || { echo "no /dev/m3ipc: load m3ipc.ko"; return 1; }
	if ! "$ADM" --json status | grep -q '"initialized":true'; then
		"$MEMBER" drvs init && our_drvs=1 || return 1
	fi
	"$ADM" vm start 1 name=web && "$ADM" vm start 3 name=db || return 1
	"$MEMBER" -n "$COMM" serve 1 > "$dir/m0" 2>&1 &
	member_pids="$member_pids $!"
	bound_ep "$dir/m0" >/dev/null || return 1
	"$MEMBER" hold 1 1 > "$dir/m1" 2>&1 &
	member_pids="$member_pids $!"
	EP1=$(bound_ep "$dir/m1") || return 1
	"$MEMBER" send 1 2 "$EP1" > "$dir/m2" 2>&1 &
	member_pids="$member_pids $!"
	bound_ep "$dir/m2" >/dev/null &&
	for i in $(seq 1 100); do
		"$ADM" proc 1 | grep -q sending && return 0
		sleep 0.1
	done
	"$ADM" proc 1; return 1
}

module_teardown() {
	local v
	# shellcheck disable=SC2086
	[ -z "$member_pids" ] || kill $member_pids 2>/dev/null
	for v in $("$ADM" --json vm list 2>/dev/null |
		python3 -c 'import json, sys; print(*[v["vmid"] for v in json.load(sys.stdin)["vms"]])' 2>/dev/null); do
		case " ${VMS_BEFORE:-} " in *" $v "*) ;; *) "$ADM" vm end "$v" >/dev/null ;; esac
	done
	[ -z "$our_drvs" ] || "$MEMBER" drvs end
}
trap '[ -z "$hup_pid" ] || kill "$hup_pid"; module_teardown; rm -rf "$dir"' EXIT

# m3adm MODE ARGS...: MODE nomod (no device), root (the module, as root:
# admin calls succeed), user (the module, as nobody: admin calls refused).
m3adm() {
	local mode=$1; shift
	case $mode in
	nomod) M3IPC_DEVICE=$dir/no-device M3D_RUNTIME_DIR=$RT "$ADM" "$@" ;;
	user) "${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" "$@" ;;
	*) M3D_RUNTIME_DIR=$RT "$ADM" "$@" ;;
	esac
}

valid_json() {	# FILE: one JSON value, or empty
	[ ! -s "$1" ] || python3 -m json.tool "$1" >/dev/null
}

# json_case MODE CODE ARGS...: `m3adm --json ARGS` exits CODE and prints
# JSON or nothing.
json_case() {
	local mode=$1 code=$2 rc; shift 2
	m3adm "$mode" --json "$@" >"$dir/o" 2>"$dir/e"; rc=$?
	if [ "$rc" -ne "$code" ] || ! valid_json "$dir/o"; then
		echo "m3adm --json $* ($mode): exit $rc (want $code); stdout:"
		cat -v "$dir/o" "$dir/e"
		return 1
	fi
}

# m3d "running": a status file naming a process that ignores SIGHUP; its
# managed= list as runtime.c wrote it when the first configured VM did
# not span this node (a leading space).
start_m3d_stand_in() {
	(trap '' HUP; exec sleep 300) &
	hup_pid=$!
	printf 'pid=%d\nconf=/etc/m3/m3d.conf\nsource=file\nstatus=ok \033[2J\nmanaged= 11 23\n' \
		"$hup_pid" > "$RT/status"
	chmod 644 "$RT/status"
}

t_json_every_command() {
	local fails=0 c
	while read -r mode code args; do
		# shellcheck disable=SC2086
		json_case "$mode" "$code" $args || fails=$((fails + 1))
	done <<'CASES'
nomod 2 status
nomod 2 vm list
nomod 2 proc
nomod 2 proc 1
nomod 2 stats
nomod 2 stats 1
nomod 2 vm start 3
nomod 2 vm end 3
root 0 status
root 0 vm
root 0 vm list
root 0 proc
root 0 proc list 1
root 3 proc 5
root 3 proc list 5
root 0 stats
root 0 stats 3
root 3 stats 5
root 1 stats x
root 1 stats 1 2
root 1 proc 99999
root 1 proc -1
root 1 vm list extra
root 1 vm end
root 1 vm end x
root 1 vm start
root 1 vm start x
root 1 vm start 3 max_procs=abc
root 1 vm start 3 colour=red
user 4 vm start 3 name=x
user 4 vm end 1
root 1 vm bogus
root 1 bogus
root 0 help
root 5 reload
root 1 reload now
root 1 status extra
root 0 vm start 5 name=x
root 4 vm start 5 name=x
root 0 vm end 5
root 3 vm end 5
root 0 vm start any
CASES
	# the VM "any" started (its JSON in $dir/o), ended by its id
	json_case root 0 vm end "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["vmid"])' "$dir/o")" ||
		fails=$((fails + 1))
	start_m3d_stand_in
	json_case root 0 status || fails=$((fails + 1))
	json_case root 0 reload || fails=$((fails + 1))
	json_case root 0 || fails=$((fails + 1))
	[ "$fails" -eq 0 ]
}

py() {	# PYTHON-EXPRESSION FILE: the expression on the JSON in FILE is true
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(0 if ('"$1"') else 1)' "$2" ||
		{ echo "not true: $1"; cat -v "$2"; return 1; }
}

t_json_managed() {
	m3adm root --json status > "$dir/o" &&
	py 'j["m3d"]["managed"] == [11, 23] and j["m3d"]["status"] == "ok \x1b[2J"' "$dir/o"
}

t_json_peers() {	# NONE is null, ANY "ANY", as the text's - and ANY
	m3adm root --json proc 1 > "$dir/o" &&
	py '[p["peer"] for p in j["procs"]] == ["ANY", None, '"$EP1"']' "$dir/o" &&
	m3adm root proc 1 > "$dir/o" &&
	awk 'NR > 1 { print $8 }' "$dir/o" | tr '\n' ' ' | grep -qx "ANY - $EP1 "
}

t_comm_json() {	# control characters \u-escaped, the stray byte U+FFFD
	m3adm root --json proc list > "$dir/o" &&
	py 'j["procs"][0]["name"] == "a\x1b]0;pwn\x07\n\ufffdb"' "$dir/o" &&
	python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$dir/o"
}

only_printable() {	# FILE: printable ASCII lines, nothing else
	LC_ALL=C grep -q '[^[:print:]]' "$1" && { echo "raw bytes in:"; cat -v "$1"; return 1; }
	return 0
}

t_comm_text() {	# one row per member, the name escaped
	m3adm root proc 1 > "$dir/o" && only_printable "$dir/o" &&
	[ "$(wc -l < "$dir/o")" -eq 4 ] &&
	grep -qF 'a\x1b]0;pwn\x07\n\xffb' "$dir/o" || { cat -v "$dir/o"; return 1; }
}

t_status_text_escaped() {
	m3adm root status > "$dir/o" && only_printable "$dir/o" &&
	grep -q "m3d:   pid $hup_pid, source file, ok \\\\x1b\[2J" "$dir/o" || { cat -v "$dir/o"; return 1; }
}

# An ordinary user: the queries work; a status file only root may read
# says "unknown", not "not running"; reload is refused, not "not running".
t_user_queries() {
	local c
	for c in status "vm list" "proc list" stats "proc 1" "stats 1"; do
		# shellcheck disable=SC2086
		"${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" --json $c > "$dir/o" &&
			valid_json "$dir/o" && [ -s "$dir/o" ] || { echo "$c"; cat "$dir/o"; return 1; }
	done
	"${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" status | grep -q "^m3d:   pid $hup_pid,"
}

t_user_status_unreadable() {
	local out rc
	chmod 600 "$RT/status"
	out=$("${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" status 2>&1); rc=$?
	"${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" --json status > "$dir/o"
	chmod 644 "$RT/status"
	[ "$rc" -eq 0 ] && echo "$out" | grep -q "^m3d:   unknown (cannot read $RT/status: Permission denied)" &&
	py 'j["m3d"]["running"] is None' "$dir/o" || { echo "$out"; return 1; }
}

t_user_reload_refused() {
	local out rc
	out=$("${NOBODY[@]}" env M3D_RUNTIME_DIR="$RT" "$ADM" reload 2>&1); rc=$?
	[ "$rc" -eq 4 ] && echo "$out" | grep -q "cannot signal m3d (pid $hup_pid): Operation not permitted" ||
		{ echo "exit $rc: $out"; return 1; }
}

# The JSON of every query against its description, `m3adm keys` (the
# list m3adm(8) holds: test_adm_json.sh checks that on the host). In
# each object every key listed is there, with its type and one of its
# values, and no other key; keys listed "when KEY=VALUE:" only then; and
# every key listed is seen somewhere. check.py KEYS [QUERY FILE]...
write_json_check() {
	cat > "$dir/check.py" <<'PY'
import json, re, sys

def lines_of(text):	# a query's shape may go on under its brace
	lines = []
	for line in text.splitlines():
		if lines and lines[-1].endswith(',') and re.match(r' {12}"', line):
			lines[-1] += line.strip()
		else:
			lines.append(line)
	return lines

def parse(text):
	queries, records, rec, when, key = {}, {}, None, None, None
	for line in lines_of(text):
		m = re.fullmatch(r'(\w+(?: \w+)?) +(\{.*\}|[A-Z0-9]+)', line)
		if rec is None and m:
			queries[m[1]] = re.findall(r'(?:"(\w+)":)?(\[?)([A-Z0-9]+)', m[2])
		elif m := re.fullmatch(r'([A-Z0-9]+): .*', line):
			rec, when = records.setdefault(m[1], {}), None
		elif m := re.fullmatch(r' when (\w+)=(\S+):', line):
			when = m.groups()
		elif line == ' always:':
			when = None
		elif m := re.fullmatch(r'    one of: (.*)', line):
			rec[key]['values'] = m[1].split(', ')
		elif m := re.fullmatch(r'  (\w+) +(\S+) +\S.*', line):
			key = m[1]
			rec[key] = {'type': m[2].split('|'), 'when': when, 'values': None}
		elif line:
			sys.exit('cannot parse: ' + line)
	return queries, records

def type_ok(f, v):
	for t in f['type']:
		if t.startswith('"'):
			if v == json.loads(t):
				return True
			continue
		items = v if t.startswith('[') and type(v) is list else [v]
		want = {'int': int, 'string': str, 'bool': bool, 'null': type(None)}[t.strip('[]')]
		if (t.startswith('[') == (type(v) is list) and
		    all(type(x) is want for x in items) and
		    (want is not str or f['values'] is None or set(items) <= set(f['values']))):
			return True
	return False

def check_record(name, obj):
	assert type(obj) is dict, f'{name}: {obj!r} is not an object'
	fields = records[name]
	for key in obj:
		assert key in fields, f'{name}: undocumented key {key!r}'
	for key, f in fields.items():
		w = f['when']
		present = w is None or json.dumps(obj.get(w[0], 'absent')) == w[1]
		assert present == (key in obj), f'{name}: {key!r} present: {key in obj}, documented: {present}'
		if present:
			assert type_ok(f, obj[key]), f'{name}: {key}: {obj[key]!r} is not {"|".join(f["type"])}' + \
				(f' of {", ".join(f["values"])}' if f['values'] else '')
			seen.add(f'{name}.{key}')

def check(query, out):
	parts = queries[query]
	if len(parts) == 1 and not parts[0][0]:
		return check_record(parts[0][2], out)
	assert list(out) == [p[0] for p in parts], f'keys {list(out)}'
	for key, array, name in parts:
		for obj in (out[key] if array else [out[key]]):
			check_record(name, obj)

queries, records = parse(json.load(open(sys.argv[1]))['keys'])
seen, fails = set(), 0
for query, path in zip(sys.argv[2::2], sys.argv[3::2]):
	try:
		check(query, json.load(open(path)))
	except (AssertionError, ValueError) as e:
		print(f'{query}: {e}:', open(path).read(), end='')
		fails += 1
never = [f'{r}.{k}' for r in records for k in records[r] if f'{r}.{k}' not in seen]
if never:
	print('never seen:', *never)
sys.exit(1 if fails or never else 0)
PY
}

# doc MODE QUERY ARGS...: `m3adm --json ARGS` into a file for check.py.
doc() {
	local mode=$1 query=$2 out=$dir/doc.${#docs[@]}; shift 2
	docs+=("$query" "$out")
	m3adm "$mode" --json "$@" > "$out" || echo "m3adm --json $* ($mode): exit $?"
}

t_json_documented() {
	local mode query args docs=()
	write_json_check && m3adm root --json keys > "$dir/keys" &&
	[ "$(m3adm root keys)" = "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["keys"], end="")' "$dir/keys")" ] ||
		{ echo "m3adm keys and m3adm --json keys differ"; return 1; }
	while read -r mode query args; do
		# shellcheck disable=SC2086
		doc "$mode" "${query//_/ }" $args
	done <<'CASES'
root status status
root status
user status
root vm_list vm list
root vm_list vm
root proc_list proc list
root proc_list proc 1
root proc_list proc 3
root stats stats
root stats stats 1
root reload reload
root help help
root keys keys
root vm_start vm start 5 name=x
root vm_end vm end 5
root vm_start vm start any
CASES
	doc root "vm end" vm end "$(sed 's/[^0-9]//g' "${docs[-1]}")"
	mv "$RT/status" "$RT/status.away"	# m3d not running
	doc root status status
	mv "$RT/status.away" "$RT/status"
	chmod 600 "$RT/status"	# m3d unknown to nobody
	doc user status status
	chmod 644 "$RT/status"
	python3 "$dir/check.py" "$dir/keys" "${docs[@]}"
}

# A status file with pid=-1 (or 0, 1, junk) names no m3d: reload must not
# send SIGHUP to -1, which is every process. Run in a pid namespace of its
# own, so that a regression (the old m3adm did kill(-1, SIGHUP)) only
# reaches the witness in there.
t_reload_bad_pid() {
	local d=$dir/badpid
	mkdir -p "$d" && printf 'pid=-1\nsource=file\n' > "$d/status"
	unshare --pid --fork sh -c '
		sh -c "trap \"touch $1/hup\" HUP; sleep 3 & wait" & sleep 0.3
		M3D_RUNTIME_DIR=$1 "$2" reload; echo "exit $?" > "$1/rc"; wait' \
		sh "$d" "$ADM" 2>/dev/null
	[ ! -e "$d/hup" ] && grep -qx 'exit 5' "$d/rc" || { ls "$d"; cat "$d/rc"; return 1; }
}

# m3d.conf values with control characters, a newline, escape sequences,
# invalid UTF-8: `m3d --check` and the daemon's log say so in printable
# lines, one per error.
hostile_conf() {	# the escapes are printf's: raw bytes in the file
	printf '%b\n' \
		'state_dir = "/var/\033]0;pwn\007";' \
		'drvs = { nodes = ({ id = 0; name = "n\033[2J"; host = "h\nm3d: forged line"; }); };' \
		'vms = ({ vmid = 1; owner = "x\nm3d: forged line"; group = "\0377\0376";' \
		'  flags = ["\033]0;pwn\007"]; name = "a\tb"; });' > "$dir/hostile.conf"
}

t_check_hostile() {
	local rc
	hostile_conf
	"$M3D" --check -c "$dir/hostile.conf" 2>"$dir/e" >/dev/null; rc=$?
	[ "$rc" -eq 1 ] && only_printable "$dir/e" && [ "$(wc -l < "$dir/e")" -eq 7 ] &&
		! grep -q '^m3d: forged' "$dir/e" || { echo "exit $rc"; cat -v "$dir/e"; return 1; }
}

t_daemon_log_hostile() {	# the journal's view: every line "<N>..."
	hostile_conf
	M3IPC_DEVICE=$dir/no-device "$M3D" -c "$dir/hostile.conf" -S "$dir" -R "$dir" 2>"$dir/e"
	only_printable "$dir/e" && ! grep -qv '^<[0-7]>' "$dir/e" || { cat -v "$dir/e"; return 1; }
}

t_check_big_values() {	# kept, written 64-bit, read back the same
	printf 'drvs = { max_copy = 3000000000; };\nvms = ({ vmid = 1; owner = 3000000000; group = 0xfffffffe; });\n' \
		> "$dir/big.conf"
	"$M3D" --check --print -c "$dir/big.conf" > "$dir/p1" &&
	grep -q 'max_copy = 3000000000L;' "$dir/p1" &&
	grep -q 'owner = 3000000000L; group = 4294967294L;' "$dir/p1" &&
	"$M3D" --check --print -c "$dir/p1" > "$dir/p2" && cmp "$dir/p1" "$dir/p2" ||
		{ cat "$dir/p1"; return 1; }
}

t_check_too_big() {
	local out
	printf 'drvs = { max_copy = 4294967296; };\n' > "$dir/big2.conf"
	out=$("$M3D" --check -c "$dir/big2.conf" 2>&1) && { echo "accepted: $out"; return 1; }
	[ "$out" = "$dir/big2.conf:1: drvs.max_copy: 4294967296 is out of range (0..4294967295)" ] ||
		{ echo "$out"; return 1; }
}

t_check_password_mode() {	# refused before any bind
	local out
	echo secret > "$dir/pw" && chmod 640 "$dir/pw"
	printf 'source = "ldap";\nldap = { uri = "ldap://127.0.0.1:9/";\n  bind_dn = "cn=x";\n  password_file = "%s"; };\n' \
		"$dir/pw" > "$dir/pw.conf"
	out=$("$M3D" --check -c "$dir/pw.conf" 2>&1) && { echo "accepted: $out"; return 1; }
	[ "$out" = "$dir/pw.conf:4: ldap.password_file: $dir/pw may be read or written by group or others (mode 0640): chmod 600 it" ] ||
		{ echo "$out"; return 1; }
}

t_unit_device_policy() {	# /dev/m3ipc only, and the module loaded before
	local u=$TOP/systemd/m3d.service
	grep -q '^DevicePolicy=closed$' "$u" &&
	[ "$(grep '^DeviceAllow=' "$u")" = "DeviceAllow=/dev/m3ipc rw" ] &&
	grep -q '^Wants=modprobe@m3ipc.service$' "$u" &&
	grep -q '^After=modprobe@m3ipc.service$' "$u" ||
		{ grep -n 'Device\|modprobe' "$u"; return 1; }
}

VMS_BEFORE=$("$ADM" --json vm list 2>/dev/null |
	python3 -c 'import json, sys; print(*[v["vmid"] for v in json.load(sys.stdin)["vms"]])' 2>/dev/null)
t module_setup module_setup
t json_every_command t_json_every_command
t json_status_managed t_json_managed
t json_proc_peers t_json_peers
t comm_escaped_json t_comm_json
t comm_escaped_text t_comm_text
t status_escaped_text t_status_text_escaped
t user_queries t_user_queries
t user_status_unreadable t_user_status_unreadable
t user_reload_refused t_user_reload_refused
t json_documented t_json_documented
t reload_bad_pid t_reload_bad_pid
t check_hostile_strings t_check_hostile
t daemon_log_hostile_strings t_daemon_log_hostile
t check_big_values t_check_big_values
t check_above_32_bits t_check_too_big
t check_password_file_mode t_check_password_mode
t unit_device_policy t_unit_device_policy
[ "$m3t_fails" -eq 0 ]
