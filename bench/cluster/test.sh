#!/usr/bin/env bash
# m3netbench on this host, both roles over TCP loopback (the TIPC rows too
# where the host has TIPC): the control protocol, every kind of cell, the
# result lines and the report. `make -C bench/cluster check`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nb=$here/m3netbench
tmp=$(mktemp -d)
srv=
cleanup() {
	[ -z "$srv" ] || kill "$srv" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "test.sh: FAIL: $*" >&2
	exit 1
}

"$nb" server -l 120 2> "$tmp/server.log" &
srv=$!

# A client of another protocol version is told so, and the server goes on.
for _ in $(seq 50); do
	(: <> /dev/tcp/127.0.0.1/7300) 2> /dev/null && break
	sleep 0.1
done
exec 3<> /dev/tcp/127.0.0.1/7300
echo "m3netbench 999 hello" >&3
read -r answer <&3
exec 3>&-
[ "$answer" = "m3netbench 1 error version" ] || fail "version: got \"$answer\""

"$nb" client -r 3 -t 0.02 -b 0.02 -p 0.02 -P 4 -o "$tmp/all.tsv" > /dev/null ||
	fail "client (all mechanisms)"
grep -q "^R	ipc	RT	tcp	nodelay	64	" "$tmp/all.tsv" || fail "no TCP ping-pong"
for size in 4096 16384 65536 262144 1048576 4194304; do
	grep -q "^R	copy	bulk	tcp		$size	" "$tmp/all.tsv" || fail "no TCP bulk $size"
done
for n in 1 2 4; do
	grep -q "^R	scale	pairs$n	tcp	nodelay	$n	" "$tmp/all.tsv" || fail "no TCP pairs$n"
done
! grep -q "pairs8" "$tmp/all.tsv" || fail "-P 4 measured 8 pairs"
# Every round visits every cell once (in another order each time).
awk -F'\t' '$1 == "R" && $2 != "cpu" && $10 != 3 { bad = 1 } END { exit bad }' "$tmp/all.tsv" ||
	fail "a cell without its 3 slices"
# A ping-pong says what this node did meanwhile (its busy time too, when a
# tick passed: not in these short slices, maybe).
grep -q "^R	ctxsw	RT	tcp	nodelay	64	.*	switches/rt$" "$tmp/all.tsv" ||
	fail "no context switches of the TCP ping-pong"
# Every mechanism has its rows, measured or not (no TIPC here: not).
for m in $("$nb" list | cut -f2 | sort -u); do
	grep -q "^[RN]	[a-z]*	[a-zA-Z0-9]*	$m	" "$tmp/all.tsv" || fail "no row of $m"
done
# The client said quit: the server is gone.
for _ in $(seq 50); do kill -0 "$srv" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$srv" 2>/dev/null || fail "the server did not exit on quit"
wait "$srv" || fail "the server exited $?"
srv=

# -m: only the mechanisms named.
"$nb" server -l 60 2>> "$tmp/server.log" &
srv=$!
"$nb" client -r 1 -t 0.02 -b 0.02 -p 0.02 -P 1 -m tcp -o "$tmp/tcp.tsv" > /dev/null ||
	fail "client -m tcp"
! grep -q "tipc" "$tmp/tcp.tsv" || fail "-m tcp measured TIPC"
wait "$srv"
srv=

# -k: only these kinds of cells.
"$nb" server -l 60 2>> "$tmp/server.log" &
srv=$!
"$nb" client -r 1 -t 0.02 -b 0.02 -p 0.02 -P 2 -m tcp -k ping -o "$tmp/ping.tsv" > /dev/null ||
	fail "client -k ping"
grep -q "^R	ipc	RT	tcp	" "$tmp/ping.tsv" || fail "-k ping: no ping-pong"
! grep -Eq "^R	(copy|scale)	" "$tmp/ping.tsv" || fail "-k ping measured bulk or pairs"
wait "$srv"
srv=

