// SPDX-License-Identifier: GPL-2.0
/* m3x: echo servers and their clients, across nodes or not. */
#include <stdio.h>
#include <string.h>

#include "m3x.h"

/* A reply that could not go: its client gave up, died or was lost. */
static int m3x_reply_lost(int ret)
{
	return ret == -ENOTREADY || ret == -EDEADSRCDST || ret == -EDEADNODE;
}

/*
 * SLOT COUNT [DELAY_MS [GATE]]: bind SLOT, answer COUNT requests (0:
 * until killed) with m_type + 1 and the source seen in m1_i1, each
 * DELAY_MS after it came, the first once the file GATE exists.
 * Notifications are taken and not answered.
 */
int m3x_server(int argc, char **argv)
{
	message m;
	int ep, n = 0, count, delay, ret, src = M3_NONE;

	if (argc < 2 || argc > 4)
		return 2;
	ep = m3x_bind(m3x_int(argv[0]));
	if (ep < 0)
		return 1;
	count = m3x_int(argv[1]);
	delay = argc > 2 ? m3x_int(argv[2]) : 0;
	printf("server %d\n", ep);
	if (argc > 3 && m3x_wait_gate(argv[3]))
		return 1;
	for (;;) {
		ret = src == M3_NONE ? mnx_receive(M3_ANY, &m) :
				       mnx_replyrec(src, &m, M3_ANY);
		if (ret < 0 && src != M3_NONE && m3x_reply_lost(ret)) {
			printf("server: reply to %d: %s\n", src,
			       m3_errname(ret));
			src = M3_NONE;
			continue;
		}
		if (ret < 0)
			return m3x_fail("server %d: %s", n, m3_errname(ret));
		src = M3_NONE;
		if (m3x_check_stamp(&m))
			return 1;
		if (m.m_type == NOTIFY_MESSAGE)
			continue;
		if (delay)
			m3x_sleep_ms(delay);
		src = m.m_source;
		m.m_type++;
		m.m1_i1 = src;
		m3x_stamp(&m, ep);
		if (count && ++n == count)
			break;
	}
	ret = mnx_sendnb(src, &m);
	if (ret < 0)
		return m3x_fail("server: last reply: %s", m3_errname(ret));
	printf("server: %d requests\n", count);
	return 0;
}

/* The reply of round trip @n, from @dst to @ep: as the server says? */
static int m3x_reply_ok(const message *m, int n, int dst, int ep)
{
	if (m->m_type != n + 1 || m->m_source != dst || m->m1_i1 != ep)
		return m3x_fail("reply %d: type %d source %d, saw us as %d",
				n, m->m_type, m->m_source, m->m1_i1);
	return m3x_check_stamp(m);
}

/*
 * DST COUNT [SLOT]: COUNT sendrec to DST (-COUNT: for COUNT s), each
 * reply checked, from SLOT (default: any).
 */
int m3x_client(int argc, char **argv)
{
	message m;
	long long t0;
	int ep, dst, n, count, ret;

	if (argc < 2 || argc > 3)
		return 2;
	ep = m3x_bind(argc > 2 ? m3x_int(argv[2]) : -1);
	if (ep < 0)
		return 1;
	dst = m3x_int(argv[0]);
	count = m3x_int(argv[1]);
	t0 = m3x_now_ms();
	for (n = 0; count < 0 ? m3x_now_ms() - t0 < -1000LL * count : n < count;
	     n++) {
		memset(&m, 0, sizeof(m));
		m.m_type = n;
		m3x_stamp(&m, ep);
		ret = mnx_sendrec(dst, &m);
		if (ret < 0)
			return m3x_fail("client %d: sendrec %d to %d: %s", ep,
					n, dst, m3_errname(ret));
		if (m3x_reply_ok(&m, n, dst, ep))
			return 1;
	}
	printf("client %d: %d round trips to %d in %lld ms\n", ep, n, dst,
	       m3x_now_ms() - t0);
	return 0;
}
