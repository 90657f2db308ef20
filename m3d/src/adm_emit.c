// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3adm's two emitters over the record tables (adm_record.h): aligned
 * text and JSON. One value is read one way and written by its kind.
 */
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "fields.h"

/* The value of f in rec. */
static void read_val(const struct adm_field *f, const void *rec,
		     struct adm_val *v)
{
	const char *p = (const char *)rec + f->off;
	int32_t i32;
	uint32_t u32;
	uint64_t u64;

	memset(v, 0, sizeof(*v));
	if (f->get) {
		f->get(rec, v);
	} else if (f->kind == ADM_INT || f->kind == ADM_BOOL ||
		   f->kind == ADM_ENDPOINT) {
		memcpy(&i32, p, sizeof(i32));
		v->i = i32;
	} else if (f->kind == ADM_U64) {
		memcpy(&u64, p, sizeof(u64));
		v->u = u64;
	} else if (f->kind == ADM_STR || f->kind == ADM_IDS) {
		v->s = p;
	} else if (f->kind == ADM_TEXT) {
		memcpy(&v->s, p, sizeof(v->s));
	} else if (f->kind == ADM_NODES) {
		v->nodes = (const uint64_t *)(const void *)p;
	} else {
		memcpy(&u32, p, sizeof(u32));
		v->u = u32;
	}
	if (f->kind == ADM_ENDPOINT && v->i == M3_NONE)
		v->null = 1;
	if (f->known && !f->known(rec))
		v->null = 1;
}

/* A string: JSON, or text escaped for a terminal (esc) or as it is. */
static void put_str(FILE *o, const char *s, int json, int esc)
{
	size_t len = 4 * strlen(s) + 1;		/* \xNN per byte at most */
	char *buf;

	if (json) {
		m3d_json_str(o, s);
	} else if (!esc) {
		fputs(s, o);
	} else if ((buf = malloc(len))) {
		fputs(m3d_escape(buf, len, s, ESC_ASCII), o);
		free(buf);
	} else {
		fputs("?", o);
	}
}

/* Numbers: [0,1,5] or 0,1,5. */
static void put_ids(FILE *o, const int *ids, int n, int json)
{
	int i;

	fputs(json ? "[" : "", o);
	for (i = 0; i < n; i++)
		fprintf(o, "%s%d", i ? "," : "", ids[i]);
	fputs(json ? "]" : "", o);
}

static void put_nodes(FILE *o, const uint64_t *nodes, int json)
{
	int ids[M3_MAX_NODES], node, n = 0;

	for (node = 0; node < M3_MAX_NODES; node++)
		if (M3_NODE_ISSET(nodes, node))
			ids[n++] = node;
	put_ids(o, ids, n, json);
}

static void put_managed(FILE *o, const char *list, int json)
{
	int ids[M3_MAX_VMS];

	put_ids(o, ids, adm_managed_ids(list, ids, M3_MAX_VMS), json);
}

/* ["a","b"] or a,b (- for none). */
static void put_flags(FILE *o, unsigned int flags, int json)
{
	char buf[M3D_FLAGS_LEN];

	m3d_flags_str(buf, sizeof(buf), flags, json ? "\"" : "", ",");
	if (json)
		fprintf(o, "[%s]", buf);
	else
		fputs(*buf ? buf : "-", o);
}

