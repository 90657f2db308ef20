// SPDX-License-Identifier: GPL-2.0
/*
 * m3fuzz: failslab control (Documentation/fault-injection). Failures are
 * counted with "times": it starts at FZ_TIMES and drops at each failure.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define FS_DIR	"/sys/kernel/debug/failslab/"
#define FZ_TIMES 100000000L

static long fz_injected;
static int fz_active;

static int fs_write(const char *name, const char *val)
{
	char path[128];
	int fd, ok;

	snprintf(path, sizeof(path), FS_DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static long fs_read(const char *name)
{
	char path[128], buf[32] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), FS_DIR "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Fail @probability % of slab allocations, of marked tasks only or all. */
int fz_failslab_on(int probability, int task_filter)
{
	char p[16], t[24];

	fz_failslab_off();
	snprintf(p, sizeof(p), "%d", probability);
	snprintf(t, sizeof(t), "%ld", FZ_TIMES);
	if (fs_write("verbose", "0") || fs_write("interval", "1") ||
	    fs_write("space", "0") || fs_write("ignore-gfp-wait", "N") ||
	    fs_write("task-filter", task_filter ? "Y" : "N") ||
	    fs_write("times", t) || fs_write("probability", p))
		return -1;
	fz_active = 1;
	return 0;
}

void fz_failslab_off(void)
{
	long left;

	if (!fz_active)
		return;
	fs_write("probability", "0");
	left = fs_read("times");
	if (left >= 0)
		fz_injected += FZ_TIMES - left;
	fs_write("times", "1");
	fz_active = 0;
}

long fz_failslab_injected(void)
{
	return fz_injected;
}

/* Mark the calling task (and what it forks) for task-filter mode. */
int fz_make_it_fail(void)
{
	int fd = open("/proc/self/make-it-fail", O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, "1", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}
