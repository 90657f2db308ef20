// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the TIPC mechanisms. The server's sockets are bound to
 * services {NB_TIPC_TYPE + NB_T_*, instance} in cluster scope; the client
 * looks them up on the server's node (its address came with the control
 * answer), once TIPC's topology service says they are published there.
 *
 *   RDM        64-byte ping-pong, sendto + recv; pair i talks to instance
 *              i. "name": every request is sent to the service address
 *              (a name table lookup each time); "port": to the server
 *              socket's port id, learned from the first reply.
 *   SEQPACKET  64-byte ping-pong on a connection, send + recv.
 *   STREAM     bulk transfer (xfer.c).
 */
#include <linux/tipc.h>
#include <sys/prctl.h>

#include "netbench.h"

#define NAME_WAIT_MS	30000	/* a name that is not there by then is not coming */

/* Until the service {@t, @inst} is in this node's name table: 0 or -errno. */
static int wait_published(int t, int inst)
{
	struct sockaddr_tipc top = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_ADDR,
		.addr.name.name = { TIPC_TOP_SRV, TIPC_TOP_SRV },
	};
	struct tipc_subscr sub = {
		.seq = { NB_TIPC_TYPE + t, inst, inst },
		.timeout = NAME_WAIT_MS,
		.filter = TIPC_SUB_SERVICE,
	};
	struct tipc_event ev;
	int fd = socket(AF_TIPC, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&top, sizeof(top)) ||
	    send(fd, &sub, sizeof(sub), 0) != sizeof(sub) ||
	    recv(fd, &ev, sizeof(ev), 0) != sizeof(ev))
		ret = -errno;
	else if (ev.event != TIPC_PUBLISHED)
		ret = -EHOSTUNREACH;
	close(fd);
	return ret;
}

/* ---- RDM ---------------------------------------------------------------- */

static void *rdm_server(void *arg)
{
	int fd = (int)(long)arg;
	uint64_t msg[MSG_SIZE / 8];
	struct sockaddr_tipc from;
	socklen_t len;

	prctl(PR_SET_NAME, "rdm-srv");	/* for a kernel trace (trace.py) */
	for (;;) {
		len = sizeof(from);
		if (recvfrom(fd, msg, MSG_SIZE, 0, (struct sockaddr *)&from,
			     &len) != MSG_SIZE)
			continue;
		msg[0]++;
		sendto(fd, msg, MSG_SIZE, 0, (struct sockaddr *)&from, len);
	}
	return NULL;
}

static int rdm_serve(const struct net_mech *m, char *info, size_t len)
{
	(void)info, (void)len;
	for (int i = 0; i < NB_MAX_PAIRS; i++) {
		int fd = tipc_serve_socket(m->sotype, m->addr, i), ret;

		if (fd < 0)
			return fd;
		ret = start_thread(rdm_server, (void *)(long)fd);
		if (ret)
			return ret;
	}
	return 0;
}

/* One round trip to c->to; the reply's source in *@from if not NULL. */
static int rdm_rt(struct conn *c, uint64_t i, struct sockaddr_storage *from,
		  socklen_t *from_len)
{
	uint64_t msg[MSG_SIZE / 8] = { i };
	ssize_t r;

	if (sendto(c->fd, msg, MSG_SIZE, 0, (struct sockaddr *)&c->to,
		   c->to_len) != MSG_SIZE)
		return -errno;
	r = recvfrom(c->fd, msg, MSG_SIZE, 0, (struct sockaddr *)from, from_len);
	if (r < 0)
		return -errno;
	return r == MSG_SIZE && msg[0] == i + 1 ? 0 : -EPROTO;
}

static int rdm_ping(struct conn *c, long n)
{
	int ret = 0;

	for (long i = 0; i < n && !ret; i++)
		ret = rdm_rt(c, i, NULL, NULL);
	return ret;
}

static int rdm_open_name(struct conn *c)
{
	const struct net_mech *m = c->mech;
	int ret = wait_published(m->addr, c->pair);

	if (ret)
		return ret;
	c->fd = socket(AF_TIPC, m->sotype | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	tipc_service(&c->to, &c->to_len, m->addr, c->pair, c->peer->tipc_node);
	return 0;
}

static int rdm_open_port(struct conn *c)
{
	struct sockaddr_storage port;
	socklen_t len = sizeof(port);
	int ret = rdm_open_name(c);

	if (!ret)
		ret = rdm_rt(c, 0, &port, &len);
	if (!ret) {
		c->to = port;
		c->to_len = len;
	}
	return ret;
}

/* ---- SEQPACKET and STREAM: connections ------------------------------------- */

static int conn_serve(const struct net_mech *m, char *info, size_t len)
{
	int fd = tipc_serve_socket(m->sotype, m->addr, 0);

	(void)info, (void)len;
	return fd < 0 ? fd : serve_accepting(fd, conn_server(m));
}

static int conn_open(struct conn *c)
{
	const struct net_mech *m = c->mech;
	int ret = wait_published(m->addr, 0);

	if (ret)
		return ret;
	c->fd = socket(AF_TIPC, m->sotype | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	tipc_service(&c->to, &c->to_len, m->addr, 0, c->peer->tipc_node);
	if (connect(c->fd, (struct sockaddr *)&c->to, c->to_len))
		return -errno;
	return conn_start(c);
}

const struct net_mech tipc_rdm_name = {
	.test = "RT", .name = "tipc-rdm", .variant = "name", .kind = NB_PING,
	.serve = rdm_serve, .open = rdm_open_name, .ping = rdm_ping,
	.close = conn_close, .addr = NB_T_RDM, .sotype = SOCK_RDM,
};
/* Served by tipc_rdm_name's sockets. */
const struct net_mech tipc_rdm_port = {
	.test = "RT", .name = "tipc-rdm", .variant = "port", .kind = NB_PING,
	.open = rdm_open_port, .ping = rdm_ping,
	.close = conn_close, .addr = NB_T_RDM, .sotype = SOCK_RDM,
};
const struct net_mech tipc_seqpacket = {
	.test = "RT", .name = "tipc-seqpacket", .variant = "", .kind = NB_PING,
	.serve = conn_serve, .open = conn_open, .ping = fd_ping,
	.close = conn_close, .addr = NB_T_SEQPACKET, .sotype = SOCK_SEQPACKET,
};
const struct net_mech tipc_stream = {
	.test = "bulk", .name = "tipc-stream", .variant = "", .kind = NB_BULK,
	.serve = conn_serve, .open = conn_open, .bulk = fd_bulk,
	.close = conn_close, .addr = NB_T_STREAM, .sotype = SOCK_STREAM,
};
