// SPDX-License-Identifier: GPL-2.0
/*
 * Signals: an interrupted call returns -EINTR and did nothing; the reply
 * half of sendrec is not abandoned for a non-fatal signal.
 */
#include "util.h"

static void on_usr1(int sig)
{
	(void)sig;
	m3t_sh->val[15]++;
}

static void catch_usr1(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */

	ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
}

/* Child @i: blocks in the call go[i] names, toward ep[0]. */
static void blocked_call(int i)
{
	message m = { .m_type = 31 };
	int peer;

	catch_usr1();
	m3t_bind_publish(0, i);
	peer = m3t_wait_ep(0);
	switch ((int)m3t_sh->val[i]) {
	case 0:
		m3t_sh->ret[i] = mnx_send(peer, &m);
		break;
	case 1:
		m3t_sh->ret[i] = mnx_receive(ANY, &m);
		break;
	default:
		m3t_sh->ret[i] = mnx_sendrec(peer, &m);
		break;
	}
	m3t_sh->msg[i] = m;
	m3t_sh->go[i] = 1;
	m3t_park();
}

static int child_pid(int ep)
{
	struct m3_proc_info pi;

	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(ep), &pi), 0);
	return pi.pid;
}

/* A child blocked in @call (see blocked_call) on us: its endpoint. */
static int start_blocked(int call)
{
	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = call;
	m3t_spawn(blocked_call, 1);
	return m3t_wait_ep(1);
}

/* Interrupt the child @c once it is in @state: its call's result. */
static int interrupt(int c, unsigned int state)
{
	m3t_wait_state(0, c, state);
	ASSERT_EQ(kill(child_pid(c), SIGUSR1), 0);
	m3t_wait_set(&m3t_sh->go[1]);
	return m3t_sh->ret[1];
}

TEST(interrupted_send_is_not_delivered)
{
	message m;
	int c = start_blocked(0);

	ASSERT_EQ(interrupt(c, M3_ST_SENDING), -EINTR);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	ASSERT_EQ(mnx_receivenb(c, &m), -ENOTREADY);
}

TEST(interrupted_receive_consumes_nothing)
{
	message m = { .m_type = 3 };
	int c = start_blocked(1);

	ASSERT_EQ(interrupt(c, M3_ST_RECEIVING), -EINTR);
	/* It is no longer receiving: a non-blocking send finds no one. */
	ASSERT_EQ(mnx_sendnb(c, &m), -ENOTREADY);
}

TEST(sendrec_reply_survives_signal)
{
	message m;
	int c = start_blocked(2);

	ASSERT_EQ(mnx_receive(c, &m), 0);		/* request taken */
	m3t_wait_state(0, c, M3_ST_RECEIVING | M3_ST_SENDREC);
	ASSERT_EQ(kill(child_pid(c), SIGUSR1), 0);
	m3t_msleep(100);
	/* Still waiting for the reply, which then arrives. */
	m3t_wait_state(0, c, M3_ST_RECEIVING | M3_ST_SENDREC);
	ASSERT_EQ(m3t_sh->go[1], 0);
	m.m_type = 32;
	ASSERT_EQ(mnx_send(c, &m), 0);
	m3t_wait_set(&m3t_sh->go[1]);
	ASSERT_EQ(m3t_sh->ret[1], 0);
	ASSERT_EQ(m3t_sh->msg[1].m_type, 32);
}

TEST(sendrec_interrupted_before_request_taken)
{
	message m;
	int c = start_blocked(2);

	ASSERT_EQ(interrupt(c, M3_ST_SENDING | M3_ST_SENDREC), -EINTR);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
}

static void idle_member(int i)
{
	m3t_bind_publish(0, i);
	m3t_park();
}

/* A call that fails leaves the caller's message exactly as it was. */
TEST(failed_calls_leave_the_message_intact)
{
	message m, orig;
	int peer;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	m3t_spawn(idle_member, 1);
	peer = m3t_wait_ep(1);
	memset(&orig, 0x5a, sizeof(orig));
	m = orig;
	ASSERT_EQ(mnx_sendrec_T(peer, &m, 20), -ETIMEDOUT);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));
	ASSERT_EQ(mnx_receive_T(ANY, &m, 20), -ETIMEDOUT);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));
	ASSERT_EQ(mnx_receive_T(peer, &m, 20), -ETIMEDOUT);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));
}
