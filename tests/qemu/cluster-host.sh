# The host side of a cluster of guests (sourced by run-cluster.sh): boots
# and kills the nodes' QEMUs, cuts and restores their links, and carries
# out what the guests ask for through the shared directory.
#
# Links: one virtual Ethernet link per pair of nodes, each end a QEMU
# `-netdev dgram` between two UNIX datagram sockets, SOCK/K-P.sock (node K's
# end towards P) sending to SOCK/P-K.sock. Datagram sockets have no
# connection to lose: when a node's QEMU is killed its peers' frames are
# dropped, and when it boots again it binds its sockets anew and the link
# works again, whichever node it is. (`-netdev stream` does not survive
# that in QEMU 7.2: the client end never connects again once the server
# end's QEMU has gone, measured with a killed and rebooted node 0.)
# Node K's NIC towards P has the MAC 52:54:00:4d:KK:PP (hex) and the netdev
# id peerP; the NICs sit at PCI slots 0x10 and up in the order of the
# peers, so the guest names them eth0, eth1... in that order.
#
# Requests: a guest writes one line ("kill K", "boot K [SCRIPT]", "link K
# PEER off|on") to SHARED/host/req/ID; the answer, "done" or what went
# wrong, goes to SHARED/host/ack/ID, and the request to SHARED/host/done/.
# The host polls every 20 ms and starts no process on the way to the
# kill or the set_link a guest may be timing.
#
# run-cluster.sh sets: out nodes cpus mem limit accel kernel initrd cmdline
# boot_extra sock shared keep_going t0_ms.

# shellcheck shell=bash
declare -a job=() inst=() boots=() runs=()	# per node: current instance
declare -A state=()	# per instance folder: running ended killed stopped
declare -a instances=()	# every instance folder, in boot order
declare -a jobs_all=()	# every instance's job
reply=	# the answer to the request being carried out

# The folder of the nodes' sockets (links, QMP): OUT/sock, or a new one in
# /tmp linked from OUT/sock when OUT's path is too long for the name of a
# UNIX socket (108 bytes).
m3c_socket_dir() {
	local d=$out/sock t
	rm -rf "$d"
	if [ ${#d} -le 80 ]; then
		mkdir "$d"
		echo "$d"
	else
		t=$(mktemp -d /tmp/m3c.XXXXXX)
		ln -s "$t" "$d"
		echo "$t"
	fi
}

m3c_log() {
	echo "$(( $(date +%s%3N) - t0_ms )) ms: $*" >> "$out/host.log"
}

# The QEMU arguments of node K's links, one a line.
m3c_net_args() {
	local k=$1 p slot=16
	for ((p = 0; p < nodes; p++)); do
		[ "$p" = "$k" ] && continue
		echo "-netdev"
		echo "dgram,id=peer$p,local.type=unix,local.path=$sock/$k-$p.sock,remote.type=unix,remote.path=$sock/$p-$k.sock"
		echo "-device"
		printf 'virtio-net-pci,netdev=peer%d,mac=52:54:00:4d:%02x:%02x,addr=0x%x\n' \
			"$p" "$k" "$p" "$slot"
		slot=$((slot + 1))
	done
}

# Boot node K with the guest script SCRIPT (a path in the guest), in the
# background: the first boot's results go to OUT/nodeK, the next ones' to
# OUT/nodeK-bootB.
m3c_boot() {
	local k=$1 script=$2 b dir left
	local -a net
	b=$(( ${boots[k]:-0} + 1 ))
	dir=$out/node$k
	[ "$b" = 1 ] || dir=$out/node$k-boot$b
	left=$(( limit - ($(date +%s%3N) - t0_ms) / 1000 ))
	[ "$left" -ge 20 ] || { reply="no time left to boot node $k"; return 1; }
	mkdir -p "$dir"
	rm -f "$sock/$k"-*.sock "$sock/qmp-$k.sock" "$sock/qemu-$k.pid"
	mapfile -t net < <(m3c_net_args "$k")
	m3_qemu_boot "$dir" "$left" -cpu max -smp "$cpus" -m "$mem" $accel \
		-kernel "$kernel" -initrd "$initrd" \
		-append "$cmdline M3_NODE=$k M3_NODES=$nodes M3_BOOT=$b M3_RUN=$script" \
		-virtfs "local,path=$dir,mount_tag=out,security_model=none,id=out" \
		-virtfs "local,path=$shared,mount_tag=cluster,security_model=none,id=cluster" \
		"${boot_extra[@]}" "${net[@]}" -qmp "unix:$sock/qmp-$k.sock,server=on,wait=off" \
		-pidfile "$sock/qemu-$k.pid" 2>> "$dir/qemu.err" &
	job[k]=$! inst[k]=$dir boots[k]=$b runs[k]=$script
	jobs_all+=("$!")
	state[$dir]=running
	instances+=("$dir")
	m3c_log "boot node $k (boot $b, $script) into $dir"
}

m3c_running() {
	[ "${state[${inst[$1]:-none}]:-}" = running ] && kill -0 "${job[$1]}" 2>/dev/null
}

# Kill node K's QEMU at once (a node lost); its instance is then in STATE.
# What is left of its job is waited for at the end (m3c_wait_jobs), not
# before the answer to a guest that may be timing the loss.
m3c_kill() {
	local k=$1 pid
	m3c_running "$k" || { reply="node $k is not running"; return 1; }
	read -r pid 2>/dev/null < "$sock/qemu-$k.pid" || { reply="node $k has no QEMU pid yet"; return 1; }
	kill -KILL "$pid"
	state[${inst[k]}]=$2
}

m3c_wait_jobs() {
	local k
	for k in "${jobs_all[@]}"; do
		wait "$k" || true
	done
}

# Send one QMP command (JSON) to node K's QEMU, through cluster-qmp.py
# (m3c_qmp_start); the answer in $reply: "done" or QEMU's error.
m3c_qmp() {
	echo "$sock/qmp-$1.sock $2" >&"${M3C_QMP[1]}"
	read -r reply <&"${M3C_QMP[0]}"
	[ "$reply" = "done" ]
}

m3c_qmp_start() {
	coproc M3C_QMP { /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/cluster-qmp.py"; }
}

# Set node K's link towards PEER on or off (QEMU's set_link: the NIC loses
# its carrier and no frame passes either way).
m3c_link() {
	local k=$1 p=$2 up
	case $3 in
	on) up=true ;;
	off) up=false ;;
	*) reply="link state '$3' is neither on nor off"; return 1 ;;
	esac
	[ "$k" != "$p" ] || { reply="node $k has no link to itself"; return 1; }
	m3c_running "$k" || { reply="node $k is not running"; return 1; }
	m3c_qmp "$k" "{\"execute\": \"set_link\", \"arguments\": {\"name\": \"peer$p\", \"up\": $up}}"
}

