// SPDX-License-Identifier: GPL-2.0
/* Messages: send, receive, sendrec, replyrec, non-blocking and timed calls. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include "util.h"

/* Child @i: bind, publish, send one message of type 100 + i to ep[0]. */
static void sender(int i)
{
	message m = { .m_type = 100 + i };

	m3t_bind_publish(0, i);
	m.m_source = 12345;	/* forged: the kernel overwrites it */
	m.m1_i1 = i * 11;
	m3t_sh->ret[i] = mnx_send(m3t_wait_ep(0), &m);
	ASSERT_EQ(m3t_sh->ret[i], 0);
}

/* Child @i: bind, publish, then sleep in pause(). */
static void hold_forever_stub(int i)
{
	m3t_bind_publish(0, i);
	m3t_park();
}

/* Child @i: bind, publish, unbind, exit. */
static void hold_and_leave_stub(int i)
{
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_unbind(), 0);
}

TEST(send_blocks_until_received)
{
	message m;
	pid_t c;
	int ep;

	m3t_setup();
	m3t_bind_publish(0, 0);
	c = m3t_spawn(sender, 1);
	ep = m3t_wait_blocked(0, 1, M3_ST_SENDING);
	m3t_msleep(50);
	ASSERT_EQ(m3t_sh->ret[1], 0);	/* still blocked: no result yet */
	ASSERT_EQ(mnx_receive(ep, &m), 0);
	ASSERT_EQ(m.m_source, ep);	/* stamped, not forged */
	ASSERT_EQ(m.m_type, 101);
	ASSERT_EQ(m.m1_i1, 11);
	m3t_join_ok(c);
}

static void receiver(int i)
{
	message m;

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_receive(ANY, &m);
	m3t_sh->msg[i] = m;
}

TEST(receive_blocks_until_sent)
{
	message m = { .m_type = 7 };
	pid_t c;
	int ep;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	c = m3t_spawn(receiver, 1);
	ep = m3t_wait_blocked(0, 1, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_send(ep, &m), 0);
	m3t_join_ok(c);
	ASSERT_EQ(m3t_sh->ret[1], 0);
	ASSERT_EQ(m3t_sh->msg[1].m_type, 7);
	ASSERT_EQ(m3t_sh->msg[1].m_source, mnx_getep(0));
}

TEST(receive_any_is_fifo_and_specific_skips)
{
	message m;
	int e1, e2, e3;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_spawn(sender, 1);
	e1 = m3t_wait_blocked(0, 1, M3_ST_SENDING);
	m3t_spawn(sender, 2);
	e2 = m3t_wait_blocked(0, 2, M3_ST_SENDING);
	m3t_spawn(sender, 3);
	e3 = m3t_wait_blocked(0, 3, M3_ST_SENDING);
	/* A specific source is taken out of order. */
	ASSERT_EQ(mnx_receive(e2, &m), 0);
	ASSERT_EQ(m.m_type, 102);
	/* ANY takes the rest in arrival order. */
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_source, e1);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_source, e3);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
}

static void echo_server(int n)
{
	message m;
	int i;

	m3t_bind_publish(0, 0);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(mnx_receive(ANY, &m), 0);
		m.m_type += 1000;
		ASSERT_EQ(mnx_send(m.m_source, &m), 0);
	}
}

static void echo_client(int i)
{
	message m;
	int srv = m3t_wait_ep(0), k;

	m3t_bind_publish(0, i);
	for (k = 0; k < 50; k++) {
		memset(&m, 0, sizeof(m));
		m.m_type = i * 100 + k;
		ASSERT_EQ(mnx_sendrec(srv, &m), 0);
		ASSERT_EQ(m.m_type, i * 100 + k + 1000);
		ASSERT_EQ(m.m_source, srv);
	}
}

TEST(sendrec_replies_reach_their_caller)
{
	pid_t s, c[3];
	int i;

	m3t_setup();
	s = m3t_spawn(echo_server, 150);
	m3t_wait_ep(0);
	for (i = 0; i < 3; i++)
		c[i] = m3t_spawn(echo_client, i + 1);
	for (i = 0; i < 3; i++)
		m3t_join_ok(c[i]);
	m3t_join_ok(s);
}

