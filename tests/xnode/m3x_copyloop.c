// SPDX-License-Identifier: GPL-2.0
/*
 * m3x copyloop: vcopy round after round with parties anywhere, every byte
 * checked, the genuine copies beside the wire fuzzer.
 *   party SLOT CALLER SIZE    bind SLOT; each round, fill a buffer of
 *                             SIZE bytes (at an odd address) with the
 *                             round's pattern of our endpoint and sendrec
 *                             CALLER its address (consent); the reply
 *                             names the round, and the buffer must then
 *                             hold the caller's pattern of that round;
 *                             until the caller says the end (m_type -1)
 *   caller SLOT SIZE STOP PARTY...   bind SLOT; each round, take each
 *                             PARTY's request (an endpoint), read its
 *                             buffer (COPY1 from it, checked), write ours
 *                             into it (COPY1 to it) and reply; once the
 *                             file STOP exists, answer each the end
 * A pattern is m3x_pattern_byte() of (endpoint << 32 | round).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_fuzz_rng.h"

#define M3X_COPY_END		(-1)
#define M3X_COPY_PARTIES	4

static uint64_t m3x_copy_key(int ep, int round)
{
	return (uint64_t)(uint32_t)ep << 32 | (uint32_t)round;
}

/*
 * Write pattern @key into @b (@check false), or find where @b departs
 * from it: that index, or @n.
 */
static size_t m3x_pattern(unsigned char *b, size_t n, uint64_t key,
			  bool check)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!check)
			b[i] = m3x_pattern_byte(key, i);
		else if (b[i] != m3x_pattern_byte(key, i))
			break;
	}
	return i;
}

static int m3x_pattern_holds(unsigned char *b, size_t n, uint64_t key,
			     const char *what)
{
	size_t i = m3x_pattern(b, n, key, true);

	if (i < n)
		return m3x_fail("%s: byte %zu of %zu is %#x, not %#x (pattern %#llx)",
				what, i, n, b[i], m3x_pattern_byte(key, i),
				(unsigned long long)key);
	return 0;
}

/* SIZE bytes at an odd address (never freed: the process ends). */
static unsigned char *m3x_odd_buffer(size_t n)
{
	unsigned char *b = malloc(n + 1);

	return b ? b + 1 : NULL;
}

static int m3x_copy_party(char **argv)
{
	int ep = m3x_bind(m3x_int(argv[0])), caller = m3x_ep(argv[1]), r, ret;
	size_t n = (size_t)atol(argv[2]);
	unsigned char *b = m3x_odd_buffer(n);
	message m;

	if (ep < 0 || !b || m3x_wait_bound(caller, 60))
		return 1;
	printf("bound %d\n", ep);
	for (r = 0;; r++) {
		m3x_pattern(b, n, m3x_copy_key(ep, r), false);
		memset(&m, 0, sizeof(m));
		m3x_stamp(&m, ep);
		m.m_type = r;
		m.m1_i1 = (int)n;
		m.m1_p1 = (uintptr_t)b;
		ret = mnx_sendrec(caller, &m);
		if (ret < 0)
			return m3x_fail("party %d: round %d: %s", ep, r,
					m3_errname(ret));
		if (m3x_check_stamp(&m) || m.m_source != caller)
			return m3x_fail("party %d: a reply from %d", ep,
					m.m_source);
		if (m.m_type == M3X_COPY_END)
			break;
		if (m.m_type != r)
			return m3x_fail("party %d: reply for round %d in round %d",
					ep, m.m_type, r);
		if (m3x_pattern_holds(b, n, m3x_copy_key(caller, r),
				      "party's buffer after the round"))
			return 1;
	}
	printf("party %d: %d rounds, %zu bytes written and checked\n", ep, r,
	       (size_t)r * n);
	return 0;
}

/* One party's round @r: its request taken, read, written, answered. */
static int m3x_copy_round(int self, int party, int r, unsigned char *b,
			  size_t n, int end)
{
	message m;
	uint64_t addr;
	int ret;

	ret = mnx_receive(party, &m);
	if (ret < 0)
		return m3x_fail("receive from %d: %s", party, m3_errname(ret));
	if (m3x_check_stamp(&m) || m.m_type != r || m.m1_i1 != (int)n)
		return m3x_fail("request of %d: round %d of %d bytes, not %d",
				party, m.m_type, m.m1_i1, r);
	addr = m.m1_p1;
	if (!end) {
		ret = mnx_vircopy(party, addr, M3_SELF, (uintptr_t)b, n);
		if (ret == 0 && m3x_pattern_holds(b, n, m3x_copy_key(party, r),
						  "read from a party"))
			return 1;
		m3x_pattern(b, n, m3x_copy_key(self, r), false);
		if (ret == 0)
			ret = mnx_vircopy(M3_SELF, (uintptr_t)b, party, addr, n);
		if (ret < 0)
			return m3x_fail("round %d: vcopy with %d: %s", r, party,
					m3_errname(ret));
	}
	memset(&m, 0, sizeof(m));
	m3x_stamp(&m, self);
	m.m_type = end ? M3X_COPY_END : r;
	ret = mnx_send(party, &m);
	return ret < 0 ? m3x_fail("reply to %d: %s", party, m3_errname(ret)) : 0;
}

static int m3x_copy_caller(int argc, char **argv)
{
	int self = m3x_bind(m3x_int(argv[0])), nr = argc - 3, r, k, end = 0;
	int party[M3X_COPY_PARTIES];
	size_t n = (size_t)atol(argv[1]);
	unsigned char *b = m3x_odd_buffer(n);

	if (nr < 1 || nr > M3X_COPY_PARTIES)
		return 2;
	if (self < 0 || !b)
		return 1;
	printf("bound %d\n", self);
	for (k = 0; k < nr; k++)
		party[k] = m3x_ep(argv[3 + k]);
	for (r = 0; !end; r++) {
		end = !access(argv[2], F_OK);
		for (k = 0; k < nr; k++)
			if (m3x_copy_round(self, party[k], r, b, n, end))
				return 1;
	}
	printf("caller %d: %d rounds with %d parties, %zu bytes each way checked\n",
	       self, r - 1, nr, (size_t)(r - 1) * (size_t)nr * n);
	return 0;
}

int m3x_copyloop(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[0], "party"))
		return m3x_copy_party(argv + 1);
	if (argc >= 5 && !strcmp(argv[0], "caller"))
		return m3x_copy_caller(argc - 1, argv + 1);
	return 2;
}
