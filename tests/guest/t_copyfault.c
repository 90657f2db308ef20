// SPDX-License-Identifier: GPL-2.0
/*
 * vcopy into or out of pages that need a round trip to user space before
 * they exist (userfaultfd here; FUSE is the same case): the copy waits for
 * the page, as process_vm_writev does, instead of failing -EFAULT; and the
 * wait is killable, so a caller whose party never answers can be killed.
 *
 * The party P consents (blocked in a receive from the caller, the Minix
 * server pattern); a second thread of P serves its userfaultfd.
 */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "util.h"

#define PAGE		4096
#define FILL		0x3c	/* what the fault handler puts in the page */
#define DATA(k)		((unsigned char)(0xc0 ^ (k)))
#define COPY_OFF	1000	/* the caller writes DATA at this offset */
#define COPY_LEN	100
#define ANSWER_MS	200

/*
 * Shared slots: ep[0] the caller, ep[1] P; val[1] P's page address;
 * go[5] the handler saw the fault, val[5] its flags, go[1] P answers
 * never (else after ANSWER_MS); ret[1] P's receive, ret[6] the handler's
 * UFFDIO_COPY; ready[9] P's checks are done, ret[9] their verdict;
 * ready[12] the stuck caller's vcopy returned ret[0].
 */

struct uffd_page {
	struct m3t_uffd u;
	int never;
};

static void *uffd_handler(void *arg)
{
	struct uffd_page *u = arg;
	struct uffdio_copy c;
	struct uffd_msg msg;
	unsigned char *src;

	ASSERT_EQ(read(u->u.uffd, &msg, sizeof(msg)), sizeof(msg));
	ASSERT_EQ(msg.event, UFFD_EVENT_PAGEFAULT);
	m3t_sh->val[5] = msg.arg.pagefault.flags;
	__sync_synchronize();
	m3t_sh->go[5] = 1;
	if (u->never)
		m3t_park();
	m3t_msleep(ANSWER_MS);
	src = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(src, MAP_FAILED);
	memset(src, FILL, PAGE);
	c.dst = (uintptr_t)u->u.page;
	c.src = (uintptr_t)src;
	c.len = PAGE;
	c.mode = 0;
	c.copy = 0;
	m3t_sh->ret[6] = ioctl(u->u.uffd, UFFDIO_COPY, &c) < 0 ? -errno : 0;
	return NULL;
}

/* The page after a write of DATA at COPY_OFF into a FILL page. */
static int page_ok(const unsigned char *p)
{
	int k;

	for (k = 0; k < PAGE; k++) {
		int in = k >= COPY_OFF && k < COPY_OFF + COPY_LEN;

		if (p[k] != (in ? DATA(k - COPY_OFF) : FILL))
			return 0;
	}
	return 1;
}

/* P: serves its page's faults, blocks in a receive from the caller
 * (consent); once released, checks what the caller wrote. */
static void party(int i)
{
	struct uffd_page u = { .never = m3t_sh->go[i] };
	message m;
	pthread_t t;
	int caller;

	m3t_uffd_page(&u.u);
	ASSERT_EQ(pthread_create(&t, NULL, uffd_handler, &u), 0);
	m3t_sh->val[i] = (long)(uintptr_t)u.u.page;
	m3t_bind_publish(0, i);
	caller = m3t_wait_ep(0);
	m3t_sh->ret[i] = mnx_receive(caller, &m);
	if (m3t_sh->ret[i] == 0 && m.m_type == 1) {
		/* The caller wrote into the page (the fault was a write). */
		m3t_sh->ret[9] = page_ok(u.u.page);
	}
	__sync_synchronize();
	m3t_sh->ready[9] = 1;
	if (u.never)
		m3t_park();
	ASSERT_EQ(pthread_join(t, NULL), 0);
}

