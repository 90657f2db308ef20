// SPDX-License-Identifier: GPL-2.0
/*
 * Endpoint generations never wrap. A root client binds slot 0 of a VM and
 * dies; then one process (root, or an unprivileged user) binds and unbinds
 * slot 0 through every generation left. Every endpoint it is handed must
 * be new; once the generations are used up the slot is retired until the
 * VM ends (-EBUSY by number, skipped by any-slot binds, -ENOSPC when only
 * retired slots are free), and the dead client's endpoint never comes
 * alive again: a server sending to it gets -EDEADSRCDST throughout.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>

#include "util.h"

#define GVM		1
#define GSLOT		0
#define SERVER_SLOT	1
#define GVM_PROCS	3	/* slot 0 cycled, 1 the server, 2 free */
#define USER		1000

/* Shared slots: ep[0] the dead client's endpoint, ep[1] the server's,
 * ep[2] the cycler's any-slot bind; val[0] the cycler's progress. */

static void first_client(int i)
{
	m3t_publish(i, mnx_bind(GVM, GSLOT));
	/* Dies bound: the exit unbinds it. */
}

/*
 * Root's server: while the cycle runs, every notify and send to the dead
 * client's endpoint must fail -EDEADSRCDST; once told (go), once more
 * with a blocking send and a copy.
 */
