// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the slot state machine (see slot.h): naming and locking slots,
 * completing and cancelling a blocked call, notification rows.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>

#include "slot.h"

/* End @p's blocked call with @result, for its owner to see. */
void m3_clear_locked(struct m3_slot *p, int result)
{
	lockdep_assert_held(&p->lock);
	p->result = result;
	p->sendto = M3_NONE;
	p->getfrom = M3_NONE;
	/* Publish result and message before the owner sees it unblocked. */
	smp_store_release(&p->state, 0);
}

/*
 * Complete @p's blocked call with @result and wake its owner. Caller holds
 * p->lock, which the woken thread takes once before it leaves (m3_wait()),
 * so @p->waiter is still there while we wake it.
 */
void m3_wake_locked(struct m3_slot *p, int result)
{
	m3_clear_locked(p, result);
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

/* End @p's own blocked call, whichever it is, with @err. */
void m3_cancel_own_call(struct m3_slot *p, int err)
{
	raw_spin_lock(&p->lock);
	if (p->state & M3_ST_RECEIVING)
		m3_wake_locked(p, err);
	raw_spin_unlock(&p->lock);
	m3_cancel_send(p, err);
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
