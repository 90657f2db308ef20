/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One LDAP connection as m3d.conf's ldap group describes it: URI (or
 * ldap.conf's URI), StartTLS when asked, then a simple bind with the
 * password read from password_file, a SASL EXTERNAL bind (ldapi:// or TLS
 * client certificates), or none (anonymous). ldap.conf(5) defaults (URI,
 * BASE, TLS_CACERT, NETWORK_TIMEOUT...) apply to whatever is not set.
 *
 * Every call here may block on the network: m3d makes them in a child
 * process under a deadline (job.h), never in its main loop.
 */
#ifndef M3D_LDAP_CONN_H
#define M3D_LDAP_CONN_H

#include <ldap.h>
#include "model.h"

/* How an LDAP failure is reported (m3d_ldap_load, m3d_watch_open). */
enum m3d_ldap_failure {
	LDAP_UNREACHABLE = -1,	/* not reached, or no answer in time */
	LDAP_REFUSED = -2,	/* it answered no: bind, TLS, search... */
};

/*
 * Seconds of silence after which a connection is probed: TCP keepalive on
 * every connection, and an LDAP request on the watch (ldap_sync.c), which
 * must then be answered within c->timeout.
 */
static inline int m3d_ldap_idle(const struct m3d_ldap_conf *c)
{
	return 5 * c->timeout;
}

/* A bound connection, or NULL with the reason in err and *fail set. */
LDAP *m3d_ldap_open(const struct m3d_ldap_conf *c, int *fail, char *err,
		    size_t len);
/* LDAP_UNREACHABLE or LDAP_REFUSED for a libldap result code. */
int m3d_ldap_failure(int rc);
/* The search base: c->base, else ldap.conf's BASE; "" if neither. */
void m3d_ldap_base(LDAP *ld, const struct m3d_ldap_conf *c, char *base,
		   size_t len);
/* 1 if a bind password would cross the network in clear text (a simple
 * bind to an ldap:// URI without StartTLS); the URI in uri. No I/O. */
int m3d_ldap_cleartext(const struct m3d_ldap_conf *c, char *uri, size_t len);

#endif
