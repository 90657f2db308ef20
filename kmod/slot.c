// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the slot state machine (see slot.h): naming and locking slots,
 * completing and cancelling a blocked call, notification rows.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/timekeeping.h>

#include "remote.h"

/* End @p's blocked call with @result, for its owner to see. */
void m3_clear_locked(struct m3_slot *p, int result)
{
	lockdep_assert_held(&p->lock);
	p->result = result;
	p->sendto = M3_NONE;
	p->getfrom = M3_NONE;
	p->rcall = false;
	/* Publish result and message before the owner sees it unblocked. */
	smp_store_release(&p->state, 0);
}

/*
 * Complete @p's blocked call with @result and wake its owner. Caller holds
 * p->lock, which the woken thread takes once before it leaves (m3_wait()),
 * so @p->waiter is still there while we wake it. The owner of a remote
 * slot is on another node: the answer is queued for it.
 */
void m3_wake_locked(struct m3_slot *p, int result)
{
	m3_clear_locked(p, result);
	if (unlikely(p->remote))
		m3_remote_done_locked(p, result);
	else
		wake_up_process(p->waiter);
}

/*
 * Hand this CPU to *@t, a thread the caller has just woken (and holds a
 * reference to), if it is to run here: the caller goes on later, but
 * stays runnable. Drops the reference.
 */
void m3_handoff(struct task_struct **t)
{
	if (task_cpu(*t) == raw_smp_processor_id())
		yield_to(*t, false);
	put_task_struct(*t);
	*t = NULL;
}

/*
 * If @p is blocked sending, take it off its destination's senders list
 * and end its call with @err. Takes both locks; true if it did.
 */
bool m3_cancel_send(struct m3_slot *p, int err)
{
	struct m3_slot *q;
	bool done = false;

	raw_spin_lock(&p->lock);
	if (!(p->state & M3_ST_SENDING)) {
		raw_spin_unlock(&p->lock);
		return false;
	}
	q = &p->vm->procs[M3_EP_SLOT(p->sendto)];
	raw_spin_unlock(&p->lock);
	m3_lock2(p, q);
	if ((p->state & M3_ST_SENDING) && !list_empty(&p->send_link)) {
		list_del_init(&p->send_link);
		m3_wake_locked(p, err);
		done = true;
	}
	m3_unlock2(p, q);
	return done;
}

/*
 * End @p's own blocked call, whichever it is, with @err. A call waiting on
 * another node ends here; the node it waits on is told by @p's unbind.
 */
void m3_cancel_own_call(struct m3_slot *p, int err)
{
	raw_spin_lock(&p->lock);
	if ((p->state & M3_ST_RECEIVING) || (p->state && p->rcall))
		m3_wake_locked(p, err);
	raw_spin_unlock(&p->lock);
	m3_cancel_send(p, err);
}

/* A notification from @src: its timestamp is now, @count coalesced. */
void m3_notify_msg(struct m3_message *m, int src, unsigned int count)
{
	memset(m, 0, sizeof(*m));
	m->m_source = src;
	m->m_type = NOTIFY_MESSAGE;
	m->m_u.m_notify.timestamp = ktime_get_ns();
	m->m_u.m_notify.count = count;
}

/*
 * Notify @q from @p: wake @q if it waits for it (true), else leave it
 * pending. Caller holds q->lock and has checked that @q is alive.
 */
bool m3_notify_to_locked(struct m3_slot *p, struct m3_slot *q)
{
	struct m3_message m;

	lockdep_assert_held(&q->lock);
	if ((q->state & M3_ST_RECEIVING) && !(q->state & M3_ST_SENDREC) &&
	    (q->getfrom == M3_ANY || q->getfrom == p->endpoint)) {
		m3_notify_msg(&m, p->endpoint, 1);
		q->msg = m;
		m3_wake_locked(q, 0);
		return true;
	}
	m3_notify_set_locked(q, p->slot);
	return false;
}

/* A notification for @p from slot @src (coalesced, counted up to 255). */
void m3_notify_set_locked(struct m3_slot *p, unsigned int src)
{
	lockdep_assert_held(&p->lock);
	if (!test_and_set_bit(src, p->notify_bits))
		p->nr_notify++;
	if (p->notify_count[src] < U8_MAX)
		p->notify_count[src]++;
}

/* Drop @p's pending notification from slot @src, if any. */
void m3_notify_drop_locked(struct m3_slot *p, unsigned int src)
{
	lockdep_assert_held(&p->lock);
	if (!p->nr_notify || !test_and_clear_bit(src, p->notify_bits))
		return;
	p->notify_count[src] = 0;
	p->nr_notify--;
}

/* Drop every notification pending at @p. */
void m3_notify_drop_all_locked(struct m3_slot *p)
{
	lockdep_assert_held(&p->lock);
	if (!p->nr_notify)
		return;
	bitmap_zero(p->notify_bits, p->vm->max_procs);
	memset(p->notify_count, 0, p->vm->max_procs);
	p->nr_notify = 0;
}
