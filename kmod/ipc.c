// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: send, receive, sendrec, replyrec, notify.
 *
 * A call locks the caller's slot and, for a named peer, the peer's slot
 * (m3_lock2). If the peer is already waiting, the message moves at once and
 * the peer is woken; otherwise the caller publishes its blocked state and
 * sleeps until a peer completes the call, a timeout, a signal, the peer's
 * death or the end of the VM. A call that a signal interrupts before it
 * has done anything is restarted by the kernel unless a handler runs; see
 * "Restarts" in the uapi header for the two calls that have done half.
 *
 * Messages reach user space of a receiver either directly from the blocked
 * sender's slot, copied under the locks with page faults disabled (retried
 * after faulting the page in: the sender is dequeued only once the copy has
 * succeeded, so nothing is lost), or from the receiver's own slot after a
 * waker put it there; in that case the receiver's buffer was probed before
 * it went to sleep.
 */
#include <linux/jiffies.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "remote.h"
#include "ucopy.h"
#include "xport.h"
#include "m3_trace.h"

struct m3_call {
	struct m3_slot *p;
	struct m3_message __user *umsg;
	struct m3_ipc_args __user *uargs;	/* rewritten for restarts */
	unsigned int flags;
	ktime_t deadline;	/* CLOCK_MONOTONIC; KTIME_MAX: none */
	int got_src;		/* what a receive took, for the trace */
	int got_type;
	bool handoff;		/* hand the CPU to a receiver we wake */
	struct task_struct *woken;	/* that receiver, referenced */
};

static int m3_put_msg_nofault(struct m3_message __user *u, const struct m3_message *m)
{
	int ret;

	pagefault_disable();
	ret = m3_msg_to_user(u, m);
	pagefault_enable();
	return ret ? M3_FAULT : 0;
}

static int m3_probe_msg_nofault(struct m3_message __user *u)
{
	int ret;

	pagefault_disable();
	ret = m3_msg_probe(u);
	pagefault_enable();
	return ret ? M3_FAULT : 0;
}

static int m3_fault_in(struct m3_message __user *u)
{
	return m3_msg_probe(u);
}

/* The slot of destination @ep for a call by @p. */
static __always_inline int m3_resolve(struct m3_slot *p, int ep, struct m3_slot **q)
{
	int ret = m3_ep_to_slot(p->vm, ep, q);

	if (ret == 0 && *q == p)
		ret = ep == p->endpoint ? -EBADSRCDST : -EDEADSRCDST;
	return ret;
}

/*
 * Would @p, blocking on @ep, close a cycle of blocked processes? Follows the
 * chain of blocked-on endpoints. Called with vm->graph_lock held, which
 * every new edge takes, so of two edges closing one cycle the second sees
 * the first. Edges vanish without that lock, which can only break cycles.
 */
static bool m3_closes_cycle(struct m3_slot *p, int ep)
{
	struct m3_vm *vm = p->vm;
	struct m3_slot *x;
	unsigned int st;
	int hops;

	for (hops = 0; hops < vm->max_procs; hops++) {
		/* Chains that leave the node are not followed. */
		if (m3_ep_to_slot(vm, ep, &x) || x->remote ||
		    READ_ONCE(x->endpoint) != ep)
			return false;
		st = READ_ONCE(x->state);
		if (st & M3_ST_SENDING)
			ep = READ_ONCE(x->sendto);
		else if (st & M3_ST_RECEIVING)
			ep = READ_ONCE(x->getfrom);
		else
			return false;
		if (ep == p->endpoint)
			return true;
	}
	return false;
}

/* Publish @p as blocked in @st on @ep (queued on @q when sending). */
static void m3_publish_block(struct m3_slot *p, struct m3_slot *q,
			     unsigned int st, int ep)
{
	if (st & M3_ST_SENDING) {
		p->sendto = ep;
		list_add_tail(&p->send_link, &q->senders);
	} else {
		p->getfrom = ep;
	}
	WRITE_ONCE(p->state, st);
}

