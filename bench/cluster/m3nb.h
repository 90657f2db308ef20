/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3netbench: the M3 rows, shared by their client side (m3.c), their
 * servers (m3serve.c) and the setup of the nodes (m3setup.c).
 *
 * Every node first runs `m3netbench setup NODE NODES KEYHEX`: the DRVS of
 * NODES nodes, VM NB_M3_VM spanning them all, and the cluster joined with
 * the key. A server binds its threads with mnx_bind(NB_M3_VM, -1), which
 * takes slots its node owns (m3_slot_owner(): node 0 the even ones), and
 * says their endpoints in its info, "EP,EP,..." (one per pair); a client
 * thread binds in the same VM on its node. "m3-remote" rows are served on
 * node 0 for a client on node 1; "m3-local" rows by a child of the client.
 *
 * The messages: m_type one of enum m3_req; m1_i1 the round trip's count
 * (ping-pongs, the server adds one) or the result of a copy; m1_i2 a
 * length; m1_i3 nonzero asks for a checksum of the server's buffer (in
 * m1_p2 of the reply); m1_p1 an address in the client (READ, WRITE) or in
 * the server (the reply to BEGIN).
 */
#ifndef M3NB_H
#define M3NB_H

#include "netbench.h"

#define NB_M3_VM	1	/* the VM of the M3 rows: spans every node */
#define NB_M3_WAIT_S	60.0	/* for a server's member to be announced here */

/* How the two ends of an M3 row talk. */
enum m3_style {
	M3S_REPLYREC,		/* IPC2: client sendrec; server replyrec */
	M3S_RECEIVE_SEND,	/* IPC2: client sendrec; server receive, send */
	M3S_SEND_RECEIVE,	/* IPC1: client send, receive; server as above */
	M3S_NOTIFY,		/* IPC3: notify and receive, each way */
	M3S_SERVER_READS,	/* COPY1: client sendrec; server vcopies the
				 * client's bytes into its buffer, replies */
	M3S_SERVER_WRITES,	/* COPY1: the same, into the client's buffer */
	M3S_CLIENT_WRITES,	/* COPY1: client vcopies into the server's
				 * buffer; the server waits in receive from it */
};

enum m3_req {
	M3_REQ = 1,		/* a ping-pong's request */
	M3_REPLY,		/* every reply */
	M3_READ,		/* copy m1_i2 bytes from m1_p1 in the client */
	M3_WRITE,		/* copy m1_i2 bytes to m1_p1 in the client */
	M3_BEGIN,		/* receive from the client only, until END */
	M3_END,			/* (a send, no reply) back to receive from ANY */
	M3_CHECK,		/* just the checksum of m1_i2 bytes */
};

struct m3_row {
	struct net_mech mech;	/* first: net_mechs[] points here */
	enum m3_style style;
};

/* The "m3-remote" and "m3-local" rows, in the same order (m3.c). */
#define M3_NROWS	7
extern const struct m3_row m3_remote[M3_NROWS], m3_local[M3_NROWS];

static inline enum m3_style m3_style_of(const struct net_mech *m)
{
	return ((const struct m3_row *)m)->style;
}

/* A copy row (a constant expression: the rows' tables use it). */
#define M3_IS_COPY(s)	((s) >= M3S_SERVER_READS)

static inline int m3_is_copy(enum m3_style s)
{
	return M3_IS_COPY(s);
}

/* m3serve.c: the server of row @m (its serve()). */
int m3_serve(const struct net_mech *m, char *info, size_t len);

/* NB_MAX_BULK bytes, page-aligned, no transparent huge pages, faulted in. */
char *m3_buf_alloc(void);
/* A checksum of @len bytes, and a pattern to fill them with. */
uint64_t m3_sum(const char *buf, size_t len);
void m3_fill(char *buf, size_t len, uint64_t seed);

/* m3setup.c: `m3netbench setup NODE NODES KEYHEX`. */
int m3_setup_main(int argc, char **argv);

#endif
