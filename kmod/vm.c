// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: VMs (create, end, lookup, free).
 */
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>

#include "rcopy.h"
#include "m3_trace.h"

static int m3_vm_name_check(struct m3_vm_params *p)
{
	int len = m3_vm_name_len(p->name);

	if (len < 0)
		return -EINVAL;
	/* Bytes after the NUL reach no one: clear them. */
	memset(p->name + len, 0, M3_NAME_LEN - len);
	return 0;
}

static int m3_vm_nodes_check(struct m3_vm_params *p, int nodeid,
			     unsigned int nr_nodes)
{
	bool empty = true;
	unsigned int n;

	for (n = 0; n < M3_MAX_NODES; n++) {
		if (!M3_NODE_ISSET(p->nodes, n))
			continue;
		if (n >= nr_nodes)
			return -EINVAL;
		empty = false;
	}
	if (empty)
		M3_NODE_SET(p->nodes, nodeid);
	else if (!M3_NODE_ISSET(p->nodes, nodeid))
		return -EINVAL;
	return 0;
}

/* Validate @p and apply defaults. Called with m3_drvs.lock held. */
static int m3_vm_params_check(struct m3_vm_params *p)
{
	const struct m3_drvs_params *d = &m3_drvs.params;
	unsigned int i;
	int ret;

	if (p->vmid >= (int)d->max_vms)
		return -EINVAL;
	if (p->max_procs > d->max_procs || p->mode > 0777 ||
	    (p->flags & ~M3_VM_FLAGS_ALL))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(p->reserved); i++)
		if (p->reserved[i])
			return -EINVAL;
	ret = m3_vm_name_check(p);
	if (ret < 0)
		return ret;
	ret = m3_vm_nodes_check(p, m3_drvs.nodeid, d->nr_nodes);
	if (ret < 0)
		return ret;
	if (!p->max_procs)
		p->max_procs = d->max_procs;
	if (!p->mode)
		p->mode = M3_DEF_VM_MODE;
	return 0;
}

static int m3_vm_pick_id(int vmid)
{
	int i;

	if (vmid >= 0)
		return rcu_access_pointer(m3_drvs.vms[vmid]) ? -EEXIST : vmid;
	for (i = 0; i < m3_drvs.params.max_vms; i++)
		if (!rcu_access_pointer(m3_drvs.vms[i]))
			return i;
	return -ENOSPC;
}

/*
 * Ended VMs are freed on m3_vm_wq once their last caller has left;
 * m3_vms_live counts the VMs not yet freed, which module exit waits for.
 */
static struct workqueue_struct *m3_vm_wq;
static atomic_t m3_vms_live = ATOMIC_INIT(0);

/*
 * The memory limit (module parameter max_mem_mb): a VM reserves what it
 * may take at most when it is created (its slots, and a notification row
 * for every slot, which binds allocate later) and gives it back when it
 * is freed, so no bind can take the module past the limit either.
 * Reservations are made under m3_drvs.lock; frees only subtract.
 */
static atomic_long_t m3_mem_reserved = ATOMIC_LONG_INIT(0);

static size_t m3_vm_mem_worst(unsigned int max_procs)
{
	return sizeof(struct m3_vm) + max_procs * sizeof(struct m3_slot) +
	       BITS_TO_LONGS(max_procs) * sizeof(long) +
	       (size_t)max_procs * m3_row_bytes(max_procs);
}

/* max_mem_mb in bytes; a value too large to shift means no limit. */
u64 m3_vm_mem_limit(void)
{
	unsigned long mb = READ_ONCE(m3_param_max_mem_mb);

	return mb > (U64_MAX >> 20) ? U64_MAX : (u64)mb << 20;
}

static int m3_vm_mem_reserve(size_t bytes)
{
	u64 limit = m3_vm_mem_limit();

	if ((u64)atomic_long_read(&m3_mem_reserved) + bytes > limit) {
		pr_info_ratelimited("VM refused: it may take %zu bytes, %ld of the %llu allowed (max_mem_mb) are reserved\n",
				    bytes, atomic_long_read(&m3_mem_reserved),
				    limit);
		return -ENOMEM;
	}
	atomic_long_add(bytes, &m3_mem_reserved);
	return 0;
}

long m3_vm_mem_reserved(void)
{
	return atomic_long_read(&m3_mem_reserved);
}

