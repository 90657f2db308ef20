/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The last configuration m3d applied, kept as STATE_DIR/applied.conf in
 * the m3d.conf(5) format (source = "file"), so the same parser reads it
 * back: m3d falls back to it when LDAP cannot be reached at start, and it
 * tells the reconciler which VMs m3d manages.
 */
#ifndef M3D_STATE_FILE_H
#define M3D_STATE_FILE_H

#include <stdio.h>
#include "model.h"

#define M3D_STATE_FILE	"applied.conf"

void m3d_model_write(FILE *f, const struct m3d_model *m);
/* 0, or -errno (logged by the caller). Written atomically. */
int m3d_state_save(const char *dir, const struct m3d_model *m);
/* 0; -ENOENT when there is none; else errors in e. */
int m3d_state_load(const char *dir, struct m3d_model *m,
		   struct m3d_errors *e);

#endif
