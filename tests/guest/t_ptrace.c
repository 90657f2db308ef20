// SPDX-License-Identifier: GPL-2.0
/*
 * vcopy without consent against process_vm_writev/readv: a differential
 * test. In a non-strict VM a party that does not consent may be reached
 * only as ptrace would allow, so for every caller/party pair below the
 * caller tries both mnx_vcopy() and process_vm_writev/readv on the same
 * bytes, and vcopy's verdict must be the same as theirs or stricter
 * (success only where process_vm_* succeeded); where it succeeds the bytes
 * must have arrived, where it fails nothing may have moved. The kernel
 * itself never copies without consent: its raw answer is -ENOCONSENT.
 *
 * The ptrace rules exercised: uids, an ambient capability the caller
 * lacks (capability subset), a setuid-root party, a non-dumpable party,
 * user namespaces either way, Yama's ptrace_scope 0, 1 and 2 (never 3: it
 * cannot be lowered again, and later tests run in the same guest), a
 * strict VM, COPY2 through a third process, a caller in another pid
 * namespace. Yama's scope is set to 0 unless a test is about Yama, and
 * restored after each test; a guardian process restores it too if this
 * program dies.
 */
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "util.h"

#define USER		1000
#define OTHER_USER	1001
#define LEN		5000		/* crosses a page boundary */
#define SLOT_SIZE	(256 << 10)	/* one party's buffer in the area */
#define COPY2_LEN	(150 << 10)	/* more than libm3's 64 KiB chunk */
#define NO_VERDICT	1		/* process_vm_* not comparable */
#define YAMA		"/proc/sys/kernel/yama/ptrace_scope"
#define SUID_COPY	"/tmp/t_ptrace.suid"
#define PARTY_ENV	"M3T_PTRACE_PARTY"

/*
 * One caller/party pair. The party binds to @vmid and sits in a receive
 * from ANY (or in pause() when @idle): it never consents.
 */
struct pcase {
	const char *name;
	int vmid;			/* 0, or 1: strict */
	int yama;			/* ptrace_scope to run under */
	bool caller_root;		/* else the caller is USER */
	bool party_other_uid;		/* OTHER_USER, else USER */
	void (*caller_prep)(void);	/* after the caller bound */
	void (*party_become)(uid_t uid);	/* drops to uid its own way */
	void (*party_prep)(void);	/* after the party bound */
	bool idle;			/* party in pause(), not in IPC */
	bool party_of_caller;		/* forked by the caller (Yama) */
	bool suid;			/* the party is a setuid-root exec */
	bool caller_pidns;		/* the caller in a new pid namespace */
	int want_pvm;			/* process_vm_*'s verdict */
	int want_vcopy;			/* mnx_vcopy()'s */
};

/* Published by a setuid party over its pipe. */
struct suid_hello {
	int32_t ep, tid, uid, euid;
	uint64_t addr;
};

static const struct pcase *cur;
static unsigned char *area;	/* MAP_SHARED: every party's buffer */
static int yama_orig = -1;	/* the guest's ptrace_scope; -1 without Yama */

static int all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Party @i's buffer: shared, so that everyone can check the bytes. */
static unsigned char *party_buf(int i)
{
	if (!area) {
		area = mmap(NULL, 4 * SLOT_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(area, MAP_FAILED);
	}
	return area + i * SLOT_SIZE + 3;	/* unaligned on purpose */
}

/* ---- Yama ---------------------------------------------------------------- */

static int yama_read(void)
{
	FILE *f = fopen(YAMA, "r");
	int v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static int yama_write(int v)
{
	int fd = open(YAMA, O_WRONLY);
	char c = (char)('0' + v);
	int ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, &c, 1) == 1;
	close(fd);
	return ok ? 0 : -EIO;
}

/*
 * In the runner, before any test: a process in its own session that
 * restores ptrace_scope once the last holder of the pipe (this program
 * and its tests) is gone, whatever killed them.
 */
static void __attribute__((constructor)) yama_guardian(void)
{
	int fds[2];
	char c;

	if (getenv(PARTY_ENV))
		return;
	yama_orig = yama_read();
	if (yama_orig < 0 || pipe2(fds, O_CLOEXEC) < 0)
		return;
	if (fork() == 0) {
		close(fds[1]);
		setsid();
		while (read(fds[0], &c, 1) != 0 && errno == EINTR)
			;
		if (yama_read() != yama_orig)
			yama_write(yama_orig);
		_exit(0);
	}
	close(fds[0]);	/* fds[1] stays open until we exit */
}

/* Run under ptrace_scope @v; false (with a note) if there is no Yama. */
static bool yama_set(int v)
{
	if (yama_orig < 0) {
		if (v)
			printf("# SKIP: no Yama (%s)\n", YAMA);
		return !v;
	}
	ASSERT_LT(v, 3);	/* 3 could never be lowered again */
	ASSERT_EQ(yama_write(v), 0);
	return true;
}

static void yama_restore(void)
{
	if (yama_orig >= 0 && yama_read() != yama_orig)
		yama_write(yama_orig);
	ASSERT_EQ(yama_read(), yama_orig);
}

/* ---- Credentials --------------------------------------------------------- */

/* Drop to @uid (no groups, no capabilities), dumpable as a login would be. */
static void become(uid_t uid)
{
	if (!uid)
		return;
	m3t_become(uid, uid);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 1), 0);
}

