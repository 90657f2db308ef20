// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak [-k KILL_MS] [-W WATCHDOG_MS] [-s SEED] LOGFILE: this node's
 * part of the soak (m3x_soak.h), in VM m3x_vm, which must span nodes
 * 0..N-1. It forks the servers and clients, kills a member process at
 * random every KILL_MS on average (0: never) and starts it again, and
 * appends the members' records to LOGFILE. Then, as soak.sh says by
 * creating a file:
 *   /tmp/soak.stop    the clients end their calls ("stopped" once they
 *                     have; they stay bound);
 *   /tmp/soak.drain   the stopper starts, the servers take what is left
 *                     and end; then every member leaves ("done ...").
 * Exit status 1 if a member died on its own or did not end when told to
 * (the log says so too; m3x soak-check judges the rest).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "m3x_soak.h"

#define XS_STOP_GATE	"/tmp/soak.stop"
#define XS_DRAIN_GATE	"/tmp/soak.drain"
#define XS_FLUSH_MS	500

/* A member process: its members, and what its threads run. */
struct xs_proc {
	pid_t pid;
	int first, nr, killed;
	void *(*fn)(void *);
};

static struct xs_proc xs_procs[XS_SRV_PROCS + XS_CLI_PROCS + 1];
static const int xs_nr_killable = XS_SRV_PROCS + XS_CLI_PROCS;
static unsigned long xs_kills, xs_deaths, xs_stuck;
static uint32_t xs_next_flush;

static void xs_spawn(struct xs_proc *p)
{
	fflush(NULL);
	p->killed = 0;
	p->pid = fork();
	if (p->pid == 0)
		xs_run_members(p->first, p->nr, p->fn);
	if (p->pid < 0) {
		m3x_fail("fork: %m");
		exit(1);
	}
}

static void xs_procs_init(void)
{
	int i, n = 0;

	for (i = 0; i < XS_SRV_PROCS; i++, n++)
		xs_procs[n] = (struct xs_proc){ .first = i * XS_SRV_THREADS,
			.nr = XS_SRV_THREADS, .fn = xs_server };
	for (i = 0; i < XS_CLI_PROCS; i++, n++)
		xs_procs[n] = (struct xs_proc){
			.first = XS_SERVERS + i * XS_CLI_THREADS,
			.nr = XS_CLI_THREADS, .fn = xs_client };
	xs_procs[n] = (struct xs_proc){ .first = XS_STOPPER, .nr = 1,
					.fn = xs_stopper };
}

/*
 * Process @p ended with wait @status: its records, marked if it was
 * killed or died (not if it left when told to); again?
 */
static void xs_reaped(struct xs_proc *p, int status)
{
	int m, died = !p->killed && !xs->exit;

	for (m = p->first; m < p->first + p->nr; m++)
		if (p->killed || died)
			xs_flush_killed(m, died, status);
		else
			xs_flush_left(m);
	p->pid = 0;
	if (died) {
		xs_deaths++;
		printf("soak: member process %d..%d died on its own (%#x)\n",
		       p->first, p->first + p->nr - 1, status);
	}
	if (!xs->stop && p->fn != xs_stopper)
		xs_spawn(p);
}

static void xs_reap(void)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i <= xs_nr_killable; i++)
			if (xs_procs[i].pid == pid)
				xs_reaped(&xs_procs[i], status);
}

static void xs_kill_one(void)
{
	struct xs_proc *p = &xs_procs[xs_rand(&xs->seed) % xs_nr_killable];
	int status;

	if (p->pid <= 0)
		return;
	kill(p->pid, SIGKILL);
	waitpid(p->pid, &status, 0);
	p->killed = 1;
	xs_kills++;
	xs_reaped(p, status);
}

/* Reap and flush for @ms, or until @done() (which may be NULL). */
static void xs_tend(long ms, int (*done)(void))
{
	long long end = m3x_now_ms() + ms;

	while (m3x_now_ms() < end && !(done && done())) {
		m3x_sleep_ms(50);
		xs_reap();
		if ((int32_t)(xs_now() - xs_next_flush) >= 0) {
			xs_flush_all();
			xs_next_flush = xs_now() + XS_FLUSH_MS;
		}
	}
}

static int xs_stop_gate(void)
{
	return !access(XS_STOP_GATE, F_OK);
}

static int xs_drain_gate(void)
{
	return !access(XS_DRAIN_GATE, F_OK);
}

/* Have members @first .. @last - 1 all ended? */
static int xs_ended(int first, int last)
{
	int m;

	for (m = first; m < last; m++)
		if (xs->ep[m] >= 0 && !xs->ended[m])
			return 0;
	return 1;
}

static int xs_clients_ended(void)
{
	return xs_ended(XS_SERVERS, XS_STOPPER);
}

static int xs_all_ended(void)
{
	return xs_ended(0, XS_MEMBERS);
}

static int xs_all_reaped(void)
{
	int i;

	for (i = 0; i <= xs_nr_killable; i++)
		if (xs_procs[i].pid > 0)
			return 0;
	return 1;
}

