/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * m3adm's records, each described once as a table of fields, and the two
 * emitters over those tables (chronyc's report tables, `wg show` and
 * `wg show dump`): aligned text and JSON. A command picks the query it
 * answers (its JSON shape: which records, under which keys) and hands
 * the emitter its records in that order; it prints nothing itself.
 *
 * `m3adm keys` lists the same tables (adm_keys.c): the JSON of every
 * query as m3adm(8) documents it, a stable interface.
 */
#ifndef M3D_ADM_RECORD_H
#define M3D_ADM_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Kinds of value: what is at off; how JSON and text write it. */
enum adm_kind {
	ADM_INT,	/* int32: a number, %d */
	ADM_UINT,	/* uint32: a number, %u */
	ADM_U64,	/* uint64: a number, %llu */
	ADM_BOOL,	/* int32: true or false */
	ADM_STR,	/* char[] from outside: a string; text escaped */
	ADM_TEXT,	/* const char *, m3adm's own: a string; text as it is */
	ADM_ENDPOINT,	/* int32: null/"ANY"/number; text -/ANY/number */
	ADM_STATE,	/* uint32 M3_ST_*: m3_state_name(), in both */
	ADM_FLAGS,	/* uint32 M3_VM_*: ["name",...]; text a,b or - */
	ADM_NODES,	/* uint64_t[M3_NODE_WORDS]: [0,1]; text 0,1 */
	ADM_MODE,	/* uint32: "0660"; text 0660 */
	ADM_VERSION,	/* uint32 (major << 16) | minor: "1.0"; text 1.0 */
	ADM_IDS,	/* char[] "11 23" (m3d's managed=): [11,23]; 11,23 */
	ADM_NODE_STATE,	/* uint32 M3_NODE_*: m3_node_state_name(), in both */
};

/* A value read from a record (by offset, or by the field's get()). */
struct adm_val {
	int null;		/* JSON null, text "-" */
	long long i;		/* INT, BOOL, ENDPOINT */
	unsigned long long u;	/* UINT, U64, STATE, FLAGS, MODE, VERSION */
	const char *s;		/* STR, TEXT, IDS */
	const uint64_t *nodes;	/* NODES */
	char buf[32];		/* where get() may put a string for s */
};

/* A key present only when another key of the record has this JSON value. */
struct adm_when {
	const char *key;
	const char *json;	/* "true", "null" */
};

struct adm_field {
	const char *key;	/* JSON name; NULL: a text column only */
	const char *header;	/* text column heading; NULL: JSON only */
	int width;		/* of its text column (the last: unpadded) */
	enum adm_kind kind;
	size_t off;		/* where the value is in the record... */
	void (*get)(const void *rec, struct adm_val *v);  /* ...or this */
	int nullable;		/* get() or known() may say null (endpoints
				 * always may) */
	int (*known)(const void *rec);	/* NULL, or 0: the value is null */
	const struct adm_when *when;	/* NULL: always present */
	const char *doc;	/* its meaning, for m3adm keys and m3adm(8) */
};

struct adm_record {
	const char *name;	/* "VM", as m3adm keys names it */
	const char *doc;
	const struct adm_field *fields;
	size_t nr_fields;
	/* Text of one record on its own: a line, "{key}" standing for the
	 * field's text; line(rec) when it depends on the record. In a
	 * table: the columns, or empty for no rows. */
	const char *text;
	const char *(*line)(const void *rec);
	const char *empty;	/* NULL: a table without rows is its header */
};

/* One member of a query's JSON object. */
struct adm_part {
	const char *key;	/* NULL: the record's keys are the object's */
	const struct adm_record *rec;
	int array;		/* [records], a table in text */
};

struct adm_query {
	const char *name;	/* "vm list" */
	const struct adm_part *parts;
	size_t nr_parts;
};

/* The queries and their records (adm_records.c). */
extern const struct adm_query adm_q_status, adm_q_vm_list, adm_q_vm_start,
	adm_q_vm_end, adm_q_proc_list, adm_q_stats, adm_q_reload, adm_q_help,
	adm_q_keys;
extern const struct adm_query *const adm_queries[];	/* NULL-terminated */

/* m3d as its status file shows it: the M3D record. */
struct adm_daemon_info {
	int pid;		/* 0: not running; ADM_DAEMON_UNKNOWN */
	char src[16], ldap[32], status[512], cluster[512], managed[8192],
	     why[4400];
};

/* A node of the DRVS as the module and TIPC's links show it: NODE. */
struct adm_node {
	struct m3_node_info ni;	/* what the module says */
	int reported;		/* the module answered for it */
	int self;		/* this node */
	int links_known;	/* TIPC's links to it were read */
	uint32_t links_up, links;
};

/* How many members of a VM run on one of its nodes: MEMBERS. */
struct adm_members {
	int vmid;
	uint32_t node;
	uint32_t members;
};

/* What vm start, vm end, reload, help and keys answer. */
struct adm_said {
	int vmid;
	int pid;
	const char *text;	/* the usage, the keys */
};

/* The emitter (adm_emit.c): where it is in its query. */
struct adm_emit {
	FILE *out;
	int json;
	const struct adm_query *q;
	size_t part;		/* parts begun */
	size_t rows;		/* records of the current part */
};

void adm_begin(struct adm_emit *e, const struct adm_query *q);
/* The next part of the query (in the order of its table). */
void adm_part(struct adm_emit *e);
/* One record of the current part. */
void adm_put(struct adm_emit *e, const void *rec);
void adm_end(struct adm_emit *e);
/* A query of one part holding one record: begin, part, put, end. */
void adm_print(struct adm_emit *e, const struct adm_query *q, const void *rec);

/* For m3adm keys: the field's JSON type ("int|\"ANY\"|null"); the
 * values a string (or each string of an array) may take, "a, b" ("" if
 * any). Into buf; buf. */
const char *adm_json_type(const struct adm_field *f, char *buf, size_t len);
const char *adm_values(const struct adm_field *f, char *buf, size_t len);

#endif