# Boot node K again, with SCRIPT or the script of its last boot.
m3c_reboot() {
	! m3c_running "$1" || { reply="node $1 is running: kill it first"; return 1; }
	m3c_boot "$1" "${2:-${runs[$1]}}"
}

m3c_node_arg() {
	case $1 in
	*[!0-9]* | '') ;;
	*) [ "$1" -lt "$nodes" ] && return 0 ;;
	esac
	reply="no node '$1' in a cluster of $nodes"
	return 1
}

# Carry out one request (its words); the answer in $reply.
m3c_request() {
	reply="done"
	case "$1 $#" in
	"kill 2") m3c_node_arg "$2" && m3c_kill "$2" killed ;;
	"boot 2" | "boot 3") m3c_node_arg "$2" && m3c_reboot "$2" "${3:-}" ;;
	"link 4") m3c_node_arg "$2" && m3c_node_arg "$3" && m3c_link "$2" "$3" "$4" ;;
	*) reply="unknown request '$*'" ;;
	esac || true
}

# Carry out the requests waiting in the shared directory, and answer them.
m3c_serve() {
	local r id words
	for r in "$shared"/host/req/*; do
		[ -s "$r" ] || continue	# not yet written
		id=${r##*/}
		read -r words < "$r"
		# shellcheck disable=SC2086	# the request's words
		m3c_request $words
		echo "$reply" > "$shared/host/ack/$id"	# one write, as the request
		mv "$r" "$shared/host/done/$id"
		m3c_log "request $id: $words: $reply"
	done
}

m3c_passed() {
	grep -qx 'M3-GUEST-EXIT: 0' "$1/output.log" 2>/dev/null
}

# Note the nodes whose guest has ended; unless keep_going is set, a node
# that ended without passing stops the others (they would wait for it).
m3c_reap() {
	local k d
	for ((k = 0; k < nodes; k++)); do
		d=${inst[k]:-none}
		[ "${state[$d]:-}" = running ] && ! kill -0 "${job[k]}" 2>/dev/null || continue
		wait "${job[k]}" || true
		state[$d]=ended
		m3c_log "node $k ended: $(grep '^M3-GUEST-EXIT:' "$d/output.log" 2>/dev/null || echo 'no verdict')"
		m3c_passed "$d" || [ -n "$keep_going" ] || m3c_stop_all
	done
}

m3c_stop_all() {
	local k
	for ((k = 0; k < nodes; k++)); do
		if m3c_running "$k" && m3c_kill "$k" stopped; then
			m3c_log "node $k stopped"
		fi
	done
}

# Serve the guests' requests until every node's guest has ended.
m3c_watch() {
	local k
	while :; do
		m3c_serve
		m3c_reap
		for ((k = 0; k < nodes; k++)); do
			[ "${state[${inst[k]:-none}]:-}" != running ] || break
		done
		[ "$k" -lt "$nodes" ] || return 0
		m3c_sleep 0.02
	done
}

# Sleep SECS without starting a process (the host may be busy, and the
# guests time what the host does): a read that times out on a FIFO that
# nobody writes to.
m3c_sleep() {
	if [ -z "${m3c_sleep_fd:-}" ]; then
		mkfifo "$sock/sleep.fifo"
		exec {m3c_sleep_fd}<> "$sock/sleep.fifo"
	fi
	read -r -t "$1" -u "$m3c_sleep_fd" || true
}
