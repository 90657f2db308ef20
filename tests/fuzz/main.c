// SPDX-License-Identifier: GPL-2.0
/*
 * m3fuzz: the orchestrator. See fuzz.h.
 *   m3fuzz [-s SEED] [-t SECONDS] [-w WORKERS] [-T THREADS] [-f PERCENT] [-F]
 *          [-R SECONDS]
 * -f: failslab probability while it is on (the middle third of the run,
 * marked tasks only); -F: also a short system-wide window afterwards.
 * -R: first race binds against vm_end for that long (race.c).
 * Prints the seed first (replay with -s: every thread draws the same
 * actions; the interleaving differs) and the figures last.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

struct fz_shared *fz;
unsigned char *fz_scratch;

static struct {
	uint64_t seed;
	int secs, workers, threads, fail_pct, fail_global, race;
} opt = { 0, 60, 6, 3, 10, 0, 0 };

static struct {
	pid_t pid[FZ_MAX_WORKERS];
	unsigned long kills, deaths, spawns, vm_ends, drvs_restarts;
} st;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void fz_map(void)
{
	struct fz_rng r;

	fz = mmap(NULL, sizeof(*fz), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fz_scratch = mmap(NULL, FZ_SCRATCH + FZ_GUARD, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fz == MAP_FAILED || fz_scratch == MAP_FAILED ||
	    mprotect(fz_scratch, FZ_SCRATCH - 4096, PROT_READ | PROT_WRITE) ||
	    mprotect(fz_scratch + FZ_SCRATCH - 4096, 4096, PROT_READ)) {
		perror("m3fuzz: mmap");
		exit(2);
	}
	fz_seed(&r, opt.seed, ~0ULL);
	fz_fill(&r, fz_scratch, FZ_SCRATCH - 4096);
}

/* The DRVS and VMs 0..FZ_VMS-1: open, strict, root only, group root. */
static void fz_vms(void)
{
	static const unsigned int mode[FZ_VMS] = { 0666, 0666, 0600, 0660 };
	int i;

	for (i = 0; i < FZ_VMS; i++) {
		struct m3_vm_params p = {
			.vmid = i, .mode = mode[i], .max_procs = 8 + 8 * i,
			.flags = i == 1 ? M3_VM_STRICT_COPY : 0,
		};
		mnx_vm_init(&p);	/* -EEXIST is fine */
	}
}

static void fz_drvs(void)
{
	struct m3_drvs_params p = { .max_vms = 64, .max_procs = 64 };

	mnx_drvs_end();
	mnx_drvs_init(0, &p);
	fz_vms();
}

static void fz_spawn(int idx)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		fz_worker(idx, opt.seed, opt.threads, idx & 1);
	st.pid[idx] = pid > 0 ? pid : 0;
	st.spawns += pid > 0;
}

/* Reap dead workers and respawn them. */
static void fz_reap(void)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < opt.workers; i++)
			if (st.pid[i] == pid)
				break;
		if (i == opt.workers)
			continue;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			st.deaths++;
		st.pid[i] = 0;
		if (!fz->stop)
			fz_spawn(i);
	}
}

static void fz_chaos(struct fz_rng *r)
{
	int i = fz_below(r, opt.workers);
	unsigned int k = fz_below(r, 100);

	if (k < 40 && st.pid[i] > 0) {
		kill(st.pid[i], SIGKILL);
		st.kills++;
	} else if (k < 60) {
		st.vm_ends += mnx_vm_end(fz_below(r, FZ_VMS)) == 0;
		fz_vms();
	} else if (k < 63) {
		fz_drvs();
		st.drvs_restarts++;
	} else {
		fz_vms();
	}
}

/* failslab: off, marked tasks in the middle third, then maybe global. */
static void fz_phase(double frac, int *phase)
{
	int want = frac < 1.0 / 3 ? 0 : frac < 2.0 / 3 ? 1 :
		   (opt.fail_global && frac < 0.75) ? 2 : 0;

	if (want == *phase || !opt.fail_pct)
		return;
	*phase = want;
	/* Said before it starts: with failslab on for all, a write may fail. */
	printf("m3fuzz: %.0f%%: failslab %s\n", frac * 100,
	       want == 0 ? "off" : want == 1 ? "on (task filter)" : "on (global)");
	if (want == 0)
		fz_failslab_off();
	else if (fz_failslab_on(want == 1 ? opt.fail_pct : 1, want == 1))
		fprintf(stderr, "m3fuzz: cannot set up failslab (debugfs?)\n");
}

