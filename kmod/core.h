/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC internal definitions.
 *
 * Objects
 *   m3_drvs   one per node (static); admin state, the table of VMs.
 *   m3_vm     a VM: its parameters, its slot array, its membership refs.
 *   m3_slot   one slot of a VM: identity of the bound thread and its IPC
 *             state. Slots are cache-line aligned and live as long as the VM.
 *
 * Locking (outermost first)
 *   m3_drvs.lock (mutex)   DRVS and VM init/end, the VM table, procfs dirs.
 *   m3_bind_mutex (proc.c, mutex)  serializes binds (not unbinds), so that
 *                          "one VM per process" is checked and the slot
 *                          claimed without another thread of the process
 *                          binding in between.
 *   m3_vm.bind_lock        slot allocation, nr_procs, dead_stats.
 *   m3_slot.lock           a slot's identity and IPC state. Two slots are
 *                          locked in slot order (m3_lock2()); a third is
 *                          only ever trylocked.
 *   m3_vm.graph_lock       nested inside slot locks: serializes every new
 *                          blocked-on edge with the deadlock check that
 *                          precedes it, so two edges closing one cycle
 *                          cannot both pass. Taken only on the way to sleep.
 *   m3_task_lock           the task -> slot hash (writers); readers use RCU.
 *                          Taken inside vm->bind_lock by a bind, so that a
 *                          slot is claimed and its binding hashed at once.
 *
 * The message path takes the locks of the two slots involved and nothing
 * shared: pairs never contend with other pairs, in one VM or across VMs.
 *
 * All four spinlocks are raw_spinlock_t: the exit and exec probes
 * (task_hooks.c) unbind from tracepoints, which run with preemption
 * disabled, where PREEMPT_RT's sleeping spinlocks may not be taken. Every
 * section under them is short and bounded (at most one walk of a VM's
 * slots) and never sleeps: no allocation, no task_lock(), user memory
 * only with page faults disabled.
 *
 * Lifetime
 *   A VM holds a percpu_ref (vm->users): the VM table holds the initial ref,
 *   every ioctl inside the VM holds one for its duration. vm_end kills the
 *   ref, wakes and unbinds every member and returns; when the last caller
 *   has left, the VM is freed on m3_vm_wq after an RCU grace period (slots
 *   are found from tasks under RCU, and the exit hook runs under RCU).
 *   Module exit waits for every such free.
 *
 * Blocking
 *   A blocked thread sleeps (no wait queue: it is its slot's only waiter)
 *   until its state is cleared by whoever completes its call; that waker
 *   writes the result and the message first, releases the state last
 *   (smp_store_release) and wakes the thread, all under the slot's lock.
 *   A blocked sender keeps its one outgoing message in its own slot and is
 *   linked on the destination's senders list (protected by the
 *   destination's lock). There is no other kernel buffering of messages.
 */
#ifndef M3_CORE_H
#define M3_CORE_H

#include <linux/cache.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu-refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "uapi/m3ipc.h"
#include "wire.h"

struct proc_dir_entry;
struct m3_binding;
struct m3_rcopy;
struct m3_rjob;
struct task_struct;

/* Blocked states: M3_ST_SENDING or M3_ST_RECEIVING, plus M3_ST_SENDREC. */
#define M3_ST_BLOCKED	(M3_ST_SENDING | M3_ST_RECEIVING)

/**
 * struct m3_slot - one slot of a VM
 * @lock:	protects every field below except where noted
 * @task:	the bound thread, NULL when the slot is free
 * @vm:		owning VM (constant)
 * @slot:	index in vm->procs (constant)
 * @endpoint:	current endpoint; (gen << 15) + slot
 * @gen:	generation, advanced at every unbind
 * @pid:	thread id in the initial pid namespace
 * @tgid:	process id in the initial pid namespace
 * @name:	comm of the thread at bind
 * @state:	M3_ST_* while blocked, 0 otherwise; read locklessly by the
 *		deadlock check and by the sleeping owner
 * @sendto:	destination while M3_ST_SENDING
 * @getfrom:	source (or M3_ANY) while M3_ST_RECEIVING
 * @result:	result of the blocked call, written by the waker
 * @senders:	slots blocked sending to this one, FIFO
 * @send_link:	node in the destination's @senders (under its lock)
 * @msg:	outgoing message while sending; delivered message after
 *		a receive completed by a waker
 * @notify_bits: pending notifications, one bit per source slot; NULL until
 *		the slot is first bound (one allocation with @notify_count,
 *		kept until the VM is freed)
 * @notify_count: notifications coalesced per source slot (saturating)
 * @nr_notify:	bits set in @notify_bits: receive and unbind skip the row
 *		when nothing is pending
 * @parked:	a sendrec of the owner waits for its reply while the owner
 *		is out of the kernel (a signal came, see m3_park()); only
 *		the owner writes it, and a bind clears it
 * @waiter:	the thread of the slot's last bind, the only one that can
 *		block in it; unlike @task it survives the unbind, so a member
 *		evicted while blocked can still be woken. Wakers wake it under
 *		@lock (see m3_wait()); used only while @state is nonzero
 * @bind:	the binding in the task map while bound
 * @st:		counters (enum m3_stat), written by the owner thread only
 *		(no lock; readers use READ_ONCE)
 *
 * Across nodes (remote.c). A slot owned by another node stands for the
 * member bound there (@task is M3_REMOTE_TASK while one is): a call that
 * member makes to this node is carried out here as if it were blocked in
 * that slot, and completing it sends its answer home instead of waking a
 * thread.
 * @node:	the node that owns the slot (constant)
 * @remote:	@node is not this node (constant)
 * @rcall:	the owner's blocked call waits on another node (local slots)
 * @rcancel:	where cancelling that call stands (M3_RC_*)
 * @rseen:	a member of this remote slot was seen; @gen is the highest
 * @rseq:	the number of the current call across nodes: a local slot's
 *		own, or the remote caller's
 * @tx_link:	on the transport's queue while @out waits to be sent
 * @out:	the frame the slot must send next: a remote caller's answer, or
 *		a local member's bind or unbind for the other nodes
 * @rcopy:	the owner's vcopy with a party on another node (rcopy.c)
 * @rjob:	a remote caller's vcopy with a party here: its job (rjob.c)
 * @vseq:	the number of that caller's last copy here, whose late
 *		chunks are dropped once it has ended
 */
struct m3_slot {
	raw_spinlock_t lock;
	struct task_struct *task;
	struct m3_vm *vm;
	int slot;
	int endpoint;
	int gen;
	pid_t pid;
	pid_t tgid;
	char name[M3_NAME_LEN];
	unsigned int state;
	int sendto;
	int getfrom;
	int result;
	struct list_head senders;
	struct list_head send_link;
	struct m3_message msg;
	unsigned long *notify_bits;
	u8 *notify_count;
	unsigned int nr_notify;
	bool parked;
	struct task_struct *waiter;
	struct m3_binding *bind;
	u64 st[M3_NR_SLOT_STATS];
	u16 node;
	bool remote;
	bool rcall;
	u8 rcancel;
	bool rseen;
	u32 rseq;
	struct list_head tx_link;
	union m3_wire_frame out;
	struct m3_rcopy *rcopy;
	struct m3_rjob *rjob;
	u32 vseq;
} ____cacheline_aligned_in_smp;

/* The task of a slot whose member is bound on another node. */
#define M3_REMOTE_TASK	((struct task_struct *)ERR_PTR(-EREMOTE))

/**
 * struct m3_vm - a VM
 * @params:	parameters with defaults applied (constant)
 * @vmid:	index in the VM table (constant)
 * @max_procs:	copy of params.max_procs (constant)
 * @dying:	set by vm_end (under @bind_lock) before members are evicted
 * @users:	callers inside the VM plus the VM table's reference
 * @bind_lock:	slot allocation, @nr_procs, @dead_stats
 * @graph_lock:	deadlock detection, see the locking notes above
 * @nr_procs:	bound slots
 * @dead_stats:	counters of slots already unbound
 * @procdir:	/proc/m3ipc/vm<ID>
 * @free_work:	frees the VM a grace period after its last users ref
 * @procs:	the slots
 * @in_use:	a bit per allocated slot, written under @bind_lock; set from
 *		bind until an unbind has finished waking everyone, so a slot
 *		is never reused while its old endpoint's waiters are still
 *		being woken, and for good once the slot is retired (its
 *		generations used up). Unbind reads it without the lock to
 *		visit only the slots that can be blocked on the dying endpoint
 * @nr_rows:	slots that have notification rows (under @bind_lock)
 * @nr_retired:	slots retired (under @bind_lock)
 * @mem_budget:	what the VM may take at most, reserved from the module's
 *		memory limit until it is freed (constant)
 * @nr_nodes:	nodes the VM spans (constant); above 1, its members' binds
 *		and unbinds are announced to the others
 * @rjobs:	copy jobs here of its members on other nodes (rjob.c)
 */
struct m3_vm {
	struct m3_vm_params params;
	int vmid;
	int max_procs;
	bool dying;
	struct percpu_ref users;
	raw_spinlock_t bind_lock;
	raw_spinlock_t graph_lock;
	int nr_procs;
	struct m3_vm_stats dead_stats;
	struct proc_dir_entry *procdir;
	struct rcu_work free_work;
	struct m3_slot *procs;
	unsigned long *in_use;
	int nr_rows;
	int nr_retired;
	size_t mem_budget;
	int nr_nodes;
	atomic_t rjobs;
};

/* One slot's notification row: a bit and a count per source slot. */
static inline size_t m3_row_bytes(unsigned int max_procs)
{
	return BITS_TO_LONGS(max_procs) * sizeof(long) + max_procs;
}

static inline size_t m3_notify_row_size(const struct m3_vm *vm)
{
	return m3_row_bytes(vm->max_procs);
}

/**
 * struct m3_drvs - the node's DRVS
 * @lock:	protects everything here; VM init/end and procfs
 * @initialized: true between drvs_init and drvs_end
 * @nodeid:	this node
 * @params:	with defaults applied
 * @nr_vms:	live VMs
 * @vms:	VM table; written under @lock, read under RCU
 */
struct m3_drvs {
	struct mutex lock;
	bool initialized;
	int nodeid;
	struct m3_drvs_params params;
	unsigned int nr_vms;
	struct m3_vm __rcu *vms[M3_MAX_VMS];
};

extern struct m3_drvs m3_drvs;
extern int m3_param_nodeid;
extern unsigned int m3_param_max_copy;
extern unsigned long m3_param_max_mem_mb;

/* drvs.c */
int m3_drvs_init(int nodeid, const struct m3_drvs_params *p);
int m3_drvs_end(void);
int m3_drvs_ioctl_init(void __user *arg);

/* vm.c */
int m3_vm_wq_init(void);
void m3_vm_wq_uninit(void);
int m3_vm_create(struct m3_vm_params *p);
int m3_vm_end_locked(int vmid);
int m3_vm_end(int vmid);
struct m3_vm *m3_vm_get(int vmid);	/* a users ref, or NULL */
void m3_vm_put(struct m3_vm *vm);
size_t m3_vm_mem_size(const struct m3_vm *vm);
long m3_vm_mem_reserved(void);
u64 m3_vm_mem_limit(void);

/* proc.c */
int m3_bind(int vmid, int p_nr);
int m3_unbind_current(void);
void m3_unbind_slot(struct m3_slot *p, int why);
void m3_slot_exec(struct m3_slot *p, struct task_struct *task);
struct m3_slot *m3_current_get(int *err);
struct m3_slot *m3_task_lookup(struct task_struct *task);

/* Leave the VM that m3_current_get() entered. */
static inline void m3_current_put(struct m3_slot *p)
{
	percpu_ref_put(&p->vm->users);
}

/* task_hooks.c */
int m3_task_hooks_init(void);
void m3_task_hooks_uninit(void);

/* ipc.c */
long m3_ioctl_ipc(unsigned int cmd, void __user *arg);
long m3_ioctl_notify(int dst);

/* copy.c */
long m3_ioctl_vcopy(void __user *arg);

/* query.c */
long m3_ioctl_drvs_info(void __user *arg);
long m3_ioctl_vm_info(void __user *arg);
long m3_ioctl_proc_info(void __user *arg);
long m3_ioctl_whois(void __user *arg);
void m3_vm_stats_sum(struct m3_vm *vm, struct m3_vm_stats *s);
int m3_proc_fill(struct m3_slot *p, struct m3_proc_info *i);

/* procfs.c */
int m3_procfs_init(void);
void m3_procfs_uninit(void);
void m3_procfs_vm_add(struct m3_vm *vm);
void m3_procfs_vm_remove(struct m3_vm *vm);

#endif /* M3_CORE_H */
