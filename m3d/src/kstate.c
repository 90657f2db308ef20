// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's state as a model: mnx_drvs_info, then mnx_vm_info per vmid. */
#include <errno.h>
#include <string.h>
#include "fields.h"
#include "kstate.h"

/* A VM's fields have the same size in the model and in m3_vm_params
 * (fields.c): copied one by one, by the table. */
void m3d_vm_from_params(struct m3d_vm *vm, const struct m3_vm_params *p)
{
	const struct m3d_field_info *fi;
	int f;

	m3d_each_field(f, G_VM) {
		fi = m3d_field(f);
		memcpy(m3d_field_ptr(f, vm), (const char *)p + fi->param_off,
		       fi->size);
	}
	vm->name[sizeof(vm->name) - 1] = 0;
}

void m3d_vm_to_params(const struct m3d_vm *vm, struct m3_vm_params *p)
{
	const struct m3d_field_info *fi;
	int f;

	memset(p, 0, sizeof(*p));
	m3d_each_field(f, G_VM) {
		fi = m3d_field(f);
		memcpy((char *)p + fi->param_off, m3d_field_cptr(f, vm),
		       fi->size);
	}
}

int m3d_kstate_read(struct m3d_model *have)
{
	struct m3_drvs_info di;
	struct m3_vm_info vi;
	struct m3d_vm *vm;
	unsigned int id;
	int r;

	r = mnx_drvs_info(&di);
	if (r < 0)
		return r;
	m3d_origin_file(&have->origin, "kernel", 0);
	have->initialized = di.initialized;
	have->nodeid = di.nodeid;
	have->drvs.nr_nodes = di.nr_nodes;
	have->drvs.max_vms = di.max_vms;
	have->drvs.max_procs = di.max_procs;
	have->drvs.max_copy = di.max_copy;
	for (id = 0; di.initialized && id < di.max_vms; id++) {
		r = mnx_vm_info((int)id, &vi);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
		vm = m3d_model_add_vm(have);
		if (!vm)
			return -ENOSPC;
		m3d_vm_from_params(vm, &vi.params);
		vm->nr_procs = vi.nr_procs;
		m3d_origin_file(&vm->origin, "kernel", 0);
	}
	return 0;
}
