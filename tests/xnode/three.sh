#!/bin/sh
# The cross-node scenarios on three nodes (tests/xnode/run.sh runs this
# on the three guests of a tests/qemu/run-cluster.sh run):
#   VM 1 spans 0,1,2  node k binds the slots s with s % 3 == k
#   VM 2 spans 0,1    node 0 the even slots, node 1 the odd ones
#   VM 3 spans 1,2    node 1 the even slots, node 2 the odd ones
#   VM 4 spans 0,1,2  only for the bind before the links are up
# Node 2 also makes a VM 2 of its own that claims to span all three
# nodes, which nodes 0 and 1 must not take traffic from. At the end node 2
# is killed while nodes 0 and 1 talk.
. /opt/m3/xnode/xlib.sh
for f in setup pairs; do
	. "/opt/m3/xnode/$f.sh"
done
BIND_ANY_VM=4

phase setup 3 1:0,1,2 2:0,1 3:1,2 4:0,1,2
m3c_barrier setup
phase servers3
phase every_pair
phase vm_not_spanned
phase third_node_lost
if ! on 2; then
	servers_held3
	phase end
fi
