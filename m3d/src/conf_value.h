/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed reads of libconfig settings that report errors with file:line. */
#ifndef M3D_CONF_VALUE_H
#define M3D_CONF_VALUE_H

#include <libconfig.h>
#include "conf_text.h"
#include "model.h"

struct cv {
	struct m3d_origin *o;	/* the object being filled */
	struct m3d_errors *e;
	const struct conf_text *t;	/* what libconfig read: its lines */
};

struct cv_key {
	const char *name;
	enum m3d_field field;
};

/* File and line of a setting. */
const char *cv_file(const struct cv *c, config_setting_t *s);
int cv_line(const struct cv *c, config_setting_t *s);
/* Field of a member named in keys (its line recorded), or -1 (reported). */
int cv_field(struct cv *c, const struct cv_key *keys, config_setting_t *s);
int cv_uint(struct cv *c, enum m3d_field f, config_setting_t *s,
	    unsigned long max, unsigned long *out);
/* A string that is text (text.h), shorter than size. */
int cv_string(struct cv *c, enum m3d_field f, config_setting_t *s,
	      char *buf, size_t size);
int cv_bool(struct cv *c, enum m3d_field f, config_setting_t *s, int *out);
int cv_nodes(struct cv *c, enum m3d_field f, config_setting_t *s,
	     uint64_t *nodes);
int cv_flags(struct cv *c, enum m3d_field f, config_setting_t *s,
	     unsigned int *flags);
int cv_mode(struct cv *c, enum m3d_field f, config_setting_t *s,
	    unsigned int *mode);
int cv_owner(struct cv *c, enum m3d_field f, config_setting_t *s,
	     unsigned int *id, int group);

#endif
