/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Watching the directory for changes: an RFC 4533 refreshAndPersist
 * session (libldap's ldap_sync_* client; the server needs the syncprov
 * overlay) over the entries m3d reads. The watcher only says "something
 * changed"; the model is then read again whole (ldap_read.c), so there is
 * one way to read LDAP, not two.
 */
#ifndef M3D_LDAP_SYNC_H
#define M3D_LDAP_SYNC_H

#include "model.h"

struct m3d_watch;

/* Connects and runs the refresh phase; NULL with the reason in err. */
struct m3d_watch *m3d_watch_open(const struct m3d_ldap_conf *c, char *err,
				 size_t len);
int m3d_watch_fd(struct m3d_watch *w);
/* Takes what arrived: 1 something changed, 0 nothing, -1 connection lost. */
int m3d_watch_poll(struct m3d_watch *w);
/* After -1 from m3d_watch_poll(): 1 if the server ended the search. */
int m3d_watch_ended(const struct m3d_watch *w);
/* Asks the server something small (the root DSE): 0 if it answered
 * within timeout seconds, -1 if not. Messages of the watch that arrive
 * meanwhile wait for the next m3d_watch_poll(). */
int m3d_watch_probe(struct m3d_watch *w, int timeout);
void m3d_watch_close(struct m3d_watch *w);

#endif
