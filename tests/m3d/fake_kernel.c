// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in for the module's admin and query ioctls, for running the
 * real m3d on a host without m3ipc.ko (test_faults.sh):
 *   LD_PRELOAD=build/fake_kernel.so M3IPC_DEVICE=/dev/null m3d ...
 * ioctl() on any fd with the M3 magic is answered from memory here (the
 * DRVS and VMs of this one process, defaults applied as the module does);
 * every other ioctl goes to the C library. The real module is tested in
 * the booted guest (run-e2e.sh).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <m3/m3.h>

static struct m3_drvs_info drvs = { .nodeid = -1 };
static struct m3_vm_params vms[M3_MAX_VMS];
static int used[M3_MAX_VMS];

static long drvs_init(const struct m3_drvs_init_args *a)
{
	const struct m3_drvs_params *p = (void *)(uintptr_t)a->params;

	if (drvs.initialized)
		return -EEXIST;
	drvs.initialized = 1;
	drvs.nodeid = a->nodeid < 0 ? 0 : a->nodeid;
	drvs.nr_nodes = p && p->nr_nodes ? p->nr_nodes : M3_DEF_NODES;
	drvs.max_vms = p && p->max_vms ? p->max_vms : M3_DEF_VMS;
	drvs.max_procs = p && p->max_procs ? p->max_procs : M3_DEF_PROCS;
	drvs.max_copy = p ? p->max_copy : 0;
	return 0;
}

static long drvs_end(void)
{
	if (!drvs.initialized)
		return -ENODRVS;
	memset(used, 0, sizeof(used));
	drvs.initialized = 0;
	drvs.nodeid = -1;
	drvs.nr_vms = 0;
	return 0;
}

static long vm_init(struct m3_vm_params *p)
{
	int w, empty = 1;

	if (!drvs.initialized)
		return -ENODRVS;
	if (p->vmid < 0 || (unsigned int)p->vmid >= drvs.max_vms)
		return -EINVAL;
	if (used[p->vmid])
		return -EEXIST;
	if (!p->max_procs)
		p->max_procs = drvs.max_procs;
	if (!p->mode)
		p->mode = M3_DEF_VM_MODE;
	for (w = 0; w < M3_NODE_WORDS; w++)
		empty &= !p->nodes[w];
	if (empty)
		M3_NODE_SET(p->nodes, drvs.nodeid);
	vms[p->vmid] = *p;
	used[p->vmid] = 1;
	drvs.nr_vms++;
	return p->vmid;
}

static long vm_end(unsigned long vmid)
{
	if (!drvs.initialized)
		return -ENODRVS;
	if (vmid >= M3_MAX_VMS || !used[vmid])
		return -ENOENT;
	used[vmid] = 0;
	drvs.nr_vms--;
	return 0;
}

static long vm_info(const struct m3_vm_info_args *a)
{
	struct m3_vm_info *i = (void *)(uintptr_t)a->info;

	if (!drvs.initialized)
		return -ENODRVS;
	if (a->vmid < 0 || a->vmid >= M3_MAX_VMS || !used[a->vmid])
		return -ENOENT;
	memset(i, 0, sizeof(*i));
	i->params = vms[a->vmid];
	return 0;
}

static long m3(unsigned long req, unsigned long arg)
{
	switch (req) {
	case M3_IOC_DRVS_INFO:
		*(struct m3_drvs_info *)arg = drvs;
		return 0;
	case M3_IOC_DRVS_INIT:
		return drvs_init((void *)arg);
	case M3_IOC_DRVS_END:
		return drvs_end();
	case M3_IOC_VM_INIT:
		return vm_init((void *)arg);
	case M3_IOC_VM_END:
		return vm_end(arg);
	case M3_IOC_VM_INFO:
		return vm_info((void *)arg);
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	unsigned long arg;
	va_list ap;
	long r;

	va_start(ap, req);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (_IOC_TYPE(req) != M3_IOC_MAGIC) {
		if (!real)
			real = (int (*)(int, unsigned long, ...))
			       dlsym(RTLD_NEXT, "ioctl");
		return real(fd, req, arg);
	}
	r = m3(req, arg);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}
