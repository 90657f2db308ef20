// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check: the records of one kind as keys (sender, receiver,
 * number, record), to sort by pair and number, or by pair and the order
 * of the logs.
 */
#include <stdlib.h>

#include "m3x_soak_check.h"

int xc_cmp_seq(const void *a, const void *b)
{
	const struct xc_key *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->r != y->r)
		return x->r < y->r ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int xc_cmp_order(const void *a, const void *b)
{
	const struct xc_key *x = a, *y = b;

	if (x->s != y->s || x->r != y->r)
		return xc_cmp_seq(a, b);
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The records of @type, unsorted; of XS_OUT, the notifies if @notify,
 * else the other calls. The sender is the record's self in an XS_OUT,
 * its peer in the others (which receivers write).
 */
struct xc_key *xc_keys(const struct xc *c, int type, int notify, size_t *n)
{
	struct xc_key *k = malloc((c->nr_rec + 1) * sizeof(*k));
	const struct xs_rec *r;
	size_t i;

	*n = 0;
	for (i = 0; k && i < c->nr_rec; i++) {
		r = &c->rec[i];
		if (r->type != type ||
		    (type == XS_OUT && (r->op == XS_NOTIFY) != notify))
			continue;
		k[*n].s = type == XS_OUT ? r->self : r->peer;
		k[*n].r = type == XS_OUT ? r->peer : r->self;
		k[*n].seq = r->seq;
		k[(*n)++].idx = i;
	}
	return k;
}
