// SPDX-License-Identifier: GPL-2.0
/* m3fuzz: random values, pointers, endpoints and ioctl numbers. */
#include <string.h>
#include <sys/ioctl.h>

#include "fuzz.h"

uint64_t fz_next(struct fz_rng *r)
{
	uint64_t x = r->s;	/* xorshift64* */

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

void fz_seed(struct fz_rng *r, uint64_t seed, uint64_t stream)
{
	r->s = (seed ^ (stream * 0x9e3779b97f4a7c15ULL)) | 1;
	fz_next(r);
}

void fz_fill(struct fz_rng *r, void *buf, size_t n)
{
	unsigned char *p = buf;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i & 7))
			v = fz_next(r);
		p[i] = (unsigned char)(v >> (8 * (i & 7)));
	}
}

/* Addresses that must never be dereferenced successfully. */
static const uint64_t bad_ptrs[] = {
	0, 1, 4096, 0x10000 - 8,
	0xffffffff81000000ULL,		/* kernel text */
	0xffff888000000000ULL,		/* direct map */
	0xffffffffff600000ULL,		/* vsyscall page */
	0xffffffffffffffc0ULL,		/* wraps */
	0x00007ffffffff000ULL - 32,	/* straddles the end of user space */
	0x0000800000000000ULL,		/* non-canonical */
	~0ULL,
};

uint64_t fz_ptr(struct fz_rng *r)
{
	uint64_t base = (uintptr_t)fz_scratch;

	switch (fz_below(r, 10)) {
	case 0:
		return bad_ptrs[fz_below(r, sizeof(bad_ptrs) / sizeof(bad_ptrs[0]))];
	case 1:		/* into the guard, or straddling into it */
		return base + FZ_SCRATCH - fz_below(r, 64) + fz_below(r, 4096);
	case 2:		/* the read-only last page of the scratch area */
		return base + FZ_SCRATCH - 4096 + fz_below(r, 4096);
	default:	/* somewhere valid, any alignment */
		return base + fz_below(r, FZ_SCRATCH - 8192);
	}
}

uint64_t fz_len(struct fz_rng *r)
{
	static const uint64_t edge[] = {
		0, 1, 63, 64, 4095, 4096, 4097, 65536, 4UL << 20,
		(4UL << 20) + 1, 1ULL << 32, 1ULL << 63, ~0ULL,
	};

	switch (fz_below(r, 4)) {
	case 0:
		return edge[fz_below(r, sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return fz_below(r, 256 * 1024);
	default:
		return fz_below(r, 8192);
	}
}

void fz_remember(int vmid, int ep)
{
	if (vmid >= 0 && vmid < FZ_VMS && ep >= 0)
		fz->eps[vmid][(unsigned int)ep % FZ_EPS] = ep;
}

int fz_vmid(struct fz_rng *r)
{
	switch (fz_below(r, 16)) {
	case 0:
		return (int)fz_next(r);
	case 1:
		return FZ_VMS + fz_below(r, 40);
	default:
		return fz_below(r, FZ_VMS);
	}
}

int fz_ep(struct fz_rng *r, int vmid)
{
	static const int special[] = { M3_ANY, M3_NONE, M3_SELF, -1, 0x7fffffff };
	int ep;

	if (vmid < 0 || vmid >= FZ_VMS)
		vmid = fz_below(r, FZ_VMS);
	switch (fz_below(r, 12)) {
	case 0:
		return special[fz_below(r, 5)];
	case 1:
		return (int)fz_next(r);
	case 2:
		return fz_below(r, 300);
	case 3:	/* a remembered endpoint, a generation off */
		ep = fz->eps[vmid][fz_below(r, FZ_EPS)];
		return ep + (1 << M3_EP_GEN_SHIFT);
	default:
		return fz->eps[vmid][fz_below(r, FZ_EPS)];
	}
}

unsigned long fz_cmd(struct fz_rng *r)
{
	static const unsigned long cmds[] = {
		M3_IOC_DRVS_INIT, M3_IOC_DRVS_END, M3_IOC_VM_INIT,
		M3_IOC_VM_END, M3_IOC_BIND, M3_IOC_UNBIND, M3_IOC_SEND,
		M3_IOC_RECEIVE, M3_IOC_SENDREC, M3_IOC_NOTIFY,
		M3_IOC_REPLYREC, M3_IOC_VCOPY, M3_IOC_DRVS_INFO,
		M3_IOC_VM_INFO, M3_IOC_PROC_INFO, M3_IOC_WHOIS,
	};

	switch (fz_below(r, 8)) {
	case 0:	/* anything at all */
		return (unsigned int)fz_next(r);
	case 1:	/* our magic, any number, direction and size */
		return _IOC(fz_below(r, 4), M3_IOC_MAGIC, fz_below(r, 256),
			    fz_below(r, 512));
	case 2:	/* a real number with the wrong size or direction */
		return (cmds[fz_below(r, 16)] & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
		       ((unsigned long)fz_below(r, 256) << _IOC_SIZESHIFT);
	default:
		return cmds[fz_below(r, 16)];
	}
}
