// SPDX-License-Identifier: GPL-2.0
/*
 * m3x sigrain: calls across nodes under a rain of handled signals (an
 * interval timer's SIGALRM every millisecond, a handler without SA_RESTART),
 * run beside copies that congest the link. TIPC waits for a congested
 * link interruptibly; the module must not lose a frame to a signal: no
 * call may fail EDEADNODE, none may hang, each request is taken once.
 *   server SLOT       bind SLOT; receive from ANY and answer each request
 *                     with its number plus one; the numbers of each client
 *                     must come in order, without a gap or a repeat; until
 *                     a request numbered -1 (answered too)
 *   client SLOT DST N  bind SLOT; N sendrecs to DST numbered 0 .. N-1,
 *                     then -1; one that fails EINTR (interrupted before
 *                     DST took it: docs/semantics.md) is sent again (the
 *                     rain thins after 16 in a row: a slow kernel); any
 *                     other error fails
 * Each prints how many calls it made and how many signals came.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "m3x.h"

#define M3X_RAIN_US	1000
#define M3X_RAIN_END	(-1)
#define M3X_RAIN_CLIENTS	8

static volatile sig_atomic_t m3x_drops;

static void m3x_on_drop(int sig)
{
	(void)sig;
	m3x_drops++;
}

/* A SIGALRM every @us microseconds. */
static int m3x_rain_every(long us)
{
	struct itimerval it = {
		.it_interval = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 },
		.it_value = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 },
	};

	return setitimer(ITIMER_REAL, &it, NULL);
}

static int m3x_rain(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = m3x_on_drop;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) || m3x_rain_every(M3X_RAIN_US))
		return m3x_fail("cannot make it rain");
	return 0;
}

/* The next number client @src may send, found or added in @seen. */
static int *m3x_next_of(int seen[][2], int *n, int src)
{
	int i;

	for (i = 0; i < *n; i++)
		if (seen[i][0] == src)
			return &seen[i][1];
	if (*n == M3X_RAIN_CLIENTS)
		return NULL;
	seen[*n][0] = src;
	seen[*n][1] = 0;
	return &seen[(*n)++][1];
}

static int m3x_rain_server(int slot)
{
	int seen[M3X_RAIN_CLIENTS][2], nseen = 0, calls = 0, ret, *next;
	message m;

	if (m3x_bind(slot) < 0 || m3x_rain())
		return 1;
	for (;;) {
		ret = mnx_receive(M3_ANY, &m);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			return m3x_fail("receive: %s", strerror(-ret));
		next = m3x_next_of(seen, &nseen, m.m_source);
		if (!next)
			return m3x_fail("too many clients");
		if (m.m_type != M3X_RAIN_END && m.m_type != (*next)++)
			return m3x_fail("from %d: request %d, expected %d",
					m.m_source, m.m_type, *next - 1);
		m.m_type++;
		ret = mnx_send(m.m_source, &m);
		if (ret < 0)
			return m3x_fail("reply to %d: %s", m.m_source,
					strerror(-ret));
		calls++;
		if (m.m_type == M3X_RAIN_END + 1)
			break;
	}
	printf("done %d requests, %d signals\n", calls, (int)m3x_drops);
	return 0;
}

/*
 * The client, on a kernel so slow that every request is interrupted
 * before it is taken (a round trip longer than the rain's period), would
 * never get one through: after M3X_RAIN_TRIES in a row, the rain thins.
 */
#define M3X_RAIN_TRIES	16

static int m3x_rain_client(int slot, int dst, int count)
{
	int i, ret, again = 0, row = 0;
	long us = M3X_RAIN_US;
	message m;

	if (m3x_bind(slot) < 0 || m3x_rain())
		return 1;
	for (i = 0; i <= count; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = i < count ? i : M3X_RAIN_END;
		ret = mnx_sendrec(dst, &m);
		if (ret == -EINTR) {
			again++;
			i--;
			if (++row % M3X_RAIN_TRIES == 0)
				m3x_rain_every(us *= 2);
			continue;
		}
		row = 0;
		if (ret < 0)
			return m3x_fail("request %d: %s", i, strerror(-ret));
		if (m.m_type != (i < count ? i : M3X_RAIN_END) + 1)
			return m3x_fail("request %d: reply %d", i, m.m_type);
	}
	printf("done %d calls, %d sent again, %d signals, last every %ld us\n",
	       count, again, (int)m3x_drops, us);
	return 0;
}

int m3x_sigrain(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[0], "server"))
		return m3x_rain_server(m3x_int(argv[1]));
	if (argc == 4 && !strcmp(argv[0], "client"))
		return m3x_rain_client(m3x_int(argv[1]), m3x_ep(argv[2]),
				       m3x_int(argv[3]));
	return 2;
}
