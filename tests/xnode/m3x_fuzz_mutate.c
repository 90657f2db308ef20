// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: the wire fuzzer's mutations. A field of a frame (of its header, or
 * of a copy frame's fixed part) takes an edge value (0, 1, all ones, the
 * largest chunk and one past, the node count and one short, ANY, NONE,
 * SELF...), a random one, a neighbour, or has a bit flipped; a copy
 * frame's count may take its length along; and now and then a length a
 * few bytes off.
 */
#include <string.h>

#include "m3x.h"
#include "m3x_fuzz.h"

struct m3x_fz_field {
	unsigned char off, size, copy_only;
};

#define M3X_HDR_FIELD(f)  { offsetof(struct m3_wire_hdr, f), \
			    sizeof(((struct m3_wire_hdr *)0)->f), 0 }
#define M3X_COPY_FIELD(f) { offsetof(struct m3_wire_copy, f), \
			    sizeof(((struct m3_wire_copy *)0)->f), 1 }

static const struct m3x_fz_field m3x_fz_fields[] = {
	M3X_HDR_FIELD(magic), M3X_HDR_FIELD(version), M3X_HDR_FIELD(type),
	M3X_HDR_FIELD(node), M3X_HDR_FIELD(vmid), M3X_HDR_FIELD(seq),
	M3X_HDR_FIELD(flags), M3X_HDR_FIELD(src_ep), M3X_HDR_FIELD(dst_ep),
	M3X_HDR_FIELD(result), M3X_HDR_FIELD(pad),
	M3X_COPY_FIELD(addr), M3X_COPY_FIELD(offset), M3X_COPY_FIELD(count),
	M3X_COPY_FIELD(total), M3X_COPY_FIELD(pad),
};

static uint64_t m3x_get_le(const unsigned char *p, unsigned int size)
{
	uint64_t v = 0;

	while (size--)
		v = v << 8 | p[size];
	return v;
}

static void m3x_put_le(unsigned char *p, unsigned int size, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

/* A value for a field that held @old. */
static uint64_t m3x_fz_value(struct m3x_fuzz *fz, uint64_t old)
{
	static const uint64_t edges[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
		0x10000, M3_WIRE_CHUNK - 1, M3_WIRE_CHUNK, M3_WIRE_CHUNK + 1,
		M3_WIRE_MAX, M3_W_NR_TYPES, M3_MAX_NODES, M3_ANY, M3_NONE,
		M3_SELF, M3_W_PARKED, 0x7fffffff, 0x80000000, 0xffffffff,
		(uint32_t)-EINTR, (uint32_t)-ETIMEDOUT, ~0ULL,
	};

	switch (m3x_rng_below(&fz->rng, 6)) {
	case 0:
		return m3x_rng_next(&fz->rng);
	case 1:
		return old ^ (1ULL << m3x_rng_below(&fz->rng, 64));
	case 2:
		return old + 1;
	case 3:
		return old - 1;
	case 4:	/* a node at the edge of the DRVS */
		return (uint64_t)fz->nr_nodes - m3x_rng_below(&fz->rng, 2);
	}
	return edges[m3x_rng_below(&fz->rng, M3X_ARRAY_SIZE(edges))];
}

/*
 * Change one field of the frame of @len bytes in @fz->buf: its new length
 * (a copy frame's count may take its length along).
 */
static size_t m3x_fz_mutate(struct m3x_fuzz *fz, size_t len)
{
	const struct m3x_fz_field *f;
	struct m3_wire_copy *c = (void *)fz->buf;
	uint64_t v;
	size_t n;

	do
		f = &m3x_fz_fields[m3x_rng_below(&fz->rng, M3X_ARRAY_SIZE(m3x_fz_fields))];
	while (f->copy_only && len < M3X_COPY_HDR);
	v = m3x_fz_value(fz, m3x_get_le(fz->buf + f->off, f->size));
	m3x_put_le(fz->buf + f->off, f->size, v);
	if (f->off == offsetof(struct m3_wire_copy, count) && f->copy_only &&
	    m3x_rng_one_in(&fz->rng, 2)) {
		n = le32toh(c->count);
		n = n > M3_WIRE_CHUNK ? M3_WIRE_CHUNK + 1 : n;
		memset(c->data, 0x5a, n);
		len = M3X_COPY_HDR + n;
	}
	return len;
}

/* Now and then a length a few bytes off. */
static size_t m3x_fz_misfit(struct m3x_fuzz *fz, size_t len)
{
	int delta = (int)m3x_rng_below(&fz->rng, 17) - 8;

	if (!m3x_rng_one_in(&fz->rng, 8) || (int)len + delta < 0)
		return len;
	if (delta > 0)
		memset(fz->buf + len, 0, (size_t)delta);
	return (size_t)((int)len + delta);
}

void m3x_fz_mutated(struct m3x_fuzz *fz)
{
	size_t len = m3x_fz_valid(fz, m3x_fz_type(fz));
	unsigned int k = 1 + m3x_rng_below(&fz->rng, 3);

	while (k--)
		len = m3x_fz_mutate(fz, len);
	m3x_fz_send(fz, M3X_FZ_MUTATED, m3x_fz_misfit(fz, len));
}

/* A frame that came from a module, now and then with a field changed. */
size_t m3x_fz_mutate_seen(struct m3x_fuzz *fz, size_t len)
{
	return m3x_rng_one_in(&fz->rng, 4) ? m3x_fz_mutate(fz, len) : len;
}
