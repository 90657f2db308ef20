// SPDX-License-Identifier: GPL-2.0
/* m3x: the DRVS and VMs of a test cluster, and waiting for nodes. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* NODEID NR_NODES KEYHEX: every VM the tests use, and join. */
int m3x_setup(int argc, char **argv)
{
	struct m3_drvs_params d = { 0 };
	struct m3_vm_params v = { .vmid = M3X_VM, .mode = 0666 };
	unsigned char key[M3_CLUSTER_KEY_LEN];
	int node, n, ret;

	if (argc != 3 || m3x_key(argv[2], key))
		return 2;
	node = m3x_int(argv[0]);
	d.nr_nodes = (unsigned int)m3x_int(argv[1]);
	ret = mnx_drvs_init(node, &d);
	if (ret < 0)
		return m3x_fail("drvs_init: %s", m3_errname(ret));
	for (n = 0; n < (int)d.nr_nodes; n++)
		M3_NODE_SET(v.nodes, n);
	strcpy(v.name, "xnode");
	ret = mnx_vm_init(&v);
	if (ret < 0)
		return m3x_fail("vm_init: %s", m3_errname(ret));
	ret = mnx_cluster_join(key, sizeof(key));
	if (ret < 0)
		return m3x_fail("cluster_join: %s", m3_errname(ret));
	return 0;
}

static int m3x_wait_state(int argc, char **argv, unsigned int want)
{
	struct m3_node_info i;
	long long end;
	int ret;

	if (argc != 2)
		return 2;
	end = m3x_now_ms() + 1000LL * m3x_int(argv[1]);
	do {
		ret = mnx_node_info(m3x_int(argv[0]), &i);
		if (ret < 0)
			return m3x_fail("node_info: %s", m3_errname(ret));
		if (i.state == want) {
			printf("node %s %s (rtt %u us)\n", argv[0],
			       m3_node_state_name(want), i.rtt_us);
			return 0;
		}
		usleep(20000);
	} while (m3x_now_ms() < end);
	return m3x_fail("node %s not %s after %s s", argv[0],
			m3_node_state_name(want), argv[1]);
}

int m3x_waitup(int argc, char **argv)
{
	return m3x_wait_state(argc, argv, M3_NODE_UP);
}

int m3x_waitdown(int argc, char **argv)
{
	return m3x_wait_state(argc, argv, M3_NODE_DOWN);
}
