// SPDX-License-Identifier: GPL-2.0
/*
 * exec: a plain exec keeps the thread's binding (the new program is the
 * same member, same endpoint, as in Minix); an exec that changes the
 * credentials (setuid, setgid: AT_SECURE, a non-dumpable mm) unbinds the
 * thread before the new program runs, so that nothing meant for, or
 * copied into, the old member reaches the privileged program.
 *
 * The program after the exec is this binary again: a constructor catches
 * the AFTER_EXEC argument before the harness's main() runs, does what
 * argv[2] says and reports on a pipe (struct report).
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "util.h"

#define USER		1000
#define AFTER_EXEC	"--m3t-after-exec"
#define ARGV_MARKER	"M3T-ARGV-MARKER-0123456789abcdef"
#define MARK		0xa5
#define JUNK		0x5a
#define RACE_RUNS	20
#define RACE_CHECK_MS	100

/*
 * The page the race test's spinner writes to: in .data, initialized from
 * the file, at the same address in every image of this (non-PIE, static)
 * binary, before and after the exec. Global, so that the compiler cannot
 * treat it as read-only.
 */
volatile unsigned char m3t_marker[4096] __attribute__((aligned(4096))) = {
	[0 ... 4095] = MARK
};

/* argv of this image (the race test's spinner aims at its strings too). */
static char **image_argv;

struct report {
	int euid, egid;
	int getep;		/* mnx_getep(0): the endpoint, or -ESRCH */
	int getvmid;
	int probe;		/* mnx_notify(NONE): -ENOTBOUND when unbound */
	int recv, type, send;	/* "plain": the exchange with the parent */
	int modified;		/* "race": marker_damage() */
	int pad;
	long long t0;		/* CLOCK_MONOTONIC ns when the program began */
};

/* 0 if intact, else 1 (marker page written) | 2 (argv written). */
static int marker_damage(char **argv)
{
	int i, bad = 0;

	for (i = 0; i < 4096; i++)
		if (m3t_marker[i] != MARK)
			bad = 1;
	return bad | (strcmp(argv[6], ARGV_MARKER) ? 2 : 0);
}

/* The program after the exec. argv: path AFTER_EXEC mode report-fd
 * release-fd peer-ep ARGV_MARKER. */
static int after_exec(char **argv)
{
	struct report r = { .t0 = m3t_now_ns() };
	int fd = atoi(argv[3]), rel = atoi(argv[4]), peer = atoi(argv[5]);
	long long end;
	message m = { 0 };

	r.modified = marker_damage(argv);
	r.euid = geteuid();
	r.egid = getegid();
	r.getep = mnx_getep(0);
	r.getvmid = mnx_getvmid(0);
	r.probe = mnx_notify(NONE);
	if (!strcmp(argv[2], "plain")) {
		r.recv = mnx_receive(peer, &m);
		r.type = m.m_type;
		m.m_type++;
		r.send = mnx_send(peer, &m);
	} else if (!strcmp(argv[2], "race")) {
		end = r.t0 + RACE_CHECK_MS * 1000000LL;
		while (m3t_now_ns() < end) {
			r.modified |= marker_damage(argv);
			m3t_msleep(2);
		}
		r.modified |= marker_damage(argv);
	}
	if (write(fd, &r, sizeof(r)) != sizeof(r))
		return 2;
	if (rel >= 0) {
		/* Stay alive (and so keep any binding) until released. */
		struct pollfd p = { .fd = rel, .events = POLLIN };

		poll(&p, 1, 30000);
	}
	return 0;
}

static void __attribute__((constructor)) after_exec_hook(int argc, char **argv,
							   char **envp)
{
	(void)envp;
	image_argv = argv;
	if (argc == 7 && !strcmp(argv[1], AFTER_EXEC))
		_exit(after_exec(argv));
	/* A privileged copy whose arguments were damaged: never the suite. */
	if (getauxval(AT_SECURE))
		_exit(3);
}

/* The new program gets no environment: see exec_argv_marker(). */
static char *no_env[] = { NULL };

static void exec_after(const char *path, const char *mode, int fd, int rel,
		       int peer)
{
	char a3[16], a4[16], a5[16];
	char *argv[] = {
		(char *)"t_exec", (char *)AFTER_EXEC, (char *)mode, a3, a4, a5,
		(char *)ARGV_MARKER, NULL,
	};

	snprintf(a3, sizeof(a3), "%d", fd);
	snprintf(a4, sizeof(a4), "%d", rel);
	snprintf(a5, sizeof(a5), "%d", peer);
	fflush(NULL);
	execve(path, argv, no_env);
	M3TEST_FAIL("execv %s: %s", path, strerror(errno));
}

