/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syncrepl watcher (ldap_sync.h) in a job (job.h), so that m3d's main
 * loop only ever reads short lines from it:
 *   "connected"     the refresh is done: changes are watched from now on
 *   "changed"       something under the base changed
 *   "lost REASON"   the session is over; the child ends
 * The job's deadline covers connecting and the refresh; then each
 * message must arrive whole within ldap.timeout, and after
 * m3d_ldap_idle() seconds of silence the server must answer a probe
 * within ldap.timeout (TCP keepalive alone would not notice a server that
 * is up but hung). A child past its deadline dies of SIGALRM, which is
 * then the reason given.
 */
#ifndef M3D_WATCHER_H
#define M3D_WATCHER_H

#include "job.h"
#include "model.h"

enum m3d_watch_event {
	WATCH_NONE,		/* nothing more for now */
	WATCH_CONNECTED,
	WATCH_CHANGED,
	WATCH_LOST,		/* reason in why; the watcher is stopped */
};

struct m3d_watcher {
	struct m3d_job job;		/* job.pid 0: not running */
	struct m3d_ldap_conf conf;
	int connected;
	char why[M3D_JOB_LINE];		/* the child's "lost" reason */
};

int m3d_watcher_start(struct m3d_watcher *w, const struct m3d_ldap_conf *c);
/* The fd to poll, or -1 when not running. */
int m3d_watcher_fd(const struct m3d_watcher *w);
/* The next event, once the fd polled readable. */
enum m3d_watch_event m3d_watcher_event(struct m3d_watcher *w, char *why,
				       size_t len);
void m3d_watcher_stop(struct m3d_watcher *w);

#endif
