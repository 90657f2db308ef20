// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3adm keys: the JSON of every query, listed from the record tables
 * (adm_records.c): its shape, then each record's keys with their type,
 * when they are present and what they mean. m3adm(8) holds this text;
 * tests/m3d/test_adm_json.sh checks that it is the same.
 */
#include <string.h>
#include "adm.h"

#define QUERY_W	10	/* "proc list" */
#define KEY_W	12	/* "initialized" */
#define TYPE_W	15	/* int|"ANY"|null */
#define LINE_W	72	/* m3adm(8) indents it by 7 on an 80-column page */

/* {"drvs":DRVS,"vms":[VM]}, or the name of the record that is the
 * object; a line longer than LINE_W goes on under the brace. */
static void put_shape(FILE *o, const struct adm_query *q)
{
	const struct adm_part *p;
	char part[64];
	int col = QUERY_W + 2;

	if (q->nr_parts == 1 && !q->parts[0].key) {
		fprintf(o, "%s\n", q->parts[0].rec->name);
		return;
	}
	fputc('{', o);
	for (p = q->parts; p < q->parts + q->nr_parts; p++) {
		col += snprintf(part, sizeof(part), "\"%s\":%s%s%s%s",
				p->key, p->array ? "[" : "", p->rec->name,
				p->array ? "]" : "",
				p + 1 < q->parts + q->nr_parts ? "," : "}");
		if (col > LINE_W) {
			fprintf(o, "\n%*s", QUERY_W + 2, "");
			col = QUERY_W + 2 + (int)strlen(part);
		}
		fputs(part, o);
	}
	fputc('\n', o);
}

static void put_field(FILE *o, const struct adm_field *f)
{
	char type[32], values[256];

	fprintf(o, "  %-*s %-*s %s\n", KEY_W, f->key, TYPE_W,
		adm_json_type(f, type, sizeof(type)), f->doc);
	if (*adm_values(f, values, sizeof(values)))
		fprintf(o, "    one of: %s\n", values);
}

/* Its keys; "when KEY=VALUE:" before those present only then. */
static void put_record(FILE *o, const struct adm_record *r)
{
	const struct adm_field *f;
	const struct adm_when *when = NULL;

	fprintf(o, "\n%s: %s\n", r->name, r->doc);
	for (f = r->fields; f < r->fields + r->nr_fields; f++) {
		if (!f->key)
			continue;
		if (f->when != when && f->when)
			fprintf(o, " when %s=%s:\n", f->when->key,
				f->when->json);
		else if (f->when != when)
			fprintf(o, " always:\n");
		when = f->when;
		put_field(o, f);
	}
}

/* The queries' shapes, then their records, each once. */
static void put_keys(FILE *o)
{
	const struct adm_record *done[16];
	const struct adm_query *const *q;
	const struct adm_part *p;
	size_t n = 0, i;

	for (q = adm_queries; *q; q++) {
		fprintf(o, "%-*s ", QUERY_W, (*q)->name);
		put_shape(o, *q);
	}
	for (q = adm_queries; *q; q++)
		for (p = (*q)->parts; p < (*q)->parts + (*q)->nr_parts; p++) {
			for (i = 0; i < n && done[i] != p->rec; i++)
				;
			if (i < n || n == sizeof(done) / sizeof(done[0]))
				continue;
			done[n++] = p->rec;
			put_record(o, p->rec);
		}
}

int adm_keys(struct adm *a, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return ADM_USAGE;
	return adm_print_text(a, &adm_q_keys, put_keys);
}
