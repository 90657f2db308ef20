// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile users: root sets up the DRVS and the VMs, then forked children
 * drop to nobody (65534) and try what an unprivileged process must not be
 * able to do: administer, bind where the mode forbids, copy without
 * consent, reach another VM, forge m_source, reach a newcomer through a
 * stale endpoint, read kernel memory, overflow lengths and addresses.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "util.h"

#define NOBODY		65534
#define OTHER_UID	65533
#define KADDR		0xffffffff81000000ULL	/* kernel text */
#define PAT(i)		((unsigned char)(0x5a ^ (i)))

static long raw(int fd, unsigned long cmd, unsigned long arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

static int dev_fd(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	return fd;
}

static long dev(unsigned long cmd, const void *arg)
{
	return raw(dev_fd(), cmd, (unsigned long)(uintptr_t)arg);
}

/*
 * Drop to @uid (group @uid, no capabilities). The descriptors are opened
 * first, by root: a privileged descriptor in unprivileged hands must give
 * nothing extra (and the test guest's / may not be searchable by nobody).
 * Dumpable again, as a process started by that user would be, so that
 * only the rules under test refuse a copy.
 */
static void become(uid_t uid)
{
	dev_fd();
	m3t_become(uid, uid);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 1), 0);
}

static int vm_make(int vmid, unsigned int uid, unsigned int gid,
		   unsigned int mode, unsigned int flags)
{
	struct m3_vm_params p = {
		.vmid = vmid, .uid = uid, .gid = gid, .mode = mode,
		.flags = flags,
	};

	return mnx_vm_init(&p);
}

static void fill(void *buf, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		((unsigned char *)buf)[i] = PAT(i + seed);
}

static int check_zero(const void *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((const unsigned char *)buf)[i])
			return 0;
	return 1;
}

/* Run one(1) and two(2) in two children; both must pass. */
static void run2(void (*one)(int), void (*two)(int))
{
	pid_t a = m3t_spawn(one, 1), b = m3t_spawn(two, 2);

	m3t_join_ok(b);
	m3t_join_ok(a);
}

/* ---- Administration ------------------------------------------------------ */

static void admin_child(int arg)
{
	struct m3_vm_params p = { .vmid = -1 };
	struct m3_drvs_init_args a = { .nodeid = 1 };
	int fd;

	(void)arg;
	become(NOBODY);
	/* The descriptor root opened before fork() gives nothing extra. */
	ASSERT_EQ(mnx_drvs_init(0, NULL), -EPERM);
	ASSERT_EQ(mnx_drvs_end(), -EPERM);
	ASSERT_EQ(mnx_vm_init(&p), -EPERM);
	ASSERT_EQ(mnx_vm_end(0), -EPERM);
	/* Nor does another descriptor, nor being a member. */
	fd = dev_fd();
	ASSERT_GE(mnx_bind(0, -1), 0);
	ASSERT_EQ(raw(fd, M3_IOC_DRVS_INIT, (uintptr_t)&a), -EPERM);
	ASSERT_EQ(raw(fd, M3_IOC_DRVS_END, 0), -EPERM);
	ASSERT_EQ(raw(fd, M3_IOC_VM_INIT, (uintptr_t)&p), -EPERM);
	ASSERT_EQ(raw(fd, M3_IOC_VM_END, 0), -EPERM);
	ASSERT_EQ(raw(fd, M3_IOC_VM_END, 1), -EPERM);
}

TEST(admin_calls_refused)
{
	struct m3_drvs_info di;
	struct m3_vm_info vi;

	m3t_setup();
	m3t_join_ok(m3t_spawn(admin_child, 0));
	ASSERT_EQ(mnx_drvs_info(&di), 0);
	ASSERT_EQ(di.initialized, 1);
	ASSERT_EQ(di.nodeid, 0);
	ASSERT_EQ(di.nr_vms, 1);
	ASSERT_EQ(mnx_vm_info(0, &vi), 0);
}

