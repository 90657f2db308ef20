// SPDX-License-Identifier: GPL-2.0
/*
 * m3x vcopy ROLE ...: copies between address spaces, parties anywhere.
 * Each waits until the members it calls are bound (as its node sees).
 *   party SLOT CALLER SIZE   bind SLOT; a buffer of SIZE bytes (at an odd
 *                            address) holding our pattern; sendrec CALLER
 *                            its address and size (so we consent), then
 *                            find in it the pattern the reply names
 *   idle SLOT CALLER SIZE    the same buffer, its address sent to CALLER;
 *                            then receive from ANY (no consent) until
 *                            CALLER sends again
 *   caller SLOT SIZE EP...   bind SLOT; take each EP's request in turn;
 *                            read each party's buffer (its pattern),
 *                            copy the first party's into the second's
 *                            (COPY2) and read that back, write our
 *                            pattern into each, and reply
 *   refused SLOT SIZE        take an idle party's address: reading and
 *                            writing its buffer fail EPERM; release it
 * A pattern is a function of an endpoint (m3x_fill()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "m3x.h"

#define M3X_MAX_PARTIES	4

static unsigned char m3x_byte(int seed, size_t i)
{
	return (unsigned char)(seed * 131 + i * 7 + (i >> 9));
}

static void m3x_fill(unsigned char *b, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = m3x_byte(seed, i);
}

static int m3x_holds(const unsigned char *b, size_t n, int seed,
		     const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != m3x_byte(seed, i))
			return m3x_fail("%s: byte %zu of %zu is %#x, not %#x (pattern %d)",
					what, i, n, b[i], m3x_byte(seed, i),
					seed);
	printf("%s: %zu bytes of pattern %d\n", what, n, seed);
	return 0;
}

/* A buffer of @n bytes at an odd address (freed at exit). */
static unsigned char *m3x_buffer(size_t n)
{
	unsigned char *b = malloc(n + 2);

	if (!b)
		m3x_fail("no memory for %zu bytes", n);
	return b ? b + 1 : NULL;
}

/* Bind @slot, and a buffer of @n bytes with our pattern in it. */
static int m3x_party_start(const char *slot, size_t n, unsigned char **b,
			   message *m)
{
	int ep = m3x_bind(m3x_int(slot));

	*b = ep < 0 ? NULL : m3x_buffer(n);
	if (!*b)
		return -1;
	m3x_fill(*b, n, ep);
	memset(m, 0, sizeof(*m));
	m3x_stamp(m, ep);
	m->m1_p1 = (uintptr_t)*b;
	m->m1_i1 = (int)n;
	printf("party %d: %zu bytes at %p\n", ep, n, (void *)*b);
	return ep;
}

static int m3x_party(char **argv)
{
	size_t n = (size_t)atol(argv[2]);
	unsigned char *b;
	message m;
	int ep, ret;

	ep = m3x_party_start(argv[0], n, &b, &m);
	if (ep < 0 || m3x_wait_bound(m3x_ep(argv[1]), 20))
		return 1;
	ret = mnx_sendrec(m3x_ep(argv[1]), &m);
	if (ret < 0)
		return m3x_fail("party %d: sendrec: %s", ep, m3_errname(ret));
	return m3x_holds(b, n, m.m1_i1, "party's buffer after the copies");
}

static int m3x_idle(char **argv)
{
	size_t n = (size_t)atol(argv[2]);
	int ep, caller = m3x_ep(argv[1]), ret;
	unsigned char *b;
	message m;

	ep = m3x_party_start(argv[0], n, &b, &m);
	if (ep < 0 || m3x_wait_bound(caller, 20))
		return 1;
	ret = mnx_send(caller, &m);
	if (ret == 0)
		ret = mnx_receive(M3_ANY, &m);
	if (ret < 0)
		return m3x_fail("idle party %d: %s", ep, m3_errname(ret));
	return m3x_holds(b, n, ep, "idle party's buffer");
}

/* A party's request: its endpoint, buffer address and size. */
struct m3x_party {
	int ep;
	uint64_t addr;
	size_t n;
};

static int m3x_take(int from, size_t n, struct m3x_party *p)
{
	message m;
	int ret;

	if (from != M3_ANY && m3x_wait_bound(from, 20))
		return 1;
	ret = mnx_receive(from, &m);
	if (ret < 0)
		return m3x_fail("receive from %d: %s", from, m3_errname(ret));
	p->ep = m.m_source;
	p->addr = m.m1_p1;
	p->n = (size_t)m.m1_i1;
	if (p->n != n)
		return m3x_fail("party %d offers %zu bytes, not %zu", p->ep,
				p->n, n);
	return 0;
}

