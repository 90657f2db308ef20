// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The m3ipc module's queries, faked for m3adm's tests (LD_PRELOAD):
 *   FAKE_M3_VMS    the VMs that exist ("1,3")
 *   FAKE_M3_COMM   the name of slot 0's member (the others: "member")
 *   FAKE_M3_ADMIN  set: vm start and vm end succeed
 * Every other ioctl goes to the C library.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <m3/m3.h>

static int vm_exists(int vmid)
{
	const char *s = getenv("FAKE_M3_VMS");
	char *end;

	for (; s && *s; s++) {
		if (strtol(s, &end, 10) == vmid && end != s)
			return 1;
		s = end;
		if (!*s)
			break;
	}
	return 0;
}

static void drvs_info(struct m3_drvs_info *i)
{
	memset(i, 0, sizeof(*i));
	i->version = 0x10000;
	i->initialized = 1;
	i->nr_nodes = 1;
	i->max_vms = 8;
	i->max_procs = 256;
	i->max_copy = 3000000000U;	/* beyond int32 */
}

static int vm_info(const struct m3_vm_info_args *a)
{
	struct m3_vm_info *i = (void *)(uintptr_t)a->info;

	if (!vm_exists(a->vmid))
		return -ENOENT;
	memset(i, 0, sizeof(*i));
	i->params.vmid = a->vmid;
	strcpy(i->params.name, "web");
	i->params.max_procs = 4;
	i->params.uid = 3000000000U;	/* beyond int32 */
	i->params.mode = 0660;
	i->params.nodes[0] = 1;
	i->nr_procs = 3;
	i->stats.sends = 7;
	return 0;
}

/* Slots 0..2: 0 receiving from anyone, 2 sending to 1. */
static int proc_info(const struct m3_proc_info_args *a)
{
	struct m3_proc_info *p = (void *)(uintptr_t)a->info;
	const char *comm = getenv("FAKE_M3_COMM");

	if (!vm_exists(a->vmid))
		return -ENOENT;
	if (a->p_nr > 2)
		return -ESRCH;
	memset(p, 0, sizeof(*p));
	p->vmid = a->vmid;
	p->endpoint = a->p_nr;
	p->pid = p->tgid = 100 + a->p_nr;
	p->sendto = p->getfrom = M3_NONE;
	if (a->p_nr == 0) {
		p->state = M3_ST_RECEIVING;
		p->getfrom = M3_ANY;
	} else if (a->p_nr == 2) {
		p->state = M3_ST_SENDING;
		p->sendto = 1;
	}
	strncpy(p->name, !a->p_nr && comm ? comm : "member",
		sizeof(p->name) - 1);
	return 0;
}

static int fake(unsigned long req, unsigned long arg)
{
	const char *admin = getenv("FAKE_M3_ADMIN");

	switch (req) {
	case M3_IOC_DRVS_INFO:
		drvs_info((void *)arg);
		return 0;
	case M3_IOC_VM_INFO:
		return vm_info((void *)arg);
	case M3_IOC_PROC_INFO:
		return proc_info((void *)arg);
	case M3_IOC_VM_INIT:
		return admin ? 5 : -EPERM;
	case M3_IOC_VM_END:
		if (!admin)
			return -EPERM;
		return vm_exists((int)arg) ? 0 : -ENOENT;
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	unsigned long arg;
	va_list ap;
	int r;

	va_start(ap, req);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (_IOC_TYPE(req) != M3_IOC_MAGIC) {
		if (!real)
			real = (int (*)(int, unsigned long, ...))
			       dlsym(RTLD_NEXT, "ioctl");
		return real(fd, req, arg);
	}
	r = fake(req, arg);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}
