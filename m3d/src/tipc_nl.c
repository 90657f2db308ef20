// SPDX-License-Identifier: GPL-2.0-or-later
/* TIPC's generic netlink family, through libmnl (tipc_nl.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tipc_netlink.h>
#include <m3/m3.h>
#include "tipc_nl.h"

#define BUF_SIZE	32768	/* a dump's datagram fits */

/* One request: what the data messages go to, and the error's text. */
struct req {
	struct m3d_tipc *t;
	mnl_cb_t fn;
	void *arg;
};

/* The text of the extended ack, if the kernel gave one. */
static int extack_attr(const struct nlattr *a, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

/* NLMSG_ERROR: an ack (error 0), or errno and t->err. */
static int on_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t len = mnl_nlmsg_get_payload_len(nlh), off = sizeof(*e);
	struct m3d_tipc *t = ((struct req *)data)->t;
	const char *msg = NULL;

	if (len < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && off < len)
		mnl_attr_parse_payload((const char *)e + off, len - off,
				       extack_attr, &msg);
	errno = -e->error;
	if (msg && *msg)
		snprintf(t->err, sizeof(t->err), "%s (%s)", msg,
			 strerror(errno));
	return MNL_CB_ERROR;
}

static int on_data(const struct nlmsghdr *nlh, void *data)
{
	struct req *r = data;

	return r->fn ? r->fn(nlh, r->arg) : MNL_CB_OK;
}

/* A new request of cmd to family into buf; flags NLM_F_ACK or _DUMP. */
static struct nlmsghdr *put(struct m3d_tipc *t, char *buf, uint16_t family,
			    uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++t->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 1 : TIPC_GENL_V2_VERSION;
	return nlh;
}

/* Sends nlh; its answers (data to fn) until the ack or the dump's end. */
static int run(struct m3d_tipc *t, struct nlmsghdr *nlh, mnl_cb_t fn,
	       void *arg)
{
	static char buf[BUF_SIZE];
	struct req r = { t, fn, arg };
	/* Our own NLMSG_ERROR; libmnl's for the types above (DONE...). */
	mnl_cb_t ctl[NLMSG_ERROR + 1] = { [NLMSG_ERROR] = on_error };
	unsigned int port = mnl_socket_get_portid(t->nl);
	ssize_t n;
	int ret = MNL_CB_OK;

	t->err[0] = 0;
	if (mnl_socket_sendto(t->nl, nlh, nlh->nlmsg_len) < 0)
		ret = MNL_CB_ERROR;
	while (ret > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(t->nl, buf, sizeof(buf));
		if (n <= 0) {
			ret = MNL_CB_ERROR;
			break;
		}
		ret = mnl_cb_run2(buf, (size_t)n, nlh->nlmsg_seq, port,
				  on_data, &r, ctl, NLMSG_ERROR + 1);
	}
	if (ret != MNL_CB_ERROR)
		return 0;
	if (!t->err[0])
		snprintf(t->err, sizeof(t->err), "%s", strerror(errno));
	return -errno;
}

static int family_attr(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int resolve(struct m3d_tipc *t)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = put(t, buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
				   NLM_F_ACK);
	int r;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TIPC_GENL_V2_NAME);
	r = run(t, nlh, family_attr, &t->family);
	if (r == -ENOENT)
		snprintf(t->err, sizeof(t->err), "not loaded "
			 "(no netlink family %s): modprobe tipc, and name "
			 "it in /etc/modules-load.d/ for the next boots",
			 TIPC_GENL_V2_NAME);
	return r ? r : t->family ? 0 : -ENOENT;
}

