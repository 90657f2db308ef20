/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The desired model: m3d.conf, then the file's or LDAP's DRVS and VMs,
 * then m3d_validate(). The same for `m3d --check` and for the daemon. */
#ifndef M3D_LOAD_H
#define M3D_LOAD_H

#include "model.h"

enum m3d_load_result {
	LOAD_OK,
	LOAD_INVALID,		/* errors in e, one per line */
	LOAD_UNREACHABLE,	/* LDAP could not be read: reason in err */
};

enum m3d_load_result m3d_load(const char *conf, struct m3d_settings *s,
			      struct m3d_model *m, struct m3d_errors *e,
			      char *err, size_t len);
/* The state directory: opt, else the file's state_dir, else
 * $STATE_DIRECTORY (systemd's StateDirectory=), else /var/lib/m3d. */
const char *m3d_state_dir(const char *opt, const struct m3d_settings *s);

#endif