static int m3x_copy(int src, uint64_t s, int dst, uint64_t d, size_t n,
		    const char *want)
{
	long long t0 = m3x_now_ms();
	int ret = mnx_vircopy(src, s, dst, d, n);

	printf("vcopy %zu bytes %d -> %d: %s in %lld ms\n", n, src, dst,
	       m3_errname(ret), m3x_now_ms() - t0);
	if (strcmp(m3_errname(ret), want))
		return m3x_fail("vcopy %d -> %d: %s, expected %s", src, dst,
				m3_errname(ret), want);
	return 0;
}

/* COPY1 both ways with each party, COPY2 from the first to the second. */
static int m3x_copies(int self, struct m3x_party *p, int nr,
		      unsigned char *b, size_t n)
{
	uint64_t mine = (uintptr_t)b;
	int k;

	for (k = 0; k < nr; k++)
		if (m3x_copy(p[k].ep, p[k].addr, M3_SELF, mine, n, "OK") ||
		    m3x_holds(b, n, p[k].ep, "read from a party"))
			return 1;
	if (nr > 1 && (m3x_copy(p[0].ep, p[0].addr, p[1].ep, p[1].addr, n, "OK") ||
		       m3x_copy(p[1].ep, p[1].addr, M3_SELF, mine, n, "OK") ||
		       m3x_holds(b, n, p[0].ep, "COPY2 read back")))
		return 1;
	m3x_fill(b, n, self);
	for (k = 0; k < nr; k++)
		if (m3x_copy(M3_SELF, mine, p[k].ep, p[k].addr, n, "OK"))
			return 1;
	return 0;
}

static int m3x_caller(int argc, char **argv)
{
	struct m3x_party p[M3X_MAX_PARTIES];
	size_t n = (size_t)atol(argv[1]);
	int self, k, nr = argc - 2, ret;
	unsigned char *b;
	message m;

	if (nr < 1 || nr > M3X_MAX_PARTIES)
		return 2;
	self = m3x_bind(m3x_int(argv[0]));
	b = self < 0 ? NULL : m3x_buffer(n);
	if (!b)
		return 1;
	for (k = 0; k < nr; k++)
		if (m3x_take(m3x_ep(argv[2 + k]), n, &p[k]))
			return 1;
	if (m3x_copies(self, p, nr, b, n))
		return 1;
	for (k = 0; k < nr; k++) {
		memset(&m, 0, sizeof(m));
		m3x_stamp(&m, self);
		m.m1_i1 = self;
		ret = mnx_sendnb(p[k].ep, &m);
		if (ret < 0)
			return m3x_fail("reply to %d: %s", p[k].ep,
					m3_errname(ret));
	}
	return 0;
}

static int m3x_refused(char **argv)
{
	size_t n = (size_t)atol(argv[1]);
	struct m3x_party p;
	unsigned char *b;
	message m;
	int self, ret;

	self = m3x_bind(m3x_int(argv[0]));
	b = self < 0 ? NULL : m3x_buffer(n);
	if (!b || m3x_take(M3_ANY, n, &p))
		return 1;
	m3x_sleep_ms(300);	/* it receives from ANY by now, or runs */
	if (m3x_copy(p.ep, p.addr, M3_SELF, (uintptr_t)b, n, "EPERM") ||
	    m3x_copy(M3_SELF, (uintptr_t)b, p.ep, p.addr, n, "EPERM"))
		return 1;
	memset(&m, 0, sizeof(m));
	m3x_stamp(&m, self);
	ret = mnx_send(p.ep, &m);
	return ret < 0 ? m3x_fail("release %d: %s", p.ep, m3_errname(ret)) : 0;
}

int m3x_vcopy(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[0], "party"))
		return m3x_party(argv + 1);
	if (argc == 4 && !strcmp(argv[0], "idle"))
		return m3x_idle(argv + 1);
	if (argc >= 4 && !strcmp(argv[0], "caller"))
		return m3x_caller(argc - 1, argv + 1);
	if (argc == 3 && !strcmp(argv[0], "refused"))
		return m3x_refused(argv + 1);
	return 2;
}
