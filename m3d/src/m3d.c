// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3d: keeps this node's DRVS and VMs as the configuration describes them
 * (m3d.conf(5), or LDAP). See m3d(8).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "daemon.h"
#include "load.h"
#include "log.h"
#include "state_file.h"

#include "../../kmod/m3_version.h"

#define DEFAULT_CONF	"/etc/m3/m3d.conf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: m3d [-c FILE] [-S STATE_DIR] [-R RUNTIME_DIR] [-d]\n"
		"       m3d --check [-c FILE] [--print]\n"
		"  -c, --config FILE   configuration (default %s, or $M3D_CONF)\n"
		"  -t, --check         validate the configuration and exit 0/1\n"
		"  -p, --print         with --check: print the model as m3d.conf\n"
		"  -S, --state-dir DIR last applied configuration (/var/lib/m3d)\n"
		"  -R, --runtime-dir DIR  pid and status files (/run/m3d)\n"
		"  -d, --debug         debug messages\n"
		"  -V, --version       print the version\n", DEFAULT_CONF);
}

/*
 * 0 if valid; 1 if not, or if the directory answered no (bind, TLS...).
 * A directory that cannot be reached is no reason to fail: the file part
 * was checked, and `systemctl reload` (ExecReload) must reach m3d, which
 * applies what it can. It is said on stderr.
 */
static int check(const char *conf, int print)
{
	struct m3d_settings s;
	struct m3d_model *m = m3d_model_new();
	struct m3d_errors e = { .count = 0 };
	char err[512] = "";
	enum m3d_load_result r;

	if (!m)
		return 1;
	r = m3d_load(conf, &s, m, &e, err, sizeof(err));
	if (r == LOAD_UNREACHABLE || r == LOAD_LDAP_ERROR)
		fprintf(stderr, "m3d: LDAP: %s\n", err);
	if (r == LOAD_UNREACHABLE)
		fprintf(stderr, "m3d: %s: the file is valid; the directory "
			"was not reachable, its entries were not checked\n",
			conf);
	else if (r == LOAD_INVALID)
		fputs(e.buf, stderr);
	else if (r == LOAD_OK && print)
		m3d_model_write(stdout, m, 0);
	else if (r == LOAD_OK)
		printf("%s: configuration OK: %zu VM%s\n", conf, m->nr_vms,
		       m->nr_vms == 1 ? "" : "s");
	m3d_model_free(m);
	return r == LOAD_OK || r == LOAD_UNREACHABLE ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "print", no_argument, NULL, 'p' },
		{ "state-dir", required_argument, NULL, 'S' },
		{ "runtime-dir", required_argument, NULL, 'R' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct m3d_daemon d;
	int c, do_check = 0, print = 0;

	d.opt.conf = getenv("M3D_CONF") ? getenv("M3D_CONF") : DEFAULT_CONF;
	while ((c = getopt_long(argc, argv, "c:tpS:R:dhV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': d.opt.conf = optarg; break;
		case 't': do_check = 1; break;
		case 'p': print = 1; break;
		case 'S': d.opt.state_dir = optarg; break;
		case 'R': d.opt.runtime_dir = optarg; break;
		case 'd': m3d_log_debug = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("m3d %s\n", M3_VERSION_STRING); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (do_check)
		return check(d.opt.conf, print);
	return m3d_daemon_run(&d);
}
