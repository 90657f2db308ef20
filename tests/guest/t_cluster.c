// SPDX-License-Identifier: GPL-2.0
/*
 * A VM that spans another node, on a node alone: slot ownership, the
 * cluster calls' checks, and calls to members of a node that is down.
 * (Calls between nodes that are up run in a cluster of guests:
 * tests/xnode.)
 */
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>

#include "util.h"

#define XVM	3	/* spans nodes 0 (this one) and 1 */

static void setup_two_nodes(void)
{
	struct m3_drvs_params d = { .nr_nodes = 2 };
	struct m3_vm_params v = { .vmid = XVM, .mode = 0666 };
	int ret;

	mnx_unbind();
	ret = mnx_drvs_end();
	if (ret < 0)
		ASSERT_EQ(ret, -ENODRVS);
	ASSERT_EQ(mnx_drvs_init(0, &d), 0);
	M3_NODE_SET(v.nodes, 0);
	M3_NODE_SET(v.nodes, 1);
	ASSERT_EQ(mnx_vm_init(&v), XVM);
}

/* The ioctl's own answer, as a negative code. */
static int join_raw(struct m3_cluster_args *a)
{
	int fd = open(M3IPC_DEVICE, O_RDWR), ret;

	ASSERT_GE(fd, 0);
	ret = ioctl(fd, M3_IOC_CLUSTER_JOIN, a);
	if (ret < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static char *slurp(const char *path)
{
	static char buf[4096];

	ASSERT_GE(m3t_read_file(path, buf, sizeof(buf)), 0);
	return buf;
}

TEST(slot_owner_rule)
{
	m3_u64 nodes[M3_NODE_WORDS] = { 0 };

	ASSERT_EQ(m3_slot_owner(nodes, 0), -1);
	M3_NODE_SET(nodes, 3);
	M3_NODE_SET(nodes, 7);
	M3_NODE_SET(nodes, 200);
	ASSERT_EQ(m3_slot_owner(nodes, 0), 3);
	ASSERT_EQ(m3_slot_owner(nodes, 1), 7);
	ASSERT_EQ(m3_slot_owner(nodes, 2), 200);
	ASSERT_EQ(m3_slot_owner(nodes, 3), 3);
	ASSERT_EQ(m3_slot_owner(nodes, 4097), 200);
}

TEST(binds_take_only_this_nodes_slots)
{
	struct m3_proc_info pi;
	int ep;

	setup_two_nodes();
	ASSERT_EQ(mnx_bind(XVM, 1), -EREMOTE);
	ASSERT_EQ(mnx_bind(XVM, 3), -EREMOTE);
	ep = mnx_bind(XVM, -1);
	ASSERT_EQ(ep, 0);
	ASSERT_EQ(mnx_unbind(), 0);
	ASSERT_EQ(mnx_bind(XVM, 2), 2);
	ASSERT_EQ(mnx_proc_info(XVM, 2, &pi), 0);
	ASSERT_EQ(pi.nodeid, 0);
	/* A slot of node 1 with no member known here. */
	ASSERT_EQ(mnx_proc_info(XVM, 1, &pi), -ESRCH);
}

TEST(calls_to_a_node_that_is_down_fail_edeadnode)
{
	static char buf[64];
	message m = { .m_type = 1 };

	setup_two_nodes();
	ASSERT_EQ(mnx_bind(XVM, -1), 0);
	ASSERT_EQ(mnx_send(1, &m), -EDEADNODE);
	ASSERT_EQ(mnx_sendrec(3, &m), -EDEADNODE);
	ASSERT_EQ(mnx_sendnb(5, &m), -EDEADNODE);
	ASSERT_EQ(mnx_notify(7), -EDEADNODE);
	ASSERT_EQ(mnx_vcopy(1, buf, M3_SELF, buf + 1, 1), -EDEADNODE);
	ASSERT_EQ(mnx_vcopy(M3_SELF, buf, 1, buf, 8), -EDEADNODE);
	/* Nothing was ever announced from there: no such member. */
	ASSERT_EQ(mnx_receive_T(1, &m, 10), -EDEADSRCDST);
	/* The failed calls left nothing behind: local calls still work. */
	ASSERT_EQ(mnx_receivenb(M3_ANY, &m), -ENOTREADY);
}

TEST(cluster_join_checks_its_arguments)
{
	unsigned char key[M3_CLUSTER_KEY_LEN] = { 1 };
	struct m3_cluster_args a = { .key_len = 5 };

	setup_two_nodes();
	ASSERT_EQ(mnx_cluster_join(key, sizeof(key) - 1), -EINVAL);
	ASSERT_EQ(join_raw(&a), -EINVAL);
	a.key_len = M3_CLUSTER_KEY_LEN;
	a.flags = 1;
	ASSERT_EQ(join_raw(&a), -EINVAL);
	a.flags = 0;
	a.reserved[2] = 1;
	ASSERT_EQ(join_raw(&a), -EINVAL);
	ASSERT_EQ(mnx_cluster_leave(), -ENOTCONN);
	ASSERT_EQ(mnx_drvs_end(), 0);
	ASSERT_EQ(mnx_cluster_join(key, sizeof(key)), -ENODRVS);
}

static void unprivileged_join(int arg)
{
	unsigned char key[M3_CLUSTER_KEY_LEN] = { 0 };

	(void)arg;
	m3t_become(65534, 65534);
	ASSERT_EQ(mnx_cluster_join(key, sizeof(key)), -EPERM);
	ASSERT_EQ(mnx_cluster_leave(), -EPERM);
}

TEST(cluster_calls_are_for_admins)
{
	setup_two_nodes();
	m3t_join_ok(m3t_spawn(unprivileged_join, 0));
}

TEST(node_info_tells_this_node_and_the_others)
{
	struct m3_node_info i;

	setup_two_nodes();
	ASSERT_EQ(mnx_node_info(0, &i), 0);
	ASSERT_EQ(i.node, 0);
	ASSERT_EQ(i.state, M3_NODE_SELF);
	ASSERT_EQ(mnx_node_info(1, &i), 0);
	ASSERT_EQ(i.state, M3_NODE_DOWN);
	ASSERT_EQ(i.tx_frames + i.rx_frames + i.ups + i.downs, 0);
	ASSERT_EQ(mnx_node_info(2, &i), -EINVAL);
	ASSERT_EQ(mnx_node_info(-1, &i), -EINVAL);
	ASSERT_STREQ(m3_node_state_name(M3_NODE_UP), "up");
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/nodes"), "\n1     no    down "));
	ASSERT_EQ(mnx_drvs_end(), 0);
	ASSERT_EQ(mnx_node_info(0, &i), -ENODRVS);
}

