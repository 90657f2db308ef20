/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: the wire fuzzer (m3x_fuzz.c drives it, m3x_fuzz_frames.c makes the
 * frames, m3x_fuzz_mutate.c changes them, m3x_fuzz_replay.c sends back
 * what the modules sent it, and
 * m3x_fuzz_keyed.c, given the cluster key, passes for a node). One
 * struct holds a run: the modules it found, the random state, the
 * counters by kind of frame, and what each module should have counted.
 */
#ifndef M3X_FUZZ_H
#define M3X_FUZZ_H

#include <stdbool.h>

#include "m3x_forge.h"
#include "m3x_fuzz_rng.h"

enum m3x_fuzz_kind {
	M3X_FZ_VALID,		/* well formed, as a module would send it */
	M3X_FZ_CALL,		/* a well-formed call (SEND, NOTIFY) */
	M3X_FZ_RANDOM,		/* random bytes, some with a valid prefix */
	M3X_FZ_MUTATED,		/* a well-formed frame, fields changed */
	M3X_FZ_TRUNCATED,	/* a well-formed frame cut (or run past) */
	M3X_FZ_OVERSIZED,	/* up to TIPC's largest message and past */
	M3X_FZ_REPLAYED,	/* what the modules sent us, sent back */
	M3X_FZ_SEQUENCE,	/* frames in an order no module sends */
	M3X_FZ_CHURN,		/* a socket that publishes a node and goes */
	M3X_FZ_KINDS
};

#define M3X_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define M3X_COPY_HDR	sizeof(struct m3_wire_copy)

#define M3X_FZ_POOL	32	/* frames kept for replays */
#define M3X_FZ_EPS	32
#define M3X_FZ_NODES	16	/* nodes of the DRVS at the most */

#define M3X_FZ_LIVE	32	/* members the modules announced */

/* A member a module announced to us (keyed: BIND, until its UNBIND). */
struct m3x_fz_member {
	int module, vmid, ep;
};

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
	int claim;			/* keyed: the node we pass for, else -1 */
	u8 hk[32];			/* keyed: the handshake key */
	u8 incarnation[M3_WIRE_NONCE];	/* keyed: ours */
	long answered;			/* keyed: challenges answered */
	bool fixed;			/* keyed: calls not answered, and */
	int fixed_answer;		/* every cancel answered so */
	int floor_vm, floor_slot;	/* keyed: our member to announce, */
	int floor_gen;			/* above this (FLOOR frames), */
	int member;			/* as this endpoint */
	long refusals;			/* keyed: copies refused (VDONE < 0) */
	long calls;			/* keyed: calls to us answered */
	long learnt;			/* keyed: announcements taken */
	struct m3x_fz_member live[M3X_FZ_LIVE];
	int nr_live;
	int nr_src, nr_dst, nr_vms;
	int src[M3X_FZ_EPS], dst[M3X_FZ_EPS];	/* endpoints frames name */
	int vms[8];			/* VMs frames name, the first mostly */
	struct m3x_pubs modules;	/* the targets */
	int target;			/* index in modules of the next frame */
	long long frames;
	long sent[M3X_FZ_KINDS], refused[M3X_FZ_KINDS];
	long seen, returned;
	/* The drops each module should count, by the node frames claim. */
	long expect[M3X_MAX_PORTS][M3X_FZ_NODES];
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
unsigned int m3x_fz_claim(struct m3x_fuzz *fz);
size_t m3x_fz_valid(struct m3x_fuzz *fz, unsigned int type);
void m3x_fz_well_formed(struct m3x_fuzz *fz);
void m3x_fz_call(struct m3x_fuzz *fz);
void m3x_fz_random(struct m3x_fuzz *fz);
void m3x_fz_truncated(struct m3x_fuzz *fz);
void m3x_fz_oversized(struct m3x_fuzz *fz);
void m3x_fz_sequence(struct m3x_fuzz *fz);
unsigned int m3x_fz_type(struct m3x_fuzz *fz);

/* m3x_fuzz_mutate.c */
void m3x_fz_mutated(struct m3x_fuzz *fz);
size_t m3x_fz_mutate_seen(struct m3x_fuzz *fz, size_t len);

/* m3x_fuzz_replay.c */
void m3x_fz_replayed(struct m3x_fuzz *fz);
void m3x_fz_churn(struct m3x_fuzz *fz);
void m3x_fz_drain(struct m3x_fuzz *fz);

/* m3x_fuzz_keyed.c */
int m3x_fz_key_load(struct m3x_fuzz *fz, const char *path);
void m3x_fz_answer(struct m3x_fuzz *fz, const union m3_wire_frame *chal,
		   const struct m3x_port *from);
int m3x_fz_await_targets(struct m3x_fuzz *fz, long ms);
int m3x_fz_respond(struct m3x_fuzz *fz, const union m3_wire_frame *f,
		   size_t len, const struct m3x_port *from);
void m3x_fz_learn(struct m3x_fuzz *fz, const union m3_wire_frame *f,
		  int module);
int m3x_fz_member(struct m3x_fuzz *fz, const char *vm_slot);
int m3x_fz_announce(struct m3x_fuzz *fz);
long m3x_fz_self_copy(struct m3x_fuzz *fz, long ms);

#endif
