// SPDX-License-Identifier: GPL-2.0
/* m3soak: patterns, checksums, anomaly reports. */
#include <stdio.h>

#include "soak.h"

uint64_t sk_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Byte @i of the block identified by @key. */
uint8_t sk_pat(uint64_t key, uint64_t i)
{
	uint64_t x = key * 0x9e3779b97f4a7c15ULL + (i >> 3);

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (uint8_t)(x >> (8 * (i & 7)));
}

void sk_fill(uint8_t *p, uint64_t key, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = sk_pat(key, i);
}

size_t sk_bad(const uint8_t *p, uint64_t key, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != sk_pat(key, i))
			return i + 1;
	return 0;
}

/* FNV-1a over m_type and the payload but its last 8 bytes. */
static uint64_t sk_sum(const message *m)
{
	const uint8_t *p = (const uint8_t *)&m->m_type;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i, n = sizeof(*m) - sizeof(m->m_source) - 8;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

void sk_msg_seal(message *m)
{
	m->m_u.m_u64[6] = sk_sum(m);
}

int sk_msg_ok(const message *m)
{
	return m->m_u.m_u64[6] == sk_sum(m);
}

void sk_anomaly(const char *what, int i, int j, long a, long b)
{
	__sync_fetch_and_add(&sk->anomalies, 1);
	printf("m3soak: ANOMALY pair %d.%d: %s (%ld vs %ld)\n", i, j, what, a, b);
	fflush(stdout);
}
