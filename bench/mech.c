// SPDX-License-Identifier: GPL-2.0
/*
 * m3bench: the mechanisms of the IPC tests. Each does the same work per
 * round trip: the client hands a request to the server and blocks until
 * the server's reply is back in its buffer; the server blocks until a
 * request arrives, reads it, writes a reply. TEST_RT moves 64 bytes each
 * way; TEST_EVENT moves the smallest unit the mechanism has (1 byte, an
 * eventfd count, a futex word, an M3 notify).
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/eventfd.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "pair.h"

static size_t msg_len(const struct pp_ctx *c)
{
	return c->test == TEST_RT ? MSG_SIZE : 1;
}

void ready(struct pp_ctx *c)
{
	__atomic_store_n(&c->sh->ready, 1, __ATOMIC_RELEASE);
}

/* ---- M3-IPC --------------------------------------------------------- */

static int m3_server(struct pp_ctx *c)
{
	message m;
	int ep, ret;

	ep = mnx_bind(opt_vmid, -1);
	if (ep < 0)
		return ep;
	c->sh->server_ep = ep;
	ready(c);
	ret = mnx_receive(ANY, &m);
	while (!ret) {
		if (c->variant == M3V_NOTIFY) {
			if (m.m_type != NOTIFY_MESSAGE)
				break;
			ret = mnx_notify(m.m_source);
			if (!ret)
				ret = mnx_receive(ANY, &m);
			continue;
		}
		if (m.m_type == QUIT_TYPE)
			break;
		m.m1_i1++;
		m.m_type = 2;
		if (c->variant == M3V_REPLYREC) {
			ret = mnx_replyrec(m.m_source, &m, ANY);
		} else {
			ret = mnx_send(m.m_source, &m);
			if (!ret)
				ret = mnx_receive(ANY, &m);
		}
	}
	mnx_unbind();
	return ret;
}

static int m3_client_init(struct pp_ctx *c)
{
	(void)c;
	int ep = mnx_bind(opt_vmid, -1);

	return ep < 0 ? ep : 0;
}

static int m3_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	int srv = c->sh->server_ep, ret = 0;
	message m;

	memset(&m, 0, sizeof(m));
	for (long i = 0; i < n && !ret; i++) {
		m.m_type = 1;
		m.m1_i1 = (int)i;
		switch (c->variant) {
		case M3V_SENDRECV:
			ret = mnx_send(srv, &m);
			if (!ret)
				ret = mnx_receive(srv, &m);
			break;
		case M3V_SENDREC:
		case M3V_REPLYREC:
			ret = mnx_sendrec(srv, &m);
			break;
		case M3V_NOTIFY:
			ret = mnx_notify(srv);
			if (!ret)
				ret = mnx_receive(srv, &m);
			if (!ret && m.m_type != NOTIFY_MESSAGE)
				ret = -EPROTO;
			break;
		}
		if (!ret && c->variant != M3V_NOTIFY && m.m1_i1 != (int)i + 1)
			ret = -EPROTO;
	}
	return ret;
}

static void m3_quit(struct pp_ctx *c)
{
	message m = { .m_type = QUIT_TYPE };

	mnx_send(c->sh->server_ep, &m);
	mnx_unbind();
}

const struct pp_ops m3_ops = {
	.name = "m3",
	.server = m3_server,
	.client_init = m3_client_init,
	.batch = m3_batch,
	.quit = m3_quit,
};

/* ---- Peers that move a message each way: one server, batch, quit ------ */
/*
 * Each such peer only says how to put the message (c->msg) on its way and
 * how to get it: WAY_REQ carries the client's request to the server,
 * WAY_REP the reply back. The quit request is an ordinary request with
 * c->sh->quit set: the server checks the flag after every get.
 */
#define WAY_REQ	0
#define WAY_REP	1

typedef int (*chan_fn)(struct pp_ctx *c, int way, size_t len);

