# Shared by the cluster test scripts, which source it in the guest as
# /opt/m3/cluster/lib.sh: the harness's library (cluster-lib.sh), and
# timings with tipc_echo, whose service instance on each node is the
# node's number.
. /usr/lib/m3/cluster-lib.sh

# Publish this node's echo service, in the background.
echo_serve() {
	tipc_echo serve "$M3_NODE" &
}

# echo_with PEER COUNT: once PEER's echo service is published and echoes
# (within 60 s: after a link came back, the first messages may be lost
# while it settles), COUNT round trips with it, each within 5 s (a loaded
# host stalls guests for a second or more).
echo_with() {
	tipc_echo wait "$1" up 60000 > /dev/null &&
		m3c_wait 60 tipc_echo ping "$1" 1 1000 2> /dev/null > /dev/null &&
		tipc_echo ping "$1" "$2" 5000
}

# echo_after published|withdrawn PEER SECS COMMAND...: run COMMAND (its
# output to stderr) once a watch on PEER's echo service is in place, and
# print "HI LO": the ms from COMMAND's start (HI; for m3c_host, from the
# moment the request was made) and from its end (LO) until the service was
# published or withdrawn; false if that took more than SECS s. For a host
# request, what the host did happened in between.
echo_after() {
	local event=$1 peer=$2 secs=$3 f=/tmp/echo_after.$$ pid t0 t1 t
	shift 3
	case $event in
	published) tipc_echo wait "$peer" up $((secs * 1000)) > "$f" & ;;
	*) tipc_echo wait "$peer" down $((secs * 1000)) > "$f" & ;;
	esac
	pid=$!
	if [ "$event" = withdrawn ]; then
		m3c_wait 10 grep -q '^published' "$f" ||
			m3c_fail "node $peer's echo service is not published" || return
	fi
	t0=$(m3c_now_ms)
	"$@" >&2 || { kill "$pid"; return 1; }
	t1=$(m3c_now_ms)
	[ "$1" != m3c_host ] || read -r t0 < /tmp/m3c.sent_ms
	wait "$pid" || return
	t=$(sed -n "s/^$event //p" "$f")
	echo $((t - t0)) $((t - t1))
}

# within "HI LO" LIMIT WHAT: say that WHAT took HI ms at most (LO ms after
# the host's answer: echo_after); false if HI is over LIMIT.
within() {
	set -- $1 "$2" "$3"
	if [ "$1" -le "$3" ]; then
		echo "node$M3_NODE: $4 within $1 ms of the request, $2 ms after the host's answer (limit $3 ms)"
	else
		m3c_fail "$4 within $1 ms of the request, $2 ms after the host's answer: over the limit of $3 ms"
	fi
}
