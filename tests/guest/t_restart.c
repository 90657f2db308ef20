// SPDX-License-Identifier: GPL-2.0
/*
 * Restarts: a blocking call interrupted before it has done anything by a
 * stop (SIGSTOP, SIGTSTP, ptrace), a freeze (cgroup v2) or an ignored
 * signal is restarted by the kernel and completes when its peer acts,
 * exactly once; -EINTR only when a handler ran. A sendrec waiting for its
 * reply lets handlers run and stops happen, and keeps waiting. The _T
 * calls keep their deadline across restarts. Fatal signals still end any
 * call at once.
 */
#include <fcntl.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "util.h"

/* The calls a subject child blocks in (val[1]). */
enum {
	C_RECV_ANY,	/* receive(ANY) */
	C_RECV_EP,	/* receive(ep[0]) */
	C_SEND,		/* send(ep[0]) */
	C_SR_SEND,	/* sendrec(ep[0]), request not taken yet */
	C_SR_REPLY,	/* sendrec(ep[0]), request taken, reply pending */
	C_REPLYREC,	/* replyrec(client, reply, ANY): the receive half */
	C_RECV_T,	/* receive_T(ANY, 30 s) */
	C_RECV_T2,	/* receive_T(ANY, 2 s), for the deadline tests */
	C_SEND_T2,	/* send_T(ep[0], 2 s) */
};

static const unsigned int blocked_state[] = {
	[C_RECV_ANY] = M3_ST_RECEIVING,
	[C_RECV_EP] = M3_ST_RECEIVING,
	[C_SEND] = M3_ST_SENDING,
	[C_SR_SEND] = M3_ST_SENDING | M3_ST_SENDREC,
	[C_SR_REPLY] = M3_ST_RECEIVING | M3_ST_SENDREC,
	[C_REPLYREC] = M3_ST_RECEIVING,
	[C_RECV_T] = M3_ST_RECEIVING,
	[C_RECV_T2] = M3_ST_RECEIVING,
	[C_SEND_T2] = M3_ST_SENDING,
};

/* How the call is interrupted. */
enum { H_STOP, H_TSTP, H_PTRACE, H_IGN, H_FREEZE };

/* Signal handlers of the subject (val[4]). */
enum { SH_NONE, SH_PLAIN, SH_RESTART, SH_IPC };

/*
 * Shared slots: 1 the subject, 2 the client of a replyrec subject (3 its
 * second receive); val[1] the call, val[4] the handler, val[6] the start
 * of the call (ms), val[7] its duration, val[15] handler runs; ret[13],
 * ret[14] what IPC calls made in the handler returned.
 */
#define S		1
#define CLIENT		2
#define CLIENT2		3

#define SEED_REQ	0x1000
#define SEED_REPLY	0x2000
#define SEED_CLIENT	0x3000

#define CG_ROOT		M3T_CGROUP_ROOT
#define CG_TEST		CG_ROOT "/m3t_restart"

static pid_t subject_pid;	/* for diagnostics */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(long t)
{
	long d = t - now_ms();

	if (d > 0)
		m3t_msleep(d);
}

static void fill(message *m, int type, unsigned int seed)
{
	int k;

	memset(m, 0, sizeof(*m));
	m->m_type = type;
	for (k = 0; k < 7; k++)
		m->m_u.m_u64[k] = (m3_u64)(seed + k) * 0x0101010101010101ULL;
}

static void check_msg(const message *m, int type, int src, unsigned int seed)
{
	message want;

	fill(&want, type, seed);
	ASSERT_EQ(m->m_type, type);
	ASSERT_EQ(m->m_source, src);
	ASSERT_MEMEQ(&m->m_u, &want.m_u, sizeof(want.m_u));
}

/* ---- The subject and its handlers ---------------------------------------- */

static void on_usr1(int sig)
{
	(void)sig;
	m3t_sh->val[15]++;
}

/* While a sendrec's reply is pending, other IPC calls fail -EBUSY. */
static void on_usr1_ipc(int sig)
{
	message hm;

	(void)sig;
	fill(&hm, 60, 0);
	m3t_sh->ret[14] = mnx_receivenb(ANY, &hm);
	fill(&hm, 60, 0);
	m3t_sh->ret[13] = mnx_sendnb(m3t_sh->ep[0], &hm);
	m3t_sh->ret[12] = mnx_notify(m3t_sh->ep[0]);
	__sync_synchronize();
	m3t_sh->val[15]++;
}

