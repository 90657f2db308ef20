// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check -t: the verdict's own test, on the host. Logs of two
 * nodes are written by hand into a temporary folder: a base in which
 * every rule holds (two servers A and B, two clients C0 and C1, one of
 * each per node, calling each other), then each case adds what breaks a
 * rule, or what the documentation allows and must pass. The rules that
 * fail must be exactly those the case names. Prints "ok - NAME" or "not
 * ok - NAME" per case; exit status 0 if all passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x_soak_check.h"

#define XT_EP(slot)	((1 << 15) + (slot))	/* generation 1 */
#define XT_MAX		128

/* With two nodes, slot s is node s % 2's. */
enum { A = XT_EP(0), B = XT_EP(1), C0 = XT_EP(2), C1 = XT_EP(3) };

struct xt {
	struct xs_rec rec[2][XT_MAX];	/* node 0's log, node 1's */
	int nr[2];
	int end[4];			/* per member: XS_END, XS_KILLED, 0 */
	char faults[512];
	uint32_t clock;
};

static void xt_add(struct xt *t, int self, struct xs_rec r)
{
	int node = m3_ep_slot(self) % 2;

	r.self = self;
	r.t0 = t->clock;
	r.t1 = r.t1 ? r.t1 : t->clock + 5;
	t->clock += 10;
	if (t->nr[node] < XT_MAX)
		t->rec[node][t->nr[node]++] = r;
}

static void xt_call(struct xt *t, int s, int r, int op, uint32_t seq, int ret)
{
	xt_add(t, s, (struct xs_rec){ .type = XS_OUT, .op = (uint8_t)op,
				      .result = (int16_t)ret, .peer = r,
				      .seq = seq });
}

static void xt_take(struct xt *t, int r, int s, uint32_t seq)
{
	xt_add(t, r, (struct xs_rec){ .type = XS_IN, .peer = s, .seq = seq });
}

static void xt_reply(struct xt *t, int r, int s, uint32_t seq, int ret)
{
	xt_add(t, r, (struct xs_rec){ .type = XS_REPLY, .peer = s, .seq = seq,
				      .result = (int16_t)ret });
}

/* A sendrec that went through: called, taken, answered. */
static void xt_sendrec(struct xt *t, int s, int r, uint32_t seq)
{
	xt_take(t, r, s, seq);
	xt_reply(t, r, s, seq, 0);
	xt_call(t, s, r, XS_MSG, seq, 0);
}

static void xt_notes(struct xt *t, int r, int s, uint32_t count)
{
	xt_add(t, r, (struct xs_rec){ .type = XS_NOTE, .peer = s,
				      .aux = count });
}

static void xt_anomaly(struct xt *t, int self, enum xs_anom what)
{
	xt_add(t, self, (struct xs_rec){ .type = XS_ANOM, .aux = what });
}

/* Every rule holds: each node's members call and are called by both. */
static void xt_base(struct xt *t)
{
	static const int eps[4] = { A, B, C0, C1 };
	int i;

	for (i = 0; i < 4; i++) {
		xt_add(t, eps[i], (struct xs_rec){ .type = XS_BIND,
			.aux = i < 2 ? XS_ROLE_SERVER : XS_ROLE_CLIENT });
		t->end[i] = XS_END;
	}
	xt_take(t, B, C0, 1);
	xt_call(t, C0, B, XS_SEND, 1, 0);
	xt_sendrec(t, C0, B, 2);
	xt_sendrec(t, C0, A, 1);
	xt_take(t, A, C1, 1);
	xt_call(t, C1, A, XS_SEND, 1, 0);
	xt_sendrec(t, C1, A, 2);
	xt_sendrec(t, C1, B, 1);
	strcpy(t->faults, "start 0 0 0\nstop 0 0 60000\n");
}

/* ---- the cases ------------------------------------------------------------ */

static void xt_lost(struct xt *t)
{
	xt_call(t, C0, B, XS_SEND, 3, 0);
}

static void xt_twice(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_take(t, B, C0, 3);
	xt_call(t, C0, B, XS_SEND, 3, 0);
}

static void xt_failed_but_taken(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_call(t, C0, B, XS_SEND, 3, -EDEADSRCDST);
}

static void xt_send_deadnode_taken(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_call(t, C0, B, XS_SEND, 3, -EDEADNODE);
	xt_call(t, C0, B, XS_SEND, 4, -EDEADNODE);
}

static void xt_out_of_order(struct xt *t)
{
	xt_take(t, B, C0, 4);
	xt_take(t, B, C0, 3);
	xt_call(t, C0, B, XS_SEND, 3, 0);
	xt_call(t, C0, B, XS_SEND, 4, 0);
}

static void xt_never_sent(struct xt *t)
{
	xt_take(t, B, C0, 9);
}

