/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The libconfig file (m3d.conf(5)): the daemon's settings, always; the DRVS
 * and the VMs when source = "file". Syntax and type errors are reported
 * here with the file and line; whole-model checks are m3d_validate()'s.
 */
#ifndef M3D_CONF_FILE_H
#define M3D_CONF_FILE_H

#include "model.h"

/* Returns the number of errors added to e (0: all read). */
int m3d_conf_read(const char *path, struct m3d_settings *s,
		  struct m3d_model *m, struct m3d_errors *e);

#endif
