// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3d's main loop. It waits on the signalfd and on the pipes of its two
 * LDAP children, the read (fetch.h) and the watcher (watcher.h), and on
 * the time of the watcher's next attempt; nothing here waits for the
 * network. The configuration in force (d->set, d->file) changes only
 * through commit(): a configuration that is refused changes nothing.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include "apply.h"
#include "daemon.h"
#include "ldap_conn.h"
#include "load.h"
#include "log.h"

#define BACKOFF_MAX	30	/* seconds between two attempts, at most */
#define WATCH_STABLE	30	/* up this long: back-off starts over */

static void read_start(struct m3d_daemon *d, const struct m3d_settings *set,
		       struct m3d_model *file);

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void ready(struct m3d_daemon *d)
{
	sd_notify(0, "READY=1");
	if (!d->ready)
		m3d_log(LOG_INFO, "ready: %s", d->status);
	d->ready = 1;
}

/* A start or a reload has its outcome. */
static void settle(struct m3d_daemon *d)
{
	if (d->exit_code < 0)
		ready(d);
}

static void refuse(struct m3d_daemon *d, const struct m3d_errors *e)
{
	m3d_log_errors(e);
	m3d_log(LOG_ERR, "configuration refused whole (%d error%s): nothing "
		"changed", e->count, e->count == 1 ? "" : "s");
	if (!d->ready && !d->applied)
		d->exit_code = 1;	/* at start: systemd shows it */
}

static void apply(struct m3d_daemon *d, struct m3d_model *want)
{
	if (m3d_reconcile(d, want) < 0 && !d->ready && !d->applied)
		d->exit_code = 1;
}

static void warn_cleartext(const struct m3d_settings *s)
{
	char uri[1024];

	if (s->source == SRC_LDAP && m3d_ldap_cleartext(&s->ldap, uri,
							sizeof(uri)))
		m3d_log(LOG_WARNING, "LDAP: the password of %s goes to %s in "
			"clear text: set ldap.starttls = true, or use "
			"ldaps:// or ldapi://", s->ldap.bind_dn, uri);
}

/* Puts set and file (taken) in force; other LDAP settings or another
 * source restart the watcher. A reload also retries a lost one at once. */
static void commit(struct m3d_daemon *d, const struct m3d_settings *set,
		   struct m3d_model *file)
{
	int changed = !d->file || d->set.source != set->source ||
		      memcmp(&d->set.ldap, &set->ldap, sizeof(set->ldap));

	d->set = *set;
	m3d_model_free(d->file);
	d->file = file;
	if (changed) {
		m3d_watcher_stop(&d->watch);
		d->backoff = 0;
		warn_cleartext(set);
	}
	d->next_try = 0;
	m3d_runtime_write(d);
}

static void read_cancel(struct m3d_daemon *d)
{
	m3d_fetch_cancel(&d->read.fetch);
	m3d_model_free(d->read.file);
	d->read.file = NULL;
	d->read.reload = 0;
}

/* LDAP again with the settings in force (a change, a reconnection). */
static void want_read(struct m3d_daemon *d)
{
	if (d->set.source != SRC_LDAP)
		return;
	if (d->read.fetch.job.pid)
		d->reread = 1;
	else
		read_start(d, &d->set, NULL);
}

static void read_failed(struct m3d_daemon *d, const char *err)
{
	struct m3d_read *rd = &d->read;

	m3d_log(LOG_WARNING, "LDAP: %s", err);
	if (rd->reload) {
		commit(d, &rd->set, rd->file);
		rd->file = NULL;
		m3d_log(LOG_WARNING, "%s: its settings are in force (source, "
			"ldap.*); the directory's entries were not read: the "
			"VMs stay as they are until it answers", d->opt.conf);
	}
	if (m3d_fallback(d) < 0 && !d->ready)
		d->exit_code = 1;
}

/* The read ended: r and what came with it. */
static void read_done(struct m3d_daemon *d, enum m3d_load_result r,
		      struct m3d_model *want, const struct m3d_errors *e,
		      const char *err)
{
	struct m3d_read *rd = &d->read;
	int reload = rd->reload;

	if (r == LOAD_OK && reload) {
		commit(d, &rd->set, rd->file);
		rd->file = NULL;
	}
	if (r == LOAD_OK)
		apply(d, want);
	else
		m3d_model_free(want);
	if (r == LOAD_INVALID)
		refuse(d, e);
	else if (r != LOAD_OK)
		read_failed(d, err);
	read_cancel(d);		/* frees what was not taken */
	if (reload)
		settle(d);
	if (d->reread && d->exit_code < 0) {
		d->reread = 0;
		want_read(d);
	}
}

static void on_read(struct m3d_daemon *d)
{
	struct m3d_errors e = { .count = 0 };
	char line[M3D_JOB_LINE], err[512] = "out of memory";
	struct m3d_model *want;
	enum m3d_load_result r = LOAD_UNREACHABLE;
	int n;

	while ((n = m3d_job_line(&d->read.fetch.job, line, sizeof(line))) > 0)
		;
	if (n == 0)
		return;
	want = m3d_model_new();
	if (want)
		r = m3d_fetch_end(&d->read.fetch, want, &e, err, sizeof(err));
	if (r == LOAD_OK)
		r = m3d_load_check(want, &e);
	read_done(d, r, want, &e, err);
}

/* Reads the directory for set, on top of file (taken; NULL: d->file). */
static void read_start(struct m3d_daemon *d, const struct m3d_settings *set,
		       struct m3d_model *file)
{
	struct m3d_read *rd = &d->read;
	struct m3d_errors none = { .count = 0 };
	char err[512];
	int r;

