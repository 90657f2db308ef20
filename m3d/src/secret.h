/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ldap.password_file: refused if its group or others may read or write
 * it (as nslcd refuses its bindpw file), read without stdio (no copy left
 * in a stdio buffer), and wiped with explicit_bzero after use.
 */
#ifndef M3D_SECRET_H
#define M3D_SECRET_H

#include <stddef.h>

/* 0 if path is a file that only its owner may read; else -1 and why.
 * A file that does not exist is 0 here (the bind says so). */
int m3d_secret_check(const char *path, char *why, size_t len);
/* The first line of path into buf (NUL-terminated); 0, or -1 and why
 * ("PATH: ..."). The caller wipes buf with explicit_bzero(). */
int m3d_secret_read(const char *path, char *buf, size_t size, char *why,
		    size_t len);

#endif
