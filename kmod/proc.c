// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: slots, bind and unbind, the task -> slot map.
 *
 * A binding ties one thread to one slot. The map from task_struct to
 * binding is a hash table read under RCU on every call; bindings are freed
 * after a grace period, so a reader never sees a reused node.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/rculist.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "remote.h"
#include "m3_trace.h"

struct m3_binding {
	struct hlist_node node;
	struct task_struct *task;
	struct m3_slot *proc;
	struct rcu_head rcu;
};

static DEFINE_HASHTABLE(m3_task_hash, 10);
static DEFINE_RAW_SPINLOCK(m3_task_lock);
static DEFINE_MUTEX(m3_bind_mutex);	/* serializes binds (not unbinds) */

static struct m3_binding *m3_binding_find(struct task_struct *task)
{
	struct m3_binding *b;

	hash_for_each_possible_rcu(m3_task_hash, b, node, (unsigned long)task)
		if (READ_ONCE(b->task) == task)
			return b;
	return NULL;
}

/* The slot @task is bound to, or NULL. Caller holds rcu_read_lock(). */
struct m3_slot *m3_task_lookup(struct task_struct *task)
{
	struct m3_binding *b = m3_binding_find(task);

	return b ? b->proc : NULL;
}

/*
 * The caller's slot, with a users reference on its VM that keeps the VM
 * alive until m3_current_put(). On failure returns NULL and sets *err.
 */
struct m3_slot *m3_current_get(int *err)
{
	struct m3_slot *p;

	rcu_read_lock();
	p = m3_task_lookup(current);
	if (!p)
		*err = READ_ONCE(m3_drvs.initialized) ? -ENOTBOUND : -ENODRVS;
	else if (!percpu_ref_tryget_live_rcu(&p->vm->users))
		*err = -EVMDOWN, p = NULL;
	rcu_read_unlock();
	return p;
}

/*
 * @task's name, read without task_lock(): the exec probe runs with
 * preemption disabled, where that lock (a sleeping one on PREEMPT_RT) may
 * not be taken, and the slot locks are raw. A name being changed at that
 * moment may come out mixed; it is only ever shown.
 */
static void m3_comm(char *buf, struct task_struct *task)
{
	BUILD_BUG_ON(sizeof(task->comm) != M3_NAME_LEN);
	strscpy_pad(buf, task->comm, M3_NAME_LEN);
}

static int m3_bind_perm(struct m3_vm *vm)
{
	const struct cred *cred = current_cred();
	unsigned int mode = vm->params.mode;
	kuid_t uid = make_kuid(&init_user_ns, vm->params.uid);
	kgid_t gid = make_kgid(&init_user_ns, vm->params.gid);

	if (uid_eq(cred->fsuid, uid))
		mode >>= 6;
	else if (in_group_p(gid))
		mode >>= 3;
	if (mode & 02)
		return 0;
	return capable(CAP_SYS_ADMIN) ? 0 : -EACCES;
}

/* A process belongs to one VM at most. Called under rcu_read_lock(). */
static int m3_bind_group_check(struct m3_vm *vm)
{
	struct task_struct *t;
	struct m3_slot *p;

	for_each_thread(current, t) {
		p = m3_task_lookup(t);
		if (p && p->vm != vm)
			return -EXDEV;
	}
	return 0;
}

/* Bind free slot @p to the caller through @b. Caller holds bind_lock. */
static void m3_slot_take(struct m3_slot *p, struct m3_binding *b, void **row)
{
	struct m3_vm *vm = p->vm;

	raw_spin_lock(&p->lock);
	if (!p->notify_bits) {
		p->notify_bits = *row;
		p->notify_count = (u8 *)*row + BITS_TO_LONGS(vm->max_procs) *
				  sizeof(long);
		*row = NULL;
		vm->nr_rows++;
	}
	p->task = current;
	p->waiter = current;
	p->pid = task_pid_nr(current);
	p->tgid = task_tgid_nr(current);
	m3_comm(p->name, current);
	p->state = 0;
	p->parked = false;
	p->sendto = M3_NONE;
	p->getfrom = M3_NONE;
	memset(&p->st, 0, sizeof(p->st));
	p->bind = b;
	b->proc = p;
	b->task = current;
	m3_remote_announce_locked(p, M3_W_BIND);
	raw_spin_unlock(&p->lock);
}

/*
 * Claim slot @p_nr (any free slot if < 0) of @vm for the caller through
 * @b: 0 with its endpoint in *@ep, M3_NEED_ROW if the slot was never bound
 * (call again with a row in *@row), or -errno.
 */
