/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The reconciler's other half: carry a plan out through libm3. */
#ifndef M3D_APPLY_H
#define M3D_APPLY_H

#include "plan.h"

/* Returns the number of actions that failed (each one logged). */
int m3d_apply(const struct m3d_plan *p, const struct m3d_model *want);
/* End the VMs of model m that are in the kernel, then the DRVS. */
int m3d_teardown(const struct m3d_model *m);

#endif
