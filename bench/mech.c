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

/* ---- Byte streams and datagrams on descriptors ------------------------ */
/* fd[0] client reads, fd[1] client writes, fd[2] server reads, fd[3]
 * server writes. */

static int fd_serve(struct pp_ctx *c)
{
	size_t len = msg_len(c);
	int ret;

	for (;;) {
		ret = readn(c->fd[2], c->buf, len);
		if (ret || c->buf[0] == 'q')
			return ret;
		c->buf[len - 1]++;
		ret = writen(c->fd[3], c->buf, len);
		if (ret)
			return ret;
	}
}

static int fd_server(struct pp_ctx *c)
{
	ready(c);
	return fd_serve(c);
}

static int fd_client_init(struct pp_ctx *c)
{
	(void)c;
	return 0;
}

static int fd_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	size_t len = msg_len(c);
	int ret = 0;

	for (long i = 0; i < n && !ret; i++) {
		c->buf[0] = 'r';
		ret = writen(c->fd[1], c->buf, len);
		if (!ret)
			ret = readn(c->fd[0], c->buf, len);
	}
	return ret;
}

static void fd_quit(struct pp_ctx *c)
{
	c->buf[0] = 'q';
	writen(c->fd[1], c->buf, msg_len(c));
}

static int pipe_prepare(struct pp_ctx *c)
{
	int a[2], b[2];

	if (pipe2(a, O_CLOEXEC) || pipe2(b, O_CLOEXEC))
		return -errno;
	c->fd[1] = a[1];
	c->fd[2] = a[0];
	c->fd[3] = b[1];
	c->fd[0] = b[0];
	return 0;
}

/* The peers whose descriptors are all made before forking. */
#define FD_PEER(var, label, prep)			\
	static const struct pp_ops var = {		\
		.name = label,				\
		.prepare = prep,			\
		.server = fd_server,			\
		.client_init = fd_client_init,		\
		.batch = fd_batch,			\
		.quit = fd_quit,			\
	}

FD_PEER(pipe_ops, "pipe", pipe_prepare);

/* FIFOs: opened by name in each process, as unrelated processes would. */
static int fifo_prepare(struct pp_ctx *c)
{
	for (int i = 0; i < 2; i++) {
		snprintf(c->path[i], sizeof(c->path[i]), "/tmp/m3b.%d.%d.%d",
			 (int)getpid(), c->pair, i);
		unlink(c->path[i]);
		if (mkfifo(c->path[i], 0600))
			return -errno;
	}
	return 0;
}

static int fifo_server(struct pp_ctx *c)
{
	ready(c);
	c->fd[2] = open(c->path[0], O_RDONLY);
	c->fd[3] = open(c->path[1], O_WRONLY);
	if (c->fd[2] < 0 || c->fd[3] < 0)
		return -errno;
	return fd_serve(c);
}

static int fifo_client_init(struct pp_ctx *c)
{
	c->fd[1] = open(c->path[0], O_WRONLY);
	c->fd[0] = open(c->path[1], O_RDONLY);
	return c->fd[0] < 0 || c->fd[1] < 0 ? -errno : 0;
}

static void fifo_cleanup(struct pp_ctx *c)
{
	unlink(c->path[0]);
	unlink(c->path[1]);
}

static const struct pp_ops fifo_ops = {
	.name = "fifo",
	.prepare = fifo_prepare,
	.server = fifo_server,
	.client_init = fifo_client_init,
	.batch = fd_batch,
	.quit = fd_quit,
	.cleanup = fifo_cleanup,
};

static int sockpair_prepare(struct pp_ctx *c, int type)
{
	int s[2];

	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, s))
		return -errno;
	c->fd[0] = s[0];
	c->fd[1] = dup(s[0]);
	c->fd[2] = s[1];
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

FD_PEER(unix_ops, "unix-stream", unix_prepare);
FD_PEER(seqpacket_ops, "unix-seqpacket", seqpacket_prepare);

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

