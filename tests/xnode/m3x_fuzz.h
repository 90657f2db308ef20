/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: the wire fuzzer (m3x_fuzz.c drives it, m3x_fuzz_frames.c makes the
 * frames, m3x_fuzz_replay.c sends back what the modules sent it). One
 * struct holds a run: the modules it found, the random state, the
 * counters by kind of frame, and what each module should have counted.
 */
#ifndef M3X_FUZZ_H
#define M3X_FUZZ_H

#include "m3x_forge.h"
#include "m3x_fuzz_rng.h"

enum m3x_fuzz_kind {
	M3X_FZ_RANDOM,		/* random bytes, some with a valid prefix */
	M3X_FZ_MUTATED,		/* a well-formed frame, fields changed */
	M3X_FZ_TRUNCATED,	/* a well-formed frame cut (or run past) */
	M3X_FZ_OVERSIZED,	/* up to TIPC's largest message and past */
	M3X_FZ_REPLAYED,	/* what the modules sent us, sent back */
	M3X_FZ_SEQUENCE,	/* frames in an order no module sends */
	M3X_FZ_CHURN,		/* a socket that publishes a node and goes */
	M3X_FZ_KINDS
};

#define M3X_FZ_POOL	32	/* frames kept for replays */
#define M3X_FZ_EPS	32

/* A frame a module sent us. */
struct m3x_fz_seen {
	int len;
	union m3_wire_frame f;
};

struct m3x_fuzz {
	int fd;				/* our RDM socket */
	struct m3x_port self;
	uint64_t seed, rng;
	int nr_nodes;			/* of the DRVS: frames claim 0..nr */
	int nr_eps, nr_vms;
	int eps[M3X_FZ_EPS];		/* endpoints frames name */
	int vms[8];			/* VMs frames name */
	struct m3x_pubs modules;	/* the targets */
	int target;			/* index in modules of the next frame */
	long long frames;
	long sent[M3X_FZ_KINDS], refused[M3X_FZ_KINDS];
	long seen, returned;
	long expect[M3X_MAX_PORTS];	/* drops each module should count */
	struct m3x_fz_seen pool[M3X_FZ_POOL];
	int pool_nr, pool_next;
	unsigned int cut_len, cut_type;	/* the truncation sweep */
	unsigned char *buf;		/* the frame being made */
	size_t buf_size;
};

extern const char *const m3x_fz_kind_names[M3X_FZ_KINDS];

/* m3x_fuzz.c */
void m3x_fz_send(struct m3x_fuzz *fz, enum m3x_fuzz_kind kind, size_t len);
int m3x_fz_counted(const struct m3x_fuzz *fz, const void *buf, size_t len,
		   int target);

/* m3x_fuzz_frames.c */
size_t m3x_fz_valid(struct m3x_fuzz *fz, unsigned int type);
void m3x_fz_random(struct m3x_fuzz *fz);
void m3x_fz_mutated(struct m3x_fuzz *fz);
void m3x_fz_truncated(struct m3x_fuzz *fz);
void m3x_fz_oversized(struct m3x_fuzz *fz);
void m3x_fz_sequence(struct m3x_fuzz *fz);
size_t m3x_fz_mutate_seen(struct m3x_fuzz *fz, size_t len);

/* m3x_fuzz_replay.c */
void m3x_fz_replayed(struct m3x_fuzz *fz);
void m3x_fz_churn(struct m3x_fuzz *fz);
void m3x_fz_drain(struct m3x_fuzz *fz);

#endif
