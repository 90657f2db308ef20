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
 * The party's side is a job on this file's own unbound workqueue, never
 * the transport's receive path: the party's memory may make a page fault
 * wait for ever (a userfaultfd region nobody resolves, a FUSE file whose
 * daemon does not answer), and a kworker is never killed. A stuck job
 * holds its kworker, its caller's slot and a reference on the VM, and
 * blocks nothing else: not the receive path, not the other slots' copies,
 * not the VM's end (which answers its caller at once); the module's unload
 * waits for it only as long as the fault lasts.
 *
 * One job per remote caller slot (s->rjob), from the copy's first frame to
 * its answer. VREAD: the job reads the party's memory a chunk at a time
 * into its own buffer and sends each as VDATA, then VDONE. VWRITE: the
 * receive path copies each chunk into the job's ring of M3_WIRE_WINDOW
 * chunks (it never faults) and queues the job, which writes them in order
 * into the party's memory and acknowledges each (VACK with the bytes done,
 * VDONE after the last or at the first error). The caller sends nothing
 * beyond the window, so the ring cannot overflow: a chunk beyond it, out
 * of order, or of no copy under way is a protocol error (-EPROTO, and the
 * frame counted as dropped). Consent is checked before each chunk and
 * after the last: a party killed while its memory stalled gives
 * -EDEADSRCDST, as a dead party does locally.
 *
 * A slot's new copy while its previous job still runs (stuck in a fault,
 * or ending a copy its caller gave up) is refused -EBUSY; so is a copy
 * beyond M3_RJOB_VM_MAX jobs of one VM on this node, so that no VM can
 * take the whole workqueue (M3_RJOB_MAX_ACTIVE jobs run at once).
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
#define M3_WINDOW_BYTES		((u64)M3_WIRE_WINDOW * M3_WIRE_CHUNK)

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

