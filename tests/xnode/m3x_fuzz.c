// SPDX-License-Identifier: GPL-2.0
/*
 * m3x fuzz [-u UID] [-s SEED] [-t SECS] [-n FRAMES] [-r RATE]
 *          [-K KEYFILE -C NODE [-A ANSWER] [-B VM:SLOT [-S]] [-q]]
 *          -N NODES NR_NODES SRC_EPS DST_EPS VMS
 * The wire fuzzer: a process that gives up root (setresuid UID, default
 * 65534) and, with its own AF_TIPC sockets, sends the modules of NODES
 * (a comma list; their sockets found through the topology service) frames
 * of every kind (m3x_fuzz.h) for SECS (default 60) or FRAMES frames, at
 * most RATE a second (default 1000), each to a module drawn at random.
 * Frames claim nodes of a DRVS of NR_NODES, name sources in SRC_EPS,
 * destinations in DST_EPS and VMs in VMS, the first half the time (comma
 * lists). It publishes the modules' service for
 * every node, so that they talk to it, and sends back what they send.
 *
 * Everything comes from SEED (default: from the clock), printed first: the
 * same seed and frame count send the same frames (but for the contents
 * of the modules' own frames that it replays). It judges nothing: the
 * members and the modules' counters do. It prints, per module and node
 * claimed ("NODE:COUNT"), how many of its frames that module must have
 * counted as dropped from that node: the frames of the right shape that
 * claim another node of the DRVS (m3_frame_ok() in kmod/xport.c), but
 * for challenges, which are answered, and frames TIPC gave back.
 * With -K, it reads the cluster key (hex) from KEYFILE before it gives up
 * root, publishes node NODE's service only, and passes for NODE's module
 * (m3x_fuzz_keyed.c): its frames claim NODE mostly, and reach the calls;
 * it predicts the drops of the others only. Keyed, -A makes it answer no
 * call to its members and every cancel with ANSWER ("parked" or an error
 * name), -B announces its member in SLOT of VM to every module (above the
 * generations they saw), -S then has that member copy with itself as the
 * party (every module must refuse it), and -q has it
 * send no frames of its own: a peer that misbehaves the same way each
 * time, for a test of the callers' side. Exit 1 only when it could not do its job (no
 * module, root kept, keyed and not taken for NODE by every module, a copy
 * with itself not refused by every module).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_fuzz.h"

const char *const m3x_fz_kind_names[M3X_FZ_KINDS] = {
	"valid", "call", "random", "mutated", "truncated", "oversized", "replayed",
	"sequence", "churn",
};

/* How often each kind is drawn, of their sum. */
static const struct {
	void (*make)(struct m3x_fuzz *fz);
	unsigned int weight;
} m3x_fz_kinds[M3X_FZ_KINDS] = {
	[M3X_FZ_VALID] = { m3x_fz_well_formed, 10 },
	[M3X_FZ_CALL] = { m3x_fz_call, 8 },
	[M3X_FZ_RANDOM] = { m3x_fz_random, 8 },
	[M3X_FZ_MUTATED] = { m3x_fz_mutated, 24 },
	[M3X_FZ_TRUNCATED] = { m3x_fz_truncated, 10 },
	[M3X_FZ_OVERSIZED] = { m3x_fz_oversized, 2 },
	[M3X_FZ_REPLAYED] = { m3x_fz_replayed, 8 },
	[M3X_FZ_SEQUENCE] = { m3x_fz_sequence, 10 },
	[M3X_FZ_CHURN] = { m3x_fz_churn, 1 },
};

/*
 * Does module @target count frame @buf as dropped, and under which node?
 * The node, or -1: malformed frames and frames claiming no other node of
 * the DRVS go to a counter of the module's own that nobody can read.
 */
int m3x_fz_counted(const struct m3x_fuzz *fz, const void *buf, size_t len,
		   int target)
{
	const struct m3_wire_copy *c = buf;
	const union m3_wire_frame *f = buf;
	size_t want;
	unsigned int node;

	if (len < sizeof(f->h) || le16toh(f->h.magic) != M3_WIRE_MAGIC ||
	    f->h.version != M3_WIRE_VERSION || !f->h.type ||
	    f->h.type >= M3_W_NR_TYPES)
		return -1;
	want = m3_wire_len(f->h.type);
	if (m3_wire_has_data(f->h.type) && len >= want)
		want += le32toh(c->count) > M3_WIRE_CHUNK ? M3_WIRE_CHUNK + 1 :
			le32toh(c->count);
	if (len != want || len > sizeof(*c) + M3_WIRE_CHUNK)
		return -1;
	node = le16toh(f->h.node);
	if (node >= (unsigned int)fz->nr_nodes ||
	    node == fz->modules.instance[target] || f->h.type == M3_W_CHAL)
		return -1;
	return (int)node;
}