static int m3_slot_claim(struct m3_vm *vm, int p_nr, struct m3_binding *b,
			 void **row, int *ep)
{
	struct m3_slot *p;
	int slot = p_nr;

	raw_spin_lock(&vm->bind_lock);
	if (vm->dying) {
		raw_spin_unlock(&vm->bind_lock);
		return -ENOENT;
	}
	if (slot < 0)
		slot = find_first_zero_bit(vm->in_use, vm->max_procs);
	if (slot >= vm->max_procs || test_bit(slot, vm->in_use)) {
		raw_spin_unlock(&vm->bind_lock);
		return p_nr >= 0 ? -EBUSY : -ENOSPC;
	}
	p = &vm->procs[slot];
	if (!p->notify_bits && !*row) {
		raw_spin_unlock(&vm->bind_lock);
		return M3_NEED_ROW;
	}
	/*
	 * Allocated before it is bound: whoever sees the new member under its
	 * lock (a notifier, say) and then unbinds finds its bit set, and clears
	 * the notification it left there (m3_scan_slots()).
	 */
	set_bit(slot, vm->in_use);
	m3_slot_take(p, b, row);
	/*
	 * Hash the binding before bind_lock is released: vm_end sets dying
	 * under this lock before it evicts, so a claim is either refused or
	 * complete (slot and hash) by the time the eviction reaches it.
	 */
	raw_spin_lock(&m3_task_lock);
	hash_add_rcu(m3_task_hash, &b->node, (unsigned long)current);
	raw_spin_unlock(&m3_task_lock);
	vm->nr_procs++;
	vm->dead_stats.binds++;
	*ep = p->endpoint;
	raw_spin_unlock(&vm->bind_lock);
	return 0;
}

int m3_bind(int vmid, int p_nr)
{
	struct m3_binding *b;
	struct m3_vm *vm;
	void *row = NULL;
	int ret, ep;

	if (!READ_ONCE(m3_drvs.initialized))
		return -ENODRVS;
	vm = m3_vm_get(vmid);
	if (!vm)
		return -ENOENT;
	ret = m3_bind_perm(vm);
	if (ret < 0)
		goto out_put;
	ret = -EINVAL;
	if (p_nr >= vm->max_procs)
		goto out_put;
	/* Only the node that owns a slot binds it (m3_slot_owner()). */
	ret = -EREMOTE;
	if (p_nr >= 0 && vm->procs[p_nr].remote)
		goto out_put;
	ret = -ENOMEM;
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b)
		goto out_put;

	mutex_lock(&m3_bind_mutex);
	rcu_read_lock();
	ret = m3_task_lookup(current) ? -EALREADY : m3_bind_group_check(vm);
	rcu_read_unlock();
	if (ret == 0)
		ret = m3_slot_claim(vm, p_nr, b, &row, &ep);
	if (ret == M3_NEED_ROW) {
		/* The slot's first bind: its notification row, then again. */
		row = kvzalloc(m3_notify_row_size(vm), GFP_KERNEL_ACCOUNT);
		ret = row ? m3_slot_claim(vm, p_nr, b, &row, &ep) : -ENOMEM;
	}
	if (ret == 0) {
		trace_m3_bind(vm->vmid, ep, current->pid);
		ret = ep;
	} else {
		kfree(b);
	}
	mutex_unlock(&m3_bind_mutex);
	kvfree(row);
out_put:
	m3_vm_put(vm);
	return ret;
}

/* Wake everyone queued sending to @p, whose endpoint is gone, with @err. */
static void m3_wake_senders(struct m3_slot *p, int err)
{
	struct m3_slot *s;

	for (;;) {
		raw_spin_lock(&p->lock);
		s = list_first_entry_or_null(&p->senders, struct m3_slot,
					     send_link);
		if (!s) {
			raw_spin_unlock(&p->lock);
			return;
		}
		raw_spin_unlock(&p->lock);
		m3_lock2(p, s);
		if (!list_empty(&s->send_link) &&
		    M3_EP_SLOT(s->sendto) == p->slot) {
			list_del_init(&s->send_link);
			m3_wake_locked(s, err);
		}
		m3_unlock2(p, s);
	}
}

/*
 * Wake everyone receiving specifically from @old_ep with @err and drop the
 * notifications @p had pending at them. Only allocated slots can be either:
 * a slot allocated after the bitmap was read has a zeroed row and finds
 * @old_ep dead (p->task is already NULL) before it can block on it; one
 * freed meanwhile was woken and had its row zeroed by its own unbind.
 */
void m3_scan_slots(struct m3_slot *p, int old_ep, int err)
{
	struct m3_vm *vm = p->vm;
	int i;

	for_each_set_bit(i, vm->in_use, vm->max_procs) {
		struct m3_slot *x = &vm->procs[i];

		if (x == p)
			continue;
		raw_spin_lock(&x->lock);
		if ((x->state & M3_ST_RECEIVING) && x->getfrom == old_ep)
			m3_wake_locked(x, err);
		m3_notify_drop_locked(x, p->slot);
		raw_spin_unlock(&x->lock);
	}
}

static bool m3_ep_reserved(int ep)
{
	return ep == M3_ANY || ep == M3_NONE || ep == M3_SELF;
}

/*
 * The generation after @gen for @slot, or -1 when they are used up: they
 * never wrap, since a stale endpoint may be kept for ever in user memory.
 */
static int m3_next_gen(int gen, int slot)
{
	do {
		if (gen >= M3_EP_MAX_GEN)
			return -1;
		gen++;
	} while (m3_ep_reserved(M3_ENDPOINT(gen, slot)));
	return gen;
}

