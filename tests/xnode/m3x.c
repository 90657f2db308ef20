// SPDX-License-Identifier: GPL-2.0
/* m3x: subcommands for the cross-node tests (see m3x.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "m3x.h"

int m3x_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("m3x: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

long long m3x_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int m3x_int(const char *s)
{
	return (int)strtol(s, NULL, 0);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} m3x_cmds[] = {
	{ "setup", m3x_setup, "NODEID NR_NODES KEYHEX: DRVS, VMs, join" },
	{ "waitup", m3x_waitup, "NODE SECS: until NODE is up" },
	{ "waitdown", m3x_waitdown, "NODE SECS: until NODE is down" },
	{ "server", m3x_server, "SLOT COUNT: echo COUNT requests" },
	{ "client", m3x_client, "DST COUNT: COUNT sendrec to DST" },
	{ "expect", m3x_expect, "CALL EP ERRNAME [MS]: CALL fails so" },
};

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc > 1 && i < sizeof(m3x_cmds) / sizeof(m3x_cmds[0]); i++)
		if (!strcmp(argv[1], m3x_cmds[i].name))
			return m3x_cmds[i].run(argc - 2, argv + 2);
	for (i = 0; i < sizeof(m3x_cmds) / sizeof(m3x_cmds[0]); i++)
		fprintf(stderr, "m3x %s %s\n", m3x_cmds[i].name, m3x_cmds[i].usage);
	return 2;
}