/* Send the @len bytes of @fz->buf, a frame of @kind, to the target. */
void m3x_fz_send(struct m3x_fuzz *fz, enum m3x_fuzz_kind kind, size_t len)
{
	int node;

	fz->frames++;
	fz->sent[kind]++;
	if (m3x_tipc_send(fz->fd, &fz->modules.port[fz->target], fz->buf, len)) {
		fz->refused[kind]++;
		return;
	}
	node = m3x_fz_counted(fz, fz->buf, len, fz->target);
	if (node >= 0 && node != fz->claim)
		fz->expect[fz->target][node]++;
}

static int m3x_fz_become(uid_t uid)
{
	uid_t r, e, s;

	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid) || getresuid(&r, &e, &s) ||
	    r != uid || e != uid || s != uid || !setresuid(0, 0, 0))
		return m3x_fail("cannot give up root for uid %u", (unsigned int)uid);
	printf("fuzz: running as uid %u gid %u\n", (unsigned int)getuid(),
	       (unsigned int)getgid());
	return 0;
}

static int m3x_fz_list(char *list, int *v, int max)
{
	int n = 0;
	char *w;

	for (w = strtok(list, ","); w && n < max; w = strtok(NULL, ","))
		v[n++] = m3x_ep(w);
	return n;
}

/* The first socket that publishes each node of @nodes: 0, or 1. */
static int m3x_fz_targets(struct m3x_fuzz *fz, const int *nodes, int nr)
{
	struct m3x_pubs all;
	int i, k;

	m3x_tipc_lookup(M3_TIPC_SERVICE, M3_MAX_NODES - 1, 1000, &fz->self,
			&all);
	fz->modules.nr = 0;
	for (k = 0; k < nr; k++) {
		for (i = 0; i < all.nr && all.instance[i] != (uint32_t)nodes[k]; i++)
			;
		if (i == all.nr)
			return m3x_fail("no module publishes node %d", nodes[k]);
		fz->modules.instance[fz->modules.nr] = all.instance[i];
		fz->modules.port[fz->modules.nr++] = all.port[i];
		printf("fuzz: module of node %u at %08x:%u\n", all.instance[i],
		       all.port[i].node, all.port[i].ref);
	}
	return 0;
}

/* Publish every node's service (keyed: ours): the modules challenge us. */
static void m3x_fz_publish(struct m3x_fuzz *fz)
{
	int n;

	for (n = 0; n < fz->nr_nodes; n++)
		if ((fz->claim < 0 || n == fz->claim) &&
		    m3x_tipc_publish(fz->fd, M3_TIPC_SERVICE, (uint32_t)n))
			printf("fuzz: cannot publish node %d\n", n);
}

static enum m3x_fuzz_kind m3x_fz_draw(struct m3x_fuzz *fz)
{
	unsigned int sum = 0, k, x;

	for (k = 0; k < M3X_FZ_KINDS; k++)
		sum += m3x_fz_kinds[k].weight;
	x = m3x_rng_below(&fz->rng, sum);
	for (k = 0; x >= m3x_fz_kinds[k].weight; k++)
		x -= m3x_fz_kinds[k].weight;
	return (enum m3x_fuzz_kind)k;
}

/*
 * Frames until @secs or @limit (0: none; -1: no frames, only answers), at
 * most @rate a second.
 */
static void m3x_fz_run(struct m3x_fuzz *fz, long secs, long long limit,
		       long rate)
{
	long long t0 = m3x_now_ms(), report = t0 + 10000, now = t0;

	while ((limit <= 0 || fz->frames < limit) && now - t0 < secs * 1000) {
		fz->target = (int)m3x_rng_below(&fz->rng, (uint32_t)fz->modules.nr);
		if (limit >= 0)
			m3x_fz_kinds[m3x_fz_draw(fz)].make(fz);
		m3x_fz_drain(fz);
		while ((now = m3x_now_ms()) - t0 < fz->frames * 1000 / rate)
			m3x_sleep_ms(1);
		if (now >= report) {
			printf("fuzz: %lld frames after %lld ms\n", fz->frames,
			       now - t0);
			report += 10000;
		}
	}
	/* What TIPC gives back comes within a moment. */
	m3x_sleep_ms(1000);
	m3x_fz_drain(fz);
	printf("fuzz: seed %#llx: %lld frames in %lld ms to %d modules\n",
	       (unsigned long long)fz->seed, fz->frames, m3x_now_ms() - t0,
	       fz->modules.nr);
}

static void m3x_fz_report(const struct m3x_fuzz *fz)
{
	int k, n;

	printf("fuzz: frames by kind:");
	for (k = 0; k < M3X_FZ_KINDS; k++)
		printf(" %s %ld", m3x_fz_kind_names[k], fz->sent[k]);
	printf("\nfuzz: refused by TIPC:");
	for (k = 0; k < M3X_FZ_KINDS; k++)
		printf(" %s %ld", m3x_fz_kind_names[k], fz->refused[k]);
	printf("\nfuzz: from the modules: %ld frames, %ld of ours given back\n",
	       fz->seen, fz->returned);
	if (fz->claim >= 0)
		printf("fuzz: as node %d: %ld answers to calls to its members, %ld binds and unbinds learnt, %d members known at the end\n",
		       fz->claim, fz->calls, fz->learnt, fz->nr_live);
	for (k = 0; k < fz->modules.nr; k++) {
		printf("fuzz: node %u must count dropped:",
		       fz->modules.instance[k]);
		for (n = 0; n < fz->nr_nodes; n++)
			if (n != (int)fz->modules.instance[k] && n != fz->claim)
				printf(" %d:%ld", n, fz->expect[k][n]);
		printf("\n");
	}
}

