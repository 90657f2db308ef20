// SPDX-License-Identifier: GPL-2.0
/* Deadlock detection: a call that would close a cycle fails with ELOCKED. */
#include "util.h"

/* Child @i: bind, publish, block sending to (or receiving from) val[i]. */
static void blocker(int i)
{
	message m = { .m_type = i };
	int peer;

	m3t_bind_publish(0, i);
	peer = m3t_wait_ep((int)m3t_sh->val[i]);
	if (m3t_sh->go[i] == 2)
		m3t_sh->ret[i] = mnx_receive(peer, &m);
	else if (m3t_sh->go[i] == 3)
		m3t_sh->ret[i] = mnx_sendrec(peer, &m);
	else
		m3t_sh->ret[i] = mnx_send(peer, &m);
	for (;;)
		pause();
}

TEST(send_to_own_sender_is_elocked)
{
	message m = { 0 };
	int b;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = 0;
	m3t_spawn(blocker, 1);
	b = m3t_wait_ep(1);
	m3t_wait_state(0, b, M3_ST_SENDING);
	ASSERT_EQ(mnx_send(b, &m), -ELOCKED);
	ASSERT_EQ(mnx_sendrec(b, &m), -ELOCKED);
	/* Receiving from it is fine: that is how the cycle ends. */
	ASSERT_EQ(mnx_receive(b, &m), 0);
}

TEST(three_process_cycle_is_elocked)
{
	message m = { 0 };
	int b, c;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = 2;	/* 1 sends to 2 */
	m3t_sh->val[2] = 0;	/* 2 sends to us */
	m3t_spawn(blocker, 1);
	m3t_spawn(blocker, 2);
	b = m3t_wait_ep(1);
	c = m3t_wait_ep(2);
	m3t_wait_state(0, b, M3_ST_SENDING);
	m3t_wait_state(0, c, M3_ST_SENDING);
	ASSERT_EQ(mnx_send(b, &m), -ELOCKED);
	ASSERT_EQ(mnx_receive(b, &m), -ELOCKED);
	/* A non-blocking send does not wait, so it cannot deadlock. */
	ASSERT_EQ(mnx_sendnb(b, &m), -ENOTREADY);
}

TEST(receive_cycle_is_elocked)
{
	message m = { 0 };
	int b;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = 0;
	m3t_sh->go[1] = 2;	/* receive from us */
	m3t_spawn(blocker, 1);
	b = m3t_wait_ep(1);
	m3t_wait_state(0, b, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_receive(b, &m), -ELOCKED);
	/* Sending to it completes its receive instead. */
	ASSERT_EQ(mnx_send(b, &m), 0);
}

static void bystander(int i)
{
	m3t_bind_publish(0, i);
	for (;;)
		pause();
}

TEST(no_false_positive_on_chain)
{
	message m = { 0 };
	int b, c;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_spawn(bystander, 3);	/* never blocks */
	m3t_sh->val[1] = 2;
	m3t_sh->val[2] = 3;
	m3t_spawn(blocker, 1);
	m3t_spawn(blocker, 2);
	b = m3t_wait_ep(1);
	c = m3t_wait_ep(2);
	m3t_wait_state(0, b, M3_ST_SENDING);
	m3t_wait_state(0, c, M3_ST_SENDING);
	/* 1 -> 2 -> 3, and we send to 1: a chain, not a cycle. */
	ASSERT_EQ(mnx_send_T(b, &m, 50), -ETIMEDOUT);
}
