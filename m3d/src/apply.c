// SPDX-License-Identifier: GPL-2.0-or-later
/* Carrying out a plan: one libm3 call per action, each logged. */
#include <errno.h>
#include "apply.h"
#include "kstate.h"
#include "log.h"

static int vm_init(const struct m3d_vm *vm)
{
	struct m3_vm_params p;
	int r;

	m3d_vm_to_params(vm, &p);
	r = mnx_vm_init(&p);
	if (r < 0)
		m3d_log(LOG_ERR, "VM %d (%s): cannot start: %s", vm->vmid,
			vm->name, m3_strerror(r));
	else
		m3d_log(LOG_NOTICE, "VM %d (%s): started", vm->vmid, vm->name);
	return r < 0;
}

static int vm_end(int vmid, const char *why)
{
	int r = mnx_vm_end(vmid);

	if (r < 0 && r != -ENOENT) {
		m3d_log(LOG_ERR, "VM %d: cannot end: %s", vmid, m3_strerror(r));
		return 1;
	}
	m3d_log(LOG_NOTICE, "VM %d: ended (%s)", vmid, why);
	return 0;
}

static int drvs_init(const struct m3d_model *want)
{
	int r = mnx_drvs_init(want->nodeid, &want->drvs);

	if (r == -EEXIST) {
		m3d_log(LOG_INFO, "DRVS already initialized: adopted");
		return 0;
	}
	if (r < 0) {
		m3d_log(LOG_ERR, "DRVS: cannot initialize node %d: %s",
			want->nodeid, m3_strerror(r));
		return 1;
	}
	m3d_log(LOG_NOTICE, "DRVS initialized: node %d of %u", want->nodeid,
		want->drvs.nr_nodes);
	return 0;
}

static int drvs_recreate(void)
{
	int r = mnx_drvs_end();

	if (r < 0)
		m3d_log(LOG_ERR, "DRVS: cannot end it to apply new parameters: "
			"%s", m3_strerror(r));
	else
		m3d_log(LOG_NOTICE, "DRVS parameters changed: re-creating it");
	return r < 0;
}

static int one(const struct m3d_action *a, const struct m3d_model *want,
	       struct m3d_cluster_state *c)
{
	switch (a->kind) {
	case ACT_DRVS_END:
		c->joined = 0;	/* the DRVS it joined with ends */
		return drvs_recreate();
	case ACT_CLUSTER:
		return m3d_cluster_apply(c, want) < 0;
	case ACT_DRVS_INIT:
		return drvs_init(want);
	case ACT_VM_END:
		return vm_end(a->vmid, "removed from the configuration");
	case ACT_VM_REPLACE_END:
		return vm_end(a->vmid, "parameters changed, starting again");
	case ACT_VM_INIT:
		return vm_init(a->vm);
	case ACT_VM_KEEP:
		m3d_log(LOG_DEBUG, "VM %d (%s): running as configured",
			a->vmid, a->vm->name);
		return 0;
	case ACT_VM_FOREIGN:
		m3d_log(LOG_INFO, "VM %d: not in the configuration and not "
			"started by m3d: left alone", a->vmid);
		return 0;
	case ACT_DRVS_KEEP_DIFF:
		m3d_log(LOG_WARNING, "DRVS parameters differ from the kernel's, "
			"but VMs have members: kept; stop m3d to apply them");
		return 0;
	}
	return 0;
}

int m3d_apply(const struct m3d_plan *p, const struct m3d_model *want,
	      struct m3d_cluster_state *c, int strict, int *fatal)
{
	size_t i;
	int failed = 0, r;

	*fatal = 0;
	for (i = 0; i < p->n && !*fatal; i++) {
		r = one(&p->acts[i], want, c);
		failed += r;
		*fatal = r && strict && p->acts[i].kind == ACT_CLUSTER;
	}
	return failed;
}

int m3d_teardown(const struct m3d_model *m, struct m3d_cluster_state *c)
{
	size_t i;
	int failed = 0, r;

	for (i = 0; i < m->nr_vms; i++)
		if (m3d_vm_spans_node(&m->vms[i], m->nodeid))
			failed += vm_end(m->vms[i].vmid, "m3d stopping");
	m3d_cluster_leave(c);
	r = mnx_drvs_end();
	if (r < 0 && r != -ENODRVS) {
		m3d_log(LOG_ERR, "DRVS: cannot end: %s", m3_strerror(r));
		failed++;
	} else {
		m3d_log(LOG_NOTICE, "DRVS ended");
	}
	return failed;
}
