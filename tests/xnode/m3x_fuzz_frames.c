// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: the frames of the wire fuzzer. Each starts from a frame a module
 * could send (m3x_fz_valid(): well formed, claiming another node of the
 * DRVS, naming the VMs and endpoints given), then is changed as its kind
 * says, and goes to the module of the run's current target.
 *   random     bytes; half of them behind a valid magic and version
 *   mutated    one to three fields (header, copy fields) set to edge
 *              values, random ones or flipped bits, and now and then a
 *              length that no longer fits
 *   truncated  every length from 0 to past the largest fixed frame, for
 *              every type in turn (a sweep, not a draw)
 *   oversized  copy frames from the largest valid one to TIPC's limit
 *              (66000 bytes) and one past it
 *   sequence   frames in an order no module sends (an answer before its
 *              call, bytes for no copy, an unbind before the bind...)
 */
#include <string.h>

#include "m3x.h"
#include "m3x_fuzz.h"

#define M3X_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define M3X_COPY_HDR		sizeof(struct m3_wire_copy)

/* Another node of the DRVS than the target's. */
static unsigned int m3x_fz_claim(struct m3x_fuzz *fz)
{
	unsigned int self = fz->modules.instance[fz->target];
	unsigned int n = m3x_rng_below(&fz->rng, (uint32_t)fz->nr_nodes - 1);

	return n >= self ? n + 1 : n;
}

/* One of the endpoints given, now and then another generation or noise. */
static int m3x_fz_ep(struct m3x_fuzz *fz)
{
	int ep = fz->eps[m3x_rng_below(&fz->rng, (uint32_t)fz->nr_eps)];

	switch (m3x_rng_below(&fz->rng, 8)) {
	case 0:
		return M3_ENDPOINT((int)m3x_rng_below(&fz->rng, 8),
				   M3_EP_SLOT(ep));
	case 1:
		return (int)m3x_rng_next(&fz->rng);
	}
	return ep;
}

static int m3x_fz_result(struct m3x_fuzz *fz, unsigned int type)
{
	static const int results[] = { 0, M3_W_PARKED, -EINTR, -ETIMEDOUT,
				       -EFAULT, -EDEADSRCDST };

	if (type != M3_W_DONE && type != M3_W_CANCEL && type != M3_W_VDONE)
		return 0;
	return results[m3x_rng_below(&fz->rng, M3X_ARRAY_SIZE(results))];
}

/* The copy fields of copy frame @fz->buf, and its bytes: its length. */
static size_t m3x_fz_copy_fields(struct m3x_fuzz *fz, unsigned int type)
{
	struct m3_wire_copy *c = (void *)fz->buf;
	uint32_t total = 1 + m3x_rng_below(&fz->rng, 1 << 20), off, n = 0;

	off = m3x_rng_below(&fz->rng, total / M3_WIRE_CHUNK + 1) * M3_WIRE_CHUNK;
	if (off >= total)
		off = 0;
	if (m3_wire_has_data(type)) {
		n = total - off < M3_WIRE_CHUNK ? total - off : M3_WIRE_CHUNK;
		if (m3x_rng_one_in(&fz->rng, 2))
			n = m3x_rng_below(&fz->rng, n + 1);
		memset(c->data, (int)m3x_rng_next(&fz->rng), n);
	}
	c->addr = htole64(0x7f0000000000ULL + (m3x_rng_next(&fz->rng) >> 24));
	c->offset = htole32(off);
	c->count = htole32(n);
	c->total = htole32(total);
	return M3X_COPY_HDR + n;
}

static int m3x_fz_is_copy(unsigned int type)
{
	return m3_wire_len(type) == M3X_COPY_HDR;
}

size_t m3x_fz_valid(struct m3x_fuzz *fz, unsigned int type)
{
	struct m3x_frame f = {
		.type = type,
		.node = m3x_fz_claim(fz),
		.vmid = (unsigned int)fz->vms[m3x_rng_below(&fz->rng, (uint32_t)fz->nr_vms)],
		.seq = m3x_rng_below(&fz->rng, 8),
		.flags = m3x_rng_below(&fz->rng, 4),
		.src = m3x_fz_ep(fz),
		.dst = m3x_fz_ep(fz),
		.result = m3x_fz_result(fz, type),
	};
	union m3_wire_frame *w = (void *)fz->buf;
	size_t len = m3x_forge(&f, fz->buf);

	if (len == sizeof(w->a)) {
		uint64_t *p = (uint64_t *)w->a.nonce;
		size_t i;

		for (i = 0; i < (len - sizeof(w->h)) / 8; i++)
			p[i] = m3x_rng_next(&fz->rng);
	}
	return m3x_fz_is_copy(type) ? m3x_fz_copy_fields(fz, type) : len;
}

static unsigned int m3x_fz_type(struct m3x_fuzz *fz)
{
	return 1 + m3x_rng_below(&fz->rng, M3_W_NR_TYPES - 1);
}

