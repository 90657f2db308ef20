/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A job: one LDAP operation run in a child process under a deadline, so
 * that no server, however it misbehaves, can block m3d's main loop.
 *
 * libldap bounds only the wait for a first byte; the rest of a message,
 * and a TLS handshake, are read on a blocking socket. So the child does
 * the whole operation (connect, StartTLS, bind, search or refresh) with
 * alarm(deadline) armed: SIGALRM ends it wherever it is blocked. The
 * parent never calls libldap for I/O. It polls the read end of a pipe on
 * which the child writes short lines ("step bind", ...); end of file says
 * the child is gone, and m3d_job_end() tells how. A stop or a reload ends
 * a job at once with SIGKILL.
 */
#ifndef M3D_JOB_H
#define M3D_JOB_H

#include <stddef.h>
#include <sys/types.h>

#define M3D_JOB_LINE	600

struct m3d_job {
	pid_t pid;			/* 0: no job */
	int fd;				/* the child's lines; -1: none */
	int deadline;			/* seconds */
	char step[32];			/* what it said it was doing */
	char buf[M3D_JOB_LINE];		/* a line being received */
	size_t len;
};

/* Runs fn(arg) in a child with alarm(deadline) armed; 0 or -errno. */
int m3d_job_start(struct m3d_job *j, int deadline, void (*fn)(void *),
		  void *arg);
/* Parent: the next line (1), none yet (0), or the child ended (-1). */
int m3d_job_line(struct m3d_job *j, char *line, size_t len);
/* Parent, after -1: reaps the child; 0 if it ended by itself with
 * status 0, else -1 with a sentence in why ("no complete answer ..."). */
int m3d_job_end(struct m3d_job *j, char *why, size_t len);
/* Parent: ends the job now (SIGKILL) and reaps it. */
void m3d_job_kill(struct m3d_job *j);

/* Child: one line to the parent (a no-op outside a job). */
void m3d_job_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Child: "step NAME", so a deadline can say where it was reached. */
void m3d_job_step(const char *name);
/* Child: arms the deadline again (0 disarms it). */
void m3d_job_deadline(int seconds);

#endif
