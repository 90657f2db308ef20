// SPDX-License-Identifier: GPL-2.0
/* Smoke: the device answers, a DRVS and a VM come up, two processes talk. */
#include "util.h"

TEST(drvs_info_before_init)
{
	struct m3_drvs_info i;
	int ret = mnx_drvs_end();

	if (ret < 0)
		ASSERT_EQ(ret, -ENODRVS);
	ASSERT_EQ(mnx_drvs_info(&i), 0);
	ASSERT_EQ(i.initialized, 0);
	ASSERT_EQ(i.nodeid, -1);
	ASSERT_EQ(i.version, (M3IPC_VERSION_MAJOR << 16) | M3IPC_VERSION_MINOR);
}

static void smoke_server(int arg)
{
	message m;

	(void)arg;
	m3t_publish(0, mnx_bind(0, 1));
	ASSERT_EQ(mnx_receive(ANY, &m), 0);
	ASSERT_EQ(m.m_type, 42);
	m.m_type = 43;
	m.m1_i1 *= 2;
	ASSERT_EQ(mnx_send(m.m_source, &m), 0);
}

TEST(sendrec_roundtrip)
{
	message m = { .m_type = 42 };
	pid_t srv;
	int ep;

	m3t_setup();
	srv = m3t_spawn(smoke_server, 0);
	ep = m3t_wait_ep(0);
	ASSERT_EQ(ep, 1);	/* generation 0, slot 1 */
	ASSERT_GE(mnx_bind(0, -1), 0);
	m.m1_i1 = 21;
	ASSERT_EQ(mnx_sendrec(ep, &m), 0);
	ASSERT_EQ(m.m_type, 43);
	ASSERT_EQ(m.m1_i1, 42);
	ASSERT_EQ(m.m_source, ep);
	m3t_join_ok(srv);
}
