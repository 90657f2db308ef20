// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the transport between the modules of a DRVS, over TIPC.
 *
 * Each module has one kernel TIPC socket (SOCK_RDM) bound to the service
 * {M3_TIPC_SERVICE, nodeid} cluster-wide, and a subscription to that
 * service's publications: a module appearing on node n is a candidate,
 * which we challenge; it is node n's module only once it has answered
 * with an HMAC under the cluster key over our nonce, its node and port and
 * ours. Its answer challenges us in turn, and we confirm before we send
 * anything else, so each side takes the other as up before the first
 * frame that needs it. From then on only frames whose origin port (stamped by TIPC, not
 * by the sender) is that port are taken from node n: a process of any
 * user with its own AF_TIPC socket, which may even publish the same
 * service, can send frames, but they are dropped unread. TIPC's link
 * encryption, keyed by m3d with the same cluster key, keeps machines
 * without the key out of the cluster, and refuses link traffic that is
 * replayed (its discovery frames are not link traffic).
 *
 * A node is lost when its publication is withdrawn: TIPC does that when
 * its link supervision declares the node down (link tolerance), or when
 * the module there leaves.
 *
 * Frames that slots must send while their locks are held (a remote
 * caller's answer, a member's bind or unbind) wait in a queue, one entry
 * per slot holding its latest frame, and are sent by m3_xport_flush()
 * before the thread that queued them sleeps or leaves the module, or by a
 * work item when they were queued where nothing may sleep. One flusher at
 * a time, so frames of one slot leave in order.
 *
 * Frames are read by whoever is woken for them: the thread that last went
 * to sleep in a call of a VM across nodes, if there is one (the hand-off:
 * in a ping-pong the frame is that thread's answer, and the receive work's
 * wake-up and switch are saved on both nodes), else the receive work. One
 * reader at a time (rx_lock), so frames are handled in arrival order.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/seq_file.h>
#include <linux/tipc.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "remote.h"
#include "xport.h"

struct m3_peer {
	u64 port;		/* (tipc node << 32) | ref of its module, 0: none */
	u64 chal_ns;		/* when we last challenged a candidate */
	u32 state;		/* M3_NODE_* */
	u32 rtt_us;
	atomic64_t tx, rx, dropped, tx_errors;
	u32 ups, downs;
	bool seen;		/* @incarnation is its module's last one */
	u8 incarnation[M3_WIRE_NONCE];
	u64 gone[4];		/* its ports withdrawn last (receive work only) */
	unsigned int gone_next;
};

static struct {
	struct mutex lock;		/* join and leave */
	struct rw_semaphore sock_sem;	/* senders (read) vs leave (write) */
	bool joined;
	struct socket *sock;		/* frames */
	struct socket *top;		/* topology events */
	struct crypto_shash *hmac;
	u8 epoch[M3_WIRE_NONCE];	/* this DRVS's incarnation */
	struct workqueue_struct *wq;
	struct work_struct rx_work;
	struct mutex rx_lock;		/* one reader of the sockets at a time */
	raw_spinlock_t hand_lock;	/* rx_waiter and rx_handed */
	struct task_struct *rx_waiter;	/* asleep in a call; frames go to it */
	struct task_struct *rx_handed;	/* woken to read the frames */
	struct task_struct *rx_reader;	/* the thread holding rx_lock */
	struct work_struct tx_work;
	struct mutex flush_lock;
	raw_spinlock_t txq_lock;
	spinlock_t peers_lock;		/* port and state of the peers */
	atomic64_t dropped;		/* frames from no known node */
	struct m3_peer peers[M3_MAX_NODES];
} m3_xp;

LIST_HEAD(m3_xport_txq);

static u64 m3_port(const struct tipc_socket_addr *a)
{
	return (u64)a->node << 32 | a->ref;
}

/*
 * Our socket's port, asked each time: TIPC gives the node its address
 * some time after the identity is set, and moves our socket there.
 */
static u64 m3_self_port(void)
{
	struct sockaddr_tipc a;
	u64 port = 0;

	down_read(&m3_xp.sock_sem);
	if (m3_xp.sock &&
	    kernel_getsockname(m3_xp.sock, (struct sockaddr *)&a) >= 0)
		port = m3_port(&a.addr.id);
	up_read(&m3_xp.sock_sem);
	return port;
}

static void m3_port_addr(u64 port, struct sockaddr_tipc *a)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_TIPC;
	a->addrtype = TIPC_SOCKET_ADDR;
	a->addr.id.ref = (u32)port;
	a->addr.id.node = port >> 32;
}

bool m3_node_is_up(int node)
{
	return READ_ONCE(m3_xp.peers[node].state) == M3_NODE_UP;
}