static void xt_sender_killed_in_flight(struct xt *t)
{
	xt_take(t, B, C0, 3);
	t->end[2] = XS_KILLED;
}

static void xt_receiver_killed_after_taking(struct xt *t)
{
	xt_call(t, C0, B, XS_SEND, 3, 0);
	t->end[1] = XS_KILLED;
}

/* B, killed, took C0's 3 and died before its record: not 3 and 4. */
static void xt_receiver_killed_two_unlogged(struct xt *t)
{
	xt_call(t, C0, B, XS_SEND, 3, 0);
	xt_call(t, C0, B, XS_SEND, 4, 0);
	t->end[1] = XS_KILLED;
}

/* B lived to the end: nothing explains an EDEADSRCDST from it. */
static void xt_dead_live_peer(struct xt *t)
{
	xt_call(t, C0, B, XS_MSG, 3, -EDEADSRCDST);
}

static void xt_answer_lost(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_reply(t, B, C0, 3, 0);
	xt_call(t, C0, B, XS_MSG, 3, -EDEADSRCDST);
}

static void xt_answer_lost_with_node(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_reply(t, B, C0, 3, 0);
	xt_call(t, C0, B, XS_MSG, 3, -EDEADNODE);
}

static void xt_answer_never_given(struct xt *t)
{
	xt_take(t, B, C0, 3);
	xt_reply(t, B, C0, 3, -ENOTREADY);
	xt_call(t, C0, B, XS_MSG, 3, 0);
}

static void xt_notify_more(struct xt *t)
{
	xt_call(t, C0, A, XS_NOTIFY, 0, 0);
	xt_notes(t, A, C0, 2);
}

static void xt_notify_fewer(struct xt *t)
{
	xt_call(t, C0, A, XS_NOTIFY, 0, 0);
	xt_call(t, C0, A, XS_NOTIFY, 0, 0);
	xt_notes(t, A, C0, 1);
}

/* C1's node saw A's node down once after its notify: nothing promised. */
static void xt_notify_separated(struct xt *t)
{
	xt_call(t, C1, A, XS_NOTIFY, 0, 0);
	t->end[3] = 0;
	xt_add(t, C1, (struct xs_rec){ .type = XS_END, .seq = 1 });
}

static void xt_bytes(struct xt *t)
{
	xt_anomaly(t, C1, XS_A_BYTES);
}

static void xt_hang(struct xt *t)
{
	xt_anomaly(t, C1, XS_A_HANG);
}

/* A COPY_IN from C0 failed; C0's sendrec returned 0 all the same. */
static void xt_consent(struct xt *t)
{
	xt_take(t, A, C0, 2);
	xt_add(t, A, (struct xs_rec){ .type = XS_COPY, .op = XS_COPY_IN,
				      .result = -EDEADSRCDST, .peer = C0,
				      .seq = 2 });
	xt_reply(t, A, C0, 2, 0);
	xt_call(t, C0, A, XS_COPY_IN, 2, 0);
}

/* A COPY2 of C0 and C1 failed: C1 was killed in its sendrec. */
static void xt_consent_party_killed(struct xt *t)
{
	struct xs_rec r = { .type = XS_COPY, .op = XS_COPY2,
			    .result = -EDEADSRCDST, .peer = C1, .seq = 3 };

	xt_take(t, A, C1, 3);
	xt_take(t, A, C0, 2);
	xt_add(t, A, r);
	t->clock -= 10;	/* the same copy: the same times */
	r.op |= 0x80;
	r.peer = C0;
	r.seq = 2;
	xt_add(t, A, r);
	xt_reply(t, A, C0, 2, 0);
	xt_reply(t, A, C1, 3, 0);
	xt_call(t, C0, A, XS_COPY2, 2, 0);
	t->end[3] = XS_KILLED;
}

/* Node 1 killed at 5000: C0's call to B still waits at 7500. */
static void xt_late(struct xt *t)
{
	strcat(t->faults, "kill 1 0 5000\n");
	t->clock = 7000;
	xt_add(t, C0, (struct xs_rec){ .type = XS_OUT, .op = XS_MSG,
				       .result = -EDEADNODE, .peer = B,
				       .seq = 3, .t1 = 9000 });
}

static void xt_bound_twice(struct xt *t)
{
	/* A's endpoint, bound on node 1 too: a record in node 1's log. */
	t->rec[1][t->nr[1]++] = (struct xs_rec){ .type = XS_BIND, .self = A,
						 .aux = XS_ROLE_SERVER };
}

struct xt_case {
	const char *name;
	void (*make)(struct xt *t);
	unsigned int fails;	/* the rules that must fail */
};

#define XT_R(rule)	(1u << (rule))

