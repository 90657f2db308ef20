/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: calls across nodes (remote.c), between the slot state machine
 * and the transport. ipc.c hands a call whose peer is owned by another
 * node to m3_remote_*(); the transport hands received frames to
 * m3_remote_rx(). See docs/design.md, "Across nodes".
 */
#ifndef M3_REMOTE_H
#define M3_REMOTE_H

#include "slot.h"

/* m3_slot.rcancel */
enum {
	M3_RC_NONE,
	M3_RC_ASKED,		/* CANCEL for a signal sent: may be parked */
	M3_RC_TIMEOUT,		/* CANCEL for the deadline sent: ends only */
	M3_RC_PARKED,		/* the request was taken: park the sendrec */
};

/* caller side (ipc.c) */
int m3_remote_call(struct m3_slot *p, struct m3_slot *q, int dst,
		   const struct m3_message *m, unsigned int wflags);
int m3_remote_cancel(struct m3_slot *p, int err);
int m3_remote_notify(struct m3_slot *p, struct m3_slot *q, int dst);

/* the slot state machine (slot.c, proc.c, vm.c) */
void m3_remote_done_locked(struct m3_slot *p, int result);
void m3_remote_announce_locked(struct m3_slot *p, unsigned int type);
void m3_remote_evict(struct m3_slot *p);
void m3_remote_vm_created(struct m3_vm *vm);

/* rcopy.c */
struct m3_slot *m3_remote_caller(struct m3_vm *vm, int node, __le32 wep);

/* the transport (xport.c) */
int m3_remote_rx(int node, union m3_wire_frame *f);
int m3_remote_transmit(struct m3_slot *p, union m3_wire_frame *f);
void m3_remote_node_up(int node, bool same);
void m3_remote_node_down(int node);

#endif /* M3_REMOTE_H */
