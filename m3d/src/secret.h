/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Secret files: ldap.password_file, drvs.cluster_key_file, and a file
 * that holds drvs.cluster_key. One rule: a regular file that belongs to
 * the user m3d runs as (root) and that its group and others may neither
 * read nor write (as nslcd refuses its bindpw file). Read without stdio
 * (no copy left in a stdio buffer), and wiped with explicit_bzero after
 * use.
 */
#ifndef M3D_SECRET_H
#define M3D_SECRET_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* 0 if path is a file that the rule allows; else -1 and why.
 * A file that does not exist is 0 here (the bind says so). */
int m3d_secret_check(const char *path, char *why, size_t len);
/* The first line of path into buf (NUL-terminated); 0, or -1 and why
 * ("PATH: ..."). The caller wipes buf with explicit_bzero(). */
int m3d_secret_read(const char *path, char *buf, size_t size, char *why,
		    size_t len);
/* The cluster key's bytes, from c's hex or the first line of its file;
 * 0, or -1 and why. The caller wipes key with explicit_bzero(). */
int m3d_secret_key(const struct m3d_cluster *c,
		   uint8_t key[M3_CLUSTER_KEY_LEN], char *why, size_t len);

#endif