/* ---- sending ------------------------------------------------------------ */

/*
 * TIPC waits for a congested link interruptibly: a signal pending for the
 * sending thread (a caller being interrupted, a thread flushing others'
 * frames) would lose the frame. Wait here instead, a tick at a time, until
 * the link takes it or fails. Only a fatal signal gives up (-EINTR), and
 * m3_xport_flush() then leaves the frame to the work item; never in a
 * thread reading frames (the answers it sends have no one else to send
 * them).
 */
static int m3_sendmsg(struct msghdr *m, struct kvec *v, int nv, size_t len)
{
	int ret;

	for (;;) {
		ret = kernel_sendmsg(m3_xp.sock, m, v, nv, len);
		if (ret != -ERESTARTSYS && ret != -EINTR)
			return ret;
		if (fatal_signal_pending(current) &&
		    READ_ONCE(m3_xp.rx_reader) != current)
			return -EINTR;
		schedule_timeout_uninterruptible(1);
	}
}

static int m3_sendv_to_port(u64 port, struct kvec *v, int nv, size_t len)
{
	struct sockaddr_tipc a;
	struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a) };
	int ret = -ENOTCONN;

	m3_port_addr(port, &a);
	down_read(&m3_xp.sock_sem);
	if (m3_xp.sock)
		ret = m3_sendmsg(&m, v, nv, len);
	up_read(&m3_xp.sock_sem);
	return ret < 0 ? ret : 0;
}

static int m3_send_to_port(u64 port, const void *buf, size_t len)
{
	struct kvec v = { .iov_base = (void *)buf, .iov_len = len };

	return m3_sendv_to_port(port, &v, 1, len);
}

/*
 * Send to node @node's module the frame whose header starts @v[0] and
 * whose @len bytes are in the @nv pieces of @v: 0, -EDEADNODE if it is
 * not up, or -EINTR if a fatal signal came while its link was congested.
 */
int m3_xport_sendv(int node, struct kvec *v, int nv, size_t len)
{
	struct m3_peer *peer = &m3_xp.peers[node];
	struct m3_wire_hdr *h = v[0].iov_base;
	u64 port = READ_ONCE(peer->port);
	int ret;

	if (READ_ONCE(peer->state) != M3_NODE_UP || !port)
		return -EDEADNODE;
	h->magic = cpu_to_le16(M3_WIRE_MAGIC);
	h->version = M3_WIRE_VERSION;
	h->node = cpu_to_le16(m3_drvs.nodeid);
	ret = m3_sendv_to_port(port, v, nv, len);
	if (ret == -EINTR)
		return ret;
	if (ret < 0) {
		atomic64_inc(&peer->tx_errors);
		return -EDEADNODE;
	}
	atomic64_inc(&peer->tx);
	return 0;
}

/* Send fixed-size frame @f to node @node's module (m3_xport_sendv()). */
int m3_xport_send(int node, union m3_wire_frame *f)
{
	size_t len = m3_wire_len(f->h.type);
	struct kvec v = { .iov_base = f, .iov_len = len };

	return m3_xport_sendv(node, &v, 1, len);
}

/* Queue @p's frame (p->out, already written). Caller holds p->lock. */
void m3_xport_queue_locked(struct m3_slot *p)
{
	lockdep_assert_held(&p->lock);
	raw_spin_lock(&m3_xp.txq_lock);
	if (list_empty(&p->tx_link)) {
		/* The VM stays until the frame is out. */
		percpu_ref_get(&p->vm->users);
		list_add_tail(&p->tx_link, &m3_xport_txq);
	}
	raw_spin_unlock(&m3_xp.txq_lock);
}

static struct m3_slot *m3_txq_pop(void)
{
	struct m3_slot *p;

	raw_spin_lock(&m3_xp.txq_lock);
	p = list_first_entry_or_null(&m3_xport_txq, struct m3_slot, tx_link);
	if (p)
		list_del_init(&p->tx_link);
	raw_spin_unlock(&m3_xp.txq_lock);
	return p;
}

/*
 * A fatal signal stopped the flusher in @p's frame (m3_sendmsg()): the
 * work item sends @p's latest frame again, and the rest of the queue.
 */
static void m3_flush_later(struct m3_slot *p)
{
	raw_spin_lock(&p->lock);
	m3_xport_queue_locked(p);
	raw_spin_unlock(&p->lock);
	percpu_ref_put(&p->vm->users);
	mutex_unlock(&m3_xp.flush_lock);
	queue_work(m3_xp.wq, &m3_xp.tx_work);
}

