// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Jobs (m3d/src/job.c), the children that do m3d's LDAP I/O: their lines
 * reach the parent, "step" lines are kept as the step, a child stuck past
 * its deadline ends and says where, and a kill ends one at once.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "job.h"

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next line or the end (-1), waiting up to 5 s. */
static int next_line(struct m3d_job *j, char *line, size_t len)
{
	struct pollfd p = { .fd = j->fd, .events = POLLIN };
	int r, i;

	for (i = 0; i < 50; i++) {
		r = m3d_job_line(j, line, len);
		if (r)
			return r;
		poll(&p, 1, 100);
	}
	return 0;
}

static void talks(void *arg)
{
	(void)arg;
	m3d_job_step("bind");
	m3d_job_say("connected");
	m3d_job_step("search");
	m3d_job_say("changed %d", 7);
}

static void stuck(void *arg)
{
	(void)arg;
	m3d_job_step("StartTLS");
	for (;;)
		pause();	/* a read that never returns */
}

static void t_lines(void **state)
{
	struct m3d_job j;
	char line[M3D_JOB_LINE], why[256] = "";

	(void)state;
	assert_int_equal(m3d_job_start(&j, 5, talks, NULL), 0);
	assert_int_equal(next_line(&j, line, sizeof(line)), 1);
	assert_string_equal(line, "connected");
	assert_int_equal(next_line(&j, line, sizeof(line)), 1);
	assert_string_equal(line, "changed 7");
	assert_string_equal(j.step, "search");
	assert_int_equal(next_line(&j, line, sizeof(line)), -1);
	assert_int_equal(m3d_job_end(&j, why, sizeof(why)), 0);
	assert_int_equal(j.pid, 0);
}

static void t_deadline(void **state)
{
	struct m3d_job j;
	char line[M3D_JOB_LINE], why[256] = "";
	long t0 = ms_now();

	(void)state;
	assert_int_equal(m3d_job_start(&j, 1, stuck, NULL), 0);
	assert_int_equal(next_line(&j, line, sizeof(line)), -1);
	assert_int_equal(m3d_job_end(&j, why, sizeof(why)), -1);
	assert_string_equal(why, "StartTLS: no complete answer within 1 s");
	assert_in_range(ms_now() - t0, 900, 2500);
}

static void t_kill(void **state)
{
	struct m3d_job j;
	long t0 = ms_now();

	(void)state;
	assert_int_equal(m3d_job_start(&j, 60, stuck, NULL), 0);
	m3d_job_kill(&j);
	assert_int_equal(j.pid, 0);
	assert_int_equal(j.fd, -1);
	assert_in_range(ms_now() - t0, 0, 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_lines),
		cmocka_unit_test(t_deadline),
		cmocka_unit_test(t_kill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