static void read_report(int fd, struct report *r)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	ASSERT_EQ(poll(&p, 1, 10000), 1);
	ASSERT_EQ(read(fd, r, sizeof(*r)), sizeof(*r));
}

/*
 * A copy of this binary in /tmp owned by root:@gid with @mode (04755 or
 * 02755); the guest's /tmp is a tmpfs without nosuid.
 */
static const char *priv_copy(mode_t mode, gid_t gid)
{
	static char path[64];
	char buf[65536];
	ssize_t n;
	int in, out;

	snprintf(path, sizeof(path), "/tmp/m3t_exec_priv.%d", (int)getpid());
	unlink(path);
	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(in, 0);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	ASSERT_GE(out, 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ASSERT_EQ(write(out, buf, n), n);
	ASSERT_EQ(n, 0);
	ASSERT_EQ(fchown(out, 0, gid), 0);
	ASSERT_EQ(fchmod(out, mode), 0);	/* after chown, which clears it */
	ASSERT_EQ(close(out), 0);
	close(in);
	return path;
}

/* ---- A plain exec keeps the binding ---------------------------------------- */

static void plain_child(int i)
{
	int parent = m3t_wait_ep(0);

	m3t_bind_publish(0, i);
	/* The parent is blocked sending to us: its message must arrive
	 * in the new program. */
	m3t_wait_state(0, parent, M3_ST_SENDING);
	exec_after("/proc/self/exe", "plain", (int)m3t_sh->val[i], -1, parent);
}

TEST(plain_exec_keeps_endpoint)
{
	struct m3_proc_info pi;
	struct report r;
	message m = { .m_type = 42 };
	int p[2], child;
	pid_t pid;

	m3t_setup();
	ASSERT_EQ(pipe(p), 0);
	m3t_sh->val[1] = p[1];
	m3t_bind_publish(0, 0);
	pid = m3t_spawn(plain_child, 1);
	close(p[1]);
	child = m3t_wait_ep(1);
	ASSERT_EQ(mnx_sendrec(child, &m), 0);
	ASSERT_EQ(m.m_source, child);
	ASSERT_EQ(m.m_type, 43);
	read_report(p[0], &r);
	ASSERT_EQ(r.getep, child);
	ASSERT_EQ(r.getvmid, 0);
	ASSERT_EQ(r.probe, -EBADSRCDST);	/* bound: NONE is a bad dst */
	ASSERT_EQ(r.recv, 0);
	ASSERT_EQ(r.type, 42);
	ASSERT_EQ(r.send, 0);
	ASSERT_EQ(r.euid, 0);
	m3t_join_ok(pid);
	/* The new program's exit unbinds it as any exit does. */
	m3t_wait_gone(0, child);
	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(child), &pi), -ESRCH);
	ASSERT_EQ(mnx_notify(child), -EDEADSRCDST);
}

/* ---- An exec that changes credentials unbinds ------------------------------ */

static const char *priv_path;

/* uid/gid USER, bound, then execs the privileged copy. */
static void priv_victim(int i)
{
	int fd = (int)m3t_sh->val[i], rel = (int)m3t_sh->val[i + 8];

	m3t_become(USER, USER);
	m3t_bind_publish(0, i);
	m3t_wait_set(&m3t_sh->go[i]);
	exec_after(priv_path, "secure", fd, rel, 0);
}

/* Root members blocked on the victim's endpoint: a sender, a receiver. */
static void blocked_sender(int i)
{
	message m = { .m_type = 5 };

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_send(m3t_wait_ep(1), &m);
	__sync_synchronize();
	m3t_sh->ready[i + 8] = 1;
}

static void blocked_receiver(int i)
{
	message m;

	m3t_bind_publish(0, i);
	m3t_sh->ret[i] = mnx_receive(m3t_wait_ep(1), &m);
	__sync_synchronize();
	m3t_sh->ready[i + 8] = 1;
}

