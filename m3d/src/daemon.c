// SPDX-License-Identifier: GPL-2.0-or-later
/* m3d's main loop and its one operation, reconcile. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include "apply.h"
#include "daemon.h"
#include "kstate.h"
#include "load.h"
#include "log.h"
#include "state_file.h"

#define BACKOFF_MAX	30

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void status(struct m3d_daemon *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void status(struct m3d_daemon *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->status, sizeof(d->status), fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", d->status);
	m3d_runtime_write(d);
}

static void log_errors(const struct m3d_errors *e)
{
	char copy[sizeof(e->buf)], *line, *save = NULL;

	memcpy(copy, e->buf, sizeof(copy));
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		m3d_log(LOG_ERR, "%s", line);
}

/* The saved state: the VMs a previous m3d managed, and the fallback. */
static struct m3d_model *saved(struct m3d_daemon *d)
{
	struct m3d_errors e = { .count = 0 };
	struct m3d_model *m = m3d_model_new();
	const char *dir = m3d_state_dir(d->opt.state_dir, &d->set);

	if (m && m3d_state_load(dir, m, &e) == 0)
		return m;
	if (e.count)
		m3d_log(LOG_WARNING, "ignoring %s/%s: %s", dir, M3D_STATE_FILE,
			e.buf);
	m3d_model_free(m);
	return NULL;
}

static struct m3d_model *copy(const struct m3d_model *m)
{
	struct m3d_model *c = m ? m3d_model_new() : NULL;

	if (c)
		*c = *m;
	return c;
}

/* want, or the fallback when LDAP cannot be read: NULL keeps things. */
static struct m3d_model *desired(struct m3d_daemon *d, int *invalid)
{
	struct m3d_errors e = { .count = 0 };
	struct m3d_model *m = m3d_model_new();
	char err[512] = "";

	*invalid = 0;
	switch (m3d_load(d->opt.conf, &d->set, m, &e, err, sizeof(err))) {
	case LOAD_OK:
		return m;
	case LOAD_INVALID:
		log_errors(&e);
		m3d_log(LOG_ERR, "configuration refused whole (%d error%s): "
			"nothing changed", e.count, e.count == 1 ? "" : "s");
		*invalid = 1;
		break;
	case LOAD_UNREACHABLE:
		m3d_log(LOG_WARNING, "LDAP: %s", err);
		if (d->applied)
			break;	/* keep running what we run */
		m3d_model_free(m);
		if (!d->last)
			d->last = saved(d);
		if (d->last) {
			m3d_log(LOG_WARNING, "LDAP unreachable: running on the "
				"last configuration applied (%s/%s)",
				m3d_state_dir(d->opt.state_dir, &d->set),
				M3D_STATE_FILE);
			return copy(d->last);
		}
		m3d_log(LOG_WARNING, "LDAP unreachable and no saved "
			"configuration: waiting for LDAP");
		return NULL;
	}
	m3d_model_free(m);
	return NULL;
}

static void remember(struct m3d_daemon *d, struct m3d_model *want, int ok)
{
	const char *dir = m3d_state_dir(d->opt.state_dir, &d->set);
	int r;

	m3d_model_free(d->last);
	d->last = want;
	d->applied = 1;
	if (!ok)
		return;
	r = m3d_state_save(dir, want);
	if (r < 0)
		m3d_log(LOG_WARNING, "cannot save %s/%s: %s", dir,
			M3D_STATE_FILE, strerror(-r));
}

/* Returns -1 when the configuration or the kernel could not be read. */
static int reconcile(struct m3d_daemon *d)
{
	static struct m3d_plan plan;
	struct m3d_model *want, *have;
	int invalid, failed, r;

	want = desired(d, &invalid);
	if (!want)
		return invalid ? -1 : 0;
	if (!d->last)		/* first run: which VMs did m3d manage? */
		d->last = saved(d);
	have = m3d_model_new();
	r = have ? m3d_kstate_read(have) : -ENOMEM;
	if (r < 0) {
		m3d_log(LOG_ERR, "cannot read the kernel's state (%s): is "
			"m3ipc.ko loaded?", m3_strerror(r));
		m3d_model_free(have);
		m3d_model_free(want);
		return -1;
	}
	m3d_plan(want, have, d->last, &plan);
	failed = m3d_apply(&plan, want);
	m3d_model_free(have);
	remember(d, want, !failed);
	status(d, "%zu VM%s configured, %zu change%s applied%s",
	       want->nr_vms, want->nr_vms == 1 ? "" : "s",
	       m3d_plan_changes(&plan), m3d_plan_changes(&plan) == 1 ? "" : "s",
	       failed ? ", some failed (see the journal)" : "");
	return 0;
}

