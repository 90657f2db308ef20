// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A member of a VM for the end-to-end test (run-e2e.sh) and the tests
 * that run in its guest (test_output.sh):
 *   e2e_member [-n NAME] ...   first give the thread the comm NAME
 *                              (prctl PR_SET_NAME: any bytes, 15 at most)
 *   e2e_member serve VMID [SLOT]
 *                              bind SLOT (default 0), print "bound EP",
 *                              answer every request with m_type + 1; on
 *                              SIGPIPE (the VM was ended) print "SIGPIPE"
 *                              and exit 0
 *   e2e_member call VMID PID   bind, sendrec 41 to the thread PID, print
 *                              "reply N", exit 0 if N is 42
 *   e2e_member callep VMID EP  the same to the endpoint EP (on any node)
 *   e2e_member hold VMID SLOT  bind SLOT, print "bound EP", sleep
 *   e2e_member send VMID SLOT EP
 *                              bind SLOT, print "bound EP", send to EP
 *                              (blocked until EP receives)
 *   e2e_member drvs init|end   start the DRVS (node 0 of 1, max_copy
 *                              3000000000) or end it
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <m3/m3.h>

static void on_sigpipe(int sig)
{
	static const char msg[] = "SIGPIPE\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(0);
}

static int serve(int vmid, int slot)
{
	message m;
	int ep = mnx_bind(vmid, slot), r;

	if (ep < 0) {
		printf("bind: %s\n", m3_strerror(ep));
		return 1;
	}
	signal(SIGPIPE, on_sigpipe);
	printf("bound %d\n", ep);
	fflush(stdout);
	for (;;) {
		r = mnx_receive(ANY, &m);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			printf("receive: %s\n", m3_strerror(r));
			sleep(1);	/* SIGPIPE comes first if the VM ended */
			return 1;
		}
		m.m_type++;
		mnx_send(m.m_source, &m);
	}
}

/* Bind VMID's first free slot and sendrec 41 to PEER, or to the thread
 * PID's endpoint when PEER is -1.
 */
static int call(int vmid, int pid, int peer)
{
	message m;
	int ep = mnx_bind(vmid, -1), r;

	if (ep < 0) {
		printf("bind: %s\n", m3_strerror(ep));
		return 1;
	}
	if (peer == -1)
		peer = mnx_getep(pid);
	if (peer < 0) {
		printf("getep %d: %s\n", pid, m3_strerror(peer));
		return 1;
	}
	memset(&m, 0, sizeof(m));
	m.m_type = 41;
	r = mnx_sendrec(peer, &m);
	if (r < 0) {
		printf("sendrec: %s\n", m3_strerror(r));
		return 1;
	}
	printf("reply %d\n", m.m_type);
	mnx_unbind();
	return m.m_type == 42 ? 0 : 1;
}

static int bound(int vmid, int slot)
{
	int ep = mnx_bind(vmid, slot);

	if (ep < 0) {
		printf("bind: %s\n", m3_strerror(ep));
		exit(1);
	}
	printf("bound %d\n", ep);
	fflush(stdout);
	return ep;
}

static void hold(int vmid, int slot)
{
	bound(vmid, slot);
	for (;;)
		pause();
}

static int send_to(int vmid, int slot, int dst)
{
	message m;
	int r;

	bound(vmid, slot);
	memset(&m, 0, sizeof(m));
	m.m_type = 41;
	r = mnx_send(dst, &m);
	printf("send: %s\n", r < 0 ? m3_strerror(r) : "done");
	return r < 0;
}

static int drvs(const char *what)
{
	struct m3_drvs_params p;
	int r;

	memset(&p, 0, sizeof(p));
	p.nr_nodes = 1;
	p.max_copy = 3000000000U;	/* beyond int32 */
	r = !strcmp(what, "init") ? mnx_drvs_init(0, &p) : mnx_drvs_end();
	if (r < 0) {
		printf("drvs %s: %s\n", what, m3_strerror(r));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "-n")) {
		prctl(PR_SET_NAME, argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && !strcmp(argv[1], "drvs"))
		return drvs(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "hold"))
		hold(atoi(argv[2]), atoi(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return send_to(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]), argc == 4 ? atoi(argv[3]) : 0);
	if (argc == 4 && !strcmp(argv[1], "call"))
		return call(atoi(argv[2]), atoi(argv[3]), -1);
	if (argc == 4 && !strcmp(argv[1], "callep"))
		return call(atoi(argv[2]), 0, atoi(argv[3]));
	fprintf(stderr, "usage: e2e_member [-n NAME] serve VMID [SLOT] |"
		" call VMID PID | callep VMID EP | hold VMID SLOT |"
		" send VMID SLOT EP | drvs init|end\n");
	return 2;
}
