// SPDX-License-Identifier: GPL-2.0-or-later
/* The applied configuration, written in the m3d.conf(5) format. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "conf_file.h"
#include "state_file.h"

/* A string as libconfig reads it back: quotes, backslashes and control
 * bytes escaped (validated models have none of the latter). */
static void put_str(FILE *f, const char *key, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fprintf(f, "%s = \"", key);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputs("\"; ", f);
}

/*
 * A 32-bit unsigned setting. libconfig 1.5 reads integers above INT_MAX
 * wrong (3000000000 as -1294967296): those are written 64-bit, with an L.
 */
static void put_u32(FILE *f, const char *key, uint32_t v, const char *end)
{
	fprintf(f, "%s = %" PRIu32 "%s;%s", key, v, v > INT32_MAX ? "L" : "",
		end);
}

static void write_nodes(FILE *f, const struct m3d_model *m)
{
	size_t i;

	fputs("  nodes = (\n", f);
	for (i = 0; i < m->nr_nodes; i++) {
		fprintf(f, "    { id = %d; ", m->nodes[i].id);
		put_str(f, "name", m->nodes[i].name);
		put_str(f, "host", m->nodes[i].host);
		fprintf(f, "}%s\n", i + 1 < m->nr_nodes ? "," : "");
	}
	fputs("  );\n", f);
}

static void write_vm(FILE *f, const struct m3d_vm *vm, int last)
{
	unsigned int n;
	const char *sep = "";

	fprintf(f, "  { vmid = %d; ", vm->vmid);
	put_str(f, "name", vm->name);
	fputs("nodes = [", f);
	for (n = 0; n < M3_MAX_NODES; n++)
		if (M3_NODE_ISSET(vm->nodes, n)) {
			fprintf(f, "%s%u", sep, n);
			sep = ", ";
		}
	fputs("]; ", f);
	put_u32(f, "max_procs", vm->max_procs, " ");
	put_u32(f, "owner", vm->uid, " ");
	put_u32(f, "group", vm->gid, " ");
	fprintf(f, "mode = \"%04o\"; flags = [%s]; }%s\n", vm->mode,
		vm->flags & M3_VM_STRICT_COPY ? "\"strict_copy\"" : "",
		last ? "" : ",");
}

void m3d_model_write(FILE *f, const struct m3d_model *m)
{
	size_t i;

	fputs("# M3-IPC configuration, written by m3d (m3d.conf(5) format).\n", f);
	fprintf(f, "source = \"file\";\nnodeid = %d;\n", m->nodeid);
	fputs("drvs = {\n  ", f);
	put_u32(f, "nr_nodes", m->drvs.nr_nodes, " ");
	put_u32(f, "max_vms", m->drvs.max_vms, " ");
	put_u32(f, "max_procs", m->drvs.max_procs, " ");
	put_u32(f, "max_copy", m->drvs.max_copy, "\n");
	write_nodes(f, m);
	fputs("};\nvms = (\n", f);
	for (i = 0; i < m->nr_vms; i++)
		write_vm(f, &m->vms[i], i + 1 == m->nr_vms);
	fputs(");\n", f);
}

int m3d_state_save(const char *dir, const struct m3d_model *m)
{
	char path[M3D_PATH_LEN + 32], tmp[M3D_PATH_LEN + 32];
	FILE *f;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, M3D_STATE_FILE);
	snprintf(tmp, sizeof(tmp), "%s/%s.new", dir, M3D_STATE_FILE);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	m3d_model_write(f, m);
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