static void install_handler(int kind)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	if (kind == SH_NONE)
		return;
	if (kind == SH_RESTART)
		sa.sa_flags = SA_RESTART;
	if (kind == SH_IPC)
		sa.sa_handler = on_usr1_ipc;
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
}

static void done(int i, int ret, const message *m)
{
	m3t_sh->msg[i] = *m;
	m3t_sh->ret[i] = ret;
	__sync_synchronize();
	m3t_sh->go[i] = 1;
}

/* Child S: blocks in the call val[S] names; its result in ret/msg/go[S]. */
static void subject(int i)
{
	int call = (int)m3t_sh->val[i];
	message m;
	long t0;
	int peer, ret;

	install_handler((int)m3t_sh->val[4]);
	fill(&m, 31, SEED_REQ);
	m3t_bind_publish(0, i);
	peer = m3t_wait_ep(0);
	if (call == C_REPLYREC) {
		/* Take the client's request, reply and receive again. */
		ASSERT_EQ(mnx_receive(ANY, &m), 0);
		ASSERT_EQ(m.m_type, 41);
		peer = m.m_source;
		fill(&m, 33, SEED_CLIENT);
	}
	t0 = now_ms();
	m3t_sh->val[6] = t0;
	switch (call) {
	case C_RECV_ANY:
		ret = mnx_receive(ANY, &m);
		break;
	case C_RECV_EP:
		ret = mnx_receive(peer, &m);
		break;
	case C_SEND:
		ret = mnx_send(peer, &m);
		break;
	case C_SR_SEND:
	case C_SR_REPLY:
		ret = mnx_sendrec(peer, &m);
		break;
	case C_REPLYREC:
		ret = mnx_replyrec(peer, &m, ANY);
		break;
	case C_RECV_T:
		ret = mnx_receive_T(ANY, &m, 30000);
		break;
	case C_RECV_T2:
		ret = mnx_receive_T(ANY, &m, 2000);
		break;
	default:
		ret = mnx_send_T(peer, &m, 2000);
		break;
	}
	m3t_sh->val[7] = now_ms() - t0;
	done(i, ret, &m);
	m3t_park();
}

/*
 * Child CLIENT of a replyrec subject: one sendrec to it, then a receive
 * from anyone, where a second copy of the reply would land.
 */
static void client(int i)
{
	message m;
	int srv, ret;

	m3t_bind_publish(0, i);
	srv = m3t_wait_ep(S);
	fill(&m, 41, 0);
	ret = mnx_sendrec(srv, &m);
	done(i, ret, &m);
	ret = mnx_receive(ANY, &m);
	done(i + 1, ret, &m);
	m3t_park();
}

/* ---- Observing the subject ------------------------------------------------- */

static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Wait (up to 3 s) until @pid is in state @st ('T': stopped). */
static void wait_proc_state(pid_t pid, char st)
{
	long end = now_ms() + 3000;
	char s;

	do {
		s = proc_state(pid);
		if (s == st)
			return;
		m3t_msleep(1);
	} while (now_ms() < end);
	M3TEST_FAIL("pid %d never reached state '%c' in 3 s (is '%c'; subject returned: %d, ret %d)",
		    pid, st, s, m3t_sh->go[S], m3t_sh->ret[S]);
}

static void not_returned(void)
{
	if (m3t_sh->go[S])
		M3TEST_FAIL("the call returned %d (expected: blocked in it, or restarted)",
			    m3t_sh->ret[S]);
}

/*
 * After an interruption: the call has not returned and the subject is
 * blocked in it again (up to 5 s), not stopped.
 */
static void wait_reblocked(int c, unsigned int state, pid_t pid)
{
	struct m3_proc_info pi = { 0 };
	long end = now_ms() + 5000;
	bool ok = false;
	char s;

	do {
		not_returned();
		ASSERT_EQ(mnx_proc_info(0, m3_ep_slot(c), &pi), 0);
		ASSERT_EQ(pi.endpoint, c);
		s = pid ? proc_state(pid) : 'S';
		ok = (pi.state & state) == state && s != 'T' && s != 't';
		if (!ok)
			m3t_msleep(1);
	} while (!ok && now_ms() < end);
	if (!ok)
		M3TEST_FAIL("endpoint %d not blocked again (state %#x, want %#x)",
			    c, pi.state, state);
	m3t_msleep(20);
	not_returned();
}

