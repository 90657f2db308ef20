// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RUNTIME_DIR/m3d.pid and RUNTIME_DIR/status (key=value lines) for m3adm:
 * RUNTIME_DIR is -R, else $RUNTIME_DIRECTORY (systemd's RuntimeDirectory=),
 * else /run/m3d. Both are mode 0644 whatever the umask (the unit sets
 * UMask=0077), so that m3adm works for every user; they hold no secret.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include "daemon.h"

#define RUNTIME_MODE	0644

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

/* A new file of RUNTIME_MODE, the umask notwithstanding. */
static FILE *create(const char *p)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		      RUNTIME_MODE);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f || fchmod(fd, RUNTIME_MODE) < 0) {
		if (f)
			fclose(f);
		else
			close(fd);
		return NULL;
	}
	return f;
}

/* ldap= says what is true now: connected while the watcher is. */
static void write_status(const struct m3d_daemon *d, FILE *f)
{
	const char *sep = "";
	size_t i;

	fprintf(f, "pid=%d\nconf=%s\nsource=%s\n", (int)getpid(), d->opt.conf,
		d->set.source == SRC_LDAP ? "ldap" : "file");
	if (d->set.source == SRC_LDAP)
		fprintf(f, "ldap=%s\n", d->watch.connected ? "connected" :
			"disconnected");
	if (d->cluster.status[0])
		fprintf(f, "cluster=%s\n", d->cluster.status);
	fprintf(f, "status=%s\nmanaged=", d->status);
	for (i = 0; d->last && i < d->last->nr_vms; i++)
		if (m3d_vm_spans_node(&d->last->vms[i], d->last->nodeid)) {
			fprintf(f, "%s%d", sep, d->last->vms[i].vmid);
			sep = " ";
		}
	fputc('\n', f);
}

void m3d_runtime_write(const struct m3d_daemon *d)
{
	char p[4200], tmp[4300];
	FILE *f;

	path(d, "m3d.pid", p, sizeof(p));
	f = create(p);
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	path(d, "status", p, sizeof(p));
	snprintf(tmp, sizeof(tmp), "%s.new", p);
	f = create(tmp);
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

void m3d_status(struct m3d_daemon *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->status, sizeof(d->status), fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", d->status);
	m3d_runtime_write(d);
}
