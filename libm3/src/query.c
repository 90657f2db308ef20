// SPDX-License-Identifier: LGPL-2.1-or-later
/* Read-only queries. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

M3_API int mnx_drvs_info(struct m3_drvs_info *info)
{
	if (!info)
		return -EFAULT;
	return m3_ioctl(M3_IOC_DRVS_INFO, (uintptr_t)info);
}

M3_API int mnx_vm_info(int vmid, struct m3_vm_info *info)
{
	struct m3_vm_info_args a = { .vmid = vmid, .info = (uintptr_t)info };

	if (!info)
		return -EFAULT;
	return m3_ioctl(M3_IOC_VM_INFO, (uintptr_t)&a);
}

M3_API int mnx_proc_info(int vmid, int p_nr, struct m3_proc_info *info)
{
	struct m3_proc_info_args a = {
		.vmid = vmid,
		.p_nr = p_nr,
		.info = (uintptr_t)info,
	};

	if (!info)
		return -EFAULT;
	return m3_ioctl(M3_IOC_PROC_INFO, (uintptr_t)&a);
}

int m3_whois(pid_t tid, struct m3_whois_args *a)
{
	a->pid = tid;
	return m3_ioctl(M3_IOC_WHOIS, (uintptr_t)a);
}

M3_API int mnx_getep(pid_t tid)
{
	struct m3_whois_args a = { 0 };
	int ret = m3_whois(tid, &a);

	return ret < 0 ? ret : a.endpoint;
}

M3_API int mnx_getvmid(pid_t tid)
{
	struct m3_whois_args a = { 0 };
	int ret = m3_whois(tid, &a);

	return ret < 0 ? ret : a.vmid;
}

M3_API int m3_ep_slot(int ep)
{
	return M3_EP_SLOT(ep);
}

M3_API int m3_ep_gen(int ep)
{
	return M3_EP_GEN(ep);
}

M3_API int mnx_node_info(int node, struct m3_node_info *info)
{
	if (!info)
		return -EFAULT;
	if (node < 0)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->node = (uint32_t)node;
	return m3_ioctl(M3_IOC_NODE_INFO, (uintptr_t)info);
}