/* The bytes of the chunk at @off of a copy of @total bytes. */
static size_t m3_chunk_len(size_t total, size_t off)
{
	return min_t(size_t, total - off, M3_WIRE_CHUNK);
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

/* ---- the party's node: copy jobs ----------------------------------------- */

#define M3_RJOB_IDLE		1	/* no chunk to write yet: not busy */
#define M3_RJOB_DONE		2	/* every byte is done */
#define M3_RJOB_VM_MAX		256	/* jobs of one VM on a node at once */
#define M3_RJOB_MAX_ACTIVE	512	/* jobs running at once on a node */

static struct workqueue_struct *m3_rcopy_wq;

/**
 * struct m3_rjob - the party's side of a remote caller's copy
 * @ref:	the slot's (while it is s->rjob), the queued work's, and the
 *		receive path's while it copies a chunk in
 * @s:		the caller's remote slot; the job holds a users reference on
 *		its VM
 * @work:	on m3_rcopy_wq while @busy
 * @node:	the caller's node
 * @caller:	the caller's endpoint, the member @s must still stand for
 * @party:	the party's endpoint
 * @seq:	the copy's number (the caller's)
 * @type:	M3_W_VREAD or M3_W_VWRITE
 * @addr:	the party's address of byte 0
 * @total:	bytes of the copy
 * @buf:	VREAD: one chunk; VWRITE: the ring of M3_WIRE_WINDOW chunks
 * @received:	VWRITE: bytes put in the ring, in order (s->lock)
 * @done:	bytes done in the party's memory (s->lock)
 * @busy:	the work is queued or running (s->lock)
 * @ended:	answered (VDONE): nothing more is done (s->lock)
 */
struct m3_rjob {
	refcount_t ref;
	struct m3_slot *s;
	struct work_struct work;
	int node;
	int caller;
	int party;
	u32 seq;
	u8 type;
	u64 addr;
	u32 total;
	u8 *buf;
	u32 received;
	u32 done;
	bool busy;
	bool ended;
};

static void m3_rjob_free(struct m3_rjob *job)
{
	kvfree(job->buf);
	kfree(job);
}

static void m3_rjob_put(struct m3_rjob *job)
{
	struct m3_vm *vm = job->s->vm;

	if (!refcount_dec_and_test(&job->ref))
		return;
	m3_rjob_free(job);
	atomic_dec(&vm->rjobs);
	percpu_ref_put(&vm->users);
}

/* The frame @job sends, of @type, for @n bytes at @off. */
static void m3_rjob_frame(struct m3_rjob *job, struct m3_wire_copy *c,
			  unsigned int type, u32 off, u32 n)
{
	m3_copy_hdr(c, type, job->s->vm->vmid, job->caller, job->party,
		    job->seq);
	m3_copy_at(c, job->addr + off, off, n, job->total);
}

static int m3_rjob_send(struct m3_rjob *job, unsigned int type, u32 off,
			const void *data, u32 n)
{
	struct m3_wire_copy c;
	struct kvec v[2] = { { .iov_base = &c, .iov_len = sizeof(c) },
			     { .iov_base = (void *)data, .iov_len = n } };

	m3_rjob_frame(job, &c, type, off, n);
	return m3_xport_sendv(job->node, v, n ? 2 : 1, sizeof(c) + n);
}

/* Answer the copy of request @req of node @node with @result (VDONE). */
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

/* Take @job off its slot (it is ended and not busy). Caller holds s->lock. */
static bool m3_rjob_detach_locked(struct m3_rjob *job)
{
	struct m3_slot *s = job->s;

	if (s->rjob != job)
		return false;
	s->rjob = NULL;
	s->vseq = job->seq;	/* its late chunks are dropped quietly */
	return true;
}

/*
 * End @job's copy with @result, once: its caller is answered, and the job
 * does nothing more. A job ends its own copy (@from_work) off its slot
 * before the answer leaves, so that its caller's next copy finds the slot
 * free; a copy ended while its job runs keeps the slot until the job
 * returns.
 */
static void m3_rjob_end(struct m3_rjob *job, int result, bool from_work)
{
	struct m3_wire_copy c;
	struct kvec v = { .iov_base = &c, .iov_len = sizeof(c) };
	struct m3_slot *s = job->s;
	bool ended, detached = false;

	raw_spin_lock(&s->lock);
	ended = job->ended;
	job->ended = true;
	if (from_work)
		job->busy = false;
	if (!job->busy)
		detached = m3_rjob_detach_locked(job);
	raw_spin_unlock(&s->lock);
	if (!ended) {
		m3_rjob_frame(job, &c, M3_W_VDONE, 0, 0);
		c.h.result = cpu_to_le32(result);
		m3_xport_sendv(job->node, &v, 1, sizeof(c));
	}
	if (detached)
		m3_rjob_put(job);
}

/* Have @job's work run, unless it is queued or running, or ended. */
static void m3_rjob_kick(struct m3_rjob *job)
{
	struct m3_slot *s = job->s;
	bool queue;

	raw_spin_lock(&s->lock);
	queue = !job->busy && !job->ended;
	if (queue) {
		job->busy = true;
		refcount_inc(&job->ref);	/* the work's */
	}
	raw_spin_unlock(&s->lock);
	if (queue)
		queue_work(m3_rcopy_wq, &job->work);
}

/* May @job go on: its caller is still its slot's member, it is not ended? */
static int m3_rjob_live(struct m3_rjob *job)
{
	struct m3_slot *s = job->s;
	int ret = 0;

	raw_spin_lock(&s->lock);
	if (job->ended || !s->task || s->endpoint != job->caller)
		ret = -EDEADSRCDST;
	raw_spin_unlock(&s->lock);
	return ret;
}

/*
 * Read (VREAD) or write @n bytes at @off of the party's memory from or to
 * @buf, consent checked first; with @n 0, only check that the copy may go
 * on. This is where a fault may wait for ever.
 */
static int m3_rjob_party(struct m3_rjob *job, u32 off, void *buf, u32 n)
{
	struct mm_struct *mm;
	bool self;
	int ret;

	/* The caller itself (its own endpoint too): m3_party_get() refuses. */
	if (job->party == M3_ANY || job->party == M3_NONE)
		return -EBADSRCDST;
	ret = m3_rjob_live(job) ?:
	      m3_party_mm_get(job->s, job->party, &mm, &self);
	if (ret < 0)
		return ret;
	if (n)
		ret = m3_mm_kcopy(mm, job->addr + off, buf, n,
				  job->type == M3_W_VWRITE);
	mmput(mm);
	return ret;
}

static int m3_rjob_read(struct m3_rjob *job)
{
	u32 off, n;
	int ret = 0;

	for (off = 0; off < job->total && !ret; off += n) {
		n = m3_chunk_len(job->total, off);
		ret = m3_rjob_party(job, off, job->buf, n) ?:
		      m3_rjob_send(job, M3_W_VDATA, off, job->buf, n);
	}
	return ret ?: M3_RJOB_DONE;
}

/* Where the chunk at @off of @job's write waits in its ring. */
static u8 *m3_rjob_ring(struct m3_rjob *job, u32 off)
{
	return job->buf + off / M3_WIRE_CHUNK % M3_WIRE_WINDOW * M3_WIRE_CHUNK;
}

/*
 * The offset of the next chunk @job's write has in its ring, into @off:
 * 0, M3_RJOB_DONE, M3_RJOB_IDLE (none yet: the work is no longer busy,
 * and the next chunk queues it again), or -EDEADSRCDST if it was ended.
 */
static int m3_rjob_next(struct m3_rjob *job, u32 *off)
{
	struct m3_slot *s = job->s;
	int ret = 0;

	raw_spin_lock(&s->lock);
	if (job->ended) {
		ret = -EDEADSRCDST;
	} else if (job->done == job->total) {
		ret = M3_RJOB_DONE;
	} else if (job->done < job->received) {
		*off = job->done;
	} else {
		job->busy = false;
		ret = M3_RJOB_IDLE;
	}
	raw_spin_unlock(&s->lock);
	return ret;
}

static int m3_rjob_write(struct m3_rjob *job)
{
	u32 off, n;
	int ret;

	while ((ret = m3_rjob_next(job, &off)) == 0) {
		n = m3_chunk_len(job->total, off);
		ret = m3_rjob_party(job, off, m3_rjob_ring(job, off), n);
		if (ret)
			break;
		raw_spin_lock(&job->s->lock);
		job->done = off + n;
		raw_spin_unlock(&job->s->lock);
		if (off + n < job->total) {
			ret = m3_rjob_send(job, M3_W_VACK, off + n, NULL, 0);
			if (ret)
				break;
		}
	}
	return ret;
}

static void m3_rjob_work(struct work_struct *w)
{
	struct m3_rjob *job = container_of(w, struct m3_rjob, work);
	int ret;

	ret = job->type == M3_W_VREAD ? m3_rjob_read(job) :
					m3_rjob_write(job);
	if (ret != M3_RJOB_IDLE) {
		/* A party killed while its memory stalled: not a success. */
		if (ret == M3_RJOB_DONE)
			ret = m3_rjob_party(job, 0, NULL, 0);
		m3_rjob_end(job, ret, true);
	}
	m3_rjob_put(job);	/* the work's */
}

/*
 * Chunk @c of @job's write, into its ring, and the job queued: 0, or
 * -EPROTO for a chunk beyond the window or out of order (the copy ends).
 */
static int m3_rjob_take(struct m3_rjob *job, const struct m3_wire_copy *c)
{
	u32 off = le32_to_cpu(c->offset), n = le32_to_cpu(c->count);
	struct m3_slot *s = job->s;
	bool ended, ok;

	raw_spin_lock(&s->lock);
	ended = job->ended;
	ok = off == job->received && off - job->done < M3_WINDOW_BYTES &&
	     n == m3_chunk_len(job->total, off) && (n || !job->total);
	raw_spin_unlock(&s->lock);
	if (ended)
		return 0;	/* sent before its answer reached the caller */
	if (!ok) {
		m3_rjob_end(job, -EPROTO, false);
		return -EPROTO;
	}
	/* The ring's slot is free: the job is done with the chunk W before. */
	memcpy(m3_rjob_ring(job, off), c->data, n);
	raw_spin_lock(&s->lock);
	job->received = off + n;
	raw_spin_unlock(&s->lock);
	m3_rjob_kick(job);
	return 0;
}

/* A job for copy request @c by remote slot @s of node @node, or NULL. */
static struct m3_rjob *m3_rjob_new(struct m3_slot *s, int node,
				   const struct m3_wire_copy *c)
{
	u32 total = le32_to_cpu(c->total);
	u64 room = c->h.type == M3_W_VREAD ? M3_WIRE_CHUNK : M3_WINDOW_BYTES;
	struct m3_rjob *job = kzalloc(sizeof(*job), GFP_KERNEL);

	if (!job)
		return NULL;
	job->buf = kvmalloc(max_t(u64, min_t(u64, total, room), 1),
			    GFP_KERNEL);
	if (!job->buf) {
		kfree(job);
		return NULL;
	}
	refcount_set(&job->ref, 1);	/* the receive path's */
	job->s = s;
	INIT_WORK(&job->work, m3_rjob_work);
	job->node = node;
	job->caller = le32_to_cpu(c->h.src_ep);
	job->party = le32_to_cpu(c->h.dst_ep);
	job->seq = le32_to_cpu(c->h.seq);
	job->type = c->h.type;
	job->addr = le64_to_cpu(c->addr);
	job->total = total;
	return job;
}

/*
 * End the copy of remote slot @s's job, if it has one, with @result. One
 * that waits for chunks goes at once; one that runs stops when it can (a
 * stuck one when its fault ends), and keeps the slot until then.
 */
static void m3_rjob_end_slot(struct m3_slot *s, int result)
{
	struct m3_rjob *job;

	raw_spin_lock(&s->lock);
	job = s->rjob;
	if (job)
		refcount_inc(&job->ref);
	raw_spin_unlock(&s->lock);
	if (!job)
		return;
	m3_rjob_end(job, result, false);
	m3_rjob_put(job);
}

/*
 * Make @job slot @s's copy: 0, or -EBUSY while the slot's previous job
 * runs, or while its VM has M3_RJOB_VM_MAX jobs here; -EDEADSRCDST once
 * the VM ends (m3_rcopy_evict() has been by: nothing would end the job).
 * The job holds a reference on the VM: its slot's memory.
 */
static int m3_rjob_attach(struct m3_slot *s, struct m3_rjob *job)
{
	struct m3_vm *vm = s->vm;
	int ret = 0;

	if (atomic_inc_return(&vm->rjobs) > M3_RJOB_VM_MAX)
		ret = -EBUSY;
	percpu_ref_get(&vm->users);
	refcount_inc(&job->ref);	/* the slot's */
	raw_spin_lock(&s->lock);
	if (!ret && READ_ONCE(vm->dying))
		ret = -EDEADSRCDST;
	else if (!ret && s->rjob)
		ret = -EBUSY;
	if (!ret) {
		s->rjob = job;
		s->vseq = job->seq;
	}
	raw_spin_unlock(&s->lock);
	if (ret) {
		refcount_dec(&job->ref);
		percpu_ref_put(&vm->users);
		atomic_dec(&vm->rjobs);
	}
	return ret;
}

/* Refuse copy request @c of @s with @err: its other chunks are dropped. */
static int m3_rjob_refuse(struct m3_slot *s, int node,
			  const struct m3_wire_copy *c, int err)
{
	raw_spin_lock(&s->lock);
	s->vseq = le32_to_cpu(c->h.seq);
	raw_spin_unlock(&s->lock);
	m3_vdone(node, c, err);
	return 0;
}

/* The first frame of a copy (a VREAD, or a VWRITE at offset 0). */
static int m3_rjob_start(struct m3_slot *s, int node, struct m3_wire_copy *c)
{
	struct m3_rjob *job;
	int ret;

	if (le32_to_cpu(c->total) > m3_drvs.params.max_copy)
		return m3_rjob_refuse(s, node, c, -E2BIG);
	/* Its caller moved on from its last copy: no one waits for that. */
	m3_rjob_end_slot(s, -EINTR);
	job = m3_rjob_new(s, node, c);
	ret = job ? m3_rjob_attach(s, job) : -ENOMEM;
	if (ret < 0) {
		if (job)
			m3_rjob_free(job);
		return m3_rjob_refuse(s, node, c, ret);
	}
	if (job->type == M3_W_VREAD)
		m3_rjob_kick(job);
	else
		ret = m3_rjob_take(job, c);
	m3_rjob_put(job);	/* ours */
	return ret;
}

/* A VREAD or VWRITE frame of remote caller slot @s of node @node. */
static int m3_rjob_rx(struct m3_slot *s, int node, struct m3_wire_copy *c)
{
	u32 seq = le32_to_cpu(c->h.seq);
	struct m3_rjob *job;
	bool late;
	int ret;

	raw_spin_lock(&s->lock);
	job = s->rjob;
	if (job && job->seq == seq && job->type == M3_W_VWRITE &&
	    c->h.type == M3_W_VWRITE) {
		refcount_inc(&job->ref);
		raw_spin_unlock(&s->lock);
		ret = m3_rjob_take(job, c);
		m3_rjob_put(job);
		return ret;
	}
	late = seq == s->vseq;
	raw_spin_unlock(&s->lock);
	if (c->h.type == M3_W_VREAD || le32_to_cpu(c->offset) == 0)
		return m3_rjob_start(s, node, c);
	if (late)
		return 0;	/* a chunk of a copy that ended */
	m3_vdone(node, c, -EPROTO);
	return -EPROTO;
}

/* Remote slot @s is unbound or its VM ends: its copy here ends. */
void m3_rcopy_evict(struct m3_slot *s)
{
	m3_rjob_end_slot(s, -EDEADSRCDST);
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

int m3_rcopy_init(void)
{
	m3_rcopy_wq = alloc_workqueue("m3ipc_rcopy", WQ_UNBOUND,
				      M3_RJOB_MAX_ACTIVE);
	return m3_rcopy_wq ? 0 : -ENOMEM;
}

/* After the DRVS has ended: wait for the jobs (a stuck one, its fault). */
void m3_rcopy_exit(void)
{
	destroy_workqueue(m3_rcopy_wq);
}
