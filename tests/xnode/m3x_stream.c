// SPDX-License-Identifier: GPL-2.0
/*
 * m3x stream: numbered messages, the genuine traffic beside the wire
 * fuzzer, whose receiver can tell any message that is not one of them.
 *   source SLOT DST STOP   bind SLOT; send DST messages numbered 0, 1...
 *                          (m_type and m1_i1) until the file STOP exists,
 *                          then an end (m_type -1, m1_i1 the count)
 *   sink SLOT SRC...       bind SLOT; receive from ANY until every SRC (a
 *                          slot) has sent its end: each message must come
 *                          from one of them, stamped by the kernel with
 *                          the sender's true endpoint (m3x.h), always
 *                          the same one per slot, and be the next of its
 *                          numbers; a notification fails it too
 *   watch SLOT MOD REM STOP  bind SLOT (in a VM that a fuzzing node spans);
 *                          receive from ANY until the file STOP exists:
 *                          whatever comes must come from a member of that
 *                          node, a slot s with s % MOD == REM (it may send
 *                          anything); each is answered, by a sendnb (for a
 *                          sendrec) or every other time a sendrec_T of
 *                          300 ms, whose reply, if any, must come from that
 *                          member, and which must leave the next call
 *                          working; unbound (that node may do it: FLOOR),
 *                          bind again, any slot of ours if SLOT is gone
 *   timeout SLOT EP          bind SLOT; two sendrec_T of 300 ms to EP, a
 *                          member whose node answers no call and a cancel
 *                          wrongly: each must end ETIMEDOUT, or EPROTO (a
 *                          peer that breaks the protocol, docs/semantics.md),
 *                          never with a code of the kernel's own nor EBUSY
 *                          (the first left parked)
 * Each prints what it sent or took.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"

#define M3X_STREAM_END		(-1)
#define M3X_MAX_SOURCES		16

static int m3x_source(char **argv)
{
	int ep = m3x_bind(m3x_int(argv[0])), dst = m3x_ep(argv[1]), n, ret;
	message m;

	if (ep < 0 || m3x_wait_bound(dst, 60))
		return 1;
	for (n = 0;; n++) {
		memset(&m, 0, sizeof(m));
		m3x_stamp(&m, ep);
		m.m_type = access(argv[2], F_OK) ? n : M3X_STREAM_END;
		m.m1_i1 = n;
		ret = mnx_send(dst, &m);
		if (ret < 0)
			return m3x_fail("source %d: send %d to %d: %s", ep, n,
					dst, m3_errname(ret));
		if (m.m_type == M3X_STREAM_END)
			break;
	}
	printf("source %d: %d messages to %d\n", ep, n, dst);
	return 0;
}

struct m3x_source {
	int slot, ep, next, ended;
};

/* Message @m: the next one of its source? */
static int m3x_sink_take(struct m3x_source *s, int nr, const message *m)
{
	int k;

	if (m->m_type == NOTIFY_MESSAGE)
		return m3x_fail("a notification from %d", m->m_source);
	if (m3x_check_stamp(m))
		return 1;
	for (k = 0; k < nr && s[k].slot != M3_EP_SLOT(m->m_source); k++)
		;
	if (k == nr)
		return m3x_fail("a message from %d, which is no source",
				m->m_source);
	if (s[k].ep == M3_NONE)
		s[k].ep = m->m_source;
	if (m->m_source != s[k].ep || s[k].ended)
		return m3x_fail("a message from %d after %d's messages",
				m->m_source, s[k].ep);
	if (m->m1_i1 != s[k].next ||
	    (m->m_type != s[k].next && m->m_type != M3X_STREAM_END))
		return m3x_fail("from %d: type %d number %d, expected %d",
				m->m_source, m->m_type, m->m1_i1, s[k].next);
	s[k].ended = m->m_type == M3X_STREAM_END;
	s[k].next += !s[k].ended;
	return 0;
}

static int m3x_sink(int argc, char **argv)
{
	struct m3x_source s[M3X_MAX_SOURCES];
	int ep = m3x_bind(m3x_int(argv[0])), nr = argc - 1, k, left, ret;
	long total = 0;
	message m;

	if (ep < 0)
		return 1;
	if (nr < 1 || nr > M3X_MAX_SOURCES)
		return 2;
	printf("bound %d\n", ep);
	for (k = 0; k < nr; k++)
		s[k] = (struct m3x_source){ m3x_int(argv[1 + k]), M3_NONE, 0, 0 };
	for (left = nr; left;) {
		ret = mnx_receive(M3_ANY, &m);
		if (ret < 0)
			return m3x_fail("sink %d: receive: %s", ep,
					m3_errname(ret));
		if (m3x_sink_take(s, nr, &m))
			return 1;
		left -= m.m_type == M3X_STREAM_END;
		total++;
	}
	printf("sink %d: %ld messages, each the next of its source:", ep, total);
	for (k = 0; k < nr; k++)
		printf(" %d from %d", s[k].next, s[k].ep);
	printf("\n");
	return 0;
}

