// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak: a client, and the stopper. A client calls the servers of
 * every node at random (sendrec, send, notify; copies are sendrecs whose
 * server vcopies), numbering its messages to each server endpoint 1, 2,
 * 3..., whatever became of the one before. Every call waits at most the
 * watchdog (the _T calls): one that gives up is a hang. It looks at the
 * servers' slots (mnx_proc_info) every XS_LOOK_EVERY calls and after an
 * error, so it finds their new incarnations, and those of a node that
 * came back. Some sendrecs and sends give up after 1..XS_SHORT_MS ms
 * (-ETIMEDOUT), in whatever phase they are then.
 */
#include <stdlib.h>
#include <string.h>

#include "m3x_soak.h"

#define XS_LOOK_EVERY	64
#define XS_MAX_TARGETS	(XS_SERVERS * 4)
#define XS_GUARD	0x5a

struct xs_target {
	int ep;		/* the endpoint last seen in the slot */
	uint32_t seq;	/* of the last message numbered for it */
};

struct xs_cli {
	struct xs_member *me;
	uint8_t *buf;	/* a source region, then a destination region */
	struct xs_target t[XS_MAX_TARGETS];
	int live[XS_MAX_TARGETS], nr_live, calls;
};

/* What one call offers to copy, and from where. */
struct xs_call {
	int op;
	uint32_t seq;
	size_t src, dst, len;
};

/* The calls, as often as their weights say. */
static const int xs_ops[] = {
	XS_MSG, XS_MSG, XS_MSG, XS_MSG, XS_MSG, XS_MSG, XS_SEND, XS_SEND,
	XS_SEND, XS_SEND, XS_NOTIFY, XS_NOTIFY, XS_NOTIFY, XS_COPY_IN,
	XS_COPY_IN, XS_COPY_OUT, XS_COPY_OUT, XS_COPY2, XS_COPY2, XS_COPY2,
	XS_MSG_T, XS_MSG_T, XS_SEND_T, XS_SEND_T,
};

static int xs_expected_error(int ret)
{
	return ret == -EDEADSRCDST || ret == -EDEADNODE;
}

/*
 * Log call @op of @me to @peer, and judge its result and time: past the
 * watchdog, it hung (a short call too: giving up is a round trip).
 */
static void xs_out(struct xs_member *me, struct xs_rec *r, int ret)
{
	r->type = XS_OUT;
	r->self = me->ep;
	r->result = (int16_t)ret;
	r->t1 = xs_now();
	xs_log(me, r);
	if ((ret == -ETIMEDOUT && !xs_op_short(r->op)) ||
	    r->t1 - r->t0 > (uint32_t)xs->watchdog_ms)
		xs_anomaly(me, XS_A_HANG, r->peer, r->seq, (uint32_t)-ret);
	else if (ret && ret != -ETIMEDOUT && !xs_expected_error(ret))
		xs_anomaly(me, XS_A_ERROR, r->peer, r->seq, (uint32_t)-ret);
}

/* The servers' slots as this node sees them now. */
static void cli_look(struct xs_cli *c)
{
	struct m3_proc_info pi;
	int i, nr = XS_SERVERS * xs->nr_nodes;

	c->nr_live = c->calls = 0;
	for (i = 0; i < nr; i++) {
		if (mnx_proc_info(m3x_vm, xs_slot(i / xs->nr_nodes,
						   i % xs->nr_nodes), &pi) < 0)
			continue;
		if (c->t[i].ep != pi.endpoint) {
			c->t[i].ep = pi.endpoint;
			c->t[i].seq = 0;
		}
		c->live[c->nr_live++] = i;
	}
}

static size_t cli_rand(struct xs_cli *c, size_t n)
{
	return (size_t)(xs_rand(&c->me->rng) % n);
}

/* Sources and destinations of a copy, guards and patterns in place. */
static void cli_prepare(struct xs_cli *c, struct xs_call *k, message *m)
{
	uint64_t key = xs_rand(&c->me->rng);

	k->len = 1 + cli_rand(c, XS_MAX_COPY);
	k->src = 1 + cli_rand(c, XS_REGION - XS_MAX_COPY - 2);
	k->dst = XS_REGION + k->src;
	if (k->op == XS_COPY_IN || k->op == XS_COPY2) {
		xs_fill(c->buf + k->src, key, k->len);
		m->m_u.m_u64[XS_F_KEY] = key;
		m->m_u.m_u64[XS_F_SRC] = (uintptr_t)(c->buf + k->src);
	}
	if (k->op == XS_COPY_OUT || k->op == XS_COPY2) {
		memset(c->buf + k->dst - 1, XS_GUARD, k->len + 2);
		m->m_u.m_u64[XS_F_DST] = (uintptr_t)(c->buf + k->dst);
	}
	m->m_u.m_u64[XS_F_LEN] = k->len;
	xs_msg_seal(m);
}

/* Are the @n bytes at @p all the guard byte? */
static int cli_guarded(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++ != XS_GUARD)
			return 0;
	return 1;
}

