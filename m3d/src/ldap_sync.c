// SPDX-License-Identifier: GPL-2.0-or-later
/* The syncrepl change watcher. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "job.h"
#include "ldap_conn.h"
#include "ldap_read.h"
#include "ldap_sync.h"
#include "log.h"

struct m3d_watch {
	ldap_sync_t ls;
	int changed;
	int ended;
	unsigned long events;	/* callbacks so far */
	char base[M3D_WHERE_LEN];
	char filter[sizeof(M3D_LDAP_FILTER)];
};

static int on_entry(ldap_sync_t *ls, LDAPMessage *msg,
		    struct berval *uuid, ldap_sync_refresh_t phase)
{
	struct m3d_watch *w = ls->ls_private;
	char *dn = ldap_get_dn(ls->ls_ld, msg);

	(void)uuid;
	m3d_log(LOG_DEBUG, "ldap: %s %s", phase == LDAP_SYNC_CAPI_DELETE ?
		"deleted" : phase == LDAP_SYNC_CAPI_PRESENT ? "present" :
		"changed", dn ? dn : "?");
	ldap_memfree(dn);
	w->changed = 1;
	w->events++;
	return 0;
}

static int on_reference(ldap_sync_t *ls, LDAPMessage *msg)
{
	(void)ls;
	(void)msg;
	return 0;
}

static int on_intermediate(ldap_sync_t *ls, LDAPMessage *msg,
			   BerVarray uuids, ldap_sync_refresh_t phase)
{
	struct m3d_watch *w = ls->ls_private;

	(void)msg;
	(void)phase;
	w->events++;
	if (uuids)
		w->changed = 1;	/* deletes or presents as a set of UUIDs */
	return 0;
}

static int on_result(ldap_sync_t *ls, LDAPMessage *msg, int refreshDeletes)
{
	struct m3d_watch *w = ls->ls_private;

	(void)msg;
	(void)refreshDeletes;
	w->ended = 1;		/* the server ended the persist phase */
	return 0;
}

struct m3d_watch *m3d_watch_open(const struct m3d_ldap_conf *c, char *err,
				 size_t len)
{
	struct m3d_watch *w = calloc(1, sizeof(*w));
	int r, fail;

	if (!w || !ldap_sync_initialize(&w->ls)) {
		snprintf(err, len, "out of memory");
		free(w);
		return NULL;
	}
	w->ls.ls_ld = m3d_ldap_open(c, &fail, err, len);
	if (!w->ls.ls_ld)
		goto err;
	m3d_ldap_base(w->ls.ls_ld, c, w->base, sizeof(w->base));
	strcpy(w->filter, M3D_LDAP_FILTER);
	w->ls.ls_base = w->base;
	w->ls.ls_scope = LDAP_SCOPE_SUBTREE;
	w->ls.ls_filter = w->filter;
	w->ls.ls_timeout = c->timeout;
	w->ls.ls_search_entry = on_entry;
	w->ls.ls_search_reference = on_reference;
	w->ls.ls_intermediate = on_intermediate;
	w->ls.ls_search_result = on_result;
	w->ls.ls_private = w;
	m3d_job_step("syncrepl refresh");
	r = ldap_sync_init_refresh_and_persist(&w->ls);
	if (r != LDAP_SUCCESS) {
		snprintf(err, len, "syncrepl under \"%s\": %s%s", w->base,
			 ldap_err2string(r), m3d_ldap_failure(r) ==
			 LDAP_UNREACHABLE ? "" :
			 " (does the server load the syncprov overlay?)");
		goto err;
	}
	if (w->ended) {
		snprintf(err, len, "syncrepl under \"%s\": the server ended "
			 "the search after its refresh", w->base);
		goto err;
	}
	w->ls.ls_timeout = 0;	/* from now on, polled when readable */
	w->changed = 0;
	return w;
err:
	m3d_watch_close(w);
	return NULL;
}

int m3d_watch_fd(struct m3d_watch *w)
{
	int fd = -1;

	ldap_get_option(w->ls.ls_ld, LDAP_OPT_DESC, &fd);
	return fd;
}

/*
 * ldap_sync_poll() with a zero timeout may read a message into libldap's
 * queue and hand it out only on the next call, and returns 0 whether or
 * not it handled one: poll until two calls in a row handled nothing.
 */
int m3d_watch_poll(struct m3d_watch *w)
{
	unsigned long before;
	int r, idle = 0, n;

	for (n = 0; n < 10000 && idle < 2 && !w->ended; n++) {
		before = w->events;
		r = ldap_sync_poll(&w->ls);
		if (r < 0)
			return -1;
		idle = w->events == before ? idle + 1 : 0;
	}
	if (w->ended)
		return -1;
	r = w->changed;
	w->changed = 0;
	return r;
}

int m3d_watch_ended(const struct m3d_watch *w)
{
	return w->ended;
}

int m3d_watch_probe(struct m3d_watch *w, int timeout)
{
	static char no_attrs[] = LDAP_NO_ATTRS;
	char *attrs[] = { no_attrs, NULL };
	struct timeval tv = { timeout, 0 };
	LDAPMessage *res = NULL;
	int r;

	r = ldap_search_ext_s(w->ls.ls_ld, "", LDAP_SCOPE_BASE,
			      "(objectClass=*)", attrs, 0, NULL, NULL, &tv, 1,
			      &res);
	ldap_msgfree(res);
	m3d_log(LOG_DEBUG, "ldap: probe: %s", ldap_err2string(r));
	return m3d_ldap_failure(r) == LDAP_UNREACHABLE ? -1 : 0;
}

void m3d_watch_close(struct m3d_watch *w)
{
	if (!w)
		return;
	/* ldap_sync_destroy frees ls_base/ls_filter: they are ours. */
	w->ls.ls_base = NULL;
	w->ls.ls_filter = NULL;
	ldap_sync_destroy(&w->ls, 0);
	if (w->ls.ls_ld)
		ldap_unbind_ext_s(w->ls.ls_ld, NULL, NULL);
	free(w);
}
