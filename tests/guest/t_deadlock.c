// SPDX-License-Identifier: GPL-2.0
/* Deadlock detection: a call that would close a cycle fails with ELOCKED. */
#include "util.h"

enum { B_SEND, B_RECEIVE };

/* The state a blocker is in once blocked in each call. */
static const unsigned int blocked_in[] = {
	[B_SEND] = M3_ST_SENDING,
	[B_RECEIVE] = M3_ST_RECEIVING,
};

/* Child @i: bind, publish, then block in call go[i] with ep[val[i]]. */
static void blocker(int i)
{
	message m = { .m_type = i };
	int peer;

	m3t_bind_publish(0, i);
	peer = m3t_wait_ep((int)m3t_sh->val[i]);
	if (m3t_sh->go[i] == B_RECEIVE)
		m3t_sh->ret[i] = mnx_receive(peer, &m);
	else
		m3t_sh->ret[i] = mnx_send(peer, &m);
	m3t_park();
}

/* Start child @i, to block in @call (B_*) with endpoint number @peer. */
static void spawn_blocker(int i, int peer, int call)
{
	m3t_sh->val[i] = peer;
	m3t_sh->go[i] = call;
	m3t_spawn(blocker, i);
}

/* Child @i's endpoint, once it is blocked in its call. */
static int wait_blocker(int i)
{
	return m3t_wait_blocked(0, i, blocked_in[m3t_sh->go[i]]);
}

/* A fresh VM with us in it (endpoint number 0). */
static void setup_us(void)
{
	m3t_setup();
	m3t_bind_publish(0, 0);
}

/* Setup, and a child blocked in @call with us: its endpoint. */
static int blocked_on_us(int call)
{
	setup_us();
	spawn_blocker(1, 0, call);
	return wait_blocker(1);
}

TEST(send_to_own_sender_is_elocked)
{
	message m = { 0 };
	int b = blocked_on_us(B_SEND);

	ASSERT_EQ(mnx_send(b, &m), -ELOCKED);
	ASSERT_EQ(mnx_sendrec(b, &m), -ELOCKED);
	/* Receiving from it is fine: that is how the cycle ends. */
	ASSERT_EQ(mnx_receive(b, &m), 0);
}

TEST(three_process_cycle_is_elocked)
{
	message m = { 0 };
	int b;

	setup_us();
	spawn_blocker(1, 2, B_SEND);
	spawn_blocker(2, 0, B_SEND);	/* to us */
	b = wait_blocker(1);
	wait_blocker(2);
	ASSERT_EQ(mnx_send(b, &m), -ELOCKED);
	ASSERT_EQ(mnx_receive(b, &m), -ELOCKED);
	/* A non-blocking send does not wait, so it cannot deadlock. */
	ASSERT_EQ(mnx_sendnb(b, &m), -ENOTREADY);
}

TEST(receive_cycle_is_elocked)
{
	message m = { 0 };
	int b = blocked_on_us(B_RECEIVE);

	ASSERT_EQ(mnx_receive(b, &m), -ELOCKED);
	/* Sending to it completes its receive instead. */
	ASSERT_EQ(mnx_send(b, &m), 0);
}

static void bystander(int i)
{
	m3t_bind_publish(0, i);
	m3t_park();
}

TEST(no_false_positive_on_chain)
{
	message m = { 0 };
	int b;

	setup_us();
	m3t_spawn(bystander, 3);	/* never blocks */
	spawn_blocker(1, 2, B_SEND);
	spawn_blocker(2, 3, B_SEND);
	b = wait_blocker(1);
	wait_blocker(2);
	/* 1 -> 2 -> 3, and we send to 1: a chain, not a cycle. */
	ASSERT_EQ(mnx_send_T(b, &m, 50), -ETIMEDOUT);
}

/* Child @i: bind, publish, wait to be let go (go[8 + i]), send to ep[val[i]]. */
static void late_sender(int i)
{
	message m = { .m_type = i };
	int peer;

	m3t_bind_publish(0, i);
	peer = m3t_wait_ep((int)m3t_sh->val[i]);
	m3t_wait_set(&m3t_sh->go[8 + i]);
	m3t_sh->ret[i] = mnx_send(peer, &m);
	m3t_park();
}

/*
 * Each edge of this cycle is made while its target still runs, where the
 * module publishes it without the deadlock walk: 1 -> 2, then 2 -> 3, then
 * 3 -> us. Our send to 1 closes the cycle and must see all three.
 */
TEST(cycle_of_edges_to_running_peers_is_elocked)
{
	message m = { 0 };
	int b;

	setup_us();
	m3t_sh->val[2] = 3;
	m3t_spawn(late_sender, 2);
	m3t_sh->val[3] = 0;
	m3t_spawn(late_sender, 3);
	m3t_wait_ep(3);
	spawn_blocker(1, 2, B_SEND);
	b = wait_blocker(1);
	m3t_sh->go[8 + 2] = 1;
	m3t_wait_blocked(0, 2, M3_ST_SENDING);
	m3t_sh->go[8 + 3] = 1;
	m3t_wait_blocked(0, 3, M3_ST_SENDING);
	ASSERT_EQ(mnx_send(b, &m), -ELOCKED);
	ASSERT_EQ(mnx_sendrec(b, &m), -ELOCKED);
}