/* The bytes a server copied into our destination, with their guards. */
static void cli_check_copied(struct xs_cli *c, const struct xs_call *k,
			     const message *m)
{
	uint64_t key = m->m_u.m_u64[XS_F_KEY];
	uint32_t len = (uint32_t)m->m_u.m_u64[XS_F_LEN];
	const uint8_t *d = c->buf + k->dst;
	size_t bad;

	if ((int32_t)(m->m_u.m_u64[XS_F_LEN] >> 32) || !len)
		return;		/* the copy failed, or we were its source */
	bad = len > k->len ? 1 : xs_bad(d, key, len);
	if (bad || d[-1] != XS_GUARD || !cli_guarded(d + len, k->len - len + 1))
		xs_anomaly(c->me, XS_A_BYTES, m->m_source, k->seq,
			   (uint32_t)bad);
	else
		xs_note(c->me, XS_VERIFY, m->m_source, k->seq, len);
}

/* The reply of a sendrec: the answer to this request, sealed. */
static void cli_check_reply(struct xs_cli *c, const struct xs_call *k,
			    const message *m, int dst)
{
	if (!xs_msg_ok(m) || m->m_source != dst ||
	    m->m_type != (k->op | 0x100) || xs_msg_seq(m) != k->seq ||
	    xs_msg_sender(m) != dst || xs_msg_receiver(m) != c->me->ep) {
		xs_anomaly(c->me, XS_A_REPLY, dst, k->seq, xs_msg_seq(m));
		return;
	}
	if (k->op == XS_COPY_OUT || k->op == XS_COPY2)
		cli_check_copied(c, k, m);
}

/* Call @op to @ep, giving up after @ms. */
static int cli_do(int op, int ep, message *m, long ms)
{
	switch (op) {
	case XS_SEND:
	case XS_SEND_T:
		return mnx_send_T(ep, m, ms);
	case XS_NOTIFY:
		return mnx_notify(ep);
	default:
		return mnx_sendrec_T(ep, m, ms);
	}
}

/*
 * One call of @op to target @i; a notify notes its node's downs, a short
 * call how long it may wait.
 */
static void cli_call(struct xs_cli *c, int i, int op)
{
	struct xs_target *t = &c->t[i];
	struct xs_call k = { .op = op, .seq = op == XS_NOTIFY ? 0 : ++t->seq };
	struct xs_rec r = { .op = (uint8_t)op, .peer = t->ep, .seq = k.seq };
	message m;
	int ret;

	xs_msg_make(&m, op, c->me->ep, t->ep, k.seq);
	cli_prepare(c, &k, &m);
	if (op == XS_NOTIFY)
		r.aux = xs_downs(xs_node_of(t->ep));
	r.aux2 = xs_op_short(op) ? 1 + (uint32_t)cli_rand(c, XS_SHORT_MS) :
				   (uint32_t)xs->watchdog_ms;
	r.t0 = xs_now();
	ret = cli_do(op, t->ep, &m, r.aux2);
	xs_out(c->me, &r, ret);
	if (!ret && !xs_op_sends(op) && op != XS_NOTIFY)
		cli_check_reply(c, &k, &m, t->ep);
	if (ret)
		c->calls = XS_LOOK_EVERY;
}

/* Ended: the downs of every node as this node saw them then. */
static void cli_end(struct xs_cli *c)
{
	struct xs_rec r = { .type = XS_END, .self = c->me->ep,
			    .peer = M3_NONE };

	r.t0 = r.t1 = xs_now();
	r.seq = xs_downs(0);
	r.aux = xs_downs(1);
	r.aux2 = xs->nr_nodes > 2 ? xs_downs(2) : 0;
	xs_log(c->me, &r);
	xs->ended[c->me->index] = 1;
}

void *xs_client(void *arg)
{
	struct xs_cli c = { .me = arg, .calls = XS_LOOK_EVERY };
	uint8_t *b = malloc(2 * XS_REGION + 2);
	int i;

	if (!b || xs_member_bind(c.me, c.me->index, XS_ROLE_CLIENT))
		return NULL;
	c.buf = b + 1;	/* an odd address */
	for (i = 0; i < XS_MAX_TARGETS; i++)
		c.t[i].ep = M3_NONE;
	while (!xs->stop) {
		if (c.calls++ >= XS_LOOK_EVERY)
			cli_look(&c);
		if (!c.nr_live) {
			m3x_sleep_ms(50);
			c.calls = XS_LOOK_EVERY;
			continue;
		}
		cli_call(&c, c.live[cli_rand(&c, (size_t)c.nr_live)],
			 xs_ops[cli_rand(&c, sizeof(xs_ops) / sizeof(xs_ops[0]))]);
	}
	cli_end(&c);
	xs_member_wait_exit();
	return NULL;
}

/* Have the servers of this node all ended? */
static int xs_servers_ended(void)
{
	int m;

	for (m = 0; m < XS_SERVERS; m++)
		if (xs->ep[m] >= 0 && !xs->ended[m])
			return 0;
	return 1;
}

/*
 * The stopper: a notification to each server of this node, which then
 * ends once nothing more comes; it stays bound until they have (its
 * pending notifications would go with it).
 */
void *xs_stopper(void *arg)
{
	struct xs_member *me = arg;
	long long end = m3x_now_ms() + xs->watchdog_ms + 30000;
	int m;

	if (xs_member_bind(me, XS_STOPPER, XS_ROLE_STOPPER))
		return NULL;
	for (m = 0; m < XS_SERVERS; m++) {
		struct xs_rec r = { .op = XS_NOTIFY, .peer = xs->ep[m] };

		if (r.peer < 0)
			continue;
		r.t0 = xs_now();
		xs_out(me, &r, mnx_notify(r.peer));
	}
	while (!xs_servers_ended() && m3x_now_ms() < end)
		m3x_sleep_ms(20);
	xs_member_end(me);
	xs_member_wait_exit();
	return NULL;
}
