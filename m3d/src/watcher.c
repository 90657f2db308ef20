// SPDX-License-Identifier: GPL-2.0-or-later
/* The syncrepl watcher in a child process (watcher.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include "ldap_conn.h"
#include "ldap_sync.h"
#include "watcher.h"

/* Child: the next message, or a probe after a silence; 1 changed, 0 no
 * change, -1 the session is over (reason in why). */
static int next(struct m3d_watch *w, const struct m3d_ldap_conf *c,
		const char **why)
{
	struct pollfd p = { .fd = m3d_watch_fd(w), .events = POLLIN };
	int r = poll(&p, 1, m3d_ldap_idle(c) * 1000);

	if (r < 0)
		return errno == EINTR ? 0 : -1;
	m3d_job_deadline(c->timeout);
	if (r == 0) {
		m3d_job_step("probe");
		if (m3d_watch_probe(w, c->timeout) < 0) {
			*why = "the server did not answer a probe";
			return -1;
		}
	} else {
		m3d_job_step("syncrepl message");
	}
	r = m3d_watch_poll(w);	/* also takes what came during a probe */
	m3d_job_deadline(0);
	if (r < 0)
		*why = m3d_watch_ended(w) ? "the server ended the syncrepl "
		       "search" : "connection lost";
	return r;
}

static void watch_child(void *arg)
{
	const struct m3d_ldap_conf *c = &((struct m3d_watcher *)arg)->conf;
	const char *why = "";
	char err[512] = "";
	struct m3d_watch *w = m3d_watch_open(c, err, sizeof(err));
	int r;

	if (!w) {
		m3d_job_say("lost %s", err);
		return;
	}
	m3d_job_deadline(0);
	m3d_job_say("connected");
	while ((r = next(w, c, &why)) >= 0)
		if (r > 0)
			m3d_job_say("changed");
	m3d_job_say("lost %s", why);
}

int m3d_watcher_start(struct m3d_watcher *w, const struct m3d_ldap_conf *c)
{
	w->conf = *c;
	w->connected = 0;
	w->why[0] = 0;
	return m3d_job_start(&w->job, c->timeout, watch_child, w);
}

int m3d_watcher_fd(const struct m3d_watcher *w)
{
	return w->job.pid ? w->job.fd : -1;
}

enum m3d_watch_event m3d_watcher_event(struct m3d_watcher *w, char *why,
				       size_t len)
{
	char line[M3D_JOB_LINE];
	int r;

	while (w->job.pid && (r = m3d_job_line(&w->job, line,
					       sizeof(line))) != 0) {
		if (r < 0) {
			if (m3d_job_end(&w->job, why, len) == 0)
				snprintf(why, len, "%s", w->why[0] ? w->why :
					 "the watcher ended");
			w->connected = 0;
			return WATCH_LOST;
		}
		if (!strcmp(line, "connected")) {
			w->connected = 1;
			return WATCH_CONNECTED;
		}
		if (!strcmp(line, "changed"))
			return WATCH_CHANGED;
		if (!strncmp(line, "lost ", 5))
			snprintf(w->why, sizeof(w->why), "%s", line + 5);
	}
	return WATCH_NONE;
}

void m3d_watcher_stop(struct m3d_watcher *w)
{
	m3d_job_kill(&w->job);
	w->connected = 0;
}
