// SPDX-License-Identifier: GPL-2.0-or-later
/* The LDAP bind password file: checked, read, wiped. */
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
