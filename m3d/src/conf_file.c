// SPDX-License-Identifier: GPL-2.0-or-later
/* m3d.conf(5): read with libconfig 1.5 into settings and model. */
#include <stdio.h>
#include <string.h>
#include "conf_file.h"
#include "conf_value.h"
#include "secret.h"

static const struct cv_key top_keys[] = {
	{ "source", F_SOURCE }, { "nodeid", F_NODEID },
	{ "state_dir", F_STATE_DIR }, { NULL, 0 }
};
static const struct cv_key drvs_keys[] = {
	{ "nr_nodes", F_NR_NODES }, { "max_vms", F_MAX_VMS },
	{ "max_procs", F_DRVS_MAX_PROCS }, { "max_copy", F_MAX_COPY },
	{ NULL, 0 }
};
static const struct cv_key node_keys[] = {
	{ "id", F_NODE_ID }, { "name", F_NODE_NAME }, { "host", F_NODE_HOST },
	{ NULL, 0 }
};
static const struct cv_key vm_keys[] = {
	{ "vmid", F_VMID }, { "name", F_NAME }, { "nodes", F_NODES },
	{ "max_procs", F_MAX_PROCS }, { "owner", F_OWNER },
	{ "group", F_GROUP }, { "mode", F_MODE }, { "flags", F_FLAGS },
	{ NULL, 0 }
};
static const struct cv_key ldap_keys[] = {
	{ "uri", F_LDAP_URI }, { "base", F_LDAP_BASE },
	{ "bind_dn", F_LDAP_BIND_DN },
	{ "password_file", F_LDAP_PASSWORD_FILE },
	{ "sasl_mech", F_LDAP_SASL_MECH }, { "starttls", F_LDAP_STARTTLS },
	{ "timeout", F_LDAP_TIMEOUT }, { NULL, 0 }
};

/* Runs fn on every member of a group, reporting anything else. */
static int need_group(struct cv *c, config_setting_t *s, const char *what)
{
	struct m3d_origin at = *c->o;

	if (config_setting_is_group(s))
		return 0;
	at.line[F_ENTRY] = cv_line(c, s);
	m3d_err(c->e, &at, F_ENTRY, "%s must be a group { ... }", what);
	return -1;
}

static void read_node(struct cv *c, struct m3d_model *m, config_setting_t *g)
{
	struct m3d_node *n = m3d_model_add_node(m);
	struct cv nc = { .e = c->e, .t = c->t };
	unsigned long v;
	int i, f;

	if (!n || need_group(c, g, "a node") < 0)
		return;
	m3d_origin_file(&n->origin, cv_file(c, g), cv_line(c, g));
	nc.o = &n->origin;
	for (i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, i);

		f = cv_field(&nc, node_keys, s);
		if (f == F_NODE_ID && !cv_uint(&nc, f, s, M3_MAX_NODES - 1, &v))
			n->id = (int)v;
		else if (f == F_NODE_NAME)
			cv_string(&nc, f, s, n->name, sizeof(n->name));
		else if (f == F_NODE_HOST)
			cv_string(&nc, f, s, n->host, sizeof(n->host));
	}
}

static void read_drvs(struct cv *c, struct m3d_model *m, config_setting_t *g)
{
	unsigned long v, max[] = {
		[F_NR_NODES] = M3_MAX_NODES, [F_MAX_VMS] = M3_MAX_VMS,
		[F_DRVS_MAX_PROCS] = M3_MAX_PROCS, [F_MAX_COPY] = 0xffffffffUL,
	};
	uint32_t *dst[] = {
		[F_NR_NODES] = &m->drvs.nr_nodes, [F_MAX_VMS] = &m->drvs.max_vms,
		[F_DRVS_MAX_PROCS] = &m->drvs.max_procs,
		[F_MAX_COPY] = &m->drvs.max_copy,
	};
	int i, f;

	for (i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, i);
		const char *name = config_setting_name(s);

		if (name && !strcmp(name, "nodes") && config_setting_is_list(s)) {
			int j;

			for (j = 0; j < config_setting_length(s); j++)
				read_node(c, m, config_setting_get_elem(s, j));
			continue;
		}
		f = cv_field(c, drvs_keys, s);
		if (f >= 0 && !cv_uint(c, f, s, max[f], &v))
			*dst[f] = (uint32_t)v;
	}
}

static void vm_field(struct cv *c, struct m3d_vm *vm, int f,
		     config_setting_t *s)
{
	unsigned long v;

	switch (f) {
	case F_VMID:
		vm->vmid = cv_uint(c, f, s, M3_MAX_VMS - 1, &v) ? -2 : (int)v;
		break;
	case F_NAME:
		if (!cv_string(c, f, s, vm->name, sizeof(vm->name)) &&
		    m3d_check_vm_name(vm->name) < 0)
			m3d_err(c->e, c->o, f, "must be printable, without "
				"spaces");
		break;
	case F_MAX_PROCS:
		if (!cv_uint(c, f, s, M3_MAX_PROCS, &v))
			vm->max_procs = (unsigned int)v;
		break;
	case F_NODES:
		cv_nodes(c, f, s, vm->nodes);
		break;
	case F_OWNER:
		cv_owner(c, f, s, &vm->uid, 0);
		break;
	case F_GROUP:
		cv_owner(c, f, s, &vm->gid, 1);
		break;
	case F_MODE:
		cv_mode(c, f, s, &vm->mode);
		break;
	case F_FLAGS:
		cv_flags(c, f, s, &vm->flags);
		break;
	}
}

