// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: AF_TIPC from user space: a datagram socket, publishing a service
 * name, finding the sockets that publish one (the topology service), and
 * sending to or receiving from a socket by its address.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_tipc.h"

int m3x_port_eq(const struct m3x_port *a, const struct m3x_port *b)
{
	return a->node == b->node && a->ref == b->ref;
}

/* A SOCK_RDM socket, and its own address in @self: fd, or -errno. */
int m3x_tipc_rdm(struct m3x_port *self)
{
	struct sockaddr_tipc a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_TIPC, SOCK_RDM, 0);

	if (fd < 0)
		return -errno;
	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		close(fd);
		return -errno;
	}
	self->node = a.addr.id.node;
	self->ref = a.addr.id.ref;
	return fd;
}

/* Publish {@type, @instance} cluster-wide from @fd: 0 or -errno. */
int m3x_tipc_publish(int fd, uint32_t type, uint32_t instance)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_ADDR,
		.scope = TIPC_CLUSTER_SCOPE,
		.addr.name.name = { .type = type, .instance = instance },
	};

	return bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ? -errno : 0;
}

static int m3x_tipc_subscribe(uint32_t type, uint32_t upper)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_ADDR,
		.addr.name.name = { .type = TIPC_TOP_SRV,
				    .instance = TIPC_TOP_SRV },
	};
	struct tipc_subscr s = {
		.seq = { .type = type, .lower = 0, .upper = upper },
		.timeout = TIPC_WAIT_FOREVER,
		.filter = TIPC_SUB_PORTS,
	};
	int fd = socket(AF_TIPC, SOCK_SEQPACKET, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    send(fd, &s, sizeof(s), 0) != sizeof(s)) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * The sockets that publish {@type, 0..@upper} but @skip, as the topology
 * service reports them within @ms: how many, or -errno.
 */
int m3x_tipc_lookup(uint32_t type, uint32_t upper, long ms,
		    const struct m3x_port *skip, struct m3x_pubs *pubs)
{
	struct tipc_event e;
	struct m3x_port p;
	long long end = m3x_now_ms() + ms;
	int fd = m3x_tipc_subscribe(type, upper);

	pubs->nr = 0;
	if (fd < 0)
		return fd;
	while (pubs->nr < M3X_MAX_PORTS && m3x_now_ms() < end) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };

		if (poll(&pf, 1, (int)(end - m3x_now_ms())) <= 0)
			break;
		if (recv(fd, &e, sizeof(e), 0) != sizeof(e))
			break;
		p.node = e.port.node;
		p.ref = e.port.ref;
		if (e.event != TIPC_PUBLISHED || m3x_port_eq(&p, skip))
			continue;
		pubs->instance[pubs->nr] = e.found_lower;
		pubs->port[pubs->nr++] = p;
	}
	close(fd);
	return pubs->nr;
}

int m3x_tipc_send(int fd, const struct m3x_port *to, const void *buf,
		  size_t len)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SOCKET_ADDR,
		.addr.id = { .ref = to->ref, .node = to->node },
	};

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -errno;
	return 0;
}

/* One datagram within @ms: its length (and sender), 0 if none came. */
int m3x_tipc_recv(int fd, void *buf, size_t len, long ms,
		  struct m3x_port *from)
{
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	struct sockaddr_tipc a;
	socklen_t alen = sizeof(a);
	ssize_t n;

	if (poll(&pf, 1, (int)ms) <= 0)
		return 0;
	n = recvfrom(fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&a, &alen);
	if (n < 0)
		return 0;
	from->node = a.addr.id.node;
	from->ref = a.addr.id.ref;
	return (int)n;
}
