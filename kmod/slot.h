/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the slot state machine, in one place. A slot is free (no task),
 * bound and running (state 0), or bound and blocked: M3_ST_SENDING on
 * @sendto (linked on that slot's senders list), M3_ST_RECEIVING from
 * @getfrom, either with M3_ST_SENDREC. Everything that moves a slot
 * between those states, locks two slots, names a slot by endpoint or
 * touches a notification row is here; ipc.c (the calls) and proc.c
 * (bind, unbind) use these and never each other.
 */
#ifndef M3_SLOT_H
#define M3_SLOT_H

#include <linux/lockdep.h>

#include "core.h"

/*
 * What a step of a call did, besides 0 (done) and -errno (failed). Never
 * returned to user space.
 */
enum m3_step {
	M3_BLOCKED = 1,		/* state published: sleep */
	M3_PARKED,		/* sendrec: a signal while its reply is pending */
	M3_FAULT,		/* user page not present: fault it in, again */
	M3_RETRY,		/* locks dropped to respect their order: again */
	M3_NOTHING_PENDING,	/* no notification to take */
	M3_NEED_ROW,		/* a slot's first bind: allocate its row, again */
	M3_FORWARD,		/* the peer's node carries the call out */
};

/* Is @p bound, and is @ep (still) its endpoint? Caller holds p->lock. */
static inline bool m3_alive(const struct m3_slot *p, int ep)
{
	return p->task && p->endpoint == ep;
}

/* Has @p's call completed? Read by the sleeping owner without the lock. */
static inline bool m3_unblocked(struct m3_slot *p)
{
	/* Pairs with m3_clear_locked(): the result and message come first. */
	return !smp_load_acquire(&p->state);
}

void m3_clear_locked(struct m3_slot *p, int result);
void m3_wake_locked(struct m3_slot *p, int result);

/* If @q waits for a message from @p, hand it @m and wake it. */
static inline bool m3_deliver_locked(struct m3_slot *p, struct m3_slot *q,
				     const struct m3_message *m)
{
	unsigned int st = q->state;

	lockdep_assert_held(&p->lock);
	lockdep_assert_held(&q->lock);
	if (!(st & M3_ST_RECEIVING))
		return false;
	if (q->getfrom != p->endpoint &&
	    (q->getfrom != M3_ANY || (st & M3_ST_SENDREC)))
		return false;
	q->msg = *m;
	m3_wake_locked(q, 0);
	return true;
}

/* Resolve @ep (not ANY/NONE/SELF) to its slot in @vm; liveness not checked. */
static inline int m3_ep_to_slot(struct m3_vm *vm, int ep, struct m3_slot **out)
{
	int slot;

	if (ep < 0 || ep == M3_ANY || ep == M3_NONE || ep == M3_SELF)
		return -EBADSRCDST;
	slot = M3_EP_SLOT(ep);
	if (slot >= vm->max_procs)
		return -EBADSRCDST;
	*out = &vm->procs[slot];
	return 0;
}

/* Lock two distinct slots of one VM, lower slot first. */
static inline void m3_lock2(struct m3_slot *a, struct m3_slot *b)
	__acquires(&a->lock) __acquires(&b->lock)
{
	if (a->slot > b->slot)
		swap(a, b);
	raw_spin_lock(&a->lock);
	raw_spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}

static inline void m3_unlock2(struct m3_slot *a, struct m3_slot *b)
	__releases(&b->lock) __releases(&a->lock)
{
	raw_spin_unlock(&b->lock);
	raw_spin_unlock(&a->lock);
}

/* Lock @p, and @q too unless it is NULL (a receive from ANY). */
static inline void m3_lock_call(struct m3_slot *p, struct m3_slot *q)
	__acquires(&p->lock) __acquires(&q->lock)
{
	if (q) {
		m3_lock2(p, q);
	} else {
		raw_spin_lock(&p->lock);
		__acquire(&q->lock);	/* for sparse: nothing to take */
	}
}

static inline void m3_unlock_call(struct m3_slot *p, struct m3_slot *q)
	__releases(&q->lock) __releases(&p->lock)
{
	if (q) {
		m3_unlock2(p, q);
	} else {
		__release(&q->lock);
		raw_spin_unlock(&p->lock);
	}
}

void m3_handoff(struct task_struct **t);
bool m3_cancel_send(struct m3_slot *p, int err);
void m3_cancel_own_call(struct m3_slot *p, int err);

void m3_notify_msg(struct m3_message *m, int src, unsigned int count);
bool m3_notify_to_locked(struct m3_slot *p, struct m3_slot *q);
void m3_notify_set_locked(struct m3_slot *p, unsigned int src);
void m3_notify_drop_locked(struct m3_slot *p, unsigned int src);
void m3_notify_drop_all_locked(struct m3_slot *p);

/* proc.c */
void m3_scan_slots(struct m3_slot *p, int old_ep, int err);
void m3_slot_floor(struct m3_slot *p, int gen);

#endif /* M3_SLOT_H */