static void copy_waits(int write)
{
	unsigned char buf[PAGE];
	message m = { .m_type = write };
	long long t;
	pid_t pp;
	int p, r, k;
	void *page;

	m3t_setup();
	m3t_bind_publish(0, 0);
	pp = m3t_spawn(party, 1);
	p = m3t_wait_ep(1);
	page = (void *)(uintptr_t)m3t_sh->val[1];
	m3t_wait_state(0, p, M3_ST_RECEIVING);
	for (k = 0; k < COPY_LEN; k++)
		buf[k] = DATA(k);
	t = m3t_now_ns() / 1000000;
	if (write)
		r = mnx_vcopy(SELF, buf, p, (char *)page + COPY_OFF, COPY_LEN);
	else
		r = mnx_vcopy(p, page, SELF, buf, PAGE);
	t = m3t_now_ns() / 1000000 - t;
	ASSERT_EQ(r, 0);
	/* It waited for the handler, which saw the fault the copy made. */
	ASSERT_EQ(m3t_sh->go[5], 1);
	ASSERT_EQ(!!(m3t_sh->val[5] & UFFD_PAGEFAULT_FLAG_WRITE), write);
	ASSERT_GE(t, ANSWER_MS - 20);
	ASSERT_EQ(m3t_sh->ret[6], 0);
	if (!write)
		for (k = 0; k < PAGE; k++)
			ASSERT_EQ(buf[k], FILL);
	ASSERT_EQ(mnx_send(p, &m), 0);
	m3t_wait_set(&m3t_sh->ready[9]);
	ASSERT_EQ(m3t_sh->ret[1], 0);
	if (write)
		ASSERT_EQ(m3t_sh->ret[9], 1);
	m3t_join_ok(pp);
}

TEST(vcopy_to_userfaultfd_page_waits)
{
	copy_waits(1);
}

TEST(vcopy_from_userfaultfd_page_waits)
{
	copy_waits(0);
}

/* ---- A copy stuck in a fault is killable -------------------------------------- */

/* The caller, a process of its own: copies into P's page, never served. */
static void stuck_caller(int i)
{
	unsigned char buf[64] = { 0 };
	int p = m3t_wait_ep(1);

	m3t_bind_publish(0, i);
	m3t_wait_state(0, p, M3_ST_RECEIVING);
	m3t_sh->ret[i] = mnx_vcopy(SELF, buf, p,
				   (void *)(uintptr_t)m3t_sh->val[1], sizeof(buf));
	__sync_synchronize();
	m3t_sh->ready[12] = 1;
	m3t_park();
}

static void stuck_copy_killed(int sig)
{
	int status = 0;
	long long end, t;
	pid_t pp, cp, w;

	m3t_setup();
	m3t_sh->go[1] = 1;	/* P never answers */
	pp = m3t_spawn(party, 1);
	m3t_wait_ep(1);
	/* P receives from the caller: it must be ep[0]. */
	cp = m3t_spawn(stuck_caller, 0);
	m3t_wait_ep(0);
	end = m3t_now_ns() + 10000000000LL;
	while (!m3t_sh->go[5] && !m3t_sh->ready[12] && m3t_now_ns() < end)
		m3t_msleep(1);
	if (!m3t_sh->go[5])
		M3TEST_FAIL("the copy never waited in the page's fault (vcopy %s %d)",
			    m3t_sh->ready[12] ? "returned" : "is running,", m3t_sh->ret[0]);
	m3t_msleep(300);
	if (m3t_sh->ready[12])
		M3TEST_FAIL("the copy did not wait for the page: vcopy returned %d",
			    m3t_sh->ret[0]);
	t = m3t_now_ns();
	ASSERT_EQ(kill(cp, sig), 0);
	while ((w = waitpid(cp, &status, WNOHANG)) == 0 &&
	       m3t_now_ns() - t < 2000000000LL)
		m3t_msleep(1);
	if (w != cp) {
		kill(cp, SIGKILL);
		M3TEST_FAIL("the caller stuck in the copy survived signal %d for 2 s", sig);
	}
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(WTERMSIG(status), sig);
	fprintf(stderr, "# signal %d: the caller stuck in the copy was reaped in %lld ms\n",
		sig, (m3t_now_ns() - t) / 1000000);
	ASSERT_EQ(m3t_sh->ready[12], 0);
	/* Its death unbound it: the party's receive ends. */
	m3t_wait_set(&m3t_sh->ready[9]);
	ASSERT_EQ(m3t_sh->ret[1], -EDEADSRCDST);
	kill(pp, SIGKILL);
	m3t_join(pp);
}

TEST(vcopy_stuck_in_fault_dies_on_sigkill)
{
	stuck_copy_killed(SIGKILL);
}

TEST(vcopy_stuck_in_fault_dies_on_sigterm)
{
	stuck_copy_killed(SIGTERM);
}
