// SPDX-License-Identifier: GPL-2.0-or-later
/* Secret files (the LDAP password, the cluster key): checked, read, wiped. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "secret.h"
#include "text.h"

/* The one rule, for a file already stat'ed; 0 or -1 and why. */
static int mode_ok(const char *path, const struct stat *st, char *why,
		   size_t len)
{
	char q[256];

	m3d_escape(q, sizeof(q), path, ESC_UTF8);
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, len, "%s is not a regular file", q);
		return -1;
	}
	if (st->st_uid != geteuid()) {
		snprintf(why, len, "%s belongs to uid %u, not to the user m3d "
			 "runs as (uid %u): chown it", q,
			 (unsigned int)st->st_uid, (unsigned int)geteuid());
		return -1;
	}
	if (st->st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(why, len, "%s may be read or written by group or "
			 "others (mode %04o): chmod 600 it", q,
			 (unsigned int)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

int m3d_secret_check(const char *path, char *why, size_t len)
{
	struct stat st;

	if (stat(path, &st))
		return 0;
	return mode_ok(path, &st, why, len);
}

static int fail(const char *path, int err, char *why, size_t len)
{
	char q[256];

	snprintf(why, len, "%s: %s", m3d_escape(q, sizeof(q), path, ESC_UTF8),
		 strerror(err));
	return -1;
}

int m3d_secret_read(const char *path, char *buf, size_t size, char *why,
		    size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	ssize_t n = 0;
	size_t got = 0;

	if (fd < 0)
		return fail(path, errno, why, len);
	if (fstat(fd, &st)) {
		fail(path, errno, why, len);
		close(fd);
		return -1;
	}
	if (mode_ok(path, &st, why, len)) {
		close(fd);
		return -1;
	}
	while (got + 1 < size &&
	       (n = read(fd, buf + got, size - 1 - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		fail(path, errno, why, len);
	close(fd);
	buf[got] = 0;
	got = n < 0 ? 0 : strcspn(buf, "\r\n");
	explicit_bzero(buf + got, size - got);
	return n < 0 ? -1 : 0;
}

int m3d_secret_key(const struct m3d_cluster *c,
		   uint8_t key[M3_CLUSTER_KEY_LEN], char *why, size_t len)
{
	char hex[M3D_KEY_HEX_LEN + 2], q[256];
	int r = 0;

	if (c->key_hex[0])
		return m3d_parse_key(c->key_hex, key);
	if (m3d_secret_read(c->key_file, hex, sizeof(hex), why, len))
		return -1;
	if (m3d_parse_key(hex, key)) {
		snprintf(why, len, "%s: its first line is not a key: %d hex "
			 "digits (%d bytes)", m3d_escape(q, sizeof(q),
			 c->key_file, ESC_UTF8), M3D_KEY_HEX_LEN,
			 M3_CLUSTER_KEY_LEN);
		r = -1;
	}
	explicit_bzero(hex, sizeof(hex));
	return r;
}