/*
 * Send what is queued. A thread that finds another flushing leaves the
 * queue to it: the flusher drains it to the end.
 */
void m3_xport_flush(void)
{
	union m3_wire_frame f;
	struct m3_slot *p;

	while (!list_empty_careful(&m3_xport_txq)) {
		if (!mutex_trylock(&m3_xp.flush_lock))
			return;
		while ((p = m3_txq_pop())) {
			raw_spin_lock(&p->lock);
			f = p->out;
			raw_spin_unlock(&p->lock);
			if (m3_remote_transmit(p, &f) == -EINTR) {
				m3_flush_later(p);
				return;
			}
			percpu_ref_put(&p->vm->users);
		}
		mutex_unlock(&m3_xp.flush_lock);
	}
}

static void m3_tx_work(struct work_struct *w)
{
	m3_xport_flush();
}

/* Have the queue sent from a work item (any context). */
void m3_xport_kick(void)
{
	if (!list_empty_careful(&m3_xport_txq) && m3_xp.wq)
		queue_work(m3_xp.wq, &m3_xp.tx_work);
}

/* ---- authentication ----------------------------------------------------- */

static int m3_hmac(u8 out[M3_WIRE_MAC], const void *a, size_t alen,
		   const void *b, size_t blen)
{
	SHASH_DESC_ON_STACK(desc, m3_xp.hmac);
	int ret;

	desc->tfm = m3_xp.hmac;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, a, alen) ?:
	      crypto_shash_update(desc, b, blen) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/*
 * Our nonce for candidate @port: no state kept per candidate. Of its
 * socket reference only: a node's TIPC address can change while its
 * answer is on the way (TIPC settles it after the identity is set); the
 * answer's MAC covers the whole port.
 */
static int m3_nonce(u8 nonce[M3_WIRE_NONCE], u64 port)
{
	u32 ref = (u32)port;
	u8 mac[M3_WIRE_MAC];
	int ret = m3_hmac(mac, m3_xp.epoch, sizeof(m3_xp.epoch),
			  &ref, sizeof(ref));

	memcpy(nonce, mac, M3_WIRE_NONCE);
	memzero_explicit(mac, sizeof(mac));
	return ret;
}

/*
 * What the module of @node at @resp, in its incarnation @inc, answers to
 * @chal's @nonce, as responder (RESP) or as the challenger answering the
 * responder's own challenge (CONFIRM).
 */
static int m3_resp_mac(u8 mac[M3_WIRE_MAC], unsigned int type,
		       const u8 *nonce, const u8 *inc, int node, u64 resp,
		       u64 chal)
{
	struct {
		u8 nonce[M3_WIRE_NONCE];
		u8 inc[M3_WIRE_NONCE];
		__le64 resp, chal;
		__le32 node;
	} __packed in;

	memcpy(in.nonce, nonce, M3_WIRE_NONCE);
	memcpy(in.inc, inc, M3_WIRE_NONCE);
	in.resp = cpu_to_le64(resp);
	in.chal = cpu_to_le64(chal);
	in.node = cpu_to_le32(node);
	return m3_hmac(mac, type == M3_W_RESP ? "m3ipc resp v1" :
		       "m3ipc conf v1", 13, &in, sizeof(in));
}

static void m3_auth_frame(union m3_wire_frame *f, unsigned int type)
{
	memset(f, 0, sizeof(f->a));
	f->h.magic = cpu_to_le16(M3_WIRE_MAGIC);
	f->h.version = M3_WIRE_VERSION;
	f->h.type = type;
	f->h.node = cpu_to_le16(m3_drvs.nodeid);
}

static void m3_challenge(int node, u64 port)
{
	union m3_wire_frame f;

	m3_auth_frame(&f, M3_W_CHAL);
	if (m3_nonce(f.a.nonce, port))
		return;
	WRITE_ONCE(m3_xp.peers[node].chal_ns, ktime_get_ns());
	m3_send_to_port(port, &f, sizeof(f.a));
}

/* Answer challenge @nonce of port @to with a RESP or a CONFIRM. */
static void m3_answer(unsigned int type, const u8 *nonce, u64 to)
{
	union m3_wire_frame f;

	m3_auth_frame(&f, type);
	memcpy(f.a.nonce, nonce, M3_WIRE_NONCE);
	memcpy(f.a.incarnation, m3_xp.epoch, M3_WIRE_NONCE);
	if (m3_resp_mac(f.a.mac, type, f.a.nonce, f.a.incarnation,
			m3_drvs.nodeid, m3_self_port(), to))
		return;
	/* A RESP challenges the challenger in turn. */
	if (type == M3_W_RESP && m3_nonce(f.a.chal, to))
		return;
	m3_send_to_port(to, &f, sizeof(f.a));
}

