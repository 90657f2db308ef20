#!/usr/bin/env bash
# The cross-node test suite: builds m3x, then boots clusters of guests
# with tests/qemu/run-cluster.sh and runs the scenarios on every node:
#   two    two.sh on 2 nodes (calls, signals, failures, two VMs, the
#          hostile process, a link cut, a node killed and booted again)
#   three  three.sh on 3 nodes (every pair, overlapping VMs, a VM that
#          does not span a node, a node lost beside a working pair)
#   fuzz   fuzz.sh on 3 nodes: the wire fuzzer as an unprivileged process
#          and as a node that holds the cluster key, and the replay of
#          captured link frames, beside genuine traffic
#          (not run by default); M3_FUZZ_SECS (default 60) how long it
#          fuzzes, M3_FUZZ_SEED its seed (default: a random one, printed),
#          M3_FUZZ_RATE frames a second at the most (default 1000); the
#          figures follow its results ("# fuzz: ...")
#   soak   soak.sh on 3 nodes, m3d on each: messages and copies across
#          every node, members killed, links cut, a node killed and
#          booted again, m3d killed, for M3_SOAK_SECS (default 180) s (not
#          run by default); the figures follow ("# soak: ...")
# Each node prints "ok - NAME" / "not ok - NAME" lines (tests/xnode/
# xlib.sh); this prints "PASS RUN/NAME" or "FAIL RUN/NAME" for each, the
# lines that explain a failure, a check per run that every node reported
# and no kernel complained, and "xnode: N passed, M failed".
#   run.sh [-T] [-o DIR] [RUN...]  (default: two three; DIR: results/xnode)
# -T prints "ok - RUN/NAME" and "not ok - RUN/NAME" instead, as the stages
# of tests/run-all.sh count them. M3_MODULE, M3_KVER, M3_KERNEL as for
# run-cluster.sh; M3_XNODE_WRAP a guest script every node runs in place
# of the run's scenario, which it finds at /opt/m3/xnode/scenario.sh
# (tests/debug/cluster.sh: kmemleak around it); M3_XNODE_SLOW a factor
# for the runs' wall-clock limits, and the links' tolerance, which the
# nodes get in xnode.env (xlib.sh's SLOW; default 1; a slower kernel, as
# the debug one). Exit status: 0 if all passed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/xnode
out=$top/results/xnode
yes=PASS no=FAIL notes="    "
while getopts To: opt; do
	case $opt in
	o) out=$OPTARG ;;
	T) yes="ok -" no="not ok -" notes="#   " ;;
	*) sed -n '2,/^set /{/^#/p}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- two three
pass=0 fail=0

note() {	# the lines of stdin, under the result they explain
	sed "s/^/$notes/"
}

result() {	# PASS|FAIL NAME
	if [ "$1" = PASS ]; then
		pass=$((pass + 1))
		echo "$yes $2"
	else
		fail=$((fail + 1))
		echo "$no $2"
	fi
}

# The files every guest gets: m3x, and the scenario scripts it sources.
guest_files() {
	local f
	echo "$here/m3x:/opt/m3/m3x"
	for f in "$here"/*.sh; do
		case ${f##*/} in
		run.sh | two.sh | three.sh | fuzz.sh | soak.sh) ;;
		*) echo "$f:/opt/m3/xnode/${f##*/}" ;;
		esac
	done
}

# The checks the nodes of run NAME reported, as PASS/FAIL lines, with the
# comment lines under a failure.
collect() {
	local name=$1 log line failing=
	for log in "$out/$name"/node*/output.log; do
		[ -f "$log" ] || continue
		while IFS= read -r line; do
			case $line in
			"ok - "*) failing= ; result PASS "$name/${line#ok - }" ;;
			"not ok - "*) failing=1; result FAIL "$name/${line#not ok - }" ;;
			"#   "*) [ -z "$failing" ] || echo "${line#\#   }" | note ;;
			*) failing= ;;
			esac
		done < "$log"
	done
}

# The shell's own complaints in the nodes' output ("SCRIPT: line N: ..."):
# a scenario that did not run as written.
script_errors() {
	local name=$1 errors
	errors=$(grep -h ': line [0-9]*: ' "$out/$name"/node*/output.log 2>/dev/null)
	if [ -z "$errors" ]; then
		result PASS "$name/scripts_ran_without_shell_errors"
	else
		result FAIL "$name/scripts_ran_without_shell_errors"
		echo "$errors" | head -20 | note
	fi
}