static void m3_vm_free(struct m3_vm *vm)
{
	int i;

	percpu_ref_exit(&vm->users);
	for (i = 0; i < vm->max_procs; i++)
		kvfree(vm->procs[i].notify_bits);
	bitmap_free(vm->in_use);
	kvfree(vm->procs);
	atomic_long_sub(vm->mem_budget, &m3_mem_reserved);
	kfree(vm);
}

/*
 * Runs a grace period after the last reference went: readers that found a
 * slot through the task map (under RCU) before vm_end unhashed it are gone.
 */
static void m3_vm_free_work(struct work_struct *work)
{
	struct m3_vm *vm = container_of(to_rcu_work(work), struct m3_vm,
					free_work);

	m3_vm_free(vm);
	if (atomic_dec_and_test(&m3_vms_live))
		wake_up_var(&m3_vms_live);
}

/* The last users reference of an ended VM is gone (any context). */
static void m3_vm_released(struct percpu_ref *ref)
{
	struct m3_vm *vm = container_of(ref, struct m3_vm, users);

	queue_rcu_work(m3_vm_wq, &vm->free_work);
}

int m3_vm_wq_init(void)
{
	m3_vm_wq = alloc_workqueue("m3ipc_vm", 0, 0);
	return m3_vm_wq ? 0 : -ENOMEM;
}

/* After the DRVS has ended: wait until every ended VM is freed. */
void m3_vm_wq_uninit(void)
{
	wait_var_event(&m3_vms_live, !atomic_read(&m3_vms_live));
	destroy_workqueue(m3_vm_wq);
}

static int m3_vm_nr_nodes(const struct m3_vm_params *p)
{
	int n, nr = 0;

	for (n = 0; n < M3_MAX_NODES; n++)
		nr += M3_NODE_ISSET(p->nodes, n);
	return nr;
}

/*
 * Every slot, with its owner node. A slot of another node is never bound
 * here: its in_use bit stays set, so no bind takes it.
 */
static void m3_vm_slots_init(struct m3_vm *vm)
{
	int i;

	vm->nr_nodes = m3_vm_nr_nodes(&vm->params);
	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *p = &vm->procs[i];

		raw_spin_lock_init(&p->lock);
		INIT_LIST_HEAD(&p->senders);
		INIT_LIST_HEAD(&p->send_link);
		INIT_LIST_HEAD(&p->tx_link);
		p->vm = vm;
		p->slot = i;
		p->endpoint = M3_ENDPOINT(0, i);
		p->sendto = M3_NONE;
		p->getfrom = M3_NONE;
		p->node = m3_slot_owner(vm->params.nodes, i);
		p->remote = p->node != m3_drvs.nodeid;
		if (p->remote)
			set_bit(i, vm->in_use);
	}
}

static struct m3_vm *m3_vm_alloc(const struct m3_vm_params *p)
{
	size_t n = p->max_procs;
	struct m3_vm *vm;

	/* Charged to the creator's memory cgroup, as the rows to the binders'. */
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return NULL;
	vm->params = *p;
	vm->vmid = p->vmid;
	vm->max_procs = n;
	raw_spin_lock_init(&vm->bind_lock);
	raw_spin_lock_init(&vm->graph_lock);
	INIT_RCU_WORK(&vm->free_work, m3_vm_free_work);
	vm->procs = kvcalloc(n, sizeof(*vm->procs), GFP_KERNEL_ACCOUNT);
	vm->in_use = bitmap_zalloc(n, GFP_KERNEL_ACCOUNT);
	if (!vm->procs || !vm->in_use)
		goto err;
	if (percpu_ref_init(&vm->users, m3_vm_released, 0, GFP_KERNEL))
		goto err;
	m3_vm_slots_init(vm);
	return vm;
err:
	bitmap_free(vm->in_use);
	kvfree(vm->procs);
	kfree(vm);
	return NULL;
}

int m3_vm_create(struct m3_vm_params *p)
{
	struct m3_vm *vm;
	int ret;

	mutex_lock(&m3_drvs.lock);
	ret = -ENODRVS;
	if (!m3_drvs.initialized)
		goto out;
	ret = m3_vm_params_check(p);
	if (ret < 0)
		goto out;
	ret = m3_vm_pick_id(p->vmid);
	if (ret < 0)
		goto out;
	p->vmid = ret;
	if (!p->name[0])
		snprintf(p->name, M3_NAME_LEN, M3_DEF_VM_NAME, p->vmid);
	ret = m3_vm_mem_reserve(m3_vm_mem_worst(p->max_procs));
	if (ret < 0)
		goto out;
	vm = m3_vm_alloc(p);
	if (!vm) {
		atomic_long_sub(m3_vm_mem_worst(p->max_procs), &m3_mem_reserved);
		ret = -ENOMEM;
		goto out;
	}
	vm->mem_budget = m3_vm_mem_worst(p->max_procs);
	atomic_inc(&m3_vms_live);
	m3_procfs_vm_add(vm);
	rcu_assign_pointer(m3_drvs.vms[vm->vmid], vm);
	m3_drvs.nr_vms++;
	ret = vm->vmid;
	m3_remote_vm_created(vm);
	trace_m3_vm_init(vm->vmid, vm->max_procs);
	pr_info("VM %d (%s) started, %d slots\n", vm->vmid, vm->params.name,
		vm->max_procs);
out:
	mutex_unlock(&m3_drvs.lock);
	return ret;
}

