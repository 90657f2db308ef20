// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3adm status, across nodes: every node of the DRVS as the module
 * reports it (M3_IOC_NODE_INFO) with TIPC's links to it (the link dump,
 * open to every user), and every VM's members per node. What cannot be
 * read is null, and said once on stderr when the DRVS has several nodes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "knode.h"
#include "tipc_nl.h"

/* TIPC's links, counted per M3 node at their other end. */
struct link_count {
	uint32_t up[M3_MAX_NODES], all[M3_MAX_NODES];
};

static int count_link(const struct m3d_tipc_link *l, void *arg)
{
	struct link_count *c = arg;
	int node = m3d_tipc_link_peer(l->name);

	if (node >= 0) {
		c->all[node]++;
		c->up[node] += l->up != 0;
	}
	return 0;
}

/* 0, or -errno and why (the links are then unknown). */
static int read_links(struct link_count *c, char *why, size_t len)
{
	struct m3d_tipc t;
	int r = m3d_tipc_open(&t);

	if (!r) {
		r = m3d_tipc_links(&t, count_link, c);
		m3d_tipc_close(&t);
	}
	if (r)
		snprintf(why, len, "%s", t.err);
	return r;
}

void adm_put_nodes(struct adm *a, const struct m3_drvs_info *di)
{
	static struct link_count c;
	int several = di->nr_nodes > 1, links = -1, r = 0;
	struct adm_node n;
	char why[300];
	unsigned int id;

	adm_part(&a->e);
	if (!di->initialized)
		return;
	memset(&c, 0, sizeof(c));
	if (several && (links = read_links(&c, why, sizeof(why))))
		fprintf(stderr, "m3adm: TIPC links: %s\n", why);
	for (id = 0; id < di->nr_nodes; id++) {
		memset(&n, 0, sizeof(n));
		if (r == -ENOTTY)	/* said for the first node */
			;
		else if ((r = m3d_knode_info(id, &n.ni)) && several)
			fprintf(stderr, "m3adm: node %u: %s\n", id,
				m3d_knode_error(r));
		n.ni.node = id;
		n.reported = !r;
		n.self = (int)id == di->nodeid;
		n.links_known = !links && !n.self;
		n.links_up = c.up[id];
		n.links = c.all[id];
		adm_put(&a->e, &n);
	}
}

/* A VM's members on node, read slot by slot (members elsewhere too). */
static uint32_t members_on(const struct m3d_vm *vm, unsigned int node)
{
	struct m3_proc_info p;
	unsigned int slot;
	uint32_t n = 0;

	for (slot = 0; slot < vm->max_procs; slot++)
		if (!mnx_proc_info(vm->vmid, (int)slot, &p) &&
		    p.nodeid == (int)node)
			n++;
	return n;
}

void adm_put_members(struct adm *a, const struct m3d_model *m)
{
	struct adm_members row;
	unsigned int node, nr;
	size_t i;

	adm_part(&a->e);
	for (i = 0; i < m->nr_vms; i++) {
		const struct m3d_vm *vm = &m->vms[i];

		for (node = 0, nr = 0; node < M3_MAX_NODES; node++)
			nr += M3_NODE_ISSET(vm->nodes, node);
		for (node = 0; node < M3_MAX_NODES; node++) {
			if (nr ? !M3_NODE_ISSET(vm->nodes, node) :
			    (int)node != m->nodeid)	/* none: this node */
				continue;
			row = (struct adm_members){ vm->vmid, node,
				nr <= 1 ? vm->nr_procs : members_on(vm, node) };
			adm_put(&a->e, &row);
		}
	}
}
