// SPDX-License-Identifier: GPL-2.0-or-later
/* LDAP entries -> model; errors as "DN: attribute: text". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fields.h"
#include "job.h"
#include "ldap_conn.h"
#include "ldap_read.h"

struct entry {
	LDAP *ld;
	LDAPMessage *msg;
	struct m3d_origin *o;
	struct m3d_errors *e;
};

/* Every value of the attribute of field f into obj, an object of f's
 * group (fields.h); errors as DN: attribute: why. */
static void each(struct entry *en, enum m3d_field f, void *obj)
{
	const char *attr = m3d_field_name(O_LDAP, f);
	struct berval **v = ldap_get_values_len(en->ld, en->msg, attr);
	char buf[1024], why[sizeof(buf) + 128];
	int i, n = ldap_count_values_len(v);

	for (i = 0; i < n; i++) {
		/* Refused, never cut: a NUL inside or a value too long. */
		if (v[i]->bv_len >= sizeof(buf) ||
		    memchr(v[i]->bv_val, 0, v[i]->bv_len)) {
			m3d_err(en->e, en->o, f, "a value with a NUL byte or "
				"longer than %zu bytes", sizeof(buf) - 1);
			en->o->refused[f] = 1;
			continue;
		}
		memcpy(buf, v[i]->bv_val, v[i]->bv_len);
		buf[v[i]->bv_len] = 0;
		if (m3d_field_parse(f, obj, buf, why, sizeof(why))) {
			m3d_err(en->e, en->o, f, "%s", why);
			en->o->refused[f] = 1;
		}
	}
	ldap_value_free_len(v);
}

/* The attributes of an entry whose object is of group g. */
static void read_fields(struct entry *en, enum m3d_group g, void *obj)
{
	int f;

	m3d_each_field(f, g)
		if (m3d_field(f)->attr)
			each(en, f, obj);
}

static int has_class(struct entry *en, const char *cls)
{
	struct berval **v = ldap_get_values_len(en->ld, en->msg, "objectClass");
	int i, found = 0;

	for (i = 0; v && v[i]; i++)
		if (v[i]->bv_len == strlen(cls) &&
		    !strncasecmp(v[i]->bv_val, cls, v[i]->bv_len))
			found = 1;
	ldap_value_free_len(v);
	return found;
}

/* A VM entry; a vmid seen before (in DN order) is refused, naming both. */
static void read_vm_entry(struct entry *en, struct m3d_model *m,
			  const struct m3d_origin *o)
{
	struct m3d_vm *vm = m3d_model_add_vm(m);
	const struct m3d_vm *first;

	if (!vm)
		return;	/* not reached: too_many() counted them */
	vm->origin = *o;
	en->o = &vm->origin;
	read_fields(en, G_VM, vm);
	first = vm->vmid < 0 ? vm : m3d_model_find_vm(m, vm->vmid);
	if (first == vm)
		return;
	m3d_err(en->e, &vm->origin, F_VMID, "VM %d is defined twice (also by "
		"%s)", vm->vmid, first->origin.where);
	m->nr_vms--;	/* reported here: not again by m3d_validate() */
}

static void read_entry(struct entry *en, struct m3d_model *m, int *drvs,
		       struct m3d_origin *drvs_origin)
{
	struct m3d_origin o;
	char *dn = ldap_get_dn(en->ld, en->msg);
	struct m3d_node *n;

	m3d_origin_ldap(&o, dn ? dn : "");
	ldap_memfree(dn);
	en->o = &o;
	if (has_class(en, "m3VM")) {
		read_vm_entry(en, m, &o);
	} else if (has_class(en, "m3Node") && (n = m3d_model_add_node(m))) {
		n->origin = o;
		en->o = &n->origin;
		read_fields(en, G_NODE, n);
	} else if (has_class(en, "m3Drvs") && (*drvs)++) {
		m3d_err(en->e, &o, F_ENTRY, "a second m3Drvs entry (the first "
			"is %s)", drvs_origin->where);
	} else if (has_class(en, "m3Drvs")) {
		*drvs_origin = o;
		en->o = drvs_origin;
		read_fields(en, G_DRVS, m);
	}
}