static void put_val(FILE *o, const struct adm_field *f,
		    const struct adm_val *v, int json)
{
	char buf[32];

	if (v->null) {
		fputs(json ? "null" : "-", o);
		return;
	}
	switch (f->kind) {
	case ADM_INT:
		fprintf(o, "%lld", v->i);
		break;
	case ADM_ENDPOINT:
		if (v->i == M3_ANY)
			put_str(o, "ANY", json, 0);
		else
			fprintf(o, "%lld", v->i);
		break;
	case ADM_UINT:
	case ADM_U64:
		fprintf(o, "%llu", v->u);
		break;
	case ADM_BOOL:
		fputs(v->i ? "true" : "false", o);
		break;
	case ADM_STR:
	case ADM_TEXT:
		put_str(o, v->s, json, f->kind == ADM_STR);
		break;
	case ADM_STATE:
		put_str(o, m3_state_name((m3_u32)v->u), json, 0);
		break;
	case ADM_NODE_STATE:
		put_str(o, m3_node_state_name((m3_u32)v->u), json, 0);
		break;
	case ADM_MODE:
		snprintf(buf, sizeof(buf), "%04llo", v->u);
		put_str(o, buf, json, 0);
		break;
	case ADM_VERSION:
		snprintf(buf, sizeof(buf), "%llu.%llu", v->u >> 16,
			 v->u & 0xffff);
		put_str(o, buf, json, 0);
		break;
	case ADM_FLAGS:
		put_flags(o, (unsigned int)v->u, json);
		break;
	case ADM_NODES:
		put_nodes(o, v->nodes, json);
		break;
	case ADM_IDS:
		put_managed(o, v->s, json);
		break;
	}
}

/* f of rec as text or JSON, in a string to free; NULL without memory. */
static char *render(const struct adm_field *f, const void *rec, int json)
{
	struct adm_val v;
	char *s = NULL;
	size_t len;
	FILE *m = open_memstream(&s, &len);

	if (!m)
		return NULL;
	read_val(f, rec, &v);
	put_val(m, f, &v, json);
	if (fclose(m)) {
		free(s);
		return NULL;
	}
	return s;
}

static const struct adm_field *find(const struct adm_record *r,
				    const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < r->nr_fields; i++)
		if (r->fields[i].key && !strncmp(r->fields[i].key, key, len) &&
		    !r->fields[i].key[len])
			return &r->fields[i];
	return NULL;
}

/* f is in rec's JSON: it has no condition, or the key it names has the
 * value it names. */
static int present(const struct adm_record *r, const struct adm_field *f,
		   const void *rec)
{
	const struct adm_field *k;
	char *s;
	int yes;

	if (!f->when)
		return 1;
	k = find(r, f->when->key, strlen(f->when->key));
	s = k ? render(k, rec, 1) : NULL;
	yes = s && !strcmp(s, f->when->json);
	free(s);
	return yes;
}

static void json_fields(FILE *o, const struct adm_record *r, const void *rec)
{
	const struct adm_field *f;
	struct adm_val v;
	const char *sep = "";

	for (f = r->fields; f < r->fields + r->nr_fields; f++) {
		if (!f->key || !present(r, f, rec))
			continue;
		fprintf(o, "%s\"%s\":", sep, f->key);
		read_val(f, rec, &v);
		put_val(o, f, &v, 1);
		sep = ",";
	}
}

/* One row of a table, or its header (rec NULL). */
static void text_row(FILE *o, const struct adm_record *r, const void *rec)
{
	const struct adm_field *f, *last = NULL;
	const char *cell;
	char *s;

	for (f = r->fields; f < r->fields + r->nr_fields; f++)
		if (f->header)
			last = f;
	for (f = r->fields; last && f <= last; f++) {
		if (!f->header)
			continue;
		s = rec ? render(f, rec, 0) : NULL;
		cell = !rec ? f->header : s ? s : "?";
		if (f == last)
			fprintf(o, "%s\n", cell);
		else
			fprintf(o, "%-*s ", f->width, cell);
		free(s);
	}
}

/* The record's line, each {key} replaced by the field's text. */
static void text_line(FILE *o, const struct adm_record *r, const void *rec)
{
	const char *t = r->line ? r->line(rec) : r->text, *end;
	const struct adm_field *f;
	char *s;

	while (*t) {
		end = *t == '{' ? strchr(t, '}') : NULL;
		if (!end) {
			fputc(*t++, o);
			continue;
		}
		f = find(r, t + 1, (size_t)(end - t - 1));
		s = f ? render(f, rec, 0) : NULL;
		fputs(s ? s : "?", o);
		free(s);
		t = end + 1;
	}
}

static const struct adm_part *current(const struct adm_emit *e)
{
	return &e->q->parts[e->part - 1];
}

/* A table's header goes first, unless a table without rows says so
 * instead (empty): then it waits for the first row. */
