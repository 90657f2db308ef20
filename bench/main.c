// SPDX-License-Identifier: GPL-2.0
/*
 * m3bench: entry point.
 *
 *   m3bench [-o FILE] [-r REPS] [-R REPS] [-t SECS] [-T SECS] [-S SECS] [-H]
 *           TEST...
 *     TEST: ipc copy bind mem floor scale all
 *     -o  results file (lines of tab-separated fields, see result())
 *     -r  repetitions (default 7)
 *     -R  repetitions of the IPC tests (default 15)
 *     -t  seconds per IPC repetition (default 0.15)
 *     -T  seconds per copy repetition (default 0.1)
 *     -S  seconds per scaling repetition (default 0.5)
 *     -H  let the copy buffers be transparent huge pages
 *   m3bench report [options] RESULTS... (on the host; see report.c)
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include "pair.h"

double opt_ipc_secs = 0.15;
double opt_copy_secs = 0.1;
static double opt_scale_secs = 0.5;
int opt_reps = 7;
static int opt_ipc_reps = 15;
int opt_vmid = -1;
int opt_thp;

extern const struct pp_ops *const peer_ops[];

/* ---- IPC1-3 and every peer, repetitions interleaved ------------------- */

struct ipc_cell {
	const char *test, *mech, *variant;
	const struct pp_ops *ops;
	int type, variant_nr;
	struct cell c;
	int err;
	struct cell sw;
};

static void bench_ipc(void)
{
	static struct ipc_cell cells[64];
	static struct pp_live live[64];
	int n = 0, i, rep, ret;
	struct stat3 st;

	cells[n++] = (struct ipc_cell){ "IPC1", "m3", "send+receive", &m3_ops,
					TEST_RT, M3V_SENDRECV, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };
	cells[n++] = (struct ipc_cell){ "IPC2", "m3", "sendrec/receive+send",
					&m3_ops, TEST_RT, M3V_SENDREC, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };
	cells[n++] = (struct ipc_cell){ "IPC2", "m3", "sendrec/replyrec",
					&m3_ops, TEST_RT, M3V_REPLYREC, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };
	cells[n++] = (struct ipc_cell){ "IPC3", "m3", "notify/receive",
					&m3_ops, TEST_EVENT, M3V_NOTIFY, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };
	for (i = 0; peer_ops[i]; i++)
		cells[n++] = (struct ipc_cell){ "RT", peer_ops[i]->name, "",
						peer_ops[i], TEST_RT, 0, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };
	for (i = 0; peer_ops[i]; i++)
		if (peer_ops[i] != &binder_ops)
			cells[n++] = (struct ipc_cell){ "EVENT",
				peer_ops[i]->name, "", peer_ops[i],
				TEST_EVENT, 0, { { 0 }, 0, 0 }, 0, { { 0 }, 0, 0 } };

	/*
	 * Every pair is started (and calibrated) first, then the slices of all
	 * the mechanisms are interleaved, opt_ipc_reps of each.
	 */
	for (i = 0; i < n; i++) {
		struct ipc_cell *x = &cells[i];

		ret = pp_live_start(&live[i], x->ops, x->type, x->variant_nr);
		if (ret) {
			x->err = ret;
			note("ipc: %s %s %s: %s", x->test, x->mech, x->variant,
			     m3_strerror(ret));
		}
	}
	for (rep = 0; rep < opt_ipc_reps; rep++) {
		for (i = 0; i < n; i++) {
			struct ipc_cell *x = &cells[i];
			double rate, sw;

			if (x->err)
				continue;
			ret = pp_live_run(&live[i], &rate, &sw);
			if (ret) {
				x->err = ret;
				note("ipc: %s %s %s: %s", x->test, x->mech,
				     x->variant, m3_strerror(ret));
				continue;
			}
			cell_add(&x->c, rate, live[i].c.sh->iters);
			if (sw >= 0)
				cell_add(&x->sw, sw, live[i].c.sh->iters);
		}
	}
	for (i = 0; i < n; i++) {
		ret = pp_live_stop(&live[i]);
		if (ret && !cells[i].err)
			cells[i].err = ret;
	}
	for (i = 0; i < n; i++) {
		struct ipc_cell *x = &cells[i];

		if (!x->err && cell_stat(&x->c, &st) == 0)
			result("ipc", x->test, x->mech, x->variant, MSG_SIZE,
			       &st, "rt/s");
		if (!x->err && cell_stat(&x->sw, &st) == 0)
			result("ctxsw", x->test, x->mech, x->variant, MSG_SIZE,
			       &st, "switches/rt");
		else
			result_na("ipc", x->test, x->mech, x->variant, MSG_SIZE,
				  m3_strerror(x->err));
	}
}

