// SPDX-License-Identifier: GPL-2.0
/* notify: never blocks, coalesces, comes before queued senders. */
#include <time.h>

#include "util.h"

static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* Child @i: bind, publish, notify ep[0] go[i]-many times, stay bound. */
static void notifier(int i)
{
	int dst, k;

	m3t_bind_publish(0, i);
	dst = m3t_wait_ep(0);
	for (k = 0; k < (int)m3t_sh->val[i]; k++)
		ASSERT_EQ(mnx_notify(dst), 0);
	m3t_sh->go[i] = 1;
	m3t_park();
}

static void sender(int i)
{
	message m = { .m_type = 77 };

	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_send(m3t_wait_ep(0), &m), 0);
}

TEST(notify_never_blocks_and_coalesces)
{
	unsigned long long t0;
	message m;
	int n;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = 3;
	m3t_spawn(notifier, 1);
	n = m3t_wait_ep(1);
	m3t_wait_set(&m3t_sh->go[1]);	/* three notifies returned at once */
	t0 = now_ns();
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m.m_source, n);
	ASSERT_EQ(m.m_u.m_notify.count, 3);
	ASSERT_GT(m.m_u.m_notify.timestamp, 0);
	ASSERT_LE(m.m_u.m_notify.timestamp, now_ns());
	ASSERT_GE(m.m_u.m_notify.timestamp + 1000000000ULL, t0);
	/* Coalesced into one: nothing more. */
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
}

TEST(notify_before_queued_senders)
{
	message m;
	int s, n;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_spawn(sender, 1);
	s = m3t_wait_blocked(0, 1, M3_ST_SENDING);
	m3t_sh->val[2] = 1;
	m3t_spawn(notifier, 2);
	n = m3t_wait_ep(2);
	m3t_wait_set(&m3t_sh->go[2]);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m.m_source, n);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, 77);
	ASSERT_EQ(m.m_source, s);
}

static void wait_notify(int i)
{
	message m;

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_receive((int)m3t_sh->val[i], &m);
	m3t_sh->msg[i] = m;
}

TEST(notify_wakes_a_blocked_receiver)
{
	int me, r;

	m3t_setup();
	me = mnx_bind(0, -1);
	m3t_sh->val[1] = ANY;
	m3t_spawn(wait_notify, 1);
	r = m3t_wait_blocked(0, 1, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_notify(r), 0);
	m3t_wait_gone(0, r);
	ASSERT_EQ(m3t_sh->ret[1], 0);
	ASSERT_EQ(m3t_sh->msg[1].m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m3t_sh->msg[1].m_source, me);
	ASSERT_EQ(m3t_sh->msg[1].m_u.m_notify.count, 1);
}

TEST(notify_pending_while_receiving_from_another)
{
	message m;
	int me, r, other;

	m3t_setup();
	me = mnx_bind(0, -1);
	/* A bound bystander the receiver waits for specifically. */
	m3t_sh->val[2] = 0;
	m3t_spawn(notifier, 2);
	other = m3t_wait_ep(2);
	m3t_sh->val[1] = other;
	m3t_spawn(wait_notify, 1);
	r = m3t_wait_blocked(0, 1, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_notify(r), 0);
	/* Still waiting for @other: the notification stays pending. */
	m3t_msleep(50);
	m3t_wait_state(0, r, M3_ST_RECEIVING);
	m.m_type = 5;
	ASSERT_EQ(mnx_sendnb(r, &m), -ENOTREADY);
	(void)me;
}

/*
 * Kill a notifier whose notification is pending: once it is seen unbound,
 * the notification is gone. Its unbind drops it a little after the slot
 * reads as free, so the check races that window: repeated to catch it.
 */
TEST(unbind_drops_pending_notifications)
{
	struct m3_proc_info pi;
	message m;
	int n, k;

	m3t_setup();
	m3t_bind_publish(0, 0);
	for (k = 0; k < 20; k++) {
		m3t_sh->ready[1] = 0;
		m3t_sh->go[1] = 0;
		m3t_sh->val[1] = 2;
		m3t_spawn(notifier, 1);
		n = m3t_wait_ep(1);
		m3t_wait_set(&m3t_sh->go[1]);
		ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(n), &pi), 0);
		ASSERT_EQ(kill(pi.pid, SIGKILL), 0);
		m3t_wait_gone(0, n);
		ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	}
}
