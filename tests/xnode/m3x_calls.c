// SPDX-License-Identifier: GPL-2.0
/* m3x: servers and clients across nodes. */
#include <stdio.h>
#include <string.h>

#include "m3x.h"

/* SLOT COUNT: bind SLOT, answer COUNT requests with m_type + 1. */
int m3x_server(int argc, char **argv)
{
	message m;
	int ep, n, count, ret, src = M3_NONE;

	if (argc != 2)
		return 2;
	ep = mnx_bind(M3X_VM, m3x_int(argv[0]));
	if (ep < 0)
		return m3x_fail("bind: %s", m3_errname(ep));
	printf("server %d\n", ep);
	count = m3x_int(argv[1]);
	for (n = 0; n <= count; n++) {
		ret = mnx_replyrec(src, &m, n < count ? M3_ANY : M3_NONE);
		if (n == count)
			break;
		if (ret < 0)
			return m3x_fail("replyrec %d: %s", n, m3_errname(ret));
		src = m.m_source;
		m.m_type++;
		m.m1_i1 = src;
	}
	printf("server: %d requests\n", count);
	return 0;
}

/* DST COUNT: COUNT sendrec to DST, each reply checked. */
int m3x_client(int argc, char **argv)
{
	message m;
	long long t0;
	int ep, dst, n, count, ret;

	if (argc != 2)
		return 2;
	ep = mnx_bind(M3X_VM, -1);
	if (ep < 0)
		return m3x_fail("bind: %s", m3_errname(ep));
	dst = m3x_int(argv[0]);
	count = m3x_int(argv[1]);
	t0 = m3x_now_ms();
	for (n = 0; n < count; n++) {
		memset(&m, 0, sizeof(m));
		m.m_type = n;
		ret = mnx_sendrec(dst, &m);
		if (ret < 0)
			return m3x_fail("sendrec %d: %s", n, m3_errname(ret));
		if (m.m_type != n + 1 || m.m_source != dst || m.m1_i1 != ep)
			return m3x_fail("reply %d: type %d source %d i1 %d",
					n, m.m_type, m.m_source, m.m1_i1);
	}
	printf("client %d: %d round trips in %lld ms\n", ep, count,
	       m3x_now_ms() - t0);
	return 0;
}

/* CALL EP ERRNAME [MS]: the call to EP fails with ERRNAME. */
int m3x_expect(int argc, char **argv)
{
	message m = { 0 };
	int ep, ret;
	long ms;

	if (argc < 3)
		return 2;
	ep = m3x_int(argv[1]);
	ms = argc > 3 ? m3x_int(argv[3]) : -1;
	if (mnx_getep(0) < 0 && (ret = mnx_bind(M3X_VM, -1)) < 0)
		return m3x_fail("bind: %s", m3_errname(ret));
	if (!strcmp(argv[0], "sendrec"))
		ret = ms < 0 ? mnx_sendrec(ep, &m) : mnx_sendrec_T(ep, &m, ms);
	else if (!strcmp(argv[0], "send"))
		ret = ms < 0 ? mnx_send(ep, &m) : mnx_send_T(ep, &m, ms);
	else if (!strcmp(argv[0], "receive"))
		ret = ms < 0 ? mnx_receive(ep, &m) : mnx_receive_T(ep, &m, ms);
	else if (!strcmp(argv[0], "notify"))
		ret = mnx_notify(ep);
	else
		return 2;
	if (strcmp(m3_errname(ret), argv[2]))
		return m3x_fail("%s %d: %s, expected %s", argv[0], ep,
				ret < 0 ? m3_errname(ret) : "success", argv[2]);
	printf("%s %d: %s\n", argv[0], ep, argv[2]);
	return 0;
}