/* ---- Floors: what one kernel entry costs here ------------------------- */

static int fl_getppid(void *arg, long n)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int m3fd = -1;

static int fl_badioctl(void *arg, long n)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		if (ioctl(m3fd, _IO(M3_IOC_MAGIC, 0x7f)) != -1)
			return -EPROTO;
	return 0;
}

static int fl_getep(void *arg, long n)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		if (mnx_getep(0) < 0)
			return -EPROTO;
	return 0;
}

static int fl_receivenb(void *arg, long n)
{
	message m;

	(void)arg;
	for (long i = 0; i < n; i++)
		if (mnx_receivenb(ANY, &m) != -ENOTREADY)
			return -EPROTO;
	return 0;
}

static int fl_notify_pending(void *arg, long n)
{
	int ep = *(int *)arg;

	/* A notify to a bound peer that is not receiving: a pending bit. */
	for (long i = 0; i < n; i++)
		if (mnx_notify(ep))
			return -EPROTO;
	return 0;
}

static int yield_child(void *arg)
{
	volatile int *stop = arg;

	while (!*stop)
		sched_yield();
	return 0;
}

static int fl_yield(void *arg, long n)
{
	(void)arg;
	for (long i = 0; i < n; i++)
		sched_yield();
	return 0;
}

/* Bind, publish the endpoint + 1 in *@arg (or the error), sleep. */
static int idle_peer(void *arg)
{
	int *ep = arg, ret = mnx_bind(opt_vmid, -1);

	*ep = ret >= 0 ? ret + 1 : ret;
	if (ret < 0)
		return 1;
	pause();
	return 0;
}

static long fl_ctxt, fl_iters;
static double fl_switches;

static void floor_hook(int after)
{
	long v = ctxt_total();

	if (!after)
		fl_ctxt = v;
	else if (v >= 0 && fl_ctxt >= 0 && fl_iters > 0)
		fl_switches = (double)(v - fl_ctxt) / fl_iters;
}

static void floor_one(const char *name, batch_fn fn, void *arg)
{
	struct cell c = { .n = 0 }, sw = { .n = 0 };
	struct stat3 st;
	double rate;
	int ret = 0;

	fl_iters = 0;
	measure_hook = floor_hook;
	for (int rep = 0; rep < opt_reps && !ret; rep++) {
		fl_switches = -1;
		ret = measure1(fn, arg, opt_ipc_secs / 2, &fl_iters, &rate);
		if (!ret)
			cell_add(&c, rate, fl_iters);
		if (!ret && fl_switches >= 0)
			cell_add(&sw, fl_switches, fl_iters);
	}
	measure_hook = NULL;
	if (!ret && !cell_stat(&c, &st))
		result("floor", name, "", "", 0, &st, "op/s");
	else
		result_na("floor", name, "", "", 0, m3_strerror(ret));
	if (!ret && !cell_stat(&sw, &st))
		result("ctxsw", name, "", "", 0, &st, "switches/op");
}

