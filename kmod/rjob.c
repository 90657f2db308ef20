// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the party's side of a vcopy whose caller is on another node
 * (rcopy.c is the caller's side, and says how the bytes go).
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
#include <linux/slab.h>
#include <linux/uio.h>

#include "rcopy.h"
#include "rcopy_wire.h"
#include "xport.h"

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
int m3_rjob_rx(struct m3_slot *s, int node, struct m3_wire_copy *c)
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
