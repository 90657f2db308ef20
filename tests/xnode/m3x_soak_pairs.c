// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check: messages (send, sendrec and the sendrecs of copies),
 * per sender S, receiver R and number seq, against docs/semantics.md:
 *   - R takes S's messages in the order S sent them, each at most once,
 *     and none that S never sent (S's log ends where it died or its node
 *     was lost: what it sent after its last record is unknown);
 *   - a call that returned 0 was delivered; a send that failed was not,
 *     unless with EDEADNODE ("may have been delivered"); a sendrec that
 *     failed with EDEADSRCDST, EDEADNODE or ETIMEDOUT may have been (its
 *     reply half); other failures were not;
 *   - an answer the server gave (replyrec or sendnb returned 0) reached
 *     its client, whose sendrec returned 0, or EDEADNODE (the answer lost
 *     with its node: design.md, "Known limits"); an answer that could
 *     not go, or a request the server let go, was not the client's 0;
 *     and a client's 0 was an answer its server gave;
 *   - a copy whose parties' sendrecs all returned 0 did not fail.
 * What R took is known up to its last record: all of it if R ended in
 * order; if it was killed, all but its very last message (taken, then
 * killed before its record); if its node was lost, up to the last
 * message from S in the part of its log that was saved. Beyond that,
 * S's calls are counted as not verifiable (a killed R's, at most one).
 */
#include <stdlib.h>

#include "m3x_soak_check.h"

/* One pair: its records, and what its two logs cover. */
struct xc_pair {
	int s, r;		/* the sender's and receiver's endpoints */
	const struct xc_key *out, *in, *rep;
	size_t nout, nin, nrep;
	int s_state, r_state;
	uint32_t maxout, maxin;
};

/* What the result of a call says of its message (header comment). */
static enum xc_fate xc_fate(const struct xs_rec *o)
{
	if (!o->result)
		return XC_DELIVERED;
	if (o->result == -EDEADNODE)
		return XC_MAYBE;
	if (!xs_op_sends(o->op) && (o->result == -EDEADSRCDST ||
				    o->result == -ETIMEDOUT))
		return XC_MAYBE;
	return XC_NOT_DELIVERED;
}

/* Received @seq that S has no record of: did S die while sending it? */
static int xc_unlogged_ok(const struct xc_pair *p, uint32_t seq)
{
	return (p->s_state == XC_KILLED && seq == p->maxout + 1) ||
	       (p->s_state == XC_LOST && seq > p->maxout);
}

/*
 * Call @o came after the last message R logged from S. If R was killed,
 * it logged everything it took but its very last message: of all the
 * calls to R that returned 0 after R's last record from their sender,
 * one at most can be that message; the others were never taken.
 */
static void xc_beyond(struct xc *c, const struct xc_pair *p,
		      const struct xs_rec *o)
{
	struct xc_member *r = xc_member(c, p->r);

	c->fig.unverifiable++;
	if (p->r_state != XC_KILLED || xc_fate(o) != XC_DELIVERED || !r)
		return;
	if (++r->unlogged > 1)
		xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: %s %u returned 0 at %u"
			" (node %d's clock), not taken: %d, killed, took at most"
			" one message after its last record, %d calls say they"
			" came then", p->s, p->r, xc_op(o->op), o->seq, o->t1,
			xc_node(c, p->s), p->r, r->unlogged);
}

/* One number of the pair: @o its call (or NULL), received @d times. */
static void xc_one(struct xc *c, const struct xc_pair *p, uint32_t seq,
		   const struct xs_rec *o, int d)
{
	int s = p->s, r = p->r;
	enum xc_fate fate;

	if (d > 1)
		xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: message %u taken %d"
			" times", s, r, seq, d);
	if (!o) {
		if (!xc_unlogged_ok(p, seq))
			xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: message %u taken,"
				" never sent (the sender's last: %u)", s, r,
				seq, p->maxout);
		return;
	}
	if (p->r_state != XC_COMPLETE && seq > p->maxin) {
		xc_beyond(c, p, o);
		return;
	}
	c->fig.matched++;
	fate = xc_fate(o);
	if (fate == XC_DELIVERED && !d)
		xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: %s %u returned 0 at %u"
			" (node %d's clock), never taken", s, r, xc_op(o->op),
			seq, o->t1, xc_node(c, s));
	if (fate == XC_NOT_DELIVERED && d)
		xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: %s %u taken, though it"
			" failed %s at %u (node %d's clock)", s, r,
			xc_op(o->op), seq, m3_errname(o->result), o->t1,
			xc_node(c, s));
}

