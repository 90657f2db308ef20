/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the guest tests: a fresh DRVS and VM, children that bind and
 * publish their endpoint in shared memory, waiting (bounded) until a peer
 * is blocked in the kernel, dropping privileges.
 */
#ifndef M3T_UTIL_H
#define M3T_UTIL_H

#include <m3/m3.h>
#include <stdint.h>
#include <sys/types.h>

#include "../harness/m3test.h"

#define M3T_SLOTS 16

/* Shared between a test and its children (MAP_SHARED, zeroed). */
struct m3t_shared {
	volatile int ep[M3T_SLOTS];	/* endpoints published by children */
	volatile int ret[M3T_SLOTS];	/* results reported by children */
	volatile int go[M3T_SLOTS];	/* flags set by the test */
	volatile long val[M3T_SLOTS];
	volatile int ready[M3T_SLOTS];	/* set by m3t_publish */
	message msg[M3T_SLOTS];
};

extern struct m3t_shared *m3t_sh;

/* A fresh DRVS on node 0 and VM @vmid (mode 0666): returns the vmid. */
int m3t_setup(void);
int m3t_vm(int vmid, unsigned int mode, unsigned int flags,
	   unsigned int max_procs);
/* m3t_setup() and a second VM, 1 (mode 0666, @flags, @max_procs). */
void m3t_setup_vm1(unsigned int flags, unsigned int max_procs);

/* Fork a child running fn(arg); it exits 0 unless an ASSERT failed. */
pid_t m3t_spawn(void (*fn)(int), int arg);
/* Exit status of child @pid: 0 passed, 128+sig killed, else its code. */
int m3t_join(pid_t pid);
void m3t_join_ok(pid_t pid);

/* A child publishes its endpoint (ASSERTs it is valid); the test waits. */
void m3t_publish(int i, int ep);
int m3t_wait_ep(int i);
/* Bind to @vmid (any slot) and publish the endpoint as number @i. */
int m3t_bind_publish(int vmid, int i);

/* Wait (up to 10 s) until *p != 0; returns *p. */
int m3t_wait_set(volatile int *p);
/*
 * The same without the assertion, up to @ms of CLOCK_MONOTONIC time (not
 * a count of sleeps, which TCG stretches); returns *p (0 if it timed out).
 */
int m3t_wait_for(volatile int *p, int ms);
/* CLOCK_MONOTONIC in nanoseconds (comparable across processes). */
long long m3t_now_ns(void);
/* Wait (up to 10 s) until the slot of @ep in @vmid has all of @state bits. */
void m3t_wait_state(int vmid, int ep, unsigned int state);
/* Wait for endpoint number @i, then until it is blocked in @state (VM @vmid). */
int m3t_wait_blocked(int vmid, int i, unsigned int state);
/* Wait until @ep is unbound (its slot free or reused). */
void m3t_wait_gone(int vmid, int ep);
/* Sleep a little (ms). */
void m3t_msleep(int ms);
/* A child that has done its part: wait to be killed with the test. */
void m3t_park(void) __attribute__((noreturn));

/* A pattern that differs at every offset and with @seed; and its check. */
void m3t_fill(void *buf, size_t n, unsigned int seed);
int m3t_check(const void *buf, size_t n, unsigned int seed);

/* A fresh page that userfaultfd serves (missing mode; needs root). */
struct m3t_uffd {
	int uffd;
	unsigned char *page;
};
void m3t_uffd_page(struct m3t_uffd *u);

/* Write string @s to, or read up to @len - 1 bytes of, a file: 0 or -errno. */
int m3t_write_file(const char *path, const char *s);
int m3t_read_file(const char *path, char *buf, size_t len);

/* cgroup v2 mounted on M3T_CGROUP_ROOT (the test fails if it cannot be). */
#define M3T_CGROUP_ROOT "/sys/fs/cgroup"
void m3t_cgroup2_mount(void);

/* Drop to uid/gid (and no supplementary groups, no capabilities). */
void m3t_become(uid_t uid, gid_t gid);

#endif /* M3T_UTIL_H */
