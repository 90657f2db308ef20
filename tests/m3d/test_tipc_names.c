// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How an M3 node is named in TIPC (tipc_nl.h), without TIPC: node N's
 * identity is the decimal string N as `tipc node set identity N` sets it
 * (NUL-padded to 16 bytes), and a link's name gives back the node at its
 * other end, whatever the interfaces are called.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tipc_nl.h"

static void t_identity(void **state)
{
	uint8_t id[M3D_TIPC_ID_LEN];
	static const uint8_t zero[M3D_TIPC_ID_LEN], n255[M3D_TIPC_ID_LEN] = {
		'2', '5', '5' };

	(void)state;
	m3d_tipc_node_identity(0, id);
	assert_int_equal(id[0], '0');
	assert_memory_equal(id + 1, zero, sizeof(id) - 1);
	m3d_tipc_node_identity(255, id);
	assert_memory_equal(id, n255, sizeof(id));
}

static void t_link_peer(void **state)
{
	(void)state;
	assert_int_equal(m3d_tipc_link_peer("0:eth0-1:eth0"), 1);
	assert_int_equal(m3d_tipc_link_peer("1:vb-0:va"), 0);
	assert_int_equal(m3d_tipc_link_peer("10:br-lan-255:e-1"), 255);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-1:unknown"), 1);
	/* not an M3 node's link: TIPC's broadcast link, a hex address, a
	 * node id out of range or written otherwise */
	assert_int_equal(m3d_tipc_link_peer("broadcast-link"), -1);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-1001002:eth0"), -1);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-256:eth0"), -1);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-01:eth0"), -1);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-a1:eth0"), -1);
	assert_int_equal(m3d_tipc_link_peer("0:eth0-:eth0"), -1);
	assert_int_equal(m3d_tipc_link_peer(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_identity),
		cmocka_unit_test(t_link_peer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