/* A child holding its parent's descriptor is still nobody in the VM. */
static void inherit_child(int arg)
{
	message m = { .m_type = 1 };
	pid_t pid;
	int ep;

	(void)arg;
	become(NOBODY);
	ep = mnx_bind(0, 3);
	ASSERT_EQ(ep, 3);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (mnx_getep(0) != -ESRCH || mnx_unbind() != -ENOTBOUND ||
		    mnx_sendnb(ep, &m) != -ENOTBOUND || mnx_notify(ep) != -ENOTBOUND)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(m3t_join(pid), 0);
	ASSERT_EQ(mnx_getep(0), ep);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
}

TEST(inherited_descriptor_gives_no_binding)
{
	m3t_setup();
	m3t_join_ok(m3t_spawn(inherit_child, 0));
}

/* ---- Bind permissions ---------------------------------------------------- */

static void bind_child(int arg)
{
	(void)arg;
	become(NOBODY);
	ASSERT_EQ(mnx_bind(1, -1), -EACCES);	/* root's, 0600 */
	ASSERT_EQ(mnx_bind(1, 0), -EACCES);	/* a named slot too */
	ASSERT_EQ(mnx_bind(2, -1), -EACCES);	/* group root, 0660 */
	ASSERT_EQ(mnx_bind(3, -1), -EACCES);	/* ours, 0402: owner bits rule */
	ASSERT_EQ(mnx_bind(4, 5), 5);		/* group nogroup, 0020 */
	ASSERT_EQ(mnx_unbind(), 0);
	ASSERT_GE(mnx_bind(5, -1), 0);		/* other, 0002 */
}

TEST(bind_refused_by_mode)
{
	struct m3_vm_info vi;
	int i;

	m3t_setup();
	ASSERT_EQ(vm_make(1, 0, 0, 0600, 0), 1);
	ASSERT_EQ(vm_make(2, 0, 0, 0660, 0), 2);
	ASSERT_EQ(vm_make(3, NOBODY, 0, 0402, 0), 3);
	ASSERT_EQ(vm_make(4, 0, NOBODY, 0020, 0), 4);
	ASSERT_EQ(vm_make(5, 0, 0, 0002, 0), 5);
	m3t_join_ok(m3t_spawn(bind_child, 0));
	for (i = 1; i <= 3; i++) {
		ASSERT_EQ(mnx_vm_info(i, &vi), 0);
		ASSERT_EQ(vi.nr_procs, 0);
		ASSERT_EQ(vi.stats.binds, 0);
	}
}

/* ---- vcopy consent -------------------------------------------------------- */

static unsigned char peer_buf[4096];

/* Slot @i: bind to @vmid, publish the endpoint and buffer, then serve. */
static void peer_publish(int vmid, int i, uid_t uid)
{
	if (uid)
		become(uid);
	fill(peer_buf, sizeof(peer_buf), i);
	m3t_sh->val[i] = (long)(uintptr_t)peer_buf;
	m3t_bind_publish(vmid, i);
}

/* The strict VM's peer: idle, then receive from ANY, then from slot 2. */
static void strict_peer(int i)
{
	message m;

	peer_publish(1, i, NOBODY);
	m3t_wait_set(&m3t_sh->go[i]);
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(mnx_receive(m3t_wait_ep(2), &m), 0);
	ASSERT_EQ(peer_buf[7], PAT(7 + i));
}

