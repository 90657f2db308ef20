// SPDX-License-Identifier: GPL-2.0-or-later
/* The tables of configuration fields and VM flags (fields.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/tipc_config.h>
#include "fields.h"

const struct m3d_flag m3d_vm_flags[] = {
	{ M3_VM_STRICT_COPY, "strict_copy" },	/* vcopy needs consent */
	{ 0, NULL }
};

/* Where a field lives: in its object, and for a VM in m3_vm_params. */
#define AT(type, member) .off = offsetof(type, member), \
	.size = sizeof(((type *)0)->member)
#define VM(member) AT(struct m3d_vm, member), \
	.param_off = offsetof(struct m3_vm_params, member)
#define DRVS(member) AT(struct m3d_model, member)

static const struct m3d_field_info fields[F_NR_FIELDS] = {
	[F_SOURCE] = { "source", NULL, G_TOP, K_SOURCE, 0, SRC_FILE,
		       AT(struct m3d_settings, source) },
	[F_NODEID] = { "nodeid", "m3NodeId", G_TOP, K_ID, M3_MAX_NODES - 1, 0,
		       AT(struct m3d_model, nodeid) },
	[F_STATE_DIR] = { "state_dir", NULL, G_TOP, K_TEXT, 0, 0,
			  AT(struct m3d_settings, state_dir) },

	/* nr_nodes: m3_drvs_def_nodes(nodeid); max_copy: the module's */
	[F_NR_NODES] = { "drvs.nr_nodes", "m3NrNodes", G_DRVS, K_UINT,
			 M3_MAX_NODES, 0, DRVS(drvs.nr_nodes) },
	[F_MAX_VMS] = { "drvs.max_vms", "m3MaxVms", G_DRVS, K_UINT,
			M3_MAX_VMS, M3_DEF_VMS, DRVS(drvs.max_vms) },
	[F_DRVS_MAX_PROCS] = { "drvs.max_procs", "m3MaxProcs", G_DRVS, K_UINT,
			       M3_MAX_PROCS, M3_DEF_PROCS,
			       DRVS(drvs.max_procs) },
	[F_MAX_COPY] = { "drvs.max_copy", "m3MaxCopy", G_DRVS, K_UINT,
			 0xffffffffUL, 0, DRVS(drvs.max_copy) },
	/* joining the other nodes: one key, TIPC's bearers and tolerance */
	[F_CLUSTER_KEY_FILE] = { "drvs.cluster_key_file", "m3ClusterKeyFile",
				 G_DRVS, K_TEXT, 0, 0,
				 DRVS(cluster.key_file) },
	[F_CLUSTER_KEY] = { "drvs.cluster_key", "m3ClusterKey", G_DRVS, K_KEY,
			    0, 0, DRVS(cluster.key_hex) },
	[F_BEARERS] = { "drvs.bearers", "m3Bearer", G_DRVS, K_NAMES,
			M3D_MAX_BEARERS, 0, DRVS(cluster.bearers) },
	[F_LINK_TOLERANCE] = { "drvs.link_tolerance_ms", "m3LinkTolerance",
			       G_DRVS, K_UINT, TIPC_MAX_LINK_TOL,
			       TIPC_DEF_LINK_TOL, DRVS(cluster.tolerance_ms),
			       .min = TIPC_MIN_LINK_TOL },

	[F_NODE_ID] = { "id", "m3NodeId", G_NODE, K_ID, M3_MAX_NODES - 1, 0,
			AT(struct m3d_node, id) },
	[F_NODE_NAME] = { "name", "cn", G_NODE, K_TEXT, 0, 0,
			  AT(struct m3d_node, name) },
	[F_NODE_HOST] = { "host", "m3NodeHost", G_NODE, K_TEXT, 0, 0,
			  AT(struct m3d_node, host) },

	/* name: M3_DEF_VM_NAME; max_procs: the DRVS's */
	[F_VMID] = { "vmid", "m3VmId", G_VM, K_ID, M3_MAX_VMS - 1, 0,
		     VM(vmid) },
	[F_NAME] = { "name", "m3VmName", G_VM, K_VM_NAME, 0, 0, VM(name) },
	[F_NODES] = { "nodes", "m3VmNodes", G_VM, K_NODES, M3_MAX_NODES - 1,
		      0, VM(nodes) },
	[F_MAX_PROCS] = { "max_procs", "m3MaxProcs", G_VM, K_UINT,
			  M3_MAX_PROCS, 0, VM(max_procs) },
	[F_OWNER] = { "owner", "m3VmOwner", G_VM, K_USER, M3D_ID_MAX, 0,
		      VM(uid) },
	[F_GROUP] = { "group", "m3VmGroup", G_VM, K_GROUP, M3D_ID_MAX, 0,
		      VM(gid) },
	[F_MODE] = { "mode", "m3VmMode", G_VM, K_MODE, 0777, M3_DEF_VM_MODE,
		     VM(mode) },
	[F_FLAGS] = { "flags", "m3VmFlags", G_VM, K_FLAGS, M3_VM_FLAGS_ALL, 0,
		      VM(flags) },

	[F_LDAP_URI] = { "ldap.uri", NULL, G_LDAP, K_TEXT, 0, 0,
			 AT(struct m3d_ldap_conf, uri) },
	[F_LDAP_BASE] = { "ldap.base", NULL, G_LDAP, K_TEXT, 0, 0,
			  AT(struct m3d_ldap_conf, base) },
	[F_LDAP_BIND_DN] = { "ldap.bind_dn", NULL, G_LDAP, K_TEXT, 0, 0,
			     AT(struct m3d_ldap_conf, bind_dn) },
	[F_LDAP_PASSWORD_FILE] = { "ldap.password_file", NULL, G_LDAP, K_TEXT,
				   0, 0,
				   AT(struct m3d_ldap_conf, password_file) },
	[F_LDAP_SASL_MECH] = { "ldap.sasl_mech", NULL, G_LDAP, K_TEXT, 0, 0,
			       AT(struct m3d_ldap_conf, sasl_mech) },
	[F_LDAP_STARTTLS] = { "ldap.starttls", NULL, G_LDAP, K_BOOL, 0, 0,
			      AT(struct m3d_ldap_conf, starttls) },
	[F_LDAP_TIMEOUT] = { "ldap.timeout", NULL, G_LDAP, K_UINT, 3600, 10,
			     AT(struct m3d_ldap_conf, timeout) },
};