static void priv_exec_unbinds(mode_t mode, int euid, int egid)
{
	struct m3_proc_info pi;
	struct report r;
	char buf[16] = "0123456789abcde", out[16];
	message m = { .m_type = 6 };
	int rep[2], rel[2], v, rc;
	pid_t vp, sp, rp;

	m3t_setup();
	priv_path = priv_copy(mode, 0);
	ASSERT_EQ(pipe(rep), 0);
	ASSERT_EQ(pipe(rel), 0);
	m3t_sh->val[1] = rep[1];
	m3t_sh->val[9] = rel[0];
	ASSERT_GE(mnx_bind(0, -1), 0);
	vp = m3t_spawn(priv_victim, 1);
	close(rep[1]);
	close(rel[0]);
	v = m3t_wait_ep(1);
	sp = m3t_spawn(blocked_sender, 2);
	rp = m3t_spawn(blocked_receiver, 3);
	m3t_wait_blocked(0, 2, M3_ST_SENDING);
	m3t_wait_blocked(0, 3, M3_ST_RECEIVING);
	m3t_sh->go[1] = 1;
	read_report(rep[0], &r);
	/* The exec did raise the credentials (else the test means nothing). */
	ASSERT_EQ(r.euid, euid);
	ASSERT_EQ(r.egid, egid);
	/* The privileged program is alive, and not the old member. */
	if (!m3t_wait_for(&m3t_sh->ready[10], 5000))
		M3TEST_FAIL("a sender blocked on endpoint %d is still blocked after the %s exec",
			    v, mode & S_ISUID ? "setuid" : "setgid");
	ASSERT_EQ(m3t_sh->ret[2], -EDEADSRCDST);
	if (!m3t_wait_for(&m3t_sh->ready[11], 5000))
		M3TEST_FAIL("a receiver blocked on endpoint %d is still blocked after the %s exec",
			    v, mode & S_ISUID ? "setuid" : "setgid");
	ASSERT_EQ(m3t_sh->ret[3], -EDEADSRCDST);
	ASSERT_EQ(r.getep, -ESRCH);
	ASSERT_EQ(r.probe, -ENOTBOUND);
	ASSERT_EQ(kill(vp, 0), 0);
	ASSERT_EQ(waitpid(vp, &rc, WNOHANG), 0);
	ASSERT_EQ(mnx_notify(v), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendnb(v, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_receivenb(v, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_send(v, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_sendrec(v, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_receive(v, &m), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(SELF, buf, v, (void *)m3t_marker, 16), -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(v, (void *)m3t_marker, SELF, out, 16), -EDEADSRCDST);
	ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(v), &pi), -ESRCH);
	ASSERT_EQ(write(rel[1], "x", 1), 1);
	m3t_join_ok(vp);
	m3t_join_ok(sp);
	m3t_join_ok(rp);
	unlink(priv_path);
}

TEST(setuid_exec_unbinds)
{
	priv_exec_unbinds(04755, 0, USER);
}

TEST(setgid_exec_unbinds)
{
	/* Group root: USER is not in it (m3t_become leaves no groups). */
	priv_exec_unbinds(02755, USER, 0);
}

/* ---- vcopy racing a setuid exec ------------------------------------------------ */

/*
 * V (USER) takes one consented copy from M, then execs the setuid copy,
 * which checks that its marker page and argv strings stay intact for
 * RACE_CHECK_MS. M (USER) spins copying junk, from before the exec until
 * told to stop, into V's marker page, V's old argv[0] and where the new
 * program's ARGV_MARKER lies while execve builds it (see
 * exec_argv_marker()), and records what its copies returned.
 */
static void race_victim(int i)
{
	int fd = (int)m3t_sh->val[i];
	message m;

	m3t_become(USER, USER);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 1), 0);
	m3t_sh->val[4] = (long)(uintptr_t)image_argv[0];
	m3t_bind_publish(0, i);
	ASSERT_EQ(mnx_receive(m3t_wait_ep(2), &m), 0);	/* the copy */
	ASSERT_EQ(mnx_receive(m3t_wait_ep(2), &m), 0);	/* spinning */
	m3t_sh->val[5] = m3t_now_ns();
	exec_after(priv_path, "race", fd, -1, 0);
}

/* What the spinner saw in one run (shared with the test). */
struct race_stats {
	long long last_ok;	/* start of the last copy that succeeded */
	long tries;		/* rounds (four copies each) */
	long late;		/* rounds begun after the exec began */
	long ok, ok_late;	/* copies that succeeded (begun after exec) */
	long eperm, edead, efault, other;
	int other_err;
};

static struct race_stats *race;

static void race_count(int r, long long t, long long begin)
{
	if (r == 0) {
		race->ok++;
		race->last_ok = t;
		race->ok_late += begin && t >= begin;
	} else if (r == -EPERM) {
		race->eperm++;
	} else if (r == -EDEADSRCDST) {
		race->edead++;
	} else if (r == -EFAULT) {
		race->efault++;
	} else {
		race->other++;
		race->other_err = r;
	}
}

