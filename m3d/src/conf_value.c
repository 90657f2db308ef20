// SPDX-License-Identifier: GPL-2.0-or-later
/* Typed reads of libconfig settings, errors with file:line. */
#include <stdio.h>
#include <string.h>
#include "conf_value.h"
#include "text.h"

const char *cv_file(const struct cv *c, config_setting_t *s)
{
	return conf_text_file(c->t, config_setting_source_line(s));
}

int cv_line(const struct cv *c, config_setting_t *s)
{
	return conf_text_line(c->t, config_setting_source_line(s));
}

static void mark(struct cv *c, enum m3d_field f, config_setting_t *s)
{
	c->o->line[f] = cv_line(c, s);
}

int cv_field(struct cv *c, const struct cv_key *keys, config_setting_t *s)
{
	const char *name = config_setting_name(s);
	struct m3d_origin at = *c->o;

	for (; keys->name; keys++) {
		if (name && !strcmp(name, keys->name)) {
			mark(c, keys->field, s);
			return keys->field;
		}
	}
	at.line[F_ENTRY] = cv_line(c, s);
	m3d_err(c->e, &at, F_ENTRY, "unknown setting \"%s\"",
		name ? name : "");
	return -1;
}

int cv_uint(struct cv *c, enum m3d_field f, config_setting_t *s,
	    unsigned long max, unsigned long *out)
{
	long long v;
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
		m3d_err(c->e, c->o, f, "must be a number");
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < 0 || (unsigned long long)v > max) {
		m3d_err(c->e, c->o, f, "%lld is out of range (0..%lu)", v, max);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

int cv_string(struct cv *c, enum m3d_field f, config_setting_t *s,
	      char *buf, size_t size)
{
	const char *v = config_setting_get_string(s);

	if (!v) {
		m3d_err(c->e, c->o, f, "must be a string");
		return -1;
	}
	if (strlen(v) >= size) {
		m3d_err(c->e, c->o, f, "longer than %zu characters", size - 1);
		return -1;
	}
	if (m3d_text_check(v)) {
		m3d_err(c->e, c->o, f, "must be text: UTF-8 without control "
			"characters");
		return -1;
	}
	strcpy(buf, v);
	return 0;
}

int cv_bool(struct cv *c, enum m3d_field f, config_setting_t *s, int *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		m3d_err(c->e, c->o, f, "must be true or false");
		return -1;
	}
	*out = config_setting_get_bool(s);
	return 0;
}

int cv_nodes(struct cv *c, enum m3d_field f, config_setting_t *s,
	     uint64_t *nodes)
{
	int i, n = config_setting_length(s);
	config_setting_t *el;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY) {
		m3d_err(c->e, c->o, f, "must be an array of node ids, like [0, 1]");
		return -1;
	}
	for (i = 0; i < n; i++) {
		el = config_setting_get_elem(s, i);
		if (config_setting_type(el) != CONFIG_TYPE_INT ||
		    config_setting_get_int(el) < 0 ||
		    config_setting_get_int(el) >= M3_MAX_NODES) {
			m3d_err(c->e, c->o, f, "element %d is not a node id "
				"(0..%d)", i, M3_MAX_NODES - 1);
			return -1;
		}
		M3_NODE_SET(nodes, config_setting_get_int(el));
	}
	return 0;
}

int cv_flags(struct cv *c, enum m3d_field f, config_setting_t *s,
	     unsigned int *flags)
{
	int i, n = config_setting_length(s);
	const char *v;
	char q[128];

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		m3d_err(c->e, c->o, f, "must be a list of names, like "
			"[\"strict_copy\"]");
		return -1;
	}
	for (i = 0; i < n; i++) {
		v = config_setting_get_string_elem(s, i);
		if (m3d_parse_flag(v, flags) < 0) {
			m3d_escape(q, sizeof(q), v ? v : "", ESC_UTF8);
			m3d_err(c->e, c->o, f, "unknown flag \"%s\" (known: "
				"strict_copy)", q);
			return -1;
		}
	}
	return 0;
}

int cv_mode(struct cv *c, enum m3d_field f, config_setting_t *s,
	    unsigned int *mode)
{
	const char *v = config_setting_get_string(s);

	if (!v || m3d_parse_mode(v, mode) < 0) {
		m3d_err(c->e, c->o, f, "must be octal permission bits in a "
			"string, like \"0660\"");
		return -1;
	}
	return 0;
}

int cv_owner(struct cv *c, enum m3d_field f, config_setting_t *s,
	     unsigned int *id, int group)
{
	char buf[32], why[256];
	const char *v = config_setting_get_string(s);
	int t = config_setting_type(s);

	if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
		snprintf(buf, sizeof(buf), "%lld", config_setting_get_int64(s));
		v = buf;
	}
	if (!v) {
		m3d_err(c->e, c->o, f, "must be a name or a number");
		return -1;
	}
	if (m3d_parse_owner(v, group, id, why, sizeof(why)) < 0) {
		m3d_err(c->e, c->o, f, "%s", why);
		return -1;
	}
	return 0;
}
