/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel's DRVS and VMs, read back through libm3 as a model. */
#ifndef M3D_KSTATE_H
#define M3D_KSTATE_H

#include "model.h"

/* 0, or a negative error of libm3 (-ENOENT: no /dev/m3ipc...). */
int m3d_kstate_read(struct m3d_model *have);
void m3d_vm_from_params(struct m3d_vm *vm, const struct m3_vm_params *p);
void m3d_vm_to_params(const struct m3d_vm *vm, struct m3_vm_params *p);

#endif
