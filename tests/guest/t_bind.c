// SPDX-License-Identifier: GPL-2.0
/* Membership: bind, unbind, endpoints and generations, threads, queries. */
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "util.h"

TEST(bind_endpoint_is_minix_encoding)
{
	m3t_setup();
	ASSERT_EQ(mnx_bind(0, 7), M3_ENDPOINT(0, 7));
	ASSERT_EQ(mnx_getep(0), 7);
	ASSERT_EQ(mnx_getvmid(0), 0);
	ASSERT_EQ(mnx_getep(getpid()), 7);
	ASSERT_EQ(mnx_unbind(), 0);
	ASSERT_EQ(mnx_unbind(), -ENOTBOUND);
	/* The slot comes back with a new generation. */
	ASSERT_EQ(mnx_bind(0, 7), M3_ENDPOINT(1, 7));
	ASSERT_EQ(m3_ep_slot(M3_ENDPOINT(1, 7)), 7);
	ASSERT_EQ(m3_ep_gen(M3_ENDPOINT(1, 7)), 1);
}

TEST(bind_any_takes_lowest_free_slot)
{
	m3t_setup();
	ASSERT_EQ(mnx_bind(0, -1), 0);
	ASSERT_EQ(mnx_unbind(), 0);
	ASSERT_EQ(mnx_bind(0, -5), M3_ENDPOINT(1, 0));
}

static void hold_slot(int slot)
{
	m3t_sh->ep[slot] = mnx_bind(0, slot) + 1;
	m3t_park();
}

TEST(bind_errors)
{
	pid_t c;

	m3t_setup_vm1(0, 2);
	c = m3t_spawn(hold_slot, 3);
	ASSERT_EQ(m3t_wait_set(&m3t_sh->ep[3]), 3 + 1);
	ASSERT_EQ(mnx_bind(0, 3), -EBUSY);
	ASSERT_EQ(mnx_bind(0, M3_DEF_PROCS), -EINVAL);
	ASSERT_EQ(mnx_bind(9, -1), -ENOENT);
	ASSERT_EQ(mnx_bind(-1, -1), -ENOENT);
	ASSERT_EQ(mnx_bind(0, 0), 0);
	ASSERT_EQ(mnx_bind(0, 1), -EALREADY);
	ASSERT_EQ(mnx_unbind(), 0);
	kill(c, SIGKILL);
	m3t_join(c);
}

static void fill_vm1(int i)
{
	m3t_sh->ep[i] = mnx_bind(1, -1) + 1;
	m3t_park();
}

TEST(bind_full_vm_is_enospc)
{
	m3t_setup_vm1(0, 2);
	m3t_spawn(fill_vm1, 0);
	m3t_spawn(fill_vm1, 1);
	ASSERT_GT(m3t_wait_set(&m3t_sh->ep[0]), 0);
	ASSERT_GT(m3t_wait_set(&m3t_sh->ep[1]), 0);
	ASSERT_EQ(mnx_bind(1, -1), -ENOSPC);
}

struct tres {
	int ep;
	int tid;
	int again;
	int other_vm;
};

static void *thread_bind(void *arg)
{
	struct tres *r = arg;

	r->tid = syscall(SYS_gettid);
	r->ep = mnx_bind(0, -1);
	r->again = mnx_bind(0, -1);
	r->other_vm = mnx_getvmid(0);
	return NULL;
}

TEST(threads_bind_separately)
{
	struct tres r[3];
	pthread_t t[3];
	int i, j;

	m3t_setup();
	for (i = 0; i < 3; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, thread_bind, &r[i]), 0);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(pthread_join(t[i], NULL), 0);
	for (i = 0; i < 3; i++) {
		ASSERT_GE(r[i].ep, 0);
		ASSERT_EQ(r[i].again, -EALREADY);
		ASSERT_EQ(r[i].other_vm, 0);
		for (j = 0; j < i; j++)
			ASSERT_NE(r[i].ep, r[j].ep);
	}
	/* The threads have exited: the module unbound them. */
	for (i = 0; i < 3; i++)
		m3t_wait_gone(0, r[i].ep);
	ASSERT_EQ(mnx_getep(0), -ESRCH);
}

static void *thread_bind_vm1(void *arg)
{
	*(int *)arg = mnx_bind(1, -1);
	return NULL;
}

TEST(process_belongs_to_one_vm)
{
	pthread_t t;
	int ret;

	m3t_setup_vm1(0, 0);
	ASSERT_GE(mnx_bind(0, -1), 0);
	ASSERT_EQ(pthread_create(&t, NULL, thread_bind_vm1, &ret), 0);
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_EQ(ret, -EXDEV);
}