/*
 * Block @p in @st on @ep (slot @q, NULL for ANY) unless that closes a
 * cycle of blocked slots. Caller holds p->lock, and q->lock unless @q is
 * NULL.
 *
 * A peer that is not blocked itself cannot be on a cycle, and needs no
 * walk: every edge into a slot is published under that slot's lock, which
 * we hold, so when @q later blocks it sees our edge, and an edge that
 * closes a cycle always points at a blocked slot, whose blocker walks the
 * chain under graph_lock.
 */
static int m3_block_locked(struct m3_call *c, struct m3_slot *q,
			   unsigned int st, int ep)
{
	struct m3_slot *p = c->p;
	bool cycle;

	lockdep_assert_held(&p->lock);
	if (c->flags & M3_IPC_NONBLOCK)
		return -ENOTREADY;
	if (!q || !q->state) {
		m3_publish_block(p, q, st, ep);
		return M3_BLOCKED;
	}
	raw_spin_lock(&p->vm->graph_lock);
	cycle = m3_closes_cycle(p, ep);
	if (!cycle)
		m3_publish_block(p, q, st, ep);
	raw_spin_unlock(&p->vm->graph_lock);
	if (!cycle)
		return M3_BLOCKED;
	trace_m3_deadlock(p->vm->vmid, p->endpoint, ep);
	return -ELOCKED;
}

/*
 * Undo @p's blocked call after a signal or timeout (@err), unless it
 * completed meanwhile (its result). A sendrec whose request was taken is
 * not undone by a signal that is not fatal: it is parked (M3_PARKED), the
 * reply still goes to the slot, and the restarted call collects it.
 */
static int m3_cancel(struct m3_slot *p, int err)
{
	int ret = err;

	if (READ_ONCE(p->rcall))
		return m3_remote_cancel(p, err);
	raw_spin_lock(&p->lock);
	if (!p->state) {
		ret = p->result;
	} else if (p->state & M3_ST_RECEIVING) {
		if ((p->state & M3_ST_SENDREC) && err == -EINTR &&
		    !fatal_signal_pending(current))
			ret = M3_PARKED;
		else
			m3_clear_locked(p, err);
	} else {
		raw_spin_unlock(&p->lock);
		/* Sending: dequeue it, unless it moved on meanwhile. */
		return m3_cancel_send(p, err) ? err : m3_cancel(p, err);
	}
	raw_spin_unlock(&p->lock);
	return ret;
}

/* Jiffies left until @c's deadline: 0 when it has passed. */
static long m3_time_left(const struct m3_call *c)
{
	s64 ns;

	if (c->deadline == KTIME_MAX)
		return MAX_SCHEDULE_TIMEOUT;
	ns = ktime_to_ns(ktime_sub(c->deadline, ktime_get()));
	if (ns <= 0)
		return 0;
	return min_t(u64, nsecs_to_jiffies64(ns) + 1, MAX_SCHEDULE_TIMEOUT - 1);
}

/*
 * A signal interrupted @c with nothing done: restart it unless a handler
 * runs (a stop, a freeze or an ignored signal is invisible to the caller);
 * a fatal signal ends it.
 */
static int m3_interrupted(void)
{
	return fatal_signal_pending(current) ? -EINTR : -ERESTARTNOHAND;
}

/*
 * Sleep until @p's call completes; its result. Wakers clear the state and
 * call wake_up_process() under p->lock; no wait queue in between. The
 * sleep is freezable: the system and cgroup freezers stop a blocked caller
 * where it sleeps, and it carries on when thawed.
 */
