// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: calls across nodes.
 *
 * A call runs on the node that owns the slot it waits on: a send,
 * sendrec or notify to a member of another node is carried there in a
 * SEND or NOTIFY frame and done there by the same slot state machine as a
 * local call, with the caller's slot on that node (a remote slot) standing
 * for the caller: it is queued as a sender, taken by a receive, waits for
 * its reply. When the state machine completes the remote slot's call, the
 * answer (DONE, with the reply of a sendrec) is queued for the caller's
 * node, where it completes the caller's call. A receive waits where the
 * receiver is; remote senders reach it as remote slots on its senders
 * list, so a receive from ANY sees local and remote senders in one FIFO.
 *
 * Members: a node announces its members' binds and unbinds (BIND, UNBIND)
 * to the other nodes of their VM, and again to a node that comes up or
 * creates the VM later (SYNC). A SEND or NOTIFY from a member newer than
 * what was announced counts as its bind. Generations are the owner's; a
 * remote slot remembers the highest seen, refuses anything older, and
 * after a node came back tells it (FLOOR), so that it binds above every
 * endpoint the others may still hold: a stale endpoint never reaches a
 * newcomer, across nodes too.
 *
 * Signals and timeouts: a caller cannot tell from here whether its
 * request was taken. It asks (CANCEL) and waits for the answer: cancelled
 * (DONE with the signal's error), taken (DONE with M3_W_PARKED: the
 * sendrec parks, as locally) or completed meanwhile. A fatal signal does
 * not wait: the caller dies, and its unbind ends the call there.
 *
 * A node lost (xport.c) ends every call that waits on it with EDEADNODE
 * and unbinds its members here. Deadlock detection stops at the node
 * boundary.
 */
#include <linux/sched/signal.h>

#include "rcopy.h"
#include "xport.h"

static void m3_frame(union m3_wire_frame *f, unsigned int type, int vmid,
		     int src, int dst, u32 seq, int result)
{
	memset(&f->h, 0, sizeof(f->h));
	f->h.type = type;
	f->h.vmid = cpu_to_le16(vmid);
	f->h.src_ep = cpu_to_le32(src);
	f->h.dst_ep = cpu_to_le32(dst);
	f->h.seq = cpu_to_le32(seq);
	f->h.result = cpu_to_le32(result);
}

/* The endpoint a local slot's call across nodes waits on. */
static int m3_rcall_peer(const struct m3_slot *p)
{
	return p->state & M3_ST_SENDING ? p->sendto : p->getfrom;
}

static int m3_rcall_node(const struct m3_slot *p)
{
	return p->vm->procs[M3_EP_SLOT(m3_rcall_peer(p))].node;
}

/* ---- the caller's side -------------------------------------------------- */

/*
 * Start @p's call to @dst (slot @q, on another node) with @m: M3_BLOCKED
 * (wait for the answer), or an error.
 */
int m3_remote_call(struct m3_slot *p, struct m3_slot *q, int dst,
		   const struct m3_message *m, unsigned int wflags)
{
	union m3_wire_frame f;
	u32 seq;
	int ret;

	raw_spin_lock(&p->lock);
	if (p->task != current) {
		raw_spin_unlock(&p->lock);
		return -EVMDOWN;
	}
	seq = ++p->rseq;
	p->rcall = true;
	p->rcancel = M3_RC_NONE;
	p->sendto = dst;
	p->getfrom = M3_NONE;
	WRITE_ONCE(p->state, M3_ST_SENDING |
		   (wflags & M3_WF_SENDREC ? M3_ST_SENDREC : 0));
	m3_frame(&f, M3_W_SEND, p->vm->vmid, p->endpoint, dst, seq, 0);
	raw_spin_unlock(&p->lock);
	f.h.flags = cpu_to_le32(wflags);
	f.m.msg = *m;
	ret = m3_xport_send(q->node, &f);
	if (ret == 0)
		return M3_BLOCKED;
	raw_spin_lock(&p->lock);
	if (p->state && p->rseq == seq)
		m3_clear_locked(p, ret);
	ret = p->result;
	raw_spin_unlock(&p->lock);
	return ret;
}

/* Give up @p's call at once (a fatal signal, a dead link): its result. */
static int m3_remote_abandon(struct m3_slot *p, int err)
{
	int ret;

	raw_spin_lock(&p->lock);
	if (p->state)
		m3_clear_locked(p, err);
	ret = p->result;
	raw_spin_unlock(&p->lock);
	return ret;
}

