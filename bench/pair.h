/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two-process exchanges (IPC1-3 and their peers): a server process that
 * answers until told to quit, and a client process that measures batches
 * of round trips. One struct pp_ops per mechanism.
 */
#ifndef M3BENCH_PAIR_H
#define M3BENCH_PAIR_H

#include "bench.h"

/* M3 variants (pp_ctx.variant) */
#define M3V_SENDRECV	0	/* IPC1: send + receive / receive + send */
#define M3V_SENDREC	1	/* IPC2: sendrec / receive + send */
#define M3V_REPLYREC	2	/* IPC2: sendrec / replyrec */
#define M3V_NOTIFY	3	/* IPC3: notify + receive / receive + notify */

#define MAX_PAIRS	4

/* Shared by the processes of one pair (MAP_SHARED, zeroed). */
struct pp_shared {
	volatile int ready;		/* server is ready */
	int server_ep;			/* M3 endpoint of the server */
	int server_pid;
	volatile int go;		/* scaling: repetition go[1..] */
	volatile int stop;		/* scaling: repetition stop */
	volatile int quit;		/* client: the server is to stop */
	long count;			/* scaling: round trips */
	double elapsed;			/* scaling: seconds of count */
	volatile int counted;		/* scaling: count is there */
	int err;			/* client: its result */
	long iters;			/* client: batch size (in and out) */
	double rate;			/* client: round trips per second */
	double switches;		/* client: context switches per rt */
	/* eventfd and futex peers: the payload of TEST_RT */
	int turn __attribute__((aligned(64)));
	char req[MSG_SIZE] __attribute__((aligned(64)));
	char rep[MSG_SIZE] __attribute__((aligned(64)));
};

struct pp_ctx {
	const struct pp_ops *ops;
	int test;			/* TEST_RT or TEST_EVENT */
	int variant;			/* M3V_* for M3 */
	int pair;			/* index among concurrent pairs */
	struct pp_shared *sh;
	int fd[6];			/* mechanism's descriptors (-1) */
	int sport;			/* TCP port */
	long key;			/* SysV queue id */
	char path[2][64];		/* FIFOs, mq names */
	void *priv;			/* per-process state after fork */
	struct {			/* what the peers move each way */
		long mtype;		/* SysV queues: their message type */
		char text[MSG_SIZE];
	} msg;
};

struct pp_ops {
	const char *name;
	int (*prepare)(struct pp_ctx *c);	/* parent, before forking */
	int (*server)(struct pp_ctx *c);	/* server child: serve, return */
	int (*server_init)(struct pp_ctx *c);	/* mech.c's servers: after ready() */
	int (*client_init)(struct pp_ctx *c);	/* client child (optional) */
	int (*batch)(void *c, long n);		/* client: n round trips */
	void (*quit)(struct pp_ctx *c);		/* client: stop the server */
	void (*cleanup)(struct pp_ctx *c);	/* parent, after joining */
};

extern const struct pp_ops binder_ops;

/* Server: tell the client it may start. */
void ready(struct pp_ctx *c);
extern const struct pp_ops m3_ops;

/*
 * One repetition of one pair (server and client forked, both pinned to
 * @cpu unless it is -1): round trips per second in *@rate, batch size in
 * *@iters (0 the first time: calibrate), context switches per round trip
 * (whole system, during the timed batch) in *@switches. 0 or an error.
 */
int pp_run(const struct pp_ops *ops, int test, int variant, int cpu,
	   long *iters, double *rate, double *switches);

/*
 * @npairs pairs at once, pair i pinned to CPU i, each running for @secs:
 * aggregate round trips per second in *@rate. 0 or an error.
 */
int pp_run_concurrent(const struct pp_ops *ops, int test, int variant,
		      int npairs, double secs, double *rate);

/*
 * A pair that lives through a whole test, so that the repetitions of all
 * the mechanisms of the test can be interleaved in short slices: start
 * (fork, warm up, calibrate a batch of opt_ipc_secs), run one timed batch
 * per call, stop. Each returns 0 or an error, and keeps the first error.
 */
struct pp_live {
	struct pp_ctx c;
	pid_t srv, cli;
	int ctl, done;		/* our ends of the command pipes */
	int err;
};
int pp_live_start(struct pp_live *l, const struct pp_ops *ops, int test,
		  int variant);
int pp_live_run(struct pp_live *l, double *rate, double *switches);
int pp_live_stop(struct pp_live *l);

#endif
