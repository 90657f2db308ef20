// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syncrepl watcher against the slapd of test_ldap.sh: a change and a
 * deletion are reported, and so is the loss of the server. Environment:
 * M3D_TEST_URI, M3D_TEST_BASE, M3D_TEST_SLAPD_PID.
 */
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ldap_sync.h"
#include "log.h"

static struct m3d_watch *watch;
static struct m3d_ldap_conf conf;

/* What the watcher reports within 5 s: 1, -1, or 0 for nothing. */
static int wait_report(void)
{
	struct pollfd p;
	int i, r;

	for (i = 0; i < 50; i++) {
		p = (struct pollfd){ .fd = m3d_watch_fd(watch), .events = POLLIN };
		if (poll(&p, 1, 100) > 0 && (r = m3d_watch_poll(watch)) != 0)
			return r;
	}
	return 0;
}

static int ldap_cmd(const char *tool, const char *ldif)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "printf '%s' | %s -x -H '%s' "
		 "-D cn=admin,dc=example,dc=org -w secret >/dev/null", ldif,
		 tool, conf.uri);
	return system(cmd);
}

static void t_open(void **state)
{
	char err[512] = "";

	(void)state;
	watch = m3d_watch_open(&conf, err, sizeof(err));
	if (!watch)
		fail_msg("%s", err);
	assert_int_equal(wait_report(), 0);
}

static void t_add_reported(void **state)
{
	char ldif[1024];

	(void)state;
	snprintf(ldif, sizeof(ldif), "dn: cn=new,%s\\nobjectClass: m3VM\\n"
		 "cn: new\\nm3VmId: 7\\n", conf.base);
	assert_int_equal(ldap_cmd("ldapadd", ldif), 0);
	assert_int_equal(wait_report(), 1);
}

static void t_delete_reported(void **state)
{
	char ldif[1024];

	(void)state;
	snprintf(ldif, sizeof(ldif), "cn=new,%s\\n", conf.base);
	assert_int_equal(ldap_cmd("ldapdelete", ldif), 0);
	assert_int_equal(wait_report(), 1);
}

static void t_server_lost(void **state)
{
	(void)state;
	assert_int_equal(kill(atoi(getenv("M3D_TEST_SLAPD_PID")), SIGTERM), 0);
	assert_int_equal(wait_report(), -1);
	m3d_watch_close(watch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_open),
		cmocka_unit_test(t_add_reported),
		cmocka_unit_test(t_delete_reported),
		cmocka_unit_test(t_server_lost),
	};

	if (!getenv("M3D_TEST_URI") || !getenv("M3D_TEST_BASE") ||
	    !getenv("M3D_TEST_SLAPD_PID"))
		return 2;
	snprintf(conf.uri, sizeof(conf.uri), "%s", getenv("M3D_TEST_URI"));
	snprintf(conf.base, sizeof(conf.base), "%s", getenv("M3D_TEST_BASE"));
	conf.timeout = 5;
	m3d_log_debug = getenv("M3D_TEST_DEBUG") != NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
