// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check: notifications, per sender S and receiver R. They carry
 * no number: R counts what it took (each notification says how many it
 * coalesced), S what returned 0. docs/semantics.md promises:
 *   - never more than were sent: what R took from S is at most S's
 *     notifies that returned 0 (one more if S was killed after a notify,
 *     before its record; any number if S's node was lost);
 *   - every one, when nothing came between: a notify that returned 0 is
 *     delivered once R receives, unless S unbinds first (its pending
 *     notifications are discarded), or S's node sees R's node go down
 *     (R's slot there loses its member, pending ones with it). So where S
 *     and R both ended in order (S stayed bound until R had taken what
 *     was left) and S's node saw R's node go down no more often at S's end
 *     than at S's first notify to R, R took exactly what S sent.
 */
#include <stdlib.h>

#include "m3x_soak_check.h"

/* What one pair sent and took. */
struct xc_notes_of {
	int s, r;
	unsigned long sent, taken;
	int first_downs;	/* -1: S never notified R */
};

/* Did S's node see R's node go down since S's first notify to R? */
static int xc_separated(struct xc *c, const struct xc_notes_of *p)
{
	struct xc_member *s = xc_member(c, p->s);
	int rn = xc_node(c, p->r);

	if (xc_node(c, p->s) == rn)
		return 0;
	return !s || rn > 2 || p->first_downs < 0 ||
	       s->downs[rn] != (uint32_t)p->first_downs;
}

static void xc_notes_pair(struct xc *c, const struct xc_notes_of *p)
{
	struct xc_member *s = xc_member(c, p->s), *r = xc_member(c, p->r);
	int s_state = s ? s->state : XC_LOST, r_state = r ? r->state : XC_LOST;

	c->fig.note_pairs++;
	if (s_state != XC_LOST &&
	    p->taken > p->sent + (s_state == XC_KILLED))
		xc_fail(c, XC_NOTIFY_NOT_INVENTED, "%d -> %d: %lu notifications"
			" taken, %lu sent", p->s, p->r, p->taken, p->sent);
	if (s_state != XC_COMPLETE || r_state != XC_COMPLETE ||
	    xc_separated(c, p))
		return;
	c->fig.note_exact++;
	if (p->taken != p->sent)
		xc_fail(c, XC_NOTIFY_EXACT, "%d -> %d: %lu notifications sent,"
			" %lu taken, both ended in order, no node down between"
			" them", p->s, p->r, p->sent, p->taken);
}

static void xc_notes_add(struct xc *c, struct xc_notes_of *p,
			 const struct xs_rec *r, int taken)
{
	if (taken) {
		p->taken += r->aux;
		c->fig.notified += r->aux;
	} else if (!r->result) {
		p->sent++;
		if (p->first_downs < 0)
			p->first_downs = (int)r->aux;
	}
}

static int xc_same_pair(const struct xc_key *k, int s, int r)
{
	return k->s == s && k->r == r;
}

void xc_check_notifications(struct xc *c)
{
	size_t no, nt, io = 0, it = 0;
	struct xc_key *out = xc_keys(c, XS_OUT, 1, &no);
	struct xc_key *tk = xc_keys(c, XS_NOTE, 0, &nt);
	const struct xc_key *k;
	struct xc_notes_of p;

	if (out && tk) {
		qsort(out, no, sizeof(*out), xc_cmp_order);
		qsort(tk, nt, sizeof(*tk), xc_cmp_order);
	}
	while (out && tk && (io < no || it < nt)) {
		k = io < no && (it == nt || xc_cmp_order(&out[io], &tk[it]) < 0) ?
		    &out[io] : &tk[it];
		p = (struct xc_notes_of){ .s = k->s, .r = k->r,
					  .first_downs = -1 };
		for (; io < no && xc_same_pair(&out[io], p.s, p.r); io++)
			xc_notes_add(c, &p, &c->rec[out[io].idx], 0);
		for (; it < nt && xc_same_pair(&tk[it], p.s, p.r); it++)
			xc_notes_add(c, &p, &c->rec[tk[it].idx], 1);
		xc_notes_pair(c, &p);
	}
	free(out);
	free(tk);
}