static void nodelay(int s)
{
	int one = 1;

	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int tcp_server(struct pp_ctx *c)
{
	int s;

	ready(c);
	s = accept(c->fd[4], NULL, NULL);
	if (s < 0)
		return -errno;
	nodelay(s);
	c->fd[2] = s;
	c->fd[3] = s;
	return fd_serve(c);
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
	nodelay(s);
	c->fd[0] = s;
	c->fd[1] = s;
	return 0;
}

static const struct pp_ops tcp_ops = {
	.name = "tcp-loopback",
	.prepare = tcp_prepare,
	.server = tcp_server,
	.client_init = tcp_client_init,
	.batch = fd_batch,
	.quit = fd_quit,
};

/* ---- POSIX message queues: one queue each way ------------------------ */

static int mq_prepare(struct pp_ctx *c)
{
	struct mq_attr at = { .mq_maxmsg = 8, .mq_msgsize = MSG_SIZE };

	for (int i = 0; i < 2; i++) {
		snprintf(c->path[i], sizeof(c->path[i]), "/m3b.%d.%d.%d",
			 (int)getpid(), c->pair, i);
		mq_unlink(c->path[i]);
		c->fd[i] = mq_open(c->path[i], O_RDWR | O_CREAT | O_CLOEXEC,
				   0600, &at);
		if (c->fd[i] < 0)
			return -errno;
	}
	return 0;
}

static int mq_server(struct pp_ctx *c)
{
	size_t len = msg_len(c);

	ready(c);
	for (;;) {
		if (mq_receive(c->fd[0], c->buf, MSG_SIZE, NULL) < 0)
			return -errno;
		if (c->buf[0] == 'q')
			return 0;
		c->buf[len - 1]++;
		if (mq_send(c->fd[1], c->buf, len, 0))
			return -errno;
	}
}

static int mq_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	size_t len = msg_len(c);

	for (long i = 0; i < n; i++) {
		c->buf[0] = 'r';
		if (mq_send(c->fd[0], c->buf, len, 0) ||
		    mq_receive(c->fd[1], c->buf, MSG_SIZE, NULL) < 0)
			return -errno;
	}
	return 0;
}

static void mq_quit(struct pp_ctx *c)
{
	c->buf[0] = 'q';
	mq_send(c->fd[0], c->buf, 1, 0);
}

static void mq_cleanup(struct pp_ctx *c)
{
	mq_unlink(c->path[0]);
	mq_unlink(c->path[1]);
}

static const struct pp_ops mq_ops = {
	.name = "posix-mq",
	.prepare = mq_prepare,
	.server = mq_server,
	.client_init = fd_client_init,
	.batch = mq_batch,
	.quit = mq_quit,
	.cleanup = mq_cleanup,
};

/* ---- SysV message queue: type 1 requests, type 2 replies -------------- */

struct sysv_msg {
	long mtype;
	char mtext[MSG_SIZE];
};

static int sysv_prepare(struct pp_ctx *c)
{
	c->key = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	return c->key < 0 ? -errno : 0;
}

static int sysv_server(struct pp_ctx *c)
{
	size_t len = msg_len(c);
	struct sysv_msg m;

	ready(c);
	for (;;) {
		if (msgrcv(c->key, &m, MSG_SIZE, 1, 0) < 0)
			return -errno;
		if (m.mtext[0] == 'q')
			return 0;
		m.mtext[len - 1]++;
		m.mtype = 2;
		if (msgsnd(c->key, &m, len, 0))
			return -errno;
	}
}

static int sysv_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	size_t len = msg_len(c);
	struct sysv_msg m;

	memset(&m, 0, sizeof(m));
	for (long i = 0; i < n; i++) {
		m.mtype = 1;
		m.mtext[0] = 'r';
		if (msgsnd(c->key, &m, len, 0) ||
		    msgrcv(c->key, &m, MSG_SIZE, 2, 0) < 0)
			return -errno;
	}
	return 0;
}

static void sysv_quit(struct pp_ctx *c)
{
	struct sysv_msg m = { .mtype = 1, .mtext = "q" };

	msgsnd(c->key, &m, 1, 0);
}

static void sysv_cleanup(struct pp_ctx *c)
{
	msgctl(c->key, IPC_RMID, NULL);
}

