/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Log lines on stderr with a syslog priority prefix ("<3>"), which the
 * journal understands (SyslogLevelPrefix=yes is systemd's default). On a
 * terminal the prefix is left out. Each call is one line: control bytes
 * and invalid UTF-8 in the message are escaped (\n, \x1b, ...).
 */
#ifndef M3D_LOG_H
#define M3D_LOG_H

#include <syslog.h>

extern int m3d_log_debug;

void m3d_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
