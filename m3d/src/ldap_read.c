// SPDX-License-Identifier: GPL-2.0-or-later
/* LDAP entries -> model; errors as "DN: attribute: text". */
#include <stdio.h>
#include <string.h>
#include <strings.h>
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
		snprintf(buf, sizeof(buf), "%.*s", (int)v[i]->bv_len,
			 v[i]->bv_val);
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
	size_t i;

	if (each(en, F_VMID, to_uint, &id))
		vm->vmid = (int)id;
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

static void read_entry(struct entry *en, struct m3d_model *m, int *drvs,
		       struct m3d_origin *drvs_origin)
{
	struct m3d_origin o;
	char *dn = ldap_get_dn(en->ld, en->msg);
	struct m3d_vm *vm;
	struct m3d_node *n;

	m3d_origin_ldap(&o, dn ? dn : "");
	ldap_memfree(dn);
	en->o = &o;
	if (has_class(en, "m3VM") && (vm = m3d_model_add_vm(m))) {
		vm->origin = o;
		en->o = &vm->origin;
		read_vm(en, vm);
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
	int r = ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, M3D_LDAP_FILTER,
				  NULL, 0, NULL, NULL, &tv, 0, res);

	if (r != LDAP_SUCCESS) {
		snprintf(err, len, "search under \"%s\": %s", base,
			 ldap_err2string(r));
		return -1;
	}
	return 0;
}

int m3d_ldap_load(const struct m3d_ldap_conf *c, struct m3d_model *m,
		  struct m3d_errors *e, char *err, size_t len)
{
	char base[M3D_WHERE_LEN];
	LDAPMessage *res = NULL;
	struct entry en = { .e = e };
	int drvs = 0, before = e->count;
	LDAP *ld = m3d_ldap_open(c, err, len);

	if (!ld)
		return -1;
	m3d_ldap_base(ld, c, base, sizeof(base));
	if (search(ld, c, base, &res, err, len)) {
		ldap_msgfree(res);
		ldap_unbind_ext_s(ld, NULL, NULL);
		return -1;
	}
	en.ld = ld;
	for (en.msg = ldap_first_entry(ld, res); en.msg;
	     en.msg = ldap_next_entry(ld, en.msg))
		read_entry(&en, m, &drvs, &m->origin);
	if (!drvs) {
		m3d_origin_ldap(&m->origin, base);
		m3d_err(e, &m->origin, F_ENTRY, "no m3Drvs entry here or below");
	}
	ldap_msgfree(res);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return e->count - before;
}
