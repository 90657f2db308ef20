// SPDX-License-Identifier: GPL-2.0
/*
 * m3demo: two processes talking through M3-IPC, as in the README.
 *   m3demo setup            create the DRVS (node 0) and VM 1 "demo"
 *   m3demo setup NODE NODES KEYHEX
 *                           the same on node NODE of a DRVS of NODES
 *                           nodes, VM 1 spanning them all, and join the
 *                           cluster with the cluster key (72 hex digits)
 *   m3demo server           bind to slot 0 of VM 1, answer GET_TIME and
 *                           COPY_NAME requests until told to stop
 *   m3demo client N         bind to any slot, send N requests, stop
 * The client's COPY_NAME request hands the server an address in the
 * client's memory; the server vcopy()s a string there while the client is
 * blocked in sendrec (the Minix pattern that gives consent).
 */
#include <m3/m3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEMO_VM		1
#define GET_TIME	1
#define COPY_NAME	2
#define STOP		3

static int fail(const char *what, int err)
{
	fprintf(stderr, "m3demo: %s: %s (%s)\n", what, m3_strerror(err),
		m3_errname(err));
	return 1;
}

static int cluster_key(const char *hex, unsigned char *key)
{
	unsigned int i, b;

	if (!strncmp(hex, "0x", 2))
		hex += 2;
	if (strlen(hex) != 2 * M3_CLUSTER_KEY_LEN)
		return -EINVAL;
	for (i = 0; i < M3_CLUSTER_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -EINVAL;
		key[i] = (unsigned char)b;
	}
	return 0;
}

/* Node @node of @nodes (VM 1 spans them all); @hex: the cluster key. */
static int setup(int node, int nodes, const char *hex)
{
	struct m3_vm_params p = { .vmid = DEMO_VM, .mode = 0666 };
	struct m3_drvs_params d = { .nr_nodes = (unsigned int)nodes };
	unsigned char key[M3_CLUSTER_KEY_LEN];
	int n, r;

	strcpy(p.name, "demo");
	if (hex && (r = cluster_key(hex, key)) < 0)
		return fail("cluster key", r);
	r = mnx_drvs_init(node, &d);
	if (r < 0 && r != -EEXIST)
		return fail("drvs_init", r);
	for (n = 0; n < nodes; n++)
		M3_NODE_SET(p.nodes, n);
	r = mnx_vm_init(&p);
	if (r < 0)
		return fail("vm_init", r);
	if (hex && (r = mnx_cluster_join(key, sizeof(key))) < 0)
		return fail("cluster_join", r);
	printf("DRVS on node %d of %d, VM %d \"demo\" ready\n", node, nodes,
	       DEMO_VM);
	return 0;
}

static int answer(message *m)
{
	static const char name[] = "served by the M3-IPC demo server";
	struct timespec ts;

	switch (m->m_type) {
	case GET_TIME:
		clock_gettime(CLOCK_REALTIME, &ts);
		m->m2_l1 = ts.tv_sec;
		m->m2_l2 = ts.tv_nsec;
		return 0;
	case COPY_NAME:
		m->m1_i1 = mnx_vcopy(SELF, name, m->m_source,
				     (void *)(uintptr_t)m->m1_p1, sizeof(name));
		return 0;
	}
	return -EBADREQUEST;
}

static int server(void)
{
	message m;
	int ep = mnx_bind(DEMO_VM, 0), r;

	if (ep < 0)
		return fail("bind", ep);
	printf("server: endpoint %d, pid %d, waiting\n", ep, getpid());
	fflush(stdout);
	r = mnx_receive(ANY, &m);
	while (r == 0 && m.m_type != STOP) {
		m.m_type = answer(&m);
		r = mnx_replyrec(m.m_source, &m, ANY);
	}
	if (r < 0)
		return fail("receive", r);
	printf("server: endpoint %d asked to stop\n", m.m_source);
	m.m_type = 0;
	r = mnx_send(m.m_source, &m);
	return r < 0 ? fail("send", r) : 0;
}

static int client(int n)
{
	char name[64] = "";
	message m;
	int ep, i, r;

	while ((ep = mnx_bind(DEMO_VM, -1)) == -ENOENT)
		usleep(1000);
	if (ep < 0)
		return fail("bind", ep);
	printf("client: endpoint %d, pid %d\n", ep, getpid());
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = GET_TIME;
		r = mnx_sendrec(0, &m);
		if (r < 0)
			return fail("sendrec", r);
		printf("client: GET_TIME -> %lld.%09lld from endpoint %d\n",
		       (long long)m.m2_l1, (long long)m.m2_l2, m.m_source);
	}
	memset(&m, 0, sizeof(m));
	m.m_type = COPY_NAME;
	m.m1_p1 = (uintptr_t)name;
	r = mnx_sendrec(0, &m);
	if (r < 0 || m.m1_i1 < 0)
		return fail("COPY_NAME", r < 0 ? r : m.m1_i1);
	printf("client: COPY_NAME -> \"%s\" (vcopy by the server)\n", name);
	m.m_type = STOP;
	r = mnx_sendrec(0, &m);
	return r < 0 ? fail("STOP", r) : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "setup"))
		return setup(atoi(argv[2]), atoi(argv[3]), argv[4]);
	if (argc >= 2 && !strcmp(argv[1], "setup"))
		return setup(0, 1, NULL);
	if (argc >= 2 && !strcmp(argv[1], "server"))
		return server();
	if (argc >= 2 && !strcmp(argv[1], "client"))
		return client(argc > 2 ? atoi(argv[2]) : 3);
	fprintf(stderr, "usage: m3demo setup [NODE NODES KEYHEX] | server | client [N]\n");
	return 2;
}
