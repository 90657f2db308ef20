// SPDX-License-Identifier: GPL-2.0
/*
 * m3x call [OPTIONS] OP EP[,EP...] RESULT: bind, then make the call OP to
 * (or from) each EP in turn; every call must end with RESULT (OK or an
 * error name: EDEADSRCDST, ETIMEDOUT...). OP: send, sendnb, send_T,
 * receive, receivenb, receive_T, sendrec, sendrec_T, notify.
 *   -s SLOT   bind this slot (default: any)
 *   -d MS     sleep MS after the bind, before the first call
 *   -g FILE   then wait until FILE exists
 *   -t MS     the timeout of the _T calls (default 1000)
 *   -n N      go through the EP list N times
 *   -y TYPE   the m_type sent (default 7); a sendrec's reply has TYPE + 1
 *   -S LIST   the sources the receives must see, in order (comma list)
 *   -c COUNT  what is received is a notification, COUNT coalesced
 *   -m MS, -M MS   the calls took at least, at most MS in all
 *   -a MS     SIGALRM, with a handler, MS after the first call starts
 *   -H ERR    that handler's receivenb from ANY gives ERR (it notifies
 *             the first EP too, and prints both results)
 *   -P        a SIGPIPE must have come (the VM ended)
 *   -L MS     stay bound MS after the calls (a sender that is gone is
 *             forgotten by its receivers: it must not leave too early)
 *   -R MS     then nothing may arrive for MS (a receive_T from ANY times
 *             out: no reply abandoned by a timeout comes late)
 * A received message is checked as m3x.h says; a sendrec's reply as an
 * m3x server makes it. Prints each call's result, time and end time
 * (CLOCK_MONOTONIC ms, "end N"), then "done" once the calls are over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"

#define M3X_MAX_EPS	64
#define M3X_CALL_OPTS	"+s:d:g:t:n:y:S:c:m:M:a:H:PL:R:"

struct m3x_op {
	const char *name;
	int (*call)(int ep, message *m, long timeout_ms);
	unsigned int sends : 1, receives : 1;
};

struct m3x_opts {
	int slot, delay, timeout, repeat, type, alarm, min, max, count, linger;
	int quiet;
	int sigpipe, nr_eps, nr_sources, received, self;
	const char *gate, *handler_err, *want;
	const struct m3x_op *op;
	int eps[M3X_MAX_EPS], sources[M3X_MAX_EPS];
};

static int m3x_op_send(int ep, message *m, long t)
{
	(void)t;
	return mnx_send(ep, m);
}

static int m3x_op_sendnb(int ep, message *m, long t)
{
	(void)t;
	return mnx_sendnb(ep, m);
}

static int m3x_op_receive(int ep, message *m, long t)
{
	(void)t;
	return mnx_receive(ep, m);
}

static int m3x_op_receivenb(int ep, message *m, long t)
{
	(void)t;
	return mnx_receivenb(ep, m);
}

static int m3x_op_sendrec(int ep, message *m, long t)
{
	(void)t;
	return mnx_sendrec(ep, m);
}

static int m3x_op_notify(int ep, message *m, long t)
{
	(void)m;
	(void)t;
	return mnx_notify(ep);
}

static const struct m3x_op m3x_ops[] = {
	{ "send", m3x_op_send, 1, 0 },
	{ "sendnb", m3x_op_sendnb, 1, 0 },
	{ "send_T", mnx_send_T, 1, 0 },
	{ "receive", m3x_op_receive, 0, 1 },
	{ "receivenb", m3x_op_receivenb, 0, 1 },
	{ "receive_T", mnx_receive_T, 0, 1 },
	{ "sendrec", m3x_op_sendrec, 1, 1 },
	{ "sendrec_T", mnx_sendrec_T, 1, 1 },
	{ "notify", m3x_op_notify, 0, 0 },
};

static const struct m3x_op *m3x_op_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(m3x_ops) / sizeof(m3x_ops[0]); i++)
		if (!strcmp(m3x_ops[i].name, name))
			return &m3x_ops[i];
	return NULL;
}

/* "a,b,c" into @v (endpoints or numbers): how many, -1 if too many. */
static int m3x_list(char *s, int *v)
{
	int n = 0;
	char *w;

	for (w = strtok(s, ","); w; w = strtok(NULL, ",")) {
		if (n == M3X_MAX_EPS)
			return -1;
		v[n++] = m3x_ep(w);
	}
	return n;
}

static int m3x_opts_parse(int argc, char **argv, struct m3x_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->slot = -1;
	o->timeout = 1000;
	o->repeat = 1;
	o->type = 7;
	o->max = -1;
	o->count = -1;
	optind = 1;
	while ((c = getopt(argc + 1, argv - 1, M3X_CALL_OPTS)) != -1) {
		switch (c) {
		case 's': o->slot = m3x_int(optarg); break;
		case 'd': o->delay = m3x_int(optarg); break;
		case 'g': o->gate = optarg; break;
		case 't': o->timeout = m3x_int(optarg); break;
		case 'n': o->repeat = m3x_int(optarg); break;
		case 'y': o->type = m3x_int(optarg); break;
		case 'S': o->nr_sources = m3x_list(optarg, o->sources); break;
		case 'c': o->count = m3x_int(optarg); break;
		case 'm': o->min = m3x_int(optarg); break;
		case 'M': o->max = m3x_int(optarg); break;
		case 'a': o->alarm = m3x_int(optarg); break;
		case 'H': o->handler_err = optarg; break;
		case 'P': o->sigpipe = 1; break;
		case 'L': o->linger = m3x_int(optarg); break;
		case 'R': o->quiet = m3x_int(optarg); break;
		default: return -1;
		}
	}
	if (argc + 1 - optind != 3 || o->nr_sources < 0)
		return -1;
	argv += optind - 1;
	o->op = m3x_op_find(argv[0]);
	o->nr_eps = m3x_list(argv[1], o->eps);
	o->want = argv[2];
	return o->op && o->nr_eps > 0 ? 0 : -1;
}

