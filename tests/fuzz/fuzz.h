/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3fuzz: an ioctl fuzzer for /dev/m3ipc, run inside the debug guest.
 *
 * The orchestrator (main.c) sets up a DRVS and a few VMs, forks worker
 * processes (worker.c), each running several threads that issue random
 * and semi-valid calls (gen.c), kills and respawns workers at random,
 * ends and recreates VMs and the DRVS, and switches failslab on for part
 * of the run (failslab.c). Every user pointer handed to the kernel points
 * into a scratch area mapped before fork() at the same address in every
 * worker and followed by a PROT_NONE guard larger than any copy, or is
 * deliberately invalid: the kernel can never be made to scribble over the
 * fuzzer itself.
 */
#ifndef M3FUZZ_H
#define M3FUZZ_H

#include <stdint.h>
#include <sys/types.h>

#include <m3/m3.h>

#define FZ_VMS		4	/* vmids 0..FZ_VMS-1 are (re)created */
#define FZ_EPS		64	/* endpoints remembered per VM */
#define FZ_MAX_WORKERS	16
#define FZ_SCRATCH	(1UL << 20)
#define FZ_GUARD	(8UL << 20)

struct fz_shared {
	volatile int stop;
	volatile int eps[FZ_VMS][FZ_EPS];	/* endpoints seen bound */
	volatile uint64_t iterations;
	volatile uint64_t calls;
	volatile uint64_t ok_calls;
	volatile uint64_t efault;
	volatile uint64_t enomem;
	volatile uint64_t binds;
	volatile uint64_t thread_exits;
	volatile uint64_t race_anomalies;
};

extern struct fz_shared *fz;
extern unsigned char *fz_scratch;	/* FZ_SCRATCH bytes, then a guard */

/* gen.c: a per-thread random generator and argument makers. */
struct fz_rng {
	uint64_t s;
};

uint64_t fz_next(struct fz_rng *r);
void fz_seed(struct fz_rng *r, uint64_t seed, uint64_t stream);
static inline unsigned int fz_below(struct fz_rng *r, unsigned int n)
{
	return (unsigned int)(fz_next(r) % n);
}

uint64_t fz_ptr(struct fz_rng *r);		/* a user pointer, often bad */
uint64_t fz_len(struct fz_rng *r);		/* a copy length */
int fz_ep(struct fz_rng *r, int vmid);		/* an endpoint, often bad */
int fz_vmid(struct fz_rng *r);
unsigned long fz_cmd(struct fz_rng *r);		/* an ioctl number */
void fz_fill(struct fz_rng *r, void *buf, size_t n);
void fz_remember(int vmid, int ep);

/* calls.c: one action; returns the number of ioctls it issued. */
int fz_action(struct fz_rng *r, int fd, int *my_vm);

/* worker.c */
void fz_worker(int idx, uint64_t seed, int threads, int unpriv);

/* race.c: binds racing vm_end; returns the anomalies seen. */
long fz_race(int secs, int procs, int threads);

/* failslab.c */
int fz_failslab_on(int probability, int task_filter);
void fz_failslab_off(void);
long fz_failslab_injected(void);
int fz_make_it_fail(void);

#endif /* M3FUZZ_H */
