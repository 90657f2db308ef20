/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the copy frames (struct m3_wire_copy) as both sides of a vcopy
 * across nodes build them: rcopy.c (the caller's node) and rjob.c (the
 * party's node).
 */
#ifndef M3_RCOPY_WIRE_H
#define M3_RCOPY_WIRE_H

#include <linux/minmax.h>
#include <linux/string.h>

#include "wire.h"

/* A write's bytes sent and not yet acknowledged (VACK), at the most. */
#define M3_WINDOW_BYTES		((u64)M3_WIRE_WINDOW * M3_WIRE_CHUNK)

static inline void m3_copy_hdr(struct m3_wire_copy *c, unsigned int type,
			       int vmid, int caller, int party, u32 seq)
{
	memset(c, 0, sizeof(*c));
	c->h.type = type;
	c->h.vmid = cpu_to_le16(vmid);
	c->h.src_ep = cpu_to_le32(caller);
	c->h.dst_ep = cpu_to_le32(party);
	c->h.seq = cpu_to_le32(seq);
}

static inline void m3_copy_at(struct m3_wire_copy *c, u64 addr, size_t off,
			      size_t count, size_t total)
{
	c->addr = cpu_to_le64(addr);
	c->offset = cpu_to_le32(off);
	c->count = cpu_to_le32(count);
	c->total = cpu_to_le32(total);
}

/* The bytes of the chunk at @off of a copy of @total bytes. */
static inline size_t m3_chunk_len(size_t total, size_t off)
{
	return min_t(size_t, total - off, M3_WIRE_CHUNK);
}

#endif /* M3_RCOPY_WIRE_H */
