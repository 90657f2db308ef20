// SPDX-License-Identifier: GPL-2.0-or-later
/* This node among the others: TIPC, then the module (cluster.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cluster.h"
#include "knode.h"
#include "log.h"
#include "secret.h"
#include "tipc_nl.h"

/* One attempt: the key, the TIPC socket, the bearers it enabled. */
struct attempt {
	uint8_t key[M3_CLUSTER_KEY_LEN];
	struct m3d_tipc t;
	char added[M3D_MAX_BEARERS][M3D_IFNAME_LEN];
	int nr_added;
};

static void failed(struct m3d_cluster_state *s, const char *step,
		   const char *why)
{
	m3d_log(LOG_ERR, "cluster: %s: %s", step, why);
	snprintf(s->status, sizeof(s->status), "failed: %s: %.300s", step, why);
}

static int is_ours(const struct m3d_cluster_state *s, const char *ifname)
{
	int i;

	for (i = 0; i < M3D_MAX_BEARERS; i++)
		if (s->ours[i][0] && !strcmp(s->ours[i], ifname))
			return 1;
	return 0;
}

/* ifname into (or, with add 0, out of) the bearers that are m3d's. */
static void mark_ours(struct m3d_cluster_state *s, const char *ifname,
		      int add)
{
	int i;

	for (i = 0; i < M3D_MAX_BEARERS; i++) {
		if (!add && !strcmp(s->ours[i], ifname))
			s->ours[i][0] = 0;
		else if (add && !s->ours[i][0]) {
			snprintf(s->ours[i], sizeof(s->ours[i]), "%s", ifname);
			return;
		}
	}
}

void m3d_cluster_adopt(struct m3d_cluster_state *s,
		       const struct m3d_model *last)
{
	int i;

	if (!last || !last->cluster.wanted)
		return;
	s->adopted = s->key_set = 1;
	for (i = 0; i < M3D_MAX_BEARERS; i++)
		if (last->cluster.bearers[i][0] &&
		    !is_ours(s, last->cluster.bearers[i]))
			mark_ours(s, last->cluster.bearers[i], 1);
}

/* Step 1: TIPC's identity is the nodeid's, or becomes it. */
static int identity(struct m3d_cluster_state *s, struct attempt *a,
		    int nodeid)
{
	uint8_t want[M3D_TIPC_ID_LEN], have[M3D_TIPC_ID_LEN];
	static const uint8_t none[M3D_TIPC_ID_LEN];
	char why[160];
	int r;

	m3d_tipc_node_identity(nodeid, want);
	r = m3d_tipc_identity(&a->t, have);
	if (!r && !memcmp(have, want, sizeof(want)))
		return 0;
	if (!r && memcmp(have, none, sizeof(none))) {
		snprintf(why, sizeof(why), "it is \"%.16s\" already, not "
			 "\"%d\": TIPC keeps an identity until its module is "
			 "loaded again", (const char *)have, nodeid);
		failed(s, "TIPC node identity", why);
		return -1;
	}
	if (!r)
		r = m3d_tipc_set_identity(&a->t, want);
	if (r) {
		failed(s, "TIPC node identity", a->t.err);
		return -1;
	}
	m3d_log(LOG_NOTICE, "cluster: TIPC node identity \"%d\"", nodeid);
	return 0;
}

/* Step 2: the key, unless the module joined with one already. */
static int master_key(struct m3d_cluster_state *s, struct attempt *a)
{
	if (s->joined) {
		if (memcmp(s->key, a->key, sizeof(s->key)))
			m3d_log(LOG_WARNING, "cluster: the key changed: not "
				"applied while this node is in the cluster "
				"(the other nodes use the old one); stop m3d "
				"on every node, then start them all with the "
				"new key");
		return 0;
	}
	if (m3d_tipc_set_master_key(&a->t, a->key)) {
		failed(s, "TIPC master key", a->t.err);
		return -1;
	}
	s->key_set = 1;
	return 0;
}

/* Step 3 for one interface: enabled (by m3d, if it was not), and its
 * links' tolerance. */
static int bearer_up(struct m3d_cluster_state *s, struct attempt *a,
		     const char *ifname, unsigned int tolerance)
{
	char step[64];
	int on = m3d_tipc_bearer_on(&a->t, ifname), r = on < 0 ? on : 0;

	snprintf(step, sizeof(step), "TIPC bearer eth:%s", ifname);
	if (on == 0 && !(r = m3d_tipc_bearer_enable(&a->t, ifname))) {
		snprintf(a->added[a->nr_added++], sizeof(a->added[0]), "%s",
			 ifname);
		mark_ours(s, ifname, 1);
		m3d_log(LOG_NOTICE, "cluster: %s enabled", step);
	}
	if (!r)
		r = m3d_tipc_bearer_tolerance(&a->t, ifname, tolerance);
	if (r)
		failed(s, step, a->t.err);
	return r ? -1 : 0;
}

