// SPDX-License-Identifier: GPL-2.0
/*
 * m3fuzz -R: binds racing vm_end. Racer threads bind to VM 0, query and
 * unbind in a loop while the orchestrator ends and recreates VM 0 as fast
 * as it can. A bind that wins the race must either fail or be undone by
 * the vm_end; a thread that finds itself still bound to a VM that was
 * ended (-EALREADY on its next bind although it unbound or was evicted)
 * is an anomaly: the kernel kept a binding to a freed VM.
 *
 * The racers share CPU 0 and the orchestrator has CPU 1 to itself: the
 * racers preempt each other (anywhere, on a preemptible kernel) while
 * vm_end runs undisturbed on the other CPU.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

static double fz_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * -EALREADY is legitimate for a moment (unbind said -EVMDOWN and the
 * vm_end has not evicted us yet); for two seconds, while VM 0 is ended
 * and recreated hundreds of times, it means a binding outlived its VM.
 */
static void *racer(void *p)
{
	double stuck = 0;
	message m;
	int ep;

	(void)p;
	while (!fz->stop) {
		ep = mnx_bind(0, -1);
		if (ep == -EALREADY) {
			if (!stuck)
				stuck = fz_now();
			else if (fz_now() - stuck > 2) {
				__sync_fetch_and_add(&fz->race_anomalies, 1);
				return NULL;
			}
			mnx_unbind();
			continue;
		}
		stuck = 0;
		if (ep < 0)
			continue;
		__sync_fetch_and_add(&fz->binds, 1);
		mnx_getep(0);
		mnx_receivenb(ANY, &m);
		mnx_unbind();
	}
	return NULL;
}

static void fz_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);	/* best effort */
}

static void racer_proc(int threads)
{
	pthread_t th[8];
	int i, n = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	fz_pin(0);
	for (i = 1; i < threads && i < 8; i++)
		n += !pthread_create(&th[n], NULL, racer, NULL);
	racer(NULL);
	while (n--)
		pthread_join(th[n], NULL);
	_exit(0);
}

static void fz_pin_all(void)
{
	cpu_set_t set;
	int c;

	CPU_ZERO(&set);
	for (c = 0; c < CPU_SETSIZE; c++)
		CPU_SET(c, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Returns the number of anomalies seen. */
long fz_race(int secs, int procs, int threads)
{
	struct m3_vm_params p = { .vmid = 0, .mode = 0666, .max_procs = 16 };
	unsigned long cycles = 0;
	double end = fz_now() + secs;
	int i;

	mnx_drvs_end();
	mnx_drvs_init(0, NULL);
	fz_pin(1);
	for (i = 0; i < procs; i++)
		if (fork() == 0)
			racer_proc(threads);
	while (fz_now() < end) {
		mnx_vm_init(&p);
		usleep(2000 + cycles % 7 * 3000);	/* let binds pile up */
		cycles += mnx_vm_end(0) == 0;
	}
	fz->stop = 1;
	while (wait(NULL) > 0 || errno == EINTR)
		;
	mnx_drvs_end();
	printf("m3fuzz: race: %lu vm_end cycles, %llu binds, %llu anomalies\n",
	       cycles, (unsigned long long)fz->binds,
	       (unsigned long long)fz->race_anomalies);
	fz->stop = 0;
	fz->binds = 0;
	fz_pin_all();
	return (long)fz->race_anomalies;
}