static void strict_caller(int i)
{
	unsigned char buf[64];
	int peer = m3t_wait_ep(1);
	void *pbuf = (void *)(uintptr_t)m3t_sh->val[1];
	message m = { .m_type = 1 };

	become(NOBODY);
	m3t_bind_publish(1, i);
	/* Same uid, but the VM is strict: no ptrace rule. Peer running. */
	ASSERT_EQ(mnx_vcopy(peer, pbuf, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(SELF, buf, peer, pbuf, 64), -EPERM);
	/* Peer blocked in receive from ANY: ANY is no consent. */
	m3t_sh->go[1] = 1;
	m3t_wait_state(1, peer, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_vcopy(peer, pbuf, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_send(peer, &m), 0);
	/* Peer blocked in receive from us: consent. */
	m3t_wait_state(1, peer, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_vcopy(peer, pbuf, SELF, buf, 64), 0);
	ASSERT_EQ(buf[7], PAT(7 + 1));
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(vcopy_without_consent_refused)
{
	m3t_setup();
	ASSERT_EQ(vm_make(1, 0, 0, 0666, M3_VM_STRICT_COPY), 1);
	run2(strict_peer, strict_caller);
}

/* Sits bound and idle (never consenting) until go[i], then checks its
 * buffer was not written. */
static void idle_peer(int i)
{
	peer_publish(0, i, i == 1 ? 0 : i == 2 ? OTHER_UID : NOBODY);
	m3t_wait_set(&m3t_sh->go[i]);
	ASSERT_EQ(peer_buf[9], PAT(9 + i));
}

static void other_uid_caller(int i)
{
	unsigned char buf[64] = { 0 };
	int root = m3t_wait_ep(1), other = m3t_wait_ep(2), same = m3t_wait_ep(3);
	void *rb = (void *)(uintptr_t)m3t_sh->val[1];
	void *ob = (void *)(uintptr_t)m3t_sh->val[2];
	void *sb = (void *)(uintptr_t)m3t_sh->val[3];

	become(NOBODY);
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_vcopy(root, rb, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(SELF, buf, root, rb, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(other, ob, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(SELF, buf, other, ob, 64), -EPERM);
	/* COPY2: a third party may not move root's or another uid's data. */
	ASSERT_EQ(mnx_vcopy(root, rb, same, sb, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(same, sb, other, ob, 64), -EPERM);
	ASSERT_TRUE(check_zero(buf, sizeof(buf)));
	/* The ptrace rule still lets a uid copy from its own processes. */
	ASSERT_EQ(mnx_vcopy(same, sb, SELF, buf, 64), 0);
	ASSERT_EQ(buf[9], PAT(9 + 3));
}

TEST(vcopy_other_uid_refused)
{
	pid_t p[3], c;
	int i;

	m3t_setup();
	for (i = 0; i < 3; i++)
		p[i] = m3t_spawn(idle_peer, i + 1);
	c = m3t_spawn(other_uid_caller, 4);
	m3t_join_ok(c);
	for (i = 0; i < 3; i++) {
		m3t_sh->go[i + 1] = 1;
		m3t_join_ok(p[i]);
	}
}

static void text_peer(int i)
{
	message m;

	peer_publish(0, i, NOBODY);
	ASSERT_EQ(mnx_receive(m3t_wait_ep(2), &m), 0);
}

static void text_caller(int i)
{
	unsigned char junk[64], orig[64];
	int peer = m3t_wait_ep(1);
	void *text = (void *)(uintptr_t)text_peer;
	message m = { .m_type = 1 };

	become(NOBODY);
	m3t_bind_publish(0, i);
	m3t_wait_state(0, peer, M3_ST_RECEIVING);
	/* Consent is given, but the peer's code is not writable. */
	memset(junk, 0xcc, sizeof(junk));
	memcpy(orig, text, sizeof(orig));
	ASSERT_EQ(mnx_vcopy(SELF, junk, peer, text, 64), -EFAULT);
	ASSERT_EQ(mnx_vcopy(peer, text, SELF, junk, 64), 0);
	ASSERT_MEMEQ(junk, orig, sizeof(orig));
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(vcopy_cannot_write_readonly_peer_memory)
{
	m3t_setup();
	run2(text_peer, text_caller);
}

/* ---- VM isolation ---------------------------------------------------------- */

/* Root's member of VM 1 at slot 1 (endpoint 1): must receive nothing. */
static void vm1_victim(int i)
{
	message m;

	m3t_publish(i, mnx_bind(1, 1));
	ASSERT_EQ(mnx_receive_T(ANY, &m, 5000), -ETIMEDOUT);
}

/* Nobody's member of VM 0 at slot 1, arriving later: gets the message. */
static void vm0_slot1(int i)
{
	message m;

	become(NOBODY);
	m3t_publish(i, mnx_bind(0, 1));
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, 77);
	ASSERT_EQ(m.m_source, 2);
}

static void *bind_vm1(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)mnx_bind(1, -1);
}

static void vm0_attacker(int i)
{
	message m = { .m_type = 66 };
	char buf[8];
	pthread_t t;
	void *r;

	become(NOBODY);
	ASSERT_EQ(mnx_bind(0, 2), 2);
	m3t_wait_blocked(1, 1, M3_ST_RECEIVING);
	/* Endpoint 1 means slot 1 of our VM, which is free. */
	ASSERT_EQ(mnx_sendnb(1, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_send_T(1, &m, 100), -EDEADSRCDST);
	ASSERT_EQ(mnx_notify(1), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(SELF, buf, 1, buf, sizeof(buf)), -EDEADSRCDST);
	ASSERT_EQ(mnx_bind(1, -1), -EALREADY);
	ASSERT_EQ(pthread_create(&t, NULL, bind_vm1, NULL), 0);
	ASSERT_EQ(pthread_join(t, &r), 0);
	ASSERT_EQ((intptr_t)r, -EXDEV);
	/* Once slot 1 of our VM is taken, endpoint 1 reaches that one. */
	m3t_sh->go[i] = 1;
	m3t_wait_blocked(0, 3, M3_ST_RECEIVING);
	m.m_type = 77;
	ASSERT_EQ(mnx_send(1, &m), 0);
}

TEST(other_vm_endpoints_unreachable)
{
	pid_t v, a, b;

	m3t_setup_vm1(0, 0);
	v = m3t_spawn(vm1_victim, 1);
	a = m3t_spawn(vm0_attacker, 2);
	m3t_wait_set(&m3t_sh->go[2]);
	b = m3t_spawn(vm0_slot1, 3);
	m3t_join_ok(a);
	m3t_join_ok(b);
	m3t_join_ok(v);
}

/* ---- m_source ---------------------------------------------------------------- */

static void forge_receiver(int i)
{
	int forger = m3t_wait_ep(2);
	message m;
	int k;

	become(NOBODY);
	m3t_bind_publish(0, i);
	for (k = 0; k < 4; k++) {
		ASSERT_EQ(mnx_receive(ANY, &m), 0);
		ASSERT_EQ(m.m_source, forger);
	}
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	/* A server's reply is stamped too, whatever it claims. */
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_source, forger);
	m.m_source = 0x1234;
	ASSERT_EQ(mnx_send(forger, &m), 0);
}

static void forger(int i)
{
	int victim;
	message m;

	become(NOBODY);
	m3t_bind_publish(0, i);
	victim = m3t_wait_ep(1);
	memset(&m, 0, sizeof(m));
	m.m_source = victim;		/* pretend to be the receiver */
	ASSERT_EQ(mnx_send(victim, &m), 0);
	m.m_source = 7777;		/* a made-up endpoint */
	ASSERT_EQ(mnx_send(victim, &m), 0);
	m.m_source = ANY;
	ASSERT_EQ(mnx_send(victim, &m), 0);
	m3t_wait_state(0, victim, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_notify(victim), 0);
	m.m_source = victim;
	ASSERT_EQ(mnx_sendrec(victim, &m), 0);
	ASSERT_EQ(m.m_source, victim);
}

TEST(m_source_unforgeable)
{
	m3t_setup();
	run2(forge_receiver, forger);
}

/* ---- Stale endpoints ------------------------------------------------------- */

/* Slot 3: notifies slot 4, then dies when told. */
static void stale_old(int i)
{
	become(NOBODY);
	m3t_publish(i, mnx_bind(0, 3));
	ASSERT_EQ(mnx_notify(m3t_wait_ep(4)), 0);
	m3t_sh->ret[i] = 1;
	m3t_wait_set(&m3t_sh->go[i]);
	_exit(0);
}

/* Blocked sending to the old endpoint when it dies. */
static void stale_sender(int i)
{
	message m = { .m_type = 5 };

	become(NOBODY);
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_send(m3t_wait_ep(1), &m), -EDEADSRCDST);
}

/* The newcomer in slot 3: nothing meant for the old endpoint arrives. */
static void stale_new(int i)
{
	message m;

	become(NOBODY);
	m3t_publish(i, mnx_bind(0, 3));
	ASSERT_EQ(mnx_receive_T(ANY, &m, 4000), -ETIMEDOUT);
}

static void stale_user(int i)
{
	int old = m3t_wait_ep(1), neu;
	message m = { .m_type = 9 };
	char buf[8];

	become(NOBODY);
	m3t_bind_publish(0, i);
	m3t_wait_set(&m3t_sh->go[i]);
	neu = m3t_wait_ep(3);
	ASSERT_EQ(m3_ep_slot(neu), m3_ep_slot(old));
	ASSERT_NE(neu, old);
	m3t_wait_state(0, neu, M3_ST_RECEIVING);
	/* The old one's notification died with it. */
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	ASSERT_EQ(mnx_sendnb(old, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_send(old, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendrec(old, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_notify(old), -EDEADSRCDST);
	ASSERT_EQ(mnx_receive(old, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(old, buf, SELF, buf + 4, 4), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(SELF, buf, old, buf + 4, 4), -EDEADSRCDST);
}

TEST(stale_endpoint_never_reaches_newcomer)
{
	pid_t old, snd, neu, usr;
	int ep;

	m3t_setup();
	usr = m3t_spawn(stale_user, 4);
	old = m3t_spawn(stale_old, 1);
	snd = m3t_spawn(stale_sender, 2);
	ep = m3t_wait_ep(1);
	m3t_wait_set(&m3t_sh->ret[1]);
	m3t_wait_blocked(0, 2, M3_ST_SENDING);
	m3t_sh->go[1] = 1;
	m3t_join_ok(old);
	m3t_join_ok(snd);
	m3t_wait_gone(0, ep);
	neu = m3t_spawn(stale_new, 3);
	m3t_sh->go[4] = 1;
	m3t_join_ok(usr);
	m3t_join_ok(neu);
}

/* ---- No kernel memory in anything copied out ----------------------------------- */

static void leak_queries(int slot)
{
	struct m3_drvs_info di;
	struct m3_vm_info vi;
	struct m3_proc_info pi;
	struct m3_whois_args w;

	memset(&di, 0xaa, sizeof(di));
	ASSERT_EQ(mnx_drvs_info(&di), 0);
	ASSERT_TRUE(check_zero(di.reserved, sizeof(di.reserved)));
	memset(&vi, 0xaa, sizeof(vi));
	ASSERT_EQ(mnx_vm_info(1, &vi), 0);
	ASSERT_STREQ(vi.params.name, "ab");
	ASSERT_TRUE(check_zero(vi.params.name + 2, M3_NAME_LEN - 2));
	ASSERT_TRUE(check_zero(vi.params.reserved, sizeof(vi.params.reserved)));
	ASSERT_TRUE(check_zero(&vi.params.nodes[1], 3 * sizeof(vi.params.nodes[0])));
	ASSERT_EQ(vi.pad, 0);
	memset(&pi, 0xaa, sizeof(pi));
	ASSERT_EQ(mnx_proc_info(1, slot, &pi), 0);
	ASSERT_LT(strlen(pi.name), M3_NAME_LEN);
	ASSERT_TRUE(check_zero(pi.name + strlen(pi.name),
			       M3_NAME_LEN - strlen(pi.name)));
	memset(&w, 0xaa, sizeof(w));
	w.pid = 0;
	ASSERT_EQ(dev(M3_IOC_WHOIS, &w), 0);
	ASSERT_EQ(w.pad, 0);
	ASSERT_EQ(w.vmid, 1);
}

static void leak_receiver(int i)
{
	message m;

	become(NOBODY);
	m3t_bind_publish(1, i);
	leak_queries(m3_ep_slot(m3t_sh->ep[i]));
	memset(&m, 0xaa, sizeof(m));
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m.m_u.m_notify.count, 1);
	ASSERT_TRUE(check_zero(&m.m_u.m_u8[sizeof(m.m_u.m_notify)],
			       sizeof(m.m_u) - sizeof(m.m_u.m_notify)));
	memset(&m, 0xaa, sizeof(m));
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	m3t_sh->msg[i] = m;
}

static void leak_sender(int i)
{
	int dst = m3t_wait_ep(1);
	message m;

	become(NOBODY);
	m3t_bind_publish(1, i);
	m3t_wait_state(1, dst, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_notify(dst), 0);
	m3t_wait_state(1, dst, M3_ST_RECEIVING);
	fill(&m, sizeof(m), 0);
	ASSERT_EQ(mnx_send(dst, &m), 0);
}

TEST(no_kernel_memory_in_copied_out_data)
{
	struct m3_vm_params p = { .vmid = 1, .mode = 0666 };
	message want;

	m3t_setup();
	/* Garbage after the name's NUL must not come back either. */
	memset(p.name, 0x55, sizeof(p.name));
	memcpy(p.name, "ab", 3);
	ASSERT_EQ(mnx_vm_init(&p), 1);
	run2(leak_receiver, leak_sender);
	fill(&want, sizeof(want), 0);
	want.m_source = m3t_sh->ep[2];
	ASSERT_MEMEQ((const void *)&m3t_sh->msg[1], &want, sizeof(want));
}

/* ---- Lengths, addresses, arguments ------------------------------------------- */

static long vcopy_raw(int s, uint64_t sa, int d, uint64_t da, uint64_t len)
{
	struct m3_vcopy_args a = {
		.src_ep = s, .dst_ep = d, .src_addr = sa, .dst_addr = da,
		.len = len,
	};

	return dev(M3_IOC_VCOPY, &a);
}

/* A bound nobody process with a consenting peer in slot 1; runs @fn. */
static void with_peer(void (*fn)(int))
{
	m3t_setup();
	run2(text_peer, fn);
}

static void lengths_caller(int i)
{
	struct m3_drvs_info di;
	int peer = m3t_wait_ep(1);
	uint64_t pb = (uint64_t)m3t_sh->val[1], b0, b1;
	message m = { 0 };
	char *big;

	become(NOBODY);
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_drvs_info(&di), 0);
	big = mmap(NULL, 2UL * di.max_copy, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(big != MAP_FAILED);
	b0 = (uintptr_t)big;
	b1 = b0 + di.max_copy;
	m3t_wait_state(0, peer, M3_ST_RECEIVING);
	ASSERT_EQ(vcopy_raw(SELF, b0, SELF, b1, di.max_copy + 1ULL), -E2BIG);
	ASSERT_EQ(vcopy_raw(peer, pb, SELF, b1, di.max_copy + 1ULL), -E2BIG);
	ASSERT_EQ(vcopy_raw(SELF, b0, peer, pb, 1ULL << 63), -E2BIG);
	ASSERT_EQ(vcopy_raw(SELF, b0, SELF, b1, ~0ULL), -E2BIG);
	ASSERT_EQ(vcopy_raw(SELF, b0, peer, pb, 1ULL << 32), -E2BIG);
	/* The limit itself is allowed, and zero copies nothing. */
	big[di.max_copy - 1] = 7;
	ASSERT_EQ(vcopy_raw(SELF, b0, SELF, b1, di.max_copy), 0);
	ASSERT_EQ(big[2UL * di.max_copy - 1], 7);
	ASSERT_EQ(vcopy_raw(SELF, 0, SELF, 0, 0), 0);
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(vcopy_oversized_length_rejected)
{
	with_peer(lengths_caller);
}

static void addr_checks(int peer, uint64_t pb, uint64_t local)
{
	const uint64_t wrap = ~0ULL - 63, top = 0x00007ffffffff000ULL;
	int ends[2] = { SELF, peer }, s;

	for (s = 0; s < 2; s++) {
		/* Ranges that wrap, leave user space, or are kernel memory. */
		ASSERT_EQ(vcopy_raw(ends[s], wrap, SELF, local, 128), -EFAULT);
		ASSERT_EQ(vcopy_raw(SELF, local, ends[s], wrap, 128), -EFAULT);
		ASSERT_EQ(vcopy_raw(ends[s], top, SELF, local, 8192), -EFAULT);
		ASSERT_EQ(vcopy_raw(ends[s], KADDR, SELF, local, 64), -EFAULT);
		ASSERT_EQ(vcopy_raw(SELF, local, ends[s], KADDR, 64), -EFAULT);
		/* Unmapped user memory. */
		ASSERT_EQ(vcopy_raw(ends[s], 4096, SELF, local, 64), -EFAULT);
		ASSERT_EQ(vcopy_raw(SELF, local, ends[s], 4096, 64), -EFAULT);
	}
	/* COPY2-style: both sides named, one bad. */
	ASSERT_EQ(vcopy_raw(peer, pb, peer, KADDR, 64), -EFAULT);
}

static void addr_caller(int i)
{
	static char local[4096];
	int peer = m3t_wait_ep(1);
	uint64_t pb = (uint64_t)m3t_sh->val[1];
	char *ro;
	message m = { 0 };

	become(NOBODY);
	m3t_bind_publish(0, i);
	m3t_wait_state(0, peer, M3_ST_RECEIVING);
	addr_checks(peer, pb, (uintptr_t)local);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(ro != MAP_FAILED);
	ASSERT_EQ(mnx_vcopy(peer, (void *)(uintptr_t)pb, SELF, ro, 64), -EFAULT);
	ASSERT_TRUE(check_zero(ro, 4096));
	ASSERT_TRUE(check_zero(local, sizeof(local)));
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(vcopy_bad_addresses_rejected)
{
	with_peer(addr_caller);
}

static void ipc_ptr_checks(int peer)
{
	const unsigned long cmds[] = {
		M3_IOC_SEND, M3_IOC_RECEIVE, M3_IOC_SENDREC, M3_IOC_REPLYREC,
	};
	const uint64_t bad[] = { 0, KADDR, ~0ULL - 31, 0x00007fffffffffe0ULL, 4096 };
	struct m3_ipc_args a = { .ep = peer, .flags = M3_IPC_NONBLOCK };
	unsigned int c, b;

	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			a.msg = bad[b];
			a.src = ANY;
			ASSERT_EQ(dev(cmds[c], &a), -EFAULT);
		}
		/* The argument block itself in kernel memory, or nowhere. */
		ASSERT_EQ(dev(cmds[c], (void *)(uintptr_t)KADDR), -EFAULT);
		ASSERT_EQ(dev(cmds[c], NULL), -EFAULT);
	}
}

static void ptr_caller(int i)
{
	const unsigned long cmds[] = {
		M3_IOC_VCOPY, M3_IOC_BIND, M3_IOC_DRVS_INFO, M3_IOC_VM_INFO,
		M3_IOC_PROC_INFO, M3_IOC_WHOIS,
	};
	struct m3_vm_info_args va = { .vmid = 0, .info = KADDR };
	struct m3_proc_info_args pa = { .vmid = 0, .p_nr = 1, .info = KADDR };
	int peer = m3t_wait_ep(1);
	message m = { 0 };
	unsigned int c;

	become(NOBODY);
	m3t_bind_publish(0, i);
	m3t_wait_state(0, peer, M3_ST_RECEIVING);
	ipc_ptr_checks(peer);
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		ASSERT_EQ(dev(cmds[c], (void *)(uintptr_t)KADDR), -EFAULT);
		ASSERT_EQ(dev(cmds[c], NULL), -EFAULT);
	}
	ASSERT_EQ(dev(M3_IOC_VM_INFO, &va), -EFAULT);
	ASSERT_EQ(dev(M3_IOC_PROC_INFO, &pa), -EFAULT);
	/* The peer is still waiting, untouched: release it. */
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(ipc_bad_pointers_rejected)
{
	with_peer(ptr_caller);
}

static void args_caller(int i)
{
	int peer = m3t_wait_ep(1);
	message m = { 0 };
	struct m3_ipc_args a = { .ep = peer, .msg = (uintptr_t)&m };
	struct m3_bind_args b = { .vmid = 0, .p_nr = -1 };
	struct m3_proc_info_args pa = { .vmid = 0, .p_nr = -1 };
	struct m3_vm_info_args va = { .vmid = 1 << 20 };

	become(NOBODY);
	m3t_bind_publish(0, i);
	m3t_wait_state(0, peer, M3_ST_RECEIVING);
	a.flags = 0x80000000u;
	ASSERT_EQ(dev(M3_IOC_SEND, &a), -EINVAL);
	a.flags = M3_IPC_TIMEOUT;
	a.timeout_ms = -1;
	ASSERT_EQ(dev(M3_IOC_SEND, &a), -EINVAL);
	a.timeout_ms = 0;
	a.pad = 1;
	ASSERT_EQ(dev(M3_IOC_SEND, &a), -EINVAL);
	ASSERT_EQ(mnx_sendnb(ANY, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_sendnb(NONE, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_sendnb(-1, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_sendnb(INT32_MIN, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_sendnb(M3_EP_SLOT_MASK, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_sendnb(SELF, &m), -EBADSRCDST);
	ASSERT_EQ(mnx_notify(-5), -EBADSRCDST);
	ASSERT_EQ(mnx_receivenb(NONE, &m), -EBADSRCDST);
	ASSERT_EQ(dev(M3_IOC_BIND, &b), -EALREADY);
	ASSERT_EQ(dev(M3_IOC_PROC_INFO, &pa), -EINVAL);
	pa.p_nr = M3_DEF_PROCS;
	ASSERT_EQ(dev(M3_IOC_PROC_INFO, &pa), -EINVAL);
	ASSERT_EQ(dev(M3_IOC_VM_INFO, &va), -ENOENT);
	va.vmid = -1;
	ASSERT_EQ(dev(M3_IOC_VM_INFO, &va), -ENOENT);
	ASSERT_EQ(dev(_IO(M3_IOC_MAGIC, 0x7f), NULL), -ENOTTY);
	ASSERT_EQ(mnx_send(peer, &m), 0);
}

TEST(ipc_bad_arguments_rejected)
{
	with_peer(args_caller);
}

static void bind_args_child(int arg)
{
	(void)arg;
	become(NOBODY);
	ASSERT_EQ(mnx_bind(0, 1 << 30), -EINVAL);
	ASSERT_EQ(mnx_bind(0, M3_DEF_PROCS), -EINVAL);
	ASSERT_EQ(mnx_bind(-1, -1), -ENOENT);
	ASSERT_EQ(mnx_bind(M3_MAX_VMS, -1), -ENOENT);
	ASSERT_EQ(mnx_bind(INT32_MIN, 0), -ENOENT);
	ASSERT_EQ(mnx_unbind(), -ENOTBOUND);
	ASSERT_EQ(mnx_bind(0, 0), 0);
}

TEST(bind_bad_arguments_rejected)
{
	m3t_setup();
	m3t_join_ok(m3t_spawn(bind_args_child, 0));
}
