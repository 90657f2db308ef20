// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check [-n NODES] [-T TOLERANCE_MS] [-M MARGIN_MS] DIR: the
 * verdict of a soak (m3x_soak_check.h) from DIR/node*.boot*.log and
 * DIR/faults. Prints the figures, then "rule NAME: ok" or "rule NAME:
 * FAILED N" with a few of the failures under it, for every rule. Exit
 * status 0 if every rule held. m3x soak-check -t: its own test
 * (m3x_soak_selftest.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x_soak_check.h"

static const char *const xc_rule_name[XC_NR_RULES] = {
	[XC_EXACTLY_ONCE] = "exactly_once",
	[XC_REPLIES] = "answers_given_reach_their_clients",
	[XC_NOTIFY_NOT_INVENTED] = "notifications_never_more_than_sent",
	[XC_NOTIFY_EXACT] = "notifications_all_taken_when_nothing_between",
	[XC_INTACT] = "messages_intact_and_stamped",
	[XC_BYTES] = "copied_bytes_right",
	[XC_CONSENT] = "copies_with_consent_not_refused",
	[XC_ERRORS] = "no_unexpected_error",
	[XC_LIVE_PEER] = "edeadsrcdst_only_from_members_that_died",
	[XC_NO_HANG] = "no_call_hangs_every_member_ends",
	[XC_TOLERANCE] = "lost_node_calls_end_within_tolerance",
	[XC_MEMBERS] = "members_bind_and_never_die_by_themselves",
	[XC_ENDPOINTS] = "endpoints_never_bound_twice",
	[XC_TRAFFIC] = "every_log_talked_with_every_node",
};

void xc_fail(struct xc *c, enum xc_rule_id rule, const char *fmt, ...)
{
	struct xc_rule *r = &c->rule[rule];
	va_list ap;

	if (r->failures < XC_SHOWN) {
		va_start(ap, fmt);
		vsnprintf(r->shown[r->failures], sizeof(r->shown[0]), fmt, ap);
		va_end(ap);
	}
	r->failures++;
}

/* The node whose member @ep is (slot ownership: m3x_soak.h). */
int xc_node(const struct xc *c, int ep)
{
	return m3_ep_slot(ep) % c->nr_nodes;
}

static unsigned long xc_faults(const struct xc *c, const char *kind)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < c->nr_faults; i++)
		n += !strcmp(c->fault[i].kind, kind);
	return n;
}

static long xc_fault_time(const struct xc *c, const char *kind)
{
	int i;

	for (i = 0; i < c->nr_faults; i++)
		if (!strcmp(c->fault[i].kind, kind))
			return c->fault[i].t;
	return -1;
}

static const char *const xc_op_name[XS_NR_OPS] = {
	[XS_MSG] = "sendrec", [XS_SEND] = "send", [XS_NOTIFY] = "notify",
	[XS_COPY_IN] = "sendrec(COPY_IN)", [XS_COPY_OUT] = "sendrec(COPY_OUT)",
	[XS_COPY2] = "sendrec(COPY2)", [XS_MSG_T] = "sendrec_T",
	[XS_SEND_T] = "send_T",
};

const char *xc_op(int op)
{
	return op > 0 && op < XS_NR_OPS ? xc_op_name[op] : "?";
}

static unsigned long xc_sum(const unsigned long *v)
{
	unsigned long n = 0;
	int op;

	for (op = 1; op < XS_NR_OPS; op++)
		n += op == XS_NOTIFY ? 0 : v[op];
	return n;
}

