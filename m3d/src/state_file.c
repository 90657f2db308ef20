// SPDX-License-Identifier: GPL-2.0-or-later
/* The applied configuration, written in the m3d.conf(5) format. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "conf_file.h"
#include "fields.h"
#include "state_file.h"

/* A string as libconfig reads it back: quotes, backslashes and control
 * bytes escaped (validated models have none of the latter). */
static void put_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/*
 * A 32-bit unsigned value. libconfig 1.5 reads integers above INT_MAX
 * wrong (3000000000 as -1294967296): those are written 64-bit, with an L.
 */
static void put_u32(FILE *f, uint32_t v)
{
	fprintf(f, "%" PRIu32 "%s", v, v > INT32_MAX ? "L" : "");
}

static void put_nodes(FILE *f, const uint64_t *nodes)
{
	const char *sep = "";
	unsigned int n;

	fputc('[', f);
	for (n = 0; n < M3_MAX_NODES; n++)
		if (M3_NODE_ISSET(nodes, n)) {
			fprintf(f, "%s%u", sep, n);
			sep = ", ";
		}
	fputc(']', f);
}

/* The names of a K_NAMES field: ["eth0", "eth1"]. */
static void put_names(FILE *f, const struct m3d_field_info *fi,
		      const char *p)
{
	size_t each = fi->size / fi->max, i;

	fputc('[', f);
	for (i = 0; i < fi->max && p[i * each]; i++) {
		fputs(i ? ", " : "", f);
		put_str(f, p + i * each);
	}
	fputc(']', f);
}

/* Field fd of obj as " key = value;", as the parser reads it back; a
 * secret (K_KEY) only with secrets, else a comment that it is set. */
static void put_field(FILE *f, enum m3d_field fd, const void *obj,
		      int secrets)
{
	const void *p = m3d_field_cptr(fd, obj);
	const unsigned int *u = p;
	char flags[M3D_FLAGS_LEN];

	if (m3d_field(fd)->kind == K_KEY && !secrets) {
		fprintf(f, " /* %s: %s */", m3d_field_key(fd),
			*(const char *)p ? "set, not shown" : "none");
		return;
	}
	fprintf(f, " %s = ", m3d_field_key(fd));
	switch (m3d_field(fd)->kind) {
	case K_ID:
		fprintf(f, "%d", *(const int *)p);
		break;
	case K_UINT:
	case K_USER:
	case K_GROUP:
		put_u32(f, *u);
		break;
	case K_TEXT:
	case K_VM_NAME:
	case K_KEY:
		put_str(f, p);
		break;
	case K_NAMES:
		put_names(f, m3d_field(fd), p);
		break;
	case K_NODES:
		put_nodes(f, p);
		break;
	case K_MODE:
		fprintf(f, "\"%04o\"", *u);
		break;
	case K_FLAGS:
		fprintf(f, "[%s]", m3d_flags_str(flags, sizeof(flags), *u,
						  "\"", ", "));
		break;
	default:
		break;
	}
	fputc(';', f);
}

static void put_fields(FILE *f, enum m3d_group g, const void *obj,
		       int secrets)
{
	int fd;

	m3d_each_field(fd, g)
		put_field(f, fd, obj, secrets);
}

void m3d_model_write(FILE *f, const struct m3d_model *m, int secrets)
{
	size_t i;

	fputs("# M3-IPC configuration, written by m3d (m3d.conf(5) format).\n", f);
	fprintf(f, "source = \"file\";\nnodeid = %d;\n", m->nodeid);
	fputs("drvs = {\n ", f);
	put_fields(f, G_DRVS, m, secrets);
	fputs("\n  nodes = (\n", f);
	for (i = 0; i < m->nr_nodes; i++) {
		fputs("    {", f);
		put_fields(f, G_NODE, &m->nodes[i], secrets);
		fprintf(f, " }%s\n", i + 1 < m->nr_nodes ? "," : "");
	}
	fputs("  );\n};\nvms = (\n", f);
	for (i = 0; i < m->nr_vms; i++) {
		fputs("  {", f);
		put_fields(f, G_VM, &m->vms[i], secrets);
		fprintf(f, " }%s\n", i + 1 < m->nr_vms ? "," : "");
	}
	fputs(");\n", f);
}

/* A new file that only its owner may read, whatever the umask: it may
 * hold the cluster key (secret.h's rule). */
static FILE *create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fchmod(fd, 0600) == 0 && (f = fdopen(fd, "w")))
		return f;
	close(fd);
	return NULL;
}

int m3d_state_save(const char *dir, const struct m3d_model *m)
{
	char path[M3D_PATH_LEN + 32], tmp[M3D_PATH_LEN + 32];
	FILE *f;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, M3D_STATE_FILE);
	snprintf(tmp, sizeof(tmp), "%s/%s.new", dir, M3D_STATE_FILE);
	f = create(tmp);
	if (!f)
		return -errno;
	m3d_model_write(f, m, 1);
	if (fflush(f) || fsync(fileno(f)))
		r = -errno;
	if (fclose(f) && !r)
		r = -errno;
	if (!r && rename(tmp, path))
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}

int m3d_state_load(const char *dir, struct m3d_model *m,
		   struct m3d_errors *e)
{
	char path[M3D_PATH_LEN + 32];
	struct m3d_settings s;

	snprintf(path, sizeof(path), "%s/%s", dir, M3D_STATE_FILE);
	if (access(path, F_OK))
		return -ENOENT;
	m3d_settings_default(&s);
	if (m3d_conf_read(path, &s, m, e))
		return -EINVAL;
	return m3d_validate(m, NULL, e) ? -EINVAL : 0;
}