static void bench_floor(void)
{
	volatile int *stop = shm_alloc(sizeof(int));
	int *peer_ep = shm_alloc(sizeof(int));
	pid_t pid;
	int ep;

	m3fd = open(M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	floor_one("getppid", fl_getppid, NULL);
	floor_one("ioctl-enotty", fl_badioctl, NULL);
	mnx_bind(opt_vmid, -1);
	floor_one("m3-getep", fl_getep, NULL);
	floor_one("m3-receivenb-empty", fl_receivenb, NULL);
	pid = spawn(idle_peer, peer_ep);
	while (!*peer_ep)
		usleep(1000);
	if (*peer_ep > 0) {
		ep = *peer_ep - 1;
		floor_one("m3-notify-pending", fl_notify_pending, &ep);
	}
	kill(pid, SIGKILL);
	join(pid);
	mnx_unbind();
	/* Two processes yielding to each other: one switch per yield. */
	pid = spawn(yield_child, (void *)stop);
	floor_one("sched_yield-2proc", fl_yield, NULL);
	*stop = 1;
	join(pid);
	close(m3fd);
	shm_free((void *)stop, sizeof(int));
	shm_free(peer_ep, sizeof(int));
}

/* ---- bind + unbind, memory ------------------------------------------- */

static int bind_batch(void *arg, long n)
{
	int ret;

	(void)arg;
	for (long i = 0; i < n; i++) {
		ret = mnx_bind(opt_vmid, -1);
		if (ret < 0)
			return ret;
		ret = mnx_unbind();
		if (ret)
			return ret;
	}
	return 0;
}

void bench_bind(void)
{
	floor_one("bind+unbind", bind_batch, NULL);
}

static long proc_field(const char *path, const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	fclose(f);
	return v;
}

/* The "bytes" column of /proc/m3ipc/vms for @vmid. */
static long vm_bytes(int vmid)
{
	char line[256], name[32];
	int id, procs, max;
	unsigned int uid, gid, mode, flags;
	long bytes, v = -1;
	FILE *f = fopen("/proc/m3ipc/vms", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %31s %d %d %u %u %o %x %ld", &id, name,
			   &procs, &max, &uid, &gid, &mode, &flags, &bytes) == 9 &&
		    id == vmid)
			v = bytes;
	fclose(f);
	return v;
}

static void mem_result(const char *test, long procs, long bytes)
{
	struct stat3 st = { bytes, bytes, bytes, 1, 1 };

	if (bytes < 0)
		result_na("mem", test, "m3", "", procs, "unreadable");
	else
		result("mem", test, "m3", "", procs, &st, "bytes");
}

/*
 * Per VM size: its memory, empty and with 8 members, and bind+unbind per
 * second in it (unbind visits the bound slots; it used to visit all).
 */
void bench_mem(void)
{
	static const int procs[] = { 16, 64, 256, 1024, 4096 };
	int bench_vmid = opt_vmid;

	mem_result("slot_bytes", 1, proc_field("/proc/m3ipc/info", "slot_bytes:"));
	for (unsigned int i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		struct m3_vm_params p = { .vmid = -1, .max_procs = procs[i],
					  .mode = 0666 };
		int vmid, *eps = shm_alloc(8 * sizeof(int));
		pid_t kids[8];
		char name[32];

		snprintf(p.name, sizeof(p.name), "mem%d", procs[i]);
		vmid = mnx_vm_init(&p);
		if (vmid < 0) {
			result_na("mem", "vm_bytes", "m3", "", procs[i],
				  m3_strerror(vmid));
			shm_free(eps, 8 * sizeof(int));
			continue;
		}
		mem_result("vm_bytes", procs[i], vm_bytes(vmid));
		/* Eight members, each bound and asleep. */
		opt_vmid = vmid;
		for (int k = 0; k < 8; k++)
			kids[k] = spawn(idle_peer, &eps[k]);
		for (int k = 0; k < 8; k++)
			while (!eps[k])
				usleep(1000);
		mem_result("vm_bytes_8_bound", procs[i], vm_bytes(vmid));
		snprintf(name, sizeof(name), "bind+unbind@%d", procs[i]);
		floor_one(name, bind_batch, NULL);
		for (int k = 0; k < 8; k++) {
			kill(kids[k], SIGKILL);
			join(kids[k]);
		}
		opt_vmid = bench_vmid;
		mnx_vm_end(vmid);
		shm_free(eps, 8 * sizeof(int));
	}
}

/* ---- N pairs on N vCPUs ----------------------------------------------- */

