// SPDX-License-Identifier: GPL-2.0
/* m3fuzz: a worker process, its threads looping over random actions. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "fuzz.h"

#define FZ_NOBODY 65534

struct fz_wthread {
	uint64_t seed;
	int stream;
	int fd;
};

static void *fz_loop(void *p)
{
	struct fz_wthread *w = p;
	struct fz_rng r;
	int vm = -1;

	fz_seed(&r, w->seed, w->stream);
	while (!fz->stop) {
		fz_action(&r, w->fd, &vm);
		__sync_fetch_and_add(&fz->iterations, 1);
	}
	return NULL;
}

/* Under failslab, dropping privileges may fail for a while: retry. */
static void fz_drop(void)
{
	int n;

	for (n = 0; n < 1000; n++) {
		if (!setgroups(0, NULL) &&
		    !setresgid(FZ_NOBODY, FZ_NOBODY, FZ_NOBODY) &&
		    !setresuid(FZ_NOBODY, FZ_NOBODY, FZ_NOBODY))
			return;
		usleep(1000);
	}
	perror("m3fuzz: cannot drop privileges");
	_exit(2);
}

static int fz_open(void)
{
	int fd, n;

	for (n = 0; n < 1000; n++) {
		fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOMEM)
			return fd;
		usleep(1000);
	}
	return -1;
}

/*
 * Worker @idx (its seed stream is idx, whatever its incarnation): odd
 * workers run as nobody; half of them die of SIGPIPE at vm_end.
 */
void fz_worker(int idx, uint64_t seed, int threads, int unpriv)
{
	struct fz_wthread w[16];
	pthread_t th[16];
	int i, fd, n = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, (idx & 2) ? SIG_IGN : SIG_DFL);
	fz_make_it_fail();
	fd = fz_open();
	if (fd < 0) {
		perror("m3fuzz: " M3IPC_DEVICE);
		_exit(2);
	}
	if (unpriv)
		fz_drop();
	if (threads > 16)
		threads = 16;
	for (i = 0; i < threads; i++) {
		w[i].seed = seed;
		w[i].stream = idx * 16 + i;
		w[i].fd = fd;
	}
	for (i = 1; i < threads; i++)
		if (!pthread_create(&th[n], NULL, fz_loop, &w[i]))
			n++;
	fz_loop(&w[0]);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	_exit(0);
}
