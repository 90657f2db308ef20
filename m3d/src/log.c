// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include "log.h"

int m3d_log_debug;

void m3d_log(int prio, const char *fmt, ...)
{
	static int tty = -1;
	va_list ap;

	if (prio >= LOG_DEBUG && !m3d_log_debug)
		return;
	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty)
		fprintf(stderr, "<%d>", prio);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}
