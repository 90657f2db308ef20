// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the mechanisms, in the order they are measured and listed.
 * Both roles index this table, so a client and a server must be the same
 * build (the control protocol compares the names).
 *
 * The M3 rows (m3.c) come first, so that they lead every round of the
 * interleaving, and the same calls on the client's node alone last.
 */
#include "m3nb.h"

extern const struct net_mech tipc_rdm_name, tipc_rdm_port, tipc_seqpacket,
	tipc_stream, tcp_ping, tcp_bulk;

const struct net_mech *const net_mechs[] = {
	&m3_remote[0].mech, &m3_remote[1].mech, &m3_remote[2].mech,
	&m3_remote[3].mech, &m3_remote[4].mech, &m3_remote[5].mech,
	&m3_remote[6].mech,
	&tipc_rdm_name,
	&tipc_rdm_port,
	&tipc_seqpacket,
	&tcp_ping,
	&tipc_stream,
	&tcp_bulk,
	&m3_local[0].mech, &m3_local[1].mech, &m3_local[2].mech,
	&m3_local[3].mech, &m3_local[4].mech, &m3_local[5].mech,
	&m3_local[6].mech,
};
const int net_nmechs = sizeof(net_mechs) / sizeof(net_mechs[0]);
_Static_assert(sizeof(net_mechs) / sizeof(net_mechs[0]) <= NB_MAX_MECHS,
	       "more mechanisms than struct peer has room for");
_Static_assert(M3_NROWS == 7, "every M3 row listed above, twice");
