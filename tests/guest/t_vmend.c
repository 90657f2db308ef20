// SPDX-License-Identifier: GPL-2.0
/*
 * vm_end: SIGPIPE to every member, every blocked call in the VM wakes with
 * -EVMDOWN, the VM is freed; other VMs are untouched; a caller stuck in
 * a page fault inside a call does not hold vm_end up.
 */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "util.h"

static void on_pipe(int sig)
{
	(void)sig;
	m3t_sh->val[14]++;
}

static void sleeper(int i)
{
	struct sigaction sa = { .sa_handler = on_pipe };

	ASSERT_EQ(sigaction(SIGPIPE, &sa, NULL), 0);
	m3t_publish(i, mnx_bind(1, -1));
	m3t_park();
}

/* Child @i: catch SIGPIPE, bind to VM val[i], block in receive ANY (or
 * send to the sleeper ep[3] when go[i] says so), report the result. */
static void member(int i)
{
	struct sigaction sa = { .sa_handler = on_pipe };
	message m = { 0 };

	ASSERT_EQ(sigaction(SIGPIPE, &sa, NULL), 0);
	m3t_publish(i, mnx_bind((int)m3t_sh->val[i], -1));
	if (m3t_sh->go[i])
		m3t_sh->ret[i] = mnx_send(m3t_wait_ep(3), &m);
	else
		m3t_sh->ret[i] = mnx_receive(ANY, &m);
	/* Unbound by the end of the VM. */
	ASSERT_EQ(mnx_getep(0), -ESRCH);
	ASSERT_EQ(mnx_send(1, &m), -ENOTBOUND);
	m3t_sh->ready[i + 8] = 1;
	m3t_park();
}

static void *blocked_thread(void *arg)
{
	message m;

	*(int *)arg = mnx_bind(1, -1);
	*(int *)arg = mnx_receive(ANY, &m);
	return NULL;
}

TEST(vm_end_signals_and_wakes_members)
{
	struct m3_vm_info vi;
	int c;

	m3t_setup_vm1(0, 0);
	m3t_spawn(sleeper, 3);	/* a server that will not answer */
	m3t_wait_ep(3);
	m3t_sh->val[0] = 1;	/* blocked receiving */
	m3t_spawn(member, 0);
	m3t_wait_blocked(1, 0, M3_ST_RECEIVING);
	m3t_sh->val[1] = 1;
	m3t_sh->go[1] = 1;	/* blocked sending to it */
	m3t_spawn(member, 1);
	m3t_wait_blocked(1, 1, M3_ST_SENDING);
	m3t_sh->val[2] = 0;	/* a member of VM 0: untouched */
	m3t_spawn(member, 2);
	c = m3t_wait_blocked(0, 2, M3_ST_RECEIVING);

	ASSERT_EQ(mnx_vm_end(1), 0);
	m3t_wait_set(&m3t_sh->ready[8]);
	m3t_wait_set(&m3t_sh->ready[9]);
	ASSERT_EQ(m3t_sh->ret[0], -EVMDOWN);
	ASSERT_EQ(m3t_sh->ret[1], -EVMDOWN);
	while (m3t_sh->val[14] < 3)		/* three SIGPIPEs */
		m3t_msleep(1);
	ASSERT_EQ(mnx_vm_info(1, &vi), -ENOENT);
	m3t_wait_state(0, c, M3_ST_RECEIVING);	/* VM 0 goes on */
	ASSERT_EQ(m3t_sh->ret[2], 0);
	/* The vmid can be used again. */
	ASSERT_EQ(m3t_vm(1, 0666, 0, 0), 1);
}

static void thread_member(int unused)
{
	pthread_t t;
	int r = 0;

	(void)unused;
	signal(SIGPIPE, SIG_IGN);
	ASSERT_EQ(pthread_create(&t, NULL, blocked_thread, &r), 0);
	m3t_publish(0, mnx_bind(1, -1));
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_EQ(r, -EVMDOWN);
}

TEST(vm_end_wakes_every_thread)
{
	pid_t p;

	m3t_setup_vm1(0, 0);
	p = m3t_spawn(thread_member, 0);
	m3t_wait_ep(0);
	m3t_msleep(50);
	ASSERT_EQ(mnx_vm_end(1), 0);
	m3t_join_ok(p);
}

