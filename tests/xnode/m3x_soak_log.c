// SPDX-License-Identifier: GPL-2.0
/* m3x soak: a member's records, and the small facts every part shares. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "m3x_soak.h"

struct xs_shared *xs;

/*
 * Append @r to @me's ring. A full ring waits for the orchestrator, which
 * empties it every half second: a record is never dropped.
 */
void xs_log(struct xs_member *me, const struct xs_rec *r)
{
	struct xs_ring *g = me->ring;
	uint64_t h = g->head;

	while (h - __atomic_load_n(&g->tail, __ATOMIC_ACQUIRE) >= XS_RING)
		m3x_sleep_ms(2);
	g->rec[h % XS_RING] = *r;
	__atomic_store_n(&g->head, h + 1, __ATOMIC_RELEASE);
}

/* A record of @type about @peer with @seq and @aux, now. */
void xs_note(struct xs_member *me, int type, int peer, uint32_t seq,
	     uint32_t aux)
{
	struct xs_rec r = { .type = (uint8_t)type, .self = me->ep,
			    .peer = peer, .seq = seq, .aux = aux };

	r.t0 = r.t1 = xs_now();
	xs_log(me, &r);
}

void xs_anomaly(struct xs_member *me, enum xs_anom what, int peer,
		uint32_t seq, uint32_t seen)
{
	struct xs_rec r = { .type = XS_ANOM, .self = me->ep, .peer = peer,
			    .seq = seq, .aux = what, .aux2 = seen };

	r.t0 = r.t1 = xs_now();
	xs_log(me, &r);
	printf("soak: ANOMALY %d on node %d: member %d (%d), peer %d, seq %u,"
	       " seen %d\n", what, xs->node, me->index, me->ep, peer, seq,
	       (int)seen);
}

/* CLOCK_MONOTONIC in ms: this node's clock (the guest's uptime). */
uint32_t xs_now(void)
{
	return (uint32_t)m3x_now_ms();
}

/* splitmix64: a 64-bit mix of @x. */
uint64_t xs_mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t xs_rand(uint64_t *s)
{
	*s += 0x9e3779b97f4a7c15ULL;
	return xs_mix(*s);
}

/* The bytes named @key: word @w of them (8 bytes, little-endian). */
static uint64_t xs_word(uint64_t key, size_t w)
{
	return xs_mix(key ^ (w * 0x9e3779b97f4a7c15ULL));
}

void xs_fill(uint8_t *p, uint64_t key, size_t n)
{
	uint64_t x;
	size_t i;

	for (i = 0; i < n; i += sizeof(x)) {
		x = xs_word(key, i / sizeof(x));
		memcpy(p + i, &x, n - i < sizeof(x) ? n - i : sizeof(x));
	}
}

/* The first wrong byte of @p (its index + 1), or 0: all as @key says. */
size_t xs_bad(const uint8_t *p, uint64_t key, size_t n)
{
	uint8_t want[sizeof(uint64_t)];
	size_t i, k, len;
	uint64_t x;

	for (i = 0; i < n; i += sizeof(x)) {
		x = xs_word(key, i / sizeof(x));
		memcpy(want, &x, sizeof(x));
		len = n - i < sizeof(x) ? n - i : sizeof(x);
		for (k = 0; k < len; k++)
			if (p[i + k] != want[k])
				return i + k + 1;
	}
	return 0;
}

/* The slot of member @member of node @node (header comment). */
int xs_slot(int member, int node)
{
	return member * xs->nr_nodes + node;
}

/* The node of endpoint @ep: the owner of its slot (m3_slot_owner()). */
int xs_node_of(int ep)
{
	return m3_ep_slot(ep) % xs->nr_nodes;
}

/* How often this node saw @node go down (mnx_node_info). */
uint32_t xs_downs(int node)
{
	struct m3_node_info i;

	return mnx_node_info(node, &i) < 0 ? 0 : i.downs;
}
