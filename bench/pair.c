// SPDX-License-Identifier: GPL-2.0
/* m3bench: running client/server pairs, one or several at once. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "pair.h"

#define CHILD_ALARM	120	/* seconds: a stuck pair dies, the run goes on */
#define LIVE_ALARM	900	/* the same for a pair that lives through a test */

struct pp_arg {
	struct pp_ctx *c;
	int cpu;
	int alarm_s;		/* 0: CHILD_ALARM */
};

static int server_main(void *arg)
{
	struct pp_arg *a = arg;
	int ret;

	alarm(a->alarm_s ?: CHILD_ALARM);
	pin_cpu(a->cpu);
	ret = a->c->ops->server(a->c);
	if (ret && !a->c->sh->ready)
		__atomic_store_n(&a->c->sh->ready, -1, __ATOMIC_RELEASE);
	return ret;
}

static int client_start(struct pp_arg *a)
{
	struct pp_ctx *c = a->c;
	int ret;

	alarm(a->alarm_s ?: CHILD_ALARM);
	pin_cpu(a->cpu);
	if (wait_flag(&c->sh->ready) < 0)
		return -EIO;
	ret = c->ops->client_init ? c->ops->client_init(c) : 0;
	return ret;
}

static struct pp_shared *hook_sh;
static long hook_ctxt;

static void ctxt_hook(int after)
{
	long v = ctxt_total();

	if (!after)
		hook_ctxt = v;
	else if (v >= 0 && hook_ctxt >= 0 && hook_sh->iters > 0)
		hook_sh->switches = (double)(v - hook_ctxt) / hook_sh->iters;
}

static int client_main(void *arg)
{
	struct pp_arg *a = arg;
	struct pp_ctx *c = a->c;
	int ret;

	hook_sh = c->sh;
	measure_hook = ctxt_hook;
	ret = client_start(a);
	if (!ret)
		ret = measure1(c->ops->batch, c, opt_ipc_secs, &c->sh->iters,
			       &c->sh->rate);
	if (!ret)
		c->ops->quit(c);
	c->sh->err = ret;
	return ret;
}

/* Concurrent pairs: run until told to stop, then report the count. */
static int client_conc_main(void *arg)
{
	struct pp_arg *a = arg;
	struct pp_ctx *c = a->c;
	double t0;
	long n = 0;
	int ret;

	ret = client_start(a);
	if (!ret)	/* warm up */
		ret = c->ops->batch(c, 64);
	__atomic_store_n(&c->sh->counted, 1, __ATOMIC_RELEASE);
	while (!ret && !c->sh->go)
		sched_yield();
	t0 = now();
	while (!ret && !c->sh->stop) {
		ret = c->ops->batch(c, 16);
		n += 16;
	}
	c->sh->elapsed = now() - t0;
	c->sh->count = n;
	if (!ret)
		c->ops->quit(c);
	c->sh->err = ret;
	return ret;
}

static void pp_init(struct pp_ctx *c, const struct pp_ops *ops, int test,
		    int variant, int pair)
{
	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->test = test;
	c->variant = variant;
	c->pair = pair;
	c->sh = shm_alloc(sizeof(*c->sh));
	for (int i = 0; i < 6; i++)
		c->fd[i] = -1;
}

static int pp_finish(struct pp_ctx *c, pid_t srv, pid_t cli)
{
	int cst = join(cli), sst;

	if (cst) {
		kill(srv, SIGKILL);
		if (!c->sh->err)
			c->sh->err = -ECHILD;
	}
	sst = join(srv);
	if (sst && !c->sh->err && !cst)
		c->sh->err = -ECHILD;
	if (c->ops->cleanup)
		c->ops->cleanup(c);
	for (int i = 0; i < 6; i++)
		if (c->fd[i] >= 0)
			close(c->fd[i]);
	return c->sh->err;
}

int pp_run(const struct pp_ops *ops, int test, int variant, int cpu,
	   long *iters, double *rate, double *switches)
{
	struct pp_ctx c;
	struct pp_arg a;
	pid_t srv, cli;
	int ret;

	pp_init(&c, ops, test, variant, 0);
	if (switches)
		*switches = -1;
	a.c = &c;
	a.cpu = cpu;
	a.alarm_s = 0;
	ret = ops->prepare ? ops->prepare(&c) : 0;
	if (ret) {
		shm_free(c.sh, sizeof(*c.sh));
		return ret;
	}
	c.sh->iters = *iters;
	srv = spawn(server_main, &a);
	cli = spawn(client_main, &a);
	ret = pp_finish(&c, srv, cli);
	if (!ret) {
		*iters = c.sh->iters;
		*rate = c.sh->rate;
		if (switches)
			*switches = c.sh->switches;
	}
	shm_free(c.sh, sizeof(*c.sh));
	return ret;
}

