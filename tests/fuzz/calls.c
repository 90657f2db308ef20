// SPDX-License-Identifier: GPL-2.0
/* m3fuzz: the actions, random and semi-valid ioctls on /dev/m3ipc. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"

/* Big enough for any argument block the kernel could read or write. */
union fz_arg {
	struct m3_ipc_args ipc;
	struct m3_vcopy_args vc;
	struct m3_bind_args bind;
	struct m3_vm_params vm;
	struct m3_drvs_init_args di;
	struct m3_drvs_params dp;
	struct m3_vm_info_args vi;
	struct m3_proc_info_args pi;
	struct m3_whois_args w;
	struct m3_drvs_info info;
	unsigned char raw[512];
};

static long fz_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	long r = ioctl(fd, cmd, arg);

	__sync_fetch_and_add(&fz->calls, 1);
	if (r >= 0)
		__sync_fetch_and_add(&fz->ok_calls, 1);
	else if (errno == EFAULT)
		__sync_fetch_and_add(&fz->efault, 1);
	else if (errno == ENOMEM)
		__sync_fetch_and_add(&fz->enomem, 1);
	return r < 0 ? -errno : r;
}

static int act_random(struct fz_rng *r, int fd)
{
	union fz_arg a;
	unsigned long arg;

	fz_fill(r, &a, sizeof(a));
	switch (fz_below(r, 4)) {
	case 0:
		arg = fz_ptr(r);
		break;
	case 1:
		arg = fz_next(r);
		break;
	case 2:
		arg = fz_below(r, 1100);
		break;
	default:
		arg = (uintptr_t)&a;
		break;
	}
	fz_ioctl(fd, fz_cmd(r), arg);
	return 1;
}

static int act_bind(struct fz_rng *r, int fd, int *my_vm)
{
	union fz_arg a = { .bind = { .vmid = fz_vmid(r) } };
	long ep;

	a.bind.p_nr = fz_below(r, 3) ? -1 : (int)fz_below(r, 80) - 4;
	ep = fz_ioctl(fd, M3_IOC_BIND, (uintptr_t)&a);
	if (ep >= 0) {
		*my_vm = a.bind.vmid;
		fz_remember(a.bind.vmid, ep);
		__sync_fetch_and_add(&fz->binds, 1);
	}
	return 1;
}

static void fill_ipc(struct fz_rng *r, struct m3_ipc_args *a, int vm)
{
	static const unsigned int flags[] = {
		M3_IPC_TIMEOUT, M3_IPC_TIMEOUT, M3_IPC_TIMEOUT,
		M3_IPC_NONBLOCK, M3_IPC_NONBLOCK | M3_IPC_TIMEOUT,
	};

	memset(a, 0, sizeof(*a));
	a->ep = fz_below(r, 4) ? fz_ep(r, vm) : M3_ANY;
	a->src = fz_below(r, 2) ? M3_ANY : fz_ep(r, vm);
	a->flags = flags[fz_below(r, 5)];
	a->timeout_ms = fz_below(r, 20);
	a->msg = fz_ptr(r);
	switch (fz_below(r, 40)) {
	case 0:		/* blocks until someone, a kill or vm_end ends it */
		a->flags = 0;
		break;
	case 1:
		a->flags = (unsigned int)fz_next(r);
		break;
	case 2:
		a->timeout_ms = -(long)fz_below(r, 5) - 1;
		break;
	case 3:
		a->pad = 1;
		break;
	}
}

static int act_ipc(struct fz_rng *r, int fd, int vm)
{
	static const unsigned long cmds[] = {
		M3_IOC_SEND, M3_IOC_RECEIVE, M3_IOC_SENDREC, M3_IOC_REPLYREC,
	};
	union fz_arg a;

	fill_ipc(r, &a.ipc, vm);
	fz_ioctl(fd, cmds[fz_below(r, 4)], (uintptr_t)&a);
	return 1;
}

/* A server step: take a request, copy to and from its sender, reply. */
static int act_serve(struct fz_rng *r, int fd)
{
	message *m = (message *)(fz_scratch + 64 * fz_below(r, 1024));
	union fz_arg a;
	int src;

	memset(&a, 0, sizeof(a));
	a.ipc.ep = M3_ANY;
	a.ipc.flags = M3_IPC_TIMEOUT;
	a.ipc.timeout_ms = fz_below(r, 30);
	a.ipc.msg = (uintptr_t)m;
	if (fz_ioctl(fd, M3_IOC_RECEIVE, (uintptr_t)&a) < 0)
		return 1;
	src = m->m_source;
	memset(&a, 0, sizeof(a));
	a.vc.src_ep = fz_below(r, 2) ? src : M3_SELF;
	a.vc.dst_ep = a.vc.src_ep == M3_SELF ? src : M3_SELF;
	a.vc.src_addr = fz_ptr(r);
	a.vc.dst_addr = fz_ptr(r);
	a.vc.len = fz_below(r, 3) ? fz_below(r, 65536) : fz_len(r);
	fz_ioctl(fd, M3_IOC_VCOPY, (uintptr_t)&a);
	memset(&a, 0, sizeof(a));
	a.ipc.ep = src;
	a.ipc.flags = M3_IPC_NONBLOCK;
	a.ipc.msg = (uintptr_t)m;
	fz_ioctl(fd, M3_IOC_SEND, (uintptr_t)&a);
	return 3;
}

