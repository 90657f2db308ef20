/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed reads of libconfig settings that report errors with file:line. */
#ifndef M3D_CONF_VALUE_H
#define M3D_CONF_VALUE_H

#include <libconfig.h>
#include "conf_text.h"
#include "fields.h"

struct cv {
	struct m3d_origin *o;	/* the object being filled */
	struct m3d_errors *e;
	const struct conf_text *t;	/* what libconfig read: its lines */
};

/* File and line of a setting. */
const char *cv_file(const struct cv *c, config_setting_t *s);
int cv_line(const struct cv *c, config_setting_t *s);
/* The field of group g that s names (its line recorded), or -1
 * (reported: an unknown setting). */
int cv_field(struct cv *c, enum m3d_group g, config_setting_t *s);
/* s into field f of obj, an object of f's group, as f's kind reads it
 * (fields.h): 0, or -1 (reported, with file and line). */
int cv_read(struct cv *c, enum m3d_field f, config_setting_t *s, void *obj);

#endif
