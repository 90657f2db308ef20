# The start and the end of every node's run (sourced after xlib.sh).

# NR_NODES VMID:NODES...: the DRVS and the VMs that span this node, then
# a bind of any slot before any link is up (in VM $BIND_ANY_VM, which
# spans every node: the slot it takes, and leaves, is one no scenario
# counts on), what the function before_links does if there is one, TIPC,
# and every other node up. /proc and mnx_node_info say so.
BIND_ANY_VM=3
phase_setup() {
	local nr=$1 n tag=node$M3_NODE
	shift
	[ "$M3_BOOT" = 1 ] || tag=$tag.boot$M3_BOOT
	check "setup_$tag" $X setup "$M3_NODE" "$nr" "$KEY" "$@"
	check "bind_any_before_links_$tag" $X -v "$BIND_ANY_VM" bind -1 OK
	! type before_links > /dev/null 2>&1 || before_links
	check "tipc_links_up_$tag" m3c_tipc_up "$TOL"
	for n in $(m3c_all_nodes); do
		[ "$n" = "$M3_NODE" ] && continue
		check_long 100 "node${n}_up_at_$tag" $X waitup "$n" 90
		check "proc_nodes_node${n}_up_at_$tag" proc_node_is "$n" up
	done
}

# Every member stops, the DRVS ends and the module unloads, quietly.
phase_end() {
	local tag=node$M3_NODE
	[ "$M3_BOOT" = 1 ] || tag=$tag.boot$M3_BOOT
	check "module_unloads_$tag" unload_module
	check "kernel_log_clean_$tag" kernel_quiet
	dmesg | grep m3ipc | tail -40 | sed 's/^/# dmesg: /'
	summary
}
