// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: what this node's kernel says of a timed batch (bench/'s
 * measure_hook, around it): the context switches it made, and the CPU
 * time it spent busy (not in the idle task: with idle=poll, waiting for
 * the other node is idle time). Per round trip, they say how much of a
 * round trip this node works and how often it switches: a call that
 * crosses through a kernel worker costs a switch more on each node.
 *
 * When the kernel traces (tracefs mounted: node.sh with NB_TRACE=1), the
 * batch is also marked in the trace, "nb start LABEL" and "nb end", for
 * trace.py to find its round trips.
 */
#include <fcntl.h>

#include "netbench.h"

#define TRACE_MARKER	"/sys/kernel/tracing/trace_marker"

static int marker_fd = -2;	/* -2: not opened yet; -1: no tracing */
static char marker[160];

static struct busy_sample {
	long ctxt;
	unsigned long long busy, all;	/* /proc/stat "cpu" line, ticks */
} before, after;

static int sample(struct busy_sample *s)
{
	unsigned long long v[10] = { 0 };
	char line[512];
	FILE *f = fopen("/proc/stat", "r");
	int ok = 0;

	s->ctxt = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "cpu ", 4))
			ok = sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu",
				    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
				    &v[6], &v[7]) == 8;
		else if (!strncmp(line, "ctxt ", 5))
			s->ctxt = atol(line + 5);
	}
	fclose(f);
	/* user nice system idle iowait irq softirq steal */
	s->all = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
	s->busy = s->all - v[3] - v[4];
	return ok && s->ctxt >= 0 ? 0 : -1;
}

static void mark(const char *what)
{
	if (marker_fd == -2)
		marker_fd = open(TRACE_MARKER, O_WRONLY | O_CLOEXEC);
	if (marker_fd >= 0 && write(marker_fd, what, strlen(what)) < 0)
		marker_fd = -1;
}

static void busy_hook(int end)
{
	if (end) {
		sample(&after);
		mark("nb end");
	} else {
		mark(marker);
		sample(&before);
	}
}

void busy_start(const char *label)
{
	before.ctxt = after.ctxt = -1;
	snprintf(marker, sizeof(marker), "nb start %s", label);
	measure_hook = busy_hook;
}

int busy_stop(long iters, double rate, double *switches, double *busy_us)
{
	measure_hook = NULL;
	if (before.ctxt < 0 || after.ctxt < 0 || iters <= 0 || rate <= 0)
		return -1;
	*switches = (double)(after.ctxt - before.ctxt) / iters;
	/* Ticks of 10 ms: a short batch may see none. */
	*busy_us = after.all > before.all ?
		1e6 / rate * (after.busy - before.busy) / (after.all - before.all) :
		-1;
	return 0;
}