# Boot run NAME (NODES guests, SCRIPT on each, at most LIMIT s, with the
# extra files FILE...) and report it.
cluster_run() {
	local name=$1 nodes=$2 script=$3 rc t0=$SECONDS
	local limit=$(( ${4:-420} * ${M3_XNODE_SLOW:-1} ))
	local -a files
	mapfile -t files < <(guest_files)
	echo "SLOW=${M3_XNODE_SLOW:-1}" > "$out/xnode.env"
	files+=("$out/xnode.env:/opt/m3/xnode/xnode.env" "${@:5}")
	if [ -n "${M3_XNODE_WRAP:-}" ]; then
		files+=("$script:/opt/m3/xnode/scenario.sh")
		script=$M3_XNODE_WRAP
	fi
	rm -rf "${out:?}/$name"
	bash "$top/tests/qemu/run-cluster.sh" -k -n "$nodes" -o "$out/$name" \
		-t "$limit" "$script" "${files[@]}" > "$out/$name.log" 2>&1
	rc=$?
	collect "$name"
	script_errors "$name"
	case $rc in
	124) result FAIL "$name/every_node_reported" ;;
	125) result FAIL "$name/kernels_quiet"
	     { grep -E 'reported problems|^\[ *[0-9]+\.[0-9]+\]' "$out/$name.log"
	       echo "(the whole logs: $out/$name/node*/console.log)"; } |
		head -40 | note ;;
	*) result PASS "$name/kernels_quiet_and_every_node_reported" ;;
	esac
	echo "# $name: $((SECONDS - t0)) s, harness status $rc, results in $out/$name"
}

# The fuzz run: its settings for the guests (fuzz.env), and its figures.
fuzz_run() {
	local secs=${M3_FUZZ_SECS:-60} env=$out/fuzz.env seed=${M3_FUZZ_SEED:-}
	[ -n "$seed" ] || seed=0x$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')
	printf 'FUZZ_SECS=%d\nFUZZ_SEED=%s\nFUZZ_RATE=%d\n' "$secs" "$seed" \
		"${M3_FUZZ_RATE:-1000}" > "$env"
	echo "# fuzz: seed $seed (M3_FUZZ_SEED=$seed to send the same frames again), $secs s"
	cluster_run fuzz 3 "$here/fuzz.sh" $((480 + 2 * secs)) \
		"$env:/opt/m3/xnode/fuzz.env"
	grep -h '^# \(fuzz\|keyed\|drops\|capture\|replay\|traffic\): ' \
		"$out"/fuzz/node*/output.log
}

# The soak run: the verdict's own test (on the host), then the run with
# its length for the guests (soak.env), m3d and m3adm with their
# libraries, and its figures.
soak_run() {
	local secs=${M3_SOAK_SECS:-180} env=$out/soak.env
	local -a m3d
	if "$here/m3x" soak-check -t > "$out/soak-check.log" 2>&1; then
		result PASS soak/verdict_rules_each_fail_on_a_log_that_breaks_them
	else
		result FAIL soak/verdict_rules_each_fail_on_a_log_that_breaks_them
		grep -v '^ok ' "$out/soak-check.log" | note
	fi
	if ! make -s -C "$top/m3d" >> "$out/build.log" 2>&1; then
		result FAIL soak/build_m3d
		tail -20 "$out/build.log" | note
		return
	fi
	echo "SOAK_SECS=$secs" > "$env"
	mapfile -t m3d < <(. "$top/tests/qemu/lib.sh"
			   m3_program_files /opt/m3 "$top/m3d/m3d" "$top/m3d/m3adm")
	cluster_run soak 3 "$here/soak.sh" $((600 + 2 * secs)) \
		"$env:/opt/m3/xnode/soak.env" "${m3d[@]}"
	sed 's/^/# soak: /' "$out/soak/shared/soak/figures.txt" 2>/dev/null
}

mkdir -p "$out"
if ! make -s -C "$top/libm3" > "$out/build.log" 2>&1 ||
   ! make -s -C "$here" >> "$out/build.log" 2>&1; then
	result FAIL build_m3x
	note < "$out/build.log"
	set --
fi
for run; do
	case $run in
	two) cluster_run two 2 "$here/two.sh" ;;
	three) cluster_run three 3 "$here/three.sh" ;;
	fuzz) fuzz_run ;;
	soak) soak_run ;;
	*) echo "run.sh: no run '$run'" >&2; exit 2 ;;
	esac
done
echo "xnode: $pass passed, $fail failed"
[ "$fail" = 0 ]