static void m3_peer_down(int node)
{
	struct m3_peer *peer = &m3_xp.peers[node];
	bool was_up;

	spin_lock(&m3_xp.peers_lock);
	was_up = peer->state == M3_NODE_UP;
	WRITE_ONCE(peer->state, M3_NODE_DOWN);
	WRITE_ONCE(peer->port, 0);
	if (was_up)
		peer->downs++;
	spin_unlock(&m3_xp.peers_lock);
	if (was_up) {
		pr_info("node %d is down\n", node);
		m3_remote_node_down(node);
	}
}

/*
 * Node @node's module answered from @port in incarnation @inc. If that
 * is the incarnation we lost (a link that came back), its members are
 * the ones we knew; else it started anew.
 */
static void m3_peer_up(int node, u64 port, const u8 *inc)
{
	struct m3_peer *peer = &m3_xp.peers[node];
	bool same;

	if (READ_ONCE(peer->state) == M3_NODE_UP) {
		if (READ_ONCE(peer->port) == port)
			return;
		/* Its module came back on another port before we saw it go. */
		m3_peer_down(node);
	}
	spin_lock(&m3_xp.peers_lock);
	same = peer->seen && !memcmp(peer->incarnation, inc, M3_WIRE_NONCE);
	memcpy(peer->incarnation, inc, M3_WIRE_NONCE);
	peer->seen = true;
	peer->rtt_us = div_u64(ktime_get_ns() - peer->chal_ns, NSEC_PER_USEC);
	WRITE_ONCE(peer->port, port);
	WRITE_ONCE(peer->state, M3_NODE_UP);
	peer->ups++;
	spin_unlock(&m3_xp.peers_lock);
	pr_info("node %d is up%s\n", node, same ? " again" : "");
	m3_remote_node_up(node, same);
}

static bool m3_port_gone(int node, u64 port)
{
	const struct m3_peer *peer = &m3_xp.peers[node];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(peer->gone); i++)
		if (peer->gone[i] == port)
			return true;
	return false;
}

/* Published again (a link that came back): no longer gone. */
static void m3_port_published(int node, u64 port)
{
	struct m3_peer *peer = &m3_xp.peers[node];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(peer->gone); i++)
		if (peer->gone[i] == port)
			peer->gone[i] = 0;
}

static void m3_port_withdrawn(int node, u64 port)
{
	struct m3_peer *peer = &m3_xp.peers[node];

	peer->gone[peer->gone_next++ % ARRAY_SIZE(peer->gone)] = port;
	if (READ_ONCE(peer->port) == port)
		m3_peer_down(node);
}

/*
 * A RESP to our challenge, or a CONFIRM of our RESP, from @from claiming
 * @node: if it proves the key, the node is up. A RESP is confirmed first,
 * so that the peer takes us as up before any frame we send after.
 */
static void m3_check_answer(const union m3_wire_frame *f, int node, u64 from)
{
	u8 nonce[M3_WIRE_NONCE], mac[M3_WIRE_MAC];

	/*
	 * An answer sent before its port was withdrawn can come after the
	 * withdrawal (two sockets, no order between them): not a way up.
	 */
	if (m3_port_gone(node, from))
		return;
	if (m3_nonce(nonce, from) ||
	    crypto_memneq(nonce, f->a.nonce, M3_WIRE_NONCE) ||
	    m3_resp_mac(mac, f->h.type, nonce, f->a.incarnation, node, from,
			m3_self_port()) ||
	    crypto_memneq(mac, f->a.mac, M3_WIRE_MAC)) {
		atomic64_inc(&m3_xp.peers[node].dropped);
		pr_warn_ratelimited("node %d: a module without the cluster key answered\n",
				    node);
		return;
	}
	if (f->h.type == M3_W_RESP)
		m3_answer(M3_W_CONFIRM, f->a.chal, from);
	m3_peer_up(node, from, f->a.incarnation);
}

/* ---- receiving ---------------------------------------------------------- */

/* The length a frame of @f's type (and data count) must have. */
static size_t m3_frame_len(const union m3_wire_frame *f, int len)
{
	size_t want = m3_wire_len(f->h.type);
	const struct m3_wire_copy *c = (const void *)f;

	if (m3_wire_has_data(f->h.type) && len >= (int)want)
		want += min_t(u32, le32_to_cpu(c->count), M3_WIRE_CHUNK + 1);
	return want;
}