/* The pair's numbers in order: each call against what R took. */
static void xc_walk(struct xc *c, const struct xc_pair *p)
{
	size_t io = 0, ii = 0;
	uint32_t seq;
	int d;

	while (io < p->nout || ii < p->nin) {
		seq = io < p->nout ? p->out[io].seq : p->in[ii].seq;
		if (ii < p->nin && p->in[ii].seq < seq)
			seq = p->in[ii].seq;
		for (d = 0; ii < p->nin && p->in[ii].seq == seq; ii++)
			d++;
		if (io + 1 < p->nout && p->out[io + 1].seq == seq)
			xc_fail(c, XC_EXACTLY_ONCE, "%d numbered two calls %u",
				p->s, seq);
		if (io < p->nout && p->out[io].seq == seq)
			xc_one(c, p, seq, &c->rec[p->out[io++].idx], d);
		else
			xc_one(c, p, seq, NULL, d);
	}
}

/* The call @seq of the pair, if S logged it. */
static const struct xs_rec *xc_call(const struct xc *c,
				    const struct xc_pair *p, uint32_t seq)
{
	size_t lo = 0, hi = p->nout;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->out[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nout && p->out[lo].seq == seq ?
	       &c->rec[p->out[lo].idx] : NULL;
}

/* The server's answers against the client's results (header comment). */
static void xc_answers(struct xc *c, const struct xc_pair *p)
{
	const struct xs_rec *a, *o;
	size_t i;

	for (i = 0; i < p->nrep; i++) {
		a = &c->rec[p->rep[i].idx];
		o = xc_call(c, p, a->seq);
		if (!o)
			continue;
		if (!a->result && o->result && o->result != -EDEADNODE)
			xc_fail(c, XC_REPLIES, "%d -> %d: the answer to %s %u"
				" went, the sendrec failed %s", a->peer,
				a->self, xc_op(o->op), a->seq,
				m3_errname(o->result));
		if (a->result && !o->result)
			xc_fail(c, XC_REPLIES, "%d -> %d: %s %u returned 0, its"
				" answer %s", a->peer, a->self, xc_op(o->op),
				a->seq, a->result == XS_DROPPED ? "was let go" :
				m3_errname(a->result));
	}
}

/* A client's 0 is an answer its server logged as given. */
static void xc_answered(struct xc *c, const struct xc_pair *p)
{
	const struct xs_rec *o;
	size_t i, j = 0;

	if (p->r_state != XC_COMPLETE)
		return;
	for (i = 0; i < p->nout; i++) {
		o = &c->rec[p->out[i].idx];
		if (o->result || xs_op_sends(o->op))
			continue;
		while (j < p->nrep && p->rep[j].seq < o->seq)
			j++;
		if (j == p->nrep || p->rep[j].seq != o->seq ||
		    c->rec[p->rep[j].idx].result)
			xc_fail(c, XC_REPLIES, "%d -> %d: %s %u returned 0,"
				" no answer given", o->self, o->peer,
				xc_op(o->op), o->seq);
	}
}

static int xc_state(struct xc *c, int ep)
{
	struct xc_member *m = xc_member(c, ep);

	return m ? m->state : XC_LOST;
}

static void xc_pair(struct xc *c, struct xc_pair *p)
{
	p->s_state = xc_state(c, p->s);
	p->r_state = xc_state(c, p->r);
	p->maxout = p->nout ? p->out[p->nout - 1].seq : 0;
	p->maxin = p->nin ? p->in[p->nin - 1].seq : 0;
	c->fig.pairs++;
	xc_walk(c, p);
	xc_answers(c, p);
	xc_answered(c, p);
}

/* What R took from S, in the order R took it: rising numbers. */
static void xc_check_order(struct xc *c, struct xc_key *in, size_t n)
{
	size_t i;

	qsort(in, n, sizeof(*in), xc_cmp_order);
	for (i = 1; i < n; i++)
		if (in[i].s == in[i - 1].s && in[i].r == in[i - 1].r &&
		    in[i].seq <= in[i - 1].seq)
			xc_fail(c, XC_EXACTLY_ONCE, "%d -> %d: message %u taken"
				" after %u", in[i].s, in[i].r, in[i].seq,
				in[i - 1].seq);
	c->fig.delivered = n;
}

/* The range of @k[*i..] with the pair of @key (or before it: skipped). */
static size_t xc_range(const struct xc_key *k, size_t n, size_t *i,
		       const struct xc_key *key)
{
	size_t first;

	while (*i < n && (k[*i].s < key->s ||
			  (k[*i].s == key->s && k[*i].r < key->r)))
		(*i)++;
	first = *i;
	while (*i < n && k[*i].s == key->s && k[*i].r == key->r)
		(*i)++;
	return first;
}

static int xc_before(const struct xc_key *a, const struct xc_key *b)
{
	return a->s < b->s || (a->s == b->s && a->r < b->r);
}

/* Did @party's call @seq to @server return 0 (@out: sorted calls)? */
static int xc_returned_0(const struct xc *c, const struct xc_key *out,
			 size_t n, int party, int server, uint32_t seq)
{
	struct xc_key k = { .s = party, .r = server, .seq = seq };
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (xc_cmp_seq(&out[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && out[lo].s == party && out[lo].r == server &&
	       out[lo].seq == seq && !c->rec[out[lo].idx].result;
}

/* The second party's record of the COPY2 at record @i, if any. */
static const struct xs_rec *xc_second_party(const struct xc *c, size_t i)
{
	const struct xs_rec *r = &c->rec[i], *x;
	size_t end = i + 1 + XS_MEMBERS * XS_RING;

	for (i++; r->op == XS_COPY2 && i < c->nr_rec && i < end; i++) {
		x = &c->rec[i];
		if (x->type == XS_COPY && x->op == (XS_COPY2 | 0x80) &&
		    x->self == r->self && x->t0 == r->t0 && x->t1 == r->t1)
			return x;
	}
	return NULL;
}

/*
 * A copy failed, yet every party's sendrec returned 0: each waited for
 * its answer all along, consenting (docs/semantics.md, vcopy), so the
 * copy had no reason to fail. A party killed meanwhile (its last call
 * unlogged: it may have been exiting, which ends consent while it is
 * still bound) or lost with its node explains a failure.
 */
static void xc_check_consent(struct xc *c, const struct xc_key *out,
			     size_t n)
{
	const struct xs_rec *r, *r2;
	size_t i;

	for (i = 0; i < c->nr_rec; i++) {
		r = &c->rec[i];
		if (r->type != XS_COPY || !r->result || (r->op & 0x80))
			continue;
		c->fig.copies_failed++;
		r2 = xc_second_party(c, i);
		if (xc_returned_0(c, out, n, r->peer, r->self, r->seq) &&
		    (!r2 || xc_returned_0(c, out, n, r2->peer, r2->self,
					  r2->seq)))
			xc_fail(c, XC_CONSENT, "%d's copy for %d (%u)%s failed"
				" %s at %u (node %d's clock), its sendrecs"
				" returned 0", r->self, r->peer, r->seq,
				r2 ? " and its partner" : "",
				m3_errname(r->result), r->t1,
				xc_node(c, r->self));
	}
}

void xc_check_messages(struct xc *c)
{
	size_t no, ni, nr, io = 0, ii = 0, ir = 0, f;
	struct xc_key *out = xc_keys(c, XS_OUT, 0, &no);
	struct xc_key *in = xc_keys(c, XS_IN, 0, &ni);
	struct xc_key *rep = xc_keys(c, XS_REPLY, 0, &nr);
	struct xc_pair p;
	struct xc_key key;

	if (!out || !in || !rep) {
		xc_fail(c, XC_EXACTLY_ONCE, "no memory for %zu records",
			c->nr_rec);
		return;
	}
	xc_check_order(c, in, ni);
	qsort(out, no, sizeof(*out), xc_cmp_seq);
	qsort(in, ni, sizeof(*in), xc_cmp_seq);
	qsort(rep, nr, sizeof(*rep), xc_cmp_seq);
	xc_check_consent(c, out, no);
	while (io < no || ii < ni) {
		key = io < no && (ii == ni || xc_before(&out[io], &in[ii])) ?
		      out[io] : in[ii];
		p.s = key.s;
		p.r = key.r;
		f = xc_range(out, no, &io, &key);
		p.out = out + f;
		p.nout = io - f;
		f = xc_range(in, ni, &ii, &key);
		p.in = in + f;
		p.nin = ii - f;
		f = xc_range(rep, nr, &ir, &key);
		p.rep = rep + f;
		p.nrep = ir - f;
		xc_pair(c, &p);
	}
	free(out);
	free(in);
	free(rep);
}
