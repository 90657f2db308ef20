// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm proc [list] [VMID]: the bound threads, slot by slot. */
#include <string.h>
#include "adm.h"

/* The members of one VM; -errno if the VM cannot be read. */
static int vm_rows(struct adm *a, int vmid)
{
	struct m3_vm_info vi;
	struct m3_proc_info p;
	unsigned int slot;
	int r = mnx_vm_info(vmid, &vi);

	if (r < 0)
		return r;
	for (slot = 0; slot < vi.params.max_procs; slot++) {
		r = mnx_proc_info(vmid, (int)slot, &p);
		if (r == 0) {
			p.name[sizeof(p.name) - 1] = 0;
			adm_put(&a->e, &p);
		}
	}
	return 0;
}

int adm_proc(struct adm *a, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "list")) {
		argc--;
		argv++;
	}
	return adm_each_vm(a, argc, argv, "proc", &adm_q_proc_list, vm_rows);
}