void bench_scale(void)
{
	static const struct {
		const char *mech, *variant, *peer;
		int type, v;
	} list[] = {
		{ "m3", "sendrec/replyrec", NULL, TEST_RT, M3V_REPLYREC },
		{ "m3", "send+receive", NULL, TEST_RT, M3V_SENDRECV },
		{ "pipe", "", "pipe", TEST_RT, 0 },
		{ "futex+shm", "", "futex+shm", TEST_RT, 0 },
	};
	enum { NL = sizeof(list) / sizeof(list[0]) };
	struct cell cells[NL][2];
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), np, i, rep, ret;
	struct stat3 st;

	memset(cells, 0, sizeof(cells));
	if (ncpu > 2)
		ncpu = 2;
	note("scale: %d vCPUs online", (int)sysconf(_SC_NPROCESSORS_ONLN));
	for (rep = 0; rep < opt_reps; rep++)
		for (i = 0; i < NL; i++)
			for (np = 1; np <= ncpu; np++) {
				const struct pp_ops *ops = list[i].peer ?
					peer_by_name(list[i].peer) : &m3_ops;
				double rate;

				ret = pp_run_concurrent(ops, list[i].type,
							list[i].v, np,
							opt_scale_secs, &rate);
				if (ret)
					note("scale: %s %d pairs: %s",
					     list[i].mech, np, m3_strerror(ret));
				else
					cell_add(&cells[i][np - 1], rate, 0);
			}
	for (i = 0; i < NL; i++)
		for (np = 1; np <= ncpu; np++)
			if (!cell_stat(&cells[i][np - 1], &st))
				result("scale", np == 1 ? "pairs1" : "pairs2",
				       list[i].mech, list[i].variant, np, &st,
				       "rt/s");
}

/* ---- main -------------------------------------------------------------- */

static void describe(void)
{
	struct utsname u;
	char line[256];
	FILE *f;

	uname(&u);
	note("kernel %s %s", u.release, u.machine);
	note("cpus %ld", sysconf(_SC_NPROCESSORS_ONLN));
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) || !strncmp(line, "flags", 5)) {
			line[strcspn(line, "\n")] = 0;
			if (!strncmp(line, "flags", 5))
				note("erms %s fsrm %s",
				     strstr(line, " erms") ? "yes" : "no",
				     strstr(line, " fsrm") ? "yes" : "no");
			else
				note("%s", line);
			break;
		}
	if (f)
		fclose(f);
	note("reps %d ipc_reps %d ipc_secs %.3f copy_secs %.3f scale_secs %.3f",
	     opt_reps, opt_ipc_reps, opt_ipc_secs, opt_copy_secs,
	     opt_scale_secs);
}

int main(int argc, char **argv)
{
	int opt, ret, i;
	double t0;

	if (argc > 1 && !strcmp(argv[1], "report"))
		return report_main(argc - 1, argv + 1);
	while ((opt = getopt(argc, argv, "o:r:R:t:T:S:H")) != -1) {
		switch (opt) {
		case 'o': result_open(optarg); break;
		case 'r': opt_reps = atoi(optarg); break;
		case 'R': opt_ipc_reps = atoi(optarg); break;
		case 'H': opt_thp = 1; break;
		case 't': opt_ipc_secs = atof(optarg); break;
		case 'T': opt_copy_secs = atof(optarg); break;
		case 'S': opt_scale_secs = atof(optarg); break;
		default:
			fprintf(stderr, "usage: m3bench [-o FILE] [-r REPS] [-R REPS] [-t S] [-T S] [-S S] [-H] TEST...\n");
			return 2;
		}
	}
	if (opt_reps < 1 || opt_reps > MAX_REPS ||
	    opt_ipc_reps < 1 || opt_ipc_reps > MAX_REPS)
		die("-r, -R: 1..%d", MAX_REPS);
	ret = m3_setup();
	if (ret)
		die("setup: %s", m3_strerror(ret));
	describe();
	for (i = optind; i < argc; i++) {
		const char *t = argv[i];
		int all = !strcmp(t, "all");

		t0 = now();
		if (all || !strcmp(t, "floor"))
			bench_floor();
		if (all || !strcmp(t, "ipc"))
			bench_ipc();
		if (all || !strcmp(t, "copy"))
			bench_copy();
		if (all || !strcmp(t, "bind"))
			bench_bind();
		if (all || !strcmp(t, "mem"))
			bench_mem();
		if (!strcmp(t, "scale"))
			bench_scale();
		note("%s: %.1f s", t, now() - t0);
	}
	return 0;
}