int pp_run_concurrent(const struct pp_ops *ops, int test, int variant,
		      int npairs, double secs, double *rate)
{
	struct pp_ctx c[MAX_PAIRS];
	struct pp_arg a[MAX_PAIRS];
	pid_t srv[MAX_PAIRS], cli[MAX_PAIRS];
	struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };
	int i, ret = 0, r;

	for (i = 0; i < npairs; i++) {
		pp_init(&c[i], ops, test, variant, i);
		a[i].c = &c[i];
		a[i].cpu = i;
		a[i].alarm_s = 0;
		r = ops->prepare ? ops->prepare(&c[i]) : 0;
		if (r)
			die("%s: prepare: %d", ops->name, r);
	}
	for (i = 0; i < npairs; i++) {
		srv[i] = spawn(server_main, &a[i]);
		cli[i] = spawn(client_conc_main, &a[i]);
	}
	for (i = 0; i < npairs; i++)
		wait_flag(&c[i].sh->counted);
	for (i = 0; i < npairs; i++)
		c[i].sh->go = 1;
	nanosleep(&ts, NULL);
	for (i = 0; i < npairs; i++)
		c[i].sh->stop = 1;
	*rate = 0;
	for (i = 0; i < npairs; i++) {
		r = pp_finish(&c[i], srv[i], cli[i]);
		if (r && !ret)
			ret = r;
		if (c[i].sh->elapsed > 0)
			*rate += c[i].sh->count / c[i].sh->elapsed;
		shm_free(c[i].sh, sizeof(*c[i].sh));
	}
	return ret;
}

/* ---- Pairs that live through a whole test ------------------------------ */

struct pp_live_arg {
	struct pp_arg a;
	int ctl, done;		/* the client's ends of the command pipes */
};

static int client_live_main(void *arg)
{
	struct pp_live_arg *la = arg;
	struct pp_ctx *c = la->a.c;
	double rate, t0, t;
	long n, x0, x1;
	char ok = 1;
	int ret;

	hook_sh = c->sh;
	ret = client_start(&la->a);
	if (!ret)	/* warm up and calibrate */
		ret = measure1(c->ops->batch, c, opt_ipc_secs, &c->sh->iters,
			       &rate);
	c->sh->err = ret;
	if (write(la->done, &ok, 1) != 1 || ret)
		return ret ?: 1;
	while (read(la->ctl, &n, sizeof(n)) == sizeof(n) && n > 0) {
		ret = c->ops->batch(c, n / 16 + 1);
		x0 = ctxt_total();
		t0 = now();
		if (!ret)
			ret = c->ops->batch(c, n);
		t = now() - t0;
		x1 = ctxt_total();
		c->sh->rate = n / t;
		c->sh->switches = x0 >= 0 && x1 >= 0 ? (double)(x1 - x0) / n : -1;
		c->sh->err = ret;
		if (write(la->done, &ok, 1) != 1 || ret)
			break;
	}
	if (!ret)
		c->ops->quit(c);
	return ret;
}

int pp_live_start(struct pp_live *l, const struct pp_ops *ops, int test,
		  int variant)
{
	struct pp_live_arg la;
	int ctl[2], done[2], ret;
	char ok;

	memset(l, 0, sizeof(*l));
	pp_init(&l->c, ops, test, variant, 0);
	ret = ops->prepare ? ops->prepare(&l->c) : 0;
	if (ret || pipe2(ctl, O_CLOEXEC) || pipe2(done, O_CLOEXEC)) {
		l->err = ret ?: -errno;
		return l->err;
	}
	la.a.c = &l->c;
	la.a.cpu = -1;
	la.a.alarm_s = LIVE_ALARM;
	la.ctl = ctl[0];
	la.done = done[1];
	l->srv = spawn(server_main, &la.a);
	l->cli = spawn(client_live_main, &la);
	close(ctl[0]);
	close(done[1]);
	l->ctl = ctl[1];
	l->done = done[0];
	if (read(l->done, &ok, 1) != 1)
		l->err = l->c.sh->err ?: -ECHILD;
	else
		l->err = l->c.sh->err;
	return l->err;
}

int pp_live_run(struct pp_live *l, double *rate, double *switches)
{
	long n = l->c.sh->iters;
	char ok;

	if (l->err)
		return l->err;
	if (write(l->ctl, &n, sizeof(n)) != sizeof(n) ||
	    read(l->done, &ok, 1) != 1)
		l->err = -ECHILD;
	else
		l->err = l->c.sh->err;
	*rate = l->c.sh->rate;
	*switches = l->c.sh->switches;
	return l->err;
}

int pp_live_stop(struct pp_live *l)
{
	long zero = 0;
	int ret;

	if (l->ctl > 0) {
		if (write(l->ctl, &zero, sizeof(zero)) != sizeof(zero))
			l->err = l->err ?: -ECHILD;
		close(l->ctl);
		close(l->done);
	}
	ret = l->srv ? pp_finish(&l->c, l->srv, l->cli) : l->err;
	shm_free(l->c.sh, sizeof(*l->c.sh));
	return l->err ?: ret;
}