static void notifier(int i)
{
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_notify(m3t_wait_ep(1)), 0);
	m3t_sh->go[i] = 1;
	m3t_park();	/* stay bound: an unbind drops its notifications */
}

static void sendrec_client(int i)
{
	message m = { .m_type = 5 };

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_sendrec(m3t_wait_ep(0), &m);
	m3t_sh->msg[i] = m;
	/* The notification sent meanwhile is still pending, not lost. */
	ASSERT_EQ(mnx_receivenb(ANY, &m), 0);
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m.m_source, m3t_sh->ep[2]);
}

static void other_sender(int i)
{
	message m = { .m_type = 9 };

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_sendnb(m3t_sh->ep[1], &m);
}

TEST(sendrec_reply_wait_ignores_notify_and_others)
{
	message m;
	pid_t c;
	int ep;

	m3t_setup();
	m3t_bind_publish(0, 0);
	c = m3t_spawn(sendrec_client, 1);
	ep = m3t_wait_ep(1);
	ASSERT_EQ(mnx_receive(ep, &m), 0);		/* take the request */
	m3t_wait_state(0, ep, M3_ST_RECEIVING | M3_ST_SENDREC);
	m3t_spawn(notifier, 2);
	m3t_wait_set(&m3t_sh->go[2]);
	/* The client waits for the server only: not a notification... */
	m3t_wait_state(0, ep, M3_ST_RECEIVING | M3_ST_SENDREC);
	/* ...and not a non-blocking send from someone else. */
	m3t_join_ok(m3t_spawn(other_sender, 3));
	ASSERT_EQ(m3t_sh->ret[3], -ENOTREADY);
	m3t_wait_state(0, ep, M3_ST_RECEIVING | M3_ST_SENDREC);
	m.m_type = 6;
	ASSERT_EQ(mnx_send(ep, &m), 0);
	m3t_join_ok(c);
	ASSERT_EQ(m3t_sh->ret[1], 0);
	ASSERT_EQ(m3t_sh->msg[1].m_type, 6);
}

static void replyrec_server(int n)
{
	message m;
	int r, i;

	m3t_bind_publish(0, 0);
	r = mnx_receive(ANY, &m);
	for (i = 0; i < n && r == 0; i++) {
		m.m_type = -m.m_type;
		r = i + 1 < n ? mnx_replyrec(m.m_source, &m, ANY) :
				mnx_send(m.m_source, &m);
	}
	ASSERT_EQ(r, 0);
}

TEST(replyrec_serves_requests)
{
	message m;
	pid_t s;
	int srv, k;

	m3t_setup();
	s = m3t_spawn(replyrec_server, 20);
	srv = m3t_wait_ep(0);
	ASSERT_GE(mnx_bind(0, -1), 0);
	for (k = 1; k <= 20; k++) {
		m.m_type = k;
		ASSERT_EQ(mnx_sendrec(srv, &m), 0);
		ASSERT_EQ(m.m_type, -k);
	}
	m3t_join_ok(s);
}