static inline __attribute__((always_inline))
int chan_server(struct pp_ctx *c, chan_fn put, chan_fn get)
{
	size_t len = msg_len(c);
	int ret;

	ready(c);
	ret = c->ops->server_init ? c->ops->server_init(c) : 0;
	while (!ret) {
		ret = get(c, WAY_REQ, len);
		if (ret || c->sh->quit)
			break;
		c->msg.text[len - 1]++;
		ret = put(c, WAY_REP, len);
	}
	return ret;
}

static inline __attribute__((always_inline))
int chan_batch(void *arg, long n, chan_fn put, chan_fn get)
{
	struct pp_ctx *c = arg;
	size_t len = msg_len(c);
	int ret = 0;

	for (long i = 0; i < n && !ret; i++) {
		ret = put(c, WAY_REQ, len);
		if (!ret)
			ret = get(c, WAY_REP, len);
	}
	return ret;
}

static inline __attribute__((always_inline))
void chan_quit(struct pp_ctx *c, chan_fn put)
{
	c->sh->quit = 1;
	put(c, WAY_REQ, msg_len(c));
}

/*
 * The struct pp_ops of such a peer, named @var##_ops: its server, batch
 * and quit are the ones above with @put and @get inlined, so that a message
 * costs no call through a pointer (M3's own path makes none either); the
 * arguments after @get are the rest of its struct pp_ops (.prepare, ...).
 */
#define CHAN_PEER(var, label, put, get, ...)				\
	static int var##_server(struct pp_ctx *c)			\
	{								\
		return chan_server(c, put, get);			\
	}								\
	static int var##_batch(void *c, long n)				\
	{								\
		return chan_batch(c, n, put, get);			\
	}								\
	static void var##_quit(struct pp_ctx *c)			\
	{								\
		chan_quit(c, put);					\
	}								\
	static const struct pp_ops var##_ops = {			\
		.name = label, .server = var##_server,			\
		.batch = var##_batch, .quit = var##_quit, __VA_ARGS__	\
	}

/* ---- Byte streams and datagrams on descriptors ------------------------ */
/*
 * Way w is read from fd[2 * w] and written to fd[2 * w + 1]: fd[0] the
 * server reads requests, fd[1] the client writes them, fd[2] the client
 * reads replies, fd[3] the server writes them.
 */

static int fd_put(struct pp_ctx *c, int way, size_t len)
{
	return writen(c->fd[2 * way + 1], c->msg.text, len);
}

static int fd_get(struct pp_ctx *c, int way, size_t len)
{
	return readn(c->fd[2 * way], c->msg.text, len);
}

static int pipe_prepare(struct pp_ctx *c)
{
	if (pipe2(c->fd, O_CLOEXEC) || pipe2(c->fd + 2, O_CLOEXEC))
		return -errno;
	return 0;
}

CHAN_PEER(pipe, "pipe", fd_put, fd_get, .prepare = pipe_prepare);

/* Names of the two ways in c->path: "PREFIX.PID.PAIR.WAY". */
static void name_ways(struct pp_ctx *c, const char *prefix)
{
	for (int i = 0; i < 2; i++)
		snprintf(c->path[i], sizeof(c->path[i]), "%s.%d.%d.%d", prefix,
			 (int)getpid(), c->pair, i);
}

/* FIFOs: opened by name in each process, as unrelated processes would. */
static int fifo_prepare(struct pp_ctx *c)
{
	name_ways(c, "/tmp/m3b");
	for (int i = 0; i < 2; i++) {
		unlink(c->path[i]);
		if (mkfifo(c->path[i], 0600))
			return -errno;
	}
	return 0;
}

static int fifo_server_init(struct pp_ctx *c)
{
	c->fd[0] = open(c->path[WAY_REQ], O_RDONLY);
	c->fd[3] = open(c->path[WAY_REP], O_WRONLY);
	return c->fd[0] < 0 || c->fd[3] < 0 ? -errno : 0;
}

