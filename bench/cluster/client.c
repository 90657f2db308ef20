// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench client: ask the server what it serves, open every connection
 * (each ping-pong mechanism gets one per pair; each bulk mechanism one per
 * size), then run the cells round robin, R slices of each (a cell's first
 * slice calibrates its batch), so that a change of the host's load hits
 * every mechanism alike.
 * One result line per cell (bench/'s format, common.c):
 *
 *   ipc    <test> <mech> <variant> 64     rt/s    a 64-byte ping-pong
 *   copy   <test> <mech> <variant> <size> MiB/s   size bytes and an ack
 *   scale  pairsN <mech> <variant> N      rt/s    N pairs together
 *
 * and for a ping-pong, what this node did meanwhile (busy.c):
 *
 *   ctxsw  <test> <mech> <variant> 64     switches/rt  context switches
 *   cpu    <test> <mech> <variant> 64     busy-us/rt   CPU time not idle
 */
#include "netbench.h"

static const long bulk_sizes[] = { 4096, 16384, 65536, 262144, 1048576, 4194304 };
#define NSIZES		(int)(sizeof(bulk_sizes) / sizeof(bulk_sizes[0]))
#define MAX_CELLS	(NB_MAX_MECHS * (NSIZES + 4))

enum cell_kind { CELL_PING, CELL_BULK, CELL_PAIRS };

struct nb_cell {
	const struct net_mech *m;
	enum cell_kind kind;
	long size;			/* bulk: bytes; pairs: N */
	struct conn *conns;		/* 1, or N for pairs */
	long iters;			/* the calibrated batch */
	struct cell c;
	struct cell sw, busy;		/* ping-pongs: this node, per rt */
	int err;
};

static struct nb_cell cells[MAX_CELLS];
static int ncells;
/* Per mechanism: connections (a ping-pong's pairs, a bulk's sizes). */
static struct conn pool[NB_MAX_MECHS][NB_MAX_PAIRS > NSIZES ? NB_MAX_PAIRS : NSIZES];
static int pool_open[NB_MAX_MECHS];

static int ping_batch(void *arg, long n)
{
	struct conn *c = arg;

	return c->mech->ping(c, n);
}

static int bulk_batch(void *arg, long n)
{
	struct conn *c = arg;

	return c->mech->bulk(c, n);
}

static void add_cell(const struct net_mech *m, enum cell_kind kind, long size,
		     struct conn *conns, int err)
{
	if (ncells == MAX_CELLS)
		die("too many cells");
	cells[ncells++] = (struct nb_cell){ .m = m, .kind = kind, .size = size,
					    .conns = conns, .err = err };
}

/* Is @word in the comma-separated @list? Every word is in a NULL list. */
static int listed(const char *list, const char *word)
{
	const char *p = list;
	size_t n = strlen(word);

	while (p && *p) {
		if (!strncmp(p, word, n) && (p[n] == ',' || !p[n]))
			return 1;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return !list;
}

int mech_wanted(const struct net_mech *m, const char *only)
{
	return listed(only, m->name);
}

/*
 * Open @n connections of mechanism @i (pair k, or bulk size k) until one
 * fails: how many are open; the error of the first that failed in *@err.
 */
static int open_conns(int i, const struct client_opts *o, int n, int *err)
{
	const struct net_mech *m = net_mechs[i];
	int k;

	*err = 0;
	for (k = 0; k < n; k++) {
		struct conn *c = &pool[i][k];

		*c = (struct conn){ .mech = m, .peer = &o->peer, .fd = -1,
				    .info = o->peer.info[i], .pair = k };
		if (m->kind == NB_BULK) {
			c->pair = 0;
			c->size = bulk_sizes[k];
		}
		*err = m->open(c);
		if (*err) {
			m->close(c);
			note("%s %s: connection %d: %s", m->name, m->variant, k,
			     m3_strerror(*err));
			break;
		}
	}
	return k;
}

static void plan_mech(int i, const struct client_opts *o)
{
	const struct net_mech *m = net_mechs[i];
	int npairs = o->max_pairs < o->peer.pairs ? o->max_pairs : o->peer.pairs;
	int pings = listed(o->kinds, "ping");
	int pairs = listed(o->kinds, "pairs") && !m->solo;
	int err = -o->peer.err[i], n;

	if (m->kind == NB_BULK) {
		if (!listed(o->kinds, "bulk"))
			return;
		n = err ? 0 : open_conns(i, o, NSIZES, &err);
		for (int k = 0; k < NSIZES; k++)
			add_cell(m, CELL_BULK, bulk_sizes[k], &pool[i][k],
				 k < n ? 0 : err);
		pool_open[i] = n;
		return;
	}
	if (!pings && !pairs)
		return;
	if (!pairs)
		npairs = 1;
	n = err ? 0 : open_conns(i, o, npairs, &err);
	pool_open[i] = n;
	if (pings)
		add_cell(m, CELL_PING, MSG_SIZE, pool[i], n ? 0 : err);
	for (int np = 1; np <= npairs && pairs; np *= 2)
		add_cell(m, CELL_PAIRS, np, pool[i], np <= n ? 0 : err);
}

/* One slice of a cell; the first time, the batch is calibrated too. */
static void run_slice(struct nb_cell *x, const struct client_opts *o)
{
	double rate, sw, busy;
	char label[160];
	int ret;

	snprintf(label, sizeof(label), "%s %s %s", x->m->test, x->m->name,
		 x->m->variant);

	if (x->kind == CELL_PAIRS) {
		ret = pairs_run(x->conns, (int)x->size, o->pair_secs, &rate);
	} else if (x->kind == CELL_BULK) {
		ret = measure1(bulk_batch, x->conns, o->bulk_secs, &x->iters, &rate);
		rate *= x->size / 1048576.0;
	} else {
		busy_start(label);
		ret = measure1(ping_batch, x->conns, o->secs, &x->iters, &rate);
		if (!ret && !busy_stop(x->iters, rate, &sw, &busy)) {
			cell_add(&x->sw, sw, x->iters);
			if (busy >= 0)
				cell_add(&x->busy, busy, x->iters);
		}
	}
	if (ret) {
		x->err = ret;
		note("%s %s %s %ld: %s", x->m->test, x->m->name, x->m->variant,
		     x->size, m3_strerror(ret));
		return;
	}
	cell_add(&x->c, rate, x->iters);
}

static int gcd(int a, int b)
{
	while (b) {
		int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Round @rep's stride: the rep-th number prime to ncells (1 for round 0). */
static int round_stride(int rep)
{
	int count = 0, want;

	for (int s = 1; s < ncells; s++)
		count += gcd(s, ncells) == 1;
	want = count ? rep % count : 0;
	for (int s = 1; s < ncells; s++)
		if (gcd(s, ncells) == 1 && want-- == 0)
			return s;
	return 1;
}

/*
 * The index of the @k-th cell of round @rep. Each round starts further
 * on and walks the cells with another stride (prime to their number, so
 * it visits each once): no cell always runs right after the same one (a
 * cell after a bulk transfer may find the link still busy; a busy host's
 * bursts would hit the cells in a pattern).
 */
static int round_cell(int rep, int k, int reps)
{
	return (int)((rep * ncells / reps + (long)k * round_stride(rep)) % ncells);
}

/*
 * The cell's slices, in the order of the rounds (a note: "slices GROUP
 * TEST MECH VARIANT SIZE RATE..."): each round runs every cell once, so
 * the k-th slices of two cells were measured close in time, and their
 * ratio is the least touched by the host's load (report.py pairs them).
 */
static void report_slices(const char *group, const char *test,
			  const struct nb_cell *x)
{
	char rates[MAX_REPS * 16];
	size_t n = 0;

	rates[0] = 0;
	for (int k = 0; k < x->c.n && n < sizeof(rates); k++)
		n += snprintf(rates + n, sizeof(rates) - n, "%s%.6g", k ? " " : "",
			      x->c.rates[k]);
	note("slices\t%s\t%s\t%s\t%s\t%ld\t%s", group, test, x->m->name,
	     x->m->variant, x->size, rates);
}

static void report_cell(const struct nb_cell *x)
{
	static const char *const group[] = { "ipc", "copy", "scale" };
	const char *unit = x->kind == CELL_BULK ? "MiB/s" : "rt/s";
	const char *test = x->m->test;
	char pairs[16];
	struct stat3 st;

	if (x->kind == CELL_PAIRS) {
		snprintf(pairs, sizeof(pairs), "pairs%ld", x->size);
		test = pairs;
	}
	if (!x->err && !cell_stat(&x->c, &st)) {
		result(group[x->kind], test, x->m->name, x->m->variant, x->size,
		       &st, unit);
		report_slices(group[x->kind], test, x);
	} else
		result_na(group[x->kind], test, x->m->name, x->m->variant,
			  x->size, m3_strerror(x->err));
	if (!x->err && !cell_stat(&x->sw, &st))
		result("ctxsw", test, x->m->name, x->m->variant, x->size, &st,
		       "switches/rt");
	if (!x->err && !cell_stat(&x->busy, &st))
		result("cpu", test, x->m->name, x->m->variant, x->size, &st,
		       "busy-us/rt");
}

int client_main(struct client_opts *o)
{
	struct peer *peer = &o->peer;
	int ctl = ctl_hello(peer, o->wait_s), i, rep;
	double t0 = now();
	pid_t local;

	if (ctl < 0)
		die("no server: %s", m3_strerror(ctl));
	note("server: TIPC node %#x, %d pairs; this node: TIPC node %#x",
	     peer->tipc_node, peer->pairs, tipc_own_node());
	/* Before any thread: the child is a copy of this process. */
	local = local_start(peer, o->only);
	for (i = 0; i < net_nmechs; i++)
		if (mech_wanted(net_mechs[i], o->only))
			plan_mech(i, o);
	for (rep = 0; rep < o->reps; rep++)
		for (int k = 0; k < ncells; k++) {
			struct nb_cell *x = &cells[round_cell(rep, k, o->reps)];

			if (!x->err)
				run_slice(x, o);
		}
	for (i = 0; i < ncells; i++)
		report_cell(&cells[i]);
	for (i = 0; i < net_nmechs; i++)
		for (int k = 0; k < pool_open[i]; k++)
			net_mechs[i]->close(&pool[i][k]);
	local_stop(local);
	note("client: %.1f s", now() - t0);
	return ctl_quit(ctl) ? 1 : 0;
}
