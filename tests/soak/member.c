// SPDX-License-Identifier: GPL-2.0
/* m3soak: server and client threads. See soak.h. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "soak.h"

#define GUARD 0xee

struct sk_ctx {
	int i, j;
	uint8_t *buf;
	uint64_t rng;
	struct sk_pair *pr;
};

static int sk_slot(int i, int j, int client)
{
	return 2 * (i * SK_MAX_THREADS + j) + client;
}

/* Bind to our slot; the previous incarnation may still be leaving it. */
static int sk_bind(int slot)
{
	int ep, n;

	for (n = 0; n < 20000; n++) {
		ep = mnx_bind(0, slot);
		if (ep != -EBUSY)
			return ep;
		usleep(500);
	}
	return -EBUSY;
}

/* Guarded range [off, off + len) of @buf: guards set, range cleared. */
static void sk_guard(uint8_t *buf, size_t off, size_t len)
{
	buf[off - 1] = GUARD;
	buf[off + len] = GUARD;
}

static int sk_guard_ok(const uint8_t *buf, size_t off, size_t len)
{
	return buf[off - 1] == GUARD && buf[off + len] == GUARD;
}

static void sk_pick(struct sk_ctx *c, size_t *off, size_t *len)
{
	*len = 1 + sk_rand(&c->rng) % SK_MAX_COPY;
	*off = 1 + sk_rand(&c->rng) % (SK_BUF - SK_MAX_COPY - 2);
}

/* Server side of a copy request; 0 or the vcopy error. */
static int srv_copy(struct sk_ctx *c, const message *m)
{
	uint64_t key = m->m_u.m_u64[1], addr = m->m_u.m_u64[2];
	size_t len = m->m_u.m_u64[3], off, dummy, bad;
	int r;

	if (len < 1 || len > SK_MAX_COPY)
		return -E2BIG;
	sk_pick(c, &off, &dummy);
	sk_guard(c->buf, off, len);
	if (m->m_type == SK_COPY_OUT) {
		sk_fill(c->buf + off, key, len);
		return mnx_vcopy(SELF, c->buf + off, m->m_source,
				 (void *)(uintptr_t)addr, len);
	}
	r = mnx_vcopy(m->m_source, (void *)(uintptr_t)addr, SELF, c->buf + off, len);
	if (r)
		return r;
	bad = sk_bad(c->buf + off, key, len);
	if (bad || !sk_guard_ok(c->buf, off, len))
		sk_anomaly("copy-in content", c->i, c->j, (long)bad, (long)len);
	__sync_fetch_and_add(&sk->bytes, len);
	return 0;
}

/* Check order and checksum of request @m; account it. */
static void srv_account(struct sk_ctx *c, const message *m, int *from, uint64_t *n)
{
	if (!sk_msg_ok(m))
		sk_anomaly("request checksum", c->i, c->j, m->m_type, 0);
	if (m->m_source != *from) {
		*from = m->m_source;
		*n = 0;
		__sync_fetch_and_add(&sk->peer_changes, 1);
	}
	if (m->m_u.m_u64[0] != *n + 1)
		sk_anomaly(m->m_u.m_u64[0] <= *n ? "duplicate" : "lost message",
			   c->i, c->j, (long)m->m_u.m_u64[0], (long)*n + 1);
	*n = m->m_u.m_u64[0];
	c->pr->srv_from = *from;
	c->pr->srv_count = *n;
	__sync_fetch_and_add(&sk->msgs, 1);
}

static void *srv_thread(void *p)
{
	struct sk_ctx *c = p;
	uint64_t n = 0;
	int from = -1, r;
	message m;

	c->pr->srv_ep = sk_bind(sk_slot(c->i, c->j, 0));
	for (;;) {
		r = mnx_receive(ANY, &m);
		if (r) {
			sk_anomaly("receive", c->i, c->j, r, 0);
			sleep(1);
			continue;
		}
		srv_account(c, &m, &from, &n);
		if (m.m_type == SK_SEND)
			continue;
		r = m.m_type >= SK_COPY_IN && m.m_type <= SK_COPY_OUT ? srv_copy(c, &m) : 0;
		if (r && r != -EDEADSRCDST)
			sk_anomaly("server vcopy", c->i, c->j, r, 0);
		m.m_type |= 0x100;
		sk_msg_seal(&m);
		r = mnx_send(from, &m);
		if (r && r != -EDEADSRCDST)
			sk_anomaly("reply", c->i, c->j, r, 0);
	}
	return NULL;
}