static int fifo_client_init(struct pp_ctx *c)
{
	c->fd[1] = open(c->path[WAY_REQ], O_WRONLY);
	c->fd[2] = open(c->path[WAY_REP], O_RDONLY);
	return c->fd[1] < 0 || c->fd[2] < 0 ? -errno : 0;
}

static void fifo_cleanup(struct pp_ctx *c)
{
	unlink(c->path[0]);
	unlink(c->path[1]);
}

CHAN_PEER(fifo, "fifo", fd_put, fd_get, .prepare = fifo_prepare,
	  .server_init = fifo_server_init, .client_init = fifo_client_init,
	  .cleanup = fifo_cleanup);

/* s[0] is the client's end, s[1] the server's. */
static int sockpair_prepare(struct pp_ctx *c, int type)
{
	int s[2];

	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, s))
		return -errno;
	c->fd[0] = s[1];
	c->fd[1] = s[0];
	c->fd[2] = dup(s[0]);
	c->fd[3] = dup(s[1]);
	return 0;
}

static int unix_prepare(struct pp_ctx *c)
{
	return sockpair_prepare(c, SOCK_STREAM);
}

static int seqpacket_prepare(struct pp_ctx *c)
{
	return sockpair_prepare(c, SOCK_SEQPACKET);
}

CHAN_PEER(unix, "unix-stream", fd_put, fd_get, .prepare = unix_prepare);
CHAN_PEER(seqpacket, "unix-seqpacket", fd_put, fd_get,
	  .prepare = seqpacket_prepare);

/* TCP over loopback, Nagle off. fd[4] is the listening socket. */
static int tcp_prepare(struct pp_ctx *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	c->fd[4] = s;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 4) ||
	    getsockname(s, (struct sockaddr *)&sa, &len))
		return -errno;
	c->sport = ntohs(sa.sin_port);
	return 0;
}

/* Socket @s (or -1, a failure) is one side's end of both ways. */
static int tcp_use(struct pp_ctx *c, int s, int server)
{
	int one = 1;

	if (s < 0)
		return -errno;
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (server) {
		c->fd[0] = s;
		c->fd[3] = s;
	} else {
		c->fd[1] = s;
		c->fd[2] = s;
	}
	return 0;
}

static int tcp_server_init(struct pp_ctx *c)
{
	return tcp_use(c, accept(c->fd[4], NULL, NULL), 1);
}

static int tcp_client_init(struct pp_ctx *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(c->sport);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	return tcp_use(c, s, 0);
}

CHAN_PEER(tcp, "tcp-loopback", fd_put, fd_get, .prepare = tcp_prepare,
	  .server_init = tcp_server_init, .client_init = tcp_client_init);

/* ---- POSIX message queues: fd[w] is the queue of way w ---------------- */

static int mq_prepare(struct pp_ctx *c)
{
	struct mq_attr at = { .mq_maxmsg = 8, .mq_msgsize = MSG_SIZE };

	name_ways(c, "/m3b");
	for (int i = 0; i < 2; i++) {
		mq_unlink(c->path[i]);
		c->fd[i] = mq_open(c->path[i], O_RDWR | O_CREAT | O_CLOEXEC,
				   0600, &at);
		if (c->fd[i] < 0)
			return -errno;
	}
	return 0;
}

static int mq_put(struct pp_ctx *c, int way, size_t len)
{
	return mq_send(c->fd[way], c->msg.text, len, 0) ? -errno : 0;
}

static int mq_get(struct pp_ctx *c, int way, size_t len)
{
	(void)len;
	return mq_receive(c->fd[way], c->msg.text, MSG_SIZE, NULL) < 0 ?
		-errno : 0;
}

static void mq_cleanup(struct pp_ctx *c)
{
	mq_unlink(c->path[0]);
	mq_unlink(c->path[1]);
}

CHAN_PEER(mq, "posix-mq", mq_put, mq_get, .prepare = mq_prepare,
	  .cleanup = mq_cleanup);

