/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One LDAP connection as m3d.conf's ldap group describes it: URI (or
 * ldap.conf's URI), StartTLS when asked, then a simple bind with the
 * password read from password_file, a SASL EXTERNAL bind (ldapi:// or TLS
 * client certificates), or none (anonymous). ldap.conf(5) defaults (URI,
 * BASE, TLS_CACERT, NETWORK_TIMEOUT...) apply to whatever is not set.
 */
#ifndef M3D_LDAP_CONN_H
#define M3D_LDAP_CONN_H

#include <ldap.h>
#include "model.h"

/* A bound connection, or NULL with the reason in err. */
LDAP *m3d_ldap_open(const struct m3d_ldap_conf *c, char *err, size_t len);
/* The search base: c->base, else ldap.conf's BASE; "" if neither. */
void m3d_ldap_base(LDAP *ld, const struct m3d_ldap_conf *c, char *base,
		   size_t len);

#endif