static const struct xt_case xt_cases[] = {
	{ "base_holds", NULL, 0 },
	{ "returned_0_never_taken", xt_lost, XT_R(XC_EXACTLY_ONCE) },
	{ "taken_twice", xt_twice, XT_R(XC_EXACTLY_ONCE) },
	{ "send_failed_but_taken", xt_failed_but_taken,
	  XT_R(XC_EXACTLY_ONCE) | XT_R(XC_LIVE_PEER) },
	{ "send_edeadnode_may_be_taken", xt_send_deadnode_taken, 0 },
	{ "taken_out_of_order", xt_out_of_order, XT_R(XC_EXACTLY_ONCE) },
	{ "taken_never_sent", xt_never_sent, XT_R(XC_EXACTLY_ONCE) },
	{ "sender_killed_in_flight", xt_sender_killed_in_flight, 0 },
	{ "receiver_killed_before_its_record",
	  xt_receiver_killed_after_taking, 0 },
	{ "killed_receiver_took_two_unlogged",
	  xt_receiver_killed_two_unlogged, XT_R(XC_EXACTLY_ONCE) },
	{ "edeadsrcdst_from_a_live_member", xt_dead_live_peer,
	  XT_R(XC_LIVE_PEER) },
	{ "answer_went_sendrec_edeadsrcdst", xt_answer_lost,
	  XT_R(XC_REPLIES) | XT_R(XC_LIVE_PEER) },
	{ "answer_lost_with_its_node", xt_answer_lost_with_node, 0 },
	{ "sendrec_0_answer_not_given", xt_answer_never_given,
	  XT_R(XC_REPLIES) },
	{ "notifications_more_than_sent", xt_notify_more,
	  XT_R(XC_NOTIFY_NOT_INVENTED) | XT_R(XC_NOTIFY_EXACT) },
	{ "notifications_fewer_nothing_between", xt_notify_fewer,
	  XT_R(XC_NOTIFY_EXACT) },
	{ "notifications_fewer_node_down_between", xt_notify_separated, 0 },
	{ "bytes_wrong", xt_bytes, XT_R(XC_BYTES) },
	{ "call_hung", xt_hang, XT_R(XC_NO_HANG) },
	{ "copy_refused_with_consent", xt_consent, XT_R(XC_CONSENT) },
	{ "copy2_failed_party_killed", xt_consent_party_killed, 0 },
	{ "lost_node_call_ends_late", xt_late, XT_R(XC_TOLERANCE) },
	{ "endpoint_bound_twice", xt_bound_twice, XT_R(XC_ENDPOINTS) },
};

/* ---- running them --------------------------------------------------------- */

static int xt_write(const char *dir, const char *name, const void *p,
		    size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f))
		return m3x_fail("%s: %m", path);
	return 0;
}

/* The logs of case @k in @dir; the rules that failed on them. */
static unsigned int xt_run(const struct xt_case *k, const char *dir)
{
	static const int eps[4] = { A, B, C0, C1 };
	struct xt *t = calloc(1, sizeof(*t));
	struct xc *c = calloc(1, sizeof(*c));
	unsigned int failed = ~0u;
	int i;

	if (!t || !c)
		return failed;
	xt_base(t);
	if (k->make)
		k->make(t);
	for (i = 0; i < 4; i++)
		if (t->end[i])
			xt_add(t, eps[i], (struct xs_rec){ .type =
						(uint8_t)t->end[i] });
	c->nr_nodes = 2;
	c->tol_ms = 1500;
	c->margin_ms = 1000;
	if (!xt_write(dir, "node0.boot1.log", t->rec[0],
		      (size_t)t->nr[0] * sizeof(struct xs_rec)) &&
	    !xt_write(dir, "node1.boot1.log", t->rec[1],
		      (size_t)t->nr[1] * sizeof(struct xs_rec)) &&
	    !xt_write(dir, "faults", t->faults, strlen(t->faults)) &&
	    !xc_verdict(c, dir))
		for (failed = 0, i = 0; i < XC_NR_RULES; i++)
			failed |= c->rule[i].failures ? XT_R(i) : 0;
	free(t);
	xc_free(c);
	return failed;
}

int xc_selftest(void)
{
	char dir[] = "/tmp/m3x-soak-check.XXXXXX", path[300];
	const char *names[] = { "node0.boot1.log", "node1.boot1.log", "faults" };
	unsigned int got;
	size_t i;
	int bad = 0;

	if (!mkdtemp(dir))
		return m3x_fail("mkdtemp: %m");
	for (i = 0; i < sizeof(xt_cases) / sizeof(xt_cases[0]); i++) {
		got = xt_run(&xt_cases[i], dir);
		bad += got != xt_cases[i].fails;
		printf("%s - soak_check_%s", got == xt_cases[i].fails ? "ok" :
		       "not ok", xt_cases[i].name);
		if (got != xt_cases[i].fails)
			printf(" (rules failed %#x, expected %#x)", got,
			       xt_cases[i].fails);
		printf("\n");
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return bad ? 1 : 0;
}
