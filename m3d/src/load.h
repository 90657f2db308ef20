/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The desired model in three steps: m3d.conf (the settings, and the DRVS
 * and VMs when source = "file"); with source = "ldap", the directory's
 * entries (fetch.h, in a child process under a deadline); then
 * m3d_validate(). The same steps for `m3d --check` and for the daemon,
 * which takes the second asynchronously.
 */
#ifndef M3D_LOAD_H
#define M3D_LOAD_H

#include "model.h"

enum m3d_load_result {
	LOAD_OK,
	LOAD_INVALID,		/* errors in e, one per line */
	LOAD_UNREACHABLE,	/* LDAP not reached, or no answer in time */
	LOAD_LDAP_ERROR,	/* LDAP answered no (bind, TLS, search) */
};

/* Step 1: s from its defaults, and m; the number of errors added to e. */
int m3d_load_file(const char *conf, struct m3d_settings *s,
		  struct m3d_model *m, struct m3d_errors *e);
/* Step 3: LOAD_OK, or LOAD_INVALID when e holds any error. */
enum m3d_load_result m3d_load_check(struct m3d_model *m, struct m3d_errors *e);
/* All three, waiting for LDAP; the reason in err when it cannot be read. */
enum m3d_load_result m3d_load(const char *conf, struct m3d_settings *s,
			      struct m3d_model *m, struct m3d_errors *e,
			      char *err, size_t len);
/* The state directory: opt, else the file's state_dir, else
 * $STATE_DIRECTORY (systemd's StateDirectory=), else /var/lib/m3d. */
const char *m3d_state_dir(const char *opt, const struct m3d_settings *s);

#endif