/* Members that did not end: anomalies, with their slots' states. */
static void xs_note_stuck(int first, int last)
{
	struct m3_proc_info pi;
	int m;

	for (m = first; m < last; m++) {
		if (xs->ep[m] < 0 || xs->ended[m])
			continue;
		if (mnx_proc_info(m3x_vm, xs_slot(m, xs->node), &pi) < 0)
			pi.state = 0xffff;
		printf("soak: member %d (%d) did not end: state %s, sending to"
		       " %d, receiving from %d\n", m, xs->ep[m],
		       m3_state_name(pi.state), pi.sendto, pi.getfrom);
		xs_flush_stuck(m, pi.state);
		xs_stuck++;
	}
}

/* Run until the stop gate, killing a member now and then. */
static void xs_run(long kill_ms)
{
	int i;

	for (i = 0; i < xs_nr_killable; i++)
		xs_spawn(&xs_procs[i]);
	printf("started\n");
	while (!xs_stop_gate()) {
		xs_tend(kill_ms ? kill_ms / 2 + (long)(xs_rand(&xs->seed) %
					(uint64_t)kill_ms) : 200, xs_stop_gate);
		if (kill_ms && !xs_stop_gate())
			xs_kill_one();
	}
}

/* The end: clients, then (on the drain gate) servers, then everyone. */
static void xs_finish(void)
{
	long grace = xs->watchdog_ms + 30000;
	int i;

	xs->stop = 1;
	xs_tend(grace, xs_clients_ended);
	xs_note_stuck(XS_SERVERS, XS_STOPPER);
	printf("stopped\n");
	xs_tend(3600 * 1000L, xs_drain_gate);
	xs->drain = 1;
	xs_spawn(&xs_procs[xs_nr_killable]);
	xs_tend(grace, xs_all_ended);
	xs_note_stuck(0, XS_MEMBERS);
	xs->exit = 1;
	xs_tend(20000, xs_all_reaped);
	for (i = 0; i <= xs_nr_killable; i++)
		if (xs_procs[i].pid > 0)
			kill(xs_procs[i].pid, SIGKILL);
	while (wait(NULL) > 0)
		;
	xs_flush_all();
}

/* This node, and the nodes of the VM: 0..N-1, N of 2 or 3. */
static int xs_where(void)
{
	struct m3_drvs_info d;
	struct m3_vm_info v;
	int n, ret;

	ret = mnx_drvs_info(&d);
	if (ret == 0)
		ret = mnx_vm_info(m3x_vm, &v);
	if (ret < 0)
		return m3x_fail("info: %s", m3_errname(ret));
	xs->node = d.nodeid;
	for (n = 0; n < M3_MAX_NODES && M3_NODE_ISSET(v.params.nodes, n); n++)
		;
	xs->nr_nodes = n;
	if (n < 2 || n > 3 || xs->node >= n)
		return m3x_fail("VM %d must span nodes 0..N-1 (N 2 or 3)",
				m3x_vm);
	return 0;
}

static int xs_setup(int argc, char **argv, long *kill_ms)
{
	int opt, m;

	xs = mmap(NULL, sizeof(*xs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (xs == MAP_FAILED)
		return m3x_fail("mmap: %m");
	xs->watchdog_ms = 30000;
	xs->seed = (uint64_t)time(NULL) * 2654435761u | 1;
	while ((opt = getopt(argc, argv, "+k:W:s:")) != -1) {
		if (opt == 'k')
			*kill_ms = atol(optarg);
		else if (opt == 'W')
			xs->watchdog_ms = atol(optarg);
		else if (opt == 's')
			xs->seed = strtoull(optarg, NULL, 0) | 1;
		else
			return 2;
	}
	if (optind != argc - 1 || *kill_ms < 0 || xs->watchdog_ms < 1)
		return 2;
	for (m = 0; m < XS_MEMBERS; m++)
		xs->ep[m] = -1;
	return xs_where() || xs_flush_open(argv[optind]);
}

int m3x_soak(int argc, char **argv)
{
	long kill_ms = 4000;
	int ret;

	optind = 0;
	ret = xs_setup(argc + 1, argv - 1, &kill_ms);
	if (ret)
		return ret;
	printf("soak: node %d of %d, VM %d, %d servers and %d clients, a kill"
	       " every ~%ld ms, watchdog %ld ms, seed %llu\n", xs->node,
	       xs->nr_nodes, m3x_vm, XS_SERVERS, XS_CLIENTS, kill_ms,
	       xs->watchdog_ms, (unsigned long long)xs->seed);
	xs_procs_init();
	xs_next_flush = xs_now() + XS_FLUSH_MS;
	xs_run(kill_ms);
	xs_finish();
	printf("done: %lu member kills, %lu died on their own, %lu did not"
	       " end\n", xs_kills, xs_deaths, xs_stuck);
	return xs_deaths || xs_stuck;
}