static int search(LDAP *ld, const struct m3d_ldap_conf *c, const char *base,
		  LDAPMessage **res, char *err, size_t len)
{
	struct timeval tv = { c->timeout, 0 };
	int r;

	m3d_job_step("search");
	r = ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, M3D_LDAP_FILTER,
			      NULL, 0, NULL, NULL, &tv, 0, res);
	if (r == LDAP_SUCCESS)
		return 0;
	snprintf(err, len, "search under \"%s\": %s%s", base,
		 ldap_err2string(r), r == LDAP_SIZELIMIT_EXCEEDED ?
		 " (the server sent only part of the entries: raise its "
		 "sizelimit for m3d's bind DN)" : "");
	return m3d_ldap_failure(r);
}

/* The entries in DN order, so that what is refused does not depend on
 * the order the server sends them in; NULL-terminated, to free(). */
struct sorted {
	LDAPMessage *msg;
	char *dn;
};

static int by_dn(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	return strcasecmp(x->dn ? x->dn : "", y->dn ? y->dn : "");
}

static struct sorted *sort_entries(LDAP *ld, LDAPMessage *res, int *n)
{
	struct sorted *s = calloc((size_t)ldap_count_entries(ld, res) + 1,
				  sizeof(*s));
	LDAPMessage *msg;

	*n = 0;
	for (msg = ldap_first_entry(ld, res); s && msg;
	     msg = ldap_next_entry(ld, msg)) {
		s[*n].msg = msg;
		s[(*n)++].dn = ldap_get_dn(ld, msg);
	}
	if (s)
		qsort(s, (size_t)*n, sizeof(*s), by_dn);
	return s;
}

static void free_sorted(struct sorted *s, int n)
{
	int i;

	for (i = 0; s && i < n; i++)
		ldap_memfree(s[i].dn);
	free(s);
}

/* More entries than the model holds: refused, not cut. */
static int too_many(struct entry *en, struct sorted *s, int n,
		    const char *base)
{
	int i, vms = 0, nodes = 0;
	struct m3d_origin o;

	for (i = 0; i < n; i++) {
		en->msg = s[i].msg;
		vms += has_class(en, "m3VM");
		nodes += has_class(en, "m3Node");
	}
	if (vms <= M3_MAX_VMS && nodes <= M3_MAX_NODES)
		return 0;
	m3d_origin_ldap(&o, base);
	if (vms > M3_MAX_VMS)
		m3d_err(en->e, &o, F_ENTRY, "%d m3VM entries here or below, "
			"more than a DRVS can have (%d)", vms, M3_MAX_VMS);
	if (nodes > M3_MAX_NODES)
		m3d_err(en->e, &o, F_ENTRY, "%d m3Node entries here or below, "
			"more than a DRVS can have (%d)", nodes, M3_MAX_NODES);
	return 1;
}

static void read_all(struct entry *en, LDAPMessage *res, struct m3d_model *m,
		     const char *base)
{
	int i, n, drvs = 0;
	struct sorted *s = sort_entries(en->ld, res, &n);

	if (!s) {
		m3d_err(en->e, NULL, F_ENTRY, "out of memory");
		return;
	}
	if (too_many(en, s, n, base)) {
		free_sorted(s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		en->msg = s[i].msg;
		read_entry(en, m, &drvs, &m->origin);
	}
	free_sorted(s, n);
	if (!drvs) {
		m3d_origin_ldap(&m->origin, base);
		m3d_err(en->e, &m->origin, F_ENTRY,
			"no m3Drvs entry here or below");
	}
}

int m3d_ldap_load(const struct m3d_ldap_conf *c, struct m3d_model *m,
		  struct m3d_errors *e, char *err, size_t len)
{
	char base[M3D_WHERE_LEN];
	LDAPMessage *res = NULL;
	struct entry en = { .e = e };
	int fail, before = e->count;
	LDAP *ld = m3d_ldap_open(c, &fail, err, len);

	if (!ld)
		return fail;
	m3d_ldap_base(ld, c, base, sizeof(base));
	fail = search(ld, c, base, &res, err, len);
	if (!fail) {
		en.ld = ld;
		read_all(&en, res, m, base);
	}
	ldap_msgfree(res);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return fail ? fail : e->count - before;
}