static bool m3_cancel_answered(struct m3_slot *p)
{
	return m3_unblocked(p) || READ_ONCE(p->rcancel) == M3_RC_PARKED;
}

/*
 * A signal (-EINTR) or the deadline (-ETIMEDOUT) interrupts @p's call
 * across nodes: its result, or M3_PARKED for a sendrec whose request was
 * taken (interrupted by a signal that is not fatal).
 */
int m3_remote_cancel(struct m3_slot *p, int err)
{
	union m3_wire_frame f;
	int node, ret;

	if (fatal_signal_pending(current))
		return m3_remote_abandon(p, -EINTR);
	raw_spin_lock(&p->lock);
	if (!p->state) {
		raw_spin_unlock(&p->lock);
		return p->result;
	}
	if (p->rcancel == M3_RC_PARKED && err == -EINTR) {
		raw_spin_unlock(&p->lock);
		return M3_PARKED;
	}
	p->rcancel = err == -EINTR ? M3_RC_ASKED : M3_RC_TIMEOUT;
	node = m3_rcall_node(p);
	m3_frame(&f, M3_W_CANCEL, p->vm->vmid, p->endpoint, m3_rcall_peer(p),
		 p->rseq, err);
	raw_spin_unlock(&p->lock);
	ret = m3_xport_send(node, &f);
	if (ret < 0)
		return m3_remote_abandon(p, ret == -EINTR ? -EINTR : -EDEADNODE);
	/* The answer comes within a round trip, or the node is lost. */
	for (;;) {
		set_current_state(TASK_KILLABLE);
		if (m3_cancel_answered(p))
			break;
		if (fatal_signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return m3_remote_abandon(p, -EINTR);
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	raw_spin_lock(&p->lock);
	ret = p->state ? M3_PARKED : p->result;
	raw_spin_unlock(&p->lock);
	return ret;
}

/*
 * A notification to @dst (slot @q, on another node): never waits, so it
 * goes only to a member whose bind was announced here (as a receive from
 * a remote endpoint does); its node drops it if the member left meanwhile.
 */
int m3_remote_notify(struct m3_slot *p, struct m3_slot *q, int dst)
{
	union m3_wire_frame f;
	bool alive;

	if (!m3_node_is_up(q->node))
		return -EDEADNODE;
	raw_spin_lock(&q->lock);
	alive = m3_alive(q, dst);
	raw_spin_unlock(&q->lock);
	if (!alive)
		return -EDEADSRCDST;
	m3_frame(&f, M3_W_NOTIFY, p->vm->vmid, p->endpoint, dst, 0, 0);
	return m3_xport_send(q->node, &f);
}

/* ---- the slot state machine's side -------------------------------------- */

/* The call of remote slot @p ended (m3_wake_locked()): answer its caller. */
void m3_remote_done_locked(struct m3_slot *p, int result)
{
	lockdep_assert_held(&p->lock);
	m3_frame(&p->out, M3_W_DONE, p->vm->vmid, p->msg.m_source,
		 p->endpoint, p->rseq, result);
	p->out.m.msg = p->msg;
	m3_xport_queue_locked(p);
}

/* Tell the VM's other nodes that local member @p bound or unbound. */
void m3_remote_announce_locked(struct m3_slot *p, unsigned int type)
{
	lockdep_assert_held(&p->lock);
	if (p->vm->nr_nodes < 2)
		return;
	m3_frame(&p->out, type, p->vm->vmid, p->endpoint, M3_NONE, 0, 0);
	memcpy(p->out.b.name, p->name, M3_NAME_LEN);
	m3_xport_queue_locked(p);
}

/*
 * Send @f, the frame slot @p queued (m3_xport_flush()): -EINTR if a fatal
 * signal stopped it (then it is sent again: a BIND or UNBIND twice is
 * harmless), else 0.
 */
int m3_remote_transmit(struct m3_slot *p, union m3_wire_frame *f)
{
	const u64 *nodes = p->vm->params.nodes;
	int n, ret = 0;

	if (p->remote)
		return m3_node_is_up(p->node) &&
		       m3_xport_send(p->node, f) == -EINTR ? -EINTR : 0;
	for (n = 0; n < m3_drvs.params.nr_nodes; n++)
		if (n != m3_drvs.nodeid && M3_NODE_ISSET(nodes, n) &&
		    m3_node_is_up(n) && m3_xport_send(n, f) == -EINTR)
			ret = -EINTR;
	return ret;
}

/*
 * Remote slot @s loses member @ep: calls waiting on it end with @err, and
 * its own call here ends (its answer reaches no one).
 */
static void m3_proxy_unbind(struct m3_slot *s, int ep, int err)
{
	raw_spin_lock(&s->lock);
	if (!s->task || s->endpoint != ep) {
		raw_spin_unlock(&s->lock);
		return;
	}
	s->task = NULL;
	raw_spin_unlock(&s->lock);
	m3_cancel_own_call(s, err);
	m3_scan_slots(s, ep, err);
}

/*
 * Is @ep the member of remote slot @s? A newer one than it had replaces
 * it (as its bind: the older is gone); an older one is stale.
 */
static bool m3_proxy_track(struct m3_slot *s, int ep, const char *name)
{
	int old;

	for (;;) {
		raw_spin_lock(&s->lock);
		if (s->task && s->endpoint == ep)
			break;
		if (s->rseen && M3_EP_GEN(ep) <= s->gen) {
			raw_spin_unlock(&s->lock);
			return false;
		}
		if (!s->task) {
			s->task = M3_REMOTE_TASK;
			s->endpoint = ep;
			s->gen = M3_EP_GEN(ep);
			s->rseen = true;
			s->state = 0;
			s->sendto = M3_NONE;
			s->getfrom = M3_NONE;
			if (name)
				strscpy_pad(s->name, name, M3_NAME_LEN);
			break;
		}
		old = s->endpoint;
		raw_spin_unlock(&s->lock);
		m3_proxy_unbind(s, old, -EDEADSRCDST);
	}
	raw_spin_unlock(&s->lock);
	return true;
}

/* The VM ends here: the calls remote slot @p made here end. */
void m3_remote_evict(struct m3_slot *p)
{
	int ep;

	raw_spin_lock(&p->lock);
	ep = p->endpoint;
	raw_spin_unlock(&p->lock);
	m3_proxy_unbind(p, ep, -EDEADSRCDST);
}

static void m3_send_sync(struct m3_vm *vm, int node, unsigned int flags)
{
	union m3_wire_frame f;

	m3_frame(&f, M3_W_SYNC, vm->vmid, M3_NONE, M3_NONE, 0, 0);
	f.h.flags = cpu_to_le32(flags);
	m3_xport_send(node, &f);
}

static void m3_send_floors(struct m3_vm *vm, int node);

/*
 * A new VM asks the nodes it spans that are up for their members, and
 * for the generations they saw of its slots in an earlier VM of that id.
 */
void m3_remote_vm_created(struct m3_vm *vm)
{
	int n;

	if (vm->nr_nodes < 2)
		return;
	for (n = 0; n < m3_drvs.params.nr_nodes; n++)
		if (n != m3_drvs.nodeid && M3_NODE_ISSET(vm->params.nodes, n) &&
		    m3_node_is_up(n))
			m3_send_sync(vm, n, M3_WF_NEWVM);
}

/* ---- frames received ---------------------------------------------------- */

/* The slot of @wep in @vm if @node owns it, else NULL. */
static struct m3_slot *m3_rx_slot(struct m3_vm *vm, __le32 wep, int node,
				  int *ep)
{
	struct m3_slot *s;

	*ep = le32_to_cpu(wep);
	if (m3_ep_to_slot(vm, *ep, &s) || s->node != node)
		return NULL;
	return s;
}

/* The remote slot of caller @wep of node @node, tracked, or NULL. */
struct m3_slot *m3_remote_caller(struct m3_vm *vm, int node, __le32 wep)
{
	struct m3_slot *s;
	int ep;

	s = m3_rx_slot(vm, wep, node, &ep);
	return s && m3_proxy_track(s, ep, NULL) ? s : NULL;
}

/* Answer a call at once, without a slot (the VM or the peer is not here). */
static void m3_rx_refuse(int node, const struct m3_wire_hdr *h, int err)
{
	union m3_wire_frame f;

	m3_frame(&f, M3_W_DONE, le16_to_cpu(h->vmid), le32_to_cpu(h->dst_ep),
		 le32_to_cpu(h->src_ep), le32_to_cpu(h->seq), err);
	memset(&f.m.msg, 0, sizeof(f.m.msg));
	m3_xport_send(node, &f);
}

/*
 * Carry out the call of remote slot @s (member @src) to local @q (@dst):
 * deliver, queue @s as a sender, or answer. Both locked.
 */
static void m3_rx_send_locked(struct m3_slot *s, struct m3_slot *q, int dst,
			      struct m3_wire_msg *w)
{
	unsigned int wflags = le32_to_cpu(w->h.flags);
	unsigned int st = M3_ST_SENDING;

	if (wflags & M3_WF_SENDREC)
		st |= M3_ST_SENDREC;
	s->rseq = le32_to_cpu(w->h.seq);
	w->msg.m_source = s->endpoint;
	s->msg = w->msg;
	WRITE_ONCE(s->state, st);
	if (!m3_alive(q, dst)) {
		m3_wake_locked(s, -EDEADSRCDST);
	} else if (m3_deliver_locked(s, q, &w->msg)) {
		if (!(wflags & M3_WF_SENDREC)) {
			m3_wake_locked(s, 0);
			return;
		}
		s->getfrom = dst;
		WRITE_ONCE(s->state, M3_ST_RECEIVING | M3_ST_SENDREC);
	} else if (wflags & M3_WF_NONBLOCK) {
		m3_wake_locked(s, -ENOTREADY);
	} else {
		s->sendto = dst;
		list_add_tail(&s->send_link, &q->senders);
	}
}

static int m3_rx_send(struct m3_vm *vm, int node, struct m3_wire_msg *w)
{
	struct m3_slot *s, *q;
	int src, dst;
	bool ok;

	s = m3_rx_slot(vm, w->h.src_ep, node, &src);
	if (!s || !m3_proxy_track(s, src, NULL))
		return -EINVAL;
	q = m3_rx_slot(vm, w->h.dst_ep, m3_drvs.nodeid, &dst);
	if (!q) {
		m3_rx_refuse(node, &w->h, -EBADSRCDST);
		return 0;
	}
	/* One call at a time: an earlier one still here is over. */
	if (READ_ONCE(s->state))
		m3_cancel_own_call(s, -EINTR);
	m3_lock2(s, q);
	ok = s->task && s->endpoint == src && !s->state;
	if (ok)
		m3_rx_send_locked(s, q, dst, w);
	m3_unlock2(s, q);
	/* Never left without an answer. */
	if (!ok)
		m3_rx_refuse(node, &w->h, -EDEADSRCDST);
	return 0;
}

/* Complete local @p's call with answer @w (or park it). p->lock held. */
static void m3_rx_done_locked(struct m3_slot *p, int node,
			      struct m3_wire_msg *w)
{
	int result = le32_to_cpu(w->h.result);
	int peer = m3_rcall_peer(p);

	/* No kernel-internal code (ERESTART*...) comes from the wire. */
	if (result != M3_W_PARKED && (result > 0 || result <= -ERESTARTSYS))
		result = -EPROTO;
	/* "Cancelled" answers only a cancel, with the caller's own reason. */
	if (result == -EINTR || result == -ETIMEDOUT)
		result = p->rcancel == M3_RC_ASKED ? -EINTR :
			 p->rcancel == M3_RC_TIMEOUT ? -ETIMEDOUT : -EPROTO;
	/*
	 * Only a sendrec that a signal interrupts is parked. Taken, a sendrec
	 * whose deadline passed ends (docs/semantics.md: the reply is lost).
	 */
	if (result == M3_W_PARKED && p->rcancel == M3_RC_TIMEOUT)
		result = -ETIMEDOUT;
	if (result == M3_W_PARKED && (p->rcancel != M3_RC_ASKED ||
				      !(p->state & M3_ST_SENDREC)))
		result = -EPROTO;
	if (result == M3_W_PARKED) {
		p->rcancel = M3_RC_PARKED;
		p->sendto = M3_NONE;
		p->getfrom = peer;
		WRITE_ONCE(p->state, M3_ST_RECEIVING | M3_ST_SENDREC);
		wake_up_process(p->waiter);
		return;
	}
	if (result == 0 && (p->state & M3_ST_SENDREC)) {
		p->msg = w->msg;
		p->msg.m_source = peer;
		if (le32_to_cpu(w->h.src_ep) != peer)
			result = -EPROTO;
	}
	m3_wake_locked(p, result);
}

static int m3_rx_done(struct m3_vm *vm, int node, struct m3_wire_msg *w)
{
	struct m3_slot *p;
	int dst;

	p = m3_rx_slot(vm, w->h.dst_ep, m3_drvs.nodeid, &dst);
	if (!p)
		return -EINVAL;
	raw_spin_lock(&p->lock);
	if (p->endpoint == dst && p->rcall && p->state &&
	    p->rseq == le32_to_cpu(w->h.seq) && m3_rcall_node(p) == node)
		m3_rx_done_locked(p, node, w);
	raw_spin_unlock(&p->lock);
	return 0;
}

/* Remote slot @s's caller gives up (@err) its call @seq. */
static int m3_rx_cancel(struct m3_vm *vm, int node, struct m3_wire_hdr *h)
{
	int err = le32_to_cpu(h->result) == -ETIMEDOUT ? -ETIMEDOUT : -EINTR;
	u32 seq = le32_to_cpu(h->seq);
	struct m3_slot *s;
	int src;

	s = m3_rx_slot(vm, h->src_ep, node, &src);
	if (!s)
		return -EINVAL;
	for (;;) {
		raw_spin_lock(&s->lock);
		if (!s->task || s->endpoint != src || s->rseq != seq ||
		    !s->state)
			break;	/* over: its answer is on its way */
		if (!(s->state & M3_ST_SENDING)) {
			/* Taken: a signal parks the sendrec, a timeout ends it. */
			if (err == -ETIMEDOUT) {
				m3_wake_locked(s, err);
				break;
			}
			raw_spin_unlock(&s->lock);
			m3_rx_refuse(node, h, M3_W_PARKED);
			return 0;
		}
		raw_spin_unlock(&s->lock);
		if (m3_cancel_send(s, err))
			return 0;
		/* Taken or answered meanwhile: look again. */
	}
	raw_spin_unlock(&s->lock);
	return 0;
}

static int m3_rx_notify(struct m3_vm *vm, int node, struct m3_wire_hdr *h)
{
	struct m3_slot *s, *q;
	int src, dst;

	s = m3_rx_slot(vm, h->src_ep, node, &src);
	q = m3_rx_slot(vm, h->dst_ep, m3_drvs.nodeid, &dst);
	if (!s || !q || !m3_proxy_track(s, src, NULL))
		return -EINVAL;
	raw_spin_lock(&q->lock);
	if (m3_alive(q, dst))
		m3_notify_to_locked(s, q);
	raw_spin_unlock(&q->lock);
	return 0;
}

/*
 * Node @node asks for the members of @vm here: announce each again. If
 * it created the VM anew, tell it the generations seen before.
 */
static void m3_rx_sync(struct m3_vm *vm, int node, unsigned int flags)
{
	int i, ep;

	for (i = 0; i < vm->max_procs && (flags & M3_WF_NEWVM); i++) {
		struct m3_slot *x = &vm->procs[i];

		/* Members of its earlier VM, if we missed their end. */
		raw_spin_lock(&x->lock);
		ep = x->node == node && x->task ? x->endpoint : M3_NONE;
		raw_spin_unlock(&x->lock);
		if (ep != M3_NONE)
			m3_proxy_unbind(x, ep, -EDEADSRCDST);
	}
	if (flags & M3_WF_NEWVM)
		m3_send_floors(vm, node);
	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *p = &vm->procs[i];

		raw_spin_lock(&p->lock);
		if (!p->remote && p->task && list_empty(&p->tx_link))
			m3_remote_announce_locked(p, M3_W_BIND);
		raw_spin_unlock(&p->lock);
	}
}

static int m3_rx_member(struct m3_vm *vm, int node, union m3_wire_frame *f)
{
	struct m3_slot *s;
	int ep;

	s = m3_rx_slot(vm, f->h.src_ep, node, &ep);
	if (!s)
		return -EINVAL;
	if (f->h.type == M3_W_UNBIND) {
		m3_proxy_unbind(s, ep, -EDEADSRCDST);
		return 0;
	}
	f->b.name[M3_NAME_LEN - 1] = 0;
	return m3_proxy_track(s, ep, f->b.name) ? 0 : -ESTALE;
}

static int m3_rx_floor(struct m3_vm *vm, struct m3_wire_hdr *h)
{
	struct m3_slot *p;
	int ep;

	p = m3_rx_slot(vm, h->dst_ep, m3_drvs.nodeid, &ep);
	if (!p)
		return -EINVAL;
	m3_slot_floor(p, M3_EP_GEN(ep));
	return 0;
}

static int m3_rx_vm(struct m3_vm *vm, int node, union m3_wire_frame *f)
{
	switch (f->h.type) {
	case M3_W_SEND:
		return m3_rx_send(vm, node, &f->m);
	case M3_W_DONE:
		return m3_rx_done(vm, node, &f->m);
	case M3_W_CANCEL:
		return m3_rx_cancel(vm, node, &f->h);
	case M3_W_NOTIFY:
		return m3_rx_notify(vm, node, &f->h);
	case M3_W_BIND:
	case M3_W_UNBIND:
		return m3_rx_member(vm, node, f);
	case M3_W_FLOOR:
		return m3_rx_floor(vm, &f->h);
	case M3_W_SYNC:
		m3_rx_sync(vm, node, le32_to_cpu(f->h.flags));
		return 0;
	case M3_W_VREAD:
	case M3_W_VDATA:
	case M3_W_VWRITE:
	case M3_W_VDONE:
	case M3_W_VACK:
		return m3_rcopy_rx(vm, node, f);
	}
	return -EINVAL;
}

/* A frame from node @node's module, authenticated by the transport. */
int m3_remote_rx(int node, union m3_wire_frame *f)
{
	struct m3_vm *vm = m3_vm_get(le16_to_cpu(f->h.vmid));
	int ret;

	/* A node takes traffic for a VM only if the VM spans it. */
	if (!vm || !M3_NODE_ISSET(vm->params.nodes, node)) {
		if (f->h.type == M3_W_SEND)
			m3_rx_refuse(node, &f->h, -EDEADSRCDST);
		if (vm)
			m3_vm_put(vm);
		return -ENOENT;
	}
	ret = m3_rx_vm(vm, node, f);
	m3_vm_put(vm);
	return ret;
}

/* ---- nodes coming and going --------------------------------------------- */

static void m3_vm_node_down(struct m3_vm *vm, int node)
{
	int i, ep;

	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *x = &vm->procs[i];

		raw_spin_lock(&x->lock);
		ep = x->task ? x->endpoint : M3_NONE;
		if (!x->remote && x->rcall && x->state &&
		    m3_rcall_node(x) == node)
			m3_wake_locked(x, -EDEADNODE);
		if (!x->remote)
			m3_rcopy_node_down_locked(x, node);
		raw_spin_unlock(&x->lock);
		if (x->remote && x->node == node && ep != M3_NONE)
			m3_proxy_unbind(x, ep, -EDEADNODE);
	}
}

