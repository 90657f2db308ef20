// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3d.conf and its @includes as one text, integers made 64-bit where
 * libconfig 1.5 would misread them. The scanner knows of libconfig's
 * syntax what it needs to: strings, comments, @include at a line's start,
 * and integer literals.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_text.h"
#include "log.h"
#include "text.h"

#define CONF_MAX_SIZE	(16 << 20)	/* all files together */

enum lex { L_CODE, L_STRING, L_COMMENT };

/* The reader in one file. */
struct src {
	const char *p;			/* next byte */
	int file, line, depth;
	int bol;			/* p is at the start of a line */
	enum lex st;
};

static void *grow(void *buf, size_t *size, size_t need, size_t elem)
{
	size_t n = *size ? *size : 256;
	void *b;

	if (need <= *size)
		return buf;
	while (n < need)
		n *= 2;
	b = realloc(buf, n * elem);
	if (b)
		*size = n;
	return b;
}

static void nomem(void)
{
	m3d_log(LOG_CRIT, "out of memory reading the configuration");
	exit(1);
}

static void put(struct conf_text *t, const char *s, size_t n)
{
	char *b = grow(t->text, &t->size, t->len + n + 1, 1);

	if (!b)
		nomem();
	t->text = b;
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = 0;
	t->at_line_start = 0;
}

/* The line being written comes from file:line. */
static void set_line(struct conf_text *t, int file, int line)
{
	t->lines[t->nr_lines - 1] = (struct conf_line){ file, line };
}

/* Ends the line being written; the next one comes from file:line. */
static void newline(struct conf_text *t, int file, int line)
{
	struct conf_line *l;

	put(t, "\n", 1);
	l = grow(t->lines, &t->lines_size, t->nr_lines + 1, sizeof(*l));
	if (!l)
		nomem();
	t->lines = l;
	t->nr_lines++;
	set_line(t, file, line);
	t->at_line_start = 1;
}

/* An error at s: what "name"why, the name escaped. */
static void error_at(struct conf_text *t, const struct src *s,
		     const char *what, const char *name, const char *why)
{
	struct m3d_origin o;
	char q[256];

	m3d_origin_file(&o, t->files[s->file], s->line);
	m3d_err(t->e, &o, F_ENTRY, "%s%s%s%s%s", what, name ? "\"" : "",
		name ? m3d_escape(q, sizeof(q), name, ESC_UTF8) : "",
		name ? "\"" : "", why);
}

static const char *read_error(int err)
{
	return err == EINVAL ? "a NUL byte in it" : strerror(err);
}

/* The whole file, NUL-terminated; NULL with errno set. */
static char *slurp(const char *path, size_t room)
{
	FILE *f = fopen(path, "re");
	size_t len = 0, size = 0;
	char *buf = NULL, *b;
	int err = 0;

	if (!f)
		return NULL;
	do {
		b = grow(buf, &size, len + 4096 + 1, 1);
		if (b)
			buf = b;
		if (!b || len > room) {
			errno = b ? EFBIG : ENOMEM;
			break;
		}
		len += fread(buf + len, 1, 4096, f);
	} while (!feof(f) && !ferror(f));
	if (ferror(f) || !feof(f) || memchr(buf, 0, len)) {
		/* EINVAL: a NUL byte */
		err = !ferror(f) && feof(f) ? EINVAL : errno;
		free(buf);
		buf = NULL;
	} else {
		buf[len] = 0;
	}
	fclose(f);
	errno = err;
	return buf;
}

static int add_file(struct conf_text *t, const char *path)
{
	char **f = realloc(t->files, (size_t)(t->nr_files + 1) * sizeof(*f));

	if (!f || !(f[t->nr_files] = strdup(path)))
		nomem();
	t->files = f;
	return t->nr_files++;
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

static void scan(struct conf_text *t, struct src *s);

static void read_file(struct conf_text *t, const char *path, int depth,
		      const struct src *from)
{
	struct src s = { .depth = depth, .line = 1, .bol = 1, .st = L_CODE };
	char *buf = slurp(path, t->len < CONF_MAX_SIZE ?
			  CONF_MAX_SIZE - t->len : 0);
	char why[128];

	if (!buf && from) {
		snprintf(why, sizeof(why), ": %s", read_error(errno));
		error_at(t, from, "cannot read @include ", path, why);
		return;
	}
	if (!buf) {
		m3d_err(t->e, NULL, F_ENTRY, "%s: cannot read: %s", path,
			read_error(errno));
		return;
	}
	s.file = add_file(t, path);
	set_line(t, s.file, 1);
	s.p = buf;
	scan(t, &s);
	free(buf);
}

/*
 * An @include at p (a line's start)? 1 with the file name in name and
 * *end after its closing quote, 0 if none, -1 if malformed.
 */
static int include_at(const char *p, char *name, size_t size,
		      const char **end)
{
	size_t n = 0;

	p += strspn(p, " \t");
	if (strncmp(p, "@include", 8) || !strchr(" \t", p[8]) || !p[8])
		return 0;
	p += 8 + strspn(p + 8, " \t");
	if (*p++ != '"')
		return 0;
	for (; *p && *p != '"' && *p != '\n'; p++) {
		if (*p == '\\' && (p[1] == '\\' || p[1] == '"'))
			p++;
		if (n + 1 >= size)
			return -1;
		name[n++] = *p;
	}
	name[n] = 0;
	*end = p + 1;
	return *p == '"' && n ? 1 : -1;
}

static void include(struct conf_text *t, struct src *s, const char *name)
{
	char path[M3D_PATH_LEN];
	const char *top = t->files[0];

	if (m3d_text_check(name)) {
		error_at(t, s, "@include ", name, ": the name is not text");
		return;
	}
	if (s->depth + 1 >= CONF_MAX_DEPTH) {
		error_at(t, s, "@include ", name, ": nested too deep");
		return;
	}
	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%.*s%s", (int)dir_len(top), top,
			 name);
	read_file(t, path, s->depth + 1, s);
	if (!t->at_line_start)
		newline(t, s->file, s->line);
	else
		set_line(t, s->file, s->line);
}