static void read_vm(struct cv *c, struct m3d_model *m, config_setting_t *g)
{
	struct m3d_vm *vm;
	struct cv vc = { .e = c->e, .t = c->t };
	int i;

	if (need_group(c, g, "a VM") < 0)
		return;
	vm = m3d_model_add_vm(m);
	if (!vm) {
		m3d_err(c->e, c->o, F_ENTRY, "more than %d VMs", M3_MAX_VMS);
		return;
	}
	m3d_origin_file(&vm->origin, cv_file(c, g), cv_line(c, g));
	vc.o = &vm->origin;
	for (i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, i);

		vm_field(&vc, vm, cv_field(&vc, vm_keys, s), s);
	}
}

/* ldap.password_file, refused at once if others may read it. */
static void read_password_file(struct cv *c, struct m3d_ldap_conf *l,
			       config_setting_t *s)
{
	char why[512];

	if (!cv_string(c, F_LDAP_PASSWORD_FILE, s, l->password_file,
		       sizeof(l->password_file)) &&
	    m3d_secret_check(l->password_file, why, sizeof(why)))
		m3d_err(c->e, c->o, F_LDAP_PASSWORD_FILE, "%s", why);
}

static void read_ldap(struct cv *c, struct m3d_ldap_conf *l,
		      config_setting_t *g)
{
	unsigned long v;
	int i, f;

	for (i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, i);

		f = cv_field(c, ldap_keys, s);
		if (f == F_LDAP_URI)
			cv_string(c, f, s, l->uri, sizeof(l->uri));
		else if (f == F_LDAP_BASE)
			cv_string(c, f, s, l->base, sizeof(l->base));
		else if (f == F_LDAP_BIND_DN)
			cv_string(c, f, s, l->bind_dn, sizeof(l->bind_dn));
		else if (f == F_LDAP_PASSWORD_FILE)
			read_password_file(c, l, s);
		else if (f == F_LDAP_SASL_MECH)
			cv_string(c, f, s, l->sasl_mech, sizeof(l->sasl_mech));
		else if (f == F_LDAP_STARTTLS)
			cv_bool(c, f, s, &l->starttls);
		else if (f == F_LDAP_TIMEOUT && !cv_uint(c, f, s, 3600, &v))
			l->timeout = v ? (int)v : 1;
	}
}

static void read_top(struct cv *c, struct m3d_settings *st,
		     struct m3d_model *m, config_setting_t *s)
{
	char src[16];
	unsigned long v;
	int f = cv_field(c, top_keys, s);

	if (f == F_SOURCE && !cv_string(c, f, s, src, sizeof(src))) {
		if (!strcmp(src, "file") || !strcmp(src, "ldap"))
			st->source = src[0] == 'l' ? SRC_LDAP : SRC_FILE;
		else
			m3d_err(c->e, c->o, f, "must be \"file\" or \"ldap\"");
	} else if (f == F_NODEID && !cv_uint(c, f, s, M3_MAX_NODES - 1, &v)) {
		m->nodeid = (int)v;
		m->origin.line[F_NODEID] = c->o->line[F_NODEID];
	} else if (f == F_STATE_DIR) {
		cv_string(c, f, s, st->state_dir, sizeof(st->state_dir));
	}
}

static void read_root(struct cv *c, struct m3d_settings *st,
		      struct m3d_model *m, config_setting_t *root)
{
	int i, j;

	for (i = 0; i < config_setting_length(root); i++) {
		config_setting_t *s = config_setting_get_elem(root, i);
		const char *name = config_setting_name(s);

		if (!strcmp(name, "drvs") && !need_group(c, s, "drvs")) {
			m->origin.line[F_ENTRY] = cv_line(c, s);
			read_drvs(&(struct cv){ &m->origin, c->e, c->t }, m, s);
		} else if (!strcmp(name, "ldap") && !need_group(c, s, "ldap")) {
			read_ldap(c, &st->ldap, s);
		} else if (!strcmp(name, "vms")) {
			for (j = 0; j < config_setting_length(s); j++)
				read_vm(c, m, config_setting_get_elem(s, j));
		} else if (strcmp(name, "drvs") && strcmp(name, "ldap")) {
			read_top(c, st, m, s);
		}
	}
}

static void syntax_error(config_t *cfg, const struct conf_text *t,
			 struct m3d_errors *e)
{
	int line = config_error_line(cfg);

	m3d_err(e, NULL, F_ENTRY, "%s:%d: %s", conf_text_file(t, line),
		conf_text_line(t, line), config_error_text(cfg));
}

int m3d_conf_read(const char *path, struct m3d_settings *st,
		  struct m3d_model *m, struct m3d_errors *e)
{
	struct conf_text t;
	config_t cfg;
	int before = e->count;
	struct cv c = { &st->origin, e, &t };

	conf_text_read(&t, path, e);
	if (!t.nr_files) {
		conf_text_free(&t);
		return e->count - before;
	}
	config_init(&cfg);
	if (!config_read_string(&cfg, t.text)) {
		syntax_error(&cfg, &t, e);
		config_destroy(&cfg);
		conf_text_free(&t);
		return e->count - before;
	}
	m3d_origin_file(&st->origin, path, 0);
	m3d_origin_file(&m->origin, path, 0);
	read_root(&c, st, m, config_root_setting(&cfg));
	if (st->source == SRC_LDAP && (m->nr_vms || m->drvs.nr_nodes))
		m3d_err(e, &st->origin, F_SOURCE, "is \"ldap\": the DRVS and "
			"the VMs come from the directory, not from this file");
	config_destroy(&cfg);
	conf_text_free(&t);
	return e->count - before;
}
