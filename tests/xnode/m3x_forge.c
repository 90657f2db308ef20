// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: frames an unprivileged process forges for the modules: every type
 * of the wire format, claiming every node (and one past them), naming the
 * members given, each sent again (a replay); then frames of a wrong shape,
 * and a flood.
 */
#include <string.h>

#include "m3x.h"
#include "m3x_forge.h"

/* Frame @f into @buf, well formed as kmod/wire.h says: its length. */
size_t m3x_forge(const struct m3x_frame *f, void *buf)
{
	union m3_wire_frame *w = buf;
	size_t len = m3_wire_len(f->type);

	memset(buf, 0, len);
	w->h.magic = htole16(M3_WIRE_MAGIC);
	w->h.version = M3_WIRE_VERSION;
	w->h.type = (u8)f->type;
	w->h.node = htole16((u16)f->node);
	w->h.vmid = htole16((u16)f->vmid);
	w->h.seq = htole32(f->seq);
	w->h.flags = htole32(f->flags);
	w->h.src_ep = htole32((u32)f->src);
	w->h.dst_ep = htole32((u32)f->dst);
	w->h.result = htole32((u32)f->result);
	if (f->type == M3_W_SEND || f->type == M3_W_DONE) {
		/* What a member would accept as real, were it delivered. */
		w->m.msg.m_type = 0x666;
		w->m.msg.m_source = f->src;
		w->m.msg.m1_i2 = f->src;
		w->m.msg.m1_i3 = (int)f->vmid;
	}
	if (f->type == M3_W_BIND)
		strcpy(w->b.name, "forged");
	return len;
}

/* Send @buf to every module, @a->repeat times (the replays). */
void m3x_send_all(struct m3x_attack *a, const void *buf, size_t len)
{
	int i, r;

	for (r = 0; r < a->repeat; r++)
		for (i = 0; i < a->modules.nr; i++) {
			if (m3x_tipc_send(a->fd, &a->modules.port[i], buf, len))
				a->errors++;
			a->sent++;
		}
}

/*
 * The header fields that make frame @f of its type most harmful: every
 * other frame has flag bit 0 (a SEND's sendrec, a SYNC's new VM) and a
 * DONE answers "parked".
 */
static void m3x_forge_fields(struct m3x_frame *f, int k)
{
	f->flags = k & 1;
	f->result = 0;
	if (f->type == M3_W_DONE && (k & 1))
		f->result = M3_W_PARKED;
	if (f->type == M3_W_CANCEL)
		f->result = -EINTR;
	if (f->type == M3_W_FLOOR)	/* would push a member out */
		f->dst = M3_ENDPOINT(100, M3_EP_SLOT(f->dst));
}

/*
 * Frame @k of the matrix: every type, claimed node (0..nr_nodes), VM (1,
 * 2), source, destination and sequence number. False past its end.
 */
static bool m3x_matrix_frame(const struct m3x_attack *a, long k,
			     struct m3x_frame *f)
{
	f->seq = 1 + k % a->seqs;
	k /= a->seqs;
	f->dst = a->dst[k % a->nr_dst];
	k /= a->nr_dst;
	f->src = a->src[k % a->nr_src];
	k /= a->nr_src;
	f->vmid = 1 + k % 2;
	k /= 2;
	f->node = k % (a->nr_nodes + 1);
	k /= a->nr_nodes + 1;
	f->type = 1 + k;
	return f->type < M3_W_NR_TYPES;
}

void m3x_forge_matrix(struct m3x_attack *a)
{
	union { union m3_wire_frame f; u8 b[512]; } buf;
	struct m3x_frame f;
	long k;

	for (k = 0; m3x_matrix_frame(a, k, &f); k++) {
		m3x_forge_fields(&f, (int)k);
		m3x_send_all(a, &buf, m3x_forge(&f, &buf));
	}
}

/* Frames of a wrong shape: magic, version, type, length, noise. */
void m3x_forge_garbage(struct m3x_attack *a)
{
	union { union m3_wire_frame f; u8 b[2048]; } buf;
	struct m3x_frame f = { .type = M3_W_SEND, .vmid = 1, .seq = 1,
			       .src = a->src[0], .dst = a->dst[0] };
	size_t len = m3x_forge(&f, &buf), n;
	unsigned int t, x = 12345;

	buf.f.h.magic = 0;
	m3x_send_all(a, &buf, len);
	m3x_forge(&f, &buf);
	buf.f.h.version = M3_WIRE_VERSION + 1;
	m3x_send_all(a, &buf, len);
	for (t = M3_W_NR_TYPES; t < 256; t += 37) {
		m3x_forge(&f, &buf);
		buf.f.h.type = (u8)t;
		m3x_send_all(a, &buf, len);
	}
	m3x_forge(&f, &buf);
	for (n = 0; n < sizeof(buf.b); n += n < 64 ? 1 : 97)
		if (n != len)
			m3x_send_all(a, &buf, n);
	for (n = 0; n < sizeof(buf.b); n++) {
		x = x * 1103515245 + 12345;
		buf.b[n] = (u8)(x >> 16);
	}
	for (n = 1; n < sizeof(buf.b); n *= 2)
		m3x_send_all(a, &buf, n);
}

/* @count SEND frames to each module as fast as they go. */
void m3x_forge_flood(struct m3x_attack *a, long count)
{
	union m3_wire_frame buf;
	struct m3x_frame f = { .type = M3_W_SEND, .vmid = 1, .seq = 1,
			       .src = a->src[0], .dst = a->dst[0] };
	size_t len;
	int i, repeat = a->repeat;
	long n;

	a->repeat = 1;
	for (n = 0; n < count; n++) {
		for (i = 0; i < a->modules.nr; i++) {
			f.node = (a->modules.instance[i] + 1) % a->nr_nodes;
			len = m3x_forge(&f, &buf);
			if (m3x_tipc_send(a->fd, &a->modules.port[i], &buf, len))
				a->errors++;
			a->sent++;
		}
	}
	a->repeat = repeat;
}
