/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reconciler's other half: carry a plan out through libm3. */
#ifndef M3D_APPLY_H
#define M3D_APPLY_H

#include "cluster.h"
#include "plan.h"

/*
 * Returns the number of actions that failed (each one logged). With
 * strict (at start), a failed cluster step ends the plan there, *fatal
 * set: no VM starts on a node that could not join the others.
 */
int m3d_apply(const struct m3d_plan *p, const struct m3d_model *want,
	      struct m3d_cluster_state *c, int strict, int *fatal);
/* End the VMs of model m that are in the kernel, leave the other nodes,
 * then end the DRVS. */
int m3d_teardown(const struct m3d_model *m, struct m3d_cluster_state *c);

#endif