static void bearer_down(struct m3d_cluster_state *s, struct m3d_tipc *t,
			const char *name)
{
	char ifname[M3D_IFNAME_LEN];

	snprintf(ifname, sizeof(ifname), "%s", name);	/* may be ours[] */
	if (m3d_tipc_bearer_disable(t, ifname))
		m3d_log(LOG_WARNING, "cluster: TIPC bearer eth:%s: cannot "
			"disable it: %s", ifname, t->err);
	else
		m3d_log(LOG_NOTICE, "cluster: TIPC bearer eth:%s disabled",
			ifname);
	mark_ours(s, ifname, 0);
}

/* Step 3: the bearers named are up; m3d's that are not named go. */
static int bearers(struct m3d_cluster_state *s, struct attempt *a,
		   const struct m3d_cluster *c)
{
	char ours[M3D_MAX_BEARERS][M3D_IFNAME_LEN];
	int i, j, named;

	for (i = 0; i < M3D_MAX_BEARERS && c->bearers[i][0]; i++)
		if (bearer_up(s, a, c->bearers[i], c->tolerance_ms))
			return -1;
	memcpy(ours, s->ours, sizeof(ours));
	for (i = 0; i < M3D_MAX_BEARERS; i++) {
		for (j = 0, named = 0; ours[i][0] && j < M3D_MAX_BEARERS; j++)
			named |= !strcmp(ours[i], c->bearers[j]);
		if (ours[i][0] && !named)
			bearer_down(s, &a->t, ours[i]);
	}
	return 0;
}

/* Step 4; a module that joined before (a previous m3d) is adopted. */
static int join(struct m3d_cluster_state *s, const struct attempt *a)
{
	int r = s->joined ? 0 : m3d_knode_join(a->key);

	if (r == -EALREADY || r == -EISCONN || r == -EEXIST) {
		m3d_log(LOG_INFO, "cluster: the module is in the cluster "
			"already: adopted");
		r = 0;
	}
	if (r) {
		failed(s, "M3_IOC_CLUSTER_JOIN", m3d_knode_error(r));
		return -1;
	}
	if (!s->joined)
		memcpy(s->key, a->key, sizeof(s->key));
	s->joined = 1;
	s->adopted = 0;
	return 0;
}

static void status(struct m3d_cluster_state *s, const struct m3d_cluster *c)
{
	size_t n;
	int i;

	n = (size_t)snprintf(s->status, sizeof(s->status), "joined over");
	for (i = 0; i < M3D_MAX_BEARERS && c->bearers[i][0]; i++)
		n += (size_t)snprintf(s->status + n, sizeof(s->status) - n,
				      "%s eth:%s", i ? "," : "",
				      c->bearers[i]);
	snprintf(s->status + n, sizeof(s->status) - n,
		 ", link tolerance %u ms", c->tolerance_ms);
}

int m3d_cluster_apply(struct m3d_cluster_state *s,
		      const struct m3d_model *want)
{
	const struct m3d_cluster *c = &want->cluster;
	struct attempt a = { .nr_added = 0 };
	char why[600];
	int i, r;

	if (!c->wanted) {
		m3d_cluster_leave(s);
		s->status[0] = 0;
		return 0;
	}
	if (m3d_secret_key(c, a.key, why, sizeof(why))) {
		failed(s, "cluster key", why);
		return -1;
	}
	r = m3d_tipc_open(&a.t);
	if (r)
		failed(s, "TIPC", a.t.err);
	else
		r = identity(s, &a, want->nodeid) || master_key(s, &a) ||
		    bearers(s, &a, c) || join(s, &a) ? -1 : 0;
	for (i = 0; r && !s->joined && i < a.nr_added; i++)
		bearer_down(s, &a.t, a.added[i]);
	m3d_tipc_close(&a.t);
	explicit_bzero(a.key, sizeof(a.key));
	if (!r)
		status(s, c);
	return r ? -1 : 0;
}

void m3d_cluster_leave(struct m3d_cluster_state *s)
{
	struct m3d_tipc t;
	int i, r;

	r = s->joined || s->adopted ? m3d_knode_leave() : -ENOTCONN;
	if (r && r != -ENOTCONN)
		m3d_log(LOG_ERR, "cluster: M3_IOC_CLUSTER_LEAVE: %s",
			m3d_knode_error(r));
	else if (!r)
		m3d_log(LOG_NOTICE, "cluster: left");
	s->joined = s->adopted = 0;
	for (i = 0; i < M3D_MAX_BEARERS && !s->ours[i][0]; i++)
		;
	if (i == M3D_MAX_BEARERS && !s->key_set)
		return;
	if (m3d_tipc_open(&t)) {
		m3d_log(LOG_WARNING, "cluster: TIPC: %s", t.err);
		return;
	}
	for (i = 0; i < M3D_MAX_BEARERS; i++)
		if (s->ours[i][0])
			bearer_down(s, &t, s->ours[i]);
	if (s->key_set && m3d_tipc_flush_keys(&t))
		m3d_log(LOG_WARNING, "cluster: TIPC keys: cannot flush them: "
			"%s", t.err);
	s->key_set = 0;
	m3d_tipc_close(&t);
	explicit_bzero(s->key, sizeof(s->key));
}
