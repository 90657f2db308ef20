// SPDX-License-Identifier: GPL-2.0
/*
 * m3x: signals a member catches. SIGPIPE (the end of its VM) is counted;
 * an alarm interrupts a blocked call with a handler (no SA_RESTART), which
 * may try IPC calls of its own, a receivenb and a notify, and keeps their
 * results.
 */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "m3x.h"

static volatile sig_atomic_t m3x_pipes, m3x_fired, m3x_alarm_ep;
/* What the handler's receivenb and notify returned; 1: not tried. */
static volatile sig_atomic_t m3x_alarm_ret[2] = { 1, 1 };

static void m3x_on_sigpipe(int sig)
{
	(void)sig;
	m3x_pipes++;
}

static void m3x_on_alarm(int sig)
{
	message m;

	(void)sig;
	m3x_fired = 1;
	if (m3x_alarm_ep == M3_NONE)
		return;
	m3x_alarm_ret[0] = mnx_receivenb(M3_ANY, &m);
	m3x_alarm_ret[1] = mnx_notify(m3x_alarm_ep);
}

static void m3x_catch(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void m3x_catch_sigpipe(void)
{
	m3x_catch(SIGPIPE, m3x_on_sigpipe);
}

int m3x_sigpipes(void)
{
	return m3x_pipes;
}

/*
 * SIGALRM in @ms; its handler tries a receivenb from ANY and a notify to
 * @ep (M3_NONE: it tries nothing).
 */
void m3x_alarm_in(long ms, int ep)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	m3x_alarm_ep = ep;
	m3x_catch(SIGALRM, m3x_on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
}

int m3x_alarm_fired(void)
{
	return m3x_fired;
}

/* What the handler's receivenb (0) or notify (1) returned; 1: none. */
int m3x_alarm_ipc_result(int which)
{
	return m3x_alarm_ret[which];
}
