#!/bin/sh
# The one-guest run (run.sh with BENCH_CLUSTER_GUESTS=1, under
# tests/qemu/run-guest.sh): TIPC up inside this node alone (an identity, no
# bearer), the server in the background, the client against it over TIPC
# and TCP loopback. Settings in /etc/m3netbench.conf, as for node.sh.
. /etc/m3netbench.conf
echo "guest: $(nproc) vCPUs, $(uname -r)"
for m in $(cat /opt/tipc/load.list); do
	insmod "/opt/tipc/$m" || exit 1
done
tipc node set identity 1 || exit 1
m3netbench server -l "$NB_LIMIT" 2> /tmp/server.log &
# shellcheck disable=SC2086	# NB_ARGS is a list of options
m3netbench client -o /out/client.tsv $NB_ARGS
rc=$?
wait
sed 's/^/server: /' /tmp/server.log
exit $rc
