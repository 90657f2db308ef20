/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x soak-check: the verdict of a soak from the logs of every node and
 * boot (m3x_soak.h) and the faults node 0 made. The rules, each with its
 * failures counted and a few shown (m3x_soak_check.c prints them):
 */
#ifndef M3X_SOAK_CHECK_H
#define M3X_SOAK_CHECK_H

#include <stddef.h>

#include "m3x_soak.h"

enum xc_rule_id {
	XC_EXACTLY_ONCE,	/* per (sender, receiver, seq): see pairs.c */
	XC_REPLIES,		/* an answer given reached its client */
	XC_NOTIFY_NOT_INVENTED,	/* never more notifications than sent */
	XC_NOTIFY_EXACT,	/* all of them, where nothing came between */
	XC_INTACT,		/* checksums, m_source, receivers, replies */
	XC_BYTES,		/* every copied byte right */
	XC_CONSENT,		/* no copy refused to a party that consented */
	XC_ERRORS,		/* no error a call may not give */
	XC_LIVE_PEER,		/* EDEADSRCDST only from a peer that died */
	XC_NO_HANG,		/* no call gave up, every member ended */
	XC_TOLERANCE,		/* calls on a lost node end in time */
	XC_MEMBERS,		/* every member bound, none died by itself */
	XC_ENDPOINTS,		/* no endpoint bound twice */
	XC_TRAFFIC,		/* every log's members talked to every node */
	XC_NR_RULES
};

enum xc_state { XC_LOST, XC_KILLED, XC_COMPLETE };

struct xc_member {
	int ep;			/* 0 marks a free entry of the table */
	int file, role, state, binds;
	int unlogged;		/* calls that say it took them unlogged */
	uint32_t downs[3];	/* at its end (a client) */
};

struct xc_file {
	char name[64];
	int node, boot;
	size_t first, nr;	/* its records */
};

struct xc_fault {
	char kind[16];
	int a, b;
	uint32_t t;		/* node 0's clock, ms */
};

#define XC_SHOWN	8	/* failures shown per rule */

struct xc_rule {
	unsigned long failures;
	char shown[XC_SHOWN][240];
};

/* What a call's result says of its message: see pairs.c. */
enum xc_fate { XC_DELIVERED, XC_NOT_DELIVERED, XC_MAYBE };

struct xc_figures {
	unsigned long calls[XS_NR_OPS], ok[XS_NR_OPS], dead[XS_NR_OPS];
	unsigned long down[XS_NR_OPS], timedout[XS_NR_OPS];
	unsigned long other[XS_NR_OPS];
	unsigned long delivered, notified, binds, anomalies;
	unsigned long matched, unverifiable, pairs;
	unsigned long note_pairs, note_exact;	/* pairs that notified */
	unsigned long copies_failed;
	unsigned long long copied, verified;
	uint32_t longest_call;
	unsigned long waiting_at_fault;	/* node 0's calls on a node lost */
	uint32_t slowest_end;		/* the last of them ended after */
};

struct xc {
	int nr_nodes;
	long tol_ms, margin_ms;
	struct xs_rec *rec;
	size_t nr_rec;
	struct xc_file file[32];
	int nr_files;
	struct xc_member *mem;	/* open addressing on ep */
	size_t mem_cap;
	struct xc_fault fault[256];
	int nr_faults;
	struct xc_rule rule[XC_NR_RULES];
	struct xc_figures fig;
};

/* m3x_soak_check.c */
int xc_verdict(struct xc *c, const char *dir);
void xc_free(struct xc *c);
void xc_fail(struct xc *c, enum xc_rule_id rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xc_node(const struct xc *c, int ep);
const char *xc_op(int op);

/* m3x_soak_selftest.c */
int xc_selftest(void);

/* m3x_soak_load.c: logs, members, faults */
int xc_load(struct xc *c, const char *dir);
struct xc_member *xc_member(struct xc *c, int ep);
int xc_file_of(const struct xc *c, size_t rec);

/* m3x_soak_keys.c: records as (sender, receiver, number, record) */
struct xc_key {
	int s, r;
	uint32_t seq;
	size_t idx;	/* the record */
};

int xc_cmp_seq(const void *a, const void *b);
int xc_cmp_order(const void *a, const void *b);
struct xc_key *xc_keys(const struct xc *c, int type, int notify, size_t *n);

/* m3x_soak_pairs.c: messages and answers, per sender and receiver */
void xc_check_messages(struct xc *c);

/* m3x_soak_notes.c: notifications */
void xc_check_notifications(struct xc *c);

/* m3x_soak_rules.c: the records one at a time, time, traffic */
void xc_check_records(struct xc *c);
void xc_check_tolerance(struct xc *c);
void xc_check_traffic(struct xc *c);

#endif
