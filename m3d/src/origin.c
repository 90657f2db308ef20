// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where a value came from, and error messages that say so:
 *   FILE:LINE: FIELD: text          (libconfig file; FIELD as written there)
 *   DN: ATTRIBUTE: text             (LDAP entry)
 * One line each: what came from outside (a DN, a value quoted in the text)
 * is escaped (text.h), so it cannot forge a line or reach a terminal raw.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "model.h"
#include "text.h"

void m3d_origin_file(struct m3d_origin *o, const char *path, int line)
{
	memset(o, 0, sizeof(*o));
	o->kind = O_FILE;
	snprintf(o->where, sizeof(o->where), "%s", path);
	o->line[F_ENTRY] = line;
}

void m3d_origin_ldap(struct m3d_origin *o, const char *dn)
{
	memset(o, 0, sizeof(*o));
	o->kind = O_LDAP;
	snprintf(o->where, sizeof(o->where), "%s", dn);
}

static void append(struct m3d_errors *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void append(struct m3d_errors *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (e->len >= sizeof(e->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->buf + e->len, sizeof(e->buf) - e->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		e->len += (size_t)n;
	if (e->len >= sizeof(e->buf))
		e->len = sizeof(e->buf) - 1;
}

static void prefix(struct m3d_errors *e, const struct m3d_origin *o,
		   enum m3d_field f)
{
	const char *name = m3d_field_name(o ? o->kind : O_NONE, f);
	char where[4 * M3D_WHERE_LEN];
	int line;

	if (!o || o->kind == O_NONE) {
		if (name)
			append(e, "%s: ", name);
		return;
	}
	m3d_escape(where, sizeof(where), o->where, ESC_UTF8);
	if (o->kind == O_LDAP) {
		append(e, "%s: ", where);
	} else {
		line = o->line[f] ? o->line[f] : o->line[F_ENTRY];
		append(e, line ? "%s:%d: " : "%s: ", where, line);
	}
	if (name)
		append(e, "%s: ", name);
}

void m3d_err(struct m3d_errors *e, const struct m3d_origin *o,
	     enum m3d_field f, const char *fmt, ...)
{
	char msg[1024], line[4 * sizeof(msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	prefix(e, o, f);
	append(e, "%s\n", m3d_escape(line, sizeof(line), msg, ESC_UTF8));
	e->count++;
}
