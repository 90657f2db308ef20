// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak: a server. It receives from ANY and answers each request with
 * replyrec (its reply, then the next receive), or with sendnb while it
 * holds a COPY2 request back: that one waits for a second COPY2 request
 * (its partner, whose destination takes the held one's source) at most
 * XS_HOLD_MS, then copies within itself. Every message taken, answer
 * given and copy made (for each party) is logged.
 */
#include <stdlib.h>
#include <string.h>

#include "m3x_soak.h"

#define XS_GUARD	0xa5

/* A request: who, which, and what it offers to copy. */
struct xs_req {
	int ep, op;
	uint32_t seq, len;
	uint64_t key, src, dst;
};

/* An answer not yet given. */
struct xs_answer {
	int to;			/* M3_NONE: none */
	uint32_t seq;
	message m;
};

struct xs_srv {
	struct xs_member *me;
	uint8_t *buf;
	struct xs_req held;	/* ep M3_NONE: none */
	uint32_t held_at;
	struct xs_answer ans;
	int stop_noted;		/* the stopper's notification came */
};

static void srv_parse(const message *m, struct xs_req *q)
{
	q->ep = m->m_source;
	q->op = xs_msg_op(m);
	q->seq = xs_msg_seq(m);
	q->key = m->m_u.m_u64[XS_F_KEY];
	q->src = m->m_u.m_u64[XS_F_SRC];
	q->dst = m->m_u.m_u64[XS_F_DST];
	q->len = (uint32_t)m->m_u.m_u64[XS_F_LEN];
	if (q->len > XS_MAX_COPY)
		q->len = XS_MAX_COPY;
}

/* An answer to @q: the copy's result @err, and what to find where. */
static void srv_answer_make(struct xs_srv *s, struct xs_answer *a,
			    const struct xs_req *q, int err, uint64_t key,
			    uint32_t len)
{
	a->to = q->ep;
	a->seq = q->seq;
	xs_msg_make(&a->m, q->op, s->me->ep, q->ep, q->seq);
	a->m.m_type = q->op | 0x100;
	a->m.m_u.m_u64[XS_F_KEY] = key;
	a->m.m_u.m_u64[XS_F_LEN] = len | (uint64_t)(uint32_t)err << 32;
	xs_msg_seal(&a->m);
}

/* Could the answer not go because its client is gone or gave up? */
static int srv_answer_lost(int ret)
{
	return ret == -ENOTREADY || ret == -EDEADSRCDST || ret == -EDEADNODE;
}

/* Log what became of answer @a (@ret). */
static void srv_answered(struct xs_srv *s, const struct xs_answer *a, int ret)
{
	struct xs_rec r = { .type = XS_REPLY, .self = s->me->ep,
			    .peer = a->to, .seq = a->seq,
			    .result = (int16_t)ret };

	r.t0 = r.t1 = xs_now();
	xs_log(s->me, &r);
	if (ret && ret != XS_DROPPED && !srv_answer_lost(ret))
		xs_anomaly(s->me, XS_A_ERROR, a->to, a->seq, (uint32_t)-ret);
}

/* Give answer @a at once (the server goes on receiving after it). */
static int srv_answer_nb(struct xs_srv *s, struct xs_answer *a)
{
	message m = a->m;
	int ret = mnx_sendnb(a->to, &m);

	srv_answered(s, a, ret);
	return ret;
}

/*
 * vcopy of @len bytes, logged for the party (or parties: a second record
 * marked 0x80 right after the first) it names.
 */
static int srv_copy(struct xs_srv *s, int op, int src_ep, uint64_t src,
		    int dst_ep, uint64_t dst, uint32_t len,
		    const struct xs_req *p, const struct xs_req *p2)
{
	struct xs_rec r = { .type = XS_COPY, .op = (uint8_t)op,
			    .self = s->me->ep, .aux = len };
	int ret;

	r.t0 = xs_now();
	ret = mnx_vircopy(src_ep, src, dst_ep, dst, len);
	r.t1 = xs_now();
	r.result = (int16_t)ret;
	r.peer = p->ep;
	r.seq = p->seq;
	xs_log(s->me, &r);
	if (p2 && p2->ep != p->ep) {
		r.op |= 0x80;	/* the same copy: counted once */
		r.peer = p2->ep;
		r.seq = p2->seq;
		xs_log(s->me, &r);
	}
	if (ret && ret != -EDEADSRCDST && ret != -EDEADNODE && ret != -EPERM)
		xs_anomaly(s->me, XS_A_ERROR, p->ep, p->seq, (uint32_t)-ret);
	return ret;
}

/* COPY_IN: read the client's source, check every byte. */
static void srv_copy_in(struct xs_srv *s, const struct xs_req *q)
{
	size_t bad;
	int ret;

	s->buf[q->len] = XS_GUARD;
	ret = srv_copy(s, XS_COPY_IN, q->ep, q->src, M3_SELF,
		       (uintptr_t)s->buf, q->len, q, NULL);
	if (!ret) {
		bad = xs_bad(s->buf, q->key, q->len);
		if (bad || s->buf[q->len] != XS_GUARD)
			xs_anomaly(s->me, XS_A_BYTES, q->ep, q->seq,
				   (uint32_t)bad);
		else
			xs_note(s->me, XS_VERIFY, q->ep, q->seq, q->len);
	}
	srv_answer_make(s, &s->ans, q, ret, 0, 0);
}

/* COPY_OUT: write bytes of a new key into the client's destination. */
static void srv_copy_out(struct xs_srv *s, const struct xs_req *q)
{
	uint64_t key = xs_rand(&s->me->rng);
	int ret;

	xs_fill(s->buf, key, q->len);
	ret = srv_copy(s, XS_COPY_OUT, M3_SELF, (uintptr_t)s->buf, q->ep,
		       q->dst, q->len, q, NULL);
	srv_answer_make(s, &s->ans, q, ret, key, q->len);
}

/*
 * COPY2 from the held request's source to @q's destination (@q may be
 * the held one itself). The held one is answered at once (unless it is
 * @q), @q is answered next.
 */
static void srv_copy2(struct xs_srv *s, const struct xs_req *q)
{
	struct xs_req a = s->held;
	uint32_t len = a.len < q->len ? a.len : q->len;
	struct xs_answer held;
	int ret;

	s->held.ep = M3_NONE;
	ret = srv_copy(s, XS_COPY2, a.ep, a.src, q->ep, q->dst, len, &a, q);
	srv_answer_make(s, &s->ans, q, ret, a.key, len);
	if (a.ep == q->ep)
		return;
	srv_answer_make(s, &held, &a, ret, 0, 0);
	srv_answer_nb(s, &held);
}

/* A COPY2 request: held back, or the partner of the one held. */
static void srv_copy2_take(struct xs_srv *s, const struct xs_req *q)
{
	struct xs_answer stale;

	if (s->held.ep == q->ep) {
		/* Its client called again: it gave up the held request. */
		srv_answer_make(s, &stale, &s->held, 0, 0, 0);
		srv_answered(s, &stale, XS_DROPPED);
		s->held.ep = M3_NONE;
	}
	if (s->held.ep == M3_NONE) {
		s->held = *q;
		s->held_at = xs_now();
		return;
	}
	srv_copy2(s, q);
}

/* A request whose checksum, sender or receiver is wrong is noted. */
static void srv_check(struct xs_srv *s, const message *m)
{
	if (!xs_msg_ok(m))
		xs_anomaly(s->me, XS_A_CHECKSUM, m->m_source, xs_msg_seq(m), 0);
	if (xs_msg_sender(m) != m->m_source)
		xs_anomaly(s->me, XS_A_FORGED, m->m_source, xs_msg_seq(m),
			   (uint32_t)xs_msg_sender(m));
	if (xs_msg_receiver(m) != s->me->ep)
		xs_anomaly(s->me, XS_A_MISDELIVERED, m->m_source,
			   xs_msg_seq(m), (uint32_t)xs_msg_receiver(m));
}

static void srv_take(struct xs_srv *s, const message *m)
{
	struct xs_req q;

	if (m->m_type == NOTIFY_MESSAGE) {
		xs_note(s->me, XS_NOTE, m->m_source, 0,
			(uint32_t)m->m_u.m_notify.count);
		s->stop_noted |= m->m_source == xs->ep[XS_STOPPER];
		return;
	}
	srv_check(s, m);
	srv_parse(m, &q);
	xs_note(s->me, XS_IN, q.ep, q.seq, (uint32_t)q.op);
	switch (q.op) {
	case XS_SEND:
	case XS_SEND_T:
		break;
	case XS_COPY_IN:
		srv_copy_in(s, &q);
		break;
	case XS_COPY_OUT:
		srv_copy_out(s, &q);
		break;
	case XS_COPY2:
		srv_copy2_take(s, &q);
		break;
	default:
		srv_answer_make(s, &s->ans, &q, 0, 0, 0);
	}
}

/* A COPY2 request held long enough copies within its own client. */
static void srv_release_held(struct xs_srv *s)
{
	struct xs_req a = s->held;
	struct xs_answer pending = s->ans;

	if (a.ep == M3_NONE || xs_now() - s->held_at < XS_HOLD_MS)
		return;
	srv_copy2(s, &a);
	srv_answer_nb(s, &s->ans);
	s->ans = pending;
}

/*
 * Answer what is to be answered and take the next message: 0, -EAGAIN
 * (nothing taken), or the receive's error.
 */
static int srv_next(struct xs_srv *s, message *m)
{
	struct xs_answer a = s->ans;
	int ret;

	srv_release_held(s);
	s->ans.to = M3_NONE;
	if (a.to != M3_NONE && s->held.ep == M3_NONE && !xs->drain) {
		*m = a.m;
		ret = mnx_replyrec(a.to, m, M3_ANY);
		srv_answered(s, &a, srv_answer_lost(ret) ? ret : 0);
		return srv_answer_lost(ret) ? -EAGAIN : ret;
	}
	if (a.to != M3_NONE)
		srv_answer_nb(s, &a);
	return mnx_receive_T(M3_ANY, m, s->held.ep == M3_NONE ? 1000 :
				       XS_HOLD_MS);
}

/* Draining, all answered, the stopper heard from, nothing came: over. */
static int srv_over(const struct xs_srv *s, int ret)
{
	return xs->drain && ret == -ETIMEDOUT && s->stop_noted &&
	       s->held.ep == M3_NONE && s->ans.to == M3_NONE;
}

void *xs_server(void *arg)
{
	struct xs_srv s = { .me = arg, .held.ep = M3_NONE,
			    .ans.to = M3_NONE };
	message m;
	int ret;

	s.buf = malloc(XS_MAX_COPY + 1);
	if (!s.buf || xs_member_bind(s.me, s.me->index, XS_ROLE_SERVER))
		return NULL;
	for (;;) {
		ret = srv_next(&s, &m);
		if (ret == 0)
			srv_take(&s, &m);
		else if (srv_over(&s, ret))
			break;
		else if (ret != -EAGAIN && ret != -ETIMEDOUT)
			xs_anomaly(s.me, XS_A_ERROR, M3_ANY, 0, (uint32_t)-ret);
	}
	xs_member_end(s.me);
	xs_member_wait_exit();
	return NULL;
}