/*
 * Where execve puts ARGV_MARKER for the new program of @path before it
 * runs: the strings are copied to the top of a temporary stack ending at
 * STACK_TOP_MAX (TASK_SIZE_MAX: 47-bit or, with 5-level paging, 56-bit
 * addresses), below 8 bytes and the file name, the last argument first
 * (there is no environment). They stay there, in the new mm, from the
 * switch to that mm until the ELF loader moves the stack, the window in
 * which the old credentials were still installed.
 */
static uintptr_t exec_argv_marker(const char *path, int va_bits)
{
	uintptr_t top = (1UL << va_bits) - 4096;

	return top - sizeof(void *) - (strlen(path) + 1) -
	       (strlen(ARGV_MARKER) + 1);
}

static void race_spinner(int i)
{
	unsigned char junk[4096];
	void *marker = (void *)m3t_marker, *argv0, *a47, *a56;
	message m = { 0 };
	long long t, begin;
	int v;

	/* 16 bytes inside the marker argument, leaving its NUL alone. */
	a47 = (void *)(exec_argv_marker(priv_path, 47) + 8);
	a56 = (void *)(exec_argv_marker(priv_path, 56) + 8);

	memset(junk, JUNK, sizeof(junk));
	m3t_become(USER, USER);
	ASSERT_EQ(prctl(PR_SET_DUMPABLE, 1), 0);
	m3t_bind_publish(0, i);
	v = m3t_wait_ep(1);
	argv0 = (void *)(uintptr_t)m3t_sh->val[4];
	m3t_wait_state(0, v, M3_ST_RECEIVING);
	/* With consent: the target is right, the copy works. */
	ASSERT_EQ(mnx_vcopy(SELF, junk, v, marker, sizeof(junk)), 0);
	ASSERT_EQ(mnx_send(v, &m), 0);
	m3t_wait_state(0, v, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_send(v, &m), 0);
	while (!m3t_sh->go[i]) {
		t = m3t_now_ns();
		begin = m3t_sh->val[5];
		race_count(mnx_vcopy(SELF, junk, v, marker, sizeof(junk)), t,
			   begin);
		race_count(mnx_vcopy(SELF, junk, v, argv0, 16), t, begin);
		race_count(mnx_vcopy(SELF, junk, v, a47, 16), t, begin);
		race_count(mnx_vcopy(SELF, junk, v, a56, 16), t, begin);
		race->tries++;
		race->late += begin && t >= begin;
	}
}

TEST_TIMEOUT(vcopy_racing_setuid_exec, 180)
{
	struct race_stats sum = { 0 };
	struct report r;
	int rep[2], k;
	pid_t vp, mp;

	race = mmap(NULL, sizeof(*race), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(race, MAP_FAILED);
	priv_path = priv_copy(04755, 0);
	for (k = 0; k < RACE_RUNS; k++) {
		m3t_setup();
		memset(race, 0, sizeof(*race));
		ASSERT_EQ(pipe(rep), 0);
		m3t_sh->val[1] = rep[1];
		vp = m3t_spawn(race_victim, 1);
		mp = m3t_spawn(race_spinner, 2);
		close(rep[1]);
		read_report(rep[0], &r);
		close(rep[0]);
		m3t_sh->go[2] = 1;
		m3t_join_ok(mp);
		m3t_join_ok(vp);
		ASSERT_EQ(r.euid, 0);
		if (r.modified)
			M3TEST_FAIL("run %d: the setuid program's memory was written:%s%s",
				    k, r.modified & 1 ? " its marker page" : "",
				    r.modified & 2 ? " its argv" : "");
		/* No copy that began once the new program ran succeeded. */
		if (race->ok && race->last_ok >= r.t0)
			M3TEST_FAIL("run %d: a vcopy begun %lld ns after the setuid program started succeeded",
				    k, race->last_ok - r.t0);
		ASSERT_GT(race->late, 0);	/* it spun during the exec */
		sum.tries += race->tries;
		sum.late += race->late;
		sum.ok += race->ok;
		sum.ok_late += race->ok_late;
		sum.eperm += race->eperm;
		sum.edead += race->edead;
		sum.efault += race->efault;
		sum.other += race->other;
		if (race->other)
			sum.other_err = race->other_err;
	}
	fprintf(stderr, "# vcopy_racing_setuid_exec: %d runs, %ld rounds (%ld after the exec began); copies: %ld ok (%ld begun after the exec began), %ld EPERM, %ld EDEADSRCDST, %ld EFAULT, %ld other (%d)\n",
		RACE_RUNS, sum.tries, sum.late, sum.ok, sum.ok_late, sum.eperm,
		sum.edead, sum.efault, sum.other, sum.other_err);
	unlink(priv_path);
}