/* ---- SysV message queue: way w is message type w + 1 ------------------ */

static int sysv_prepare(struct pp_ctx *c)
{
	c->key = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	return c->key < 0 ? -errno : 0;
}

static int sysv_put(struct pp_ctx *c, int way, size_t len)
{
	c->msg.mtype = way + 1;
	return msgsnd(c->key, &c->msg, len, 0) ? -errno : 0;
}

static int sysv_get(struct pp_ctx *c, int way, size_t len)
{
	(void)len;
	return msgrcv(c->key, &c->msg, MSG_SIZE, way + 1, 0) < 0 ? -errno : 0;
}

static void sysv_cleanup(struct pp_ctx *c)
{
	msgctl(c->key, IPC_RMID, NULL);
}

CHAN_PEER(sysv, "sysv-msg", sysv_put, sysv_get, .prepare = sysv_prepare,
	  .cleanup = sysv_cleanup);

/* ---- Shared memory and a doorbell: eventfd or futex ------------------- */
/* TEST_RT's payload goes through sh->req and sh->rep; TEST_EVENT's is the
 * doorbell alone. */

static void shm_store(struct pp_ctx *c, int way)
{
	if (c->test == TEST_RT)
		memcpy(way == WAY_REQ ? c->sh->req : c->sh->rep, c->msg.text,
		       MSG_SIZE);
}

static void shm_load(struct pp_ctx *c, int way)
{
	if (c->test == TEST_RT)
		memcpy(c->msg.text, way == WAY_REQ ? c->sh->req : c->sh->rep,
		       MSG_SIZE);
}

/* eventfd: fd[w] rings way w. */
static int efd_prepare(struct pp_ctx *c)
{
	c->fd[0] = eventfd(0, EFD_CLOEXEC);
	c->fd[1] = eventfd(0, EFD_CLOEXEC);
	return c->fd[0] < 0 || c->fd[1] < 0 ? -errno : 0;
}

static int efd_put(struct pp_ctx *c, int way, size_t len)
{
	uint64_t v = 1;

	(void)len;
	shm_store(c, way);
	return write(c->fd[way], &v, sizeof(v)) != sizeof(v) ? -errno : 0;
}

static int efd_get(struct pp_ctx *c, int way, size_t len)
{
	uint64_t v;

	(void)len;
	if (read(c->fd[way], &v, sizeof(v)) != sizeof(v))
		return -errno;
	shm_load(c, way);
	return 0;
}

CHAN_PEER(efd, "eventfd+shm", efd_put, efd_get, .prepare = efd_prepare);

/* futex: sh->turn is 1 while a request waits for the server, else 0. */
static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static int futex_put(struct pp_ctx *c, int way, size_t len)
{
	(void)len;
	shm_store(c, way);
	__atomic_store_n(&c->sh->turn, way == WAY_REQ, __ATOMIC_RELEASE);
	futex(&c->sh->turn, FUTEX_WAKE, 1);
	return 0;
}

static int futex_get(struct pp_ctx *c, int way, size_t len)
{
	int want = way == WAY_REQ;

	(void)len;
	while (__atomic_load_n(&c->sh->turn, __ATOMIC_ACQUIRE) != want)
		futex(&c->sh->turn, FUTEX_WAIT, !want);
	shm_load(c, way);
	return 0;
}

CHAN_PEER(futex, "futex+shm", futex_put, futex_get);

/* Every peer, in table order; binder has no TEST_EVENT form. */
const struct pp_ops *const peer_ops[] = {
	&pipe_ops, &fifo_ops, &unix_ops, &seqpacket_ops, &tcp_ops, &mq_ops,
	&sysv_ops, &efd_ops, &futex_ops, &binder_ops, NULL,
};

const struct pp_ops *peer_by_name(const char *name)
{
	for (int i = 0; peer_ops[i]; i++)
		if (!strcmp(peer_ops[i]->name, name))
			return peer_ops[i];
	return NULL;
}
