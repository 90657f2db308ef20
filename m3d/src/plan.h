/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reconciler's pure half: the actions that turn the kernel's state
 * (have) into the configuration (want). No system calls here; apply.c
 * carries the plan out through libm3.
 *
 * VMs that the kernel has and the configuration lacks are ended only if
 * m3d manages them, i.e. they are in the last configuration m3d applied
 * (last, kept in the state directory): VMs started by hand (m3adm vm
 * start) are left alone. A VM whose parameters differ is ended and started
 * again (the module cannot change a VM in place). The DRVS is re-created
 * only when its parameters differ and no VM has members; otherwise the
 * difference is reported and the running DRVS kept. When this node joins
 * the others (m3d_cluster_reason()), the cluster step (cluster.h) comes
 * after the DRVS and before the VMs; when it joined them under the last
 * configuration and no longer does, the step (leaving) comes after the
 * VMs, so that a VM that spanned nodes ends while they still hear it.
 */
#ifndef M3D_PLAN_H
#define M3D_PLAN_H

#include "model.h"

enum m3d_act {
	ACT_DRVS_END,		/* parameters changed, no members anywhere */
	ACT_DRVS_INIT,
	ACT_VM_END,		/* removed from the configuration */
	ACT_VM_REPLACE_END,	/* parameters changed: end, then init */
	ACT_VM_INIT,
	ACT_VM_KEEP,		/* running as configured: adopted */
	ACT_VM_FOREIGN,		/* not ours (started by hand): left alone */
	ACT_DRVS_KEEP_DIFF,	/* DRVS differs but VMs have members */
	ACT_CLUSTER,		/* join, follow or leave the other nodes */
};

struct m3d_action {
	enum m3d_act kind;
	int vmid;			/* VM actions */
	const struct m3d_vm *vm;	/* ACT_VM_INIT/KEEP: the wanted VM */
};

struct m3d_plan {
	size_t n;
	struct m3d_action acts[3 * M3_MAX_VMS + 4];
};

/* last may be NULL (nothing applied before). */
void m3d_plan(const struct m3d_model *want, const struct m3d_model *have,
	      const struct m3d_model *last, struct m3d_plan *p);
int m3d_vm_equal(const struct m3d_vm *a, const struct m3d_vm *b);
int m3d_drvs_equal(const struct m3d_model *want, const struct m3d_model *have);
/* Number of actions that change the kernel. */
size_t m3d_plan_changes(const struct m3d_plan *p);
const char *m3d_act_name(enum m3d_act a);

#endif
