/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The model from LDAP (schema/m3.schema): under the base, one m3Drvs
 * entry, any number of m3Node and m3VM entries, at any depth. One subtree
 * search on a connection of its own, so it is the same code at start, on
 * SIGHUP and after every change the syncrepl session reports.
 */
#ifndef M3D_LDAP_READ_H
#define M3D_LDAP_READ_H

#include "model.h"

#define M3D_LDAP_FILTER \
	"(|(objectClass=m3Drvs)(objectClass=m3Node)(objectClass=m3VM))"

/*
 * Fills the DRVS, nodes and VMs of m (its nodeid is left as it is).
 * Returns LDAP_UNREACHABLE or LDAP_REFUSED (ldap_conn.h) when the
 * directory cannot be read (reason in err), else the number of errors
 * added to e (DN: attribute: text). Entries are read in DN order, so a
 * duplicate is refused whatever order the server sends them in; more
 * entries than the model holds are refused, not cut.
 */
int m3d_ldap_load(const struct m3d_ldap_conf *c, struct m3d_model *m,
		  struct m3d_errors *e, char *err, size_t len);

#endif