static void bind_as(int mode)
{
	(void)mode;
	m3t_become(1000, 1000);
	m3t_sh->ret[0] = mnx_bind(0, -1);
	m3t_sh->ret[1] = mnx_bind(1, -1) == -EXDEV;
	mnx_unbind();
	m3t_sh->ret[1] = mnx_bind(1, -1);
	mnx_unbind();
	m3t_sh->ret[2] = mnx_bind(2, -1);
	mnx_unbind();
	m3t_sh->ret[3] = mnx_bind(3, -1);
}

TEST(bind_permission_follows_vm_mode)
{
	struct m3_vm_params p = { 0 };

	m3t_setup();
	/* VM 0: 0666 from m3t_setup. VM 1: owner 1000, mode 0600. */
	p.vmid = 1; p.uid = 1000; p.gid = 0; p.mode = 0600;
	ASSERT_EQ(mnx_vm_init(&p), 1);
	/* VM 2: group 1000, mode 0060; VM 3: owner 0, group 0, 0660. */
	p.vmid = 2; p.uid = 0; p.gid = 1000; p.mode = 0060;
	ASSERT_EQ(mnx_vm_init(&p), 2);
	p.vmid = 3; p.uid = 0; p.gid = 0; p.mode = 0660;
	ASSERT_EQ(mnx_vm_init(&p), 3);
	m3t_join_ok(m3t_spawn(bind_as, 0));
	ASSERT_GE(m3t_sh->ret[0], 0);
	ASSERT_GE(m3t_sh->ret[1], 0);
	ASSERT_GE(m3t_sh->ret[2], 0);
	ASSERT_EQ(m3t_sh->ret[3], -EACCES);
}

TEST(proc_info_and_whois)
{
	struct m3_proc_info pi;
	int ep;

	m3t_setup();
	ep = mnx_bind(0, 4);
	ASSERT_EQ(ep, 4);
	memset(&pi, 0xaa, sizeof(pi));
	ASSERT_EQ(mnx_proc_info(0, 4, &pi), 0);
	ASSERT_EQ(pi.vmid, 0);
	ASSERT_EQ(pi.endpoint, ep);
	ASSERT_EQ(pi.pid, getpid());
	ASSERT_EQ(pi.tgid, getpid());
	ASSERT_EQ(pi.nodeid, 0);
	ASSERT_EQ(pi.state, 0);
	ASSERT_EQ(pi.sendto, M3_NONE);
	ASSERT_EQ(pi.getfrom, M3_NONE);
	ASSERT_STREQ(pi.name, "t_bind");
	ASSERT_EQ(mnx_proc_info(0, 5, &pi), -ESRCH);
	ASSERT_EQ(mnx_proc_info(0, M3_DEF_PROCS, &pi), -EINVAL);
	ASSERT_EQ(mnx_proc_info(0, -1, &pi), -EINVAL);
	ASSERT_EQ(mnx_proc_info(7, 0, &pi), -ENOENT);
	ASSERT_EQ(mnx_getep(1), -ESRCH);		/* init: not bound */
	ASSERT_EQ(mnx_getep(999999), -ESRCH);	/* no such thread */
	ASSERT_EQ(mnx_proc_info(0, 4, NULL), -EFAULT);
}

/*
 * Pid 1 of a new pid namespace: binds, sees itself as pid 1, does not see
 * the test (ep[0], a root-namespace process), and talks to it.
 */
static void ns_init(int i)
{
	struct m3_proc_info pi;
	message m = { .m_type = 42 };
	int ep = m3t_bind_publish(0, i);

	ASSERT_EQ(getpid(), 1);
	ASSERT_EQ(mnx_getep(1), ep);
	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(ep), &pi), 0);
	ASSERT_EQ(pi.pid, 1);
	ASSERT_EQ(pi.tgid, 1);
	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(m3t_sh->ep[0]), &pi), 0);
	ASSERT_EQ(pi.endpoint, m3t_sh->ep[0]);
	ASSERT_EQ(pi.pid, 0);		/* not visible from here */
	ASSERT_EQ(mnx_sendrec(m3t_sh->ep[0], &m), 0);
	ASSERT_EQ(m.m_type, 43);
}

/* In the root namespace: make a pid namespace whose init is ns_init. */
static void ns_parent(int i)
{
	pid_t pid;

	ASSERT_EQ(unshare(CLONE_NEWPID), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ns_init(i);
		_exit(0);
	}
	m3t_sh->ret[i] = pid;
	m3t_join_ok(pid);
}

TEST(pid_namespaces_see_their_own_pids)
{
	struct m3_proc_info pi;
	message m;
	pid_t pid;
	int ep;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_spawn(ns_parent, 1);
	ep = m3t_wait_ep(1);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_source, ep);
	pid = m3t_wait_set(&m3t_sh->ret[1]);
	ASSERT_NE(pid, 1);
	ASSERT_EQ(mnx_getep(pid), ep);	/* its pid here, not in its namespace */
	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(ep), &pi), 0);
	ASSERT_EQ(pi.pid, pid);
	m.m_type = 43;
	ASSERT_EQ(mnx_send(ep, &m), 0);
}