TEST(replyrec_to_peer_not_waiting_is_enotready)
{
	struct timespec a, b;
	message m = { .m_type = 1 };
	int peer;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	m3t_spawn(hold_forever_stub, 1);
	peer = m3t_wait_ep(1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	/* The reply cannot go: nothing else happens, the call does not block. */
	ASSERT_EQ(mnx_replyrec(peer, &m, ANY), -ENOTREADY);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ASSERT_LT(b.tv_sec - a.tv_sec, 2);
	ASSERT_EQ(m.m_type, 1);
	m3t_wait_state(0, peer, 0);
	ASSERT_EQ(mnx_replyrec(M3_ENDPOINT(0, 9), &m, ANY), -EDEADSRCDST);
	ASSERT_EQ(mnx_replyrec(ANY, &m, ANY), -EBADSRCDST);
}

TEST(nonblocking_and_timeouts)
{
	struct timespec a, b;
	message m = { 0 };
	long ms;
	int peer;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	m3t_spawn(hold_forever_stub, 0);
	peer = m3t_wait_ep(0);
	ASSERT_EQ(mnx_sendnb(peer, &m), -ENOTREADY);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	ASSERT_EQ(mnx_receivenb(peer, &m), -ENOTREADY);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ASSERT_EQ(mnx_receive_T(ANY, &m, 100), -ETIMEDOUT);
	ASSERT_EQ(mnx_send_T(peer, &m, 100), -ETIMEDOUT);
	ASSERT_EQ(mnx_sendrec_T(peer, &m, 100), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	ASSERT_GE(ms, 300);
	/* A timed-out send left nothing queued at the peer. */
	m3t_wait_state(0, peer, 0);
	ASSERT_EQ(mnx_receive_T(ANY, &m, -1), -EINVAL);
	ASSERT_EQ(mnx_receive_T(ANY, &m, 0), -ETIMEDOUT);
}

TEST(bad_endpoints)
{
	message m = { 0 };
	int me;

	m3t_setup();
	me = mnx_bind(0, -1);
	ASSERT_EQ(mnx_send(ANY, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(NONE, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(SELF, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(me, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(-1, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(M3_DEF_PROCS, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_send(M3_ENDPOINT(0, 9), &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_receive(NONE, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_receive(M3_ENDPOINT(3, 9), &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_notify(ANY), -EBADSRCDST);
	ASSERT_EQ(mnx_notify(M3_ENDPOINT(0, 9)), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendrec(SELF, &m), -EBADSRCDST);
}

TEST(stale_endpoint_never_reaches_newcomer)
{
	message m = { 0 };
	int old, fresh;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, 0), 0);
	m3t_join_ok(m3t_spawn(hold_and_leave_stub, 1));
	old = m3t_sh->ep[1];
	m3t_spawn(receiver, 2);
	fresh = m3t_wait_ep(2);
	ASSERT_EQ(m3_ep_slot(fresh), m3_ep_slot(old));
	ASSERT_NE(fresh, old);
	m3t_wait_state(0, fresh, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_send(old, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_notify(old), -EDEADSRCDST);
	m3t_wait_state(0, fresh, M3_ST_RECEIVING);	/* got nothing */
}

TEST(not_bound_calls)
{
	message m = { 0 };

	m3t_setup();
	ASSERT_EQ(mnx_send(1, &m), -ENOTBOUND);
	ASSERT_EQ(mnx_receive(ANY, &m), -ENOTBOUND);
	ASSERT_EQ(mnx_sendrec(1, &m), -ENOTBOUND);
	ASSERT_EQ(mnx_notify(1), -ENOTBOUND);
	ASSERT_EQ(mnx_vcopy(SELF, &m, SELF, &m, 0), -ENOTBOUND);
}

TEST(bad_pointers_and_arguments)
{
	struct m3_ipc_args a = { .ep = ANY };
	message *ro;
	int fd;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	fd = open("/dev/m3ipc", O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(mnx_send(1, NULL), -EFAULT);
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, (void *)16), -1);
	ASSERT_EQ(errno, EFAULT);
	a.msg = 16;
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, &a), -1);
	ASSERT_EQ(errno, EFAULT);
	a.msg = 0xffffffffffff0000ULL;	/* kernel half */
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, &a), -1);
	ASSERT_EQ(errno, EFAULT);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(ro, MAP_FAILED);
	a.msg = (uintptr_t)ro;
	a.flags = M3_IPC_NONBLOCK;
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, &a), -1);
	ASSERT_EQ(errno, EFAULT);
	a.flags = 0x80;
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, &a), -1);
	ASSERT_EQ(errno, EINVAL);
	a.flags = 0;
	a.pad = 1;
	ASSERT_EQ(ioctl(fd, M3_IOC_RECEIVE, &a), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_EQ(ioctl(fd, _IO(M3_IOC_MAGIC, 0x7f), 0), -1);
	ASSERT_EQ(errno, ENOTTY);
	ASSERT_EQ(ioctl(fd, _IOW('x', 0x10, struct m3_ipc_args), &a), -1);
	ASSERT_EQ(errno, ENOTTY);
}

/* A receive into a read-only buffer consumes nothing. */
TEST(receive_fault_consumes_nothing)
{
	message m, *ro;
	int e1;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_spawn(sender, 1);
	e1 = m3t_wait_blocked(0, 1, M3_ST_SENDING);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(ro, MAP_FAILED);
	ASSERT_EQ(mnx_receive(ANY, ro), -EFAULT);
	ASSERT_EQ(mnx_receive(e1, ro), -EFAULT);
	m3t_wait_state(0, e1, M3_ST_SENDING);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, 101);
}

/* Two VMs at once: slot numbers mean the caller's own VM only. */
static void vm_pair(int vmid)
{
	message m;
	int k, me = mnx_bind(vmid, 1);

	ASSERT_EQ(me, 1);
	for (k = 0; k < 100; k++) {
		ASSERT_EQ(mnx_receive(ANY, &m), 0);
		ASSERT_EQ(m.m1_i1, vmid);
		ASSERT_EQ(m.m_source, 0);
		ASSERT_EQ(mnx_send(0, &m), 0);
	}
}

static void vm_client(int vmid)
{
	message m;
	int k;

	ASSERT_EQ(mnx_bind(vmid, 0), 0);
	while (mnx_proc_info(vmid, 1, &(struct m3_proc_info){0}) < 0)
		m3t_msleep(1);
	for (k = 0; k < 100; k++) {
		memset(&m, 0, sizeof(m));
		m.m1_i1 = vmid;
		ASSERT_EQ(mnx_sendrec(1, &m), 0);
		ASSERT_EQ(m.m1_i1, vmid);
	}
}

TEST(two_vms_in_parallel_are_isolated)
{
	pid_t p[4];
	int i;

	m3t_setup_vm1(0, 0);
	p[0] = m3t_spawn(vm_pair, 0);
	p[1] = m3t_spawn(vm_pair, 1);
	p[2] = m3t_spawn(vm_client, 0);
	p[3] = m3t_spawn(vm_client, 1);
	for (i = 0; i < 4; i++)
		m3t_join_ok(p[i]);
}

struct pair {
	int vmid, base, n;
};

static void *thread_server(void *arg)
{
	struct pair *p = arg;
	message m;
	int k;

	ASSERT_EQ(mnx_bind(p->vmid, p->base), p->base);
	while (mnx_proc_info(p->vmid, p->base + 1, &(struct m3_proc_info){0}) < 0)
		m3t_msleep(1);
	for (k = 0; k < p->n; k++) {
		ASSERT_EQ(mnx_receive(p->base + 1, &m), 0);
		m.m2_l1++;
		ASSERT_EQ(mnx_send(p->base + 1, &m), 0);
	}
	return NULL;
}

static void *thread_client(void *arg)
{
	struct pair *p = arg;
	message m = { 0 };
	int k;

	ASSERT_EQ(mnx_bind(p->vmid, p->base + 1), p->base + 1);
	while (mnx_proc_info(p->vmid, p->base, &(struct m3_proc_info){0}) < 0)
		m3t_msleep(1);
	for (k = 0; k < p->n; k++) {
		ASSERT_EQ(mnx_sendrec(p->base, &m), 0);
		ASSERT_EQ(m.m2_l1, k + 1);
	}
	return NULL;
}

TEST(threads_of_one_process_talk_in_pairs)
{
	struct pair p[4];
	pthread_t t[8];
	int i;

	m3t_setup();
	for (i = 0; i < 4; i++) {
		p[i] = (struct pair){ .vmid = 0, .base = 2 * i, .n = 100 };
		ASSERT_EQ(pthread_create(&t[2 * i], NULL, thread_server, &p[i]), 0);
		ASSERT_EQ(pthread_create(&t[2 * i + 1], NULL, thread_client, &p[i]), 0);
	}
	for (i = 0; i < 8; i++)
		ASSERT_EQ(pthread_join(t[i], NULL), 0);
}
