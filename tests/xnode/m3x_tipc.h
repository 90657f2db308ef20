/* SPDX-License-Identifier: GPL-2.0 */
/* m3x: plain AF_TIPC sockets, as any unprivileged process has them. */
#ifndef M3X_TIPC_H
#define M3X_TIPC_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tipc.h>

#define M3X_MAX_PORTS	16

/* A TIPC socket's address: its node and reference. */
struct m3x_port {
	uint32_t node, ref;
};

/* The publications of one service type seen by a subscription. */
struct m3x_pubs {
	int nr;
	uint32_t instance[M3X_MAX_PORTS];
	struct m3x_port port[M3X_MAX_PORTS];
};

int m3x_tipc_rdm(struct m3x_port *self);
int m3x_tipc_publish(int fd, uint32_t type, uint32_t instance);
int m3x_tipc_lookup(uint32_t type, uint32_t upper, long ms,
		    const struct m3x_port *skip, struct m3x_pubs *pubs);
int m3x_tipc_send(int fd, const struct m3x_port *to, const void *buf,
		  size_t len);
int m3x_tipc_recv(int fd, void *buf, size_t len, long ms,
		  struct m3x_port *from);
int m3x_port_eq(const struct m3x_port *a, const struct m3x_port *b);

#endif
