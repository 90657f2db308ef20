// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the servers of the M3 rows. serve() starts one thread per
 * pair (NB_MAX_PAIRS, or one for a solo row); each binds in NB_M3_VM and
 * answers whoever calls it, for ever, the way its row says (m3nb.h):
 *
 *   ping-pongs   receive from ANY; add one to m1_i1; reply with replyrec,
 *                or send then receive; notify back for IPC3
 *   copies       READ and WRITE: vcopy between the caller (blocked in
 *                sendrec: its consent) and this thread's buffer, reply;
 *                BEGIN: reply with the buffer's address and receive from
 *                that caller only (its consent to the caller's vcopies)
 *                until it sends END
 *
 * A call that fails (a caller gone) is counted and shown on stderr, and
 * the thread takes the next request; it stops only when it is no longer
 * bound (the VM ended).
 */
#include <semaphore.h>
#include <sys/prctl.h>

#include "m3nb.h"

#define SHOW_ERRORS	5	/* per thread, then only counted */

struct m3_server {
	const struct net_mech *m;
	int ep;			/* bound endpoint, or -errno */
	char *buf;		/* copies: NB_MAX_BULK bytes */
	long errors;
	sem_t *bound;
};

static void failed(struct m3_server *s, const char *what, int err)
{
	if (s->errors++ < SHOW_ERRORS)
		fprintf(stderr, "m3netbench server: %s %s %s, endpoint %d: %s: %s\n",
			s->m->test, s->m->name, s->m->variant, s->ep, what,
			m3_errname(err));
}

/* Answer the ping-pong request @m, then take the next request into @m. */
static int ping_answer(struct m3_server *s, message *m)
{
	int src = m->m_source, ret;

	if (m3_style_of(s->m) == M3S_NOTIFY) {
		ret = m->m_type == NOTIFY_MESSAGE ? mnx_notify(src) : 0;
		return ret ? ret : mnx_receive(ANY, m);
	}
	m->m1_i1++;
	m->m_type = M3_REPLY;
	if (m3_style_of(s->m) == M3S_REPLYREC)
		return mnx_replyrec(src, m, ANY);
	ret = mnx_send(src, m);
	return ret ? ret : mnx_receive(ANY, m);
}

/* The copy request @m; the next request (from *@from) into @m. */
static int copy_answer(struct m3_server *s, message *m, int *from)
{
	uint64_t mine = (uintptr_t)s->buf;
	size_t len = (size_t)m->m1_i2;
	int src = m->m_source;

	if (m->m1_i2 < 0 || len > NB_MAX_BULK) {
		m->m1_i1 = -EINVAL;
		len = 0;
	} else if (m->m_type == M3_READ) {
		m->m1_i1 = mnx_vircopy(src, m->m1_p1, SELF, mine, len);
	} else if (m->m_type == M3_WRITE) {
		m->m1_i1 = mnx_vircopy(SELF, mine, src, m->m1_p1, len);
	} else if (m->m_type == M3_BEGIN) {
		*from = src;
		m->m1_p1 = mine;
		m->m1_i1 = 0;
	} else if (m->m_type == M3_END) {
		*from = ANY;
		return mnx_receive(*from, m);
	} else {
		m->m1_i1 = m->m_type == M3_CHECK ? 0 : -EBADREQUEST;
	}
	if (m->m1_i1)
		failed(s, "vcopy", m->m1_i1);
	m->m1_p2 = m->m1_i3 ? m3_sum(s->buf, len) : 0;
	m->m_type = M3_REPLY;
	return mnx_replyrec(src, m, *from);
}

/* Thread names, by row: a kernel trace tells the servers apart by them. */
static const char *const server_names[] = {
	[M3S_REPLYREC] = "m3s-replyrec",
	[M3S_RECEIVE_SEND] = "m3s-recv+send",
	[M3S_SEND_RECEIVE] = "m3s-send+recv",
	[M3S_NOTIFY] = "m3s-notify",
	[M3S_SERVER_READS] = "m3s-reads",
	[M3S_SERVER_WRITES] = "m3s-writes",
	[M3S_CLIENT_WRITES] = "m3s-cwrites",
};

static void *server_thread(void *arg)
{
	struct m3_server *s = arg;
	int from = ANY, ret;
	message m;

	prctl(PR_SET_NAME, server_names[m3_style_of(s->m)]);
	s->ep = mnx_bind(NB_M3_VM, -1);
	sem_post(s->bound);
	if (s->ep < 0)
		return NULL;
	ret = mnx_receive(from, &m);
	for (;;) {
		if (!ret) {
			ret = m3_is_copy(m3_style_of(s->m)) ?
				copy_answer(s, &m, &from) : ping_answer(s, &m);
			continue;
		}
		if (ret == -ENOTBOUND || ret == -EVMDOWN)
			break;
		failed(s, "call", ret);
		from = ANY;	/* the caller a copy session waited for is gone */
		ret = mnx_receive(from, &m);
	}
	failed(s, "stopped", ret);
	return NULL;
}

/* One server thread bound: 0, or why not. */
static int start_server(const struct net_mech *m, sem_t *bound, int *ep)
{
	struct m3_server *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return -ENOMEM;
	*s = (struct m3_server){ .m = m, .bound = bound };
	if (m3_is_copy(m3_style_of(m))) {
		s->buf = m3_buf_alloc();
		if (!s->buf)
			return -ENOMEM;
		m3_fill(s->buf, NB_MAX_BULK, (uintptr_t)s);
	}
	ret = start_thread(server_thread, s);
	if (ret)
		return ret;
	sem_wait(bound);
	*ep = s->ep;
	return s->ep < 0 ? s->ep : 0;
}

int m3_serve(const struct net_mech *m, char *info, size_t len)
{
	int n = m->solo || m->kind == NB_BULK ? 1 : NB_MAX_PAIRS, ep, ret = 0;
	size_t used = 0;
	sem_t bound;

	sem_init(&bound, 0, 0);
	for (int k = 0; k < n && !ret; k++) {
		ret = start_server(m, &bound, &ep);
		if (!ret) {
			used += snprintf(info + used, len - used, "%s%d",
					 k ? "," : "", ep);
			if (used >= len)
				ret = -EOVERFLOW;
		}
	}
	sem_destroy(&bound);
	return ret;
}
