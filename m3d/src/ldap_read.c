// SPDX-License-Identifier: GPL-2.0-or-later
/* LDAP entries -> model; errors as "DN: attribute: text". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "job.h"
#include "ldap_conn.h"
#include "ldap_read.h"

struct entry {
	LDAP *ld;
	LDAPMessage *msg;
	struct m3d_origin *o;
	struct m3d_errors *e;
};

/* Calls fn for every value of the attribute of field f; count of values. */
static int each(struct entry *en, enum m3d_field f,
		void (*fn)(struct entry *, enum m3d_field, const char *, void *),
		void *arg)
{
	const char *attr = m3d_field_name(O_LDAP, f);
	struct berval **v = ldap_get_values_len(en->ld, en->msg, attr);
	char buf[1024];
	int i, n = ldap_count_values_len(v);

	for (i = 0; i < n; i++) {
		/* Refused, never cut: a NUL inside or a value too long. */
		if (v[i]->bv_len >= sizeof(buf) ||
		    memchr(v[i]->bv_val, 0, v[i]->bv_len)) {
			m3d_err(en->e, en->o, f, "a value with a NUL byte or "
				"longer than %zu bytes", sizeof(buf) - 1);
			continue;
		}
		memcpy(buf, v[i]->bv_val, v[i]->bv_len);
		buf[v[i]->bv_len] = 0;
		fn(en, f, buf, arg);
	}
	ldap_value_free_len(v);
	return n;
}

static void to_uint(struct entry *en, enum m3d_field f, const char *s,
		    void *arg)
{
	unsigned long v, max = f == F_MAX_COPY ? 0xffffffffUL :
			       f == F_VMID ? M3_MAX_VMS - 1 :
			       f == F_NODE_ID ? M3_MAX_NODES - 1 : M3_MAX_PROCS;

	if (f == F_NR_NODES)
		max = M3_MAX_NODES;
	else if (f == F_MAX_VMS)
		max = M3_MAX_VMS;
	if (m3d_parse_uint(s, max, &v))
		m3d_err(en->e, en->o, f, "\"%s\" is not a number from 0 to "
			"%lu", s, max);
	else
		*(unsigned int *)arg = (unsigned int)v;
}

static void to_str(struct entry *en, enum m3d_field f, const char *s,
		   void *arg)
{
	size_t size = f == F_NAME ? M3_NAME_LEN :
		      f == F_NODE_NAME ? 64 : M3D_HOST_LEN;

	if (strlen(s) >= size)
		m3d_err(en->e, en->o, f, "longer than %zu characters",
			size - 1);
	else if (f == F_NAME && m3d_check_vm_name(s))
		m3d_err(en->e, en->o, f, "must be printable, without spaces");
	else
		strcpy(arg, s);
}

static void to_other(struct entry *en, enum m3d_field f, const char *s,
		     void *arg)
{
	struct m3d_vm *vm = arg;
	unsigned long node;

	if (f == F_NODES && !m3d_parse_uint(s, M3_MAX_NODES - 1, &node))
		M3_NODE_SET(vm->nodes, node);
	else if (f == F_NODES)
		m3d_err(en->e, en->o, f, "\"%s\" is not a node id (0..%d)", s,
			M3_MAX_NODES - 1);
	else if (f == F_OWNER && m3d_parse_user(s, &vm->uid))
		m3d_err(en->e, en->o, f, "no such user \"%s\"", s);
	else if (f == F_GROUP && m3d_parse_group(s, &vm->gid))
		m3d_err(en->e, en->o, f, "no such group \"%s\"", s);
	else if (f == F_MODE && m3d_parse_mode(s, &vm->mode))
		m3d_err(en->e, en->o, f, "\"%s\" is not octal permission "
			"bits, like 0660", s);
	else if (f == F_FLAGS && m3d_parse_flag(s, &vm->flags))
		m3d_err(en->e, en->o, f, "unknown flag \"%s\" (known: "
			"strict_copy)", s);
}

static void read_vm(struct entry *en, struct m3d_vm *vm)
{
	unsigned int id = 0;
	static const enum m3d_field other[] = {
		F_NODES, F_OWNER, F_GROUP, F_MODE, F_FLAGS
	};
	int errors = en->e->count;
	size_t i;

	if (each(en, F_VMID, to_uint, &id))
		vm->vmid = en->e->count > errors ? -2 : (int)id;
	each(en, F_NAME, to_str, vm->name);
	each(en, F_MAX_PROCS, to_uint, &vm->max_procs);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		each(en, other[i], to_other, vm);
}

static void read_node(struct entry *en, struct m3d_node *n)
{
	unsigned int id = 0;

	if (each(en, F_NODE_ID, to_uint, &id))
		n->id = (int)id;
	each(en, F_NODE_NAME, to_str, n->name);
	each(en, F_NODE_HOST, to_str, n->host);
}

static void read_drvs(struct entry *en, struct m3d_model *m)
{
	each(en, F_NR_NODES, to_uint, &m->drvs.nr_nodes);
	each(en, F_MAX_VMS, to_uint, &m->drvs.max_vms);
	each(en, F_DRVS_MAX_PROCS, to_uint, &m->drvs.max_procs);
	each(en, F_MAX_COPY, to_uint, &m->drvs.max_copy);
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
	read_vm(en, vm);
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
		read_node(en, n);
	} else if (has_class(en, "m3Drvs") && (*drvs)++) {
		m3d_err(en->e, &o, F_ENTRY, "a second m3Drvs entry (the first "
			"is %s)", drvs_origin->where);
	} else if (has_class(en, "m3Drvs")) {
		*drvs_origin = o;
		read_drvs(en, m);
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
