/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3netbench: the raw network baselines of the cross-node benchmarks.
 * One static binary, two roles:
 *
 *   m3netbench server   on one node: serves every mechanism at once, on
 *                       well-known TIPC service types and TCP ports, until
 *                       the client says quit.
 *   m3netbench client   on the other node: asks the server what it serves
 *                       (ctl.c), opens its connections, and measures the
 *                       mechanisms round robin, R slices of T seconds each,
 *                       like bench/ (results in bench/'s line format).
 *   m3netbench setup    on every node first, for the M3 rows (m3setup.c):
 *                       the DRVS, the VM that spans the nodes, the cluster.
 *
 * A mechanism is one row of the table in mechs.c: a 64-byte ping-pong, or
 * a bulk transfer of N bytes answered by a 1-byte ack. The measurement
 * loop (bench/common.c: measure1, cells, result lines) is bench/'s own.
 * The M3 rows (m3.c) are the same calls between a client and a server on
 * two nodes ("m3-remote"), and, for scale, on the client's node alone
 * ("m3-local", served by a child of the client: local.c).
 */
#ifndef M3NETBENCH_H
#define M3NETBENCH_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "../bench.h"

#define NB_PROTO	1		/* version of the control protocol */
#define NB_MAX_PAIRS	8		/* client/server pairs served at once */
#define NB_MAX_BULK	(4L << 20)	/* largest bulk transfer */

/* Well-known addresses. TIPC types below 64 are reserved. */
#define NB_TIPC_TYPE	0x4d334e42	/* "M3NB": + NB_T_* */
#define NB_T_RDM	1		/* instances 0..NB_MAX_PAIRS-1 */
#define NB_T_SEQPACKET	2
#define NB_T_STREAM	3
#define NB_TCP_PORT	7300		/* + NB_P_* */
#define NB_P_CTL	0		/* the control connection */
#define NB_P_PING	1
#define NB_P_BULK	2

#define NB_MAX_MECHS	32
#define NB_INFO_LEN	128		/* ctl.c reads it with %127s */

/* The server, as the client knows it: its address and what it answered. */
struct peer {
	struct sockaddr_storage tcp;	/* the server's TCP address (port 0) */
	socklen_t tcp_len;
	unsigned int tipc_node;		/* the server's TIPC node address */
	int pairs;			/* pairs it serves */
	int err[NB_MAX_MECHS];		/* per mechanism: 0, or why not served */
	char info[NB_MAX_MECHS][NB_INFO_LEN];	/* what its serve() said */
};

/* One client connection of a mechanism: a pair's, or a bulk size's. */
struct conn {
	const struct net_mech *mech;
	const struct peer *peer;
	const char *info;		/* what the mechanism's serve() said */
	int pair;			/* 0..NB_MAX_PAIRS-1 */
	long size;			/* bulk: bytes per transfer */
	int fd;
	char *buf;			/* bulk: size bytes */
	struct sockaddr_storage to;	/* TIPC: the server's address */
	socklen_t to_len;
	void *priv;			/* a mechanism's own state */
};

enum nb_kind {
	NB_PING,			/* 64-byte request, 64-byte reply */
	NB_BULK,			/* N bytes one way, a 1-byte ack back */
};

/*
 * A mechanism. The server calls serve() once: it opens its listeners and
 * starts the threads that answer (a mechanism that another one's server
 * answers has none). On the client, open() makes one connection (c->pair,
 * c->size and c->peer set), ping() or bulk() does @n round trips or
 * transfers on it, close() ends it. Each returns 0 or -errno. @addr and
 * @sotype are the socket mechanisms' well-known address (NB_T_* or NB_P_*)
 * and TIPC socket type.
 *
 * serve() writes what the client needs into @info, one word (the M3 rows:
 * their server's endpoints, m3serve.c); the control connection carries it
 * to the client (ctl.c), whose open() finds it in c->info and keeps its
 * own state in c->priv. A mechanism whose serve() fails is reported "not
 * measured" with the server's error; the others run.
 *
 * @solo: one connection only, no N-pairs cells. @on_client: served on the
 * client's node, by a child of the client (local.c), not by the server.
 * @enter and @leave, if set, run in each N-pairs thread before its first
 * round trip and after its last (M3: the thread's bound endpoint).
 */
struct net_mech {
	const char *test;		/* "RT", "bulk"; M3: "IPC2", "COPY1" */
	const char *name;		/* "tipc-rdm", "tcp" ... */
	const char *variant;		/* "" or how it is used */
	enum nb_kind kind;
	int (*serve)(const struct net_mech *m, char *info, size_t info_len);
	int (*open)(struct conn *c);
	int (*ping)(struct conn *c, long n);
	int (*bulk)(struct conn *c, long n);
	void (*close)(struct conn *c);
	int addr;
	int sotype;
	int solo;
	int on_client;
	int (*enter)(struct conn *c);
	void (*leave)(struct conn *c);
};

extern const struct net_mech *const net_mechs[];
extern const int net_nmechs;

/* ---- sock.c: addresses and sockets ----------------------------------- */
/* "127.0.0.1", "::1", "fe80::1%eth0" (port 0) into @p; 0 or -EINVAL. */
int addr_parse(const char *s, struct peer *p);
/* @p's TCP address with @port, connected, TCP_NODELAY; retried for
 * @wait_s seconds while nobody listens yet. A descriptor or -errno. */
int tcp_connect(const struct peer *p, int port, double wait_s);
/* A listening TCP socket on every address (IPv6 and IPv4), TCP_NODELAY
 * (its connections inherit it), or -errno. */
int tcp_listen(int port);
/* A TIPC socket of @type bound to the service {NB_TIPC_TYPE + @t, @inst},
 * listening if it is connection-oriented; or -errno. */
int tipc_serve_socket(int type, int t, int inst);
/* The service address {NB_TIPC_TYPE + @t, @inst}, looked up on @node. */
void tipc_service(struct sockaddr_storage *a, socklen_t *len, int t,
		  int inst, unsigned int node);
/* This node's TIPC address (0 if TIPC is unavailable). */
unsigned int tipc_own_node(void);
int set_nodelay(int fd);
/* Accept on @lfd forever, each connection served by @fn in its own thread
 * (it closes the descriptor). 0 once the thread runs, or -errno. */
int serve_accepting(int lfd, void (*fn)(int fd));
/* Run @fn(@arg) in a detached thread; 0 or -errno. */
int start_thread(void *(*fn)(void *), void *arg);

/* ---- xfer.c: the work on one connected descriptor ----------------------- */
int fd_ping(struct conn *c, long n);		/* client: n round trips */
int fd_bulk(struct conn *c, long n);		/* client: n transfers */
int fd_bulk_open(struct conn *c);		/* client: announce c->size */
void serve_ping(int fd);			/* server: answer until EOF */
void serve_bulk(int fd);			/* server: take, ack, until EOF */
/* The server of one connection of @m: serve_ping or serve_bulk. */
void (*conn_server(const struct net_mech *m))(int fd);
/* Client, after connecting: what @c's kind needs first; 0 or -errno. */
int conn_start(struct conn *c);
void conn_close(struct conn *c);

/* ---- the roles ----------------------------------------------------------- */
struct client_opts {
	struct peer peer;
	int reps;			/* R */
	double secs;			/* T: one slice of a ping-pong */
	double bulk_secs;		/* T: one slice of a bulk size */
	double pair_secs;		/* T: one slice of N pairs */
	int max_pairs;
	double wait_s;			/* how long to wait for the server */
	const char *only;		/* comma-separated mechanism names, or NULL */
	const char *kinds;		/* comma-separated: ping, bulk, pairs; or NULL */
};
int client_main(struct client_opts *o);
/* Does @only (client -m) name @m? Every mechanism if @only is NULL. */
int mech_wanted(const struct net_mech *m, const char *only);
int server_main(double limit_s);
/* local.c: the mechanisms served on the client's node, by a child that
 * runs their serve(); what they answered goes into @p. Its pid, or 0 if
 * no such mechanism is wanted. */
pid_t local_start(struct peer *p, const char *only);
void local_stop(pid_t pid);
/* @n pairs at once on @conns[0..n-1] for @secs: their round trips per
 * second, added up, in *@rate. 0 or the first error. */
int pairs_run(struct conn *conns, int n, double secs, double *rate);

/* busy.c: this node's context switches and busy CPU time around the next
 * timed batch (busy_start; @label marks it in a kernel trace), per
 * operation of it (busy_stop: 0, or -1 if they could not be read; a busy
 * time of -1 if no tick passed); the batch's @iters and @rate from
 * measure1. */
void busy_start(const char *label);
int busy_stop(long iters, double rate, double *switches, double *busy_us);

/* ctl.c: the control connection (TCP, NB_TCP_PORT + NB_P_CTL). */
int ctl_hello(struct peer *p, double wait_s);	/* a descriptor or -errno */
int ctl_quit(int fd);
int ctl_serve(int lfd, const struct peer *self);	/* until a client says quit */

#endif