/* Call @fn(vm, @node, @same) for every live VM that spans @node. */
static void m3_each_vm_of(int node, bool same,
			  void (*fn)(struct m3_vm *vm, int node, bool same))
{
	struct m3_vm *vm;
	int vmid;

	for (vmid = 0; vmid < M3_MAX_VMS; vmid++) {
		vm = m3_vm_get(vmid);
		if (!vm)
			continue;
		if (M3_NODE_ISSET(vm->params.nodes, node))
			fn(vm, node, same);
		m3_vm_put(vm);
	}
}

static void m3_vm_node_lost(struct m3_vm *vm, int node, bool same)
{
	m3_vm_node_down(vm, node);
}

/* Node @node is lost: what waits on it fails, its members are gone. */
void m3_remote_node_down(int node)
{
	m3_each_vm_of(node, false, m3_vm_node_lost);
}

/* Tell @node the generations we have seen of its slots in @vm. */
static void m3_send_floors(struct m3_vm *vm, int node)
{
	union m3_wire_frame f;
	int i, ep;

	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *x = &vm->procs[i];

		if (x->node != node)
			continue;
		raw_spin_lock(&x->lock);
		ep = x->rseen ? M3_ENDPOINT(x->gen, x->slot) : M3_NONE;
		raw_spin_unlock(&x->lock);
		if (ep == M3_NONE)
			continue;
		m3_frame(&f, M3_W_FLOOR, vm->vmid, M3_NONE, ep, 0, 0);
		m3_xport_send(node, &f);
	}
}

/*
 * Its module is the one we lost (a link came back): its members are the
 * threads they were, and may come back under the same endpoints.
 */
static void m3_forget_floors(struct m3_vm *vm, int node)
{
	int i;

	for (i = 0; i < vm->max_procs; i++) {
		struct m3_slot *x = &vm->procs[i];

		if (x->node != node)
			continue;
		raw_spin_lock(&x->lock);
		x->rseen = false;
		raw_spin_unlock(&x->lock);
	}
}

static void m3_vm_node_up(struct m3_vm *vm, int node, bool same)
{
	if (same)
		m3_forget_floors(vm, node);
	else
		m3_send_floors(vm, node);
	m3_send_sync(vm, node, 0);
}

/*
 * Node @node is up: learn its members. If its module started anew (not
 * @same), tell it the generations we saw before, which it must not
 * give out again.
 */
void m3_remote_node_up(int node, bool same)
{
	m3_each_vm_of(node, same, m3_vm_node_up);
}
