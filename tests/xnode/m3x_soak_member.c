// SPDX-License-Identifier: GPL-2.0
/* m3x soak: a member process, its threads, their binds and ends. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "m3x_soak.h"

static const char *const xs_role_name[] = {
	[XS_ROLE_SERVER] = "soaksrv",
	[XS_ROLE_CLIENT] = "soakcli",
	[XS_ROLE_STOPPER] = "soakstop",
};

/*
 * Bind member @index's slot (its last incarnation, killed, may still be
 * leaving it): 0, or -1 after an anomaly.
 */
int xs_member_bind(struct xs_member *me, int index, enum xs_role role)
{
	int slot = xs_slot(index, xs->node), ep, n;

	prctl(PR_SET_NAME, xs_role_name[role]);
	for (n = 0; (ep = mnx_bind(m3x_vm, slot)) == -EBUSY && n < 2000; n++)
		m3x_sleep_ms(10);
	me->ep = ep;
	if (ep < 0) {
		xs_anomaly(me, XS_A_BIND, slot, 0, (uint32_t)-ep);
		return -1;
	}
	xs->ended[index] = 0;
	xs->ep[index] = ep;
	xs_note(me, XS_BIND, M3_NONE, 0, role);
	return 0;
}

/* Ended in order: logged, and shown to the orchestrator. */
void xs_member_end(struct xs_member *me)
{
	xs_note(me, XS_END, M3_NONE, 0, 0);
	xs->ended[me->index] = 1;
}

/* Stay bound until the orchestrator lets everyone go. */
void xs_member_wait_exit(void)
{
	while (!xs->exit)
		m3x_sleep_ms(20);
}

/*
 * The body of a member process: members @first .. @first + @nr - 1, a
 * thread each running @fn; it dies with the orchestrator.
 */
void xs_run_members(int first, int nr, void *(*fn)(void *))
{
	struct xs_member me[XS_MEMBERS];
	pthread_t th[XS_MEMBERS];
	uint64_t seed = xs->seed ^ (uint64_t)getpid() << 20;
	int j;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (j = 0; j < nr; j++) {
		me[j].index = first + j;
		me[j].ep = M3_NONE;
		me[j].ring = &xs->ring[first + j];
		me[j].rng = (seed + 0x9e3779b97f4a7c15ULL * (uint64_t)(j + 1)) | 1;
		if (pthread_create(&th[j], NULL, fn, &me[j]))
			_exit(3);
	}
	for (j = 0; j < nr; j++)
		pthread_join(th[j], NULL);
	_exit(0);
}
