// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check: the rules that take the records one at a time (what
 * members saw at once, the figures), the time calls on a lost node took
 * to end, and whether every log's members talked to every node.
 */
#include <stdio.h>
#include <string.h>

#include "m3x_soak_check.h"

/* The rule an anomaly a member noted breaks. */
static enum xc_rule_id xc_rule_of(uint32_t what)
{
	switch (what) {
	case XS_A_BYTES:
		return XC_BYTES;
	case XS_A_ERROR:
		return XC_ERRORS;
	case XS_A_HANG:
	case XS_A_STUCK:
		return XC_NO_HANG;
	case XS_A_BIND:
	case XS_A_DIED:
	case XS_A_LOG:
		return XC_MEMBERS;
	default:
		return XC_INTACT;
	}
}

static const char *const xc_anom_name[XS_NR_ANOMS] = {
	[XS_A_CHECKSUM] = "bad checksum", [XS_A_FORGED] = "forged m_source",
	[XS_A_MISDELIVERED] = "for another endpoint",
	[XS_A_REPLY] = "not the reply expected",
	[XS_A_BYTES] = "copied bytes wrong", [XS_A_ERROR] = "error",
	[XS_A_HANG] = "gave up after the watchdog",
	[XS_A_BIND] = "could not bind", [XS_A_DIED] = "died on its own",
	[XS_A_STUCK] = "did not end when told to",
	[XS_A_LOG] = "lost a record",
};

static void xc_anomaly(struct xc *c, const struct xs_rec *r, int file)
{
	uint32_t what = r->aux < XS_NR_ANOMS ? r->aux : 0;
	char saw[32];

	if (what == XS_A_ERROR || what == XS_A_HANG)
		snprintf(saw, sizeof(saw), "%s", m3_errname(-(int)r->aux2));
	else
		snprintf(saw, sizeof(saw), "%d", (int)r->aux2);
	c->fig.anomalies++;
	xc_fail(c, xc_rule_of(what), "%s: member %d at %u: %s (peer %d, seq"
		" %u, saw %s)", c->file[file].name, r->self, r->t1,
		xc_anom_name[what] ? xc_anom_name[what] : "?", r->peer, r->seq,
		saw);
}

/*
 * A send or sendrec that failed EDEADSRCDST: its peer, which the caller
 * found bound (mnx_proc_info), must have died or unbound since
 * (docs/semantics.md); one that lived until the end did not. (A notify
 * may be refused so while the peer's bind is announced again after its
 * node came back.)
 */
static void xc_dead_peer(struct xc *c, const struct xs_rec *r)
{
	struct xc_member *m = xc_member(c, r->peer);

	if (r->op != XS_NOTIFY && r->result == -EDEADSRCDST && m &&
	    m->state == XC_COMPLETE)
		xc_fail(c, XC_LIVE_PEER, "%d -> %d: %s %u failed EDEADSRCDST"
			" at %u (node %d's clock), the receiver lived on",
			r->self, r->peer, xc_op(r->op), r->seq, r->t1,
			xc_node(c, r->self));
}

static void xc_count_call(struct xc *c, const struct xs_rec *r)
{
	int op = r->op < XS_NR_OPS ? r->op : 0;

	c->fig.calls[op]++;
	if (!r->result)
		c->fig.ok[op]++;
	else if (r->result == -EDEADSRCDST)
		c->fig.dead[op]++;
	else if (r->result == -EDEADNODE)
		c->fig.down[op]++;
	else if (r->result == -ETIMEDOUT)
		c->fig.timedout[op]++;
	else
		c->fig.other[op]++;
	if (r->t1 - r->t0 > c->fig.longest_call)
		c->fig.longest_call = r->t1 - r->t0;
}

