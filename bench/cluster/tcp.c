// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the TCP mechanisms, over the address the client was given
 * (IPv4, or IPv6 with a scope for a link-local address), TCP_NODELAY on
 * both sides: a 64-byte ping-pong (port NB_TCP_PORT + NB_P_PING) and the
 * bulk transfer (NB_TCP_PORT + NB_P_BULK).
 */
#include "netbench.h"

#define CONNECT_WAIT	30.0	/* seconds: the server answered ctl already */

static void serve_ping_nodelay(int fd)
{
	if (!set_nodelay(fd))
		serve_ping(fd);
}

static void serve_bulk_nodelay(int fd)
{
	if (!set_nodelay(fd))
		serve_bulk(fd);
}

static int tcp_listen_serve(int port, void (*fn)(int fd))
{
	int fd = tcp_listen(port);

	return fd < 0 ? fd : serve_accepting(fd, fn);
}

static int ping_serve(char *info, size_t len)
{
	(void)info, (void)len;
	return tcp_listen_serve(NB_TCP_PORT + NB_P_PING, serve_ping_nodelay);
}

static int bulk_serve(char *info, size_t len)
{
	(void)info, (void)len;
	return tcp_listen_serve(NB_TCP_PORT + NB_P_BULK, serve_bulk_nodelay);
}

static int ping_open(struct conn *c)
{
	c->fd = tcp_connect(c->peer, NB_TCP_PORT + NB_P_PING, CONNECT_WAIT);
	return c->fd < 0 ? c->fd : 0;
}

static int bulk_open(struct conn *c)
{
	c->fd = tcp_connect(c->peer, NB_TCP_PORT + NB_P_BULK, CONNECT_WAIT);
	return c->fd < 0 ? c->fd : fd_bulk_open(c);
}

const struct net_mech tcp_ping = {
	"RT", "tcp", "nodelay", NB_PING, ping_serve, ping_open,
	fd_ping, NULL, conn_close,
};
const struct net_mech tcp_bulk = {
	"bulk", "tcp", "", NB_BULK, bulk_serve, bulk_open,
	NULL, fd_bulk, conn_close,
};