static bool m3_frame_ok(const union m3_wire_frame *f, int len, int *node)
{
	if (len < (int)sizeof(f->h) ||
	    le16_to_cpu(f->h.magic) != M3_WIRE_MAGIC ||
	    f->h.version != M3_WIRE_VERSION ||
	    !f->h.type || f->h.type >= M3_W_NR_TYPES ||
	    len != (int)m3_frame_len(f, len) ||
	    len > (int)(sizeof(struct m3_wire_copy) + M3_WIRE_CHUNK))
		return false;
	*node = le16_to_cpu(f->h.node);
	return *node < m3_drvs.params.nr_nodes && *node != m3_drvs.nodeid;
}

static void m3_rx_frame(union m3_wire_frame *f, int len, u64 from)
{
	struct m3_peer *peer;
	int node;

	if (!m3_frame_ok(f, len, &node)) {
		atomic64_inc(&m3_xp.dropped);
		return;
	}
	peer = &m3_xp.peers[node];
	if (f->h.type == M3_W_CHAL) {
		m3_answer(M3_W_RESP, f->a.nonce, from);
		return;
	}
	if (f->h.type == M3_W_RESP || f->h.type == M3_W_CONFIRM) {
		m3_check_answer(f, node, from);
		return;
	}
	if (READ_ONCE(peer->state) != M3_NODE_UP ||
	    READ_ONCE(peer->port) != from) {
		atomic64_inc(&peer->dropped);
		return;
	}
	atomic64_inc(&peer->rx);
	if (m3_remote_rx(node, f) < 0)
		atomic64_inc(&peer->dropped);
}

/*
 * The receive side runs in the receive work or in a thread handed the
 * frames, one at a time (rx_lock), which reads a frame under sock_sem and
 * handles it after: handling sends frames, which takes sock_sem again.
 * Events come in batches.
 */
#define M3_RX_BATCH	16
#define M3_RX_FRAMES	64	/* then let other work run */

static struct {
	union {
		union m3_wire_frame f;
		u8 bytes[M3_WIRE_MAX];
	};
	struct tipc_event e[M3_RX_BATCH];
} m3_rx;

/*
 * Nothing to read on @sock (an open one), without the recvmsg that would
 * say so: a frame that is not in the queue yet (TIPC's backlog of a
 * socket in use) calls its data_ready again once it is.
 */
static bool m3_rx_empty(struct socket *sock)
{
	return sock && skb_queue_empty_lockless(&sock->sk->sk_receive_queue);
}

/* One frame into m3_rx: its length, 0 if dropped, < 0 if none. */
static int m3_rx_one(u64 *from)
{
	struct sockaddr_tipc a;
	struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a) };
	struct kvec v = { .iov_base = m3_rx.bytes, .iov_len = M3_WIRE_MAX };
	int len = -ENOTCONN;

	down_read(&m3_xp.sock_sem);
	if (m3_rx_empty(m3_xp.sock))
		len = -EAGAIN;
	else if (m3_xp.sock)
		len = kernel_recvmsg(m3_xp.sock, &m, &v, 1, v.iov_len,
				     MSG_DONTWAIT);
	up_read(&m3_xp.sock_sem);
	if (len < 0)
		return len;
	if ((m.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    a.addrtype != TIPC_SOCKET_ADDR) {
		atomic64_inc(&m3_xp.dropped);
		return 0;
	}
	*from = m3_port(&a.addr.id);
	return len;
}

static int m3_rx_events(void)
{
	struct msghdr m;
	struct kvec v;
	int n;

	for (n = 0; n < M3_RX_BATCH && !m3_rx_empty(m3_xp.top); n++) {
		memset(&m, 0, sizeof(m));
		v.iov_base = &m3_rx.e[n];
		v.iov_len = sizeof(m3_rx.e[n]);
		if (kernel_recvmsg(m3_xp.top, &m, &v, 1, v.iov_len,
				   MSG_DONTWAIT) != sizeof(m3_rx.e[n]))
			break;
	}
	return n;
}

static void m3_rx_event(const struct tipc_event *e)
{
	u32 node = e->found_lower;
	u64 port = m3_port(&e->port);

	if (e->s.seq.type != M3_TIPC_SERVICE || e->found_lower != e->found_upper ||
	    node >= m3_drvs.params.nr_nodes || node == m3_drvs.nodeid)
		return;
	if (e->event == TIPC_PUBLISHED) {
		m3_port_published(node, port);
		m3_challenge(node, port);
	} else if (e->event == TIPC_WITHDRAWN) {
		m3_port_withdrawn(node, port);
	}
}

