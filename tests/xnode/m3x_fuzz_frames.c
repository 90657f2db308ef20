// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: the frames of the wire fuzzer. Each starts from a frame a module
 * could send (m3x_fz_valid(): well formed, claiming another node of the
 * DRVS, naming the VMs and endpoints given), then is changed as its kind
 * says, and goes to the module of the run's current target.
 *   random     bytes; half of them behind a valid magic and version
 *   mutated    one to three fields changed (m3x_fuzz_mutate.c)
 *   truncated  every length from 0 to past the largest fixed frame, for
 *              every type in turn (a sweep, not a draw)
 *   oversized  copy frames from the largest valid one to TIPC's limit
 *              (66000 bytes) and one past it
 *   sequence   frames in an order no module sends (an answer before its
 *              call, bytes for no copy, an unbind before the bind, an
 *              acknowledgement of no write, a chunk beyond a write's
 *              window...)
 */
#include <stdbool.h>
#include <string.h>

#include "m3x.h"
#include "m3x_fuzz.h"

/*
 * Another node of the DRVS than the target's; keyed, mostly the node we
 * pass for.
 */
unsigned int m3x_fz_claim(struct m3x_fuzz *fz)
{
	unsigned int self = fz->modules.instance[fz->target];
	unsigned int n = m3x_rng_below(&fz->rng, (uint32_t)fz->nr_nodes - 1);

	if (fz->claim >= 0 && !m3x_rng_one_in(&fz->rng, 8))
		return (unsigned int)fz->claim;
	return n >= self ? n + 1 : n;
}

/*
 * One of the @nr endpoints of @eps, now and then another generation or
 * noise.
 */
static int m3x_fz_ep(struct m3x_fuzz *fz, const int *eps, int nr)
{
	int ep = eps[m3x_rng_below(&fz->rng, (uint32_t)nr)];

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

/* The first VM given half the time, else any. */
static unsigned int m3x_fz_vm(struct m3x_fuzz *fz)
{
	uint32_t k = m3x_rng_one_in(&fz->rng, 2) ? 0 :
		     m3x_rng_below(&fz->rng, (uint32_t)fz->nr_vms);

	return (unsigned int)fz->vms[k];
}

/*
 * Keyed, half the time (calls, always): a member a module announced is
 * the destination, and that module the target.
 */
static void m3x_fz_aim(struct m3x_fuzz *fz, struct m3x_frame *f)
{
	const struct m3x_fz_member *m;
	bool call = f->type == M3_W_SEND || f->type == M3_W_NOTIFY;

	if (fz->claim < 0 || !fz->nr_live ||
	    (!call && m3x_rng_one_in(&fz->rng, 2)))
		return;
	m = &fz->live[m3x_rng_below(&fz->rng, (uint32_t)fz->nr_live)];
	fz->target = m->module;
	f->vmid = (unsigned int)m->vmid;
	f->dst = m->ep;
}

size_t m3x_fz_valid(struct m3x_fuzz *fz, unsigned int type)
{
	struct m3x_frame f = { .type = type };
	union m3_wire_frame *w = (void *)fz->buf;
	size_t len;

	f.vmid = m3x_fz_vm(fz);
	f.seq = m3x_rng_below(&fz->rng, 8);
	f.flags = m3x_rng_below(&fz->rng, 4);
	f.src = m3x_fz_ep(fz, fz->src, fz->nr_src);
	f.dst = m3x_fz_ep(fz, fz->dst, fz->nr_dst);
	f.result = m3x_fz_result(fz, type);
	m3x_fz_aim(fz, &f);
	f.node = m3x_fz_claim(fz);
	len = m3x_forge(&f, fz->buf);

	if (len == sizeof(w->a)) {
		uint64_t *p = (uint64_t *)w->a.nonce;
		size_t i;

		for (i = 0; i < (len - sizeof(w->h)) / 8; i++)
			p[i] = m3x_rng_next(&fz->rng);
	}
	return m3x_fz_is_copy(type) ? m3x_fz_copy_fields(fz, type) : len;
}

unsigned int m3x_fz_type(struct m3x_fuzz *fz)
{
	return 1 + m3x_rng_below(&fz->rng, M3_W_NR_TYPES - 1);
}

void m3x_fz_well_formed(struct m3x_fuzz *fz)
{
	m3x_fz_send(fz, M3X_FZ_VALID, m3x_fz_valid(fz, m3x_fz_type(fz)));
}

void m3x_fz_call(struct m3x_fuzz *fz)
{
	union m3_wire_frame *w = (void *)fz->buf;
	bool send = !m3x_rng_one_in(&fz->rng, 4);
	size_t len = m3x_fz_valid(fz, send ? M3_W_SEND : M3_W_NOTIFY);

	w->h.flags = htole32(m3x_rng_below(&fz->rng, 2) * M3_WF_SENDREC |
			     m3x_rng_one_in(&fz->rng, 8) * M3_WF_NONBLOCK);
	m3x_fz_send(fz, M3X_FZ_CALL, len);
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
	{ M3_W_VACK, M3_W_VWRITE, M3_W_VACK },	/* acks of no write */
};

/*
 * A write's first chunk, then one M3_WIRE_WINDOW chunks on (beyond the
 * window: nothing was acknowledged), then an ack of it; one header, one
 * module.
 */
static void m3x_fz_over_window(struct m3x_fuzz *fz)
{
	static const unsigned char types[] = { M3_W_VWRITE, M3_W_VWRITE,
					       M3_W_VACK };
	struct m3_wire_copy *c = (void *)fz->buf;
	uint32_t total = (M3_WIRE_WINDOW + 2) * M3_WIRE_CHUNK, off;
	struct m3_wire_hdr h = { 0 };
	int target = 0;
	size_t i, len;

	for (i = 0; i < M3X_ARRAY_SIZE(types); i++) {
		len = m3x_fz_valid(fz, types[i]);
		if (i == 0) {
			h = c->h;
			target = fz->target;
		}
		fz->target = target;	/* all to the first one's module */
		c->h = h;
		c->h.type = types[i];
		off = i ? M3_WIRE_WINDOW * M3_WIRE_CHUNK : 0;
		c->offset = htole32(off);
		c->total = htole32(total);
		if (types[i] == M3_W_VWRITE) {
			c->count = htole32(M3_WIRE_CHUNK);
			len = M3X_COPY_HDR + M3_WIRE_CHUNK;
		}
		m3x_fz_send(fz, M3X_FZ_SEQUENCE, len);
	}
}

/*
 * The frames of one scenario, all with the header fields of the first
 * (node, VM, endpoints, sequence number); copy frames go backwards
 * through the chunks.
 */
void m3x_fz_sequence(struct m3x_fuzz *fz)
{
	uint32_t k = m3x_rng_below(&fz->rng, M3X_ARRAY_SIZE(m3x_fz_scenarios) + 1);
	const unsigned char *s = m3x_fz_scenarios[k % M3X_ARRAY_SIZE(m3x_fz_scenarios)];
	union m3_wire_frame *w = (void *)fz->buf;
	struct m3_wire_copy *c = (void *)fz->buf;
	struct m3_wire_hdr h = { 0 };
	size_t len;
	int i;

	if (k == M3X_ARRAY_SIZE(m3x_fz_scenarios)) {
		m3x_fz_over_window(fz);
		return;
	}
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
