/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon: one operation, reconcile (read the desired model, read the
 * kernel's, plan, apply, remember), run at start, on SIGHUP, when the LDAP
 * watcher reports a change and when the LDAP connection comes back. SIGTERM
 * ends the VMs m3d manages and the DRVS.
 *
 * The main loop never waits for the network: LDAP is read and watched by
 * child processes under deadlines (fetch.h, watcher.h), and the loop
 * polls the signalfd and their pipes. A signal is served at once whatever
 * a server does; a stop or a reload ends the LDAP work under way.
 */
#ifndef M3D_DAEMON_H
#define M3D_DAEMON_H

#include <time.h>
#include "cluster.h"
#include "fetch.h"
#include "model.h"
#include "watcher.h"

struct m3d_opts {
	const char *conf;		/* -c */
	const char *state_dir;		/* -S */
	const char *runtime_dir;	/* -R */
};

/* An LDAP read under way, with the configuration it reads for. */
struct m3d_read {
	struct m3d_fetch fetch;		/* fetch.job.pid 0: none */
	int reload;			/* set and file not yet in force */
	struct m3d_settings set;
	struct m3d_model *file;		/* m3d.conf's part */
};

struct m3d_daemon {
	struct m3d_opts opt;
	struct m3d_settings set;	/* in force */
	struct m3d_model *file;		/* m3d.conf's part, in force */
	struct m3d_model *last;		/* last applied: the VMs m3d manages */
	int applied;			/* this process applied a model */
	struct m3d_cluster_state cluster;	/* this node among the others */
	int ready;			/* READY=1 sent */
	int exit_code;			/* -1 while running */
	struct m3d_read read;
	int reread;			/* read LDAP again after this read */
	struct m3d_watcher watch;	/* LDAP change watcher (a child) */
	time_t watch_since;		/* CLOCK_MONOTONIC s, connected at */
	int backoff;			/* seconds before the next attempt */
	time_t next_try;		/* CLOCK_MONOTONIC seconds */
	int sfd;			/* signalfd */
	char status[256];
};

/* Exit status of the daemon. */
int m3d_daemon_run(struct m3d_daemon *d);

/* Reconcile (reconcile.c): applies want (taken) to the kernel; -1 when
 * the kernel's state cannot be read, or when at start the node could not
 * join the others (nothing more was started). */
int m3d_reconcile(struct m3d_daemon *d, struct m3d_model *want);
/* LDAP unreadable and nothing applied yet: the saved configuration
 * (or wait for LDAP); -1 when the kernel's state cannot be read. */
int m3d_fallback(struct m3d_daemon *d);
void m3d_log_errors(const struct m3d_errors *e);
/* A copy of m, or NULL (out of memory). */
struct m3d_model *m3d_copy_model(const struct m3d_model *m);

/* Runtime files (runtime.c): pid file and a status file for m3adm, both
 * readable by everyone; m3d_status() also tells systemd. */
void m3d_status(struct m3d_daemon *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void m3d_runtime_write(const struct m3d_daemon *d);
void m3d_runtime_remove(const struct m3d_daemon *d);

#endif