/* The error named @name ("ETIMEDOUT"): its negative number, or 0. */
static int m3x_fz_errnum(const char *name)
{
	int e;

	for (e = 1; e < 1024; e++)
		if (!strcmp(m3_errname(-e), name))
			return -e;
	return 0;
}

struct m3x_fz_opts {
	const char *key, *member;
	bool self_copy;
	uid_t uid;
	long secs, rate;
	long long limit;
	int nr_targets;
	int targets[M3X_MAX_PORTS];
};

static int m3x_fz_args(int argc, char **argv, struct m3x_fuzz *fz,
		       struct m3x_fz_opts *o)
{
	int c;

	optind = 1;
	while ((c = getopt(argc + 1, argv - 1, "+u:s:t:n:r:N:K:C:A:B:Sq")) != -1) {
		switch (c) {
		case 'u': o->uid = (uid_t)m3x_int(optarg); break;
		case 's': fz->seed = strtoull(optarg, NULL, 0); break;
		case 't': o->secs = atol(optarg); break;
		case 'n': o->limit = atoll(optarg); break;
		case 'r': o->rate = atol(optarg); break;
		case 'K': o->key = optarg; break;
		case 'C': fz->claim = m3x_int(optarg); break;
		case 'A':
			fz->fixed = true;
			fz->fixed_answer = strcmp(optarg, "parked") ?
					   m3x_fz_errnum(optarg) : M3_W_PARKED;
			break;
		case 'B':
			o->member = optarg;
			if (m3x_fz_member(fz, optarg))
				return 2;
			break;
		case 'q': o->limit = -1; break;
		case 'S': o->self_copy = true; break;
		case 'N':
			o->nr_targets = m3x_fz_list(optarg, o->targets,
						    M3X_MAX_PORTS);
			break;
		default: return 2;
		}
	}
	argv += optind - 1;
	if (argc + 1 - optind != 4)
		return 2;
	fz->nr_nodes = m3x_int(argv[0]);
	fz->nr_src = m3x_fz_list(argv[1], fz->src, M3X_FZ_EPS);
	fz->nr_dst = m3x_fz_list(argv[2], fz->dst, M3X_FZ_EPS);
	fz->nr_vms = m3x_fz_list(argv[3], fz->vms, 8);
	return fz->nr_nodes < 2 || !fz->nr_src || !fz->nr_dst || !fz->nr_vms ||
	       !o->nr_targets || o->secs < 1 || o->rate < 1 ||
	       !o->key != (fz->claim < 0) || fz->claim >= fz->nr_nodes ||
	       ((fz->fixed || o->member || o->limit < 0) && !o->key) ||
	       (fz->fixed && !fz->fixed_answer) || (o->self_copy && !o->member) ||
	       fz->nr_nodes > M3X_FZ_NODES ? 2 : 0;
}

int m3x_fuzz(int argc, char **argv)
{
	struct m3x_fz_opts o = { .uid = 65534, .secs = 60, .rate = 1000 };
	static struct m3x_fuzz fz;
	int ret;

	fz.seed = (uint64_t)m3x_now_ms() * 0x2545f4914f6cdd1dULL ^ (uint64_t)getpid();
	fz.claim = -1;
	fz.floor_vm = -1;
	ret = m3x_fz_args(argc, argv, &fz, &o);
	if (ret)
		return ret;
	fz.rng = fz.seed;
	printf("fuzz: seed %#llx\n", (unsigned long long)fz.seed);
	fz.buf_size = M3_WIRE_MAX + 64;
	fz.buf = calloc(1, fz.buf_size);
	if (!fz.buf || (o.key && m3x_fz_key_load(&fz, o.key)) ||
	    m3x_fz_become(o.uid))
		return 1;
	fz.fd = m3x_tipc_rdm(&fz.self);
	if (fz.fd < 0)
		return m3x_fail("AF_TIPC socket: %s", m3_errname(fz.fd));
	if (m3x_fz_targets(&fz, o.targets, o.nr_targets))
		return 1;
	m3x_fz_publish(&fz);
	if (o.key && m3x_fz_await_targets(&fz, 30000))
		return 1;
	if (o.member && m3x_fz_announce(&fz))
		return 1;
	if (o.self_copy && m3x_fz_self_copy(&fz, 10000) < 2L * fz.modules.nr)
		return m3x_fail("not every module refused the copy");
	m3x_fz_run(&fz, o.secs, o.limit, o.rate);
	m3x_fz_report(&fz);
	return 0;
}
