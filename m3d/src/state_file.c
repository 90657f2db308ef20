// SPDX-License-Identifier: GPL-2.0-or-later
/* The applied configuration, written in the m3d.conf(5) format. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "conf_file.h"
#include "state_file.h"

static void put_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s = \"", key);
	for (; *s; s++)
		fprintf(f, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	fputs("\"; ", f);
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
	fprintf(f, "]; max_procs = %u; owner = %u; group = %u; "
		"mode = \"%04o\"; flags = [%s]; }%s\n", vm->max_procs,
		(unsigned int)vm->uid, (unsigned int)vm->gid, vm->mode,
		vm->flags & M3_VM_STRICT_COPY ? "\"strict_copy\"" : "",
		last ? "" : ",");
}

void m3d_model_write(FILE *f, const struct m3d_model *m)
{
	size_t i;

	fputs("# M3-IPC configuration, written by m3d (m3d.conf(5) format).\n", f);
	fprintf(f, "source = \"file\";\nnodeid = %d;\n", m->nodeid);
	fprintf(f, "drvs = {\n  nr_nodes = %u; max_vms = %u; max_procs = %u; "
		"max_copy = %u;\n", m->drvs.nr_nodes, m->drvs.max_vms,
		m->drvs.max_procs, m->drvs.max_copy);
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
