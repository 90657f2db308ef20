// SPDX-License-Identifier: GPL-2.0
/* m3x: the DRVS and VMs of a test cluster, joining and leaving it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m3x.h"

static int m3x_key(const char *hex, unsigned char *key)
{
	unsigned int i, b;

	if (strlen(hex) != 2 * M3_CLUSTER_KEY_LEN)
		return -1;
	for (i = 0; i < M3_CLUSTER_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		key[i] = (unsigned char)b;
	}
	return 0;
}

static int m3x_join(const unsigned char *key)
{
	int ret = mnx_cluster_join(key, M3_CLUSTER_KEY_LEN);

	if (ret < 0)
		return m3x_fail("cluster_join: %s", m3_errname(ret));
	return 0;
}

/* "0,1,2" into a node set: 0, or -1 if it is not such a list. */
int m3x_nodes_parse(const char *list, m3_u64 *nodes)
{
	char *end;
	long n;

	memset(nodes, 0, M3_NODE_WORDS * sizeof(*nodes));
	for (;;) {
		n = strtol(list, &end, 10);
		if (end == list || n < 0 || n >= M3_MAX_NODES)
			return -1;
		M3_NODE_SET(nodes, n);
		if (!*end)
			return 0;
		if (*end != ',')
			return -1;
		list = end + 1;
	}
}

/* VM @vmid spanning @nodes (all open to everyone: mode 0666). */
static int m3x_vm_create(int vmid, const char *nodes)
{
	struct m3_vm_params v = { .vmid = vmid, .mode = 0666 };
	int ret;

	if (m3x_nodes_parse(nodes, v.nodes))
		return 2;
	snprintf(v.name, sizeof(v.name), "xnode%d", vmid);
	ret = mnx_vm_init(&v);
	if (ret < 0)
		return m3x_fail("vm_init %d on %s: %s", vmid, nodes,
				m3_errname(ret));
	printf("vm %d on nodes %s\n", vmid, nodes);
	return 0;
}

/*
 * NODEID NR_NODES KEYHEX [VMID:NODES]...: the DRVS, the VMs that span
 * this node (VM 1 on every node if none is named), and join.
 */
int m3x_setup(int argc, char **argv)
{
	struct m3_drvs_params d = { 0 };
	unsigned char key[M3_CLUSTER_KEY_LEN];
	m3_u64 nodes[M3_NODE_WORDS];
	char all[4 * M3_MAX_NODES] = "0";
	int node, n, ret;
	char *colon;

	if (argc < 3 || m3x_key(argv[2], key))
		return 2;
	node = m3x_int(argv[0]);
	d.nr_nodes = (unsigned int)m3x_int(argv[1]);
	ret = mnx_drvs_init(node, &d);
	if (ret < 0)
		return m3x_fail("drvs_init: %s", m3_errname(ret));
	for (n = 1; n < (int)d.nr_nodes; n++)
		sprintf(all + strlen(all), ",%d", n);
	if (argc == 3)
		ret = m3x_vm_create(1, all);
	for (n = 3; n < argc && !ret; n++) {
		colon = strchr(argv[n], ':');
		if (!colon || m3x_nodes_parse(colon + 1, nodes))
			return 2;
		if (M3_NODE_ISSET(nodes, node))
			ret = m3x_vm_create(m3x_int(argv[n]), colon + 1);
	}
	if (ret || (ret = m3x_join(key)))
		return ret;
	printf("node %d joined\n", node);
	return 0;
}

int m3x_vm_init_cmd(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	return m3x_vm_create(m3x_int(argv[0]), argv[1]);
}

int m3x_vm_end_cmd(int argc, char **argv)
{
	int ret;

	if (argc != 1)
		return 2;
	ret = mnx_vm_end(m3x_int(argv[0]));
	if (ret < 0)
		return m3x_fail("vm_end %s: %s", argv[0], m3_errname(ret));
	printf("vm %s ended\n", argv[0]);
	return 0;
}

int m3x_drvs_end_cmd(int argc, char **argv)
{
	int ret;

	(void)argv;
	if (argc)
		return 2;
	ret = mnx_drvs_end();
	if (ret < 0)
		return m3x_fail("drvs_end: %s", m3_errname(ret));
	return 0;
}

/* KEYHEX: join the cluster (again). */
int m3x_join_cmd(int argc, char **argv)
{
	unsigned char key[M3_CLUSTER_KEY_LEN];

	if (argc != 1 || m3x_key(argv[0], key))
		return 2;
	return m3x_join(key);
}

int m3x_leave_cmd(int argc, char **argv)
{
	int ret;

	(void)argv;
	if (argc)
		return 2;
	ret = mnx_cluster_leave();
	if (ret < 0)
		return m3x_fail("cluster_leave: %s", m3_errname(ret));
	return 0;
}
