#!/usr/bin/env bash
# make demo-cluster: boot two guests joined by a virtual Ethernet link
# (TIPC, the cluster key), with the module in each; a client on node 1
# calls a server on node 0, and `m3adm status` runs on both nodes.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/qemu/lib.sh"
# shellcheck disable=SC2046	# one HOST:GUEST spec a word
exec "$top/tests/qemu/run-cluster.sh" -n 2 -o "$top/results/demo-cluster" -t 400 \
	"$top/tests/demo/demo-cluster-guest.sh" \
	"$top/tests/demo/m3demo:/usr/bin/m3demo" \
	$(m3_program_files /usr/bin "$top/m3d/m3adm")
