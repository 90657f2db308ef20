// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the mechanisms served on the client's node (on_client: the
 * "m3-local" rows, the same calls as "m3-remote" with both ends on one
 * node, for scale). A child of the client serves them, as the server
 * serves the others: their serve() in the child, whose threads answer
 * until the client ends it (or dies: the child is killed with it). What
 * each serve() answered reaches the client through shared memory, in the
 * place the server's answers have (struct peer).
 */
#include <signal.h>
#include <sys/wait.h>

#include "netbench.h"

#define LOCAL_WAIT_S	30.0	/* serve() binds and starts threads: quick */

struct local_answers {
	volatile int ready;
	int err[NB_MAX_MECHS];
	char info[NB_MAX_MECHS][NB_INFO_LEN];
};

static struct local_answers *answers;
static const char *local_only;

static int wanted_here(const struct net_mech *m)
{
	return m->on_client && m->serve && mech_wanted(m, local_only);
}

static int local_server(void *arg)
{
	(void)arg;
	for (int i = 0; i < net_nmechs; i++) {
		const struct net_mech *m = net_mechs[i];

		if (wanted_here(m))
			answers->err[i] = -m->serve(m, answers->info[i],
						    sizeof(answers->info[i]));
	}
	__atomic_store_n(&answers->ready, 1, __ATOMIC_RELEASE);
	for (;;)
		pause();
	return 0;
}

pid_t local_start(struct peer *p, const char *only)
{
	double end = now() + LOCAL_WAIT_S;
	int i, any = 0;
	pid_t pid;

	local_only = only;
	for (i = 0; i < net_nmechs; i++)
		any |= wanted_here(net_mechs[i]);
	if (!any)
		return 0;
	answers = shm_alloc(sizeof(*answers));
	pid = spawn(local_server, NULL);
	while (!__atomic_load_n(&answers->ready, __ATOMIC_ACQUIRE)) {
		if (waitpid(pid, NULL, WNOHANG) == pid || now() > end)
			die("the local server (mechanisms of this node) did not start");
		usleep(1000);
	}
	for (i = 0; i < net_nmechs; i++) {
		if (!wanted_here(net_mechs[i]))
			continue;
		p->err[i] = answers->err[i];
		memcpy(p->info[i], answers->info[i], sizeof(p->info[i]));
	}
	return pid;
}

void local_stop(pid_t pid)
{
	if (!pid)
		return;
	kill(pid, SIGKILL);
	join(pid);
	shm_free(answers, sizeof(*answers));
}
