// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: N client/server pairs at once. Each pair is a thread of the
 * client with its own connection (and its own server thread on the other
 * node); all start together, run round trips for @secs, and the rates of
 * the pairs add up to the throughput of N. What a mechanism needs per
 * thread (its enter and leave) is done outside the timed part.
 */
#include <pthread.h>

#include "netbench.h"

struct pair_run {
	struct conn *c;
	pthread_barrier_t *start;
	volatile int *stop;
	double rate;
	int err;
};

static void *pair_thread(void *arg)
{
	struct pair_run *r = arg;
	const struct net_mech *m = r->c->mech;
	long count = 0;
	double t0;

	r->err = m->enter ? m->enter(r->c) : 0;
	pthread_barrier_wait(r->start);
	t0 = now();
	while (!__atomic_load_n(r->stop, __ATOMIC_ACQUIRE) && !r->err) {
		r->err = m->ping(r->c, 1);
		count++;
	}
	r->rate = count / (now() - t0);
	if (m->leave)
		m->leave(r->c);
	return NULL;
}

int pairs_run(struct conn *conns, int n, double secs, double *rate)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };
	struct pair_run runs[NB_MAX_PAIRS];
	pthread_t threads[NB_MAX_PAIRS];
	pthread_barrier_t start;
	volatile int stop = 0;
	int i, ret = 0;

	pthread_barrier_init(&start, NULL, n + 1);
	for (i = 0; i < n; i++) {
		runs[i] = (struct pair_run){ &conns[i], &start, &stop, 0, 0 };
		if (pthread_create(&threads[i], NULL, pair_thread, &runs[i]))
			die("cannot start a thread");
	}
	pthread_barrier_wait(&start);
	nanosleep(&ts, NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	*rate = 0;
	for (i = 0; i < n; i++) {
		pthread_join(threads[i], NULL);
		*rate += runs[i].rate;
		if (runs[i].err && !ret)
			ret = runs[i].err;
	}
	pthread_barrier_destroy(&start);
	return ret;
}
