// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the M3 rows and their client side (m3nb.h says how the
 * two ends talk; m3serve.c is the other end).
 *
 * A thread calls from its own endpoint: the client's main thread binds in
 * NB_M3_VM at its first M3 connection and stays bound; each N-pairs thread
 * binds before its first round trip and unbinds after its last (enter,
 * leave). A connection is one server endpoint (the pair's, from the
 * server's info), which open() waits for until it is announced here as a
 * member of the node the row says: another one for "m3-remote", this one
 * for "m3-local".
 *
 * Copies move c->size bytes of one buffer of the client's (one for every
 * row: the main thread does them all, one at a time). open() makes one
 * copy and checks it against the server's checksum, so that a row whose
 * bytes arrive wrong is not measured; the client-writes rows also begin
 * their session there (the server then receives from this client only,
 * its consent to the client's vcopies), and close() ends it.
 */
#include <limits.h>

#include "m3nb.h"

struct m3_conn {
	int srv;		/* the server's endpoint for this pair */
	uint64_t saddr;		/* client-writes: the server's buffer, or 0 */
};

static __thread int self_ep = -1;	/* this thread's endpoint */
static char *cbuf;			/* the copies' buffer (main thread) */

static int m3_enter(struct conn *c)
{
	int ep;

	(void)c;
	if (self_ep >= 0)
		return 0;
	ep = mnx_bind(NB_M3_VM, -1);
	if (ep < 0)
		return ep;
	self_ep = ep;
	return 0;
}

static void m3_leave(struct conn *c)
{
	(void)c;
	if (self_ep >= 0 && !mnx_unbind())
		self_ep = -1;
}

/* The @k-th endpoint of the server's info "EP,EP,...", or -EPROTO. */
static int info_endpoint(const char *info, int k)
{
	const char *p = info;
	char *end;
	long ep;

	while (k-- > 0 && p) {
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	if (!p)
		return -EPROTO;
	ep = strtol(p, &end, 10);
	if (end == p || ep < 0 || ep > INT_MAX || (*end && *end != ','))
		return -EPROTO;
	return (int)ep;
}

/* Until @ep is a member here, of another node if @remote, else of this one. */
static int wait_member(int ep, int remote)
{
	double end = now() + NB_M3_WAIT_S;
	struct m3_drvs_info d;
	struct m3_proc_info pi;
	int ret = mnx_drvs_info(&d);

	while (!ret) {
		ret = mnx_proc_info(NB_M3_VM, M3_EP_SLOT(ep), &pi);
		if (!ret && pi.endpoint == ep) {
			if ((pi.nodeid != d.nodeid) == remote)
				return 0;
			note("M3 server endpoint %d is on node %d, this is node %d: not what the row measures",
			     ep, pi.nodeid, d.nodeid);
			return -EXDEV;
		}
		if (now() > end)
			return ret ? ret : -ETIMEDOUT;
		ret = 0;
		usleep(10000);
	}
	return ret;
}

static int m3_ping(struct conn *c, long n)
{
	const struct m3_conn *x = c->priv;
	enum m3_style s = m3_style_of(c->mech);
	int ret = 0;
	message m;

	memset(&m, 0, sizeof(m));
	for (long i = 0; i < n && !ret; i++) {
		m.m_type = M3_REQ;
		m.m1_i1 = (int)i;
		if (s == M3S_NOTIFY) {
			ret = mnx_notify(x->srv);
			if (!ret)
				ret = mnx_receive(x->srv, &m);
			if (!ret && m.m_type != NOTIFY_MESSAGE)
				ret = -EPROTO;
			continue;
		}
		if (s == M3S_SEND_RECEIVE) {
			ret = mnx_send(x->srv, &m);
			if (!ret)
				ret = mnx_receive(x->srv, &m);
		} else {
			ret = mnx_sendrec(x->srv, &m);
		}
		if (!ret && (m.m_type != M3_REPLY || m.m1_i1 != (int)i + 1))
			ret = -EPROTO;
	}
	return ret;
}

/* A copy request to @srv and its reply in @m: the call's or the copy's result. */
static int m3_request(int srv, int type, const char *addr, long len, int sum,
		      message *m)
{
	int ret;

	memset(m, 0, sizeof(*m));
	m->m_type = type;
	m->m1_p1 = (uintptr_t)addr;
	m->m1_i2 = (int)len;
	m->m1_i3 = sum;
	ret = mnx_sendrec(srv, m);
	return ret ? ret : m->m1_i1;
}

static int m3_bulk(struct conn *c, long n)
{
	const struct m3_conn *x = c->priv;
	enum m3_style s = m3_style_of(c->mech);
	int ret = 0;
	message m;

	for (long i = 0; i < n && !ret; i++) {
		if (s == M3S_CLIENT_WRITES)
			ret = mnx_vircopy(SELF, (uintptr_t)cbuf, x->srv, x->saddr,
					  c->size);
		else
			ret = m3_request(x->srv, s == M3S_SERVER_READS ? M3_READ :
					 M3_WRITE, cbuf, c->size, 0, &m);
	}
	return ret;
}

/* One copy of c->size bytes, checked: both ends have the same bytes. */
static int copy_check(struct conn *c)
{
	struct m3_conn *x = c->priv;
	enum m3_style s = m3_style_of(c->mech);
	message m;
	int ret;

	m3_fill(cbuf, c->size, c->size + s);
	if (s == M3S_SERVER_READS || s == M3S_SERVER_WRITES) {
		ret = m3_request(x->srv, s == M3S_SERVER_READS ? M3_READ : M3_WRITE,
				 cbuf, c->size, 1, &m);
	} else {
		ret = m3_request(x->srv, M3_BEGIN, NULL, 0, 0, &m);
		x->saddr = ret ? 0 : m.m1_p1;
		if (!ret)
			ret = mnx_vircopy(SELF, (uintptr_t)cbuf, x->srv, x->saddr,
					  c->size);
		if (!ret)
			ret = m3_request(x->srv, M3_CHECK, NULL, c->size, 1, &m);
	}
	if (!ret && m.m1_p2 != m3_sum(cbuf, c->size)) {
		note("%s COPY1 %s %ld: the bytes differ after the copy",
		     c->mech->name, c->mech->variant, c->size);
		ret = -EIO;
	}
	return ret;
}

static int m3_open(struct conn *c)
{
	struct m3_conn *x = calloc(1, sizeof(*x));
	int ret;

	if (!x)
		return -ENOMEM;
	c->priv = x;
	ret = m3_enter(c);
	if (ret)
		return ret;
	x->srv = info_endpoint(c->info, c->pair);
	if (x->srv < 0)
		return x->srv;
	ret = wait_member(x->srv, !c->mech->on_client);
	if (ret || c->mech->kind != NB_BULK)
		return ret;
	if (!cbuf && !(cbuf = m3_buf_alloc()))
		return -ENOMEM;
	return copy_check(c);
}

static void m3_close(struct conn *c)
{
	struct m3_conn *x = c->priv;
	message m = { .m_type = M3_END };

	if (x && x->saddr)
		mnx_send(x->srv, &m);
	free(x);
	c->priv = NULL;
}

/*
 * A row: the call and its variant; copies are bulk rows, and only
 * sendrec/replyrec has N pairs (the issue asks for no more).
 */
#define M3_ROW(name_, local, test_, variant_, style_)			\
	{ .mech = { .test = test_, .name = name_, .variant = variant_,	\
		    .kind = M3_IS_COPY(style_) ? NB_BULK : NB_PING,	\
		    .serve = m3_serve, .open = m3_open, .ping = m3_ping,	\
		    .bulk = m3_bulk, .close = m3_close,			\
		    .solo = style_ != M3S_REPLYREC, .on_client = local,	\
		    .enter = m3_enter, .leave = m3_leave },		\
	  .style = style_ }

#define M3_ROWS(n, l) {							\
	M3_ROW(n, l, "IPC2", "sendrec/replyrec", M3S_REPLYREC),		\
	M3_ROW(n, l, "IPC2", "sendrec/receive+send", M3S_RECEIVE_SEND),	\
	M3_ROW(n, l, "IPC1", "send+receive", M3S_SEND_RECEIVE),		\
	M3_ROW(n, l, "IPC3", "notify/receive", M3S_NOTIFY),		\
	M3_ROW(n, l, "COPY1", "server-reads", M3S_SERVER_READS),	\
	M3_ROW(n, l, "COPY1", "server-writes", M3S_SERVER_WRITES),	\
	M3_ROW(n, l, "COPY1", "client-writes", M3S_CLIENT_WRITES),	\
}

const struct m3_row m3_remote[M3_NROWS] = M3_ROWS("m3-remote", 0);
const struct m3_row m3_local[M3_NROWS] = M3_ROWS("m3-local", 1);
