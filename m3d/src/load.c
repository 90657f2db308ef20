// SPDX-License-Identifier: GPL-2.0-or-later
/* The desired model: file, LDAP, checks (load.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "conf_file.h"
#include "fetch.h"
#include "load.h"

int m3d_load_file(const char *conf, struct m3d_settings *s,
		  struct m3d_model *m, struct m3d_errors *e)
{
	m3d_settings_default(s);
	return m3d_conf_read(conf, s, m, e);
}

enum m3d_load_result m3d_load_check(struct m3d_model *m, struct m3d_errors *e)
{
	char host[256] = "";

	gethostname(host, sizeof(host) - 1);
	return m3d_validate(m, host, e) ? LOAD_INVALID : LOAD_OK;
}

enum m3d_load_result m3d_load(const char *conf, struct m3d_settings *s,
			      struct m3d_model *m, struct m3d_errors *e,
			      char *err, size_t len)
{
	enum m3d_load_result r;

	if (m3d_load_file(conf, s, m, e) == 0 && s->source == SRC_LDAP) {
		r = m3d_fetch_wait(&s->ldap, m, e, err, len);
		if (r != LOAD_OK)
			return r;
	}
	/* Whole-model checks even after other errors: all are reported. */
	return m3d_load_check(m, e);
}

const char *m3d_state_dir(const char *opt, const struct m3d_settings *s)
{
	const char *env = getenv("STATE_DIRECTORY");

	if (opt && *opt)
		return opt;
	if (s->state_dir[0])
		return s->state_dir;
	if (env && *env && !strchr(env, ':'))
		return env;
	return "/var/lib/m3d";
}