static void xc_print_calls(const struct xc *c)
{
	const struct xc_figures *g = &c->fig;
	int op;

	printf("messages: %lu sent, %lu returned 0, %lu failed (EDEADSRCDST"
	       " %lu, EDEADNODE %lu, ETIMEDOUT %lu, other %lu); %lu taken by"
	       " servers\n", xc_sum(g->calls), xc_sum(g->ok),
	       xc_sum(g->calls) - xc_sum(g->ok), xc_sum(g->dead),
	       xc_sum(g->down), xc_sum(g->timedout), xc_sum(g->other),
	       g->delivered);
	for (op = 1; op < XS_NR_OPS; op++)
		printf("  %s: %lu, returned 0 %lu, EDEADSRCDST %lu, EDEADNODE"
		       " %lu, ETIMEDOUT %lu, other %lu\n", xc_op(op),
		       g->calls[op], g->ok[op], g->dead[op], g->down[op],
		       g->timedout[op], g->other[op]);
	printf("verified: %lu messages checked at both ends (%lu pairs of"
	       " endpoints), %lu not verifiable (sent after the receiver's"
	       " last record: it was killed or its node lost)\n", g->matched,
	       g->pairs, g->unverifiable);
	printf("notifications: %lu taken (after coalescing); %lu pairs of"
	       " endpoints, %lu of them checked for every notification (both"
	       " ended in order, no node down between them)\n", g->notified,
	       g->note_pairs, g->note_exact);
	printf("bytes: %llu copied (COPY1 and COPY2), %llu verified byte by"
	       " byte; %lu copies failed, each with a party whose call"
	       " failed\n", g->copied, g->verified, g->copies_failed);
	printf("longest call: %u ms; node 0 had %lu calls and copies waiting"
	       " on a node when it was lost, the last ended %u ms after (the"
	       " limit: %ld ms)\n", g->longest_call, g->waiting_at_fault,
	       g->slowest_end, c->tol_ms + c->margin_ms);
}

/* How many members' logs end in @state. */
static unsigned long xc_members_in(const struct xc *c, int state)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < c->mem_cap; i++)
		n += c->mem[i].binds && c->mem[i].state == state;
	return n;
}

static void xc_print_figures(const struct xc *c)
{
	long t0 = xc_fault_time(c, "start"), t1 = xc_fault_time(c, "stop");
	int f;

	printf("logs:");
	for (f = 0; f < c->nr_files; f++)
		printf(" %s (%zu records)", c->file[f].name, c->file[f].nr);
	printf("\nduration: %ld s of soak\n",
	       t0 >= 0 && t1 >= t0 ? (t1 - t0) / 1000 : -1);
	printf("members: %lu binds; %lu ended in order, %lu killed (kill -9),"
	       " %lu lost with their node\n", c->fig.binds,
	       xc_members_in(c, XC_COMPLETE), xc_members_in(c, XC_KILLED),
	       xc_members_in(c, XC_LOST));
	printf("faults: %lu node losses (QEMU killed, booted again), %lu link"
	       " cuts (restored), %lu shorter than the tolerance, %lu cluster"
	       " leaves and joins, %lu m3d kill -9 and restarts\n",
	       xc_faults(c, "kill"), xc_faults(c, "cut"),
	       xc_faults(c, "blip"), xc_faults(c, "leave"),
	       xc_faults(c, "m3d"));
	xc_print_calls(c);
}

static int xc_print_rules(const struct xc *c)
{
	const struct xc_rule *r;
	int i, bad = 0;
	unsigned long k;

	for (i = 0; i < XC_NR_RULES; i++) {
		r = &c->rule[i];
		if (!r->failures) {
			printf("rule %s: ok\n", xc_rule_name[i]);
			continue;
		}
		bad = 1;
		printf("rule %s: FAILED %lu\n", xc_rule_name[i], r->failures);
		for (k = 0; k < r->failures && k < XC_SHOWN; k++)
			printf("  - %s\n", r->shown[k]);
	}
	return bad;
}

int m3x_soak_check(int argc, char **argv)
{
	struct xc *c = calloc(1, sizeof(*c));
	int opt;

	if (!c)
		return 1;
	c->nr_nodes = 3;
	c->tol_ms = 1500;
	c->margin_ms = 1000;
	optind = 0;
	while ((opt = getopt(argc + 1, argv - 1, "+tn:T:M:")) != -1) {
		if (opt == 't')
			return xc_selftest();
		if (opt == 'n')
			c->nr_nodes = atoi(optarg);
		else if (opt == 'T')
			c->tol_ms = atol(optarg);
		else if (opt == 'M')
			c->margin_ms = atol(optarg);
		else
			return 2;
	}
	if (optind != argc || c->nr_nodes < 2 || c->nr_nodes > 3)
		return 2;
	if (xc_verdict(c, argv[optind - 1]))
		return 1;
	xc_print_figures(c);
	return xc_print_rules(c);
}

/* Read the logs in @dir and apply every rule: 0, or 1 if unreadable. */
int xc_verdict(struct xc *c, const char *dir)
{
	if (xc_load(c, dir))
		return 1;
	xc_check_records(c);
	xc_check_messages(c);
	xc_check_notifications(c);
	xc_check_tolerance(c);
	xc_check_traffic(c);
	return 0;
}

void xc_free(struct xc *c)
{
	free(c->rec);
	free(c->mem);
	free(c);
}
