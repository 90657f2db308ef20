// SPDX-License-Identifier: GPL-2.0
/*
 * Death: a bound process or thread that exits or is killed is unbound by
 * the module; whoever is blocked on it wakes with -EDEADSRCDST.
 */
#include <pthread.h>

#include "util.h"

/* Child @i: block in call val[i] toward ep[0] (0 send, 1 receive from
 * ep[0], 2 sendrec, 3 receive ANY). */
static void blocked_call(int i)
{
	message m = { .m_type = 50 + i };
	int peer;

	m3t_bind_publish(0, i);
	peer = m3t_wait_ep(0);
	switch ((int)m3t_sh->val[i]) {
	case 0:
		mnx_send(peer, &m);
		break;
	case 1:
		mnx_receive(peer, &m);
		break;
	case 2:
		mnx_sendrec(peer, &m);
		break;
	default:
		mnx_receive(ANY, &m);
		break;
	}
	m3t_park();
}

static const unsigned int states[] = {
	M3_ST_SENDING, M3_ST_RECEIVING, M3_ST_SENDING | M3_ST_SENDREC,
	M3_ST_RECEIVING,
};

/* Kill a child blocked in each call; nothing of it remains. */
TEST(killed_while_blocked_in_each_call)
{
	struct m3_vm_info vi;
	message m = { 0 };
	pid_t pid;
	int call, c;

	for (call = 0; call < 4; call++) {
		m3t_setup();
		m3t_bind_publish(0, 0);
		m3t_sh->val[1] = call;
		pid = m3t_spawn(blocked_call, 1);
		c = m3t_wait_blocked(0, 1, states[call]);
		ASSERT_EQ(kill(pid, SIGKILL), 0);
		ASSERT_EQ(m3t_join(pid), 128 + SIGKILL);
		m3t_wait_gone(0, c);
		/* Its queued message went with it; its endpoint is dead. */
		ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
		ASSERT_EQ(mnx_send(c, &m), -EDEADSRCDST);
		ASSERT_EQ(mnx_vm_info(0, &vi), 0);
		ASSERT_EQ(vi.nr_procs, 1);
		ASSERT_EQ(vi.stats.unbinds, 1);
	}
}

/* Child @i: bind, publish, wait for go[i], then die. */
static void dies_on_go(int i)
{
	message m;

	m3t_bind_publish(0, i);
	if (m3t_sh->val[i] == 1) {
		/* Take our caller's request, then die without replying. */
		ASSERT_EQ(mnx_receive(ANY, &m), 0);
	}
	m3t_wait_set(&m3t_sh->go[i]);
	_exit(0);
}

static void *bound_thread(void *arg)
{
	int *ep = arg;

	*ep = mnx_bind(0, -1);
	return NULL;
}

/* Child: when ep[8] is blocked with val[8] state bits, set go[val[9]]. */
static void go_when_blocked(int unused)
{
	(void)unused;
	m3t_wait_blocked(0, 8, (unsigned int)m3t_sh->val[8]);
	m3t_sh->go[m3t_sh->val[9]] = 1;
}

/* We block in a call on child @i, which dies once we are blocked. */
static void arm(int i, unsigned int state)
{
	m3t_setup();
	m3t_bind_publish(0, 8);
	m3t_sh->val[8] = state;
	m3t_sh->val[9] = i;
	m3t_sh->val[i] = state & M3_ST_SENDREC ? 1 : 0;
	m3t_spawn(dies_on_go, i);
	m3t_spawn(go_when_blocked, 0);
}

TEST(peer_death_wakes_blocked_callers)
{
	message m = { 0 };

	arm(1, M3_ST_SENDING);
	ASSERT_EQ(mnx_send(m3t_wait_ep(1), &m), -EDEADSRCDST);
	arm(2, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_receive(m3t_wait_ep(2), &m), -EDEADSRCDST);
	arm(3, M3_ST_RECEIVING | M3_ST_SENDREC);
	ASSERT_EQ(mnx_sendrec(m3t_wait_ep(3), &m), -EDEADSRCDST);
}

TEST(exited_thread_is_unbound)
{
	pthread_t t;
	int ep;

	m3t_setup();
	ASSERT_EQ(pthread_create(&t, NULL, bound_thread, &ep), 0);
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_GE(ep, 0);
	m3t_wait_gone(0, ep);
	/* The process may now join another VM: nothing of the thread remains. */
	ASSERT_EQ(m3t_vm(1, 0666, 0, 0), 1);
	ASSERT_GE(mnx_bind(1, -1), 0);
}

