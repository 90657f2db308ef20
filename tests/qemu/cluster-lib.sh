# The guest side of a cluster run (tests/qemu/run-cluster.sh), for busybox
# sh: a node's script sources /usr/lib/m3/cluster-lib.sh and gets
#   M3_NODE, M3_NODES, M3_BOOT   this node (0..N-1), N, which boot (1, 2...)
#   m3c_barrier NAME [NODE...]   wait until every node (or the nodes named)
#                                has reached NAME; each NAME serves once
#   m3c_put KEY VALUE            publish a small value to the other nodes
#   m3c_get KEY                  print KEY's value, once a node has put it
#   m3c_host kill K              kill node K's QEMU at once (a lost node)
#   m3c_host boot K [SCRIPT]     boot node K again, with SCRIPT (a path in
#                                the guest) or the script it ran before
#   m3c_host link K PEER off|on  cut or restore node K's link to PEER
#                                (QEMU's set_link on K's NIC towards PEER)
#   m3c_links                    the links, "IFACE PEER" a line
#   m3c_all_nodes                the nodes' numbers, one a line
#   m3c_wait SECS COMMAND...     run COMMAND every 0.1 s until it succeeds;
#                                false after SECS seconds
#   m3c_poll INTERVAL SECS COMMAND...  the same, every INTERVAL seconds
#   m3c_now_ms                   milliseconds since this guest booted
# and cluster-tipc.sh's m3c_tipc_* functions. The nodes coordinate through
# files in a host folder that every guest mounts (9p, /cluster), not over
# the links under test. A wait gives up after $M3C_TIMEOUT seconds (default
# 120) with a message on stderr and a false status.
export PATH=/usr/sbin:$PATH	# iproute2's tipc and ip, not busybox's ip
M3C_DIR=/cluster
M3C_TIMEOUT=${M3C_TIMEOUT:-120}

m3c_fail() {
	echo "node$M3_NODE: $*" >&2
	return 1
}

m3c_now_ms() {	# /proc/uptime has centiseconds: "SECS.CC IDLE"
	local up idle cc
	read -r up idle < /proc/uptime
	cc=${up#*.}
	echo $(( ${up%.*} * 1000 + ${cc#0} * 10 ))
}

m3c_wait() {
	m3c_poll 0.1 "$@"
}

# m3c_poll INTERVAL SECS COMMAND...: m3c_wait, every INTERVAL seconds.
m3c_poll() {
	local intv=$1 end=$(( $(m3c_now_ms) + $2 * 1000 ))
	shift 2
	until "$@"; do
		[ "$(m3c_now_ms)" -lt "$end" ] || return 1
		sleep "$intv"
	done
}

# For cluster-guest.sh: mount the shared folder, and write /etc/m3-links
# from the MACs of the NICs (52:54:00:4d:NODE:PEER, see cluster-host.sh).
m3c_setup() {
	local d mac
	mkdir -p "$M3C_DIR"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 cluster "$M3C_DIR" ||
		m3c_fail "cannot mount the cluster's shared folder" || return
	for d in /sys/class/net/*; do
		mac=$(cat "$d/address")
		case $mac in
		52:54:00:4d:*) echo "${d##*/} $((0x${mac##*:}))" ;;
		esac
	done | sort -n -k2 > /etc/m3-links
	[ "$(wc -l < /etc/m3-links)" = $((M3_NODES - 1)) ] ||
		m3c_fail "expected a NIC for each of the $((M3_NODES - 1)) other nodes, found:" \
			$(cat /etc/m3-links)
}

m3c_links() {
	cat /etc/m3-links
}

m3c_all_nodes() {
	seq 0 $((M3_NODES - 1))
}

m3c_arrived() {	# FOLDER NODE...: is there a file for every node?
	local d=$1 n
	shift
	for n; do
		[ -e "$d/$n" ] || return 1
	done
}

m3c_barrier() {
	local name=$1 d=$M3C_DIR/barrier/$1 n missing=
	shift
	[ $# -gt 0 ] || set -- $(m3c_all_nodes)
	mkdir -p "$d"
	: > "$d/$M3_NODE"
	m3c_wait "$M3C_TIMEOUT" m3c_arrived "$d" "$@" && return
	for n; do
		[ -e "$d/$n" ] || missing="$missing $n"
	done
	m3c_fail "barrier $name: node(s)$missing did not arrive within $M3C_TIMEOUT s"
}

m3c_put() {
	echo "$2" > "$M3C_DIR/kv/.$1.$M3_NODE"
	mv "$M3C_DIR/kv/.$1.$M3_NODE" "$M3C_DIR/kv/$1"
}

m3c_get() {
	m3c_wait "$M3C_TIMEOUT" test -e "$M3C_DIR/kv/$1" ||
		m3c_fail "no value for $1 within $M3C_TIMEOUT s" || return
	cat "$M3C_DIR/kv/$1"
}

# Ask the host (cluster-host.sh) and wait for its answer: true when done.
# /tmp/m3c.sent_ms says when the request was made (the host cannot have
# acted before); the answer is polled for often. Both for a guest timing
# what the host does.
m3c_host() {
	local seq=0 id answer
	[ ! -f /tmp/m3c.seq ] || read -r seq < /tmp/m3c.seq
	seq=$((seq + 1))
	echo "$seq" > /tmp/m3c.seq
	id=n${M3_NODE}b$M3_BOOT.$seq
	m3c_now_ms > /tmp/m3c.sent_ms
	echo "$*" > "$M3C_DIR/host/req/$id"	# one write: the host skips it while empty
	m3c_poll 0.02 "$M3C_TIMEOUT" test -s "$M3C_DIR/host/ack/$id" ||
		m3c_fail "host $*: no answer within $M3C_TIMEOUT s" || return
	read -r answer < "$M3C_DIR/host/ack/$id"
	[ "$answer" = "done" ] || m3c_fail "host $*: $answer"
}

. /usr/lib/m3/cluster-tipc.sh