struct m3x_watch {
	int slot, mod, rem, ep;
	long took, binds;
};

/* Bound again after the node that fuzzes unbound us: 0, or 1. */
static int m3x_rebind(struct m3x_watch *w)
{
	w->ep = mnx_bind(m3x_vm, w->slot);
	if (w->ep < 0)
		w->ep = m3x_bind(-1);
	w->binds++;
	return w->ep < 0;
}

/* Message @m came from a member of the node that fuzzes? */
static int m3x_watch_judge(struct m3x_watch *w, const message *m)
{
	if (M3_EP_SLOT(m->m_source) % w->mod != w->rem)
		return m3x_fail("watch %d: type %d from %d, a member of no fuzzing node",
				w->ep, m->m_type, m->m_source);
	w->took++;
	return 0;
}

/*
 * A sendrec_T to @src: its reply, if any, is from @src; or it failed (the
 * node that fuzzes picks the error: any errno), but never with one of the
 * kernel's own codes, 512 to 530 (ERESTARTSYS...), which no system call
 * returns; and the next call works (not EBUSY: left parked).
 */
static int m3x_watch_call(struct m3x_watch *w, int src, message *m)
{
	int ret = mnx_sendrec_T(src, m, 300);

	if (ret == 0 && m->m_source != src)
		return m3x_fail("watch: the reply of %d came from %d", src,
				m->m_source);
	if (ret <= -512 && ret >= -530)
		return m3x_fail("watch %d: sendrec_T to %d: %d (%s), a code of the kernel's own",
				w->ep, src, ret, m3_errname(ret));
	ret = mnx_receivenb(M3_ANY, m);
	if (ret == -EBUSY)
		return m3x_fail("watch %d: after a sendrec_T to %d, the next call: EBUSY (left parked)",
				w->ep, src);
	return ret == 0 ? m3x_watch_judge(w, m) : 0;
}

static int m3x_watch(char **argv)
{
	struct m3x_watch w = { m3x_int(argv[0]), m3x_int(argv[1]),
			       m3x_int(argv[2]), M3_NONE, 0, 1 };
	message m;
	int ret;

	w.ep = m3x_bind(w.slot);
	if (w.ep < 0 || w.mod < 1)
		return 1;
	printf("bound %d\n", w.ep);
	while (access(argv[3], F_OK)) {
		ret = mnx_receive_T(M3_ANY, &m, 200);
		if (ret == -ETIMEDOUT)
			continue;
		if (ret < 0 && mnx_getep(0) < 0) {
			if (m3x_rebind(&w))
				return 1;
			continue;
		}
		if (ret < 0)
			return m3x_fail("watch %d: receive: %s", w.ep,
					m3_errname(ret));
		if (m3x_watch_judge(&w, &m))
			return 1;
		if (w.took % 2)
			mnx_sendnb(m.m_source, &m);
		else if (m3x_watch_call(&w, m.m_source, &m))
			return 1;
	}
	printf("watch %d: %ld messages, all from the fuzzing node's members; bound %ld times\n",
	       w.ep, w.took, w.binds);
	return 0;
}

static int m3x_timeout(char **argv)
{
	int ep = m3x_bind(m3x_int(argv[0])), dst = m3x_ep(argv[1]), k, ret;
	message m;

	if (ep < 0)
		return 1;
	for (k = 0; k < 2; k++) {
		memset(&m, 0, sizeof(m));
		m3x_stamp(&m, ep);
		ret = mnx_sendrec_T(dst, &m, 300);
		printf("sendrec_T %d: %d (%s)\n", dst, ret, m3_errname(ret));
		if (ret != -ETIMEDOUT && ret != -EPROTO)
			return m3x_fail("sendrec_T %d: not ETIMEDOUT nor EPROTO",
					dst);
	}
	return 0;
}

int m3x_stream(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[0], "source"))
		return m3x_source(argv + 1);
	if (argc >= 3 && !strcmp(argv[0], "sink"))
		return m3x_sink(argc - 1, argv + 1);
	if (argc == 5 && !strcmp(argv[0], "watch"))
		return m3x_watch(argv + 1);
	if (argc == 3 && !strcmp(argv[0], "timeout"))
		return m3x_timeout(argv + 1);
	return 2;
}
