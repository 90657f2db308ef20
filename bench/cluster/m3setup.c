// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench setup NODE NODES KEYHEX: what a node needs before the M3 rows
 * run, as tests/xnode's and the cluster demo's setup do it: the DRVS on
 * node NODE of NODES, VM NB_M3_VM spanning them all (open to everyone),
 * the cluster joined with the key (72 hex digits: the run's
 * /cluster/cluster.key), and every other node's module up (its handshake
 * answered), or an error after a while.
 */
#include "m3nb.h"

#define UP_WAIT_S	90.0

static int parse_key(const char *hex, unsigned char *key)
{
	unsigned int b;

	if (strlen(hex) != 2 * M3_CLUSTER_KEY_LEN)
		return -EINVAL;
	for (int i = 0; i < M3_CLUSTER_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -EINVAL;
		key[i] = (unsigned char)b;
	}
	return 0;
}

/* Until node @n is up here: 0, or -ETIMEDOUT (-errno if it cannot be asked). */
static int wait_up(int n)
{
	double t0 = now();
	struct m3_node_info i;
	int ret;

	for (;;) {
		ret = mnx_node_info(n, &i);
		if (ret || i.state == M3_NODE_UP)
			break;
		if (now() - t0 > UP_WAIT_S)
			return -ETIMEDOUT;
		usleep(10000);
	}
	if (!ret)
		printf("m3netbench setup: node %d up after %.1f s (handshake round trip %u us)\n",
		       n, now() - t0, i.rtt_us);
	return ret;
}

static int failed(const char *what, int err)
{
	fprintf(stderr, "m3netbench setup: %s: %s\n", what, m3_errname(err));
	return err;
}

static int setup(int node, int nodes, const unsigned char *key)
{
	struct m3_drvs_params d = { .nr_nodes = (unsigned int)nodes };
	struct m3_vm_params v = { .vmid = NB_M3_VM, .mode = 0666 };
	int ret, n;

	snprintf(v.name, sizeof(v.name), "netbench");
	for (n = 0; n < nodes; n++)
		M3_NODE_SET(v.nodes, n);
	ret = mnx_drvs_init(node, &d);
	if (ret < 0)
		return failed("drvs_init", ret);
	ret = mnx_vm_init(&v);
	if (ret < 0)
		return failed("vm_init", ret);
	ret = mnx_cluster_join(key, M3_CLUSTER_KEY_LEN);
	if (ret < 0)
		return failed("cluster_join", ret);
	for (n = 0; n < nodes; n++) {
		ret = n == node ? 0 : wait_up(n);
		if (ret)
			return failed("another node's module", ret);
	}
	return 0;
}

int m3_setup_main(int argc, char **argv)
{
	unsigned char key[M3_CLUSTER_KEY_LEN];
	int node, nodes;

	if (argc != 4 || parse_key(argv[3], key))
		return 2;
	node = atoi(argv[1]);
	nodes = atoi(argv[2]);
	if (node < 0 || nodes < 1 || node >= nodes || nodes > M3_MAX_NODES)
		return 2;
	if (setup(node, nodes, key))
		return 1;
	printf("m3netbench setup: node %d of %d, VM %d spans them all\n", node,
	       nodes, NB_M3_VM);
	return 0;
}
