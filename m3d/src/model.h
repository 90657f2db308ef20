/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one configuration model of m3d: the DRVS of this node, the nodes it
 * spans and its VMs. Two sources produce it (the libconfig file, conf_file.c;
 * the LDAP directory, ldap_read.c), the kernel's state is read back into it
 * (kstate.c), and the reconciler (plan.c) compares two of them.
 *
 * Every object remembers where it came from (struct m3d_origin) so that an
 * error names the file and line, or the DN and attribute.
 */
#ifndef M3D_MODEL_H
#define M3D_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <m3/m3.h>

#define M3D_WHERE_LEN	512
#define M3D_HOST_LEN	256
#define M3D_PATH_LEN	4096
#define M3D_ID_MAX	0xfffffffeU	/* uids, gids: (uid_t)-1 is none */
#define M3D_NODE_NAME_LEN 64
#define M3D_MAX_BEARERS	3	/* TIPC's MAX_BEARERS (net/tipc/bearer.h) */
#define M3D_IFNAME_LEN	16	/* IFNAMSIZ: 15 bytes and a NUL */
#define M3D_KEY_HEX_LEN	(2 * M3_CLUSTER_KEY_LEN)	/* 72 hex digits */

/* The fields of the configuration: their names, limits, defaults and
 * places are fields.c's table; an error can be about one. */
enum m3d_field {
	F_ENTRY,		/* the object as a whole */
	F_SOURCE, F_NODEID, F_STATE_DIR,
	F_NR_NODES, F_MAX_VMS, F_DRVS_MAX_PROCS, F_MAX_COPY,
	F_CLUSTER_KEY_FILE, F_CLUSTER_KEY, F_BEARERS, F_LINK_TOLERANCE,
	F_NODE_ID, F_NODE_NAME, F_NODE_HOST,
	F_VMID, F_NAME, F_NODES, F_MAX_PROCS, F_OWNER, F_GROUP, F_MODE,
	F_FLAGS,
	F_LDAP_URI, F_LDAP_BASE, F_LDAP_BIND_DN, F_LDAP_PASSWORD_FILE,
	F_LDAP_SASL_MECH, F_LDAP_STARTTLS, F_LDAP_TIMEOUT,
	F_NR_FIELDS
};

enum m3d_origin_kind { O_NONE, O_FILE, O_LDAP };

struct m3d_origin {
	enum m3d_origin_kind kind;
	char where[M3D_WHERE_LEN];	/* file path, or DN */
	int line[F_NR_FIELDS];		/* file: line of each field (0: none) */
	unsigned char refused[F_NR_FIELDS];	/* a value was (reported) */
};

struct m3d_node {
	int id;
	char name[M3D_NODE_NAME_LEN];
	char host[M3D_HOST_LEN];
	struct m3d_origin origin;
};

struct m3d_vm {
	int vmid;
	char name[M3_NAME_LEN];
	unsigned int max_procs;		/* 0: the DRVS's */
	uid_t uid;
	gid_t gid;
	unsigned int mode;		/* 0: M3_DEF_VM_MODE */
	unsigned int flags;		/* M3_VM_* (fields.h: m3d_vm_flags) */
	uint64_t nodes[M3_NODE_WORDS];	/* all zero: this node only */
	unsigned int nr_procs;		/* kernel state only: members now */
	struct m3d_origin origin;
};

/*
 * What this node needs to join the other nodes of the DRVS over TIPC
 * (the drvs group, or the m3Drvs entry). The key is given one way: a
 * root-only file, or the hex itself (LDAP's m3ClusterKey, or a file only
 * root may read). m3d_validate() fills the rest: whether this node joins
 * (m3d_cluster_wanted()) and the key's bytes.
 */
struct m3d_cluster {
	char key_file[M3D_PATH_LEN];
	char key_hex[M3D_KEY_HEX_LEN + 1];
	char bearers[M3D_MAX_BEARERS][M3D_IFNAME_LEN];	/* "": none */
	unsigned int tolerance_ms;	/* TIPC link tolerance */
	int wanted;			/* validated: this node joins */
	uint8_t key[M3_CLUSTER_KEY_LEN];	/* validated, when wanted */
};

