// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One log line per call, whatever the message holds: a value from LDAP or
 * m3d.conf with a newline or an escape sequence in it is escaped (text.h),
 * so it cannot forge a journal line or reach a terminal raw.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "text.h"

#define LOG_LINE_MAX	4096

int m3d_log_debug;

void m3d_log(int prio, const char *fmt, ...)
{
	static int tty = -1;
	char msg[LOG_LINE_MAX], line[LOG_LINE_MAX];
	size_t n;
	va_list ap;

	if (prio >= LOG_DEBUG && !m3d_log_debug)
		return;
	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = 0;
	m3d_escape(line, sizeof(line), msg, ESC_UTF8);
	if (tty)
		fprintf(stderr, "%s\n", line);
	else
		fprintf(stderr, "<%d>%s\n", prio, line);
	fflush(stderr);
}
