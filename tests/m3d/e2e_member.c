// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A member of a VM for the end-to-end test (run-e2e.sh):
 *   e2e_member serve VMID      bind slot 0, print "bound EP", answer every
 *                              request with m_type + 1; on SIGPIPE (the VM
 *                              was ended) print "SIGPIPE" and exit 0
 *   e2e_member call VMID PID   bind, sendrec 41 to the thread PID, print
 *                              "reply N", exit 0 if N is 42
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int serve(int vmid)
{
	message m;
	int ep = mnx_bind(vmid, 0), r;

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

static int call(int vmid, int pid)
{
	message m;
	int ep = mnx_bind(vmid, -1), peer, r;

	if (ep < 0) {
		printf("bind: %s\n", m3_strerror(ep));
		return 1;
	}
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

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "call"))
		return call(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: e2e_member serve VMID | call VMID PID\n");
	return 2;
}
