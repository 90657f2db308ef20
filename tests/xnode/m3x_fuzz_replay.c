// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: what the modules send the wire fuzzer, and what it does with it.
 * The fuzzer publishes the modules' service, so each module challenges
 * it (CHAL) and answers the challenges it relays (RESP): those frames are
 * kept and sent again, to any module, as they came or with the node they
 * claim, their type or a field changed. Frames a module's socket could
 * not take come back to us (TIPC returns them): they are counted, and
 * taken off what that module should have counted. Keyed, it answers
 * the challenges (m3x_fuzz_keyed.c) and replays the frames a module sends
 * the node it passes for as that node's. Also the churn of sockets that
 * publish a node's service and go at once.
 */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_fuzz.h"

static struct {
	unsigned char data[M3_WIRE_MAX];
	unsigned char ctl[CMSG_SPACE(8) + CMSG_SPACE(M3_WIRE_MAX)];
} m3x_rx;

static int m3x_fz_module_of(const struct m3x_fuzz *fz,
			    const struct sockaddr_tipc *a)
{
	struct m3x_port p = { a->addr.id.node, a->addr.id.ref };
	int i;

	for (i = 0; i < fz->modules.nr; i++)
		if (m3x_port_eq(&p, &fz->modules.port[i]))
			return i;
	return -1;
}

/* A frame TIPC gave back: what its module will not have counted. */
static void m3x_fz_returned(struct m3x_fuzz *fz, struct msghdr *m,
			    const struct sockaddr_tipc *a)
{
	int t = m3x_fz_module_of(fz, a), node;
	struct cmsghdr *c;

	fz->returned++;
	for (c = CMSG_FIRSTHDR(m); c && t >= 0; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != SOL_TIPC || c->cmsg_type != TIPC_RETDATA)
			continue;
		node = m3x_fz_counted(fz, CMSG_DATA(c),
				      c->cmsg_len - CMSG_LEN(0), t);
		if (node >= 0 && node != fz->claim)
			fz->expect[t][node]--;
	}
}

static int m3x_fz_is_returned(struct msghdr *m)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c))
		if (c->cmsg_level == SOL_TIPC && c->cmsg_type == TIPC_ERRINFO)
			return 1;
	return 0;
}

static void m3x_fz_keep(struct m3x_fuzz *fz, const void *frame, size_t len)
{
	struct m3x_fz_seen *s = &fz->pool[fz->pool_next];

	if (len > sizeof(s->f))
		return;
	memcpy(&s->f, frame, len);
	s->len = (int)len;
	fz->pool_next = (fz->pool_next + 1) % M3X_FZ_POOL;
	if (fz->pool_nr < M3X_FZ_POOL)
		fz->pool_nr++;
}

static int m3x_fz_is_chal(const void *frame, size_t len)
{
	const union m3_wire_frame *f = frame;

	return len == sizeof(f->a) && le16toh(f->h.magic) == M3_WIRE_MAGIC &&
	       f->h.type == M3_W_CHAL;
}

/*
 * Keyed: a challenge or a call from @a's module is answered, a member it
 * announces (or the generation it saw of ours) learnt.
 */
static void m3x_fz_keyed_take(struct m3x_fuzz *fz, size_t len,
			      const struct sockaddr_tipc *a)
{
	const union m3_wire_frame *f = (const void *)m3x_rx.data;
	struct m3x_port from = { a->addr.id.node, a->addr.id.ref };

	int module = m3x_fz_module_of(fz, a);

	if (len < sizeof(f->h) || le16toh(f->h.magic) != M3_WIRE_MAGIC)
		return;
	if (m3x_fz_is_chal(f, len))
		m3x_fz_answer(fz, f, &from);
	else if (f->h.type == M3_W_VDONE && (int)le32toh(f->h.result) < 0)
		fz->refusals++;
	else if ((f->h.type == M3_W_BIND || f->h.type == M3_W_UNBIND ||
		  f->h.type == M3_W_FLOOR) &&
		 len == m3_wire_len(f->h.type) && module >= 0)
		m3x_fz_learn(fz, f, module);
	else
		m3x_fz_respond(fz, f, len, &from);
}

/* Take what came to our socket, without waiting. */
void m3x_fz_drain(struct m3x_fuzz *fz)
{
	struct sockaddr_tipc a;
	struct iovec v = { m3x_rx.data, sizeof(m3x_rx.data) };
	struct msghdr m;
	ssize_t n;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_name = &a;
		m.msg_namelen = sizeof(a);
		m.msg_iov = &v;
		m.msg_iovlen = 1;
		m.msg_control = m3x_rx.ctl;
		m.msg_controllen = sizeof(m3x_rx.ctl);
		n = recvmsg(fz->fd, &m, MSG_DONTWAIT);
		if (n < 0)
			return;
		if (m3x_fz_is_returned(&m)) {
			m3x_fz_returned(fz, &m, &a);
			continue;
		}
		fz->seen++;
		if (fz->claim >= 0)
			m3x_fz_keyed_take(fz, (size_t)n, &a);
		m3x_fz_keep(fz, m3x_rx.data, (size_t)n);
	}
}

/* A module's frame again, as it came or changed; a challenge if none. */
void m3x_fz_replayed(struct m3x_fuzz *fz)
{
	static const u8 types[] = { M3_W_CHAL, M3_W_RESP, M3_W_CONFIRM };
	union m3_wire_frame *w = (void *)fz->buf;
	const struct m3x_fz_seen *s;
	size_t len;

	if (!fz->pool_nr) {
		m3x_fz_send(fz, M3X_FZ_REPLAYED, m3x_fz_valid(fz, M3_W_CHAL));
		return;
	}
	s = &fz->pool[m3x_rng_below(&fz->rng, (uint32_t)fz->pool_nr)];
	len = (size_t)s->len;
	memcpy(fz->buf, &s->f, len);
	if (len >= sizeof(w->h)) {
		switch (m3x_rng_below(&fz->rng, 4)) {
		case 0:
			w->h.node = htole16((u16)m3x_rng_below(&fz->rng,
							       (uint32_t)fz->nr_nodes + 1));
			break;
		case 1:
			w->h.type = types[m3x_rng_below(&fz->rng, 3)];
			break;
		case 2:
			w->h.node = htole16((u16)m3x_fz_claim(fz));
			break;
		}
	}
	m3x_fz_send(fz, M3X_FZ_REPLAYED, m3x_fz_mutate_seen(fz, len));
}

/* A socket that publishes a node's service (a module appears) and goes. */
void m3x_fz_churn(struct m3x_fuzz *fz)
{
	struct m3x_port p;
	int fd = m3x_tipc_rdm(&p);

	fz->sent[M3X_FZ_CHURN]++;
	if (fd < 0 || m3x_tipc_publish(fd, M3_TIPC_SERVICE,
				       m3x_rng_below(&fz->rng, (uint32_t)fz->nr_nodes)))
		fz->refused[M3X_FZ_CHURN]++;
	if (fd >= 0)
		close(fd);
}
