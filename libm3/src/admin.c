// SPDX-License-Identifier: LGPL-2.1-or-later
/* Administration: DRVS and VM init/end (CAP_SYS_ADMIN in the kernel). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

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

M3_API int mnx_cluster_join(const void *key, size_t key_len)
{
	struct m3_cluster_args a = { .key_len = (uint32_t)key_len };
	int ret;

	if (!key || key_len != M3_CLUSTER_KEY_LEN)
		return -EINVAL;
	memcpy(a.key, key, key_len);
	ret = m3_ioctl(M3_IOC_CLUSTER_JOIN, (uintptr_t)&a);
	memset(&a, 0, sizeof(a));
	return ret;
}

M3_API int mnx_cluster_leave(void)
{
	return m3_ioctl(M3_IOC_CLUSTER_LEAVE, 0);
}