static int m3_wait(struct m3_call *c)
{
	struct m3_slot *p = c->p;
	bool across = p->vm->nr_nodes > 1;
	long t;
	int ret;

	/* What this call left for other nodes goes before it sleeps. */
	m3_xport_flush_pending();
	for (;;) {
		/* Frames that come meanwhile are read here (xport.c). */
		if (across)
			m3_xport_rx_sleep();
		set_current_state(TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		if (m3_unblocked(p))
			break;
		t = m3_time_left(c);
		if (t && !signal_pending(current)) {
			schedule_timeout(t);
			continue;
		}
		__set_current_state(TASK_RUNNING);
		if (across)
			m3_xport_rx_awake();
		/* m3_cancel() takes p->lock: no waker is left inside. */
		ret = m3_cancel(p, t ? -EINTR : -ETIMEDOUT);
		return ret == -EINTR && t ? m3_interrupted() : ret;
	}
	__set_current_state(TASK_RUNNING);
	if (across)
		m3_xport_rx_awake();
	/* Let a waker that is still in wake_up_process() for us finish. */
	raw_spin_lock(&p->lock);
	raw_spin_unlock(&p->lock);
	return READ_ONCE(p->result);
}

/*
 * The send half of send, sendrec and replyrec: 0 when delivered (for a
 * sendrec, @p then waits for the reply: M3_BLOCKED), M3_BLOCKED when @p
 * sleeps as a sender, or an error.
 */
static int m3_send_locked(struct m3_call *c, struct m3_slot *q, int dst,
			  struct m3_message *m, bool sendrec)
{
	struct m3_slot *p = c->p;

	lockdep_assert_held(&p->lock);
	lockdep_assert_held(&q->lock);
	if (p->task != current)
		return -EVMDOWN;
	/* A member of another node: its node decides, unless it waits here. */
	if (!m3_alive(q, dst))
		return q->remote ? M3_FORWARD : -EDEADSRCDST;
	if (sendrec && m3_probe_msg_nofault(c->umsg))
		return M3_FAULT;
	m->m_source = p->endpoint;
	if (m3_deliver_locked(p, q, m)) {
		if (c->handoff && !q->remote)
			c->woken = get_task_struct(q->waiter);
		if (!sendrec)
			return 0;
		p->getfrom = dst;
		WRITE_ONCE(p->state, M3_ST_RECEIVING | M3_ST_SENDREC);
		return M3_BLOCKED;
	}
	if (q->remote)
		return M3_FORWARD;
	p->msg = *m;
	return m3_block_locked(c, q, M3_ST_SENDING |
			       (sendrec ? M3_ST_SENDREC : 0), dst);
}

/* The send half of a call whose destination is on another node. */
static int m3_send_remote(struct m3_call *c, struct m3_slot *q, int dst,
			  struct m3_message *m, bool sendrec)
{
	unsigned int wflags = 0;

	if (sendrec) {
		if (m3_msg_probe(c->umsg))
			return -EFAULT;
		wflags |= M3_WF_SENDREC;
	}
	if (c->flags & M3_IPC_NONBLOCK)
		wflags |= M3_WF_NONBLOCK;
	m->m_source = c->p->endpoint;
	return m3_remote_call(c->p, q, dst, m, wflags);
}

static int m3_send(struct m3_call *c, int dst, struct m3_message *m, bool sendrec)
{
	struct m3_slot *p = c->p, *q;
	int ret;

	ret = m3_resolve(p, dst, &q);
	if (ret < 0)
		return ret;
	do {
		m3_lock2(p, q);
		ret = m3_send_locked(c, q, dst, m, sendrec);
		m3_unlock2(p, q);
	} while (ret == M3_FAULT && !(ret = m3_fault_in(c->umsg)));
	if (unlikely(ret == M3_FORWARD))
		ret = m3_send_remote(c, q, dst, m, sendrec);
	if (ret == M3_BLOCKED)
		ret = m3_wait(c);
	trace_m3_send(p->vm->vmid, m->m_source, dst, m->m_type, ret);
	if (ret == 0 || ret == M3_PARKED)
		p->st[M3_STAT_SENDS]++;
	return ret;
}

/*
 * The pending notification bit of @p from @q (or the first from anyone if
 * NULL), or max_procs. A source whose unbind has begun (task NULL) but has
 * not yet reached @p's row is dropped here: once a member is seen unbound,
 * nothing more is received from it.
 */
static unsigned int m3_notify_bit_locked(struct m3_slot *p, struct m3_slot *q)
{
	struct m3_vm *vm = p->vm;
	unsigned int bit;

	lockdep_assert_held(&p->lock);
	while (p->nr_notify) {
		bit = q ? q->slot : find_first_bit(p->notify_bits, vm->max_procs);
		if (bit >= vm->max_procs || !test_bit(bit, p->notify_bits))
			break;
		if (READ_ONCE(vm->procs[bit].task))
			return bit;
		m3_notify_drop_locked(p, bit);
	}
	return vm->max_procs;
}

/* A pending notification for @p from @q (or anyone if NULL) into @u. */
static int m3_take_notify_locked(struct m3_call *c, struct m3_slot *q)
{
	struct m3_slot *p = c->p;
	struct m3_vm *vm = p->vm;
	unsigned int bit;
	struct m3_message m;

	bit = m3_notify_bit_locked(p, q);
	if (bit >= vm->max_procs)
		return M3_NOTHING_PENDING;
	m3_notify_msg(&m, READ_ONCE(vm->procs[bit].endpoint),
		      p->notify_count[bit]);
	if (m3_put_msg_nofault(c->umsg, &m))
		return M3_FAULT;
	c->got_src = m.m_source;
	c->got_type = m.m_type;
	m3_notify_drop_locked(p, bit);
	return 0;
}

/*
 * The first sender queued on @p from @src (or anyone): senders whose
 * unbind has begun are left for it to remove.
 */
static struct m3_slot *m3_first_sender(struct m3_slot *p, int src)
{
	struct m3_slot *s;

	list_for_each_entry(s, &p->senders, send_link)
		if ((src == M3_ANY || s->endpoint == src) &&
		    READ_ONCE(s->task))
			return s;
	return NULL;
}

/* Take the message of queued sender @s. Both locked. */
static int m3_take_sender_locked(struct m3_call *c, struct m3_slot *s)
{
	struct m3_slot *p = c->p;

	lockdep_assert_held(&p->lock);
	lockdep_assert_held(&s->lock);
	if (m3_put_msg_nofault(c->umsg, &s->msg))
		return M3_FAULT;
	c->got_src = s->msg.m_source;
	c->got_type = s->msg.m_type;
	list_del_init(&s->send_link);
	if (s->state & M3_ST_SENDREC) {
		s->sendto = M3_NONE;
		s->getfrom = p->endpoint;
		WRITE_ONCE(s->state, M3_ST_RECEIVING | M3_ST_SENDREC);
	} else {
		m3_wake_locked(s, 0);
	}
	return 0;
}

/* Receive from anyone: only @p is locked, a sender is locked on demand. */
static int m3_receive_any_locked(struct m3_call *c)
{
	struct m3_slot *p = c->p, *s;
	int ret;

	lockdep_assert_held(&p->lock);
	s = m3_first_sender(p, M3_ANY);
	if (!s) {
		ret = m3_probe_msg_nofault(c->umsg);
		return ret ?: m3_block_locked(c, NULL, M3_ST_RECEIVING, M3_ANY);
	}
	if (s->slot > p->slot) {
		raw_spin_lock_nested(&s->lock, SINGLE_DEPTH_NESTING);
	} else if (!raw_spin_trylock(&s->lock)) {
		/* Wrong order: retry with both locks taken in order. */
		raw_spin_unlock(&p->lock);
		m3_lock2(p, s);
		m3_unlock2(p, s);
		raw_spin_lock(&p->lock);
		return M3_RETRY;
	}
	/* Its unbind began after we looked: look again, skipping it. */
	ret = s->task ? m3_take_sender_locked(c, s) : M3_RETRY;
	raw_spin_unlock(&s->lock);
	return ret;
}

static int m3_receive_locked(struct m3_call *c, struct m3_slot *q, int src)
{
	struct m3_slot *p = c->p;
	int ret;

	lockdep_assert_held(&p->lock);
	if (p->task != current)
		return -EVMDOWN;
	if (q && !m3_alive(q, src))
		return -EDEADSRCDST;
	ret = m3_take_notify_locked(c, q);
	if (ret != M3_NOTHING_PENDING)
		return ret;
	if (!q)
		return m3_receive_any_locked(c);
	if (m3_first_sender(p, src))
		return m3_take_sender_locked(c, q);
	ret = m3_probe_msg_nofault(c->umsg);
	return ret ?: m3_block_locked(c, q, M3_ST_RECEIVING, src);
}

static int m3_receive(struct m3_call *c, int src)
{
	struct m3_slot *p = c->p, *q = NULL;
	int ret;

	if (src != M3_ANY) {
		ret = m3_resolve(p, src, &q);
		if (ret < 0)
			return ret;
	}
	for (;;) {
		m3_lock_call(p, q);
		ret = m3_receive_locked(c, q, src);
		m3_unlock_call(p, q);
		if (ret == M3_FAULT)
			ret = m3_fault_in(c->umsg) ?: M3_RETRY;
		if (ret != M3_RETRY)
			break;
	}
	if (ret == M3_BLOCKED) {
		ret = m3_wait(c);
		c->got_src = p->msg.m_source;
		c->got_type = p->msg.m_type;
		if (ret == 0 && m3_msg_to_user(c->umsg, &p->msg))
			ret = -EFAULT;
	}
	trace_m3_receive(p->vm->vmid, p->endpoint, src,
			 ret ? M3_NONE : c->got_src, ret ? 0 : c->got_type, ret);
	if (ret == 0)
		p->st[M3_STAT_RECEIVES]++;
	return ret;
}

/*
 * A signal came while @c's sendrec waited for its reply: leave the call
 * parked (the reply still comes to the slot) and mark the argument block
 * so that the restart, which follows even a handler, only collects it.
 * If the block cannot be written the call ends here (-EFAULT) unless the
 * reply came meanwhile.
 */
static int m3_park(struct m3_call *c)
{
	struct m3_slot *p = c->p;

	if (!put_user(c->flags | M3_IPC_RESUME, &c->uargs->flags)) {
		p->parked = true;
		return -ERESTARTNOINTR;
	}
	raw_spin_lock(&p->lock);
	if (p->state)
		m3_clear_locked(p, -EFAULT);
	raw_spin_unlock(&p->lock);
	return p->result;
}

/* The restart of a parked sendrec: wait for the reply again. */
static int m3_sendrec_resume(struct m3_call *c)
{
	if (!c->p->parked)
		return -EINVAL;
	c->p->parked = false;
	return m3_wait(c);
}

static int m3_sendrec(struct m3_call *c, int ep)
{
	struct m3_slot *p = c->p;
	struct m3_message m __uninitialized;
	int ret;

	if (c->flags & M3_IPC_RESUME) {
		ret = m3_sendrec_resume(c);
	} else {
		if (m3_msg_from_user(&m, c->umsg))
			return -EFAULT;
		ret = m3_send(c, ep, &m, true);
	}
	if (ret == M3_PARKED)
		ret = m3_park(c);
	if (ret == 0 && m3_msg_to_user(c->umsg, &p->msg))
		ret = -EFAULT;
	if (ret == 0)
		p->st[M3_STAT_RECEIVES]++;
	trace_m3_receive(p->vm->vmid, p->endpoint, ep,
			 ret ? M3_NONE : p->msg.m_source,
			 ret ? 0 : p->msg.m_type, ret);
	return ret;
}

/*
 * Reply to @reply_ep without blocking, then receive from @src. If the
 * receive is to be restarted after the reply went, the argument block is
 * rewritten to a replyrec to M3_NONE, which only receives.
 */
static int m3_replyrec(struct m3_call *c, int reply_ep, int src)
{
	unsigned int flags = c->flags;
	struct m3_message m __uninitialized;
	int ret;

	if (reply_ep != M3_NONE) {
		if (m3_msg_from_user(&m, c->umsg))
			return -EFAULT;
		c->flags = M3_IPC_NONBLOCK;
		c->handoff = true;
		ret = m3_send(c, reply_ep, &m, false);
		c->handoff = false;
		c->flags = flags;
		/*
		 * The reply woke its receiver, and this thread is about to
		 * block in the receive: let the receiver run first. Its next
		 * request then waits for us as a queued sender, taken without
		 * a sleep and a wake-up on our side (docs/performance.md).
		 */
		if (c->woken)
			m3_handoff(&c->woken);
		if (ret)
			return ret;
	}
	ret = m3_receive(c, src);
	if (ret == -ERESTARTNOHAND && reply_ep != M3_NONE &&
	    put_user(M3_NONE, &c->uargs->ep))
		ret = -EINTR;
	return ret;
}

static __always_inline long m3_ipc_dispatch(struct m3_call *c, unsigned int cmd,
			    const struct m3_ipc_args *a)
{
	struct m3_message m __uninitialized;

	switch (cmd) {
	case M3_IOC_SEND:
		if (m3_msg_from_user(&m, c->umsg))
			return -EFAULT;
		return m3_send(c, a->ep, &m, false);
	case M3_IOC_RECEIVE:
		return m3_receive(c, a->ep);
	case M3_IOC_SENDREC:
		return m3_sendrec(c, a->ep);
	case M3_IOC_REPLYREC:
		return m3_replyrec(c, a->ep, a->src);
	}
	return -ENOTTY;
}

static bool m3_ipc_args_bad(unsigned int cmd, const struct m3_ipc_args *a)
{
	unsigned int timed = a->flags & (M3_IPC_TIMEOUT | M3_IPC_DEADLINE);

	return (a->flags & ~M3_IPC_FLAGS_ALL) || a->pad ||
	       timed == (M3_IPC_TIMEOUT | M3_IPC_DEADLINE) ||
	       (timed && a->timeout_ms < 0) ||
	       ((a->flags & M3_IPC_RESUME) && cmd != M3_IOC_SENDREC);
}

/* The absolute deadline of a call, KTIME_MAX for none. */
static ktime_t m3_deadline(const struct m3_ipc_args *a)
{
	if (a->flags & M3_IPC_DEADLINE)
		return a->deadline_ns;
	if (a->flags & M3_IPC_TIMEOUT)
		return ktime_add_ms(ktime_get(), min_t(s64, a->timeout_ms,
						       INT_MAX));
	return KTIME_MAX;
}

long m3_ioctl_ipc(unsigned int cmd, void __user *arg)
{
	struct m3_ipc_args a __uninitialized;
	struct m3_call c __uninitialized;
	long ret;
	int err;

	if (m3_ipc_args_from_user(&a, arg))
		return -EFAULT;
	if (m3_ipc_args_bad(cmd, &a))
		return -EINVAL;
	c.umsg = u64_to_user_ptr(a.msg);
	if (!access_ok(c.umsg, sizeof(struct m3_message)))
		return -EFAULT;
	c.p = m3_current_get(&err);
	if (!c.p)
		return err;
	c.uargs = arg;
	c.flags = a.flags;
	c.got_src = M3_NONE;
	c.got_type = 0;
	c.handoff = false;
	c.woken = NULL;
	c.deadline = m3_deadline(&a);
	/* A sendrec parked for its reply: only its restart may go on. */
	if (c.p->parked && !(a.flags & M3_IPC_RESUME))
		ret = -EBUSY;
	else
		ret = m3_ipc_dispatch(&c, cmd, &a);
	if (ret < 0 && ret != -ERESTARTNOHAND && ret != -ERESTARTNOINTR)
		c.p->st[M3_STAT_ERRORS]++;
	m3_current_put(c.p);
	return ret;
}

long m3_ioctl_notify(int dst)
{
	struct task_struct *woken = NULL;
	struct m3_slot *p, *q;
	int ret;

	p = m3_current_get(&ret);
	if (!p)
		return ret;
	/* A sendrec parked for its reply: only its restart may go on. */
	ret = p->parked ? -EBUSY : m3_resolve(p, dst, &q);
	if (ret < 0)
		goto out;
	if (unlikely(q->remote)) {
		ret = m3_remote_notify(p, q, dst);
		goto out;
	}
	raw_spin_lock(&q->lock);
	if (!m3_alive(q, dst))
		ret = -EDEADSRCDST;
	else if (m3_notify_to_locked(p, q))
		woken = get_task_struct(q->waiter);
	raw_spin_unlock(&q->lock);
	if (woken)
		m3_handoff(&woken);
out:
	trace_m3_notify(p->vm->vmid, p->endpoint, dst, ret);
	if (ret == 0)
		p->st[M3_STAT_NOTIFIES]++;
	else
		p->st[M3_STAT_ERRORS]++;
	m3_current_put(p);
	return ret;
}
