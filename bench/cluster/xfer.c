// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the work on one connected descriptor, both sides.
 *
 * Ping-pong: the client writes 64 bytes whose first word counts the round
 * trips; the server reads them, adds one, writes them back; the client
 * checks the count. One write and one read each side, so a SEQPACKET
 * message is one record.
 *
 * Bulk: the client announces the transfer size once (8 bytes, big
 * endian), then each transfer is SIZE bytes from the client and one ack
 * byte from the server once it has read them all.
 */
#include <endian.h>

#include "netbench.h"

#define ACK	0x06

int fd_ping(struct conn *c, long n)
{
	uint64_t msg[MSG_SIZE / 8] = { 0 };
	int ret = 0;

	for (long i = 0; i < n && !ret; i++) {
		msg[0] = i;
		ret = writen(c->fd, msg, MSG_SIZE);
		if (!ret)
			ret = readn(c->fd, msg, MSG_SIZE);
		if (!ret && msg[0] != (uint64_t)i + 1)
			ret = -EPROTO;
	}
	return ret;
}

void serve_ping(int fd)
{
	uint64_t msg[MSG_SIZE / 8];

	while (!readn(fd, msg, MSG_SIZE)) {
		msg[0]++;
		if (writen(fd, msg, MSG_SIZE))
			break;
	}
}

int fd_bulk_open(struct conn *c)
{
	uint64_t size = htobe64(c->size);

	c->buf = malloc(c->size);
	if (!c->buf)
		return -ENOMEM;
	memset(c->buf, 0x5a, c->size);
	return writen(c->fd, &size, sizeof(size));
}

int fd_bulk(struct conn *c, long n)
{
	unsigned char ack;
	int ret = 0;

	for (long i = 0; i < n && !ret; i++) {
		ret = writen(c->fd, c->buf, c->size);
		if (!ret)
			ret = readn(c->fd, &ack, 1);
		if (!ret && ack != ACK)
			ret = -EPROTO;
	}
	return ret;
}

void serve_bulk(int fd)
{
	unsigned char ack = ACK;
	uint64_t size;
	char *buf;

	if (readn(fd, &size, sizeof(size)))
		return;
	size = be64toh(size);
	if (!size || size > NB_MAX_BULK)
		return;
	buf = malloc(size);
	if (!buf)
		return;
	while (!readn(fd, buf, size) && !writen(fd, &ack, 1))
		;
	free(buf);
}

void (*conn_server(const struct net_mech *m))(int fd)
{
	return m->kind == NB_BULK ? serve_bulk : serve_ping;
}

int conn_start(struct conn *c)
{
	return c->mech->kind == NB_BULK ? fd_bulk_open(c) : 0;
}

void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
}
