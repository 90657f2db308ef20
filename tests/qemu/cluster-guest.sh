#!/bin/sh
# /run.sh of a cluster guest (tests/qemu/run-cluster.sh), run by /init with
# its output on the verdict port: mounts the folder the nodes share on
# /cluster, writes /etc/m3-links, then runs the node's script, $M3_RUN.
# M3_NODE, M3_NODES, M3_BOOT and M3_RUN come from the kernel command line
# (the kernel hands NAME=VALUE words it does not know to /init's
# environment).
. /usr/lib/m3/cluster-lib.sh
m3c_setup || exit 1
echo "cluster: node $M3_NODE of $M3_NODES, boot $M3_BOOT, links:" $(cat /etc/m3-links)
exec sh "$M3_RUN"