void xc_check_records(struct xc *c)
{
	const struct xs_rec *r;
	size_t i;
	int f = 0;

	for (i = 0; i < c->nr_rec; i++) {
		r = &c->rec[i];
		while (i >= c->file[f].first + c->file[f].nr)
			f++;
		if (r->type == XS_ANOM)
			xc_anomaly(c, r, f);
		else if (r->type == XS_OUT)
			xc_count_call(c, r);
		if (r->type == XS_OUT)
			xc_dead_peer(c, r);
		else if (r->type == XS_COPY && !r->result && !(r->op & 0x80))
			c->fig.copied += r->aux;
		else if (r->type == XS_VERIFY)
			c->fig.verified += r->aux;
		else if (r->type == XS_BIND)
			c->fig.binds++;
	}
}

/* The node fault @f lost as node 0 sees it, or -1. */
static int xc_lost_node(const struct xc_fault *f)
{
	if (!strcmp(f->kind, "kill"))
		return f->a;
	if (!strcmp(f->kind, "cut") && (f->a == 0 || f->b == 0))
		return f->a ? f->a : f->b;
	return -1;
}

/* Node 0's calls and copies on @lost, still waiting at @deadline. */
static void xc_late(struct xc *c, int file, int lost, uint32_t deadline,
		    const struct xc_fault *f)
{
	const struct xc_file *fl = &c->file[file];
	const struct xs_rec *r;
	size_t i;

	for (i = fl->first; i < fl->first + fl->nr; i++) {
		r = &c->rec[i];
		if ((r->type != XS_OUT && r->type != XS_COPY) ||
		    xc_node(c, r->peer) != lost)
			continue;
		if ((int32_t)(r->t0 - f->t) <= 0 &&
		    (int32_t)(r->t1 - f->t) > 0) {
			c->fig.waiting_at_fault++;
			if (r->t1 - f->t > c->fig.slowest_end)
				c->fig.slowest_end = r->t1 - f->t;
		}
		if ((int32_t)(r->t0 - deadline) < 0 &&
		    (int32_t)(r->t1 - deadline) > 0)
			xc_fail(c, XC_TOLERANCE, "%s %d %d at %u: member %d's"
				" call to %d (node %d) ran %u..%u, past %u",
				f->kind, f->a, f->b, f->t, r->self, r->peer,
				lost, r->t0, r->t1, deadline);
	}
}

/*
 * Every call node 0 made on a node it lost (its QEMU killed, its link to
 * node 0 cut) ended by the tolerance plus the margin after the host
 * carried the fault out: none was still waiting then.
 */
void xc_check_tolerance(struct xc *c)
{
	int i, f, lost;

	for (i = 0; i < c->nr_faults; i++) {
		lost = xc_lost_node(&c->fault[i]);
		for (f = 0; lost >= 0 && f < c->nr_files; f++)
			if (c->file[f].node == 0)
				xc_late(c, f, lost, c->fault[i].t +
					(uint32_t)(c->tol_ms + c->margin_ms),
					&c->fault[i]);
	}
}

/* In log @file: calls that returned 0 to each node, messages from each. */
static void xc_traffic_of(struct xc *c, int file)
{
	const struct xc_file *fl = &c->file[file];
	unsigned long to[3] = { 0 }, from[3] = { 0 };
	const struct xs_rec *r;
	size_t i;
	int n;

	for (i = fl->first; i < fl->first + fl->nr; i++) {
		r = &c->rec[i];
		n = r->peer >= 0 ? xc_node(c, r->peer) : 3;
		if (n > 2)
			continue;
		if (r->type == XS_OUT && !r->result && r->op != XS_NOTIFY)
			to[n]++;
		else if (r->type == XS_IN)
			from[n]++;
	}
	for (n = 0; n < c->nr_nodes && n < 3; n++)
		if (!to[n] || !from[n])
			xc_fail(c, XC_TRAFFIC, "%s: %lu calls to node %d returned"
				" 0, %lu messages from it taken", fl->name,
				to[n], n, from[n]);
}

void xc_check_traffic(struct xc *c)
{
	int f;

	for (f = 0; f < c->nr_files; f++)
		xc_traffic_of(c, f);
}