static int act_vcopy(struct fz_rng *r, int fd, int vm)
{
	union fz_arg a;

	memset(&a, 0, sizeof(a));
	a.vc.src_ep = fz_below(r, 3) ? fz_ep(r, vm) : M3_SELF;
	a.vc.dst_ep = fz_below(r, 3) ? fz_ep(r, vm) : M3_SELF;
	a.vc.src_addr = fz_ptr(r);
	a.vc.dst_addr = fz_ptr(r);
	a.vc.len = fz_len(r);
	fz_ioctl(fd, M3_IOC_VCOPY, (uintptr_t)&a);
	return 1;
}

static int act_query(struct fz_rng *r, int fd)
{
	union fz_arg a;

	memset(&a, 0, sizeof(a));
	switch (fz_below(r, 4)) {
	case 0:
		fz_ioctl(fd, M3_IOC_DRVS_INFO, fz_below(r, 2) ? (uintptr_t)&a : fz_ptr(r));
		break;
	case 1:
		a.vi.vmid = fz_vmid(r);
		a.vi.info = fz_ptr(r);
		fz_ioctl(fd, M3_IOC_VM_INFO, (uintptr_t)&a);
		break;
	case 2:
		a.pi.vmid = fz_vmid(r);
		a.pi.p_nr = (int)fz_below(r, 80) - 4;
		a.pi.info = fz_ptr(r);
		fz_ioctl(fd, M3_IOC_PROC_INFO, (uintptr_t)&a);
		break;
	default:
		a.w.pid = fz_below(r, 2) ? (int)fz_below(r, 2000) : 0;
		fz_ioctl(fd, M3_IOC_WHOIS, (uintptr_t)&a);
		break;
	}
	return 1;
}

static int act_vm_init(struct fz_rng *r, int fd)
{
	union fz_arg a;

	memset(&a, 0, sizeof(a));
	a.vm.vmid = fz_below(r, 4) ? fz_vmid(r) : -1;
	a.vm.max_procs = fz_below(r, 64);
	a.vm.mode = fz_below(r, 01000);
	a.vm.flags = fz_below(r, 2);
	fz_ioctl(fd, M3_IOC_VM_INIT, (uintptr_t)&a);
	return 1;
}

/* Admin calls: refused for unprivileged workers, real chaos for root. */
static int act_admin(struct fz_rng *r, int fd)
{
	struct m3_drvs_params p;
	union fz_arg a;

	memset(&a, 0, sizeof(a));
	memset(&p, 0, sizeof(p));
	switch (fz_below(r, 40)) {
	case 0:
		fz_ioctl(fd, M3_IOC_DRVS_END, 0);
		return 1;
	case 1:
		p.max_procs = 1 + fz_below(r, 128);
		p.max_vms = fz_below(r, 2) ? 0 : 1 + fz_below(r, 64);
		a.di.nodeid = (int)fz_below(r, 3) - 1;
		a.di.params = fz_below(r, 2) ? (uintptr_t)&p : 0;
		fz_ioctl(fd, M3_IOC_DRVS_INIT, (uintptr_t)&a);
		return 1;
	case 2: case 3: case 4: case 5:
		fz_ioctl(fd, M3_IOC_VM_END, (unsigned int)fz_vmid(r));
		return 1;
	default:
		return act_vm_init(r, fd);
	}
}

struct fz_thread_arg {
	uint64_t seed;
	int fd;
};

/* A short-lived thread: binds, does a few calls, exits bound. */
static void *short_thread(void *p)
{
	struct fz_thread_arg *t = p;
	struct fz_rng r;
	int vm = -1, i;

	fz_seed(&r, t->seed, 0);
	act_bind(&r, t->fd, &vm);
	for (i = 0; i < 4; i++)
		fz_below(&r, 2) ? act_ipc(&r, t->fd, vm) : act_vcopy(&r, t->fd, vm);
	__sync_fetch_and_add(&fz->thread_exits, 1);
	return NULL;
}

static int act_thread(struct fz_rng *r, int fd)
{
	struct fz_thread_arg t = { .seed = fz_next(r), .fd = fd };
	pthread_t th;

	if (pthread_create(&th, NULL, short_thread, &t))
		return 0;
	pthread_join(th, NULL);
	return 5;
}

int fz_action(struct fz_rng *r, int fd, int *my_vm)
{
	unsigned int k = fz_below(r, 100);

	if (k < 20)
		return act_random(r, fd);
	if (k < 28)
		return act_bind(r, fd, my_vm);
	if (k < 32) {
		*my_vm = -1;
		return fz_ioctl(fd, M3_IOC_UNBIND, 0), 1;
	}
	if (k < 50)
		return act_ipc(r, fd, *my_vm);
	if (k < 60)
		return act_serve(r, fd);
	if (k < 66)
		return fz_ioctl(fd, M3_IOC_NOTIFY, (unsigned int)fz_ep(r, *my_vm)), 1;
	if (k < 80)
		return act_vcopy(r, fd, *my_vm);
	if (k < 90)
		return act_query(r, fd);
	if (k < 93)
		return act_thread(r, fd);
	return act_admin(r, fd);
}
