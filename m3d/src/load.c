// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "conf_file.h"
#include "ldap_read.h"
#include "load.h"

enum m3d_load_result m3d_load(const char *conf, struct m3d_settings *s,
			      struct m3d_model *m, struct m3d_errors *e,
			      char *err, size_t len)
{
	char host[256] = "";

	m3d_settings_default(s);
	if (m3d_conf_read(conf, s, m, e) == 0 && s->source == SRC_LDAP &&
	    m3d_ldap_load(&s->ldap, m, e, err, len) < 0)
		return LOAD_UNREACHABLE;
	/* Whole-model checks even after other errors: all are reported. */
	gethostname(host, sizeof(host) - 1);
	return m3d_validate(m, host, e) ? LOAD_INVALID : LOAD_OK;
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
