// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the TCP mechanisms, over the address the client was given
 * (IPv4, or IPv6 with a scope for a link-local address), TCP_NODELAY on
 * both sides: a 64-byte ping-pong (port NB_TCP_PORT + NB_P_PING) and the
 * bulk transfer (NB_TCP_PORT + NB_P_BULK).
 */
#include "netbench.h"

#define CONNECT_WAIT	30.0	/* seconds: the server answered ctl already */

static int tcp_serve(const struct net_mech *m, char *info, size_t len)
{
	int fd = tcp_listen(NB_TCP_PORT + m->addr);

	(void)info, (void)len;
	return fd < 0 ? fd : serve_accepting(fd, conn_server(m));
}

static int tcp_open(struct conn *c)
{
	c->fd = tcp_connect(c->peer, NB_TCP_PORT + c->mech->addr, CONNECT_WAIT);
	return c->fd < 0 ? c->fd : conn_start(c);
}

const struct net_mech tcp_ping = {
	.test = "RT", .name = "tcp", .variant = "nodelay", .kind = NB_PING,
	.serve = tcp_serve, .open = tcp_open, .ping = fd_ping,
	.close = conn_close, .addr = NB_P_PING, .sotype = SOCK_STREAM,
};
const struct net_mech tcp_bulk = {
	.test = "bulk", .name = "tcp", .variant = "", .kind = NB_BULK,
	.serve = tcp_serve, .open = tcp_open, .bulk = fd_bulk,
	.close = conn_close, .addr = NB_P_BULK, .sotype = SOCK_STREAM,
};
