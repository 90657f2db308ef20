/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the transport to the other nodes of the DRVS (xport.c), the only
 * part of the module that knows TIPC. It sends and receives frames
 * (wire.h) between the modules, authenticates each peer module with the
 * cluster key, and follows which nodes are up. remote.c turns frames into
 * steps of the slot state machine.
 */
#ifndef M3_XPORT_H
#define M3_XPORT_H

#include "core.h"
#include "wire.h"

struct kvec;
struct seq_file;

int m3_xport_init(void);
void m3_xport_exit(void);
int m3_xport_join(void __user *arg);
int m3_xport_leave(void);
void m3_xport_incarnation(void);

bool m3_node_is_up(int node);
int m3_xport_send(int node, union m3_wire_frame *f);
int m3_xport_sendv(int node, struct kvec *v, int nv, size_t len);
void m3_xport_queue_locked(struct m3_slot *p);
void m3_xport_flush(void);
void m3_xport_kick(void);
void m3_xport_rx_sleep(void);
void m3_xport_rx_awake(void);

/* Frames waiting in the queue: flush before sleeping or leaving. */
extern struct list_head m3_xport_txq;

static inline void m3_xport_flush_pending(void)
{
	if (unlikely(!list_empty_careful(&m3_xport_txq)))
		m3_xport_flush();
}

long m3_ioctl_node_info(void __user *arg);
extern const char m3_xport_nodes_header[];
void m3_xport_seq_node(struct seq_file *m, int node);

#endif /* M3_XPORT_H */