void m3x_fz_random(struct m3x_fuzz *fz)
{
	union m3_wire_frame *w = (void *)fz->buf;
	uint32_t lim = m3x_rng_one_in(&fz->rng, 10) ? M3_WIRE_MAX : 2048;
	size_t len = m3x_rng_below(&fz->rng, m3x_rng_one_in(&fz->rng, 2) ? 128 : lim);
	size_t i;

	for (i = 0; i < len; i += 8) {
		uint64_t x = m3x_rng_next(&fz->rng);

		memcpy(fz->buf + i, &x, len - i < 8 ? len - i : 8);
	}
	if (len >= sizeof(w->h) && m3x_rng_one_in(&fz->rng, 2)) {
		w->h.magic = htole16(M3_WIRE_MAGIC);
		w->h.version = M3_WIRE_VERSION;
		if (m3x_rng_one_in(&fz->rng, 2)) {
			w->h.type = (u8)m3x_fz_type(fz);
			w->h.node = htole16((u16)m3x_fz_claim(fz));
		}
	}
	m3x_fz_send(fz, M3X_FZ_RANDOM, len);
}

/* ---- mutations ---------------------------------------------------------- */

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

/* ---- truncations and oversized frames ------------------------------------ */

#define M3X_CUT_MAX	(sizeof(union m3_wire_frame) + 16)

void m3x_fz_truncated(struct m3x_fuzz *fz)
{
	unsigned int type = 1 + fz->cut_type % (M3_W_NR_TYPES - 1);
	size_t len = m3x_fz_valid(fz, type), cut = fz->cut_len;

	if (cut > len)
		memset(fz->buf + len, 0, cut - len);
	m3x_fz_send(fz, M3X_FZ_TRUNCATED, cut);
	if (++fz->cut_len > M3X_CUT_MAX) {
		fz->cut_len = 0;
		fz->cut_type++;
	}
}

void m3x_fz_oversized(struct m3x_fuzz *fz)
{
	static const size_t edges[] = {
		M3X_COPY_HDR + M3_WIRE_CHUNK, M3X_COPY_HDR + M3_WIRE_CHUNK + 1,
		M3_WIRE_MAX - 1, M3_WIRE_MAX, M3_WIRE_MAX + 1,
	};
	unsigned int type = m3x_rng_one_in(&fz->rng, 2) ? M3_W_VDATA : M3_W_VWRITE;
	struct m3_wire_copy *c = (void *)fz->buf;
	size_t len;

	if (m3x_rng_one_in(&fz->rng, 4))
		type = m3x_fz_type(fz);
	m3x_fz_valid(fz, type);
	len = m3x_rng_one_in(&fz->rng, 2) ?
	      edges[m3x_rng_below(&fz->rng, M3X_ARRAY_SIZE(edges))] :
	      2048 + m3x_rng_below(&fz->rng, M3_WIRE_MAX - 2048 + 1);
	memset(fz->buf + M3X_COPY_HDR, 0xa5, len - M3X_COPY_HDR);
	c->count = htole32(m3x_rng_one_in(&fz->rng, 4) ?
			   (uint32_t)m3x_rng_next(&fz->rng) :
			   (uint32_t)(len - M3X_COPY_HDR));
	m3x_fz_send(fz, M3X_FZ_OVERSIZED, len);
}

/* ---- frames out of order ---------------------------------------------- */

static const unsigned char m3x_fz_scenarios[][4] = {
	{ M3_W_DONE, M3_W_SEND },		/* the answer before the call */
	{ M3_W_VDATA, M3_W_VDONE },		/* bytes for no copy */
	{ M3_W_VDONE, M3_W_VREAD, M3_W_VDATA },
	{ M3_W_UNBIND, M3_W_BIND, M3_W_UNBIND },
	{ M3_W_CANCEL },			/* for nothing */
	{ M3_W_CANCEL, M3_W_SEND, M3_W_CANCEL, M3_W_DONE },
	{ M3_W_VWRITE, M3_W_VWRITE, M3_W_VDONE },	/* not from offset 0 */
	{ M3_W_CONFIRM, M3_W_RESP, M3_W_CHAL },	/* the handshake backwards */
	{ M3_W_SYNC, M3_W_FLOOR, M3_W_BIND },
	{ M3_W_NOTIFY, M3_W_UNBIND, M3_W_NOTIFY },
	{ M3_W_SEND, M3_W_SEND, M3_W_SEND },	/* one call, again */
	{ M3_W_FLOOR, M3_W_UNBIND, M3_W_SEND },
};

/*
 * The frames of one scenario, all with the header fields of the first
 * (node, VM, endpoints, sequence number); copy frames go backwards
 * through the chunks.
 */
void m3x_fz_sequence(struct m3x_fuzz *fz)
{
	const unsigned char *s = m3x_fz_scenarios[m3x_rng_below(&fz->rng,
						  M3X_ARRAY_SIZE(m3x_fz_scenarios))];
	union m3_wire_frame *w = (void *)fz->buf;
	struct m3_wire_copy *c = (void *)fz->buf;
	struct m3_wire_hdr h = { 0 };
	size_t len;
	int i;

	for (i = 0; i < 4 && s[i]; i++) {
		len = m3x_fz_valid(fz, s[i]);
		if (i == 0)
			h = w->h;
		w->h.node = h.node;
		w->h.vmid = h.vmid;
		w->h.seq = h.seq;
		w->h.src_ep = h.src_ep;
		w->h.dst_ep = h.dst_ep;
		if (m3x_fz_is_copy(s[i]))
			c->offset = htole32((uint32_t)(1 - i) * M3_WIRE_CHUNK);
		m3x_fz_send(fz, M3X_FZ_SEQUENCE, len);
	}
}
