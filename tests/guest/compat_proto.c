// SPDX-License-Identifier: GPL-2.0
/*
 * The request/reply protocol of the 32/64-bit tests, built into both
 * t_compat (x86-64) and m3peer32 (i386): whichever ABI plays the client,
 * the other plays the server, and each checks what the other wrote.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compat_proto.h"

char cm_why[160];

static int cm_err(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(cm_why, sizeof(cm_why), "compat_proto.c:%d: ", line);
	va_start(ap, fmt);
	vsnprintf(cm_why + n, sizeof(cm_why) - n, fmt, ap);
	va_end(ap);
	return -1;
}

#define CM_EXPECT(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		return cm_err(__LINE__, "%s == %s: %lld vs %lld",	\
			      #a, #b, a_, b_);				\
} while (0)

static int client_layouts(int srv)
{
	message m;
	int i, l;

	for (i = 0; i < CM_NR_LAYOUTS; i++) {
		l = cm_layouts[i];
		cm_fill(&m, l, l);
		CM_EXPECT(mnx_sendrec(srv, &m), 0);
		CM_EXPECT(m.m_source, srv);
		CM_EXPECT(m.m_type, CM_REPLY + l);
		CM_EXPECT(cm_check(&m, l, 1000 + l), 0);
	}
	return 0;
}

/* The server copies @n bytes from @p, checks them, writes back ~x. */
static int client_copy(int srv, unsigned char *p, uint32_t n, uint32_t seed)
{
	message m = { .m_type = CM_COPY };
	uint32_t i;

	for (i = 0; i < n; i++)
		p[i] = cm_byte(seed, i);
	m.m1_p1 = (uintptr_t)p;
	m.m1_p2 = (uintptr_t)p;
	m.m1_i1 = (int)n;
	m.m1_i2 = (int)seed;
	CM_EXPECT(mnx_sendrec(srv, &m), 0);
	CM_EXPECT(m.m_type, CM_REPLY + CM_COPY);
	CM_EXPECT(m.m1_i1, 0);
	for (i = 0; i < n; i++)
		CM_EXPECT(p[i], (unsigned char)~cm_byte(seed, i));
	return 0;
}

static int client_notify(int srv)
{
	message m = { .m_type = CM_NOTIFY_ME };

	CM_EXPECT(mnx_sendrec(srv, &m), 0);
	CM_EXPECT(m.m_type, CM_REPLY + CM_NOTIFY_ME);
	CM_EXPECT(mnx_receive(srv, &m), 0);
	CM_EXPECT(m.m_type, NOTIFY_MESSAGE);
	CM_EXPECT(m.m_source, srv);
	CM_EXPECT(m.m_u.m_notify.count, 1);
	return 0;
}

int cm_client(int srv, unsigned char *buf)
{
	message m = { .m_type = CM_QUIT };

	if (client_layouts(srv) || client_copy(srv, buf + 1, 65537, 32) ||
	    client_notify(srv))
		return -1;
	CM_EXPECT(mnx_sendrec(srv, &m), 0);
	CM_EXPECT(m.m_type, CM_REPLY + CM_QUIT);
	return 0;
}

/*
 * Copy the client's block in (its address is a 64-bit integer: it may lie
 * above 4 GiB), check it, and write its inverse back.
 */
static int serve_copy(const message *rq, unsigned char *buf)
{
	uint32_t n = (uint32_t)rq->m1_i1, i;

	if (n > CM_COPY_MAX)
		return cm_err(__LINE__, "copy of %u bytes asked", n);
	CM_EXPECT(mnx_vircopy(rq->m_source, rq->m1_p1, SELF, (uintptr_t)buf, n), 0);
	for (i = 0; i < n; i++) {
		CM_EXPECT(buf[i], cm_byte((uint32_t)rq->m1_i2, i));
		buf[i] = (unsigned char)~buf[i];
	}
	CM_EXPECT(mnx_vircopy(SELF, (uintptr_t)buf, rq->m_source, rq->m1_p2, n), 0);
	return 0;
}

/* Check request @m and turn it into its reply. */
static int serve_one(message *m, unsigned char *buf)
{
	int type = m->m_type;

	if (type == CM_COPY) {
		if (serve_copy(m, buf))
			return -1;
		memset(&m->m_u, 0, sizeof(m->m_u));
	} else if (type != CM_QUIT && type != CM_NOTIFY_ME) {
		CM_EXPECT(cm_check(m, type, type), 0);
		cm_fill(m, type, 1000 + type);
	}
	m->m_type = CM_REPLY + type;
	return 0;
}

int cm_server(int client, unsigned char *buf)
{
	int r, type, src;
	message m;

	r = mnx_receive(ANY, &m);
	for (;;) {
		CM_EXPECT(r, 0);
		CM_EXPECT(m.m_source, client);
		type = m.m_type;
		src = m.m_source;
		if (serve_one(&m, buf))
			return -1;
		if (type == CM_QUIT || type == CM_NOTIFY_ME) {
			CM_EXPECT(mnx_send(src, &m), 0);
			if (type == CM_QUIT)
				return 0;
			CM_EXPECT(mnx_notify(src), 0);
			r = mnx_receive(ANY, &m);
		} else {
			r = mnx_replyrec(src, &m, ANY);
		}
	}
}
