// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: servers with several clients each, in two VMs at once,
 * notifications on top, and a client killed in the middle. Every request
 * is answered exactly once and in order; every notification is counted.
 */
#include <time.h>

#include "util.h"

#define SERVERS		3
#define CLIENTS		3	/* per server */
#define REQUESTS	150

/* Server @i (slot i of VM i % 2): echo requests, count notifications. */
static void server(int i)
{
	long seq[M3_DEF_PROCS] = { 0 };
	long notes = 0, served = 0;
	message m;
	int r;

	ASSERT_EQ(mnx_bind(i % 2, i), i);
	m3t_sh->ready[i] = 1;
	while (served < CLIENTS * REQUESTS || notes < m3t_sh->val[i]) {
		r = mnx_receive(ANY, &m);
		ASSERT_EQ(r, 0);
		if (m.m_type == NOTIFY_MESSAGE) {
			notes += m.m_u.m_notify.count;
			continue;
		}
		ASSERT_EQ(m.m2_l1, seq[m3_ep_slot(m.m_source)]++);
		m.m2_l2 = m.m2_l1 * 3;
		r = mnx_send(m.m_source, &m);
		if (m3_ep_slot(m.m_source) == 60) {	/* the victim */
			ASSERT_TRUE(r == 0 || r == -EDEADSRCDST);
			continue;
		}
		ASSERT_EQ(r, 0);
		served++;
	}
	m3t_sh->ret[i] = 1;
}

/* Client @c of server c / CLIENTS. */
static void client(int c)
{
	int s = c / CLIENTS;
	message m;
	long k;

	m3t_wait_set(&m3t_sh->ready[s]);
	ASSERT_EQ(mnx_bind(s % 2, 16 + c), 16 + c);
	for (k = 0; k < REQUESTS; k++) {
		memset(&m, 0, sizeof(m));
		m.m2_l1 = k;
		ASSERT_EQ(mnx_sendrec(s, &m), 0);
		ASSERT_EQ(m.m2_l2, k * 3);
		ASSERT_EQ(m.m_source, s);
	}
}

/* Notifier: notify every server of its VM val[15] times in all. */
static void notifier(int vmid)
{
	int s, k;

	ASSERT_EQ(mnx_bind(vmid, 40 + vmid), 40 + vmid);
	for (k = 0; k < 200; k++)
		for (s = vmid; s < SERVERS; s += 2) {
			m3t_wait_set(&m3t_sh->ready[s]);
			ASSERT_EQ(mnx_notify(s), 0);
		}
	m3t_park();	/* stay bound until the servers counted everything */
}

/* A client that is killed while it talks: nobody else notices. */
static void victim(int unused)
{
	message m;
	long k;

	(void)unused;
	m3t_wait_set(&m3t_sh->ready[0]);
	ASSERT_EQ(mnx_bind(0, 60), 60);
	for (k = 0;; k++) {
		memset(&m, 0, sizeof(m));
		m.m2_l1 = k;
		if (mnx_sendrec(0, &m) == -EDEADSRCDST) {
			/* Only if the server really finished first. */
			ASSERT_EQ(m3t_sh->ret[0], 1);
			break;
		}
		ASSERT_EQ(m.m2_l2, k * 3);
	}
	m3t_park();
}

TEST_TIMEOUT(many_pairs_two_vms_exactly_once, 120)
{
	pid_t pid[SERVERS * (CLIENTS + 1) + 3];
	int i, n = 0;

	m3t_setup_vm1(0, 0);
	for (i = 0; i < SERVERS; i++)
		m3t_sh->val[i] = 200;	/* notifications each will get */
	for (i = 0; i < SERVERS; i++)
		pid[n++] = m3t_spawn(server, i);
	for (i = 0; i < SERVERS * CLIENTS; i++)
		pid[n++] = m3t_spawn(client, i);
	m3t_spawn(notifier, 0);
	m3t_spawn(notifier, 1);
	pid[n] = m3t_spawn(victim, 0);
	m3t_msleep(200);
	kill(pid[n], SIGKILL);
	ASSERT_EQ(m3t_join(pid[n]), 128 + SIGKILL);
	for (i = 0; i < n; i++)
		m3t_join_ok(pid[i]);
	for (i = 0; i < SERVERS; i++)
		ASSERT_EQ(m3t_sh->ret[i], 1);
}