/* Read and handle a batch of events and frames: more may be waiting? */
static bool m3_rx_run(void)
{
	int i, n, ne = 0, len = 0;
	u64 from;

	lockdep_assert_held(&m3_xp.rx_lock);
	down_read(&m3_xp.sock_sem);
	if (m3_xp.top)
		ne = m3_rx_events();
	up_read(&m3_xp.sock_sem);
	for (i = 0; i < ne; i++)
		m3_rx_event(&m3_rx.e[i]);
	for (n = 0; n < M3_RX_FRAMES; n++) {
		len = m3_rx_one(&from);
		if (len < 0)
			break;
		if (len)
			m3_rx_frame(&m3_rx.f, len, from);
		m3_xport_flush_pending();
	}
	return ne == M3_RX_BATCH || len >= 0;
}

/* A batch read by rx_lock's holder, which lets go of it after. */
static void m3_rx_batch(void)
{
	bool more;

	WRITE_ONCE(m3_xp.rx_reader, current);
	more = m3_rx_run();
	WRITE_ONCE(m3_xp.rx_reader, NULL);
	mutex_unlock(&m3_xp.rx_lock);
	/* More than a batch: let other work run first. */
	if (more)
		queue_work(m3_xp.wq, &m3_xp.rx_work);
}

static void m3_rx_work(struct work_struct *w)
{
	mutex_lock(&m3_xp.rx_lock);
	m3_rx_batch();
}

/* Events, or frames that no sleeping thread takes: the work reads them. */
static void m3_data_ready(struct sock *sk)
{
	queue_work(m3_xp.wq, &m3_xp.rx_work);
}

/*
 * Frames: wake the thread that waits for them, if any, to read them
 * itself. A thread that does not wake at once (it is running, or frozen)
 * is not handed anything; neither is one while another was handed frames
 * and has not begun to read (it will read these too).
 */
static void m3_frames_ready(struct sock *sk)
{
	struct task_struct *t;
	unsigned long flags;
	bool handed = false;

	raw_spin_lock_irqsave(&m3_xp.hand_lock, flags);
	if (m3_xp.rx_handed) {
		raw_spin_unlock_irqrestore(&m3_xp.hand_lock, flags);
		return;
	}
	t = m3_xp.rx_waiter;
	m3_xp.rx_waiter = NULL;
	/*
	 * Under hand_lock: @t is in m3_wait() until it has taken its turn,
	 * where its only sleep is the call's (a frozen @t does not wake).
	 */
	if (t && wake_up_process(t)) {
		m3_xp.rx_handed = t;
		handed = true;
	}
	raw_spin_unlock_irqrestore(&m3_xp.hand_lock, flags);
	if (!handed)
		queue_work(m3_xp.wq, &m3_xp.rx_work);
}

/*
 * Take current's turn to read frames, if it was handed one, and say
 * whether current waits for frames from now on (m3_xport_rx_sleep()) or
 * no more (m3_xport_rx_awake()).
 */
static bool m3_rx_turn(bool waits)
{
	struct task_struct *me = current;
	bool handed;

	raw_spin_lock_irq(&m3_xp.hand_lock);
	handed = m3_xp.rx_handed == me;
	if (handed)
		m3_xp.rx_handed = NULL;
	if (waits && !handed)
		m3_xp.rx_waiter = me;
	else if (m3_xp.rx_waiter == me)
		m3_xp.rx_waiter = NULL;
	raw_spin_unlock_irq(&m3_xp.hand_lock);
	return handed;
}

/*
 * Read the frames handed to current. A thread with a signal to handle, or
 * that finds the work reading, leaves them to the work.
 */
static void m3_rx_in_thread(void)
{
	if (signal_pending(current) || !mutex_trylock(&m3_xp.rx_lock)) {
		queue_work(m3_xp.wq, &m3_xp.rx_work);
		return;
	}
	m3_rx_batch();
}

/*
 * Current is about to sleep in a call of a VM across nodes: read what was
 * handed to it, then take the next frames that come while it sleeps.
 */
void m3_xport_rx_sleep(void)
{
	if (m3_rx_turn(true)) {
		m3_rx_in_thread();
		m3_rx_turn(true);
	}
}

/* Current sleeps no more: read what was handed to it, take nothing else. */
void m3_xport_rx_awake(void)
{
	if (m3_rx_turn(false))
		m3_rx_in_thread();
}

/* ---- join and leave ----------------------------------------------------- */

static void m3_sock_hook(struct socket *sock, void (*ready)(struct sock *))
{
	struct sock *sk = sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = ready;
	write_unlock_bh(&sk->sk_callback_lock);
}

