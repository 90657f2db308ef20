// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: read-only queries (DRVS, VM, slot, thread). Open to every user;
 * every structure is zeroed before it is filled, so no kernel memory leaks.
 */
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>

#include "core.h"

long m3_ioctl_drvs_info(void __user *arg)
{
	struct m3_drvs_info i;

	memset(&i, 0, sizeof(i));
	mutex_lock(&m3_drvs.lock);
	i.version = M3IPC_VERSION_MAJOR << 16 | M3IPC_VERSION_MINOR;
	i.nodeid = m3_drvs.nodeid;
	i.initialized = m3_drvs.initialized;
	if (m3_drvs.initialized) {
		i.nr_nodes = m3_drvs.params.nr_nodes;
		i.max_vms = m3_drvs.params.max_vms;
		i.max_procs = m3_drvs.params.max_procs;
		i.max_copy = m3_drvs.params.max_copy;
		i.nr_vms = m3_drvs.nr_vms;
		i.flags = m3_drvs.params.flags;
	}
	mutex_unlock(&m3_drvs.lock);
	return copy_to_user(arg, &i, sizeof(i)) ? -EFAULT : 0;
}

void m3_vm_stats_sum(struct m3_vm *vm, struct m3_vm_stats *s)
{
	int i, k;

	raw_spin_lock(&vm->bind_lock);
	*s = vm->dead_stats;
	for_each_set_bit(i, vm->in_use, vm->max_procs)
		for (k = 0; k < M3_NR_SLOT_STATS; k++)
			s->v[k] += READ_ONCE(vm->procs[i].st[k]);
	raw_spin_unlock(&vm->bind_lock);
}

static struct m3_vm *m3_query_vm(int vmid, int *err)
{
	struct m3_vm *vm;

	if (!READ_ONCE(m3_drvs.initialized)) {
		*err = -ENODRVS;
		return NULL;
	}
	vm = m3_vm_get(vmid);
	if (!vm)
		*err = -ENOENT;
	return vm;
}

/*
 * Read a query's argument block (@n bytes, the vmid its first field) into
 * @a, and enter that VM; NULL with *err on failure.
 */
static struct m3_vm *m3_query_begin(void *a, const void __user *arg, size_t n,
				    int *err)
{
	if (copy_from_user(a, arg, n)) {
		*err = -EFAULT;
		return NULL;
	}
	return m3_query_vm(*(s32 *)a, err);
}

/* Copy a query's answer @i (@n bytes) to the address @info of its block. */
static long m3_query_answer(u64 info, const void *i, size_t n)
{
	return copy_to_user(u64_to_user_ptr(info), i, n) ? -EFAULT : 0;
}

long m3_ioctl_vm_info(void __user *arg)
{
	struct m3_vm_info_args a;
	struct m3_vm_info i;
	struct m3_vm *vm;
	int ret;

	BUILD_BUG_ON(offsetof(typeof(a), vmid));
	vm = m3_query_begin(&a, arg, sizeof(a), &ret);
	if (!vm)
		return ret;
	memset(&i, 0, sizeof(i));
	i.params = vm->params;
	m3_vm_stats_sum(vm, &i.stats);
	i.nr_procs = READ_ONCE(vm->nr_procs);
	m3_vm_put(vm);
	return m3_query_answer(a.info, &i, sizeof(i));
}

/*
 * What a query or /proc/m3ipc shows of slot @p to the current task. A
 * member outside the reader's pid namespace shows no pid and no name, as
 * /proc shows nothing of it there; its endpoint and state are the VM's.
 */
int m3_proc_fill(struct m3_slot *p, struct m3_proc_info *i)
{
	memset(i, 0, sizeof(*i));
	raw_spin_lock(&p->lock);
	if (!p->task) {
		raw_spin_unlock(&p->lock);
		return -ESRCH;
	}
	i->vmid = p->vm->vmid;
	i->endpoint = p->endpoint;
	i->nodeid = p->node;
	if (p->remote) {
		/* A member of another node: its name, no pid from here. */
		memcpy(i->name, p->name, sizeof(i->name));
	} else {
		i->pid = task_pid_vnr(p->task);
		i->tgid = i->pid ? task_tgid_vnr(p->task) : 0;
	}
	i->state = p->state;
	i->sendto = p->state & M3_ST_SENDING ? p->sendto : M3_NONE;
	i->getfrom = p->state & M3_ST_RECEIVING ? p->getfrom : M3_NONE;
	if (i->pid)
		memcpy(i->name, p->name, sizeof(i->name));
	i->sends = p->st[M3_STAT_SENDS];
	i->receives = p->st[M3_STAT_RECEIVES];
	i->notifies = p->st[M3_STAT_NOTIFIES];
	i->copies = p->st[M3_STAT_COPIES];
	raw_spin_unlock(&p->lock);
	return 0;
}

long m3_ioctl_proc_info(void __user *arg)
{
	struct m3_proc_info_args a;
	struct m3_proc_info i;
	struct m3_vm *vm;
	int ret;

	BUILD_BUG_ON(offsetof(typeof(a), vmid));
	vm = m3_query_begin(&a, arg, sizeof(a), &ret);
	if (!vm)
		return ret;
	ret = -EINVAL;
	if (a.p_nr >= 0 && a.p_nr < vm->max_procs)
		ret = m3_proc_fill(&vm->procs[a.p_nr], &i);
	m3_vm_put(vm);
	return ret < 0 ? ret : m3_query_answer(a.info, &i, sizeof(i));
}

long m3_ioctl_whois(void __user *arg)
{
	struct task_struct *t = current;
	struct m3_whois_args a;
	struct m3_slot *p;
	int ret = -ESRCH;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.pid < 0)
		return -EINVAL;
	if (a.pid) {
		struct pid *pid = find_get_pid(a.pid);

		t = get_pid_task(pid, PIDTYPE_PID);
		put_pid(pid);
		if (!t)
			return -ESRCH;
	}
	rcu_read_lock();
	p = m3_task_lookup(t);
	if (p) {
		a.vmid = p->vm->vmid;
		a.endpoint = READ_ONCE(p->endpoint);
		ret = 0;
	}
	rcu_read_unlock();
	if (a.pid)
		put_task_struct(t);
	if (ret < 0)
		return ret;
	a.pad = 0;
	return copy_to_user(arg, &a, sizeof(a)) ? -EFAULT : 0;
}