static void server(int i)
{
	int first = m3t_wait_ep(0), r, bad = 0;
	message m = { .m_type = 7 };
	char buf[8] = "abcdefg";
	long checks = 0;

	m3t_publish(i, mnx_bind(GVM, SERVER_SLOT));
	while (!m3t_sh->go[i]) {
		r = mnx_notify(first);
		if (r == -EDEADSRCDST)
			r = mnx_sendnb(first, &m);
		if (r != -EDEADSRCDST && !bad) {
			/* Go on: the holder may show what it received. */
			fprintf(stderr, "#   server: a notify/send to the dead client's endpoint %d returned %d, not -EDEADSRCDST, after %ld of the cycle's binds\n",
				first, r, (long)m3t_sh->val[0]);
			bad = 1;
		}
		checks++;
		m3t_msleep(1);
	}
	ASSERT_EQ(bad, 0);
	ASSERT_GT(checks, 0);
	ASSERT_EQ(mnx_notify(first), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendnb(first, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_receivenb(first, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(SELF, buf, first, buf, sizeof(buf)), -EDEADSRCDST);
	/* Checked dead just above: these cannot block. */
	ASSERT_EQ(mnx_send(first, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendrec(first, &m), -EDEADSRCDST);
	m3t_sh->val[i] = checks;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static void *bind_any(void *arg)
{
	int *r = arg;

	r[0] = mnx_bind(GVM, -1);
	r[1] = mnx_bind(GVM, GSLOT);
	return NULL;
}

static void cycler(int i)
{
	int first = m3t_wait_ep(0), ep = 0, want, r[2];
	long n, total;
	message m = { 0 };
	pthread_t t;
	int *eps;

	if (m3t_sh->val[i])
		m3t_become(USER, USER);
	eps = malloc((M3_EP_MAX_GEN + 2) * sizeof(*eps));
	ASSERT_TRUE(eps);
	eps[0] = first;
	total = 1;
	for (n = 0; n <= M3_EP_MAX_GEN + 1; n++) {
		ep = mnx_bind(GVM, GSLOT);
		if (ep < 0)
			break;
		if (ep == first) {
			/* What is meant for the dead client now reaches us. */
			m3t_msleep(200);
			r[0] = mnx_receivenb(ANY, &m);
			M3TEST_FAIL("the dead client's endpoint %d was handed out again after %ld binds (receive: %d, m_source %d, m_type %#x)",
				    first, n, r[0], m.m_source, m.m_type);
		}
		eps[total++] = ep;
		ASSERT_EQ(mnx_unbind(), 0);
		m3t_sh->val[0] = n + 1;
	}
	/* Every generation from the first's on, once, then retirement. */
	ASSERT_EQ(ep, -EBUSY);
	want = M3_EP_MAX_GEN - m3_ep_gen(first);
	ASSERT_EQ(n, want);
	qsort(eps, total, sizeof(*eps), cmp_int);
	for (n = 0; n < total; n++) {
		ASSERT_EQ(m3_ep_slot(eps[n]), GSLOT);
		if (n)
			ASSERT_NE(eps[n], eps[n - 1]);
	}
	free(eps);
	ASSERT_EQ(mnx_bind(GVM, GSLOT), -EBUSY);
	/* Any slot: not the retired one. */
	ep = mnx_bind(GVM, -1);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(m3_ep_slot(ep), 2);
	m3t_publish(2, ep);
	/* Another thread: the only free slot is retired. */
	ASSERT_EQ(pthread_create(&t, NULL, bind_any, r), 0);
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_EQ(r[0], -ENOSPC);
	ASSERT_EQ(r[1], -EBUSY);
	m3t_sh->ready[i + 8] = 1;
	m3t_wait_set(&m3t_sh->go[i]);
}

/* Slots listed in /proc/m3ipc/vm<GVM>/procs, as a bit mask. */
static unsigned int procfs_slots(void)
{
	char buf[4096], *line;
	unsigned int mask = 0;
	ssize_t n;
	int fd, s;

	fd = open("/proc/m3ipc/vm1/procs", O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	ASSERT_GT(n, 0);
	buf[n] = 0;
	close(fd);
	for (line = strchr(buf, '\n'); line && line[1]; line = strchr(line + 1, '\n'))
		if (sscanf(line + 1, "%d", &s) == 1)
			mask |= 1U << s;
	return mask;
}

static void generations_retire(int as_user)
{
	struct m3_proc_info pi;
	struct m3_vm_info vi;
	long long t0 = m3t_now_ns(), end;
	pid_t c, s, cy;
	int first, ep, st;

	m3t_setup();
	ASSERT_EQ(m3t_vm(GVM, 0666, 0, GVM_PROCS), GVM);
	c = m3t_spawn(first_client, 0);
	first = m3t_wait_ep(0);
	m3t_join_ok(c);
	m3t_wait_gone(GVM, first);
	s = m3t_spawn(server, 1);
	m3t_wait_ep(1);
	m3t_sh->val[2] = as_user;
	cy = m3t_spawn(cycler, 2);
	end = t0 + 100 * 1000000000LL;
	while (!m3t_sh->ready[10]) {
		if (waitpid(cy, &st, WNOHANG) == cy)
			M3TEST_FAIL("the cycler failed after %ld binds", (long)m3t_sh->val[0]);
		if (waitpid(s, &st, WNOHANG) == s)
			M3TEST_FAIL("the server failed after %ld binds", (long)m3t_sh->val[0]);
		if (m3t_now_ns() > end)
			M3TEST_FAIL("the cycle did not end (%ld binds)", (long)m3t_sh->val[0]);
		m3t_msleep(10);
	}
	/* Root cannot have the retired slot either. */
	ASSERT_EQ(mnx_bind(GVM, GSLOT), -EBUSY);
	ASSERT_EQ(mnx_bind(GVM, -1), -ENOSPC);
	/* Not a member anywhere. */
	ASSERT_EQ(mnx_proc_info(GVM, GSLOT, &pi), -ESRCH);
	ASSERT_EQ(mnx_vm_info(GVM, &vi), 0);
	ASSERT_EQ(vi.nr_procs, 2);
	ASSERT_EQ(procfs_slots(), 1U << SERVER_SLOT | 1U << 2);
	/* The server's last word on the dead endpoint. */
	m3t_sh->go[1] = 1;
	m3t_join_ok(s);
	m3t_sh->go[2] = 1;
	m3t_join_ok(cy);
	/* Retired until the VM ends: a new VM has the slot again. */
	ASSERT_EQ(mnx_vm_end(GVM), 0);
	ASSERT_EQ(m3t_vm(GVM, 0666, 0, GVM_PROCS), GVM);
	ep = mnx_bind(GVM, GSLOT);
	ASSERT_GE(ep, 0);
	ASSERT_EQ(m3_ep_slot(ep), GSLOT);
	ASSERT_EQ(mnx_unbind(), 0);
	fprintf(stderr, "# generations_retire_%s: %ld binds in %.1f s, server checked %ld times\n",
		as_user ? "user" : "root", (long)m3t_sh->val[0],
		(m3t_now_ns() - t0) / 1e9, (long)m3t_sh->val[1]);
}

TEST_TIMEOUT(generations_retire_root, 120)
{
	generations_retire(0);
}

TEST_TIMEOUT(generations_retire_user, 120)
{
	generations_retire(1);
}