static void fz_run(void)
{
	double t0 = now(), t;
	struct fz_rng r;
	int i, phase = 0;

	fz_seed(&r, opt.seed, ~1ULL);
	fz_drvs();
	for (i = 0; i < opt.workers; i++)
		fz_spawn(i);
	while ((t = now() - t0) < opt.secs) {
		fz_phase(t / opt.secs, &phase);
		usleep(20000 + fz_below(&r, 180000));
		fz_reap();
		fz_chaos(&r);
	}
	fz->stop = 1;
	fz_failslab_off();
	for (i = 0; i < opt.workers; i++)
		if (st.pid[i] > 0)
			kill(st.pid[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

static void *fz_echo(void *p)
{
	message m = { 0 };
	long ok;

	(void)p;
	ok = mnx_bind(0, 1) == 1 && mnx_receive(ANY, &m) == 0;
	m.m_type++;
	ok = ok && mnx_send(m.m_source, &m) == 0;
	return (void *)ok;
}

/* After the storm the module still works: a round trip in a fresh VM. */
static int fz_sanity(void)
{
	message m = { .m_type = 41 };
	void *ok = NULL;
	pthread_t th;
	int ret, i;

	mnx_drvs_end();
	if (mnx_drvs_init(0, NULL) || mnx_vm_init(&(struct m3_vm_params){ 0 }) != 0)
		return -1;
	if (pthread_create(&th, NULL, fz_echo, NULL))
		return -1;
	ret = mnx_bind(0, 0);
	for (i = 0; ret == 0 && i < 5000; i++) {
		ret = mnx_sendrec(1, &m);
		if (ret != -EDEADSRCDST)
			break;
		ret = 0;
		usleep(1000);
	}
	pthread_join(th, &ok);
	ret = ret || !ok || m.m_type != 42 || m.m_source != 1;
	mnx_unbind();
	return mnx_drvs_end() || ret ? -1 : 0;
}

static void fz_report(double secs)
{
	printf("m3fuzz: seed %llu, %.0f s, %d workers x %d threads\n",
	       (unsigned long long)opt.seed, secs, opt.workers, opt.threads);
	printf("m3fuzz: iterations %llu calls %llu ok %llu efault %llu enomem %llu\n",
	       (unsigned long long)fz->iterations, (unsigned long long)fz->calls,
	       (unsigned long long)fz->ok_calls, (unsigned long long)fz->efault,
	       (unsigned long long)fz->enomem);
	printf("m3fuzz: binds %llu thread_exits %llu spawns %lu kills %lu "
	       "signal_deaths %lu vm_ends %lu drvs_restarts %lu\n",
	       (unsigned long long)fz->binds,
	       (unsigned long long)fz->thread_exits, st.spawns, st.kills,
	       st.deaths, st.vm_ends, st.drvs_restarts);
	printf("m3fuzz: failslab_injected %ld\n", fz_failslab_injected());
}

static void usage(void)
{
	fprintf(stderr, "usage: m3fuzz [-s SEED] [-t SECONDS] [-w WORKERS] "
		"[-T THREADS] [-f FAILSLAB_PERCENT] [-F] [-R SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double t0;
	int c;

	opt.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((c = getopt(argc, argv, "s:t:w:T:f:FR:")) != -1) {
		switch (c) {
		case 's': opt.seed = strtoull(optarg, NULL, 0); break;
		case 't': opt.secs = atoi(optarg); break;
		case 'w': opt.workers = atoi(optarg); break;
		case 'T': opt.threads = atoi(optarg); break;
		case 'f': opt.fail_pct = atoi(optarg); break;
		case 'F': opt.fail_global = 1; break;
		case 'R': opt.race = atoi(optarg); break;
		default: usage();
		}
	}
	if (opt.workers < 1 || opt.workers > FZ_MAX_WORKERS || opt.secs < 1)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("m3fuzz: seed %llu (replay: m3fuzz -s %llu -t %d -w %d -T %d -f %d%s)\n",
	       (unsigned long long)opt.seed, (unsigned long long)opt.seed,
	       opt.secs, opt.workers, opt.threads, opt.fail_pct,
	       opt.fail_global ? " -F" : "");
	signal(SIGPIPE, SIG_IGN);
	fz_map();
	if (opt.race && fz_race(opt.race, 4, 4)) {
		printf("m3fuzz: FAIL: a bind survived the end of its VM\n");
		return 1;
	}
	t0 = now();
	fz_run();
	fz_report(now() - t0);
	if (fz_sanity()) {
		printf("m3fuzz: FAIL: the module does not work after the run\n");
		return 1;
	}
	printf("m3fuzz: ok: the module still works after the run\n");
	return 0;
}
