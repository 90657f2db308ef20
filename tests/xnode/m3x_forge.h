/* SPDX-License-Identifier: GPL-2.0 */
/* m3x: forged frames in the modules' wire format (m3x_forge.c). */
#ifndef M3X_FORGE_H
#define M3X_FORGE_H

#include "m3x_tipc.h"
#include "m3x_wire.h"

/* What the hostile process forges, and where it sends it. */
struct m3x_attack {
	int fd;				/* our RDM socket */
	int nr_nodes;			/* node ids claimed: 0..nr_nodes */
	int nr_src, nr_dst, seqs, repeat;
	int src[16], dst[16];		/* endpoints to name in frames */
	struct m3x_pubs modules;	/* the modules' sockets */
	long sent, errors;
};

/* One frame: the fields of its header, as a module would fill them. */
struct m3x_frame {
	unsigned int type, node, vmid, seq, flags;
	int src, dst, result;
};

size_t m3x_forge(const struct m3x_frame *f, void *buf);
void m3x_send_all(struct m3x_attack *a, const void *buf, size_t len);
void m3x_forge_matrix(struct m3x_attack *a);
void m3x_forge_garbage(struct m3x_attack *a);
void m3x_forge_flood(struct m3x_attack *a, long count);

#endif