static int m3_sock_open(void)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_ADDR,
		.scope = TIPC_CLUSTER_SCOPE,
		.addr.name.name = { M3_TIPC_SERVICE, m3_drvs.nodeid },
	};
	int imp = TIPC_CRITICAL_IMPORTANCE;
	int ret;

	ret = sock_create_kern(&init_net, AF_TIPC, SOCK_RDM, 0, &m3_xp.sock);
	if (ret < 0)
		return ret;
	ret = m3_xp.sock->ops->setsockopt(m3_xp.sock, SOL_TIPC,
					  TIPC_IMPORTANCE,
					  KERNEL_SOCKPTR(&imp), sizeof(imp));
	if (ret < 0)
		return ret;
	/* Room for bursts: a full queue would bounce frames to the sender. */
	WRITE_ONCE(m3_xp.sock->sk->sk_rcvbuf, 16 << 20);
	m3_sock_hook(m3_xp.sock, m3_frames_ready);
	return kernel_bind(m3_xp.sock, (struct sockaddr *)&a, sizeof(a));
}

static int m3_top_open(void)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_SERVICE_ADDR,
		.addr.name.name = { TIPC_TOP_SRV, TIPC_TOP_SRV },
	};
	struct tipc_subscr s = {
		.seq = { M3_TIPC_SERVICE, 0, M3_MAX_NODES - 1 },
		.timeout = TIPC_WAIT_FOREVER,
		.filter = TIPC_SUB_PORTS,
	};
	struct msghdr m = {};
	struct kvec v = { .iov_base = &s, .iov_len = sizeof(s) };
	int ret;

	ret = sock_create_kern(&init_net, AF_TIPC, SOCK_SEQPACKET, 0,
			       &m3_xp.top);
	if (ret < 0)
		return ret;
	m3_sock_hook(m3_xp.top, m3_data_ready);
	ret = kernel_connect(m3_xp.top, (struct sockaddr *)&a, sizeof(a), 0);
	if (ret < 0)
		return ret;
	ret = kernel_sendmsg(m3_xp.top, &m, &v, 1, sizeof(s));
	return ret < 0 ? ret : 0;
}

static int m3_hmac_open(const u8 *key)
{
	u8 k[M3_WIRE_MAC];
	int ret;

	m3_xp.hmac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(m3_xp.hmac)) {
		ret = PTR_ERR(m3_xp.hmac);
		m3_xp.hmac = NULL;
		return ret;
	}
	/* The handshake's own key, derived: TIPC uses the cluster key as is. */
	ret = crypto_shash_setkey(m3_xp.hmac, key, M3_CLUSTER_KEY_LEN) ?:
	      m3_hmac(k, "m3ipc handshake key v1", 22, NULL, 0) ?:
	      crypto_shash_setkey(m3_xp.hmac, k, sizeof(k));
	memzero_explicit(k, sizeof(k));
	return ret;
}

static void m3_socks_close(void)
{
	down_write(&m3_xp.sock_sem);
	if (m3_xp.top)
		sock_release(m3_xp.top);
	if (m3_xp.sock)
		sock_release(m3_xp.sock);
	m3_xp.top = NULL;
	m3_xp.sock = NULL;
	up_write(&m3_xp.sock_sem);
	cancel_work_sync(&m3_xp.rx_work);
	if (m3_xp.hmac)
		crypto_free_shash(m3_xp.hmac);
	m3_xp.hmac = NULL;
}

static int m3_xport_join_locked(const struct m3_cluster_args *a)
{
	int ret;

	if (!m3_drvs.initialized)
		return -ENODRVS;
	if (m3_xp.joined)
		return -EALREADY;
	ret = m3_hmac_open(a->key);
	if (ret < 0)
		goto err;
	down_write(&m3_xp.sock_sem);
	ret = m3_sock_open() ?: m3_top_open();
	up_write(&m3_xp.sock_sem);
	if (ret < 0)
		goto err;
	m3_xp.joined = true;
	m3_xp.peers[m3_drvs.nodeid].state = M3_NODE_SELF;
	pr_info("node %d joined the cluster\n", m3_drvs.nodeid);
	queue_work(m3_xp.wq, &m3_xp.rx_work);
	return 0;
err:
	m3_socks_close();
	pr_err("cannot join the cluster over TIPC: %d\n", ret);
	return ret == -EAFNOSUPPORT ? -EPROTONOSUPPORT : ret;
}

int m3_xport_join(void __user *arg)
{
	struct m3_cluster_args a;
	int ret;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.key_len != M3_CLUSTER_KEY_LEN || a.flags || a.reserved[0] ||
	    a.reserved[1] || a.reserved[2])
		return -EINVAL;
	mutex_lock(&m3_drvs.lock);
	mutex_lock(&m3_xp.lock);
	ret = m3_xport_join_locked(&a);
	mutex_unlock(&m3_xp.lock);
	mutex_unlock(&m3_drvs.lock);
	memzero_explicit(&a, sizeof(a));
	return ret;
}

