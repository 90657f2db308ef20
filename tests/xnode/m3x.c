// SPDX-License-Identifier: GPL-2.0
/* m3x: subcommands for the cross-node tests (see m3x.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "m3x.h"
#include "m3x_capture.h"

int m3x_vm = 1;

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

void m3x_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

/* Until @file exists (a gate the test script opens): 0, or 1 after 120 s. */
int m3x_wait_gate(const char *file)
{
	long long end = m3x_now_ms() + 120000;

	while (access(file, F_OK)) {
		if (m3x_now_ms() > end)
			return m3x_fail("no %s after 120 s", file);
		m3x_sleep_ms(10);
	}
	return 0;
}

int m3x_int(const char *s)
{
	return (int)strtol(s, NULL, 0);
}

int m3x_ep(const char *s)
{
	if (!strcmp(s, "ANY"))
		return M3_ANY;
	if (!strcmp(s, "NONE"))
		return M3_NONE;
	return m3x_int(s);
}

int m3x_bind(int slot)
{
	int ep = mnx_bind(m3x_vm, slot);

	if (ep < 0)
		m3x_fail("bind vm %d slot %d: %s", m3x_vm, slot,
			 m3_errname(ep));
	return ep;
}

/* What every sender writes: its endpoint, its VM, a forged m_source. */
void m3x_stamp(message *m, int self)
{
	m->m_source = M3X_FORGED;
	m->m1_i2 = self;
	m->m1_i3 = m3x_vm;
}

/* A received message: stamped by the kernel with its true sender? */
int m3x_check_stamp(const message *m)
{
	if (m->m_type == NOTIFY_MESSAGE)
		return 0;
	if (m->m_source != m->m1_i2)
		return m3x_fail("m_source %d, but the sender says it is %d",
				m->m_source, m->m1_i2);
	if (m->m1_i3 != m3x_vm)
		return m3x_fail("a message from VM %d reached VM %d",
				m->m1_i3, m3x_vm);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} m3x_cmds[] = {
	{ "setup", m3x_setup,
	  "NODEID NR_NODES KEYHEX [VMID:NODES]...: DRVS, VMs, join" },
	{ "vm-init", m3x_vm_init_cmd, "VMID NODES: a VM (NODES: 0,1,...)" },
	{ "vm-end", m3x_vm_end_cmd, "VMID" },
	{ "drvs-end", m3x_drvs_end_cmd, "" },
	{ "join", m3x_join_cmd, "KEYHEX: join the cluster" },
	{ "leave", m3x_leave_cmd, ": leave the cluster" },
	{ "waitup", m3x_waitup, "NODE SECS: until NODE is up" },
	{ "waitdown", m3x_waitdown, "NODE SECS: until NODE is down" },
	{ "nodeinfo", m3x_nodeinfo, "NODE: its state and counters" },
	{ "server", m3x_server,
	  "SLOT COUNT [DELAY_MS]: echo COUNT requests (0: for ever)" },
	{ "client", m3x_client, "DST COUNT: COUNT sendrec to DST" },
	{ "call", m3x_call, "[OPTIONS] OP EP[,EP...] RESULT: see m3x_call.c" },
	{ "bind", m3x_bind_cmd, "SLOT RESULT: bind (-1: any slot)" },
	{ "hold", m3x_hold, "[-u FILE] SLOT SECS: stay bound, unbind on FILE" },
	{ "waitproc", m3x_waitproc, "SLOT STATE SECS [EP]: until it is so" },
	{ "now", m3x_now_cmd, ": CLOCK_MONOTONIC in ms" },
	{ "vcopy", m3x_vcopy, "ROLE ...: see m3x_vcopy.c" },
	{ "stall", m3x_stall, "party|caller ...: a copy that never ends, m3x_stall.c" },
	{ "hostile", m3x_hostile, "[OPTIONS]: forge frames, see m3x_hostile.c" },
	{ "soak", m3x_soak, "[OPTIONS] LOG: this node's soak, see m3x_soak.c" },
	{ "soak-check", m3x_soak_check, "[OPTIONS] DIR: the soak's verdict" },
	{ "fuzz", m3x_fuzz, "[OPTIONS] NR_NODES SRCS DSTS VMS: see m3x_fuzz.c" },
	{ "stream", m3x_stream, "source|sink ...: numbered messages, m3x_stream.c" },
	{ "copyloop", m3x_copyloop, "party|caller ...: checked vcopy rounds" },
	{ "sigrain", m3x_sigrain, "server|client ...: calls under signals" },
	{ "capture", m3x_capture, "SECS FILE IFACE...: TIPC's Ethernet frames" },
	{ "replay", m3x_replay, "FILE SECS IFACE...: send a capture again" },
};

#define M3X_NR_CMDS	(sizeof(m3x_cmds) / sizeof(m3x_cmds[0]))

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "-v")) {
		m3x_vm = m3x_int(argv[2]);
		argc -= 2;
		argv += 2;
	}
	for (i = 0; argc > 1 && i < M3X_NR_CMDS; i++)
		if (!strcmp(argv[1], m3x_cmds[i].name))
			return m3x_cmds[i].run(argc - 2, argv + 2);
	for (i = 0; i < M3X_NR_CMDS; i++)
		fprintf(stderr, "m3x %s %s\n", m3x_cmds[i].name,
			m3x_cmds[i].usage);
	return 2;
}
