// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks of the whole model, whatever its source, and the defaults the
 * module would apply (so that a desired VM compares equal to the same VM
 * read back from the kernel): the table's (fields.c), and those derived
 * from other fields (the uapi header's m3_drvs_def_nodes(), M3_DEF_VM_NAME,
 * a VM's max_procs from the DRVS's). Nothing touches the kernel before
 * this passed.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fields.h"
#include "secret.h"
#include "text.h"

/* The module's defaults for what the DRVS leaves 0, then the limits. */
static void drvs_defaults(struct m3d_model *m, struct m3d_errors *e)
{
	const struct m3d_field_info *fi;
	unsigned int *v;
	int f;

	if (!m->drvs.nr_nodes)
		m->drvs.nr_nodes = m3_drvs_def_nodes(m->nodeid);
	m3d_field_defaults(G_DRVS, m);
	m3d_each_field(f, G_DRVS) {
		fi = m3d_field(f);
		v = m3d_field_ptr(f, m);
		if (fi->kind == K_UINT && *v > fi->max)
			m3d_err(e, &m->origin, f, "%u is more than %lu", *v,
				fi->max);
		else if (fi->kind == K_UINT && *v < fi->min)
			m3d_err(e, &m->origin, f, "%u is less than %lu", *v,
				fi->min);
	}
}

/* Names and hosts are shown and saved: text, and a host name. */
static void node_strings(const struct m3d_node *n, struct m3d_errors *e)
{
	if (m3d_text_check(n->name))
		m3d_err(e, &n->origin, F_NODE_NAME, "must be text: UTF-8 "
			"without control characters");
	if (m3d_host_check(n->host))
		m3d_err(e, &n->origin, F_NODE_HOST, "must be a host name: "
			"letters, digits, '-', '.', '_'");
}

/* An id (K_ID) that is given, or "missing"; a malformed one (-2) was
 * reported by its reader. */
static int id_given(struct m3d_errors *e, const struct m3d_origin *o,
		    enum m3d_field f, int id)
{
	if (id == -1)
		m3d_err(e, o, f, "missing");
	return id >= 0;
}

static void check_nodes(struct m3d_model *m, struct m3d_errors *e)
{
	size_t i, j;

	for (i = 0; i < m->nr_nodes; i++) {
		struct m3d_node *n = &m->nodes[i];

		node_strings(n, e);
		if (!id_given(e, &n->origin, F_NODE_ID, n->id))
			continue;
		if ((unsigned int)n->id >= m->drvs.nr_nodes)
			m3d_err(e, &n->origin, F_NODE_ID,
				"node %d is not below nr_nodes (%u)", n->id,
				m->drvs.nr_nodes);
		for (j = 0; j < i; j++)
			if (m->nodes[j].id == n->id)
				m3d_err(e, &n->origin, F_NODE_ID,
					"node %d is described twice", n->id);
	}
}

/* Equal names, or one is the other's first label (alpha, alpha.example.org). */
static int host_matches(const char *host, const char *hostname)
{
	size_t a = strcspn(host, "."), b = strcspn(hostname, ".");

	if (!*host)
		return 0;
	if (!strcmp(host, hostname))
		return 1;
	if (!host[a] || !hostname[b])
		return a == b && !strncmp(host, hostname, a);
	return 0;
}

/* nodeid given, or the node whose host is ours, or 0 when the DRVS has
 * one node (nr_nodes 1, or not given); check_nodeid() says what failed. */
static void find_nodeid(struct m3d_model *m, const char *hostname)
{
	size_t i;

	if (m->nodeid < 0 && hostname)
		for (i = 0; i < m->nr_nodes; i++)
			if (host_matches(m->nodes[i].host, hostname))
				m->nodeid = m->nodes[i].id;
	if (m->nodeid < 0 && m->drvs.nr_nodes <= 1)
		m->nodeid = 0;
}

static void check_nodeid(struct m3d_model *m, const char *hostname,
			 struct m3d_errors *e)
{
	char q[M3D_HOST_LEN];

	if (m->nodeid < 0)
		m3d_err(e, &m->origin, F_NODEID,
			"not set, and no node has host \"%s\"",
			m3d_escape(q, sizeof(q), hostname ? hostname : "",
				   ESC_UTF8));
	else if ((unsigned int)m->nodeid >= m->drvs.nr_nodes)
		m3d_err(e, &m->origin, F_NODEID,
			"%d is not below nr_nodes (%u)", m->nodeid,
			m->drvs.nr_nodes);
}

static void vm_nodes(struct m3d_model *m, struct m3d_vm *vm,
		     struct m3d_errors *e)
{
	unsigned int n, empty = 1;

