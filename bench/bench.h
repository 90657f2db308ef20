/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3bench: the paper's micro-benchmarks (IPC1-3, COPY1-2) for M3-IPC and
 * the Linux IPC mechanisms it is compared with. Runs in the guest (static);
 * "m3bench report" runs on the host and turns the raw results into the
 * table, the JSON file and the chart data.
 *
 * Every measurement is a time-bounded batch: a warm-up grows the batch
 * until it lasts long enough, then R repetitions of the calibrated batch
 * give R rates, reported as median, minimum and maximum.
 */
#ifndef M3BENCH_H
#define M3BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <m3/m3.h>

#define MSG_SIZE	64	/* payload of every IPC test */
#define MAX_REPS	15
#define QUIT_TYPE	0x7157	/* m_type / first word asking a server to stop */

/* Options, set by main(). */
extern double opt_ipc_secs;	/* one IPC repetition */
extern double opt_copy_secs;	/* one copy repetition */
extern int opt_reps;
extern int opt_vmid;		/* the VM every M3 test binds in */
extern int opt_thp;		/* copy buffers may be transparent huge pages */

/* A rate measurement: R repetitions of a batch. */
struct stat3 {
	double med, min, max;
	int reps;
	long iters;		/* operations per repetition */
};

/* Operations a measured side runs: do @n operations, 0 or -errno. */
typedef int (*batch_fn)(void *ctx, long n);

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * One repetition: warm up, and (when *@iters is 0) calibrate a batch to
 * last @secs; then time one batch of *@iters operations: *@rate per second.
 * 0, or the first error of @fn.
 */
int measure1(batch_fn fn, void *ctx, double secs, long *iters, double *rate);
/* Called just outside the timed batch of measure1 (0 before, 1 after). */
extern void (*measure_hook)(int after);
/* Context switches so far, all CPUs (/proc/stat ctxt). */
long ctxt_total(void);

/*
 * The repetitions of one measurement are interleaved with those of the
 * other mechanisms of the same test (round robin), so that a change of the
 * host's load hits every mechanism alike; a cell collects them.
 */
struct cell {
	double rates[MAX_REPS];
	int n;
	long iters;
};
void cell_add(struct cell *c, double rate, long iters);
int cell_stat(const struct cell *c, struct stat3 *out);

/* Results: one line each, to stdout and to the results file. */
void result_open(const char *path);
void result(const char *group, const char *test, const char *mech,
	    const char *variant, long size, const struct stat3 *s,
	    const char *unit);
void result_na(const char *group, const char *test, const char *mech,
	       const char *variant, long size, const char *why);
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whole reads and writes: 0, -errno, or -EPIPE at end of file. */
int readn(int fd, void *b, size_t n);
int writen(int fd, const void *b, size_t n);

/* Shared memory between the processes of one test. */
void *shm_alloc(size_t size);
void shm_free(void *p, size_t size);

/* Processes: fork @fn(@arg) (dies with its parent); join: exit status. */
pid_t spawn(int (*fn)(void *), void *arg);
int join(pid_t pid);
void pin_cpu(int cpu);		/* -1: no pinning */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Wait until *@flag becomes nonzero (yields the CPU); its value. */
int wait_flag(volatile int *flag);

/* Families of tests (bench_*.c). */
void bench_m3_ipc(void);
void bench_peers(int which_test);	/* TEST_RT or TEST_EVENT */
void bench_binder(void);
void bench_copy(void);
void bench_bind(void);
void bench_mem(void);
void bench_scale(void);
int report_main(int argc, char **argv);
struct pp_ops;
const struct pp_ops *peer_by_name(const char *name);

#define TEST_RT		0	/* 64-byte request, 64-byte reply */
#define TEST_EVENT	1	/* payload-free event each way */

/* M3 setup: DRVS and the benchmark VM; 0 or a negative error. */
int m3_setup(void);

#endif /* M3BENCH_H */
