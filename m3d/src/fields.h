/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one table of configuration fields, and the one table of VM flags.
 *
 * Each field (enum m3d_field, model.h) has one row: its name in m3d.conf(5)
 * and in messages, its LDAP attribute (schema/m3.schema), where it is
 * written (its group, and so the object that holds it), its kind, its
 * limit, its default and where it lives in that object. The file parser
 * (conf_file.c), the LDAP reader (ldap_read.c), validation (validate.c),
 * the state file (state_file.c), the reconciler (plan.c) and the kernel's
 * state (kstate.c) walk the table, so a field is named and bounded once.
 * The module's own defaults and the VM name rule are the uapi header's
 * (M3_DEF_*, m3_drvs_def_nodes(), m3_vm_name_len()); the table uses them.
 *
 * The flags of a VM (M3_VM_*) have one name each, the same in m3d.conf,
 * LDAP, the state file and m3adm.
 */
#ifndef M3D_FIELDS_H
#define M3D_FIELDS_H

#include <stddef.h>
#include "model.h"

/* ---- VM flags ------------------------------------------------------------ */

struct m3d_flag {
	unsigned int bit;	/* M3_VM_* */
	const char *name;	/* "strict_copy" */
};

/* Every flag of M3_VM_FLAGS_ALL, in bit order; ends with { 0, NULL }. */
extern const struct m3d_flag m3d_vm_flags[];

#define M3D_FLAGS_LEN	128	/* m3d_flags_str() of any flags fits */

/*
 * The names of the flags set in flags into buf, each between quote and
 * quote, separated by sep: ("\"", ", ") gives "\"strict_copy\"". A bit
 * without a name is written 0x<hex>; no flags is "". Returns buf.
 */
char *m3d_flags_str(char *buf, size_t len, unsigned int flags,
		    const char *quote, const char *sep);

/* ---- Configuration fields ---------------------------------------------- */

/* Where a field is written in m3d.conf, and so the object that holds it. */
enum m3d_group {
	G_NONE,		/* F_ENTRY: an object as a whole */
	G_TOP,		/* top level: m3d_settings (nodeid: m3d_model) */
	G_DRVS,		/* drvs: m3d_model (its drvs and cluster); LDAP m3Drvs */
	G_NODE,		/* drvs.nodes: m3d_node; LDAP m3Node */
	G_VM,		/* vms: m3d_vm; LDAP m3VM */
	G_LDAP,		/* ldap: m3d_ldap_conf */
};

enum m3d_kind {
	K_NONE,
	K_UINT,		/* unsigned int, 0..max */
	K_ID,		/* int, 0..max; -1 not given, -2 malformed */
	K_TEXT,		/* char[size]: text (text.h) */
	K_VM_NAME,	/* char[M3_NAME_LEN]: m3_vm_name_len()'s rule */
	K_NODES,	/* uint64_t[M3_NODE_WORDS]: node ids 0..max */
	K_USER,		/* uid_t: a user name, or 0..max */
	K_GROUP,	/* gid_t: a group name, or 0..max */
	K_MODE,		/* unsigned int: octal permission bits, 0..max */
	K_FLAGS,	/* unsigned int: M3_VM_* by name */
	K_BOOL,		/* int: true or false */
	K_SOURCE,	/* enum m3d_source: "file" or "ldap" */
	K_KEY,		/* char[]: the cluster key, M3D_KEY_HEX_LEN hex digits
			 * or ""; a secret (not printed; in a file only if
			 * its group and others may not read it) */
	K_NAMES,	/* char[max][size / max]: interface names, "" unused */
};

struct m3d_field_info {
	const char *name;	/* m3d.conf(5), messages: "drvs.max_vms" */
	const char *attr;	/* LDAP attribute; NULL: none */
	enum m3d_group group;
	enum m3d_kind kind;
	unsigned long max;	/* numbers: the largest value; K_NAMES: how many */
	/* Taken when the field is 0 or not given (0: none, or one that
	 * validate.c derives: drvs.nr_nodes, a VM's name and max_procs). */
	unsigned long def;
	size_t off, size;	/* where it lives in its object */
	size_t param_off;	/* G_VM: where in struct m3_vm_params */
	unsigned long min;	/* numbers: the smallest value given */
};

/* The row of f; NULL if f is not a field. */
const struct m3d_field_info *m3d_field(enum m3d_field f);
/* The key of f in its group: "max_vms" for "drvs.max_vms". */
const char *m3d_field_key(enum m3d_field f);
/* The field of group g whose key is key, or -1. */
int m3d_field_find(enum m3d_group g, const char *key);
/* The next field of group g after f (-1: the first), in table order;
 * -1 after the last. */
int m3d_field_next(enum m3d_group g, int f);
/* Where f lives in obj, an object of f's group. */
void *m3d_field_ptr(enum m3d_field f, void *obj);
const void *m3d_field_cptr(enum m3d_field f, const void *obj);

/* The K_ID fields of obj, an object of group g, are not given: -1. */
void m3d_field_unset(enum m3d_group g, void *obj);
/* f was given but is malformed (reported): a K_ID field becomes -2. */
void m3d_field_malformed(enum m3d_field f, void *obj);
/* What obj, an object of group g, leaves 0 takes the table's default. */
void m3d_field_defaults(enum m3d_group g, void *obj);

/*
 * A value of f written as text (as LDAP gives it, or m3adm's command line)
 * into obj, an object of f's group: 0, or -1 and why (not a number from 0
 * to max, longer than the field, no such user...). values.c.
 */
int m3d_field_parse(enum m3d_field f, void *obj, const char *s, char *why,
		    size_t len);

/* f over the fields of group g, in table order. */
#define m3d_each_field(f, g) \
	for ((f) = m3d_field_next((g), -1); (f) >= 0; \
	     (f) = m3d_field_next((g), (f)))

#endif /* M3D_FIELDS_H */
