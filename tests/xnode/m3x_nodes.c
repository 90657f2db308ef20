// SPDX-License-Identifier: GPL-2.0
/* m3x: what this node's module says of the others (mnx_node_info). */
#include <stdio.h>

#include "m3x.h"

static void m3x_node_print(const struct m3_node_info *i)
{
	printf("node %u %s tipc %08x rtt_us %u tx %llu rx %llu dropped %llu"
	       " tx_errors %llu ups %u downs %u\n",
	       i->node, m3_node_state_name(i->state), i->tipc_addr, i->rtt_us,
	       (unsigned long long)i->tx_frames,
	       (unsigned long long)i->rx_frames,
	       (unsigned long long)i->rx_dropped,
	       (unsigned long long)i->tx_errors, i->ups, i->downs);
}

/* NODE SECS: poll until NODE is in state @want (at least once). */
static int m3x_wait_state(int argc, char **argv, unsigned int want)
{
	struct m3_node_info i;
	long long t0 = m3x_now_ms(), end;
	int ret;

	if (argc != 2)
		return 2;
	end = t0 + 1000LL * m3x_int(argv[1]);
	for (;;) {
		ret = mnx_node_info(m3x_int(argv[0]), &i);
		if (ret < 0)
			return m3x_fail("node_info %s: %s", argv[0],
					m3_errname(ret));
		if (i.state == want)
			break;
		if (m3x_now_ms() >= end)
			return m3x_fail("node %s is %s, not %s, after %s s",
					argv[0], m3_node_state_name(i.state),
					m3_node_state_name(want), argv[1]);
		m3x_sleep_ms(10);
	}
	printf("after %lld ms at %lld: ", m3x_now_ms() - t0, m3x_now_ms());
	m3x_node_print(&i);
	return 0;
}

int m3x_waitup(int argc, char **argv)
{
	return m3x_wait_state(argc, argv, M3_NODE_UP);
}

int m3x_waitdown(int argc, char **argv)
{
	return m3x_wait_state(argc, argv, M3_NODE_DOWN);
}

/* NODE: one line of its state and counters. */
int m3x_nodeinfo(int argc, char **argv)
{
	struct m3_node_info i;
	int ret;

	if (argc != 1)
		return 2;
	ret = mnx_node_info(m3x_int(argv[0]), &i);
	if (ret < 0)
		return m3x_fail("node_info %s: %s", argv[0], m3_errname(ret));
	m3x_node_print(&i);
	return 0;
}
