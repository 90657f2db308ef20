/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x soak: the soak across nodes (tests/xnode/soak.sh runs it on every
 * node of a cluster of guests; docs/reliability.md says what it proves).
 *
 * On each node an orchestrator (m3x soak) forks the members of VM 1 and
 * kills one at random now and then (kill -9, then a new incarnation binds
 * the same slot anew). Member m of node k binds slot m * NR + k (NR: the
 * nodes of the VM), so every node knows where the others' servers are:
 *   servers   receive from ANY, answer with replyrec (sendnb for a
 *             request held back for COPY2), vcopy COPY1 from and into
 *             their clients and COPY2 between two of them (or within one);
 *   clients   sendrec, send and notify to any server of any node, each
 *             message numbered per (sender, receiver) and checksummed;
 *   stopper   at the end, notifies the servers of its node, which then
 *             take what is left for them and end.
 * Every member logs what it did, as fixed records, into a ring in memory
 * the orchestrator shares with it; the orchestrator appends the rings to
 * a log file in the folder the nodes share, every half second and when a
 * member dies, so what a killed member did survives it, and what a lost
 * node did survives it up to its last flush. m3x soak-check reads the
 * logs of every node and boot and gives the verdict (m3x_soak_check.c).
 */
#ifndef M3X_SOAK_H
#define M3X_SOAK_H

#include <stdint.h>

#include "m3x.h"

#define XS_SRV_PROCS	2
#define XS_SRV_THREADS	2
#define XS_CLI_PROCS	3
#define XS_CLI_THREADS	3
#define XS_SERVERS	(XS_SRV_PROCS * XS_SRV_THREADS)
#define XS_CLIENTS	(XS_CLI_PROCS * XS_CLI_THREADS)
#define XS_STOPPER	(XS_SERVERS + XS_CLIENTS)	/* its member index */
#define XS_MEMBERS	(XS_STOPPER + 1)		/* per node */
#define XS_RING		8192		/* records per member's ring */
#define XS_REGION	(128 * 1024)	/* a client's source or destination */
#define XS_MAX_COPY	(96 * 1024)
#define XS_HOLD_MS	300		/* a COPY2 request waits for a partner */
#define XS_DROPPED	(-1000)		/* a held request the server let go */

/*
 * What a client asks, and what records say was done. The _T ones wait a
 * few ms at most (XS_SHORT_MS), so calls are given up in every phase.
 */
enum xs_op { XS_MSG = 1, XS_SEND, XS_NOTIFY, XS_COPY_IN, XS_COPY_OUT,
	     XS_COPY2, XS_MSG_T, XS_SEND_T, XS_NR_OPS };

#define XS_SHORT_MS	40

enum xs_type {
	XS_BIND = 1,	/* aux: role (enum xs_role), aux2: member index */
	XS_OUT,		/* a client's call: peer, seq, op, result, t0, t1;
			   aux: the peer node's downs (a notify), aux2: how
			   long it could wait (ms) */
	XS_IN,		/* a server took message seq from peer (op), at t1 */
	XS_NOTE,	/* a server took peer's notification, aux coalesced */
	XS_REPLY,	/* a server's answer to peer's request seq: result */
	XS_COPY,	/* a server's vcopy with party peer for its request seq:
			   op, result, t0, t1, aux bytes; a COPY2's second
			   party in a record of its own, op | 0x80 */
	XS_VERIFY,	/* aux bytes copied to or from peer found right */
	XS_ANOM,	/* aux: enum xs_anom, seq and aux2: what was seen */
	XS_END,		/* ended in order; a client: seq, aux, aux2 the downs
			   of nodes 0, 1, 2 as its node saw them */
	XS_KILLED,	/* the orchestrator killed it (its ring was drained) */
	XS_NR_TYPES
};

enum xs_role { XS_ROLE_SERVER = 1, XS_ROLE_CLIENT, XS_ROLE_STOPPER };

