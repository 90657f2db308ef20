// SPDX-License-Identifier: GPL-2.0-or-later
/* LDAP operations in a child process under a deadline (job.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "job.h"

static int child_fd = -1;	/* in a child: the write end of its pipe */

static void run_child(int fd, pid_t parent, int deadline,
		      void (*fn)(void *), void *arg)
{
	sigset_t none;

	child_fd = fd;
	/* m3d gone (even by SIGKILL): so is its LDAP connection. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);	/* m3d blocks them */
	signal(SIGALRM, SIG_DFL);
	alarm((unsigned int)deadline);
	fn(arg);
	_exit(0);	/* not exit(): stdio buffers are m3d's */
}

int m3d_job_start(struct m3d_job *j, int deadline, void (*fn)(void *),
		  void *arg)
{
	pid_t parent = getpid(), pid;
	int p[2], e;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		e = -errno;
		close(p[0]);
		close(p[1]);
		return e;
	}
	if (pid == 0) {
		close(p[0]);
		run_child(p[1], parent, deadline, fn, arg);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	memset(j, 0, sizeof(*j));
	j->pid = pid;
	j->fd = p[0];
	j->deadline = deadline;
	return 0;
}

/* A whole line in the buffer: taken out into line; 0 if none. */
static int take_line(struct m3d_job *j, char *line, size_t len)
{
	char *nl = memchr(j->buf, '\n', j->len);
	size_t n;

	if (!nl)
		return 0;
	*nl = 0;
	n = (size_t)(nl - j->buf) + 1;
	snprintf(line, len, "%s", j->buf);
	memmove(j->buf, j->buf + n, j->len - n);
	j->len -= n;
	return 1;
}

int m3d_job_line(struct m3d_job *j, char *line, size_t len)
{
	ssize_t n;

	for (;;) {
		while (take_line(j, line, len)) {
			if (strncmp(line, "step ", 5))
				return 1;
			snprintf(j->step, sizeof(j->step), "%s", line + 5);
		}
		if (j->len == sizeof(j->buf))
			j->len = 0;	/* no line is that long: drop it */
		n = read(j->fd, j->buf + j->len, sizeof(j->buf) - j->len);
		if (n > 0)
			j->len += (size_t)n;
		else if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		else
			return -1;
	}
}

static int reap(struct m3d_job *j)
{
	int st = 0;

	while (waitpid(j->pid, &st, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	j->fd = -1;
	j->pid = 0;
	return st;
}

int m3d_job_end(struct m3d_job *j, char *why, size_t len)
{
	int st = reap(j);
	const char *sep = j->step[0] ? ": " : "";

	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(why, len, "%s%sno complete answer within %d s",
			 j->step, sep, j->deadline);
	else if (WIFSIGNALED(st))
		snprintf(why, len, "%s%sthe LDAP process was killed (%s)",
			 j->step, sep, strsignal(WTERMSIG(st)));
	else
		snprintf(why, len, "%s%sthe LDAP process failed (status %d)",
			 j->step, sep, WEXITSTATUS(st));
	return -1;
}

void m3d_job_kill(struct m3d_job *j)
{
	if (!j->pid)
		return;
	kill(j->pid, SIGKILL);
	reap(j);
}

void m3d_job_say(const char *fmt, ...)
{
	char line[M3D_JOB_LINE];
	va_list ap;
	size_t n, off = 0;
	ssize_t w;

	if (child_fd < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[strcspn(line, "\n")] = 0;	/* one line, whatever it quotes */
	n = strlen(line);
	line[n++] = '\n';
	while (off < n) {
		w = write(child_fd, line + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);	/* m3d is gone */
		off += (size_t)w;
	}
}

void m3d_job_step(const char *name)
{
	static char last[32];

	if (!strncmp(last, name, sizeof(last) - 1))
		return;		/* said already */
	snprintf(last, sizeof(last), "%s", name);
	m3d_job_say("step %s", last);
}

void m3d_job_deadline(int seconds)
{
	if (child_fd >= 0)
		alarm((unsigned int)seconds);
}