	for (n = 0; n < M3_MAX_NODES; n++) {
		if (!M3_NODE_ISSET(vm->nodes, n))
			continue;
		empty = 0;
		if (n >= m->drvs.nr_nodes)
			m3d_err(e, &vm->origin, F_NODES,
				"node %u is not below nr_nodes (%u)", n,
				m->drvs.nr_nodes);
	}
	if (empty && m->nodeid >= 0)
		M3_NODE_SET(vm->nodes, m->nodeid);
}

static void check_vm(struct m3d_model *m, struct m3d_vm *vm,
		     struct m3d_errors *e)
{
	if (!id_given(e, &vm->origin, F_VMID, vm->vmid))
		return;
	if ((unsigned int)vm->vmid >= m->drvs.max_vms)
		m3d_err(e, &vm->origin, F_VMID,
			"%d is not below max_vms (%u)", vm->vmid,
			m->drvs.max_vms);
	if (!vm->name[0])
		snprintf(vm->name, sizeof(vm->name), M3_DEF_VM_NAME, vm->vmid);
	if (!vm->max_procs)
		vm->max_procs = m->drvs.max_procs;
	else if (vm->max_procs > m->drvs.max_procs)
		m3d_err(e, &vm->origin, F_MAX_PROCS,
			"%u is more than the DRVS's max_procs (%u)",
			vm->max_procs, m->drvs.max_procs);
	m3d_field_defaults(G_VM, vm);
	vm_nodes(m, vm, e);
}

static void check_vms(struct m3d_model *m, struct m3d_errors *e)
{
	size_t i, j;

	for (i = 0; i < m->nr_vms; i++) {
		struct m3d_vm *vm = &m->vms[i];

		check_vm(m, vm, e);
		for (j = 0; j < i && vm->vmid >= 0; j++) {
			if (m->vms[j].vmid == vm->vmid)
				m3d_err(e, &vm->origin, F_VMID,
					"VM %d is defined twice", vm->vmid);
			else if (!strcmp(m->vms[j].name, vm->name))
				m3d_err(e, &vm->origin, F_NAME,
					"\"%s\" is the name of VM %d too",
					vm->name, m->vms[j].vmid);
		}
	}
}

/* The key given one way, and readable if its file is there (a missing
 * file is said when the key is used, as for the LDAP password). */
static void cluster_key(struct m3d_model *m, struct m3d_errors *e)
{
	const struct m3d_cluster *c = &m->cluster;
	uint8_t key[M3_CLUSTER_KEY_LEN];
	char why[600];

	if (c->key_hex[0] && c->key_file[0])
		m3d_err(e, &m->origin, F_CLUSTER_KEY, "give the key or its "
			"file (%s), not both", m3d_field_name(m->origin.kind,
			F_CLUSTER_KEY_FILE));
	else if ((c->key_hex[0] || !access(c->key_file, F_OK)) &&
		 m3d_secret_key(c, key, why, sizeof(why)))
		m3d_err(e, &m->origin, F_CLUSTER_KEY_FILE, "%s", why);
	explicit_bzero(key, sizeof(key));
}

/* This node joins when m3d_cluster_reason() says so: then it needs the
 * key and a bearer (a value refused by its reader is not also missing).
 * A key given is checked whether or not it is used. */
static void check_cluster(struct m3d_model *m, struct m3d_errors *e)
{
	const struct m3d_vm *vm = m3d_cluster_reason(m);
	const struct m3d_cluster *c = &m->cluster;
	const unsigned char *refused = m->origin.refused;
	char need[160];

	if (c->key_hex[0] || c->key_file[0])
		cluster_key(m, e);
	m->cluster.wanted = vm != NULL;
	if (!vm)
		return;
	snprintf(need, sizeof(need), "VM %d spans node %d and others: this "
		 "node joins them over TIPC", vm->vmid, m->nodeid);
	if (!c->key_hex[0] && !c->key_file[0] && !refused[F_CLUSTER_KEY] &&
	    !refused[F_CLUSTER_KEY_FILE])
		m3d_err(e, &m->origin, m->origin.kind == O_LDAP ?
			F_CLUSTER_KEY : F_CLUSTER_KEY_FILE,
			"missing: %s, with the cluster key", need);
	if (!c->bearers[0][0] && !refused[F_BEARERS])
		m3d_err(e, &m->origin, F_BEARERS, "missing: %s, over at "
			"least one network interface", need);
}

int m3d_validate(struct m3d_model *m, const char *hostname,
		 struct m3d_errors *e)
{
	find_nodeid(m, hostname);
	drvs_defaults(m, e);
	check_nodes(m, e);
	check_nodeid(m, hostname, e);
	check_vms(m, e);
	check_cluster(m, e);
	return e->count;
}
