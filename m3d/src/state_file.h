/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The last configuration m3d applied, kept as STATE_DIR/applied.conf in
 * the m3d.conf(5) format (source = "file"), so the same parser reads it
 * back: m3d falls back to it when LDAP cannot be reached at start, and it
 * tells the reconciler which VMs m3d manages. The file is mode 0600: it
 * holds the cluster key when the key came from LDAP.
 */
#ifndef M3D_STATE_FILE_H
#define M3D_STATE_FILE_H

#include <stdio.h>
#include "model.h"

#define M3D_STATE_FILE	"applied.conf"

/* m in the m3d.conf(5) format; the cluster key only with secrets. */
void m3d_model_write(FILE *f, const struct m3d_model *m, int secrets);
/* 0, or -errno (logged by the caller). Written atomically. */
int m3d_state_save(const char *dir, const struct m3d_model *m);
/* 0; -ENOENT when there is none; else errors in e. */
int m3d_state_load(const char *dir, struct m3d_model *m,
		   struct m3d_errors *e);

#endif
