// SPDX-License-Identifier: GPL-2.0-or-later
/* Typed reads of libconfig settings, errors with file:line. */
#include <stdio.h>
#include <string.h>
#include "conf_value.h"
#include "secret.h"
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

int cv_field(struct cv *c, enum m3d_group g, config_setting_t *s)
{
	const char *name = config_setting_name(s);
	struct m3d_origin at = *c->o;
	int f = name ? m3d_field_find(g, name) : -1;

	if (f >= 0) {
		mark(c, f, s);
		return f;
	}
	at.line[F_ENTRY] = cv_line(c, s);
	m3d_err(c->e, &at, F_ENTRY, "unknown setting \"%s\"",
		name ? name : "");
	return -1;
}

static int cv_uint(struct cv *c, enum m3d_field f, config_setting_t *s,
		   unsigned long max, unsigned long *out)
{
	long long v;
	int t = config_setting_type(s);

	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
		m3d_err(c->e, c->o, f, "must be a number");
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < 0 || (unsigned long long)v > max ||
	    (unsigned long long)v < m3d_field(f)->min) {
		m3d_err(c->e, c->o, f, "%lld is out of range (%lu..%lu)", v,
			m3d_field(f)->min, max);
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

static int cv_string(struct cv *c, enum m3d_field f, config_setting_t *s,
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

static int cv_bool(struct cv *c, enum m3d_field f, config_setting_t *s,
		   int *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		m3d_err(c->e, c->o, f, "must be true or false");
		return -1;
	}
	*out = config_setting_get_bool(s);
	return 0;
}

static int cv_nodes(struct cv *c, enum m3d_field f, config_setting_t *s,
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
		    config_setting_get_int(el) > (int)m3d_field(f)->max) {
			m3d_err(c->e, c->o, f, "element %d is not a node id "
				"(0..%lu)", i, m3d_field(f)->max);
			return -1;
		}
		M3_NODE_SET(nodes, config_setting_get_int(el));
	}
	return 0;
}

/* s as text, as LDAP gives it (m3d_field_parse()). */
static int parsed(struct cv *c, enum m3d_field f, void *obj, const char *s)
{
	char why[1200];

	if (!m3d_field_parse(f, obj, s, why, sizeof(why)))
		return 0;
	m3d_err(c->e, c->o, f, "%s", why);
	return -1;
}

/* K_FLAGS, K_NAMES: a list of strings, each one value of f. */
static int cv_names(struct cv *c, enum m3d_field f, config_setting_t *s,
		    void *obj)
{
	int i, n = config_setting_length(s);
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		m3d_err(c->e, c->o, f, "must be a list of names, like "
			"[\"%s\"]", m3d_field(f)->kind == K_FLAGS ?
			m3d_vm_flags[0].name : "eth0");
		return -1;
	}
	for (i = 0; i < n; i++) {
		v = config_setting_get_string_elem(s, i);
		if (parsed(c, f, obj, v ? v : ""))
			return -1;
	}
	return 0;
}

static int cv_mode(struct cv *c, enum m3d_field f, config_setting_t *s,
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

/* A user or group: a name, or a number (written as one, or a string). */
static int cv_owner(struct cv *c, enum m3d_field f, config_setting_t *s,
		    void *obj)
{
	char buf[32];
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
	return parsed(c, f, obj, v);
}

static int cv_source(struct cv *c, enum m3d_field f, config_setting_t *s,
		     enum m3d_source *src)
{
	char v[16];

	if (cv_string(c, f, s, v, sizeof(v)))
		return -1;
	if (strcmp(v, "file") && strcmp(v, "ldap")) {
		m3d_err(c->e, c->o, f, "must be \"file\" or \"ldap\"");
		return -1;
	}
	*src = v[0] == 'l' ? SRC_LDAP : SRC_FILE;
	return 0;
}

/* The cluster key: text, in a file that only its owner may read. */
static int cv_key(struct cv *c, enum m3d_field f, config_setting_t *s,
		  void *obj)
{
	char hex[128], why[600];
	int r = cv_string(c, f, s, hex, sizeof(hex));

	if (!r && *hex && m3d_secret_check(cv_file(c, s), why, sizeof(why))) {
		m3d_err(c->e, c->o, f, "a key may be written only in a file "
			"that its owner alone may read: %s; or give "
			"cluster_key_file", why);
		r = -1;
	}
	if (!r)
		r = parsed(c, f, obj, hex);
	explicit_bzero(hex, sizeof(hex));
	return r;
}

/* A number min..max; a malformed id says so (m3d_field_malformed()). */
static int cv_number(struct cv *c, enum m3d_field f, config_setting_t *s,
		     void *obj)
{
	unsigned long v;

	if (cv_uint(c, f, s, m3d_field(f)->max, &v)) {
		m3d_field_malformed(f, obj);
		return -1;
	}
	*(unsigned int *)m3d_field_ptr(f, obj) = (unsigned int)v;
	return 0;
}

/* A VM name: a string of text, then the module's rule. */
static int cv_vm_name(struct cv *c, enum m3d_field f, config_setting_t *s,
		      void *obj)
{
	char name[M3_NAME_LEN];

	if (cv_string(c, f, s, name, sizeof(name)))
		return -1;
	return parsed(c, f, obj, name);
}

int cv_read(struct cv *c, enum m3d_field f, config_setting_t *s, void *obj)
{
	const struct m3d_field_info *fi = m3d_field(f);
	void *p = m3d_field_ptr(f, obj);

	switch (fi->kind) {
	case K_UINT:
	case K_ID:
		return cv_number(c, f, s, obj);
	case K_TEXT:
		return cv_string(c, f, s, p, fi->size);
	case K_VM_NAME:
		return cv_vm_name(c, f, s, obj);
	case K_NODES:
		return cv_nodes(c, f, s, p);
	case K_USER:
	case K_GROUP:
		return cv_owner(c, f, s, obj);
	case K_MODE:
		return cv_mode(c, f, s, p);
	case K_FLAGS:
	case K_NAMES:
		return cv_names(c, f, s, obj);
	case K_KEY:
		return cv_key(c, f, s, obj);
	case K_BOOL:
		return cv_bool(c, f, s, p);
	case K_SOURCE:
		return cv_source(c, f, s, p);
	default:
		return -1;
	}
}
