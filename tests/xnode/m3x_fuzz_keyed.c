// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: the keyed fuzzer, a member node gone bad. A process that holds the
 * cluster key publishes one node's service (a node of the DRVS that never
 * boots) and answers each module's challenge as that node's module would
 * (kmod/xport.c, m3_answer() and m3_resp_mac()): the modules take it for
 * that node, and its frames get past the transport to the calls
 * (m3_remote_rx()), where the unprivileged fuzzer's never go. It learns
 * the members the modules announce to it, to aim at them, and answers the
 * calls the modules make to its members, as a module would but not always. What it may then do is what a node of a VM may do in that VM;
 * in any other VM, nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "m3x.h"
#include "m3x_fuzz.h"
#include "m3x_sha256.h"

#define M3X_HS_LABEL	"m3ipc handshake key v1"
#define M3X_RESP_LABEL	"m3ipc resp v1"

static uint64_t m3x_port64(const struct m3x_port *p)
{
	return (uint64_t)p->node << 32 | p->ref;
}

/* The cluster key in hex in @path: the handshake key derived from it. */
int m3x_fz_key_load(struct m3x_fuzz *fz, const char *path)
{
	unsigned char key[M3_CLUSTER_KEY_LEN];
	struct m3x_piece label = { M3X_HS_LABEL, strlen(M3X_HS_LABEL) };
	unsigned int b, i;
	FILE *f = fopen(path, "r");

	if (!f)
		return m3x_fail("%s: %m", path);
	for (i = 0; i < sizeof(key) && fscanf(f, "%2x", &b) == 1; i++)
		key[i] = (unsigned char)b;
	fclose(f);
	if (i != sizeof(key))
		return m3x_fail("%s: not a key of %d bytes in hex", path,
				M3_CLUSTER_KEY_LEN);
	m3x_hmac_sha256(key, sizeof(key), &label, 1, fz->hk);
	memset(key, 0, sizeof(key));
	for (i = 0; i < sizeof(fz->incarnation); i++)
		fz->incarnation[i] = (u8)m3x_rng_next(&fz->rng);
	return 0;
}

/* Answer challenge @chal of the module at @from as node @fz->claim. */
void m3x_fz_answer(struct m3x_fuzz *fz, const union m3_wire_frame *chal,
		   const struct m3x_port *from)
{
	struct {
		u8 nonce[M3_WIRE_NONCE];
		u8 inc[M3_WIRE_NONCE];
		__le64 resp, chal;
		__le32 node;
	} __attribute__((packed)) in;
	struct m3x_piece parts[] = {
		{ M3X_RESP_LABEL, strlen(M3X_RESP_LABEL) }, { &in, sizeof(in) },
	};
	struct m3x_frame h = { .type = M3_W_RESP, .node = (unsigned int)fz->claim };
	union m3_wire_frame f;
	size_t i;

	memcpy(in.nonce, chal->a.nonce, M3_WIRE_NONCE);
	memcpy(in.inc, fz->incarnation, M3_WIRE_NONCE);
	in.resp = htole64(m3x_port64(&fz->self));
	in.chal = htole64(m3x_port64(from));
	in.node = htole32((u32)fz->claim);
	m3x_forge(&h, &f);
	memcpy(f.a.nonce, in.nonce, M3_WIRE_NONCE);
	memcpy(f.a.incarnation, in.inc, M3_WIRE_NONCE);
	m3x_hmac_sha256(fz->hk, sizeof(fz->hk), parts, 2, f.a.mac);
	for (i = 0; i < M3_WIRE_NONCE; i++)
		f.a.chal[i] = (u8)m3x_rng_next(&fz->rng);
	if (m3x_tipc_send(fz->fd, from, &f, sizeof(f.a)) == 0)
		fz->answered++;
}

/* Until every target has challenged us and been answered, or @ms. */
int m3x_fz_await_targets(struct m3x_fuzz *fz, long ms)
{
	long long end = m3x_now_ms() + ms;

	while (fz->answered < fz->modules.nr && m3x_now_ms() < end) {
		m3x_fz_drain(fz);
		m3x_sleep_ms(10);
	}
	printf("fuzz: taken for node %d by %ld of %d modules (challenges answered)\n",
	       fz->claim, fz->answered, fz->modules.nr);
	return fz->answered >= fz->modules.nr ? 0 :
	       m3x_fail("not every module challenged node %d", fz->claim);
}

/* The answer (DONE) to call or cancel @f, with @result: into @d. */
static void m3x_fz_done(struct m3x_fuzz *fz, const union m3_wire_frame *f,
			int result, union m3_wire_frame *d)
{
	struct m3x_frame h = {
		.type = M3_W_DONE,
		.node = (unsigned int)fz->claim,
		.vmid = le16toh(f->h.vmid),
		.seq = le32toh(f->h.seq),
		.src = (int)le32toh(f->h.dst_ep),
		.dst = (int)le32toh(f->h.src_ep),
		.result = result,
	};

	m3x_forge(&h, d);
}

/*
 * A module's call to a member we pass for (SEND), or its caller giving up
 * (CANCEL): answered as that member's module would, with a reply, "parked"
 * or an error (a CANCEL's own, mostly), now and then twice, and a SEND now
 * and then not at all (its caller's timeout or signal will ask). With a
 * fixed answer (-A), no call is answered and every cancel is, with it.
 * True if @f was such a frame.
 */
