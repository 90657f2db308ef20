// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: what this node's kernel says of a timed batch (bench/'s
 * measure_hook, around it): the context switches it made, and the CPU
 * time it spent busy (not in the idle task: with idle=poll, waiting for
 * the other node is idle time). Per round trip, they say how much of a
 * round trip this node works and how often it switches: a call that
 * crosses through a kernel worker costs a switch more on each node.
 */
#include "netbench.h"

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

static void busy_hook(int end)
{
	sample(end ? &after : &before);
}

void busy_start(void)
{
	before.ctxt = after.ctxt = -1;
	measure_hook = busy_hook;
}

int busy_stop(long iters, double rate, double *switches, double *busy_us)
{
	measure_hook = NULL;
	if (before.ctxt < 0 || after.ctxt < 0 || iters <= 0 || rate <= 0 ||
	    after.all <= before.all)
		return -1;
	*switches = (double)(after.ctxt - before.ctxt) / iters;
	*busy_us = 1e6 / rate * (after.busy - before.busy) /
		   (after.all - before.all);
	return 0;
}