/* Wait (up to @ms) for the call of child @i to end: its result. */
static int wait_done(int i, int ms)
{
	long end = now_ms() + ms;

	while (!m3t_sh->go[i] && now_ms() < end)
		m3t_msleep(1);
	if (!m3t_sh->go[i])
		M3TEST_FAIL("call of child %d still blocked after %d ms", i, ms);
	__sync_synchronize();
	return m3t_sh->ret[i];
}

/* Wait (up to 3 s) for a ptrace stop of @pid for signal @sig. */
static void wait_ptrace_stop(pid_t pid, int sig)
{
	long end = now_ms() + 3000;
	pid_t r;
	int st;

	do {
		r = waitpid(pid, &st, WNOHANG | __WALL);
		ASSERT_GE(r, 0);
		if (r == pid) {
			if (!WIFSTOPPED(st))
				M3TEST_FAIL("tracee %d did not stop: status %#x",
					    pid, st);
			ASSERT_EQ(WSTOPSIG(st), sig);
			return;
		}
		m3t_msleep(1);
	} while (now_ms() < end);
	M3TEST_FAIL("tracee %d never stopped for signal %d in 3 s (state '%c')",
		    pid, sig, proc_state(pid));
}

/* Reap @pid within @ms: 128 + signal, or its exit code. */
static int reap_within(pid_t pid, int ms)
{
	long end = now_ms() + ms;
	pid_t r;
	int st;

	do {
		r = waitpid(pid, &st, WNOHANG);
		ASSERT_GE(r, 0);
		if (r == pid)
			return WIFSIGNALED(st) ? 128 + WTERMSIG(st) :
			       WEXITSTATUS(st);
		m3t_msleep(1);
	} while (now_ms() < end);
	M3TEST_FAIL("pid %d still alive %d ms after SIGKILL (state '%c')", pid,
		    ms, proc_state(pid));
}

/* ---- cgroup v2 freezer -------------------------------------------------- */

/* Thaw the test cgroup, move its processes out, remove it. */
static void cg_remove(void)
{
	char buf[4096], *p, *e;
	long end = now_ms() + 3000;

	if (access(CG_TEST, F_OK))
		return;
	m3t_write_file(CG_TEST "/cgroup.freeze", "0");
	do {
		if (m3t_read_file(CG_TEST "/cgroup.procs", buf, sizeof(buf)) == 0)
			for (p = buf; *p; p = e) {
				e = strchr(p, '\n');
				if (!e)
					break;
				*e++ = 0;
				m3t_write_file(CG_ROOT "/cgroup.procs", p);
			}
		if (rmdir(CG_TEST) == 0 || errno == ENOENT)
			return;
		m3t_msleep(1);
	} while (now_ms() < end);
	M3TEST_FAIL("cannot remove %s: %s", CG_TEST, strerror(errno));
}

/* A fresh cgroup holding @pid. */
static void cg_create(pid_t pid)
{
	char s[32];

	m3t_cgroup2_mount();
	cg_remove();
	if (mkdir(CG_TEST, 0755) < 0)
		M3TEST_FAIL("cgroup v2 freezer not available: mkdir %s: %s",
			    CG_TEST, strerror(errno));
	if (access(CG_TEST "/cgroup.freeze", W_OK))
		M3TEST_FAIL("cgroup v2 freezer not available: no %s/cgroup.freeze",
			    CG_TEST);
	snprintf(s, sizeof(s), "%d", pid);
	ASSERT_EQ(m3t_write_file(CG_TEST "/cgroup.procs", s), 0);
}