static void m3_stats_retire_locked(struct m3_slot *p)
{
	struct m3_vm_stats *d = &p->vm->dead_stats;
	int k;

	for (k = 0; k < M3_NR_SLOT_STATS; k++)
		d->v[k] += p->st[k];
	d->unbinds++;
	memset(&p->st, 0, sizeof(p->st));
}

/*
 * Free @p for its next bind under a new generation; a slot whose
 * generations are used up keeps its in_use bit for good (retired: no bind
 * can take it until the VM ends).
 */
static void m3_slot_release(struct m3_slot *p)
{
	struct m3_vm *vm = p->vm;
	int gen;

	raw_spin_lock(&vm->bind_lock);
	raw_spin_lock(&p->lock);
	m3_stats_retire_locked(p);
	gen = m3_next_gen(p->gen, p->slot);
	if (gen >= 0) {
		p->gen = gen;
		p->endpoint = M3_ENDPOINT(gen, p->slot);
	}
	p->pid = 0;
	p->tgid = 0;
	memset(p->name, 0, sizeof(p->name));
	raw_spin_unlock(&p->lock);
	if (gen >= 0)
		clear_bit(p->slot, vm->in_use);
	else
		vm->nr_retired++;
	vm->nr_procs--;
	raw_spin_unlock(&vm->bind_lock);
}

/* @task, bound to @p, exec'd a program with the same credentials. */
void m3_slot_exec(struct m3_slot *p, struct task_struct *task)
{
	/* The old program's parked sendrec is gone with it. */
	if (p->parked) {
		p->parked = false;
		m3_cancel_own_call(p, -EINTR);
	}
	raw_spin_lock(&p->lock);
	if (p->task == task) {
		p->pid = task_pid_nr(task);
		p->tgid = task_tgid_nr(task);
		m3_comm(p->name, task);
	}
	raw_spin_unlock(&p->lock);
}

/*
 * Unbind slot @p: its endpoint dies at once; peers blocked on it wake with
 * @err (-EDEADSRCDST, or -EVMDOWN when the VM ends, which also ends @p's
 * own blocked call). Never sleeps: called from the exit tracepoint.
 */
void m3_unbind_slot(struct m3_slot *p, int err)
{
	struct m3_binding *b;
	int old_ep;

	raw_spin_lock(&p->lock);
	if (!p->task) {
		raw_spin_unlock(&p->lock);
		return;
	}
	old_ep = p->endpoint;
	trace_m3_unbind(p->vm->vmid, old_ep, p->pid, err);
	p->task = NULL;
	b = p->bind;
	p->bind = NULL;
	m3_notify_drop_all_locked(p);
	m3_remote_announce_locked(p, M3_W_UNBIND);
	raw_spin_unlock(&p->lock);

	/* Gone from the map before anyone wakes: a woken thread is unbound. */
	raw_spin_lock(&m3_task_lock);
	hash_del_rcu(&b->node);
	raw_spin_unlock(&m3_task_lock);
	kfree_rcu(b, rcu);

	if (err == -EVMDOWN) {
		/*
		 * The VM ends: every member's own eviction ends its call, after
		 * its binding is gone. Waking the peers blocked on @p here would
		 * let them run while still bound (their slot not evicted yet).
		 */
		m3_cancel_own_call(p, err);
	} else {
		/* A sendrec of its own can still be parked (m3_park()). */
		m3_cancel_own_call(p, err);
		m3_wake_senders(p, err);
		m3_scan_slots(p, old_ep, err);
	}
	m3_slot_release(p);
}

/*
 * Another node has seen generations up to @gen of local slot @p, from
 * before this node was lost to it: endpoints it may still hold. Bind the
 * slot above them; a member bound meanwhile under one of them (before the
 * link came back) is unbound, its call failing EDEADNODE.
 */
void m3_slot_floor(struct m3_slot *p, int gen)
{
	struct m3_vm *vm = p->vm;
	bool clash;
	int next;

	raw_spin_lock(&p->lock);
	clash = p->task && p->gen <= gen;
	raw_spin_unlock(&p->lock);
	if (clash)
		m3_unbind_slot(p, -EDEADNODE);
	raw_spin_lock(&vm->bind_lock);
	raw_spin_lock(&p->lock);
	if (!p->task && p->gen <= gen && !test_bit(p->slot, vm->in_use)) {
		next = m3_next_gen(gen, p->slot);
		if (next >= 0) {
			p->gen = next;
			p->endpoint = M3_ENDPOINT(next, p->slot);
		} else {
			set_bit(p->slot, vm->in_use);
			vm->nr_retired++;
		}
	}
	raw_spin_unlock(&p->lock);
	raw_spin_unlock(&vm->bind_lock);
}

int m3_unbind_current(void)
{
	struct m3_slot *p;
	int err;

	p = m3_current_get(&err);
	if (!p)
		return err;
	m3_unbind_slot(p, -EDEADSRCDST);
	m3_current_put(p);
	return 0;
}
