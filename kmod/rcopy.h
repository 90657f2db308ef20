/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: vcopy with a party on another node: the caller's side (rcopy.c)
 * and the party's (rjob.c).
 */
#ifndef M3_RCOPY_H
#define M3_RCOPY_H

#include "remote.h"

bool m3_rcopy_needed(struct m3_slot *p, const struct m3_vcopy_args *a);
int m3_rcopy(struct m3_slot *p, const struct m3_vcopy_args *a);
int m3_rcopy_rx(struct m3_vm *vm, int node, union m3_wire_frame *f);
void m3_rcopy_node_down_locked(struct m3_slot *p, int node);

/* rjob.c */
int m3_rjob_rx(struct m3_slot *s, int node, struct m3_wire_copy *c);
void m3_rcopy_evict(struct m3_slot *s);
int m3_rcopy_init(void);
void m3_rcopy_exit(void);

/* copy.c */
int m3_party_mm_get(struct m3_slot *p, int ep, struct mm_struct **mm,
		    bool *self);
int m3_mm_kcopy(struct mm_struct *mm, unsigned long addr, void *buf,
		size_t len, bool to_mm);

#endif /* M3_RCOPY_H */
