// SPDX-License-Identifier: GPL-2.0
/*
 * m3x hostile [-u UID] [-r REPEAT] [-q SEQS] [-t MS] [-f FLOOD] NR_NODES
 *             SRC_EPS DST_EPS
 * A process that gives up root (setuid UID, default 65534) and then, with
 * its own AF_TIPC sockets, does what it can against the modules:
 *   - finds their sockets through the topology service;
 *   - publishes their service, {M3_TIPC_SERVICE, n} for every node n, so
 *     that the modules take it for a module and challenge it;
 *   - for MS (default 1500): relays each challenge it gets to the other
 *     modules and back to its sender, and forwards every answer it gets
 *     to every module, under every node id (a man in the middle of the
 *     handshake);
 *   - sends the matrix of forged frames (m3x_forge.c) naming the members
 *     SRC_EPS and DST_EPS (comma lists) with sequence numbers 1..SEQS,
 *     each REPEAT times; then malformed frames; then FLOOD more.
 * It judges nothing: the members and the modules' counters do. Exit 1
 * only when it could not do its job (no module found, root kept).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_forge.h"

static int m3x_drop_root(uid_t uid)
{
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
		return m3x_fail("cannot become uid %u", (unsigned int)uid);
	if (getuid() != uid || geteuid() != uid || !setuid(0))
		return m3x_fail("still privileged");
	printf("hostile: uid %u gid %u\n", (unsigned int)getuid(),
	       (unsigned int)getgid());
	return 0;
}

static int m3x_eps(char *list, int *v)
{
	int n = 0;
	char *w;

	for (w = strtok(list, ","); w && n < 16; w = strtok(NULL, ","))
		v[n++] = m3x_ep(w);
	return n;
}

/*
 * A challenge or an answer a module sent us: to every module, under every
 * node id, so that each answers the challenge or checks the answer.
 */
static void m3x_relay(struct m3x_attack *a, union m3_wire_frame *f, int len,
		      long *relayed)
{
	int node;

	if (len != (int)m3_wire_len(M3_W_CHAL) ||
	    le16toh(f->h.magic) != M3_WIRE_MAGIC ||
	    (f->h.type != M3_W_CHAL && f->h.type != M3_W_RESP))
		return;
	for (node = 0; node <= a->nr_nodes; node++) {
		f->h.node = htole16((u16)node);
		m3x_send_all(a, f, len);
	}
	++*relayed;
}

static void m3x_man_in_the_middle(struct m3x_attack *a, long ms)
{
	union { union m3_wire_frame f; u8 b[4096]; } buf;
	long long end = m3x_now_ms() + ms;
	struct m3x_port from;
	long relayed = 0, got = 0;
	int len;

	while (m3x_now_ms() < end) {
		len = m3x_tipc_recv(a->fd, &buf, sizeof(buf), end - m3x_now_ms(),
				    &from);
		if (len <= 0)
			continue;
		got++;
		m3x_relay(a, &buf.f, len, &relayed);
	}
	printf("hostile: %ld frames came to us, %ld challenges and answers relayed\n",
	       got, relayed);
}

static int m3x_find_modules(struct m3x_attack *a, const struct m3x_port *self)
{
	int i, n;

	n = m3x_tipc_lookup(M3_TIPC_SERVICE, M3_MAX_NODES - 1, 500, self,
			    &a->modules);
	if (n <= 0)
		return m3x_fail("no module publishes its service (%d)", n);
	for (i = 0; i < n; i++)
		printf("hostile: module of node %u at %08x:%u\n",
		       a->modules.instance[i], a->modules.port[i].node,
		       a->modules.port[i].ref);
	return 0;
}

static void m3x_publish_all(struct m3x_attack *a)
{
	int n, ret;

	for (n = 0; n < a->nr_nodes; n++) {
		ret = m3x_tipc_publish(a->fd, M3_TIPC_SERVICE, n);
		printf("hostile: publish {%#x, %d}: %s\n", M3_TIPC_SERVICE, n,
		       ret ? m3_errname(ret) : "OK");
	}
}

int m3x_hostile(int argc, char **argv)
{
	struct m3x_attack a = { .repeat = 2, .seqs = 4 };
	long mitm = 1500, flood = 0, t0;
	struct m3x_port self;
	uid_t uid = 65534;
	int c;

	optind = 1;
	while ((c = getopt(argc + 1, argv - 1, "+u:r:q:t:f:")) != -1) {
		switch (c) {
		case 'u': uid = (uid_t)m3x_int(optarg); break;
		case 'r': a.repeat = m3x_int(optarg); break;
		case 'q': a.seqs = m3x_int(optarg); break;
		case 't': mitm = m3x_int(optarg); break;
		case 'f': flood = atol(optarg); break;
		default: return 2;
		}
	}
	argv += optind - 1;
	if (argc + 1 - optind != 3)
		return 2;
	a.nr_nodes = m3x_int(argv[0]);
	a.nr_src = m3x_eps(argv[1], a.src);
	a.nr_dst = m3x_eps(argv[2], a.dst);
	if (a.nr_nodes < 1 || !a.nr_src || !a.nr_dst || a.seqs < 1)
		return 2;
	if (m3x_drop_root(uid))
		return 1;
	a.fd = m3x_tipc_rdm(&self);
	if (a.fd < 0)
		return m3x_fail("AF_TIPC socket: %s", m3_errname(a.fd));
	if (m3x_find_modules(&a, &self))
		return 1;
	t0 = m3x_now_ms();
	m3x_publish_all(&a);
	m3x_man_in_the_middle(&a, mitm);
	m3x_forge_matrix(&a);
	m3x_forge_garbage(&a);
	m3x_forge_flood(&a, flood);
	printf("hostile: %ld frames sent (%ld refused) in %lld ms\n", a.sent,
	       a.errors, m3x_now_ms() - t0);
	return 0;
}