# The report: bench/'s JSON schema, which compare.py reads.
python3 "$here/report.py" -d "$tmp" -m title=test "$tmp/all.tsv" > "$tmp/table.txt"
grep -q "^tcp nodelay " "$tmp/table.txt" || fail "report: no TCP row"
python3 - "$tmp/results.json" <<'PY' || fail "report: results.json"
import json, sys
doc = json.load(open(sys.argv[1]))
assert set(doc) == {"meta", "notes", "results", "targets"}, doc.keys()
rt = [r for r in doc["results"] if r["group"] == "ipc" and r["mechanism"] == "tcp"]
assert rt and rt[0]["unit"] == "rt/s" and rt[0]["ns_per_op"] > 0, rt
assert all(t["met"] is None for t in doc["targets"]), "targets without M3 rows"
PY

# The M3 rows: the host has no module, so they are there, not measured.
grep -q "^N	ipc	IPC2	m3-remote	sendrec/replyrec	64	" "$tmp/all.tsv" ||
	fail "no m3-remote row"
grep -q "^N	ipc	IPC2	m3-local	sendrec/replyrec	64	" "$tmp/all.tsv" ||
	fail "no m3-local row"
"$nb" setup 0 2 nokey > /dev/null 2>&1 && fail "setup took a bad key"

# The targets are judged on the m3-remote rows alone (the faster m3-local
# ones are there for scale), each COPY1 variant on its own; the split table
# says what crossing adds; runs.py puts runs side by side.
R="R	ipc	IPC2	m3-%s	sendrec/replyrec	64	%s	%s	%s	3	10	rt/s\n"
C="R	copy	%s	%s	%s	1048576	%s	%s	%s	3	1	MiB/s\n"
{
	printf "$R" remote 900 800 1000
	printf "$R" local 9000 8000 10000
	printf "R	ipc	RT	tipc-rdm	name	64	1000	90	1100	3	10	rt/s\n"
	# the faster halves: 950 and 1050 rt/s
	printf "#	slices	ipc	IPC2	m3-remote	sendrec/replyrec	64	100 1000 900\n"
	printf "#	slices	ipc	RT	tipc-rdm	name	64	90 1100 1000\n"
	printf "R	ipc	RT	tcp	nodelay	64	700	600	800	3	10	rt/s\n"
	printf "$C" COPY1 m3-remote server-reads 9 8 10
	printf "$C" COPY1 m3-local server-reads 900 800 1000
	printf "$C" bulk tcp "" 10 9 11
} > "$tmp/m3.tsv"
mkdir "$tmp/m3"
python3 "$here/report.py" -d "$tmp/m3" -m date=x "$tmp/m3.tsv" > "$tmp/m3.txt"
grep -Eq "^IPC2 sendrec/replyrec +1111.1 +111.1 +1000.0$" "$tmp/m3.txt" ||
	fail "report: the remote/local split"
python3 - "$tmp/m3/results.json" <<'PY' || fail "report: the targets"
import json, sys
t = {x["target"]: x for x in json.load(open(sys.argv[1]))["targets"]}
def check(name, ratio, met):
    assert abs(t[name]["ratio"] - ratio) < 1e-3 and t[name]["met"] is met, t[name]
check("remote IPC2 sendrec/replyrec >= 1.0x tipc-rdm", 950 / 1050, False)
assert abs(t["remote IPC2 sendrec/replyrec >= 1.0x tipc-rdm"]["ratio_median"] - 0.9) < 1e-3
check("remote IPC2 sendrec/replyrec >= 1.2x tcp", 900 / 700, True)
check("remote COPY1 server-reads 1 MiB >= 0.8x best bulk", 0.9, True)
assert t["remote COPY1 server-writes 1 MiB >= 0.8x best bulk"]["met"] is None
PY
python3 "$here/runs.py" "$tmp/m3" "$tmp/m3" > "$tmp/runs.txt"
grep -Eq "sendrec/replyrec >= 1.0x tipc-rdm +0.91  0.91  \[median 0.91" "$tmp/runs.txt" ||
	fail "runs.py: the targets of two runs"