int m3d_tipc_open(struct m3d_tipc *t)
{
	int on = 1, r;

	memset(t, 0, sizeof(*t));
	t->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!t->nl || mnl_socket_bind(t->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		snprintf(t->err, sizeof(t->err), "netlink socket: %s",
			 strerror(errno));
		m3d_tipc_close(t);
		return r;
	}
	/* The kernel's text with its errors, without the request echoed. */
	mnl_socket_setsockopt(t->nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(t->nl, NETLINK_CAP_ACK, &on, sizeof(on));
	r = resolve(t);
	if (r)
		m3d_tipc_close(t);
	return r;
}

void m3d_tipc_close(struct m3d_tipc *t)
{
	if (t->nl)
		mnl_socket_close(t->nl);
	t->nl = NULL;
}

/* The attributes nested in the message's first attribute of type. */
static struct nlattr *nest_of(const struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static int identity_attr(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *net = nest_of(nlh, TIPC_NLA_NET), *a;
	uint8_t *id = data;
	uint64_t w;

	if (!net)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, net) {
		if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
			continue;
		w = mnl_attr_get_u64(a);
		if (mnl_attr_get_type(a) == TIPC_NLA_NET_NODEID)
			memcpy(id, &w, sizeof(w));
		else if (mnl_attr_get_type(a) == TIPC_NLA_NET_NODEID_W1)
			memcpy(id + sizeof(w), &w, sizeof(w));
	}
	return MNL_CB_OK;
}

int m3d_tipc_identity(struct m3d_tipc *t, uint8_t id[M3D_TIPC_ID_LEN])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	memset(id, 0, M3D_TIPC_ID_LEN);
	return run(t, put(t, buf, t->family, TIPC_NL_NET_GET, NLM_F_DUMP),
		   identity_attr, id);
}

int m3d_tipc_set_identity(struct m3d_tipc *t,
			  const uint8_t id[M3D_TIPC_ID_LEN])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = put(t, buf, t->family, TIPC_NL_NET_SET,
				   NLM_F_ACK);
	struct nlattr *nest = mnl_attr_nest_start(nlh, TIPC_NLA_NET);
	uint64_t w0, w1;

	memcpy(&w0, id, sizeof(w0));
	memcpy(&w1, id + sizeof(w0), sizeof(w1));
	mnl_attr_put_u64(nlh, TIPC_NLA_NET_NODEID, w0);
	mnl_attr_put_u64(nlh, TIPC_NLA_NET_NODEID_W1, w1);
	mnl_attr_nest_end(nlh, nest);
	return run(t, nlh, NULL, NULL);
}

int m3d_tipc_set_master_key(struct m3d_tipc *t,
			    const uint8_t key[M3_CLUSTER_KEY_LEN])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct {
		struct tipc_aead_key k;
		uint8_t bytes[M3_CLUSTER_KEY_LEN];
	} in = { .k.keylen = M3_CLUSTER_KEY_LEN };
	struct nlmsghdr *nlh = put(t, buf, t->family, TIPC_NL_KEY_SET,
				   NLM_F_ACK);
	struct nlattr *nest = mnl_attr_nest_start(nlh, TIPC_NLA_NODE);
	int r;

	snprintf(in.k.alg_name, sizeof(in.k.alg_name), "gcm(aes)");
	memcpy(in.bytes, key, M3_CLUSTER_KEY_LEN);
	mnl_attr_put(nlh, TIPC_NLA_NODE_KEY, sizeof(in), &in);
	mnl_attr_put(nlh, TIPC_NLA_NODE_KEY_MASTER, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	r = run(t, nlh, NULL, NULL);
	explicit_bzero(&in, sizeof(in));
	explicit_bzero(buf, sizeof(buf));
	return r;
}

int m3d_tipc_flush_keys(struct m3d_tipc *t)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return run(t, put(t, buf, t->family, TIPC_NL_KEY_FLUSH, NLM_F_ACK),
		   NULL, NULL);
}

/* A bearer request: cmd, its name for ifname, and tolerance if not 0. */
static int bearer(struct m3d_tipc *t, uint8_t cmd, const char *ifname,
		  unsigned int tolerance)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], name[TIPC_MAX_BEARER_NAME];
	struct nlmsghdr *nlh = put(t, buf, t->family, cmd, NLM_F_ACK);
	struct nlattr *nest = mnl_attr_nest_start(nlh, TIPC_NLA_BEARER), *prop;

	snprintf(name, sizeof(name), "eth:%s", ifname);
	mnl_attr_put_strz(nlh, TIPC_NLA_BEARER_NAME, name);
	if (tolerance) {
		prop = mnl_attr_nest_start(nlh, TIPC_NLA_BEARER_PROP);
		mnl_attr_put_u32(nlh, TIPC_NLA_PROP_TOL, tolerance);
		mnl_attr_nest_end(nlh, prop);
	}
	mnl_attr_nest_end(nlh, nest);
	return run(t, nlh, NULL, NULL);
}

int m3d_tipc_bearer_enable(struct m3d_tipc *t, const char *ifname)
{
	return bearer(t, TIPC_NL_BEARER_ENABLE, ifname, 0);
}

