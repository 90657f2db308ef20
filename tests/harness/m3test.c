// SPDX-License-Identifier: GPL-2.0
/* m3test: the runner. See m3test.h. */
#include <sys/prctl.h>

#include "m3test.h"

struct m3test *m3test_list;
static struct m3test **m3test_tail = &m3test_list;

void m3test_register(struct m3test *t)
{
	*m3test_tail = t;
	m3test_tail = &t->next;
}

static int m3test_selected(const struct m3test *t, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strstr(t->name, argv[i]))
			return 1;
	return 0;
}

static void m3test_child(const struct m3test *t)
{
	setpgid(0, 0);
	alarm(t->timeout);
	t->fn();
	fflush(NULL);
	_exit(0);
}

/* Run one test; 0 if it passed. */
static int m3test_run(const struct m3test *t, int n)
{
	struct timespec a, b;
	int status;
	pid_t pid;
	double ms;

	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		m3test_child(t);
	setpgid(pid, pid);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	kill(-pid, SIGKILL);
	while (waitpid(-pid, NULL, 0) > 0 || errno == EINTR)
		;
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d %s # %.0f ms\n", n, t->name, ms);
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("not ok %d %s # killed by signal %d%s\n", n, t->name,
		       WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
	else
		printf("not ok %d %s # exit %d\n", n, t->name,
		       WEXITSTATUS(status));
	return 1;
}

int main(int argc, char **argv)
{
	int n = 0, failed = 0, total = 0;
	struct m3test *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Orphans of a test come back to us, so that we can reap them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (t = m3test_list; t; t = t->next)
		total += m3test_selected(t, argc, argv);
	printf("TAP version 13\n1..%d\n", total);
	for (t = m3test_list; t; t = t->next)
		if (m3test_selected(t, argc, argv))
			failed += m3test_run(t, ++n);
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
