/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3soak: pairs of threads exchanging messages and vcopy blocks for a
 * bounded time while members are killed and restarted.
 *
 * Pair (i, j) is thread j of server process i and thread j of client
 * process i, bound to fixed slots of VM 0. The client numbers its
 * requests 1, 2, 3... per server incarnation; the server checks that the
 * numbers from one client endpoint are exactly consecutive (a gap is a
 * lost message, a repeat a duplicate) and that every checksum is right.
 * Copies go both ways with random lengths and offsets and are checked
 * byte by byte, with guard bytes around them. At the end every client
 * sends FIN: for the last incarnations the count the client sent and the
 * count the server received must be equal (exactly once).
 */
#ifndef M3SOAK_H
#define M3SOAK_H

#include <stdint.h>
#include <sys/types.h>

#include <m3/m3.h>

#define SK_MAX_PROCS	8
#define SK_MAX_THREADS	8
#define SK_BUF		(512 * 1024)
#define SK_MAX_COPY	(192 * 1024)

enum sk_op { SK_MSG = 1, SK_SEND, SK_COPY_IN, SK_COPY_OUT, SK_FIN };

struct sk_pair {
	volatile int srv_ep;		/* published by the server thread */
	volatile int cli_ep;
	volatile uint64_t srv_count;	/* from the current client endpoint */
	volatile int srv_from;		/* that endpoint */
	volatile uint64_t cli_count;	/* accepted by the current server */
	volatile int cli_to;		/* that server */
	volatile int fin_done;
};

struct sk_shared {
	volatile int stop;
	struct sk_pair pair[SK_MAX_PROCS][SK_MAX_THREADS];
	volatile uint64_t msgs;		/* requests verified by servers */
	volatile uint64_t replies;	/* replies verified by clients */
	volatile uint64_t bytes;	/* copied bytes verified */
	volatile uint64_t anomalies;
	volatile uint64_t peer_changes;
};

extern struct sk_shared *sk;
extern int sk_threads;

/* check.c */
uint8_t sk_pat(uint64_t key, uint64_t i);
void sk_fill(uint8_t *p, uint64_t key, size_t n);
size_t sk_bad(const uint8_t *p, uint64_t key, size_t n); /* index+1 or 0 */
void sk_msg_seal(message *m);
int sk_msg_ok(const message *m);
uint64_t sk_rand(uint64_t *s);
void sk_anomaly(const char *what, int i, int j, long a, long b);

/* member.c */
void sk_server(int i);
void sk_client(int i, uint64_t seed);

#endif /* M3SOAK_H */
