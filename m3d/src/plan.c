// SPDX-License-Identifier: GPL-2.0-or-later
/* The reconciler: desired model vs the kernel's, as a list of actions. */
#include <string.h>
#include "fields.h"
#include "plan.h"

static void add(struct m3d_plan *p, enum m3d_act kind, int vmid,
		const struct m3d_vm *vm)
{
	if (p->n < sizeof(p->acts) / sizeof(p->acts[0]))
		p->acts[p->n++] = (struct m3d_action){ kind, vmid, vm };
}

/* Every field of the table (fields.c); names up to their NUL. */
int m3d_vm_equal(const struct m3d_vm *a, const struct m3d_vm *b)
{
	const struct m3d_field_info *fi;
	const void *x, *y;
	int f;

	m3d_each_field(f, G_VM) {
		fi = m3d_field(f);
		x = m3d_field_cptr(f, a);
		y = m3d_field_cptr(f, b);
		if (fi->kind == K_VM_NAME ? strcmp(x, y) :
		    memcmp(x, y, fi->size))
			return 0;
	}
	return 1;
}

int m3d_drvs_equal(const struct m3d_model *want, const struct m3d_model *have)
{
	const struct m3_drvs_params *w = &want->drvs, *h = &have->drvs;

	return want->nodeid == have->nodeid && w->nr_nodes == h->nr_nodes &&
	       w->max_vms == h->max_vms && w->max_procs == h->max_procs &&
	       (!w->max_copy || w->max_copy == h->max_copy);
}

static const struct m3d_vm *wanted(const struct m3d_model *want, int vmid)
{
	const struct m3d_vm *vm = m3d_model_find_vm(want, vmid);

	return vm && m3d_vm_spans_node(vm, want->nodeid) ? vm : NULL;
}

static int members(const struct m3d_model *have)
{
	size_t i;

	for (i = 0; i < have->nr_vms; i++)
		if (have->vms[i].nr_procs)
			return 1;
	return 0;
}

/* Ends and replacements first (they free vmids), then inits; have NULL:
 * the DRVS is new and empty. */
static void plan_vms(const struct m3d_model *want,
		     const struct m3d_model *have,
		     const struct m3d_model *last, struct m3d_plan *p)
{
	size_t i;

	for (i = 0; have && i < have->nr_vms; i++) {
		const struct m3d_vm *h = &have->vms[i];
		const struct m3d_vm *w = wanted(want, h->vmid);

		if (w && m3d_vm_equal(w, h))
			add(p, ACT_VM_KEEP, h->vmid, w);
		else if (w)
			add(p, ACT_VM_REPLACE_END, h->vmid, w);
		else if (last && m3d_model_find_vm(last, h->vmid))
			add(p, ACT_VM_END, h->vmid, NULL);
		else
			add(p, ACT_VM_FOREIGN, h->vmid, NULL);
	}
	for (i = 0; i < want->nr_vms; i++) {
		const struct m3d_vm *w = &want->vms[i];
		const struct m3d_vm *h = have ? m3d_model_find_vm(have, w->vmid)
					      : NULL;

		if (!m3d_vm_spans_node(w, want->nodeid))
			continue;
		if (!h || !m3d_vm_equal(w, h))
			add(p, ACT_VM_INIT, w->vmid, w);
	}
}

void m3d_plan(const struct m3d_model *want, const struct m3d_model *have,
	      const struct m3d_model *last, struct m3d_plan *p)
{
	int fresh = !have->initialized;

	p->n = 0;
	if (have->initialized && !m3d_drvs_equal(want, have)) {
		if (members(have)) {
			add(p, ACT_DRVS_KEEP_DIFF, -1, NULL);
		} else {
			add(p, ACT_DRVS_END, -1, NULL);
			fresh = 1;
		}
	}
	if (fresh)
		add(p, ACT_DRVS_INIT, -1, NULL);
	if (want->cluster.wanted)
		add(p, ACT_CLUSTER, -1, NULL);	/* join before the VMs */
	plan_vms(want, fresh ? NULL : have, last, p);
	if (!want->cluster.wanted && last && last->cluster.wanted)
		add(p, ACT_CLUSTER, -1, NULL);	/* leave after them */
}

size_t m3d_plan_changes(const struct m3d_plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		if (p->acts[i].kind <= ACT_VM_INIT)
			n++;
	return n;
}

const char *m3d_act_name(enum m3d_act a)
{
	static const char *const names[] = {
		[ACT_DRVS_END] = "drvs-end", [ACT_DRVS_INIT] = "drvs-init",
		[ACT_VM_END] = "vm-end", [ACT_VM_REPLACE_END] = "vm-replace",
		[ACT_VM_INIT] = "vm-init", [ACT_VM_KEEP] = "vm-keep",
		[ACT_VM_FOREIGN] = "vm-foreign",
		[ACT_DRVS_KEEP_DIFF] = "drvs-differs",
		[ACT_CLUSTER] = "cluster",
	};

	return names[a];
}
