# Shared by the cross-node scenarios (busybox sh, sourced on every node of
# a cluster of guests run by tests/qemu/run-cluster.sh; see run.sh):
#   check NAME CMD...      run CMD (m3x at most $CHECK_SECS s), print
#                          "ok - NAME" or "not ok - NAME" with its output
#   check_long SECS NAME CMD...  the same, m3x at most SECS s (times
#                          $SLOW)
#   start TAG CMD...       CMD in the background, its output in /tmp/TAG.log
#   await TAG              until TAG printed its "done" line (its calls are
#                          over; it stays bound if it lingers)
#   finish TAG NAME        TAG's exit status as the check NAME (killed,
#                          and failed, if it is still running after
#                          $CHECK_SECS s)
#   stop TAG [NAME]        kill TAG; as the check NAME: it was still running
#   open GATE              let a member waiting on /tmp/go.GATE go on
#   on NODE                is this node NODE?
#   ep_of TAG              the endpoint TAG bound, from its log
#   log_has TAG PATTERN    TAG's log has a line with PATTERN (the log is
#                          printed)
#   equal A B, differ A B  the two values are the same, are not
#   greater A B            the number A is greater than B
#   ended_by LIMIT TAG...  did the calls of each TAG end by LIMIT (ms)?
#   dropped NODE, ups NODE this node's counters of NODE's frames
#   phase NAME ARGS...     run phase_NAME (a check that fails if there is
#                          no such function)
#   summary                "N passed, N failed"; false if any failed
#   slow SECS              SECS times $SLOW (a limit of a scenario's own)
# Members of VM V bind its slots; a slot is owned by one node (m3x.h), so
# each scenario names the slots it uses and which node binds them.
. /usr/lib/m3/cluster-lib.sh
X=/opt/m3/m3x
KEY=$(cat /cluster/cluster.key)
SLOW=1			# a factor for the wall-clock limits below, for a
			# slower kernel (run.sh's M3_XNODE_SLOW, in xnode.env)
[ ! -r /opt/m3/xnode/xnode.env ] || . /opt/m3/xnode/xnode.env
TOL=$((1500 * SLOW))	# the links' tolerance (ms): a lost node is seen within
CHECK_SECS=$((40 * SLOW))
M3C_TIMEOUT=$((150 * SLOW))	# a barrier or a value waits no longer
npass=0
nfail=0

verdict() {	# STATUS NAME LOG
	if [ "$1" = 0 ]; then
		npass=$((npass + 1))
		echo "ok - $2"
		tail -1 "$3" | sed 's/^/#   /'
	else
		nfail=$((nfail + 1))
		echo "not ok - $2 (status $1)"
		sed 's/^/#   /' "$3" | tail -25
	fi
}

check() {
	check_within "$CHECK_SECS" "$@"
}

check_long() {
	local secs=$1
	shift
	check_within "$(slow "$secs")" "$@"
}

check_within() {	# SECS NAME CMD...: check, m3x at most SECS s
	local secs=$1 name=$2 log=/tmp/check.log
	shift 2
	case $1 in
	/*) timeout -s KILL "$secs" "$@" ;;
	*) "$@" ;;
	esac > "$log" 2>&1
	verdict $? "$name" "$log"
}

start() {
	local tag=$1
	shift
	"$@" > "/tmp/$tag.log" 2>&1 &
	echo $! > "/tmp/$tag.pid"
}

running() {
	kill -0 "$(cat "/tmp/$1.pid")" 2>/dev/null
}

ended() {
	! running "$1"
}

await() {
	m3c_poll 0.02 "$CHECK_SECS" grep -q '^done' "/tmp/$1.log" ||
		m3c_fail "$1 did not finish its calls:" $(cat "/tmp/$1.log")
}

finish() {
	local tag=$1 pid rc
	pid=$(cat "/tmp/$tag.pid")
	if m3c_poll 0.02 "$CHECK_SECS" ended "$tag"; then
		wait "$pid"
		rc=$?
	else
		kill -9 "$pid"
		wait "$pid"
		echo "still running after $CHECK_SECS s: killed" >> "/tmp/$tag.log"
		rc=124
	fi
	rm -f "/tmp/$tag.pid"
	verdict "$rc" "$2" "/tmp/$tag.log"
}

stop() {
	local tag=$1 pid rc=0
	[ -e "/tmp/$tag.pid" ] || return 0
	pid=$(cat "/tmp/$tag.pid")
	if running "$tag"; then
		kill "$pid"
		wait "$pid"
	else
		wait "$pid"
		rc=$?
		[ "$rc" != 0 ] || rc=1
		echo "it had ended already" >> "/tmp/$tag.log"
	fi
	rm -f "/tmp/$tag.pid"
	[ -z "${2:-}" ] || verdict "$rc" "$2" "/tmp/$tag.log"
}

# Stop every member still in the background (at the end of a run).
stop_all() {
	local f
	for f in /tmp/*.pid; do
		[ -e "$f" ] || continue
		f=${f##*/}
		stop "${f%.pid}"
	done
}