/* What a receive took: as -S and -c say, and stamped right. */
static int m3x_received_ok(struct m3x_opts *o, const message *m)
{
	int k = o->received++;

	if (k < o->nr_sources && m->m_source != o->sources[k])
		return m3x_fail("message %d came from %d, not %d", k,
				m->m_source, o->sources[k]);
	if (o->count >= 0 && (m->m_type != NOTIFY_MESSAGE ||
			      m->m_u.m_notify.count != (m3_u64)o->count))
		return m3x_fail("message %d: type %#x count %llu, not a notification of %d",
				k, m->m_type,
				(unsigned long long)m->m_u.m_notify.count, o->count);
	if (o->count < 0 && m->m_type == NOTIFY_MESSAGE)
		return m3x_fail("message %d: a notification from %d", k,
				m->m_source);
	return m3x_check_stamp(m);
}

/* The result of one call to @ep, as wanted? */
static int m3x_result_ok(struct m3x_opts *o, int ep, int ret, const message *m)
{
	if (strcmp(m3_errname(ret), o->want))
		return m3x_fail("%s %d: %s, expected %s", o->op->name, ep,
				m3_errname(ret), o->want);
	if (ret < 0 || !o->op->receives)
		return 0;
	if (o->op->sends && (m->m_type != o->type + 1 || m->m_source != ep ||
			     m->m1_i1 != o->self))
		return m3x_fail("reply: type %d from %d, saw us as %d",
				m->m_type, m->m_source, m->m1_i1);
	return m3x_received_ok(o, m);
}

static int m3x_one_call(struct m3x_opts *o, int ep)
{
	long long t0 = m3x_now_ms();
	message m;
	int ret;

	memset(&m, 0, sizeof(m));
	m.m_type = o->type;
	if (o->op->sends)
		m3x_stamp(&m, o->self);
	ret = o->op->call(ep, &m, o->timeout);
	printf("%s %d: %s", o->op->name, ep, m3_errname(ret));
	if (ret == 0 && o->op->receives)
		printf(" from %d type %#x count %llu", m.m_source, m.m_type,
		       m.m_type == NOTIFY_MESSAGE ?
		       (unsigned long long)m.m_u.m_notify.count : 0ULL);
	printf(" in %lld ms (end %lld)\n", m3x_now_ms() - t0, m3x_now_ms());
	return m3x_result_ok(o, ep, ret, &m);
}

/*
 * The calls the alarm's handler made: its receivenb ended with @want?
 * (Its notify's result is printed, for the script to judge.)
 */
static int m3x_handler_calls_ok(const char *want)
{
	const char *got = m3_errname(m3x_alarm_ipc_result(0));

	printf("handler: receivenb %s notify %s\n", got,
	       m3_errname(m3x_alarm_ipc_result(1)));
	if (strcmp(got, want))
		return m3x_fail("the handler's receivenb: %s, expected %s",
				got, want);
	return 0;
}

/* After the calls: their time, the alarm and SIGPIPE as wanted? */
static int m3x_after_ok(const struct m3x_opts *o, long long ms)
{
	if (ms < o->min || (o->max >= 0 && ms > o->max))
		return m3x_fail("the calls took %lld ms, not within %d..%d",
				ms, o->min, o->max);
	if (o->alarm && !m3x_alarm_fired())
		return m3x_fail("the alarm never came");
	if (o->handler_err && m3x_handler_calls_ok(o->handler_err))
		return 1;
	if (o->sigpipe && !m3x_sigpipes())
		return m3x_fail("no SIGPIPE");
	return 0;
}

/* Nothing arrives for @ms. */
static int m3x_quiet(int ms)
{
	message m;
	int ret = mnx_receive_T(M3_ANY, &m, ms);

	printf("then receive_T ANY: %s\n", m3_errname(ret));
	if (ret != -ETIMEDOUT)
		return m3x_fail("then a message came (%s) from %d, type %#x",
				m3_errname(ret), m.m_source, m.m_type);
	return 0;
}

int m3x_call(int argc, char **argv)
{
	struct m3x_opts o;
	long long t0, ms;
	int i, k;

	if (m3x_opts_parse(argc, argv, &o))
		return 2;
	m3x_catch_sigpipe();
	o.self = m3x_bind(o.slot);
	if (o.self < 0)
		return 1;
	printf("bound %d\n", o.self);
	if (o.delay)
		m3x_sleep_ms(o.delay);
	if (o.gate && m3x_wait_gate(o.gate))
		return 1;
	t0 = m3x_now_ms();
	if (o.alarm)
		m3x_alarm_in(o.alarm, o.handler_err ? o.eps[0] : M3_NONE);
	for (k = 0; k < o.repeat; k++)
		for (i = 0; i < o.nr_eps; i++)
			if (m3x_one_call(&o, o.eps[i]))
				return 1;
	ms = m3x_now_ms() - t0;
	printf("done: %d calls in %lld ms\n", o.repeat * o.nr_eps, ms);
	m3x_sleep_ms(o.linger);
	if (o.quiet && m3x_quiet(o.quiet))
		return 1;
	return m3x_after_ok(&o, ms);
}