static void sk_threads_run(int i, void *(*fn)(void *), uint64_t seed)
{
	struct sk_ctx c[SK_MAX_THREADS];
	pthread_t th[SK_MAX_THREADS];
	int j;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (j = 0; j < sk_threads; j++) {
		c[j].i = i;
		c[j].j = j;
		c[j].buf = malloc(SK_BUF);
		c[j].rng = (seed ^ ((uint64_t)(i * SK_MAX_THREADS + j) << 40)) | 1;
		c[j].pr = &sk->pair[i][j];
		if (!c[j].buf || pthread_create(&th[j], NULL, fn, &c[j]))
			_exit(3);
	}
	for (j = 0; j < sk_threads; j++)
		pthread_join(th[j], NULL);
	_exit(0);
}

void sk_server(int i)
{
	sk_threads_run(i, srv_thread, 0);
}

/* Build request @op number @seq; copies use [*off, *off + *len) of buf. */
static void cli_build(struct sk_ctx *c, message *m, int op, uint64_t seq,
		      size_t *off, size_t *len)
{
	uint64_t key = sk_rand(&c->rng);

	memset(m, 0, sizeof(*m));
	m->m_source = 0x7777;	/* the kernel overwrites it */
	m->m_type = op;
	m->m_u.m_u64[0] = seq;
	m->m_u.m_u64[1] = key;
	sk_pick(c, off, len);
	m->m_u.m_u64[2] = (uintptr_t)(c->buf + *off);
	m->m_u.m_u64[3] = *len;
	m->m_u.m_u64[5] = sk_rand(&c->rng);
	sk_guard(c->buf, *off, *len);
	if (op == SK_COPY_IN)
		sk_fill(c->buf + *off, key, *len);
	sk_msg_seal(m);
}

/* Check the reply to request @op number @seq sent to @srv. */
static void cli_check(struct sk_ctx *c, const message *m, int op, int srv,
		      uint64_t seq, size_t off, size_t len)
{
	size_t bad;

	if (!sk_msg_ok(m) || m->m_type != (op | 0x100) ||
	    m->m_u.m_u64[0] != seq || m->m_source != srv)
		sk_anomaly("reply content", c->i, c->j, m->m_type, (long)seq);
	if (op == SK_COPY_OUT) {
		bad = sk_bad(c->buf + off, m->m_u.m_u64[1], len);
		if (bad || !sk_guard_ok(c->buf, off, len))
			sk_anomaly("copy-out content", c->i, c->j, (long)bad, (long)len);
		__sync_fetch_and_add(&sk->bytes, len);
	}
	__sync_fetch_and_add(&sk->replies, 1);
}

/* One request to @srv; 0 when it was accepted. */
static int cli_call(struct sk_ctx *c, int srv, int op, uint64_t seq)
{
	size_t off, len;
	message m;
	int r;

	cli_build(c, &m, op, seq, &off, &len);
	r = op == SK_SEND ? mnx_send(srv, &m) : mnx_sendrec(srv, &m);
	if (r == 0 && op != SK_SEND)
		cli_check(c, &m, op, srv, seq, off, len);
	else if (r && r != -EDEADSRCDST)
		sk_anomaly("client call", c->i, c->j, r, op);
	return r;
}

static void *cli_thread(void *p)
{
	static const int ops[] = { SK_MSG, SK_MSG, SK_SEND, SK_COPY_IN, SK_COPY_OUT };
	struct sk_ctx *c = p;
	uint64_t seq = 0;
	int srv = -1, cur, n;

	c->pr->cli_ep = sk_bind(sk_slot(c->i, c->j, 1));
	while (!sk->stop) {
		cur = c->pr->srv_ep;
		if (cur < 0) {
			usleep(1000);
			continue;
		}
		if (cur != srv) {	/* a new server: numbering restarts */
			srv = cur;
			seq = 0;
		}
		if (cli_call(c, srv, ops[sk_rand(&c->rng) % 5], seq + 1) == 0)
			seq++;
		else
			usleep(1000);
	}
	/* Killed just before the end: wait for the new server, then FIN. */
	for (n = 0; c->pr->srv_ep < 0 && n < 10000; n++)
		usleep(1000);
	cur = c->pr->srv_ep;
	if (cur != srv) {
		srv = cur;
		seq = 0;
	}
	if (srv >= 0 && cli_call(c, srv, SK_FIN, seq + 1) == 0) {
		c->pr->cli_count = seq + 1;
		c->pr->cli_to = srv;
		c->pr->fin_done = 1;
	}
	return NULL;
}

void sk_client(int i, uint64_t seed)
{
	sk_threads_run(i, cli_thread, seed);
}
