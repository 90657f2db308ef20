// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RUNTIME_DIR/m3d.pid and RUNTIME_DIR/status (key=value lines) for m3adm:
 * RUNTIME_DIR is -R, else $RUNTIME_DIRECTORY (systemd's RuntimeDirectory=),
 * else /run/m3d.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daemon.h"

static void path(const struct m3d_daemon *d, const char *name, char *buf,
		 size_t len)
{
	const char *dir = d->opt.runtime_dir;

	if (!dir || !*dir)
		dir = getenv("RUNTIME_DIRECTORY");
	if (!dir || !*dir || strchr(dir, ':'))
		dir = "/run/m3d";
	snprintf(buf, len, "%s/%s", dir, name);
}

static void write_status(const struct m3d_daemon *d, FILE *f)
{
	size_t i;

	fprintf(f, "pid=%d\nconf=%s\nsource=%s\n", (int)getpid(), d->opt.conf,
		d->set.source == SRC_LDAP ? "ldap" : "file");
	if (d->set.source == SRC_LDAP)
		fprintf(f, "ldap=%s\n", d->watch ? "connected" : "disconnected");
	fprintf(f, "status=%s\nmanaged=", d->status);
	for (i = 0; d->last && i < d->last->nr_vms; i++)
		if (m3d_vm_spans_node(&d->last->vms[i], d->last->nodeid))
			fprintf(f, "%s%d", i ? " " : "", d->last->vms[i].vmid);
	fputc('\n', f);
}

void m3d_runtime_write(const struct m3d_daemon *d)
{
	char p[4200], tmp[4300];
	FILE *f;

	path(d, "m3d.pid", p, sizeof(p));
	f = fopen(p, "we");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	path(d, "status", p, sizeof(p));
	snprintf(tmp, sizeof(tmp), "%s.new", p);
	f = fopen(tmp, "we");
	if (!f)
		return;
	write_status(d, f);
	if (fclose(f) == 0)
		rename(tmp, p);
}

void m3d_runtime_remove(const struct m3d_daemon *d)
{
	char p[4200];

	path(d, "m3d.pid", p, sizeof(p));
	unlink(p);
	path(d, "status", p, sizeof(p));
	unlink(p);
}