/* Drop to @uid keeping CAP_SYS_ADMIN, raised in the ambient set. */
static void become_with_ambient_cap(uid_t uid)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { { 0 } };

	ASSERT_EQ(prctl(PR_SET_KEEPCAPS, 1), 0);
	m3t_become(uid, uid);
	d[0].permitted = 1U << CAP_SYS_ADMIN;
	d[0].effective = d[0].permitted;
	d[0].inheritable = d[0].permitted;
	ASSERT_EQ(syscall(SYS_capset, &h, d), 0);
	ASSERT_EQ(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN,
			0, 0), 0);
	ASSERT_EQ(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_SYS_ADMIN,
			0, 0), 1);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 1), 0);
}

static void become_nondumpable(uid_t uid)
{
	become(uid);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 0), 0);
}

static void enter_user_ns(void)
{
	ASSERT_EQ(unshare(CLONE_NEWUSER), 0);
}

/* ---- The party ----------------------------------------------------------- */

static void party(int i)
{
	const struct pcase *c = cur;
	message m;
	int ep;

	(c->party_become ? c->party_become : become)(c->party_other_uid ?
						     OTHER_USER : USER);
	ep = mnx_bind(c->vmid, -1);
	if (c->party_prep)
		c->party_prep();
	m3t_sh->val[i] = gettid();
	m3t_publish(i, ep);
	if (!c->idle)
		mnx_receive(ANY, &m);
	m3t_park();
}

/*
 * The setuid party: this program, copied setuid root and exec'd by USER
 * with PARTY_ENV naming a pipe. It binds (as euid 0), says who it is on
 * the pipe and waits in a receive from ANY.
 */
static unsigned char suid_buf[LEN];

static void __attribute__((constructor)) suid_party_main(void)
{
	const char *env = getenv(PARTY_ENV);
	struct suid_hello h;
	message m;
	int fd;

	if (!env)
		return;
	fd = atoi(env);
	h.ep = mnx_bind(0, -1);
	h.tid = gettid();
	h.uid = getuid();
	h.euid = geteuid();
	h.addr = (uintptr_t)suid_buf;
	if (write(fd, &h, sizeof(h)) != sizeof(h))
		_exit(1);
	close(fd);
	if (h.ep >= 0)
		mnx_receive(ANY, &m);
	m3t_park();
}