static void watch_lost(struct m3d_daemon *d, const char *why)
{
	m3d_watch_close(d->watch);
	d->watch = NULL;
	d->backoff = d->backoff ? d->backoff * 2 : 1;
	if (d->backoff > BACKOFF_MAX)
		d->backoff = BACKOFF_MAX;
	d->next_try = now() + d->backoff;
	m3d_log(LOG_WARNING, "LDAP: %s; retrying in %d s (VMs keep running)",
		why, d->backoff);
	m3d_runtime_write(d);
}

/* 1 when connected (then reconcile), 0 if not. */
static int watch_try(struct m3d_daemon *d)
{
	char err[512] = "";

	if (d->set.source != SRC_LDAP || d->watch)
		return 0;
	d->watch = m3d_watch_open(&d->set.ldap, err, sizeof(err));
	if (!d->watch) {
		watch_lost(d, err);
		return 0;
	}
	m3d_log(LOG_INFO, "LDAP: watching for changes%s",
		d->backoff ? " again" : "");
	d->backoff = 0;
	m3d_runtime_write(d);
	return 1;
}

static void reload(struct m3d_daemon *d)
{
	sd_notify(0, "RELOADING=1");
	m3d_log(LOG_INFO, "reloading %s", d->opt.conf);
	reconcile(d);
	m3d_watch_close(d->watch);	/* the ldap settings may have changed */
	d->watch = NULL;
	d->backoff = 0;
	if (watch_try(d))
		reconcile(d);	/* anything changed meanwhile */
	sd_notify(0, "READY=1");
}

static int on_signal(struct m3d_daemon *d)
{
	struct signalfd_siginfo si;

	if (read(d->sfd, &si, sizeof(si)) != sizeof(si))
		return 0;
	if (si.ssi_signo == SIGHUP) {
		reload(d);
		return 0;
	}
	return 1;	/* SIGTERM, SIGINT: stop */
}

static int poll_timeout(const struct m3d_daemon *d)
{
	time_t t = now();

	if (d->set.source != SRC_LDAP || d->watch)
		return -1;
	return d->next_try > t ? (int)(d->next_try - t) * 1000 : 0;
}

static void loop(struct m3d_daemon *d)
{
	struct pollfd fds[2];
	int n, r;

	for (;;) {
		fds[0] = (struct pollfd){ .fd = d->sfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = d->watch ?
					  m3d_watch_fd(d->watch) : -1,
					  .events = POLLIN };
		n = poll(fds, 2, poll_timeout(d));
		if (n < 0 && errno != EINTR)
			return;
		if (n > 0 && fds[0].revents && on_signal(d))
			return;
		if (n > 0 && d->watch && fds[1].revents) {
			r = m3d_watch_poll(d->watch);
			if (r < 0)
				watch_lost(d, "connection lost");
			else if (r > 0)
				reconcile(d);
		}
		if (!d->watch && poll_timeout(d) == 0 && watch_try(d))
			reconcile(d);
	}
}

static int signals(struct m3d_daemon *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &set, SFD_CLOEXEC);
	return d->sfd < 0 ? -1 : 0;
}

int m3d_daemon_run(struct m3d_daemon *d)
{
	if (signals(d) < 0) {
		m3d_log(LOG_ERR, "signalfd: %s", strerror(errno));
		return 1;
	}
	m3d_settings_default(&d->set);
	if (reconcile(d) < 0 && !d->applied) {
		sd_notifyf(0, "STATUS=not started: see the log");
		return 1;
	}
	if (watch_try(d))	/* source = "ldap" */
		reconcile(d);	/* anything changed meanwhile */
	sd_notify(0, "READY=1");
	m3d_log(LOG_INFO, "ready: %s", d->status);
	loop(d);
	sd_notify(0, "STOPPING=1");
	m3d_log(LOG_INFO, "stopping: ending the VMs and the DRVS");
	m3d_watch_close(d->watch);
	if (d->last)
		m3d_teardown(d->last);
	m3d_runtime_remove(d);
	return 0;
}