open() {
	: > "/tmp/go.$1"
}

on() {
	[ "$M3_NODE" = "$1" ]
}

ep_of() {
	m3c_poll 0.02 "$CHECK_SECS" grep -q '^\(bound\|hold\|server\) ' "/tmp/$1.log" || return
	sed -n 's/^\(bound\|hold\|server\) \([0-9]*\).*/\2/p' "/tmp/$1.log" | head -1
}

slow() {
	echo $(($1 * SLOW))
}

equal() {
	echo "'$1' and '$2'"
	[ "$1" = "$2" ]
}

differ() {
	! equal "$@"
}

greater() {
	echo "$1 > $2?"
	[ "$1" -gt "$2" ]
}

log_has() {
	cat "/tmp/$1.log"
	grep -q "$2" "/tmp/$1.log"
}

# LIMIT TAG...: each TAG's last call ended (its "end N") by LIMIT ms.
ended_by() {
	local limit=$1 tag end
	shift
	for tag; do
		end=$(sed -n 's/.*(end \([0-9]*\))$/\1/p' "/tmp/$tag.log" | tail -1)
		echo "$tag: ended at ${end:-never}, limit $limit ($((${end:-0} - limit)) ms)"
		[ -n "$end" ] && [ "$end" -le "$limit" ] || return 1
	done
}

node_field() {	# NODE FIELD: a counter of m3x nodeinfo
	$X nodeinfo "$1" | sed -n "s/.* $2 \([0-9]*\).*/\1/p"
}

dropped() {
	node_field "$1" dropped
}

ups() {
	node_field "$1" ups
}

# NODE SECS: m3x waitup, and if NODE is not up, what TIPC and the module
# say of it.
waitup_or_say() {
	$X waitup "$1" "$2" && return
	tipc link list
	tipc nametable show | grep -i -e 4d334950 -e 1295206736
	cat /proc/m3ipc/nodes
	false
}

# NODE STATE: /proc/m3ipc/nodes says so.
proc_node_is() {
	cat /proc/m3ipc/nodes
	awk -v n="$1" -v s="$2" '$1 == n && $3 == s { found = 1 } END { exit !found }' /proc/m3ipc/nodes
}

# The kernel said nothing bad (the harness fails the run on it too; here
# it is a check with a name).
kernel_quiet() {
	! dmesg | grep -E 'BUG:|Oops|WARNING:|Call Trace:|leak|KASAN|UBSAN|general protection'
}

# Stop every member, end the DRVS and unload the module.
unload_module() {
	stop_all
	$X drvs-end && rmmod m3ipc && [ ! -e /proc/m3ipc ] && [ ! -e /dev/m3ipc ]
}

phase() {
	local f=phase_$1
	shift
	if type "$f" > /dev/null 2>&1; then
		"$f" "$@"
	else
		echo "no function $f" > /tmp/phase.log
		verdict 127 "$f" /tmp/phase.log
	fi
}

summary() {
	echo "node$M3_NODE boot $M3_BOOT: $npass passed, $nfail failed"
	[ "$nfail" = 0 ]
}