/* A VM's fields are copied to and from m3_vm_params as they are. */
_Static_assert(sizeof(uid_t) == sizeof(m3_u32) &&
	       sizeof(gid_t) == sizeof(m3_u32), "uid_t, gid_t: 32 bits");
_Static_assert(sizeof(int) == sizeof(m3_u32), "K_UINT, K_ID: 32 bits");

const struct m3d_field_info *m3d_field(enum m3d_field f)
{
	if ((int)f <= F_ENTRY || f >= F_NR_FIELDS)
		return NULL;
	return &fields[f];
}

const char *m3d_field_key(enum m3d_field f)
{
	const char *name = fields[f].name, *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

int m3d_field_next(enum m3d_group g, int f)
{
	while (++f < F_NR_FIELDS)
		if (fields[f].group == g)
			return f;
	return -1;
}

int m3d_field_find(enum m3d_group g, const char *key)
{
	int f;

	m3d_each_field(f, g)
		if (!strcmp(m3d_field_key(f), key))
			return f;
	return -1;
}

void *m3d_field_ptr(enum m3d_field f, void *obj)
{
	return (char *)obj + fields[f].off;
}

const void *m3d_field_cptr(enum m3d_field f, const void *obj)
{
	return (const char *)obj + fields[f].off;
}

void m3d_field_unset(enum m3d_group g, void *obj)
{
	int f;

	m3d_each_field(f, g)
		if (fields[f].kind == K_ID)
			*(int *)m3d_field_ptr(f, obj) = -1;
}

void m3d_field_malformed(enum m3d_field f, void *obj)
{
	if (fields[f].kind == K_ID)
		*(int *)m3d_field_ptr(f, obj) = -2;
}

void m3d_field_defaults(enum m3d_group g, void *obj)
{
	unsigned int *v;
	int f;

	m3d_each_field(f, g) {
		v = m3d_field_ptr(f, obj);
		if (fields[f].def && fields[f].size == sizeof(*v) && !*v)
			*v = (unsigned int)fields[f].def;
	}
}

const char *m3d_field_name(enum m3d_origin_kind k, enum m3d_field f)
{
	const struct m3d_field_info *fi = m3d_field(f);

	if (!fi)
		return NULL;
	return k == O_LDAP ? fi->attr : fi->name;
}

static size_t add(char *buf, size_t len, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends to buf (len bytes, n of them used) what fmt says; the new n. */
static size_t add(char *buf, size_t len, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (n >= len)
		return n;
	va_start(ap, fmt);
	r = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return r < 0 ? n : n + (size_t)r;
}

char *m3d_flags_str(char *buf, size_t len, unsigned int flags,
		    const char *quote, const char *sep)
{
	const struct m3d_flag *fl;
	const char *s = "";
	size_t n = 0;

	if (!len)
		return buf;
	buf[0] = 0;
	for (fl = m3d_vm_flags; fl->name; fl++) {
		if (!(flags & fl->bit))
			continue;
		n = add(buf, len, n, "%s%s%s%s", s, quote, fl->name, quote);
		flags &= ~fl->bit;
		s = sep;
	}
	if (flags)
		add(buf, len, n, "%s%s0x%x%s", s, quote, flags, quote);
	return buf;
}
