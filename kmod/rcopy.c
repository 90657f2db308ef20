// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: vcopy with a party on another node.
 *
 * The caller's node moves the bytes through a kernel buffer of the copy's
 * length (at most max_copy, charged to the caller's memory cgroup): read
 * from the source (a VREAD to its node, answered by VDATA frames of up to
 * M3_WIRE_CHUNK bytes and a VDONE), then written to the destination (VWRITE
 * frames, answered by one VDONE). A party on the caller's node, or the
 * caller itself, is read or written here as for a local copy. The party's
 * node checks consent as for a local copy, under the party's
 * exec_update_lock, with the caller's remote slot as the caller. There is
 * no ptrace alternative across nodes: without consent the copy fails
 * -EPERM in every VM.
 *
 * Copy frames name the caller in src_ep and the party in dst_ep, whichever
 * way the bytes go. The party's side runs in the transport's receive work.
 */
#include <linux/mm.h>
#include <linux/refcount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/uaccess.h>

#include "rcopy.h"
#include "xport.h"

#define M3_RCOPY_PENDING	1

struct m3_rcopy {
	refcount_t ref;
	u32 seq;		/* of the phase under way */
	int node;		/* the party's node */
	char *buf;
	size_t len;
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

static void m3_copy_hdr(struct m3_wire_copy *c, unsigned int type, int vmid,
			int caller, int party, u32 seq)
{
	memset(c, 0, sizeof(*c));
	c->h.type = type;
	c->h.vmid = cpu_to_le16(vmid);
	c->h.src_ep = cpu_to_le32(caller);
	c->h.dst_ep = cpu_to_le32(party);
	c->h.seq = cpu_to_le32(seq);
}

static void m3_copy_at(struct m3_wire_copy *c, u64 addr, size_t off,
		       size_t count, size_t total)
{
	c->addr = cpu_to_le64(addr);
	c->offset = cpu_to_le32(off);
	c->count = cpu_to_le32(count);
	c->total = cpu_to_le32(total);
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
		n = min_t(size_t, rc->len - off, M3_WIRE_CHUNK);
		m3_copy_hdr(&c, M3_W_VWRITE, p->vm->vmid, p->endpoint, party,
			    seq);
		m3_copy_at(&c, addr + off, off, n, rc->len);
		v[1].iov_base = rc->buf + off;
		v[1].iov_len = n;
		ret = m3_xport_sendv(rc->node, v, 2, sizeof(c) + n);
		if (ret)
			return ret;
		off += n;
		/* An early answer is an error: stop sending. */
		if (READ_ONCE(rc->result) != M3_RCOPY_PENDING ||
		    fatal_signal_pending(current))
			break;
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

static int m3_rx_vdata(struct m3_slot *p, int ep, int node,
		       struct m3_wire_copy *c)
{
	u32 off = le32_to_cpu(c->offset), n = le32_to_cpu(c->count);
	struct m3_rcopy *rc = m3_rcopy_find(p, ep, le32_to_cpu(c->h.seq), node);

	if (!rc)
		return 0;
	if ((u64)off + n > rc->len)
		m3_rcopy_end(p, rc, -EPROTO);
	else
		memcpy(rc->buf + off, c->data, n);
	m3_rcopy_put(rc);
	return 0;
}

static int m3_rx_vdone(struct m3_slot *p, int ep, int node,
		       struct m3_wire_copy *c)
{
	struct m3_rcopy *rc = m3_rcopy_find(p, ep, le32_to_cpu(c->h.seq), node);
	int result = le32_to_cpu(c->h.result);

	if (!rc)
		return 0;
	m3_rcopy_end(p, rc, result > 0 || result < -MAX_ERRNO ? -EPROTO :
			    result);
	m3_rcopy_put(rc);
	return 0;
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

/* ---- the party's node ----------------------------------------------------- */

static u8 m3_vc_chunk[M3_WIRE_CHUNK];	/* the receive work's, one at a time */

static void m3_vdone(int node, const struct m3_wire_copy *req, int result)
{
	struct m3_wire_copy c;
	struct kvec v = { .iov_base = &c, .iov_len = sizeof(c) };

	c = *req;
	c.h.type = M3_W_VDONE;
	c.h.result = cpu_to_le32(result);
	m3_copy_at(&c, 0, 0, 0, 0);
	m3_xport_sendv(node, &v, 1, sizeof(c));
}

/* Party @party's mm, for remote slot @s's copy (consent checked). */
static int m3_rx_party_mm(struct m3_slot *s, int party, struct mm_struct **mm)
{
	bool self;

	/* The caller itself (its own endpoint too): m3_party_get() refuses. */
	if (party == M3_ANY || party == M3_NONE)
		return -EBADSRCDST;
	return m3_party_mm_get(s, party, mm, &self);
}

static int m3_rx_vread(struct m3_slot *s, int node, struct m3_wire_copy *c)
{
	size_t total = le32_to_cpu(c->total), off = 0, n;
	u64 addr = le64_to_cpu(c->addr);
	struct m3_wire_copy d = *c;
	struct kvec v[2] = { { .iov_base = &d, .iov_len = sizeof(d) },
			     { .iov_base = m3_vc_chunk } };
	struct mm_struct *mm;
	int ret;

	ret = total > m3_drvs.params.max_copy ? -E2BIG :
	      m3_rx_party_mm(s, le32_to_cpu(c->h.dst_ep), &mm);
	if (ret < 0)
		goto out;
	while (off < total && !ret) {
		n = min_t(size_t, total - off, M3_WIRE_CHUNK);
		ret = m3_mm_kcopy(mm, addr + off, m3_vc_chunk, n, false);
		if (ret)
			break;
		d.h.type = M3_W_VDATA;
		m3_copy_at(&d, addr + off, off, n, total);
		v[1].iov_len = n;
		ret = m3_xport_sendv(node, v, 2, sizeof(d) + n);
		off += n;
	}
	mmput(mm);
out:
	m3_vdone(node, c, ret);
	return 0;
}

static int m3_rx_vwrite(struct m3_slot *s, int node, struct m3_wire_copy *c)
{
	u32 seq = le32_to_cpu(c->h.seq), off = le32_to_cpu(c->offset);
	u32 n = le32_to_cpu(c->count), total = le32_to_cpu(c->total);
	struct mm_struct *mm;
	int ret;

	if (seq != s->vseq || off == 0) {
		s->vseq = seq;
		s->vres = 0;
	}
	if (s->vres)
		return 0;	/* failed and answered: the rest is dropped */
	ret = (u64)off + n > total || total > m3_drvs.params.max_copy ?
	      -EPROTO : m3_rx_party_mm(s, le32_to_cpu(c->h.dst_ep), &mm);
	if (ret == 0) {
		ret = m3_mm_kcopy(mm, le64_to_cpu(c->addr), c->data, n, true);
		mmput(mm);
	}
	s->vres = ret;
	if (ret || off + n == total)
		m3_vdone(node, c, ret);
	return 0;
}

/* A copy frame from node @node's module. */
int m3_rcopy_rx(struct m3_vm *vm, int node, union m3_wire_frame *f)
{
	struct m3_wire_copy *c = (struct m3_wire_copy *)f;
	struct m3_slot *s;
	int ep;

	if (f->h.type == M3_W_VDATA || f->h.type == M3_W_VDONE) {
		if (m3_ep_to_slot(vm, le32_to_cpu(c->h.src_ep), &s) || s->remote)
			return -EINVAL;
		ep = le32_to_cpu(c->h.src_ep);
		return f->h.type == M3_W_VDATA ? m3_rx_vdata(s, ep, node, c) :
						 m3_rx_vdone(s, ep, node, c);
	}
	s = m3_remote_caller(vm, node, c->h.src_ep);
	if (!s)
		return -EINVAL;
	if (f->h.type == M3_W_VREAD)
		return m3_rx_vread(s, node, c);
	return m3_rx_vwrite(s, node, c);
}
