// SPDX-License-Identifier: GPL-2.0
/* m3bench: measurement loop, results, processes, shared memory. */
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "bench.h"

static FILE *resf;
void (*measure_hook)(int after);

long ctxt_total(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "ctxt ", 5))
			v = atol(line + 5);
	fclose(f);
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int measure1(batch_fn fn, void *ctx, double secs, long *iters, double *rate)
{
	double t0, t;
	long n = *iters ? *iters / 8 + 1 : 1;
	int ret;

	/* Warm up (caches, TCG translation); calibrate the first time. */
	for (;;) {
		t0 = now();
		ret = fn(ctx, n);
		t = now() - t0;
		if (ret)
			return ret;
		if (*iters || t >= secs / 4 || n >= (1L << 40))
			break;
		if (t < secs / 64)
			n *= 8;
		else
			n = (long)(n * (secs / 3) / t) + 1;
	}
	if (!*iters) {
		n = (long)(n * secs / t);
		*iters = n < 1 ? 1 : n;
	}
	if (measure_hook)
		measure_hook(0);
	t0 = now();
	ret = fn(ctx, *iters);
	t = now() - t0;
	if (measure_hook)
		measure_hook(1);
	if (ret)
		return ret;
	*rate = *iters / t;
	return 0;
}

void cell_add(struct cell *c, double rate, long iters)
{
	if (c->n < MAX_REPS)
		c->rates[c->n++] = rate;
	c->iters = iters;
}

int cell_stat(const struct cell *c, struct stat3 *out)
{
	double r[MAX_REPS];
	int n = c->n;

	if (!n)
		return -1;
	memcpy(r, c->rates, n * sizeof(r[0]));
	qsort(r, n, sizeof(r[0]), cmp_double);
	out->reps = n;
	out->iters = c->iters;
	out->min = r[0];
	out->max = r[n - 1];
	out->med = n & 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
	return 0;
}

void result_open(const char *path)
{
	resf = fopen(path, "w");
	if (!resf)
		fprintf(stderr, "m3bench: %s: %s\n", path, strerror(errno));
}

static void emit(const char *line)
{
	fputs(line, stdout);
	fflush(stdout);
	if (resf) {
		fputs(line, resf);
		fflush(resf);
	}
}

/*
 * R <group> <test> <mech> <variant> <size> <median> <min> <max> <reps>
 *   <iters> <unit>
 */
void result(const char *group, const char *test, const char *mech,
	    const char *variant, long size, const struct stat3 *s,
	    const char *unit)
{
	char line[512];

	snprintf(line, sizeof(line), "R\t%s\t%s\t%s\t%s\t%ld\t%.6g\t%.6g\t%.6g\t%d\t%ld\t%s\n",
		 group, test, mech, variant, size, s->med, s->min, s->max,
		 s->reps, s->iters, unit);
	emit(line);
}

void result_na(const char *group, const char *test, const char *mech,
	       const char *variant, long size, const char *why)
{
	char line[512];

	snprintf(line, sizeof(line), "N\t%s\t%s\t%s\t%s\t%ld\t%s\n",
		 group, test, mech, variant, size, why);
	emit(line);
}

void note(const char *fmt, ...)
{
	char line[512], buf[480];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "#\t%s\n", buf);
	emit(line);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "m3bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

/* Move all @n bytes: inlined into readn and writen with @out constant. */
static inline int xfer_all(int fd, char *p, size_t n, int out)
{
	while (n) {
		ssize_t r = out ? write(fd, p, n) : read(fd, p, n);

		if (r <= 0)
			return r < 0 ? -errno : -EPIPE;
		p += r;
		n -= r;
	}
	return 0;
}

int readn(int fd, void *b, size_t n)
{
	return xfer_all(fd, b, n, 0);
}

int writen(int fd, const void *b, size_t n)
{
	return xfer_all(fd, (char *)b, n, 1);
}

void *shm_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap shared: %s", strerror(errno));
	memset(p, 0, size);
	return p;
}

void shm_free(void *p, size_t size)
{
	munmap(p, size);
}

pid_t spawn(int (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(fn(arg) ? 1 : 0);
	}
	return pid;
}

int join(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity(%d): %s", cpu, strerror(errno));
}

int wait_flag(volatile int *flag)
{
	int v;

	while (!(v = __atomic_load_n(flag, __ATOMIC_ACQUIRE)))
		sched_yield();
	return v;
}

int m3_setup(void)
{
	struct m3_vm_params p = { .vmid = -1, .mode = 0666, .max_procs = 64 };
	struct m3_drvs_params d = { .max_procs = M3_MAX_PROCS };
	int ret;

	strcpy(p.name, "bench");
	ret = mnx_drvs_init(0, &d);
	if (ret < 0 && ret != -EEXIST)
		return ret;
	ret = mnx_vm_init(&p);
	if (ret < 0)
		return ret;
	opt_vmid = ret;
	return 0;
}