int m3d_tipc_bearer_disable(struct m3d_tipc *t, const char *ifname)
{
	return bearer(t, TIPC_NL_BEARER_DISABLE, ifname, 0);
}

int m3d_tipc_bearer_tolerance(struct m3d_tipc *t, const char *ifname,
			      unsigned int ms)
{
	return bearer(t, TIPC_NL_BEARER_SET, ifname, ms);
}

/* The bearer dump: is "eth:IF" (data) among the names? */
struct find_bearer {
	char name[TIPC_MAX_BEARER_NAME];
	int found;
};

static int bearer_name(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *b = nest_of(nlh, TIPC_NLA_BEARER), *a;
	struct find_bearer *f = data;

	if (!b)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, b)
		if (mnl_attr_get_type(a) == TIPC_NLA_BEARER_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
		    !strcmp(mnl_attr_get_str(a), f->name))
			f->found = 1;
	return MNL_CB_OK;
}

/* 1 if ifname's bearer is enabled, 0 if not, or -errno. */
int m3d_tipc_bearer_on(struct m3d_tipc *t, const char *ifname)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct find_bearer f = { .found = 0 };
	int r;

	snprintf(f.name, sizeof(f.name), "eth:%s", ifname);
	r = run(t, put(t, buf, t->family, TIPC_NL_BEARER_GET, NLM_F_DUMP),
		bearer_name, &f);
	return r ? r : f.found;
}

/* The link dump: each unicast link to the caller's function. */
struct each_link {
	int (*fn)(const struct m3d_tipc_link *l, void *arg);
	void *arg;
	int stop;
};

static void link_field(const struct nlattr *a, struct m3d_tipc_link *l,
		       int *broadcast)
{
	switch (mnl_attr_get_type(a)) {
	case TIPC_NLA_LINK_NAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(l->name, sizeof(l->name), "%s",
				 mnl_attr_get_str(a));
		break;
	case TIPC_NLA_LINK_UP:
		l->up = 1;
		break;
	case TIPC_NLA_LINK_BROADCAST:
		*broadcast = 1;
		break;
	case TIPC_NLA_LINK_RX:
	case TIPC_NLA_LINK_TX:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			break;
		*(mnl_attr_get_type(a) == TIPC_NLA_LINK_RX ? &l->rx : &l->tx) =
			mnl_attr_get_u32(a);
		break;
	}
}

static int link_attr(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *link = nest_of(nlh, TIPC_NLA_LINK), *a;
	struct m3d_tipc_link l = { .up = 0 };
	struct each_link *e = data;
	int broadcast = 0;

	if (!link || e->stop)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, link)
		link_field(a, &l, &broadcast);
	/* The broadcast link has its flag, or only its name, by kernel. */
	if (!broadcast && strcmp(l.name, "broadcast-link"))
		e->stop = e->fn(&l, e->arg);
	return MNL_CB_OK;
}

int m3d_tipc_links(struct m3d_tipc *t,
		   int (*fn)(const struct m3d_tipc_link *l, void *arg),
		   void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct each_link e = { fn, arg, 0 };

	return run(t, put(t, buf, t->family, TIPC_NL_LINK_GET, NLM_F_DUMP),
		   link_attr, &e);
}

void m3d_tipc_node_identity(int nodeid, uint8_t id[M3D_TIPC_ID_LEN])
{
	char s[M3D_TIPC_ID_LEN + 1] = "";

	snprintf(s, sizeof(s), "%d", nodeid);
	memcpy(id, s, M3D_TIPC_ID_LEN);
}

/*
 * "SELF:IF-PEER:IF": interface names have no ':' (Linux refuses it) and
 * M3 nodes' identities are digits, so the peer is what follows the last
 * '-' before the second ':'.
 */
int m3d_tipc_link_peer(const char *link_name)
{
	const char *a = strchr(link_name, ':'), *b, *dash = NULL, *p;
	unsigned long v;
	char *end;

	b = a ? strchr(a + 1, ':') : NULL;
	for (p = a; p && p < b; p++)
		if (*p == '-')
			dash = p;
	if (!dash || dash + 1 == b || dash[1] < '0' || dash[1] > '9')
		return -1;
	v = strtoul(dash + 1, &end, 10);
	if (end != b || v >= M3_MAX_NODES || (dash[1] == '0' && end - dash > 2))
		return -1;
	return (int)v;
}
