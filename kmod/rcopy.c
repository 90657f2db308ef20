// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: vcopy with a party on another node.
 *
 * The caller's node moves the bytes through a kernel buffer of the copy's
 * length (at most max_copy, charged to the caller's memory cgroup): read
 * from the source (a VREAD to its node, answered by VDATA frames of up to
 * M3_WIRE_CHUNK bytes and a VDONE), then written to the destination (VWRITE
 * frames, at most M3_WIRE_WINDOW chunks beyond the last the party's node
 * acknowledged with a VACK; one VDONE at the end). A party on the caller's
 * node, or the caller itself, is read or written here as for a local copy.
 * The party's node checks consent as for a local copy, under the party's
 * exec_update_lock, with the caller's remote slot as the caller. There is
 * no ptrace alternative across nodes: without consent the copy fails
 * -EPERM in every VM.
 *
 * Copy frames name the caller in src_ep and the party in dst_ep, whichever
 * way the bytes go.
 *
 * The party's side runs in rjob.c, as a job on the party's node.
 */
#include <linux/mm.h>
#include <linux/refcount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/uaccess.h>

#include "rcopy.h"
#include "rcopy_wire.h"
#include "xport.h"

#define M3_RCOPY_PENDING	1

struct m3_rcopy {
	refcount_t ref;
	u32 seq;		/* of the phase under way */
	int node;		/* the party's node */
	char *buf;
	size_t len;
	size_t acked;		/* of a write: bytes the party's node has done */
	int result;		/* M3_RCOPY_PENDING until the phase's answer */
	struct task_struct *waiter;
};

static void m3_rcopy_put(struct m3_rcopy *rc)
{
	if (refcount_dec_and_test(&rc->ref)) {
		kvfree(rc->buf);
		kfree(rc);
	}
}

/* Is @ep (not SELF, not the caller) a slot of another node? */
static bool m3_party_remote(struct m3_slot *p, int ep)
{
	struct m3_slot *x;

	if (ep == M3_SELF || ep == p->endpoint || m3_ep_to_slot(p->vm, ep, &x))
		return false;
	return x->remote;
}

bool m3_rcopy_needed(struct m3_slot *p, const struct m3_vcopy_args *a)
{
	return p->vm->nr_nodes > 1 && (m3_party_remote(p, a->src_ep) ||
				       m3_party_remote(p, a->dst_ep));
}

/* Start a phase with party @party: its number. */
static u32 m3_rcopy_phase(struct m3_slot *p, struct m3_rcopy *rc, int party)
{
	struct m3_slot *x;

	m3_ep_to_slot(p->vm, party, &x);
	raw_spin_lock(&p->lock);
	rc->seq = ++p->rseq;
	rc->node = x->node;
	rc->acked = 0;
	rc->result = M3_RCOPY_PENDING;
	raw_spin_unlock(&p->lock);
	return rc->seq;
}

/* The answer of the phase under way (killable: a fatal signal ends it). */
static int m3_rcopy_wait(struct m3_slot *p, struct m3_rcopy *rc)
{
	int ret;

	for (;;) {
		set_current_state(TASK_KILLABLE);
		if (READ_ONCE(rc->result) != M3_RCOPY_PENDING ||
		    fatal_signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	raw_spin_lock(&p->lock);
	ret = rc->result == M3_RCOPY_PENDING ? -EINTR : rc->result;
	rc->seq = 0;	/* late frames of this phase find nothing */
	raw_spin_unlock(&p->lock);
	return ret;
}

/*
 * Until the chunk at @off of a write is within the window (killable):
 * true, or false when the phase's answer came first (an error) or a fatal
 * signal did: send no more.
 */
static bool m3_rcopy_room(struct m3_rcopy *rc, size_t off)
{
	bool room;

	for (;;) {
		set_current_state(TASK_KILLABLE);
		room = off < READ_ONCE(rc->acked) + M3_WINDOW_BYTES;
		if (room || READ_ONCE(rc->result) != M3_RCOPY_PENDING ||
		    fatal_signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return room && READ_ONCE(rc->result) == M3_RCOPY_PENDING &&
	       !fatal_signal_pending(current);
}

static int m3_rcopy_read(struct m3_slot *p, struct m3_rcopy *rc, int party,
			 u64 addr)
{
	struct m3_wire_copy c;
	struct kvec v = { .iov_base = &c, .iov_len = sizeof(c) };
	u32 seq = m3_rcopy_phase(p, rc, party);
	int ret;

	m3_copy_hdr(&c, M3_W_VREAD, p->vm->vmid, p->endpoint, party, seq);
	m3_copy_at(&c, addr, 0, 0, rc->len);
	ret = m3_xport_sendv(rc->node, &v, 1, sizeof(c));
	return ret ?: m3_rcopy_wait(p, rc);
}

static int m3_rcopy_write(struct m3_slot *p, struct m3_rcopy *rc, int party,
			  u64 addr)
{
	struct m3_wire_copy c;
	struct kvec v[2] = { { .iov_base = &c, .iov_len = sizeof(c) } };
	u32 seq = m3_rcopy_phase(p, rc, party);
	size_t off = 0, n;
	int ret;

	do {
		if (!m3_rcopy_room(rc, off))
			break;
		n = m3_chunk_len(rc->len, off);
		m3_copy_hdr(&c, M3_W_VWRITE, p->vm->vmid, p->endpoint, party,
			    seq);
		m3_copy_at(&c, addr + off, off, n, rc->len);
		v[1].iov_base = rc->buf + off;
		v[1].iov_len = n;
		ret = m3_xport_sendv(rc->node, v, 2, sizeof(c) + n);
		if (ret)
			return ret;
		off += n;
	} while (off < rc->len);
	return m3_rcopy_wait(p, rc);
}

/* Read or write the bytes of a local party (or the caller) at @addr. */
static int m3_rcopy_local(struct m3_slot *p, struct m3_rcopy *rc, int ep,
			  u64 addr, bool to_party)
{
	void __user *u = u64_to_user_ptr(addr);
	struct mm_struct *mm;
	bool self;
	int ret;

	ret = m3_party_mm_get(p, ep, &mm, &self);
	if (ret < 0)
		return ret;
	if (!self)
		ret = m3_mm_kcopy(mm, addr, rc->buf, rc->len, to_party);
	else if (to_party)
		ret = copy_to_user(u, rc->buf, rc->len) ? -EFAULT : 0;
	else
		ret = copy_from_user(rc->buf, u, rc->len) ? -EFAULT : 0;
	mmput(mm);
	return ret;
}

static int m3_rcopy_run(struct m3_slot *p, struct m3_rcopy *rc,
			const struct m3_vcopy_args *a)
{
	int ret;

	if (m3_party_remote(p, a->src_ep))
		ret = m3_rcopy_read(p, rc, a->src_ep, a->src_addr);
	else
		ret = m3_rcopy_local(p, rc, a->src_ep, a->src_addr, false);
	if (ret < 0)
		return ret;
	if (m3_party_remote(p, a->dst_ep))
		return m3_rcopy_write(p, rc, a->dst_ep, a->dst_addr);
	return m3_rcopy_local(p, rc, a->dst_ep, a->dst_addr, true);
}

/* vcopy by @p with a party on another node (m3_rcopy_needed()). */
int m3_rcopy(struct m3_slot *p, const struct m3_vcopy_args *a)
{
	struct m3_rcopy *rc;
	int ret = -ENOMEM;

	rc = kzalloc(sizeof(*rc), GFP_KERNEL_ACCOUNT);
	if (!rc)
		return -ENOMEM;
	refcount_set(&rc->ref, 1);
	rc->len = a->len;
	rc->waiter = current;
	rc->buf = kvmalloc(max_t(size_t, a->len, 1), GFP_KERNEL_ACCOUNT);
	if (!rc->buf)
		goto out;
	raw_spin_lock(&p->lock);
	p->rcopy = rc;
	raw_spin_unlock(&p->lock);
	ret = m3_rcopy_run(p, rc, a);
	raw_spin_lock(&p->lock);
	p->rcopy = NULL;
	raw_spin_unlock(&p->lock);
out:
	m3_rcopy_put(rc);
	return ret;
}

/* ---- the caller's node: answers ----------------------------------------- */

/* @p's copy phase @seq with @node, referenced, or NULL. */
static struct m3_rcopy *m3_rcopy_find(struct m3_slot *p, int ep, u32 seq,
				      int node)
{
	struct m3_rcopy *rc;

	raw_spin_lock(&p->lock);
	rc = p->rcopy;
	if (rc && p->endpoint == ep && rc->seq == seq && rc->node == node &&
	    rc->result == M3_RCOPY_PENDING)
		refcount_inc(&rc->ref);
	else
		rc = NULL;
	raw_spin_unlock(&p->lock);
	return rc;
}

static void m3_rcopy_end(struct m3_slot *p, struct m3_rcopy *rc, int result)
{
	raw_spin_lock(&p->lock);
	if (rc->result == M3_RCOPY_PENDING) {
		rc->result = result;
		wake_up_process(rc->waiter);
	}
	raw_spin_unlock(&p->lock);
}

static int m3_rx_vdata(struct m3_slot *p, struct m3_rcopy *rc,
		       struct m3_wire_copy *c)
{
	u32 off = le32_to_cpu(c->offset), n = le32_to_cpu(c->count);

	if ((u64)off + n > rc->len) {
		m3_rcopy_end(p, rc, -EPROTO);
		return -EPROTO;
	}
	memcpy(rc->buf + off, c->data, n);
	return 0;
}

static void m3_rx_vdone(struct m3_slot *p, struct m3_rcopy *rc,
			struct m3_wire_copy *c)
{
	int result = le32_to_cpu(c->h.result);

	m3_rcopy_end(p, rc, result > 0 || result < -MAX_ERRNO ? -EPROTO :
			    result);
}

/* The party's node has done @offset bytes of the write: the window moves. */
static int m3_rx_vack(struct m3_slot *p, struct m3_rcopy *rc,
		      struct m3_wire_copy *c)
{
	u32 done = le32_to_cpu(c->offset);
	bool ok;

	raw_spin_lock(&p->lock);
	ok = done <= rc->len && done >= rc->acked;
	if (ok) {
		WRITE_ONCE(rc->acked, done);
		wake_up_process(rc->waiter);
	}
	raw_spin_unlock(&p->lock);
	if (ok)
		return 0;
	m3_rcopy_end(p, rc, -EPROTO);
	return -EPROTO;
}

/* An answer (VDATA, VACK, VDONE) to local caller @p's copy. */
static int m3_rx_answer(struct m3_slot *p, int node, struct m3_wire_copy *c)
{
	int ep = le32_to_cpu(c->h.src_ep), ret = 0;
	struct m3_rcopy *rc = m3_rcopy_find(p, ep, le32_to_cpu(c->h.seq), node);

	if (!rc)
		return 0;	/* late, or of a phase given up */
	if (c->h.type == M3_W_VDATA)
		ret = m3_rx_vdata(p, rc, c);
	else if (c->h.type == M3_W_VACK)
		ret = m3_rx_vack(p, rc, c);
	else
		m3_rx_vdone(p, rc, c);
	m3_rcopy_put(rc);
	return ret;
}

/* Node @node is lost: a copy phase with it fails. Caller holds p->lock. */
void m3_rcopy_node_down_locked(struct m3_slot *p, int node)
{
	struct m3_rcopy *rc = p->rcopy;

	if (rc && rc->node == node && rc->result == M3_RCOPY_PENDING) {
		rc->result = -EDEADNODE;
		wake_up_process(rc->waiter);
	}
}

/* A copy frame from node @node's module. */
int m3_rcopy_rx(struct m3_vm *vm, int node, union m3_wire_frame *f)
{
	struct m3_wire_copy *c = (struct m3_wire_copy *)f;
	struct m3_slot *s;

	if (f->h.type == M3_W_VREAD || f->h.type == M3_W_VWRITE) {
		s = m3_remote_caller(vm, node, c->h.src_ep);
		return s ? m3_rjob_rx(s, node, c) : -EINVAL;
	}
	if (m3_ep_to_slot(vm, le32_to_cpu(c->h.src_ep), &s) || s->remote)
		return -EINVAL;
	return m3_rx_answer(s, node, c);
}