struct m3d_model {
	int nodeid;			/* -1: not given (found by host name) */
	struct m3_drvs_params drvs;
	struct m3d_cluster cluster;
	int initialized;		/* kernel state: the DRVS exists */
	struct m3d_origin origin;	/* of the DRVS (and nodeid) */
	size_t nr_nodes;		/* described nodes (optional) */
	struct m3d_node nodes[M3_MAX_NODES];
	size_t nr_vms;
	struct m3d_vm vms[M3_MAX_VMS];
};

/* Where the model comes from, and how m3d reaches it. */
enum m3d_source { SRC_FILE, SRC_LDAP };

struct m3d_ldap_conf {
	char uri[1024];			/* "": ldap.conf's URI */
	char base[M3D_WHERE_LEN];	/* "": ldap.conf's BASE */
	char bind_dn[M3D_WHERE_LEN];	/* "": anonymous (or SASL) */
	char password_file[M3D_PATH_LEN];
	char sasl_mech[32];		/* "EXTERNAL" or "" */
	int starttls;
	int timeout;			/* seconds, network and search */
};

struct m3d_settings {
	enum m3d_source source;
	char state_dir[M3D_PATH_LEN];	/* "": see m3d_state_dir() */
	struct m3d_ldap_conf ldap;
	struct m3d_origin origin;
};

/* Errors, collected so that a bad configuration is reported whole. */
struct m3d_errors {
	char buf[8192];
	size_t len;
	int count;
};

struct m3d_model *m3d_model_new(void);
void m3d_model_free(struct m3d_model *m);
struct m3d_vm *m3d_model_add_vm(struct m3d_model *m);
struct m3d_node *m3d_model_add_node(struct m3d_model *m);
const struct m3d_vm *m3d_model_find_vm(const struct m3d_model *m, int vmid);
int m3d_vm_spans_node(const struct m3d_vm *vm, int nodeid);
/* The one rule of when this node joins the others: the DRVS has more than
 * one node and a VM on this node spans another node too. That VM (the
 * first), or NULL: no need to join. For a validated model. */
const struct m3d_vm *m3d_cluster_reason(const struct m3d_model *m);
void m3d_settings_default(struct m3d_settings *s);

void m3d_origin_file(struct m3d_origin *o, const char *path, int line);
void m3d_origin_ldap(struct m3d_origin *o, const char *dn);
void m3d_err(struct m3d_errors *e, const struct m3d_origin *o,
	     enum m3d_field f, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* f as m3d.conf (O_FILE) or LDAP (O_LDAP) names it; NULL: none. */
const char *m3d_field_name(enum m3d_origin_kind k, enum m3d_field f);

/* Values shared by both sources (values.c): 0, or -1 if malformed. */
int m3d_parse_uint(const char *s, unsigned long max, unsigned long *out);
int m3d_parse_mode(const char *s, unsigned int *mode);
int m3d_parse_user(const char *s, uid_t *uid);
int m3d_parse_group(const char *s, gid_t *gid);
/* Either, by name or number; else -1 and a message for the field in why
 * (no such user "x"; 5000000000 is out of range (0..4294967294)). */
int m3d_parse_owner(const char *s, int group, unsigned int *id, char *why,
		    size_t len);
/* One flag by name (fields.h), ORed into *flags. */
int m3d_parse_flag(const char *s, unsigned int *flags);
/* A VM name given: m3_vm_name_len() (the module's rule) and not empty. */
int m3d_check_vm_name(const char *s);

/* A key of M3D_KEY_HEX_LEN hex digits into bytes: 0, or -1. */
int m3d_parse_key(const char *hex, uint8_t key[M3_CLUSTER_KEY_LEN]);
/* A network interface name as Linux takes it (dev_valid_name(), and
 * printable ASCII): 0, or -1. */
int m3d_check_ifname(const char *s);

/* Whole-model checks and defaults (validate.c); returns e->count. */
int m3d_validate(struct m3d_model *m, const char *hostname,
		 struct m3d_errors *e);

#endif /* M3D_MODEL_H */