static const struct pp_ops sysv_ops = {
	.name = "sysv-msg",
	.prepare = sysv_prepare,
	.server = sysv_server,
	.client_init = fd_client_init,
	.batch = sysv_batch,
	.quit = sysv_quit,
	.cleanup = sysv_cleanup,
};

/* ---- eventfd + shared memory: fd[0] requests, fd[1] replies ----------- */

static int efd_prepare(struct pp_ctx *c)
{
	c->fd[0] = eventfd(0, EFD_CLOEXEC);
	c->fd[1] = eventfd(0, EFD_CLOEXEC);
	return c->fd[0] < 0 || c->fd[1] < 0 ? -errno : 0;
}

static int efd_server(struct pp_ctx *c)
{
	uint64_t v = 1;

	ready(c);
	for (;;) {
		if (read(c->fd[0], &v, sizeof(v)) != sizeof(v))
			return -errno;
		if (c->sh->quit)
			return 0;
		if (c->test == TEST_RT) {
			memcpy(c->buf, c->sh->req, MSG_SIZE);
			c->buf[MSG_SIZE - 1]++;
			memcpy(c->sh->rep, c->buf, MSG_SIZE);
		}
		v = 1;
		if (write(c->fd[1], &v, sizeof(v)) != sizeof(v))
			return -errno;
	}
}

static int efd_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	uint64_t v = 1;

	for (long i = 0; i < n; i++) {
		if (c->test == TEST_RT)
			memcpy(c->sh->req, c->buf, MSG_SIZE);
		v = 1;
		if (write(c->fd[0], &v, sizeof(v)) != sizeof(v) ||
		    read(c->fd[1], &v, sizeof(v)) != sizeof(v))
			return -errno;
		if (c->test == TEST_RT)
			memcpy(c->buf, c->sh->rep, MSG_SIZE);
	}
	return 0;
}

static void efd_quit(struct pp_ctx *c)
{
	uint64_t v = 1;

	c->sh->quit = 1;
	if (write(c->fd[0], &v, sizeof(v)) != sizeof(v))
		return;
}

static const struct pp_ops efd_ops = {
	.name = "eventfd+shm",
	.prepare = efd_prepare,
	.server = efd_server,
	.client_init = fd_client_init,
	.batch = efd_batch,
	.quit = efd_quit,
};

/* ---- futex ping-pong on shared memory --------------------------------- */
/* sh->turn: 0 the server waits for a request, 1 a request is there. */

static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static int futex_server(struct pp_ctx *c)
{
	int *turn = &c->sh->turn;

	ready(c);
	for (;;) {
		while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 1)
			futex(turn, FUTEX_WAIT, 0);
		if (c->sh->quit)
			return 0;
		if (c->test == TEST_RT) {
			memcpy(c->buf, c->sh->req, MSG_SIZE);
			c->buf[MSG_SIZE - 1]++;
			memcpy(c->sh->rep, c->buf, MSG_SIZE);
		}
		__atomic_store_n(turn, 0, __ATOMIC_RELEASE);
		futex(turn, FUTEX_WAKE, 1);
	}
}

static int futex_batch(void *arg, long n)
{
	struct pp_ctx *c = arg;
	int *turn = &c->sh->turn;

	for (long i = 0; i < n; i++) {
		if (c->test == TEST_RT)
			memcpy(c->sh->req, c->buf, MSG_SIZE);
		__atomic_store_n(turn, 1, __ATOMIC_RELEASE);
		futex(turn, FUTEX_WAKE, 1);
		while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != 0)
			futex(turn, FUTEX_WAIT, 1);
		if (c->test == TEST_RT)
			memcpy(c->buf, c->sh->rep, MSG_SIZE);
	}
	return 0;
}

static void futex_quit(struct pp_ctx *c)
{
	c->sh->quit = 1;
	__atomic_store_n(&c->sh->turn, 1, __ATOMIC_RELEASE);
	futex(&c->sh->turn, FUTEX_WAKE, 1);
}

static const struct pp_ops futex_ops = {
	.name = "futex+shm",
	.server = futex_server,
	.client_init = fd_client_init,
	.batch = futex_batch,
	.quit = futex_quit,
};

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