	read_cancel(d);
	rd->reload = file != NULL;
	rd->set = *set;
	rd->file = file;
	r = m3d_fetch_start(&rd->fetch, &set->ldap, file ? file : d->file);
	if (r < 0) {
		snprintf(err, sizeof(err), "cannot start the LDAP process: %s",
			 strerror(-r));
		read_done(d, LOAD_UNREACHABLE, NULL, &none, err);
	}
}

/* m3d.conf, at start and on SIGHUP; with source = "ldap" the rest comes
 * when the read ends (read_done). */
static void configure(struct m3d_daemon *d)
{
	struct m3d_errors e = { .count = 0 };
	struct m3d_settings set;
	struct m3d_model *file = m3d_model_new(), *want = NULL;
	enum m3d_load_result r = LOAD_INVALID;

	if (file && m3d_load_file(d->opt.conf, &set, file, &e) == 0 &&
	    set.source == SRC_LDAP) {
		read_start(d, &set, file);
		return;
	}
	if (file && set.source == SRC_FILE && (want = m3d_copy_model(file)))
		r = m3d_load_check(want, &e);
	if (r == LOAD_OK) {
		read_cancel(d);
		d->reread = 0;
		commit(d, &set, file);
		apply(d, want);
	} else {
		if (!file || (!want && !e.count))
			m3d_err(&e, NULL, F_ENTRY, "out of memory");
		refuse(d, &e);
		m3d_model_free(want);
		m3d_model_free(file);
	}
	settle(d);
}

static void watch_lost(struct m3d_daemon *d, const char *why)
{
	time_t t = now();

	if (d->watch_since && t - d->watch_since >= WATCH_STABLE)
		d->backoff = 0;		/* it had been up a while */
	d->watch_since = 0;
	d->backoff = d->backoff ? d->backoff * 2 : 1;
	if (d->backoff > BACKOFF_MAX)
		d->backoff = BACKOFF_MAX;
	d->next_try = t + d->backoff;
	m3d_log(LOG_WARNING, "LDAP: %s; retrying in %d s (VMs keep running)",
		why, d->backoff);
	m3d_runtime_write(d);
}

static void watch_try(struct m3d_daemon *d)
{
	int r;

	if (d->set.source != SRC_LDAP || d->watch.job.pid || !d->ready ||
	    now() < d->next_try)
		return;
	r = m3d_watcher_start(&d->watch, &d->set.ldap);
	if (r < 0)
		watch_lost(d, strerror(-r));
}

static void on_watch(struct m3d_daemon *d)
{
	char why[M3D_JOB_LINE];
	enum m3d_watch_event ev;

	while ((ev = m3d_watcher_event(&d->watch, why, sizeof(why))) !=
	       WATCH_NONE) {
		if (ev == WATCH_LOST) {
			watch_lost(d, why);
			return;
		}
		if (ev == WATCH_CONNECTED) {
			m3d_log(LOG_INFO, "LDAP: watching for changes%s",
				d->backoff ? " again" : "");
			d->watch_since = now();
			m3d_runtime_write(d);
		}
		want_read(d);	/* a change, or any made meanwhile */
	}
}

static void on_signal(struct m3d_daemon *d)
{
	struct signalfd_siginfo si;
	struct timespec ts;

	if (read(d->sfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo != SIGHUP) {
		d->exit_code = 0;	/* SIGTERM, SIGINT: stop */
		return;
	}
	/* systemd >= 253 wants the time of the reload with it. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
		   (unsigned long long)ts.tv_sec * 1000000ULL +
		   (unsigned long long)ts.tv_nsec / 1000);
	m3d_log(LOG_INFO, "reloading %s", d->opt.conf);
	configure(d);
}

static int poll_timeout(const struct m3d_daemon *d)
{
	time_t t = now();

	if (d->set.source != SRC_LDAP || d->watch.job.pid || !d->ready)
		return -1;
	return d->next_try > t ? (int)(d->next_try - t) * 1000 : 0;
}

static void loop(struct m3d_daemon *d)
{
	struct pollfd fds[3];
	int n;

	while (d->exit_code < 0) {
		watch_try(d);
		fds[0] = (struct pollfd){ .fd = d->sfd, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = m3d_watcher_fd(&d->watch),
					  .events = POLLIN };
		fds[2] = (struct pollfd){ .fd = d->read.fetch.job.pid ?
					  d->read.fetch.job.fd : -1,
					  .events = POLLIN };
		n = poll(fds, 3, poll_timeout(d));
		if (n < 0 && errno != EINTR) {
			m3d_log(LOG_ERR, "poll: %s", strerror(errno));
			d->exit_code = 0;
		}
		if (n <= 0)
			continue;
		if (fds[0].revents)
			on_signal(d);
		if (fds[1].revents && d->exit_code < 0)
			on_watch(d);
		if (fds[2].revents && d->exit_code < 0 && d->read.fetch.job.pid)
			on_read(d);
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

/* The LDAP children end first: nothing waits for a server. */
static void stop(struct m3d_daemon *d)
{
	read_cancel(d);
	m3d_watcher_stop(&d->watch);
	if (d->exit_code) {
		sd_notifyf(0, "STATUS=not started: see the log");
		return;
	}
	sd_notify(0, "STOPPING=1");
	m3d_log(LOG_INFO, "stopping: ending the VMs and the DRVS");
	if (d->last)
		m3d_teardown(d->last, &d->cluster);
	m3d_runtime_remove(d);
}

int m3d_daemon_run(struct m3d_daemon *d)
{
	d->exit_code = -1;
	if (signals(d) < 0) {
		m3d_log(LOG_ERR, "signalfd: %s", strerror(errno));
		return 1;
	}
	m3d_settings_default(&d->set);
	configure(d);
	loop(d);
	stop(d);
	return d->exit_code;
}