static int header_waits(const struct adm_part *p)
{
	return p->rec->empty != NULL;
}

static void close_part(struct adm_emit *e)
{
	const struct adm_part *p;

	if (!e->part)
		return;
	p = current(e);
	if (e->json && p->array)
		fputc(']', e->out);
	else if (!e->json && p->array && !e->rows && header_waits(p))
		fprintf(e->out, "%s\n", p->rec->empty);
}

void adm_begin(struct adm_emit *e, const struct adm_query *q)
{
	e->q = q;
	e->part = 0;
	e->rows = 0;
	if (e->json)
		fputc('{', e->out);
}

void adm_part(struct adm_emit *e)
{
	const struct adm_part *p;

	close_part(e);
	if (e->part == e->q->nr_parts)
		abort();	/* the command and its query disagree */
	p = &e->q->parts[e->part++];
	e->rows = 0;
	if (e->json) {
		fputs(e->part > 1 ? "," : "", e->out);
		if (p->key)
			fprintf(e->out, "\"%s\":%s", p->key,
				p->array ? "[" : "");
		return;
	}
	if (p->array && e->part > 1)
		fputc('\n', e->out);	/* a table after a line */
	if (p->array && !header_waits(p))
		text_row(e->out, p->rec, NULL);
}

void adm_put(struct adm_emit *e, const void *rec)
{
	const struct adm_part *p = current(e);

	if (e->json) {
		fputs(e->rows ? "," : "", e->out);
		fputs(p->key ? "{" : "", e->out);
		json_fields(e->out, p->rec, rec);
		fputs(p->key ? "}" : "", e->out);
	} else if (p->array) {
		if (!e->rows && header_waits(p))
			text_row(e->out, p->rec, NULL);
		text_row(e->out, p->rec, rec);
	} else {
		text_line(e->out, p->rec, rec);
	}
	e->rows++;
}

void adm_end(struct adm_emit *e)
{
	close_part(e);
	if (e->json)
		fputs("}\n", e->out);
}

void adm_print(struct adm_emit *e, const struct adm_query *q, const void *rec)
{
	adm_begin(e, q);
	adm_part(e);
	adm_put(e, rec);
	adm_end(e);
}

const char *adm_json_type(const struct adm_field *f, char *buf, size_t len)
{
	static const char *const type[] = {
		[ADM_INT] = "int", [ADM_UINT] = "int", [ADM_U64] = "int",
		[ADM_BOOL] = "bool", [ADM_STR] = "string",
		[ADM_TEXT] = "string", [ADM_ENDPOINT] = "int|\"ANY\"|null",
		[ADM_STATE] = "string", [ADM_FLAGS] = "[string]",
		[ADM_NODES] = "[int]", [ADM_MODE] = "string",
		[ADM_VERSION] = "string", [ADM_IDS] = "[int]",
		[ADM_NODE_STATE] = "string",
	};

	snprintf(buf, len, "%s%s", type[f->kind],
		 f->nullable && f->kind != ADM_ENDPOINT ? "|null" : "");
	return buf;
}

/* name added to the list in buf ("a, b"), unless it is in it. */
static void add_value(char *buf, size_t len, const char *name)
{
	size_t n = strlen(name), used = strlen(buf);
	const char *s;

	for (s = buf; (s = strstr(s, name)); s += n)
		if ((s == buf || s[-1] == ' ') && (!s[n] || s[n] == ','))
			return;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

const char *adm_values(const struct adm_field *f, char *buf, size_t len)
{
	const m3_u32 all = M3_ST_SENDING | M3_ST_RECEIVING | M3_ST_SENDREC;
	const struct m3d_flag *fl;
	m3_u32 st;

	buf[0] = 0;
	for (fl = m3d_vm_flags; f->kind == ADM_FLAGS && fl->name; fl++)
		add_value(buf, len, fl->name);
	for (st = 0; f->kind == ADM_STATE && st <= all; st++)
		add_value(buf, len, m3_state_name(st));
	for (st = 0; f->kind == ADM_NODE_STATE && st <= M3_NODE_SELF; st++)
		add_value(buf, len, m3_node_state_name(st));
	return buf;
}
