// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration model: allocation and lookups. */
#include <stdlib.h>
#include <string.h>
#include "fields.h"

struct m3d_model *m3d_model_new(void)
{
	struct m3d_model *m = calloc(1, sizeof(*m));

	if (m)
		m->nodeid = -1;
	return m;
}

void m3d_model_free(struct m3d_model *m)
{
	if (m)
		explicit_bzero(&m->cluster, sizeof(m->cluster));
	free(m);
}

/* A new object of group g after the nr of array (max at most): cleared,
 * its ids not given (m3d_field_unset()); NULL if the array is full. */
static void *add(void *array, size_t *nr, size_t max, size_t size,
		 enum m3d_group g)
{
	char *el;

	if (*nr >= max)
		return NULL;
	el = (char *)array + (*nr)++ * size;
	memset(el, 0, size);
	m3d_field_unset(g, el);
	return el;
}

struct m3d_vm *m3d_model_add_vm(struct m3d_model *m)
{
	return add(m->vms, &m->nr_vms, M3_MAX_VMS, sizeof(m->vms[0]), G_VM);
}

struct m3d_node *m3d_model_add_node(struct m3d_model *m)
{
	return add(m->nodes, &m->nr_nodes, M3_MAX_NODES, sizeof(m->nodes[0]),
		   G_NODE);
}

const struct m3d_vm *m3d_model_find_vm(const struct m3d_model *m, int vmid)
{
	size_t i;

	for (i = 0; i < m->nr_vms; i++)
		if (m->vms[i].vmid == vmid)
			return &m->vms[i];
	return NULL;
}

int m3d_vm_spans_node(const struct m3d_vm *vm, int nodeid)
{
	int w;

	for (w = 0; w < M3_NODE_WORDS; w++)
		if (vm->nodes[w])
			return nodeid >= 0 && M3_NODE_ISSET(vm->nodes, nodeid);
	return 1;	/* empty set: this node only */
}

/* A VM's node set holds a node other than nodeid. */
static int spans_other(const struct m3d_vm *vm, int nodeid)
{
	int n;

	for (n = 0; n < M3_MAX_NODES; n++)
		if (n != nodeid && M3_NODE_ISSET(vm->nodes, n))
			return 1;
	return 0;
}

const struct m3d_vm *m3d_cluster_reason(const struct m3d_model *m)
{
	size_t i;

	for (i = 0; m->drvs.nr_nodes > 1 && i < m->nr_vms; i++)
		if (m3d_vm_spans_node(&m->vms[i], m->nodeid) &&
		    spans_other(&m->vms[i], m->nodeid))
			return &m->vms[i];
	return NULL;
}

void m3d_settings_default(struct m3d_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->source = SRC_FILE;
	m3d_field_defaults(G_LDAP, &s->ldap);
}
