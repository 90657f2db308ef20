/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon: one operation, reconcile (read the desired model, read the
 * kernel's, plan, apply, remember), run at start, on SIGHUP, when the LDAP
 * watcher reports a change and when the LDAP connection comes back. SIGTERM
 * ends the VMs m3d manages and the DRVS.
 */
#ifndef M3D_DAEMON_H
#define M3D_DAEMON_H

#include <time.h>
#include "ldap_sync.h"
#include "model.h"

struct m3d_opts {
	const char *conf;		/* -c */
	const char *state_dir;		/* -S */
	const char *runtime_dir;	/* -R */
};

struct m3d_daemon {
	struct m3d_opts opt;
	struct m3d_settings set;
	struct m3d_model *last;		/* last applied: the VMs m3d manages */
	int applied;			/* this process applied a model */
	struct m3d_watch *watch;	/* LDAP change watcher, if connected */
	int backoff;			/* seconds before the next attempt */
	time_t next_try;		/* CLOCK_MONOTONIC seconds */
	int sfd;			/* signalfd */
	char status[256];
};

/* Exit status of the daemon. */
int m3d_daemon_run(struct m3d_daemon *d);

/* Runtime files (runtime.c): pid file and a status file for m3adm. */
void m3d_runtime_write(const struct m3d_daemon *d);
void m3d_runtime_remove(const struct m3d_daemon *d);

#endif