/* Handles an @include at s->p if there is one; 1 if it did. */
static int maybe_include(struct conf_text *t, struct src *s)
{
	char name[M3D_PATH_LEN];
	const char *end;
	int r = include_at(s->p, name, sizeof(name), &end);

	if (r < 0) {
		error_at(t, s, "malformed @include", NULL, "");
		s->p += strcspn(s->p, "\n");
	} else if (r > 0) {
		include(t, s, name);
		s->p = end;
		/* What follows on the line must not look like an @include
		 * at a line's start to libconfig. */
		if (s->p[strspn(s->p, " \t")] == '@')
			put(t, "/**/", 4);
	}
	return r != 0;
}

static int number_start(const char *p)
{
	if (*p == '-' || *p == '+')
		p++;
	return isdigit((unsigned char)p[0]) ||
	       (p[0] == '.' && isdigit((unsigned char)p[1]));
}

/* A decimal or hex integer without L: its value doesn't fit in 64 bits
 * (*big), or in libconfig 1.5's int (*fix). 0 if it is something else. */
static int int_literal(const char *p, size_t n, int *big, int *fix)
{
	int hex = n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	size_t d = hex ? 2 : (*p == '-' || *p == '+');
	long long v;
	unsigned long long u;

	if (d >= n || strspn(p + d, hex ? "0123456789abcdefABCDEF" :
			     "0123456789") != n - d)
		return 0;
	errno = 0;
	if (hex) {
		u = strtoull(p, NULL, 16);
		*big = errno || u > INT64_MAX;
		*fix = u > INT32_MAX;
	} else {
		v = strtoll(p, NULL, 10);
		*big = errno != 0;
		*fix = v < INT32_MIN || v > INT32_MAX;
	}
	return 1;
}

static void number(struct conf_text *t, struct src *s)
{
	const char *p = s->p, *q = p + (*p == '-' || *p == '+');
	char tok[64];
	int big, fix;

	while (isalnum((unsigned char)*q) || *q == '.' || *q == '_' ||
	       ((*q == '-' || *q == '+') && (q[-1] == 'e' || q[-1] == 'E')))
		q++;
	s->p = q;
	if (!int_literal(p, (size_t)(q - p), &big, &fix)) {
		put(t, p, (size_t)(q - p));
		return;
	}
	if (big) {
		snprintf(tok, sizeof(tok), "%.*s is out of range (more than 64 "
			 "bits)", (int)(q - p), p);
		error_at(t, s, tok, NULL, "");
		put(t, "0", 1);
		return;
	}
	put(t, p, (size_t)(q - p));
	if (fix)
		put(t, "L", 1);
}

static void code(struct conf_text *t, struct src *s)
{
	const char *p = s->p;
	size_t n = 1;

	if (*p == '"') {
		s->st = L_STRING;
	} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
		n = strcspn(p, "\n");
	} else if (p[0] == '/' && p[1] == '*') {
		s->st = L_COMMENT;
		n = 2;
	} else if (isalpha((unsigned char)*p) || *p == '*') {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*");
	} else if (number_start(p)) {
		number(t, s);
		return;
	}
	put(t, p, n);
	s->p += n;
}

static void in_string(struct conf_text *t, struct src *s)
{
	size_t n = s->p[0] == '\\' && s->p[1] && s->p[1] != '\n' ? 2 : 1;

	if (s->p[0] == '"')
		s->st = L_CODE;
	put(t, s->p, n);
	s->p += n;
}

static void in_comment(struct conf_text *t, struct src *s)
{
	size_t n = s->p[0] == '*' && s->p[1] == '/' ? 2 : 1;

	if (n == 2)
		s->st = L_CODE;
	put(t, s->p, n);
	s->p += n;
}

static void scan(struct conf_text *t, struct src *s)
{
	while (*s->p) {
		if (*s->p == '\n') {
			s->p++;
			newline(t, s->file, ++s->line);
			s->bol = 1;
			continue;
		}
		if (s->bol && s->st == L_CODE && maybe_include(t, s)) {
			s->bol = 0;
			continue;
		}
		s->bol = 0;
		if (s->st == L_CODE)
			code(t, s);
		else if (s->st == L_STRING)
			in_string(t, s);
		else
			in_comment(t, s);
	}
}

int conf_text_read(struct conf_text *t, const char *path,
		   struct m3d_errors *e)
{
	int before = e->count;

	memset(t, 0, sizeof(*t));
	t->e = e;
	t->lines = grow(NULL, &t->lines_size, 1, sizeof(*t->lines));
	if (!t->lines)
		nomem();
	t->nr_lines = 1;
	put(t, "", 0);
	t->at_line_start = 1;
	read_file(t, path, 0, NULL);
	return e->count - before;
}

const char *conf_text_file(const struct conf_text *t, int n)
{
	if (n < 1 || (size_t)n > t->nr_lines || !t->nr_files)
		return t->nr_files ? t->files[0] : "";
	return t->files[t->lines[n - 1].file];
}

int conf_text_line(const struct conf_text *t, int n)
{
	if (n < 1 || (size_t)n > t->nr_lines)
		return 0;
	return t->lines[n - 1].line;
}

void conf_text_free(struct conf_text *t)
{
	int i;

	for (i = 0; i < t->nr_files; i++)
		free(t->files[i]);
	free(t->files);
	free(t->lines);
	free(t->text);
	memset(t, 0, sizeof(*t));
}
