#!/bin/sh
# The one-guest run (run.sh with BENCH_CLUSTER_GUESTS=1, under
# tests/qemu/run-guest.sh): TIPC up inside this node alone (an identity, no
# bearer), M3 with a DRVS of this node alone, the server in the background,
# the client against it over TIPC and TCP loopback. Settings in
# /etc/m3netbench.conf, as for node.sh.
. /etc/m3netbench.conf
echo "guest: $(nproc) vCPUs, $(uname -r)"
for m in $(cat /opt/tipc/load.list); do
	insmod "/opt/tipc/$m" || exit 1
done
tipc node set identity 1 || exit 1
# M3 on this node alone: the m3-local rows run, the m3-remote ones cannot
# (their server is on this node: the client says so and skips them).
m3netbench setup 0 1 "$(od -An -tx1 -N36 /dev/urandom | tr -d ' \n')" ||
	echo "guest: m3netbench setup failed: no M3 rows" >&2
m3netbench server -l "$NB_LIMIT" 2> /tmp/server.log &
# shellcheck disable=SC2086	# NB_ARGS is a list of options
m3netbench client -o /out/client.tsv $NB_ARGS
rc=$?
wait
sed 's/^/server: /' /tmp/server.log
exit $rc