/* Copy this program to SUID_COPY, setuid root. */
static void make_suid_copy(void)
{
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int out = open(SUID_COPY, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		       0700);
	char buf[65536];
	ssize_t n;

	ASSERT_GE(in, 0);
	ASSERT_GE(out, 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ASSERT_EQ(write(out, buf, n), n);
	ASSERT_EQ(n, 0);
	ASSERT_EQ(fchown(out, 0, 0), 0);
	ASSERT_EQ(fchmod(out, 04755), 0);
	close(out);
	close(in);
}

/* Start the setuid party as party @i and publish what it said. */
static void spawn_suid_party(int i)
{
	char env[32];
	char *argv[] = { "t_ptrace.suid", NULL };
	char *envp[] = { env, NULL };
	struct suid_hello h;
	int fds[2];
	pid_t pid;

	make_suid_copy();
	ASSERT_EQ(pipe(fds), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		m3t_become(USER, USER);
		snprintf(env, sizeof(env), "%s=%d", PARTY_ENV, fds[1]);
		execve(SUID_COPY, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	ASSERT_EQ(read(fds[0], &h, sizeof(h)), sizeof(h));
	close(fds[0]);
	ASSERT_EQ(h.uid, USER);
	ASSERT_EQ(h.euid, 0);
	m3t_sh->val[i] = h.tid;
	m3t_sh->val[i + 1] = (long)h.addr;
	m3t_publish(i, h.ep);
}

/* ---- The caller ---------------------------------------------------------- */

static int pvm(pid_t tid, void *local, uint64_t remote, size_t n,
	       bool to_remote)
{
	struct iovec l = { local, n }, r = { (void *)(uintptr_t)remote, n };
	ssize_t got = to_remote ? process_vm_writev(tid, &l, 1, &r, 1, 0) :
			      process_vm_readv(tid, &l, 1, &r, 1, 0);

	if (got < 0)
		return -errno;
	return got == (ssize_t)n ? 0 : -EIO;
}

struct verdict {
	int vcopy_w, vcopy_r, pvm_w, pvm_r;
};

static const char *errname(int r)
{
	return r == NO_VERDICT ? "-" : m3_errname(r);
}

static void report(const char *name, const struct verdict *v)
{
	printf("# %s: vcopy write %s read %s; process_vm_writev %s readv %s\n",
	       name, errname(v->vcopy_w), errname(v->vcopy_r),
	       errname(v->pvm_w), errname(v->pvm_r));
	fflush(stdout);
}

/* vcopy may refuse what process_vm_* allows, never the reverse. */
static void assert_not_laxer(const char *what, int vcopy, int pvm)
{
	if (vcopy == 0 && pvm != 0 && pvm != NO_VERDICT)
		M3TEST_FAIL("%s: vcopy OK, process_vm_%s %s: laxer than ptrace",
			    cur ? cur->name : "copy2", what, m3_errname(pvm));
}

/*
 * Both directions, both ways, on the party's buffer @remote; the bytes are
 * checked when the buffer is shared with us (@seen).
 */
static void differential(int ep, pid_t tid, uint64_t remote, bool seen,
			 bool compare, struct verdict *v)
{
	unsigned char *rp = (unsigned char *)(uintptr_t)remote;
	unsigned char local[LEN];

	m3t_fill(local, LEN, 1);
	if (seen)
		memset(rp, 0, LEN);
	errno = 4242;	/* libm3 leaves errno alone, fallback included */
	v->vcopy_w = mnx_vircopy(SELF, (uintptr_t)local, ep, remote, LEN);
	ASSERT_EQ(errno, 4242);
	if (seen)
		ASSERT_TRUE(v->vcopy_w ? all_zero(rp, LEN) : m3t_check(rp, LEN, 1));
	if (seen)
		m3t_fill(rp, LEN, 2);
	memset(local, 0, LEN);
	v->vcopy_r = mnx_vircopy(ep, remote, SELF, (uintptr_t)local, LEN);
	if (seen)
		ASSERT_TRUE(v->vcopy_r ? all_zero(local, LEN) :
					 m3t_check(local, LEN, 2));
	v->pvm_w = v->pvm_r = NO_VERDICT;
	if (!compare)
		return;
	m3t_fill(local, LEN, 3);
	if (seen)
		memset(rp, 0, LEN);
	v->pvm_w = pvm(tid, local, remote, LEN, true);
	if (seen && !v->pvm_w)
		ASSERT_TRUE(m3t_check(rp, LEN, 3));
	memset(local, 0, LEN);
	v->pvm_r = pvm(tid, local, remote, LEN, false);
	if (seen && !v->pvm_r)
		ASSERT_TRUE(m3t_check(local, LEN, 3));
}

static void caller(int i)
{
	const struct pcase *c = cur;
	struct verdict v;
	uint64_t remote;
	int ep, want_pvm = c->caller_pidns ? NO_VERDICT : c->want_pvm;

	if (c->party_of_caller)
		m3t_spawn(party, 1);
	become(c->caller_root ? 0 : USER);
	ASSERT_GE(mnx_bind(c->vmid, -1), 0);
	if (c->caller_prep)
		c->caller_prep();
	ep = m3t_wait_ep(1);
	if (!c->idle)
		m3t_wait_state(c->vmid, ep, M3_ST_RECEIVING);
	remote = c->suid ? (uint64_t)m3t_sh->val[2] :
			   (uintptr_t)party_buf(1);
	differential(ep, (pid_t)m3t_sh->val[1], remote, !c->suid,
		     want_pvm != NO_VERDICT, &v);
	report(c->name, &v);
	assert_not_laxer("writev", v.vcopy_w, v.pvm_w);
	assert_not_laxer("readv", v.vcopy_r, v.pvm_r);
	ASSERT_EQ(v.pvm_w, want_pvm);
	ASSERT_EQ(v.pvm_r, want_pvm);
	ASSERT_EQ(v.vcopy_w, c->want_vcopy);
	ASSERT_EQ(v.vcopy_r, c->want_vcopy);
	m3t_sh->ret[i] = 1;
}

static void run_case(const struct pcase *c)
{
	int status;
	pid_t k;

	cur = c;
	party_buf(0);
	m3t_setup_vm1(M3_VM_STRICT_COPY, 0);
	if (c->suid)
		spawn_suid_party(1);
	else if (!c->party_of_caller)
		m3t_spawn(party, 1);
	if (c->caller_pidns)
		ASSERT_EQ(unshare(CLONE_NEWPID), 0);
	/* From here on, nothing may end the test before yama_restore(). */
	if (!yama_set(c->yama))
		return;
	k = m3t_spawn(caller, 0);
	status = m3t_join(k);
	yama_restore();
	ASSERT_EQ(status, 0);
	ASSERT_EQ(m3t_sh->ret[0], 1);
}

#define PTRACE_CASE(tname, ...)						\
	TEST(tname)							\
	{								\
		static const struct pcase c = {				\
			.name = #tname, __VA_ARGS__			\
		};							\
		run_case(&c);						\
	}

/* ---- The matrix ---------------------------------------------------------- */

PTRACE_CASE(same_uid, .want_pvm = 0, .want_vcopy = 0)
PTRACE_CASE(same_uid_party_running, .idle = true, .want_pvm = 0,
	    .want_vcopy = 0)
PTRACE_CASE(other_uid, .party_other_uid = true, .want_pvm = -EPERM,
	    .want_vcopy = -EPERM)
PTRACE_CASE(root_caller_other_uid, .caller_root = true, .want_pvm = 0,
	    .want_vcopy = 0)
PTRACE_CASE(party_with_ambient_capability,
	    .party_become = become_with_ambient_cap, .want_pvm = -EPERM,
	    .want_vcopy = -EPERM)
PTRACE_CASE(setuid_root_party, .suid = true, .want_pvm = -EPERM,
	    .want_vcopy = -EPERM)
PTRACE_CASE(nondumpable_party, .party_become = become_nondumpable,
	    .want_pvm = -EPERM, .want_vcopy = -EPERM)
PTRACE_CASE(caller_in_child_user_ns, .caller_prep = enter_user_ns,
	    .want_pvm = -EPERM, .want_vcopy = -EPERM)
PTRACE_CASE(party_in_child_user_ns_of_caller_uid,
	    .party_prep = enter_user_ns, .want_pvm = 0, .want_vcopy = 0)
/* A member outside the caller's pid namespace has no tid to copy with. */
PTRACE_CASE(caller_in_child_pid_ns, .caller_pidns = true,
	    .want_vcopy = -EPERM)
/* Strict: consent or nothing, whatever ptrace would allow. */
PTRACE_CASE(strict_vm_same_uid, .vmid = 1, .want_pvm = 0,
	    .want_vcopy = -EPERM)
/* Yama: 1 lets only an ancestor attach, 2 only CAP_SYS_PTRACE. */
PTRACE_CASE(yama0_sibling, .yama = 0, .want_pvm = 0, .want_vcopy = 0)
PTRACE_CASE(yama0_descendant, .yama = 0, .party_of_caller = true,
	    .want_pvm = 0, .want_vcopy = 0)
PTRACE_CASE(yama1_sibling, .yama = 1, .want_pvm = -EPERM,
	    .want_vcopy = -EPERM)
PTRACE_CASE(yama1_descendant, .yama = 1, .party_of_caller = true,
	    .want_pvm = 0, .want_vcopy = 0)
PTRACE_CASE(yama2_sibling, .yama = 2, .want_pvm = -EPERM,
	    .want_vcopy = -EPERM)
PTRACE_CASE(yama2_descendant, .yama = 2, .party_of_caller = true,
	    .want_pvm = -EPERM, .want_vcopy = -EPERM)
PTRACE_CASE(yama2_root_caller, .yama = 2, .caller_root = true, .want_pvm = 0,
	    .want_vcopy = 0)

TEST(yama_scope_3_not_tested)
{
	/* 3 cannot be lowered again, and later programs need it lower. */
	printf("# SKIP: ptrace_scope 3 (the guest's: %d, kept)\n", yama_orig);
}

/* ---- COPY2 --------------------------------------------------------------- */

static void copy2_party(int i)
{
	message m;

	become(i == 3 ? OTHER_USER : USER);
	m3t_bind_publish(0, i);
	mnx_receive(ANY, &m);
	m3t_park();
}

/* process_vm_readv from @s's buffer, then process_vm_writev to @d's. */
static int pvm_copy2(int s, int d, size_t len)
{
	static unsigned char bounce[COPY2_LEN];
	int r = pvm((pid_t)m3t_sh->val[s], bounce,
		    (uintptr_t)party_buf(s) + 1, len, false);

	return r ? r : pvm((pid_t)m3t_sh->val[d], bounce,
			   (uintptr_t)party_buf(d) + 7, len, true);
}

/* From party @s's buffer + 1 to party @d's + 7: vcopy and process_vm_*. */
static void copy2_check(int s, int d, int want)
{
	unsigned char *src = party_buf(s) + 1, *dst = party_buf(d) + 7;
	int r, p;

	m3t_fill(src, COPY2_LEN, s * 10 + d);
	memset(dst, 0, COPY2_LEN + 1);
	r = mnx_vcopy(m3t_sh->ep[s], src, m3t_sh->ep[d], dst, COPY2_LEN);
	ASSERT_TRUE(r ? all_zero(dst, COPY2_LEN + 1) :
			m3t_check(dst, COPY2_LEN, s * 10 + d));
	ASSERT_EQ(dst[COPY2_LEN], 0);	/* not one byte more */
	memset(dst, 0, COPY2_LEN + 1);
	p = pvm_copy2(s, d, COPY2_LEN);
	printf("# copy2 %d -> %d: vcopy %s; process_vm_readv+writev %s\n", s,
	       d, m3_errname(r), m3_errname(p));
	fflush(stdout);
	assert_not_laxer("readv+writev", r, p);
	ASSERT_EQ(p, want);
	ASSERT_EQ(r, want);
}

static void copy2_caller(int i)
{
	int k;

	become(USER);
	ASSERT_GE(mnx_bind(0, -1), 0);
	for (k = 1; k <= 3; k++) {
		m3t_wait_ep(k);
		m3t_wait_state(0, m3t_sh->ep[k], M3_ST_RECEIVING);
	}
	copy2_check(1, 2, 0);
	copy2_check(2, 1, 0);
	copy2_check(1, 3, -EPERM);	/* another uid's destination */
	copy2_check(3, 2, -EPERM);	/* another uid's source */
	m3t_sh->ret[i] = 1;
}

static void record_tid(int i)
{
	m3t_sh->val[i] = gettid();
	copy2_party(i);
}

TEST(copy2_between_non_consenting_parties)
{
	int status, k;

	party_buf(0);
	m3t_setup();
	ASSERT_TRUE(yama_set(0));
	for (k = 1; k <= 3; k++)
		m3t_spawn(record_tid, k);
	status = m3t_join(m3t_spawn(copy2_caller, 0));
	yama_restore();
	ASSERT_EQ(status, 0);
	ASSERT_EQ(m3t_sh->ret[0], 1);
}

/* ---- The kernel's own answer --------------------------------------------- */

static long raw_vcopy(int s, const void *sa, int d, void *da, uint64_t len)
{
	static int fd = -1;
	struct m3_vcopy_args a = {
		.src_ep = s, .dst_ep = d, .len = len,
		.src_addr = (uintptr_t)sa, .dst_addr = (uintptr_t)da,
	};

	if (fd < 0)
		fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	return ioctl(fd, M3_IOC_VCOPY, &a) < 0 ? -errno : 0;
}

/* Slot @i: in receive from ANY, or (go[i]) from the endpoint in ep[0]. */
static void raw_party(int i)
{
	message m;

	m3t_bind_publish((int)m3t_sh->go[i], i);
	if (m3t_sh->val[i])
		mnx_receive(m3t_wait_ep(0), &m);
	else
		mnx_receive(ANY, &m);
	m3t_park();
}

static void raw_refusals(int vmid, int want)
{
	unsigned char local[LEN], *a = party_buf(1), *b = party_buf(2);
	int pa = m3t_wait_ep(1), pb = m3t_wait_ep(2);

	m3t_wait_state(vmid, pa, M3_ST_RECEIVING);
	m3t_wait_state(vmid, pb, M3_ST_RECEIVING);
	m3t_fill(local, LEN, 5);
	memset(a, 0, LEN);
	ASSERT_EQ(raw_vcopy(SELF, local, pa, a, LEN), want);
	ASSERT_TRUE(all_zero(a, LEN));
	m3t_fill(a, LEN, 6);
	memset(local, 0, LEN);
	ASSERT_EQ(raw_vcopy(pa, a, SELF, local, LEN), want);
	ASSERT_TRUE(all_zero(local, LEN));
	memset(b, 0, LEN);
	ASSERT_EQ(raw_vcopy(pa, a, pb, b, LEN), want);
	ASSERT_TRUE(all_zero(b, LEN));
}

TEST(kernel_never_copies_without_consent)
{
	unsigned char local[LEN], *c = party_buf(3);

	party_buf(0);
	m3t_setup_vm1(M3_VM_STRICT_COPY, 0);
	m3t_publish(0, mnx_bind(0, -1));
	m3t_spawn(raw_party, 1);
	m3t_spawn(raw_party, 2);
	m3t_sh->val[3] = 1;
	m3t_spawn(raw_party, 3);
	/* Same uid, root even: the kernel still asks libm3 to decide. */
	raw_refusals(0, -ENOCONSENT);
	/* With consent the kernel copies itself. */
	m3t_wait_blocked(0, 3, M3_ST_RECEIVING);
	m3t_fill(local, LEN, 7);
	ASSERT_EQ(raw_vcopy(SELF, local, m3t_sh->ep[3], c, LEN), 0);
	ASSERT_TRUE(m3t_check(c, LEN, 7));
	/* A strict VM refuses outright. */
	ASSERT_EQ(mnx_unbind(), 0);
	m3t_sh->ready[1] = m3t_sh->ready[2] = 0;
	m3t_sh->go[1] = m3t_sh->go[2] = 1;
	ASSERT_GE(mnx_bind(1, -1), 0);
	m3t_spawn(raw_party, 1);
	m3t_spawn(raw_party, 2);
	raw_refusals(1, -EPERM);
}

/* ---- Consent is the only way past ptrace --------------------------------- */

static void consenting_party(int i)
{
	message m = { .m_type = 1 };

	become(OTHER_USER);
	m3t_bind_publish(0, i);
	m3t_sh->val[i] = gettid();
	m3t_sh->ret[i] = mnx_sendrec(m3t_wait_ep(0), &m);
}

static void consent_caller(int i)
{
	unsigned char local[LEN], *rp = party_buf(1);
	struct verdict v;
	message m;
	int ep;

	become(USER);
	m3t_bind_publish(0, i);
	ep = m3t_wait_ep(1);
	ASSERT_EQ(mnx_receive(ep, &m), 0);	/* it waits for our reply */
	m3t_fill(local, LEN, 8);
	v.vcopy_w = mnx_vcopy(SELF, local, ep, rp, LEN);
	ASSERT_TRUE(m3t_check(rp, LEN, 8));
	v.vcopy_r = mnx_vcopy(ep, rp, SELF, local + 1, LEN - 1);
	v.pvm_w = pvm((pid_t)m3t_sh->val[1], local, (uintptr_t)rp, LEN, true);
	v.pvm_r = pvm((pid_t)m3t_sh->val[1], local, (uintptr_t)rp, LEN, false);
	report("consenting_other_uid", &v);
	ASSERT_EQ(v.vcopy_w, 0);
	ASSERT_EQ(v.vcopy_r, 0);
	ASSERT_EQ(v.pvm_w, -EPERM);
	ASSERT_EQ(v.pvm_r, -EPERM);
	ASSERT_EQ(mnx_send(ep, &m), 0);
}

TEST(consent_lets_the_kernel_copy_where_ptrace_would_not)
{
	int sc, sp;
	pid_t p, c;

	party_buf(0);
	m3t_setup();
	ASSERT_TRUE(yama_set(0));
	p = m3t_spawn(consenting_party, 1);
	c = m3t_spawn(consent_caller, 0);
	sc = m3t_join(c);
	sp = m3t_join(p);
	yama_restore();
	ASSERT_EQ(sc, 0);
	ASSERT_EQ(sp, 0);
	ASSERT_EQ(m3t_sh->ret[1], 0);
}