static void many_threads(int n)
{
	pthread_t t[8];
	int ep[8], i;

	for (i = 0; i < n; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, bound_thread, &ep[i]), 0);
	for (i = 0; i < n; i++)
		ASSERT_EQ(pthread_join(t[i], NULL), 0);
	m3t_bind_publish(0, 0);
	m3t_park();
}

TEST(killed_process_with_threads_frees_every_slot)
{
	struct m3_vm_info vi;
	pid_t pid;

	m3t_setup();
	pid = m3t_spawn(many_threads, 8);
	m3t_wait_ep(0);
	kill(pid, SIGKILL);
	ASSERT_EQ(m3t_join(pid), 128 + SIGKILL);
	ASSERT_EQ(mnx_vm_info(0, &vi), 0);
	ASSERT_EQ(vi.nr_procs, 0);
	ASSERT_EQ(vi.stats.binds, 9);
	ASSERT_EQ(vi.stats.unbinds, 9);
}

static void unbinds_on_go(int i)
{
	m3t_bind_publish(0, i);
	m3t_wait_set(&m3t_sh->go[i]);
	ASSERT_EQ(mnx_unbind(), 0);
	m3t_sh->ret[i] = 1;
	m3t_park();
}

TEST(unbind_wakes_blocked_callers)
{
	message m = { 0 };
	int d;

	m3t_setup();
	m3t_bind_publish(0, 8);
	m3t_sh->val[8] = M3_ST_SENDING;
	m3t_sh->val[9] = 1;
	m3t_spawn(unbinds_on_go, 1);
	d = m3t_wait_ep(1);
	m3t_spawn(go_when_blocked, 0);
	ASSERT_EQ(mnx_send(d, &m), -EDEADSRCDST);
	m3t_wait_set(&m3t_sh->ret[1]);
}

/* Child @i: a thread bound to VM 1 in sendrec to ep[0]; the rest waits. */
static void *sendrec_thread(void *arg)
{
	message m = { .m_type = 70 };
	int i = (int)(long)arg;

	m3t_bind_publish(1, i);
	mnx_sendrec(m3t_wait_ep(0), &m);
	return NULL;
}

static void threaded_client(int i)
{
	pthread_t th;

	ASSERT_EQ(pthread_create(&th, NULL, sendrec_thread, (void *)(long)i), 0);
	m3t_park();
}

static int write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(s, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/*
 * A killed client stays bound until its exit reaches the module's hook; a
 * core dump (held up here by a pipe helper that never reads) makes that
 * window seconds long. A copy from it in the window is a dead peer, not a
 * refusal: -EDEADSRCDST, never -EPERM.
 */
TEST(copy_with_a_dying_client_is_deadsrcdst)
{
	char saved[256] = "core\n", buf[64];
	struct m3_proc_info pi;
	int c, i, r_live, r_dying, bound;
	message m;
	FILE *f;
	pid_t pid;

	f = fopen("/proc/sys/kernel/core_pattern", "r");
	ASSERT_TRUE(f && fgets(saved, sizeof(saved), f));
	fclose(f);
	m3t_setup_vm1(M3_VM_STRICT_COPY, 0);
	m3t_bind_publish(1, 0);
	pid = m3t_spawn(threaded_client, 1);
	c = m3t_wait_ep(1);
	ASSERT_EQ(mnx_receive(c, &m), 0);
	m3t_wait_state(1, c, M3_ST_RECEIVING | M3_ST_SENDREC);
	r_live = mnx_vcopy(c, buf, SELF, buf, sizeof(buf));

	ASSERT_EQ(write_file("/proc/sys/kernel/core_pattern", "|/bin/sleep 4"), 0);
	ASSERT_EQ(kill(pid, SIGQUIT), 0);
	for (i = 0; i < 5000; i++) {
		ASSERT_EQ(mnx_proc_info(1, m3_ep_slot(c), &pi), 0);
		if (!(pi.state & M3_ST_RECEIVING))
			break;
		m3t_msleep(1);
	}
	r_dying = mnx_vcopy(c, buf, SELF, buf, sizeof(buf));
	bound = mnx_proc_info(1, m3_ep_slot(c), &pi) == 0 && pi.endpoint == c;
	write_file("/proc/sys/kernel/core_pattern", saved);

	ASSERT_EQ(r_live, 0);
	ASSERT_EQ(pi.state, 0);
	ASSERT_TRUE(bound);	/* the copy really ran inside the window */
	ASSERT_EQ(r_dying, -EDEADSRCDST);
	ASSERT_EQ(m3t_join(pid), 128 + SIGQUIT);
	m3t_wait_gone(1, c);
}