# trace.py: one M3 round trip on node 1 and its request on node 0 (lines
# as the kernel writes them), taken apart on each node's clock.
cat > "$tmp/node1.trace" <<'TRACE'
      m3netbench-200     [000] .....    17.000000: tracing_mark_write: nb start IPC2 m3-remote sendrec/replyrec
      m3netbench-200     [000] .....    17.000100: sys_enter: NR 16 (6, 0, 0, 0, 7, 0)
      m3netbench-200     [000] b..1.    17.000400: net_dev_xmit: dev=eth0 skbaddr=0 len=174 rc=0
      m3netbench-200     [000] d..2.    17.000450: sched_switch: prev_comm=m3netbench prev_pid=200 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
          <idle>-0       [000] ..s1.    17.001400: netif_receive_skb: dev=eth0 skbaddr=0 len=160
          <idle>-0       [000] DNs6.    17.001500: sched_wakeup: comm=kworker/0:0H pid=8 prio=100 target_cpu=000
          <idle>-0       [000] d..2.    17.001520: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/0:0H next_pid=8 next_prio=100
    kworker/0:0H-8       [000] .....    17.001530: workqueue_execute_start: work struct 0: function m3_rx_work [m3ipc]
    kworker/0:0H-8       [000] d..4.    17.001600: sched_wakeup: comm=m3netbench pid=200 prio=120 target_cpu=000
    kworker/0:0H-8       [000] d..2.    17.001620: sched_switch: prev_comm=kworker/0:0H prev_pid=8 prev_prio=100 prev_state=I ==> next_comm=m3netbench next_pid=200 next_prio=120
      m3netbench-200     [000] .....    17.001650: sys_exit: NR 16 = 0
      m3netbench-200     [000] .....    17.001700: sys_enter: NR 16 (6, 0, 0, 0, 7, 0)
      m3netbench-200     [000] b..1.    17.002000: net_dev_xmit: dev=eth0 skbaddr=0 len=174 rc=0
      m3netbench-200     [000] .....    17.002100: tracing_mark_write: nb end
TRACE
cat > "$tmp/node0.trace" <<'TRACE'
          <idle>-0       [000] ..s1.    20.000000: netif_receive_skb: dev=eth0 skbaddr=0 len=174
          <idle>-0       [000] DNs6.    20.000100: sched_wakeup: comm=kworker/0:0H pid=8 prio=100 target_cpu=000
    kworker/0:0H-8       [000] .....    20.000150: workqueue_execute_start: work struct 0: function m3_rx_work [m3ipc]
    kworker/0:0H-8       [000] d..4.    20.000200: sched_wakeup: comm=m3s-replyrec pid=300 prio=120 target_cpu=000
    kworker/0:0H-8       [000] d..2.    20.000230: sched_switch: prev_comm=kworker/0:0H prev_pid=8 prev_prio=100 prev_state=I ==> next_comm=m3s-replyrec next_pid=300 next_prio=120
    m3s-replyrec-300     [000] .....    20.000260: sys_exit: NR 16 = 0
    m3s-replyrec-300     [000] .....    20.000300: sys_enter: NR 16 (6, 0, 0, 0, 7, 0)
    m3s-replyrec-300     [000] b..1.    20.000700: net_dev_xmit: dev=eth0 skbaddr=0 len=160 rc=0
TRACE
python3 "$here/trace.py" "$tmp/node1.trace" "$tmp/node0.trace" > "$tmp/trace.txt"
grep -Eq "^IPC2 m3-remote sendrec/replyrec +1600 +1000 +100 +100 +20 +80 +300 +1$" "$tmp/trace.txt" ||
	fail "trace.py: node 1's round trip"
grep -Eq "^m3s-replyrec +700 +100 +100 +30 +70 +400 +1$" "$tmp/trace.txt" ||
	fail "trace.py: node 0's turnaround"

echo "test.sh: ok"
