// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The LDAP reader and the cluster's attributes, against the slapd of
 * test_ldap.sh loaded with schema/example.ldif: bound as m3d's DN, the
 * m3Drvs entry gives the key (the example's hex, M3D_TEST_KEY), the
 * bearer and the tolerance; anonymously the ACL hides the key and
 * nothing else. Environment: M3D_TEST_URI, M3D_TEST_BASE,
 * M3D_TEST_M3D_DN, M3D_TEST_M3D_PW (a password file), M3D_TEST_KEY.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fields.h"
#include "ldap_read.h"

static struct m3d_ldap_conf conf;

/* The directory's model, bound as dn (NULL: anonymously). */
static struct m3d_model *read_as(const char *dn)
{
	struct m3d_model *m = m3d_model_new();
	struct m3d_errors e = { .count = 0 };
	char err[512] = "";

	assert_non_null(m);
	snprintf(conf.bind_dn, sizeof(conf.bind_dn), "%s", dn ? dn : "");
	snprintf(conf.password_file, sizeof(conf.password_file), "%s",
		 dn ? getenv("M3D_TEST_M3D_PW") : "");
	if (m3d_ldap_load(&conf, m, &e, err, sizeof(err)) != 0)
		fail_msg("%s%s", err, e.buf);
	return m;
}

static void t_as_m3d(void **state)
{
	struct m3d_model *m = read_as(getenv("M3D_TEST_M3D_DN"));

	(void)state;
	assert_string_equal(m->cluster.key_hex, getenv("M3D_TEST_KEY"));
	assert_string_equal(m->cluster.key_file, "");
	assert_string_equal(m->cluster.bearers[0], "eth0");
	assert_string_equal(m->cluster.bearers[1], "");
	assert_int_equal(m->cluster.tolerance_ms, 1500);
	assert_int_equal(m->drvs.nr_nodes, 2);
	m3d_model_free(m);
}

static void t_anonymous_no_key(void **state)
{
	struct m3d_model *m = read_as(NULL);

	(void)state;
	assert_string_equal(m->cluster.key_hex, "");
	assert_string_equal(m->cluster.bearers[0], "eth0");
	assert_int_equal(m->cluster.tolerance_ms, 1500);
	assert_int_equal(m->nr_vms, 2);
	m3d_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_as_m3d),
		cmocka_unit_test(t_anonymous_no_key),
	};

	if (!getenv("M3D_TEST_URI") || !getenv("M3D_TEST_BASE") ||
	    !getenv("M3D_TEST_M3D_DN") || !getenv("M3D_TEST_M3D_PW") ||
	    !getenv("M3D_TEST_KEY")) {
		fprintf(stderr, "run by tests/m3d/test_ldap.sh\n");
		return 2;
	}
	conf.timeout = 5;
	snprintf(conf.uri, sizeof(conf.uri), "%s", getenv("M3D_TEST_URI"));
	snprintf(conf.base, sizeof(conf.base), "%s", getenv("M3D_TEST_BASE"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