/*
 * Unbind every member (its blocked call returns -EVMDOWN), then SIGPIPE
 * it: in that order, a member's call never ends with -EINTR instead.
 * Then end the calls and copies members of other nodes made here: after
 * the local members, so that a call arriving meanwhile finds its
 * destination gone.
 */
static void m3_vm_evict_all(struct m3_vm *vm)
{
	int i;

	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *p = &vm->procs[i];
		struct task_struct *t;

		if (p->remote)
			continue;
		raw_spin_lock(&p->lock);
		t = p->task;
		if (t)
			get_task_struct(t);
		raw_spin_unlock(&p->lock);
		if (!t)
			continue;
		m3_unbind_slot(p, -EVMDOWN);
		send_sig(SIGPIPE, t, 1);
		put_task_struct(t);
	}
	for (i = 0; i < vm->max_procs; i++) {
		if (!vm->procs[i].remote)
			continue;
		m3_remote_evict(&vm->procs[i]);
		m3_rcopy_evict(&vm->procs[i]);
	}
}

/*
 * Called with m3_drvs.lock held. Returns once no member is bound and every
 * blocked call is woken; the memory goes when the last caller has left the
 * VM (m3_vm_released()), which vm_end does not wait for: a caller stuck in
 * a page fault that never ends must not hang vm_end and every admin call.
 */
int m3_vm_end_locked(int vmid)
{
	struct m3_vm *vm;

	lockdep_assert_held(&m3_drvs.lock);
	if (vmid < 0 || vmid >= M3_MAX_VMS)
		return -EINVAL;
	vm = rcu_dereference_protected(m3_drvs.vms[vmid],
				       lockdep_is_held(&m3_drvs.lock));
	if (!vm)
		return -ENOENT;
	/* After this, no bind can claim a slot (see m3_slot_claim()). */
	raw_spin_lock(&vm->bind_lock);
	vm->dying = true;
	raw_spin_unlock(&vm->bind_lock);
	RCU_INIT_POINTER(m3_drvs.vms[vmid], NULL);
	m3_drvs.nr_vms--;
	/* Ours until the end of this function: no free under our feet. */
	percpu_ref_get(&vm->users);
	percpu_ref_kill(&vm->users);
	m3_vm_evict_all(vm);
	m3_procfs_vm_remove(vm);
	trace_m3_vm_end(vmid);
	pr_info("VM %d (%s) ended\n", vmid, vm->params.name);
	percpu_ref_put(&vm->users);
	return 0;
}

int m3_vm_end(int vmid)
{
	int ret;

	mutex_lock(&m3_drvs.lock);
	ret = m3_drvs.initialized ? m3_vm_end_locked(vmid) : -ENODRVS;
	mutex_unlock(&m3_drvs.lock);
	return ret;
}

/* A users reference on VM @vmid, or NULL if there is none (or it is dying). */
struct m3_vm *m3_vm_get(int vmid)
{
	struct m3_vm *vm;

	if (vmid < 0 || vmid >= M3_MAX_VMS)
		return NULL;
	rcu_read_lock();
	vm = rcu_dereference(m3_drvs.vms[vmid]);
	if (vm && !percpu_ref_tryget_live(&vm->users))
		vm = NULL;
	rcu_read_unlock();
	return vm;
}

void m3_vm_put(struct m3_vm *vm)
{
	percpu_ref_put(&vm->users);
}

size_t m3_vm_mem_size(const struct m3_vm *vm)
{
	size_t n = vm->max_procs;

	return sizeof(*vm) + n * sizeof(struct m3_slot) +
	       BITS_TO_LONGS(n) * sizeof(long) +
	       READ_ONCE(vm->nr_rows) * m3_notify_row_size(vm);
}
