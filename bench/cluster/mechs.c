// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the mechanisms, in the order they are measured and listed.
 * Both roles index this table, so a client and a server must be the same
 * build (the control protocol compares the names).
 *
 * The M3 remote calls go here once the module carries them across nodes
 * (see struct net_mech in netbench.h): a file m3.c with their rows, e.g.
 *   { "IPC2", "m3-remote", "sendrec/replyrec", NB_PING, ... }
 *   { "IPC2", "m3-remote", "sendrec/receive+send", NB_PING, ... }
 *   { "IPC1", "m3-remote", "send+receive", NB_PING, ... }
 *   { "IPC3", "m3-remote", "notify/receive", NB_PING, ... }
 *   { "COPY1", "m3-remote", "", NB_BULK, ... }
 * listed first, so that they lead every round of the interleaving.
 */
#include "netbench.h"

extern const struct net_mech tipc_rdm_name, tipc_rdm_port, tipc_seqpacket,
	tipc_stream, tcp_ping, tcp_bulk;

const struct net_mech *const net_mechs[] = {
	&tipc_rdm_name,
	&tipc_rdm_port,
	&tipc_seqpacket,
	&tcp_ping,
	&tipc_stream,
	&tcp_bulk,
};
const int net_nmechs = sizeof(net_mechs) / sizeof(net_mechs[0]);
_Static_assert(sizeof(net_mechs) / sizeof(net_mechs[0]) <= NB_MAX_MECHS,
	       "more mechanisms than struct peer has room for");