static void default_pipe(int i)
{
	message m;

	signal(SIGPIPE, SIG_DFL);
	m3t_publish(i, mnx_bind(1, -1));
	mnx_receive(ANY, &m);
	m3t_park();
}

TEST(vm_end_default_sigpipe_kills)
{
	pid_t p;

	m3t_setup_vm1(0, 0);
	p = m3t_spawn(default_pipe, 0);
	m3t_wait_blocked(1, 0, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_vm_end(1), 0);
	ASSERT_EQ(m3t_join(p), 128 + SIGPIPE);
}

TEST(vm_end_of_own_vm_from_member)
{
	message m;

	m3t_setup();
	signal(SIGPIPE, SIG_IGN);
	ASSERT_GE(mnx_bind(0, -1), 0);
	ASSERT_EQ(mnx_vm_end(0), 0);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTBOUND);
	ASSERT_EQ(mnx_getep(0), -ESRCH);
}

/*
 * A member stuck inside a call: its message lies in a page that
 * userfaultfd serves, and the fault is answered only when the test says
 * so (go[6]). The handler thread reports the fault in go[5].
 */
static void *uffd_handler(void *arg)
{
	struct m3t_uffd *u = arg;
	struct uffdio_zeropage zp;
	struct uffd_msg msg;

	ASSERT_EQ(read(u->uffd, &msg, sizeof(msg)), sizeof(msg));
	ASSERT_EQ(msg.event, UFFD_EVENT_PAGEFAULT);
	m3t_sh->go[5] = 1;
	m3t_wait_set(&m3t_sh->go[6]);
	zp.range.start = (uintptr_t)u->page;
	zp.range.len = 4096;
	zp.mode = 0;
	ASSERT_EQ(ioctl(u->uffd, UFFDIO_ZEROPAGE, &zp), 0);
	return NULL;
}

static void stuck_member(int i)
{
	struct m3t_uffd u;
	pthread_t t;

	signal(SIGPIPE, SIG_IGN);
	m3t_uffd_page(&u);
	ASSERT_EQ(pthread_create(&t, NULL, uffd_handler, &u), 0);
	m3t_publish(i, mnx_bind(1, -1));
	m3t_sh->ret[i] = mnx_send(M3_ENDPOINT(0, 9), (message *)u.page);
	m3t_sh->ready[i + 8] = 1;
	ASSERT_EQ(pthread_join(t, NULL), 0);
}

static void ender(int i)
{
	m3t_sh->ret[i] = mnx_vm_end(1);
	m3t_sh->go[7] = 1;
}

TEST(vm_end_does_not_wait_for_a_stuck_caller)
{
	char buf[4096];
	pid_t m, e;
	int fd;

	m3t_setup_vm1(0, 0);
	m = m3t_spawn(stuck_member, 5);
	m3t_wait_ep(5);
	m3t_wait_set(&m3t_sh->go[5]);	/* in the kernel, in the fault */
	e = m3t_spawn(ender, 6);
	if (!m3t_wait_for(&m3t_sh->go[7], 10000)) {
		m3t_sh->go[6] = 1;
		m3t_join(e);
		M3TEST_FAIL("vm_end waited for a caller stuck in a page fault");
	}
	m3t_join_ok(e);
	ASSERT_EQ(m3t_sh->ret[6], 0);
	/* Admin calls, queries and /proc work; the vmid is free again. */
	ASSERT_EQ(mnx_vm_info(1, &(struct m3_vm_info){ 0 }), -ENOENT);
	fd = open("/proc/m3ipc/vms", O_RDONLY);
	ASSERT_GE(fd, 0);
	ASSERT_GT(read(fd, buf, sizeof(buf)), 0);
	close(fd);
	ASSERT_EQ(m3t_vm(1, 0666, 0, 0), 1);
	ASSERT_EQ(m3t_sh->ret[5], 0);	/* still stuck */
	/* The fault is answered: the call ends as the VM's end says. */
	m3t_sh->go[6] = 1;
	m3t_wait_set(&m3t_sh->ready[13]);
	ASSERT_EQ(m3t_sh->ret[5], -EVMDOWN);
	m3t_join_ok(m);
	ASSERT_EQ(mnx_vm_end(1), 0);
}
