// SPDX-License-Identifier: GPL-2.0
/*
 * m3soak: the orchestrator. See soak.h.
 *   m3soak [-t SECONDS] [-p PROCS] [-T THREADS] [-k KILL_MS] [-s SEED]
 * PROCS server and PROCS client processes of THREADS threads each; every
 * KILL_MS (on average; 0: never) one of them is killed and restarted.
 * Exit status 0 only if no anomaly was seen, every pair made progress and
 * the last incarnations agree on what was sent (exactly once).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"

struct sk_shared *sk;
int sk_threads = 4;

static struct {
	int secs, procs, kill_ms;
	uint64_t seed;
} opt = { 60, 4, 300, 0 };

static pid_t srv_pid[SK_MAX_PROCS], cli_pid[SK_MAX_PROCS];
static unsigned long kills, spawns;

static pid_t sk_spawn(int i, int client)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (client)
			sk_client(i, opt.seed + spawns);
		sk_server(i);
	}
	if (pid < 0) {
		perror("m3soak: fork");
		exit(2);
	}
	spawns++;
	return pid;
}

static int sk_setup(void)
{
	struct m3_vm_params p = {
		.vmid = 0, .mode = 0600, .flags = M3_VM_STRICT_COPY,
		.max_procs = 2 * SK_MAX_PROCS * SK_MAX_THREADS,
	};
	int i, j;

	sk = mmap(NULL, sizeof(*sk), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sk == MAP_FAILED)
		return -1;
	for (i = 0; i < SK_MAX_PROCS; i++)
		for (j = 0; j < SK_MAX_THREADS; j++)
			sk->pair[i][j].srv_ep = sk->pair[i][j].cli_ep = -1;
	mnx_drvs_end();
	if (mnx_drvs_init(0, NULL) || mnx_vm_init(&p) != 0)
		return -1;
	return 0;
}

/* Kill one member at random, wait for it, restart it. */
static void sk_kill_one(uint64_t *rng)
{
	int i = sk_rand(rng) % opt.procs, client = sk_rand(rng) & 1, j;
	pid_t *pid = client ? &cli_pid[i] : &srv_pid[i];
	int status;

	kill(*pid, SIGKILL);
	waitpid(*pid, &status, 0);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		sk_anomaly("member died on its own", i, -1, status, 0);
	kills++;
	for (j = 0; !client && j < sk_threads; j++)
		sk->pair[i][j].srv_ep = -1;
	*pid = sk_spawn(i, client);
}

static double sk_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void sk_run(void)
{
	double end = sk_now() + opt.secs;
	uint64_t rng = opt.seed | 1;
	int i;

	for (i = 0; i < opt.procs; i++) {
		srv_pid[i] = sk_spawn(i, 0);
		cli_pid[i] = sk_spawn(i, 1);
	}
	while (sk_now() < end) {
		if (!opt.kill_ms) {
			usleep(100000);
			continue;
		}
		usleep(1000 * (opt.kill_ms / 2 + sk_rand(&rng) % opt.kill_ms));
		sk_kill_one(&rng);
	}
}

/* Clients send FIN and exit by themselves; servers are killed. */
static void sk_stop(void)
{
	int i, status, n;
	pid_t pid;

	sk->stop = 1;
	for (i = 0; i < opt.procs; i++) {
		for (n = 0; (pid = waitpid(cli_pid[i], &status, WNOHANG)) == 0 &&
			    n < 3000; n++)
			usleep(10000);
		if (pid != cli_pid[i] || !WIFEXITED(status) || WEXITSTATUS(status))
			sk_anomaly("client did not finish", i, -1, pid, status);
		if (pid == 0)
			kill(cli_pid[i], SIGKILL);
	}
	for (i = 0; i < opt.procs; i++)
		kill(srv_pid[i], SIGKILL);
	while (wait(&status) > 0 || errno == EINTR)
		;
}

/* The last incarnations agree on every pair; every pair made progress. */
static void sk_verify(void)
{
	int i, j;

	for (i = 0; i < opt.procs; i++) {
		for (j = 0; j < sk_threads; j++) {
			struct sk_pair *p = &sk->pair[i][j];

			if (!p->fin_done) {
				sk_anomaly("no FIN", i, j, 0, 0);
				continue;
			}
			if (p->srv_from != p->cli_ep || p->cli_to != p->srv_ep)
				sk_anomaly("FIN endpoints", i, j, p->srv_from, p->cli_ep);
			if (p->srv_count != p->cli_count)
				sk_anomaly("sent != received", i, j,
					   (long)p->cli_count, (long)p->srv_count);
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: m3soak [-t SECONDS] [-p PROCS] [-T THREADS] "
		"[-k KILL_MS] [-s SEED]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c;

	opt.seed = (uint64_t)time(NULL);
	while ((c = getopt(argc, argv, "t:p:T:k:s:")) != -1) {
		switch (c) {
		case 't': opt.secs = atoi(optarg); break;
		case 'p': opt.procs = atoi(optarg); break;
		case 'T': sk_threads = atoi(optarg); break;
		case 'k': opt.kill_ms = atoi(optarg); break;
		case 's': opt.seed = strtoull(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (opt.procs < 1 || opt.procs > SK_MAX_PROCS || sk_threads < 1 ||
	    sk_threads > SK_MAX_THREADS || opt.secs < 1 || opt.kill_ms < 0)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("m3soak: seed %llu, %d s, %d pairs of processes x %d threads, "
	       "a kill every ~%d ms\n", (unsigned long long)opt.seed, opt.secs,
	       opt.procs, sk_threads, opt.kill_ms);
	if (sk_setup()) {
		fprintf(stderr, "m3soak: cannot set up the DRVS and VM 0\n");
		return 2;
	}
	sk_run();
	sk_stop();
	sk_verify();
	mnx_drvs_end();
	printf("m3soak: messages %llu verified (+%llu replies), bytes %llu "
	       "verified, kills %lu survived, restarts %lu, peer changes %llu, "
	       "anomalies %llu\n", (unsigned long long)sk->msgs,
	       (unsigned long long)sk->replies, (unsigned long long)sk->bytes,
	       kills, spawns - 2 * opt.procs,
	       (unsigned long long)sk->peer_changes,
	       (unsigned long long)sk->anomalies);
	return sk->anomalies || !sk->msgs ? 1 : 0;
}