/* Wait (up to 5 s) until cgroup.events says frozen @want. */
static void cg_wait_frozen(int want)
{
	char buf[256], line[16], *p;
	long end = now_ms() + 5000;

	snprintf(line, sizeof(line), "frozen %d\n", want);
	do {
		ASSERT_EQ(m3t_read_file(CG_TEST "/cgroup.events", buf, sizeof(buf)), 0);
		if (strstr(buf, line))
			return;
		m3t_msleep(1);
	} while (now_ms() < end);
	for (p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	M3TEST_FAIL("cgroup never reported frozen %d in 5 s (events: %s; subject state '%c', returned %d)",
		    want, buf, proc_state(subject_pid), m3t_sh->go[S]);
}

static void cg_freeze(int on)
{
	ASSERT_EQ(m3t_write_file(CG_TEST "/cgroup.freeze", on ? "1" : "0"), 0);
	cg_wait_frozen(on);
}

/* ---- The scenarios ---------------------------------------------------------- */

/* Receive the subject's request (type 31) from @c. */
static void take_request(int c)
{
	message m;

	ASSERT_EQ(mnx_receive(c, &m), 0);
	check_msg(&m, 31, c, SEED_REQ);
}

/* Send the subject @c a reply of @type; its call ends with exactly that. */
static void reply_checked(int c, int type)
{
	message m;

	fill(&m, type, SEED_REPLY);
	ASSERT_EQ(mnx_send(c, &m), 0);
	ASSERT_EQ(wait_done(S, 5000), 0);
	check_msg(&m3t_sh->msg[S], type, m3t_sh->ep[0], SEED_REPLY);
}

/*
 * Bind ourselves as ep[0] and start a subject blocked in @call with
 * handler @handler; its endpoint, its pid in *pid.
 */
static int start(int call, int handler, pid_t *pid)
{
	int c;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[S] = call;
	m3t_sh->val[4] = handler;
	*pid = m3t_spawn(subject, S);
	subject_pid = *pid;
	c = m3t_wait_ep(S);
	if (call == C_SR_REPLY)
		take_request(c);
	if (call == C_REPLYREC) {
		/* The client has its reply and waits in receive(ANY). */
		m3t_spawn(client, CLIENT);
		ASSERT_EQ(wait_done(CLIENT, 10000), 0);
		check_msg(&m3t_sh->msg[CLIENT], 33, c, SEED_CLIENT);
		m3t_wait_state(0, m3t_sh->ep[CLIENT], M3_ST_RECEIVING);
	}
	wait_reblocked(c, blocked_state[call], 0);
	return c;
}

static const int ignored_sigs[] = { SIGCHLD, SIGWINCH, SIGURG };

/* Interrupt the subject (@pid, @c, blocked in @call) as @how says. */
static void interrupt(int how, int call, pid_t pid, int c)
{
	unsigned int i;

	switch (how) {
	case H_STOP:
	case H_TSTP:
		ASSERT_EQ(kill(pid, how == H_STOP ? SIGSTOP : SIGTSTP), 0);
		wait_proc_state(pid, 'T');
		m3t_msleep(20);
		not_returned();
		ASSERT_EQ(kill(pid, SIGCONT), 0);
		break;
	case H_PTRACE:
		ASSERT_EQ(ptrace(PTRACE_ATTACH, pid, NULL, NULL), 0);
		wait_ptrace_stop(pid, SIGSTOP);
		not_returned();
		ASSERT_EQ(ptrace(PTRACE_DETACH, pid, NULL, NULL), 0);
		break;
	case H_IGN:
		/* Untraced, an ignored signal is dropped when sent... */
		for (i = 0; i < 3; i++)
			ASSERT_EQ(kill(pid, ignored_sigs[i]), 0);
		m3t_msleep(20);
		not_returned();
		/* ...traced, it interrupts the call, then is ignored. */
		for (i = 0; i < 3; i++) {
			ASSERT_EQ(ptrace(PTRACE_SEIZE, pid, NULL, NULL), 0);
			ASSERT_EQ(kill(pid, ignored_sigs[i]), 0);
			wait_ptrace_stop(pid, ignored_sigs[i]);
			not_returned();
			ASSERT_EQ(ptrace(PTRACE_DETACH, pid, NULL,
					 (void *)(long)ignored_sigs[i]), 0);
			wait_reblocked(c, blocked_state[call], pid);
		}
		break;
	case H_FREEZE:
		cg_create(pid);
		cg_freeze(1);
		m3t_msleep(20);
		not_returned();
		cg_freeze(0);
		break;
	}
	wait_reblocked(c, blocked_state[call], pid);
}

/* Let the subject's call complete; check it did, exactly once. */
static void complete(int call, int c)
{
	int me = m3t_sh->ep[0];
	message m;

	switch (call) {
	case C_SEND:
		take_request(c);
		ASSERT_EQ(wait_done(S, 5000), 0);
		ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
		break;
	case C_SR_SEND:
		take_request(c);
		/* fall through */
	case C_SR_REPLY:
		/* The request came once. */
		ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
		reply_checked(c, 32);
		break;
	default:
		reply_checked(c, 77);
		break;
	}
	if (call == C_REPLYREC) {
		/* The client got no second reply: its receive gets ours. */
		m3t_msleep(20);
		if (m3t_sh->go[CLIENT2])
			M3TEST_FAIL("client received a second message: ret %d type %d",
				    m3t_sh->ret[CLIENT2],
				    m3t_sh->msg[CLIENT2].m_type);
		fill(&m, 99, 0);
		ASSERT_EQ(mnx_send(m3t_sh->ep[CLIENT], &m), 0);
		ASSERT_EQ(wait_done(CLIENT2, 5000), 0);
		check_msg(&m3t_sh->msg[CLIENT2], 99, me, 0);
	}
}

static void restart_case(int call, int how)
{
	pid_t pid;
	int c = start(call, SH_NONE, &pid);

	interrupt(how, call, pid, c);
	complete(call, c);
	if (how == H_FREEZE)
		cg_remove();
}

/* 1. The cgroup v2 freezer freezes a process blocked in any call. */
TEST(freeze_receive_any)
{
	restart_case(C_RECV_ANY, H_FREEZE);
}

TEST(freeze_receive_ep)
{
	restart_case(C_RECV_EP, H_FREEZE);
}

TEST(freeze_send)
{
	restart_case(C_SEND, H_FREEZE);
}

TEST(freeze_sendrec_send_half)
{
	restart_case(C_SR_SEND, H_FREEZE);
}

TEST(freeze_sendrec_reply_half)
{
	restart_case(C_SR_REPLY, H_FREEZE);
}

TEST(freeze_replyrec_receive_half)
{
	restart_case(C_REPLYREC, H_FREEZE);
}

TEST(freeze_receive_T)
{
	restart_case(C_RECV_T, H_FREEZE);
}

/* 2. Stops and ignored signals restart the call transparently. */
TEST(sigstop_receive_any)
{
	restart_case(C_RECV_ANY, H_STOP);
}

TEST(sigstop_receive_ep)
{
	restart_case(C_RECV_EP, H_STOP);
}

TEST(sigstop_send)
{
	restart_case(C_SEND, H_STOP);
}

TEST(sigstop_sendrec_send_half)
{
	restart_case(C_SR_SEND, H_STOP);
}

/* 3. SIGSTOP really stops a sendrec waiting for its reply. */
TEST(sigstop_sendrec_reply_half)
{
	restart_case(C_SR_REPLY, H_STOP);
}

/* 4. The restart of replyrec only receives. */
TEST(sigstop_replyrec_receive_half)
{
	restart_case(C_REPLYREC, H_STOP);
}

TEST(sigstop_receive_T)
{
	restart_case(C_RECV_T, H_STOP);
}

TEST(sigtstp_receive_any)
{
	restart_case(C_RECV_ANY, H_TSTP);
}

TEST(sigtstp_sendrec_reply_half)
{
	restart_case(C_SR_REPLY, H_TSTP);
}

TEST(ptrace_attach_receive_any)
{
	restart_case(C_RECV_ANY, H_PTRACE);
}

TEST(ptrace_attach_send)
{
	restart_case(C_SEND, H_PTRACE);
}

TEST(ptrace_attach_sendrec_reply_half)
{
	restart_case(C_SR_REPLY, H_PTRACE);
}

TEST(ptrace_attach_replyrec_receive_half)
{
	restart_case(C_REPLYREC, H_PTRACE);
}

TEST(ignored_signals_receive_any)
{
	restart_case(C_RECV_ANY, H_IGN);
}

TEST(ignored_signals_send)
{
	restart_case(C_SEND, H_IGN);
}

TEST(ignored_signals_sendrec_send_half)
{
	restart_case(C_SR_SEND, H_IGN);
}

TEST(ignored_signals_sendrec_reply_half)
{
	restart_case(C_SR_REPLY, H_IGN);
}

/* Child: resume the subject 300 ms from now (val[8]: thaw, else SIGCONT). */
static void resume_later(int i)
{
	(void)i;
	m3t_msleep(300);
	if (m3t_sh->val[8])
		ASSERT_EQ(m3t_write_file(CG_TEST "/cgroup.freeze", "0"), 0);
	else
		ASSERT_EQ(kill(subject_pid, SIGCONT), 0);
}

/*
 * 1, 3. The reply comes while the client is frozen or stopped in its
 * reply wait: once resumed, the client returns it.
 */
static void reply_while_held(int how)
{
	message m;
	pid_t pid;
	int c;

	c = start(C_SR_REPLY, SH_NONE, &pid);
	if (how == H_FREEZE) {
		cg_create(pid);
		cg_freeze(1);
	} else {
		ASSERT_EQ(kill(pid, SIGSTOP), 0);
		wait_proc_state(pid, 'T');
	}
	m3t_msleep(20);
	not_returned();
	/* Our send completes now or once the helper resumed the client. */
	m3t_sh->val[8] = how == H_FREEZE;
	m3t_spawn(resume_later, 5);
	reply_checked(c, 32);
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	if (how == H_FREEZE)
		cg_remove();
}

TEST(freeze_reply_sent_while_frozen)
{
	reply_while_held(H_FREEZE);
}

TEST(sigstop_reply_sent_while_stopped)
{
	reply_while_held(H_STOP);
}

/*
 * 2. A handler still ends a call with -EINTR, with or without SA_RESTART,
 * after the call survived a stop; and the call did nothing.
 */
static void handler_after_restart(int call)
{
	int kind, c;
	message m;
	pid_t pid;

	for (kind = SH_PLAIN; kind <= SH_RESTART; kind++) {
		c = start(call, kind, &pid);
		interrupt(H_STOP, call, pid, c);
		ASSERT_EQ(kill(pid, SIGUSR1), 0);
		ASSERT_EQ(wait_done(S, 5000), -EINTR);
		ASSERT_EQ(m3t_sh->val[15], 1);
		if (call == C_RECV_ANY) {
			fill(&m, 5, 0);
			ASSERT_EQ(mnx_sendnb(c, &m), -ENOTREADY);
		} else {
			ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
		}
		ASSERT_EQ(kill(pid, SIGKILL), 0);
		ASSERT_EQ(m3t_join(pid), 128 + SIGKILL);
	}
}

TEST(handler_eintr_after_stop_receive_any)
{
	handler_after_restart(C_RECV_ANY);
}

TEST(handler_eintr_after_stop_send)
{
	handler_after_restart(C_SEND);
}

TEST(handler_eintr_after_stop_sendrec_send_half)
{
	handler_after_restart(C_SR_SEND);
}

/*
 * 3. A handler runs promptly during a sendrec's reply wait, which then goes
 * on and returns the reply; IPC calls from the handler fail -EBUSY.
 */
static void reply_wait_handler(int kind)
{
	long end;
	pid_t pid;
	int c;

	c = start(C_SR_REPLY, kind, &pid);
	ASSERT_EQ(kill(pid, SIGUSR1), 0);
	end = now_ms() + 2000;
	while (!m3t_sh->val[15] && now_ms() < end) {
		not_returned();
		m3t_msleep(1);
	}
	if (!m3t_sh->val[15])
		M3TEST_FAIL("the SIGUSR1 handler did not run within 2 s (reply pending, subject state '%c')",
			    proc_state(pid));
	__sync_synchronize();
	not_returned();
	wait_reblocked(c, M3_ST_RECEIVING | M3_ST_SENDREC, pid);
	if (kind == SH_IPC) {
		ASSERT_EQ(m3t_sh->ret[14], -EBUSY);
		ASSERT_EQ(m3t_sh->ret[13], -EBUSY);
		ASSERT_EQ(m3t_sh->ret[12], -EBUSY);
	}
	complete(C_SR_REPLY, c);
	ASSERT_EQ(m3t_sh->val[15], 1);
}

TEST(handler_runs_during_reply_wait)
{
	reply_wait_handler(SH_PLAIN);
}

TEST(handler_sa_restart_runs_during_reply_wait)
{
	reply_wait_handler(SH_RESTART);
}

TEST(ipc_from_handler_during_reply_wait_ebusy)
{
	reply_wait_handler(SH_IPC);
}

/* An ioctl with struct m3_ipc_args built by hand. */
static int raw_ipc(int fd, unsigned long cmd, struct m3_ipc_args *a)
{
	int ret = ioctl(fd, cmd, a);

	return ret < 0 ? -errno : ret;
}

/* 4. replyrec to NONE sends nothing and only receives. */
TEST(replyrec_to_none_only_receives)
{
	struct m3_ipc_args a = { .ep = NONE, .flags = M3_IPC_NONBLOCK };
	message m;
	pid_t pid;
	int c, fd, ret;

	fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	c = start(C_RECV_ANY, SH_NONE, &pid);
	/* Nothing to receive: -ENOTREADY, and c, receiving, got nothing. */
	fill(&m, 12, 0);
	a.msg = (uintptr_t)&m;
	a.src = ANY;
	ret = raw_ipc(fd, M3_IOC_REPLYREC, &a);
	ASSERT_EQ(ret, -ENOTREADY);
	m3t_msleep(20);
	not_returned();
	complete(C_RECV_ANY, c);
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(m3t_join(pid), 128 + SIGKILL);

	/* A sender waiting: received, through libm3 too. */
	c = start(C_SEND, SH_NONE, &pid);
	fill(&m, 12, 0);
	ASSERT_EQ(mnx_replyrec(NONE, &m, ANY), 0);
	check_msg(&m, 31, c, SEED_REQ);
	ASSERT_EQ(wait_done(S, 5000), 0);
	close(fd);
}

/*
 * 5. The _T calls keep their deadline across a stop or a freeze from
 * ~300 to ~1300 ms: -ETIMEDOUT at ~2000 ms, not ~3300.
 */
static void deadline_kept(int call, int how)
{
	message m;
	pid_t pid;
	long t0;

	start(call, SH_NONE, &pid);
	t0 = m3t_sh->val[6];
	if (how == H_FREEZE)
		cg_create(pid);
	sleep_until(t0 + 300);
	not_returned();
	if (how == H_FREEZE) {
		cg_freeze(1);
	} else {
		ASSERT_EQ(kill(pid, SIGSTOP), 0);
		wait_proc_state(pid, 'T');
	}
	ASSERT_LT(now_ms(), t0 + 1300);
	sleep_until(t0 + 1300);
	not_returned();
	if (how == H_FREEZE)
		cg_freeze(0);
	else
		ASSERT_EQ(kill(pid, SIGCONT), 0);
	ASSERT_EQ(wait_done(S, 5000), -ETIMEDOUT);
	ASSERT_GE(m3t_sh->val[7], 1900);
	ASSERT_LE(m3t_sh->val[7], 2600);
	/* A send that timed out delivered nothing. */
	ASSERT_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	if (how == H_FREEZE)
		cg_remove();
}

TEST(receive_T_keeps_deadline_across_stop)
{
	deadline_kept(C_RECV_T2, H_STOP);
}

TEST(send_T_keeps_deadline_across_stop)
{
	deadline_kept(C_SEND_T2, H_STOP);
}

TEST(receive_T_keeps_deadline_across_freeze)
{
	deadline_kept(C_RECV_T2, H_FREEZE);
}

/* Children of the raw deadline test: child i acts on go[i], then idles. */
static void raw_peer(int i)
{
	message m;
	int peer;

	m3t_bind_publish(0, i);
	peer = m3t_wait_ep(0);
	if (i == 1)
		m3t_park();
	m3t_wait_set(&m3t_sh->go[i]);
	fill(&m, 50 + i, i);
	if (i == 2) {
		m3t_sh->ret[i] = mnx_send(peer, &m);
	} else if (i == 3) {
		m3t_sh->ret[i] = mnx_notify(peer);
	} else {
		m3t_sh->ret[i] = mnx_receive(ANY, &m);
		m3t_sh->msg[i] = m;
	}
	__sync_synchronize();
	m3t_sh->ready[8 + i] = 1;
	m3t_park();
}

static void on_guard(int sig)
{
	(void)sig;
}

static timer_t guard;

/* One raw ioctl with a deadline 1 s in the past; *ms its duration. */
static int raw_call(int fd, unsigned long cmd, int ep, message *m, long *ms)
{
	struct m3_ipc_args a = {
		.ep = ep,
		.flags = M3_IPC_DEADLINE,
		.msg = (uintptr_t)m,
		.deadline_ns = now_ns() - 1000000000LL,
	};
	struct itimerspec on = { .it_value = { 1, 0 } }, off = { 0 };
	long t0 = now_ms();
	int ret;

	/* A call that blocks is ended (-EINTR) after 1 s by the guard. */
	ASSERT_EQ(timer_settime(guard, 0, &on, NULL), 0);
	ret = raw_ipc(fd, cmd, &a);
	ASSERT_EQ(timer_settime(guard, 0, &off, NULL), 0);
	*ms = now_ms() - t0;
	return ret;
}

/* 5. A deadline in the past: a poll, -ETIMEDOUT only if nothing is ready. */
TEST(deadline_in_the_past_polls)
{
	struct sigaction sa = { .sa_handler = on_guard };	/* -EINTR */
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2,
	};
	message m, orig;
	int fd, c1, c2, c3, c4, me, r;
	long ms;

	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(sigaction(SIGUSR2, &sa, NULL), 0);
	ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &sev, &guard), 0);
	fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	m3t_setup();
	me = m3t_bind_publish(0, 0);
	m3t_spawn(raw_peer, 1);
	m3t_spawn(raw_peer, 2);
	m3t_spawn(raw_peer, 3);
	m3t_spawn(raw_peer, 4);
	c1 = m3t_wait_ep(1);
	c2 = m3t_wait_ep(2);
	c3 = m3t_wait_ep(3);
	c4 = m3t_wait_ep(4);

	/* Nothing ready: -ETIMEDOUT at once, the message untouched. */
	fill(&orig, 7, 7);
	m = orig;
	r = raw_call(fd, M3_IOC_RECEIVE, ANY, &m, &ms);
	ASSERT_EQ(r, -ETIMEDOUT);
	ASSERT_LT(ms, 500);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));
	r = raw_call(fd, M3_IOC_RECEIVE, c1, &m, &ms);
	ASSERT_EQ(r, -ETIMEDOUT);
	ASSERT_LT(ms, 500);
	r = raw_call(fd, M3_IOC_SEND, c1, &m, &ms);
	ASSERT_EQ(r, -ETIMEDOUT);
	ASSERT_LT(ms, 500);
	r = raw_call(fd, M3_IOC_SENDREC, c1, &m, &ms);
	ASSERT_EQ(r, -ETIMEDOUT);
	ASSERT_LT(ms, 500);
	ASSERT_MEMEQ(&m, &orig, sizeof(m));

	/* A sender waiting: received. */
	m3t_sh->go[2] = 1;
	m3t_wait_state(0, c2, M3_ST_SENDING);
	r = raw_call(fd, M3_IOC_RECEIVE, ANY, &m, &ms);
	ASSERT_EQ(r, 0);
	check_msg(&m, 52, c2, 2);
	m3t_wait_set(&m3t_sh->ready[10]);
	ASSERT_EQ(m3t_sh->ret[2], 0);

	/* A notification pending: received. */
	m3t_sh->go[3] = 1;
	m3t_wait_set(&m3t_sh->ready[11]);
	ASSERT_EQ(m3t_sh->ret[3], 0);
	r = raw_call(fd, M3_IOC_RECEIVE, c3, &m, &ms);
	ASSERT_EQ(r, 0);
	ASSERT_EQ(m.m_type, NOTIFY_MESSAGE);
	ASSERT_EQ(m.m_source, c3);

	/* A receiver waiting: sent. */
	m3t_sh->go[4] = 1;
	m3t_wait_state(0, c4, M3_ST_RECEIVING);
	fill(&m, 54, 4);
	r = raw_call(fd, M3_IOC_SEND, c4, &m, &ms);
	ASSERT_EQ(r, 0);
	m3t_wait_set(&m3t_sh->ready[12]);
	ASSERT_EQ(m3t_sh->ret[4], 0);
	check_msg(&m3t_sh->msg[4], 54, me, 4);
	close(fd);
}

/* 6. A fatal signal ends a reply wait at once, frozen or not. */
TEST(sigkill_ends_reply_wait)
{
	pid_t pid;
	int c = start(C_SR_REPLY, SH_NONE, &pid);

	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(reap_within(pid, 1000), 128 + SIGKILL);
	m3t_wait_gone(0, c);
}

TEST(sigkill_ends_frozen_reply_wait)
{
	pid_t pid;
	int c = start(C_SR_REPLY, SH_NONE, &pid);

	cg_create(pid);
	cg_freeze(1);
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(reap_within(pid, 1000), 128 + SIGKILL);
	m3t_wait_gone(0, c);
	cg_remove();
}