int m3x_fz_respond(struct m3x_fuzz *fz, const union m3_wire_frame *f,
		   size_t len, const struct m3x_port *from)
{
	static const int errors[] = { -EINTR, -ETIMEDOUT, -EDEADSRCDST };
	unsigned int k = m3x_rng_below(&fz->rng, 8), n = 1 + (k == 7);
	bool send = f->h.type == M3_W_SEND;
	union m3_wire_frame d;
	int result = 0;

	if ((!send && f->h.type != M3_W_CANCEL) || len != m3_wire_len(f->h.type))
		return 0;
	if (send && (k == 0 || fz->fixed))
		return 1;
	if (fz->fixed) {
		result = fz->fixed_answer;
		n = 1;
	} else if (k == 1)
		result = M3_W_PARKED;
	else if (k < 4)
		result = errors[m3x_rng_below(&fz->rng, 3)];
	else if (!send)
		result = (int)le32toh(f->h.result);
	m3x_fz_done(fz, f, result, &d);
	while (n--)
		if (m3x_tipc_send(fz->fd, from, &d, sizeof(d.m)) == 0)
			fz->calls++;
	return 1;
}

/*
 * A member announced by module @module (BIND) or gone (UNBIND), or the
 * generation it saw of a slot of ours (FLOOR).
 */
void m3x_fz_learn(struct m3x_fuzz *fz, const union m3_wire_frame *f,
		  int module)
{
	struct m3x_fz_member m = { module, le16toh(f->h.vmid),
				   (int)le32toh(f->h.src_ep) };
	int i, floor = (int)le32toh(f->h.dst_ep);

	fz->learnt++;
	if (f->h.type == M3_W_FLOOR) {
		if (m.vmid == fz->floor_vm && M3_EP_SLOT(floor) == fz->floor_slot &&
		    M3_EP_GEN(floor) > fz->floor_gen)
			fz->floor_gen = M3_EP_GEN(floor);
		return;
	}
	for (i = 0; i < fz->nr_live; i++)
		if (fz->live[i].vmid == m.vmid &&
		    M3_EP_SLOT(fz->live[i].ep) == M3_EP_SLOT(m.ep))
			break;
	if (f->h.type == M3_W_UNBIND) {
		if (i < fz->nr_live)
			fz->live[i] = fz->live[--fz->nr_live];
	} else if (i < fz->nr_live) {
		fz->live[i] = m;
	} else if (fz->nr_live < M3X_FZ_LIVE) {
		fz->live[fz->nr_live++] = m;
	}
}

/* "VM:SLOT": our member to announce (m3x_fz_announce()): 0, or 1. */
int m3x_fz_member(struct m3x_fuzz *fz, const char *vm_slot)
{
	fz->floor_gen = -1;
	if (sscanf(vm_slot, "%d:%d", &fz->floor_vm, &fz->floor_slot) != 2)
		return m3x_fail("not VM:SLOT: %s", vm_slot);
	return 0;
}

/*
 * Our member (m3x_fz_member()), announced (BIND) to every target, one
 * generation above what they saw of it: the FLOOR frames they send a
 * node that comes anew, right after the handshake (or within 2 s).
 */
int m3x_fz_announce(struct m3x_fuzz *fz)
{
	struct m3x_frame h = { .type = M3_W_BIND, .node = (unsigned int)fz->claim,
			       .vmid = (unsigned int)fz->floor_vm, .dst = M3_NONE };
	long long end = m3x_now_ms() + 2000;
	union m3_wire_frame f;
	int i;

	while (m3x_now_ms() < end) {
		m3x_fz_drain(fz);
		m3x_sleep_ms(10);
	}
	h.src = M3_ENDPOINT(fz->floor_gen + 1, fz->floor_slot);
	fz->member = h.src;
	m3x_forge(&h, &f);
	for (i = 0; i < fz->modules.nr; i++)
		if (m3x_tipc_send(fz->fd, &fz->modules.port[i], &f, sizeof(f.b)))
			return m3x_fail("cannot announce member %d", h.src);
	printf("fuzz: member %d of vm %d announced\n", h.src, fz->floor_vm);
	return 0;
}

/* Copy frame @type of 16 bytes by our member, naming it as the party. */
static size_t m3x_fz_self_frame(struct m3x_fuzz *fz, unsigned int type,
				struct m3_wire_copy *c)
{
	struct m3x_frame h = { .type = type, .node = (unsigned int)fz->claim,
			       .vmid = (unsigned int)fz->floor_vm, .seq = 1,
			       .src = fz->member, .dst = fz->member };
	size_t n = type == M3_W_VWRITE ? 16 : 0;

	m3x_forge(&h, c);
	c->addr = htole64(0x10000);
	c->count = htole32((u32)n);
	c->total = htole32(16);
	memset(c->data, 0x5a, n);
	return sizeof(*c) + n;
}

/*
 * A copy (VREAD, then VWRITE) by our member (m3x_fz_announce()) that names
 * it as its own party, to every target: each module must refuse both
 * (VDONE with an error), as it refuses a local caller that names itself.
 * The refusals that came back within @ms.
 */
long m3x_fz_self_copy(struct m3x_fuzz *fz, long ms)
{
	static const unsigned int types[] = { M3_W_VREAD, M3_W_VWRITE };
	union {
		struct m3_wire_copy c;
		u8 b[sizeof(struct m3_wire_copy) + 16];
	} f;
	long long end = m3x_now_ms() + ms;
	int i, k;
	size_t len;

	for (k = 0; k < 2; k++) {
		len = m3x_fz_self_frame(fz, types[k], &f.c);
		for (i = 0; i < fz->modules.nr; i++)
			m3x_tipc_send(fz->fd, &fz->modules.port[i], &f, len);
	}
	while (fz->refusals < 2L * fz->modules.nr && m3x_now_ms() < end) {
		m3x_fz_drain(fz);
		m3x_sleep_ms(10);
	}
	printf("fuzz: a copy naming member %d as its own party: %ld of %d refusals\n",
	       fz->member, fz->refusals, 2 * fz->modules.nr);
	return fz->refusals;
}
