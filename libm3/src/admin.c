// SPDX-License-Identifier: LGPL-2.1-or-later
/* Administration: DRVS and VM init/end (CAP_SYS_ADMIN in the kernel). */
#include <errno.h>
#include <stdint.h>

#include "internal.h"

M3_API int mnx_drvs_init(int nodeid, const struct m3_drvs_params *p)
{
	struct m3_drvs_init_args a = {
		.nodeid = nodeid,
		.params = (uintptr_t)p,
	};

	return m3_ioctl(M3_IOC_DRVS_INIT, (uintptr_t)&a);
}

M3_API int mnx_drvs_end(void)
{
	return m3_ioctl(M3_IOC_DRVS_END, 0);
}

M3_API int mnx_vm_init(const struct m3_vm_params *p)
{
	struct m3_vm_params copy;

	if (!p)
		return -EINVAL;
	copy = *p;
	return m3_ioctl(M3_IOC_VM_INIT, (uintptr_t)&copy);
}

M3_API int mnx_vm_end(int vmid)
{
	if (vmid < 0)
		return -EINVAL;
	return m3_ioctl(M3_IOC_VM_END, (unsigned long)vmid);
}