/* Anomalies a member sees at once (the checker finds the others). */
enum xs_anom {
	XS_A_CHECKSUM = 1,	/* a message whose checksum is wrong */
	XS_A_FORGED,		/* m_source is not the sender it names */
	XS_A_MISDELIVERED,	/* a message for another endpoint */
	XS_A_REPLY,		/* a reply that is not the answer expected */
	XS_A_BYTES,		/* copied bytes (or guards) wrong */
	XS_A_ERROR,		/* a call ended with an error it may not give */
	XS_A_HANG,		/* a call gave up after the watchdog */
	XS_A_BIND,		/* the member could not bind its slot */
	XS_A_DIED,		/* a member died on its own */
	XS_A_STUCK,		/* a member did not finish when told to */
	XS_A_LOG,		/* a log record could not be written */
	XS_NR_ANOMS
};

/* One record: 32 bytes, as written to the log files. */
struct xs_rec {
	uint8_t type, op;
	int16_t result;
	int32_t self, peer;
	uint32_t seq, t0, t1, aux, aux2;
};

/* A member's ring: it writes records at head, the orchestrator reads. */
struct xs_ring {
	volatile uint64_t head, tail;
	struct xs_rec rec[XS_RING];
};

/* What the orchestrator shares with its members. */
struct xs_shared {
	volatile int stop;		/* clients: no new calls */
	volatile int drain;		/* servers: take what is left, end */
	volatile int exit;		/* everyone: leave */
	volatile int ep[XS_MEMBERS];	/* each member's endpoint, or -1 */
	volatile int ended[XS_MEMBERS];
	int node, nr_nodes;
	long watchdog_ms;		/* a call that waits longer hangs */
	uint64_t seed;
	struct xs_ring ring[XS_MEMBERS];
};

/* A thread's member: its index, endpoint, ring and random state. */
struct xs_member {
	int index, ep;
	uint64_t rng;
	struct xs_ring *ring;
};

extern struct xs_shared *xs;

/* m3x_soak_log.c: records, numbers, patterns, messages */
void xs_log(struct xs_member *me, const struct xs_rec *r);
void xs_note(struct xs_member *me, int type, int peer, uint32_t seq,
	     uint32_t aux);
void xs_anomaly(struct xs_member *me, enum xs_anom what, int peer,
		uint32_t seq, uint32_t seen);
uint32_t xs_now(void);
uint64_t xs_mix(uint64_t x);
uint64_t xs_rand(uint64_t *s);
void xs_fill(uint8_t *p, uint64_t key, size_t n);
size_t xs_bad(const uint8_t *p, uint64_t key, size_t n);
int xs_slot(int member, int node);
int xs_node_of(int ep);
uint32_t xs_downs(int node);

/* m3x_soak_msg.c: what a message carries */
void xs_msg_make(message *m, int op, int self, int dst, uint32_t seq);
void xs_msg_seal(message *m);
int xs_msg_ok(const message *m);
int xs_msg_op(const message *m);
uint32_t xs_msg_seq(const message *m);
int xs_msg_sender(const message *m);
int xs_msg_receiver(const message *m);
int xs_op_sends(int op);
int xs_op_short(int op);

/*
 * Fields of the payload (m_u.m_u64[]): a request's and its reply's.
 *   0  seq (low half) and op (high half)
 *   1  sender (low) and receiver (high) endpoints
 *   2  key of the bytes to copy (COPY_IN, COPY2 source; a reply: COPY_OUT,
 *      COPY2 destination)
 *   3  source address (COPY_IN, COPY2)
 *   4  destination address (COPY_OUT, COPY2)
 *   5  length (low half); a reply: the copy's result (high half)
 *   6  checksum of the rest
 */
enum { XS_F_SEQ, XS_F_EPS, XS_F_KEY, XS_F_SRC, XS_F_DST, XS_F_LEN,
       XS_F_SUM };

/* m3x_soak_member.c: binding, the process of a few member threads */
int xs_member_bind(struct xs_member *me, int index, enum xs_role role);
void xs_member_end(struct xs_member *me);
void xs_member_wait_exit(void);
void xs_run_members(int first, int nr, void *(*fn)(void *));

/* m3x_soak_server.c, m3x_soak_client.c */
void *xs_server(void *arg);
void *xs_client(void *arg);
void *xs_stopper(void *arg);

/* m3x_soak_flush.c: the orchestrator's side of the rings */
int xs_flush_open(const char *path);
void xs_flush(int member);
void xs_flush_all(void);
void xs_flush_killed(int member, int died, int status);
void xs_flush_left(int member);
void xs_flush_stuck(int member, uint32_t what);

#endif