/* Every node is lost to us; remote calls fail EDEADNODE. */
static int m3_xport_leave_locked(void)
{
	int n;

	if (!m3_xp.joined)
		return -ENOTCONN;
	m3_socks_close();
	for (n = 0; n < M3_MAX_NODES; n++)
		if (n != m3_drvs.nodeid)
			m3_peer_down(n);
	m3_xp.peers[m3_drvs.nodeid].state = M3_NODE_DOWN;
	m3_xport_flush();
	m3_xp.joined = false;
	pr_info("node %d left the cluster\n", m3_drvs.nodeid);
	return 0;
}

int m3_xport_leave(void)
{
	int ret;

	mutex_lock(&m3_xp.lock);
	ret = m3_xport_leave_locked();
	mutex_unlock(&m3_xp.lock);
	return ret;
}

/*
 * A new DRVS, whose VMs and generations start anew: a new incarnation
 * for the other nodes (a leave and a join keep it: the members and their
 * endpoints are the same).
 */
void m3_xport_incarnation(void)
{
	get_random_bytes(m3_xp.epoch, sizeof(m3_xp.epoch));
}

/* ---- queries ------------------------------------------------------------ */

static void m3_node_fill(int node, struct m3_node_info *i)
{
	struct m3_peer *peer = &m3_xp.peers[node];

	memset(i, 0, sizeof(*i));
	i->node = node;
	if (node == m3_drvs.nodeid)
		i->tipc_addr = m3_self_port() >> 32;
	spin_lock(&m3_xp.peers_lock);
	i->state = node == m3_drvs.nodeid ? M3_NODE_SELF : peer->state;
	if (node != m3_drvs.nodeid)
		i->tipc_addr = peer->port >> 32;
	i->rtt_us = peer->state == M3_NODE_UP ? peer->rtt_us : 0;
	i->ups = peer->ups;
	i->downs = peer->downs;
	spin_unlock(&m3_xp.peers_lock);
	i->tx_frames = atomic64_read(&peer->tx);
	i->rx_frames = atomic64_read(&peer->rx);
	i->rx_dropped = atomic64_read(&peer->dropped);
	i->tx_errors = atomic64_read(&peer->tx_errors);
}

long m3_ioctl_node_info(void __user *arg)
{
	struct m3_node_info i;
	u32 node;

	if (get_user(node, (u32 __user *)arg))
		return -EFAULT;
	if (!READ_ONCE(m3_drvs.initialized))
		return -ENODRVS;
	if (node >= m3_drvs.params.nr_nodes)
		return -EINVAL;
	m3_node_fill(node, &i);
	return copy_to_user(arg, &i, sizeof(i)) ? -EFAULT : 0;
}

/* The columns of /proc/m3ipc/nodes that describe @node's link. */
const char m3_xport_nodes_header[] =
	"state tipc_addr  rtt_us  tx         rx         dropped  tx_errors ups   downs ";

void m3_xport_seq_node(struct seq_file *m, int node)
{
	struct m3_node_info i;

	m3_node_fill(node, &i);
	seq_printf(m, "%-5s %08x   %-7u %-10llu %-10llu %-8llu %-9llu %-5u %-5u ",
		   m3_node_state_name(i.state), i.tipc_addr, i.rtt_us,
		   i.tx_frames, i.rx_frames, i.rx_dropped, i.tx_errors,
		   i.ups, i.downs);
}

/* ---- module init and exit ----------------------------------------------- */

int m3_xport_init(void)
{
	mutex_init(&m3_xp.lock);
	mutex_init(&m3_xp.flush_lock);
	mutex_init(&m3_xp.rx_lock);
	raw_spin_lock_init(&m3_xp.hand_lock);
	init_rwsem(&m3_xp.sock_sem);
	raw_spin_lock_init(&m3_xp.txq_lock);
	spin_lock_init(&m3_xp.peers_lock);
	INIT_WORK(&m3_xp.rx_work, m3_rx_work);
	INIT_WORK(&m3_xp.tx_work, m3_tx_work);
	m3_xp.wq = alloc_workqueue("m3ipc_xport", WQ_HIGHPRI | WQ_MEM_RECLAIM,
				   1);
	return m3_xp.wq ? 0 : -ENOMEM;
}

/* After the DRVS has ended (which left the cluster). */
void m3_xport_exit(void)
{
	m3_xport_flush();
	destroy_workqueue(m3_xp.wq);
	m3_xp.wq = NULL;
}
