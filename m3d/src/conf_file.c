// SPDX-License-Identifier: GPL-2.0-or-later
/* m3d.conf(5): read with libconfig 1.5 into settings and model. */
#include <stdio.h>
#include <string.h>
#include "conf_file.h"
#include "conf_value.h"
#include "secret.h"

/* s is a group; else reported. */
static int need_group(struct cv *c, config_setting_t *s, const char *what)
{
	struct m3d_origin at = *c->o;

	if (config_setting_is_group(s))
		return 0;
	at.line[F_ENTRY] = cv_line(c, s);
	m3d_err(c->e, &at, F_ENTRY, "%s must be a group { ... }", what);
	return -1;
}

static void read_node(struct cv *c, struct m3d_model *m, config_setting_t *g);

/* ldap.timeout 0 is 1 s; ldap.password_file is refused at once if the
 * rule of secret files does not allow it (the cluster key's file is
 * read, so checked, by m3d_validate()). */
static void checks(struct cv *c, enum m3d_field f, void *obj)
{
	int *timeout = m3d_field_ptr(f, obj);
	char why[512];

	if (f == F_LDAP_TIMEOUT && !*timeout)
		*timeout = 1;
	else if (f == F_LDAP_PASSWORD_FILE &&
		 m3d_secret_check(m3d_field_ptr(f, obj), why, sizeof(why)))
		m3d_err(c->e, c->o, f, "%s", why);
}

/* Every member of the libconfig group g into obj, an object of group grp;
 * drvs' list "nodes" into m's nodes. */
static void read_fields(struct cv *c, enum m3d_group grp, config_setting_t *g,
			void *obj, struct m3d_model *m)
{
	const char *name;
	int i, j, f;

	for (i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, i);

		name = config_setting_name(s);
		if (grp == G_DRVS && name && !strcmp(name, "nodes") &&
		    config_setting_is_list(s)) {
			for (j = 0; j < config_setting_length(s); j++)
				read_node(c, m, config_setting_get_elem(s, j));
			continue;
		}
		f = cv_field(c, grp, s);
		if (f >= 0 && !cv_read(c, f, s, obj))
			checks(c, f, obj);
		else if (f >= 0)
			c->o->refused[f] = 1;
	}
}

static void read_node(struct cv *c, struct m3d_model *m, config_setting_t *g)
{
	struct m3d_node *n = m3d_model_add_node(m);
	struct cv nc = { .e = c->e, .t = c->t };

	if (!n || need_group(c, g, "a node") < 0)
		return;
	m3d_origin_file(&n->origin, cv_file(c, g), cv_line(c, g));
	nc.o = &n->origin;
	read_fields(&nc, G_NODE, g, n, NULL);
}

static void read_vm(struct cv *c, struct m3d_model *m, config_setting_t *g)
{
	struct cv vc = { .e = c->e, .t = c->t };
	struct m3d_vm *vm;

	if (need_group(c, g, "a VM") < 0)
		return;
	vm = m3d_model_add_vm(m);
	if (!vm) {
		m3d_err(c->e, c->o, F_ENTRY, "more than %d VMs", M3_MAX_VMS);
		return;
	}
	m3d_origin_file(&vm->origin, cv_file(c, g), cv_line(c, g));
	vc.o = &vm->origin;
	read_fields(&vc, G_VM, g, vm, NULL);
}

/* nodeid is the model's, the rest the settings'. */
static void read_top(struct cv *c, struct m3d_settings *st,
		     struct m3d_model *m, config_setting_t *s)
{
	int f = cv_field(c, G_TOP, s);

	if (f == F_NODEID && !cv_read(c, f, s, m))
		m->origin.line[F_NODEID] = c->o->line[F_NODEID];
	else if (f >= 0 && f != F_NODEID)
		cv_read(c, f, s, st);
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
			read_fields(&(struct cv){ &m->origin, c->e, c->t },
				    G_DRVS, s, m, m);
		} else if (!strcmp(name, "ldap") && !need_group(c, s, "ldap")) {
			read_fields(c, G_LDAP, s, &st->ldap, m);
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
	if (st->source == SRC_LDAP && (m->nr_vms || m->nr_nodes ||
				       m->origin.line[F_ENTRY]))
		m3d_err(e, &st->origin, F_SOURCE, "is \"ldap\": the DRVS and "
			"the VMs come from the directory, not from this file");
	config_destroy(&cfg);
	conf_text_free(&t);
	return e->count - before;
}
