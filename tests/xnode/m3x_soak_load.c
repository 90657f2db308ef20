// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak-check: the logs (DIR/nodeK.bootB.log, records of 32 bytes; a
 * node killed may have left half a record at the end), the members they
 * name, and the faults node 0 made (DIR/faults: "KIND A B T" a line).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "m3x_soak_check.h"

static int xc_read(struct xc *c, const char *dir, const char *name)
{
	struct xc_file *f = &c->file[c->nr_files];
	char path[512];
	struct stat st;
	FILE *in;
	size_t n;

	if (sscanf(name, "node%d.boot%d.log", &f->node, &f->boot) != 2)
		return 0;
	if (c->nr_files == (int)(sizeof(c->file) / sizeof(c->file[0])))
		return m3x_fail("too many logs");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "r");
	if (!in || fstat(fileno(in), &st))
		return m3x_fail("%s: %m", path);
	n = (size_t)st.st_size / sizeof(struct xs_rec);
	c->rec = realloc(c->rec, (c->nr_rec + n) * sizeof(struct xs_rec));
	if (!c->rec || fread(c->rec + c->nr_rec, sizeof(struct xs_rec), n,
			     in) != n)
		return m3x_fail("%s: cannot read %zu records", path, n);
	fclose(in);
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->first = c->nr_rec;
	f->nr = n;
	c->nr_rec += n;
	c->nr_files++;
	return 0;
}

static int xc_read_faults(struct xc *c, const char *dir)
{
	struct xc_fault *f;
	char path[512], line[128];
	FILE *in;

	snprintf(path, sizeof(path), "%s/faults", dir);
	in = fopen(path, "r");
	if (!in)
		return m3x_fail("%s: %m", path);
	while (fgets(line, sizeof(line), in) &&
	       c->nr_faults < (int)(sizeof(c->fault) / sizeof(c->fault[0]))) {
		f = &c->fault[c->nr_faults];
		if (sscanf(line, "%15s %d %d %u", f->kind, &f->a, &f->b,
			   &f->t) == 4)
			c->nr_faults++;
	}
	fclose(in);
	return 0;
}

/* The entry of @ep in the member table (a free one if it is not there). */
static struct xc_member *xc_slot_of(struct xc *c, int ep)
{
	size_t i = ((uint32_t)ep * 2654435761u) & (c->mem_cap - 1);

	while (c->mem[i].binds && c->mem[i].ep != ep)
		i = (i + 1) & (c->mem_cap - 1);
	return &c->mem[i];
}

struct xc_member *xc_member(struct xc *c, int ep)
{
	struct xc_member *m = xc_slot_of(c, ep);

	return m->binds ? m : NULL;
}

/* The log record @rec is in. */
int xc_file_of(const struct xc *c, size_t rec)
{
	int f;

	for (f = 0; f < c->nr_files; f++)
		if (rec < c->file[f].first + c->file[f].nr)
			return f;
	return -1;
}

static void xc_bound(struct xc *c, const struct xs_rec *r, int file)
{
	struct xc_member *m = xc_slot_of(c, r->self);

	if (m->binds)
		xc_fail(c, XC_ENDPOINTS, "endpoint %d bound in %s and in %s",
			r->self, c->file[m->file].name, c->file[file].name);
	m->ep = r->self;
	m->file = file;
	m->role = (int)r->aux;
	m->state = XC_LOST;
	m->binds++;
}

static void xc_ended(struct xc *c, const struct xs_rec *r)
{
	struct xc_member *m = xc_member(c, r->self);

	if (!m || m->state == XC_COMPLETE)
		return;		/* what it did ended in order */
	if (r->type == XS_KILLED) {
		m->state = XC_KILLED;
		return;
	}
	m->state = XC_COMPLETE;
	m->downs[0] = r->seq;
	m->downs[1] = r->aux;
	m->downs[2] = r->aux2;
}

/* Every member: where it is, what it was, how its log ends. */
static int xc_members(struct xc *c)
{
	size_t i;
	int f;

	for (c->mem_cap = 1024; c->mem_cap < 4 * c->nr_rec / 16 + 1024;)
		c->mem_cap *= 2;
	c->mem = calloc(c->mem_cap, sizeof(*c->mem));
	if (!c->mem)
		return m3x_fail("no memory for the members");
	for (f = 0; f < c->nr_files; f++)
		for (i = c->file[f].first; i < c->file[f].first + c->file[f].nr; i++)
			if (c->rec[i].type == XS_BIND)
				xc_bound(c, &c->rec[i], f);
	for (i = 0; i < c->nr_rec; i++)
		if (c->rec[i].type == XS_END || c->rec[i].type == XS_KILLED)
			xc_ended(c, &c->rec[i]);
	return 0;
}

int xc_load(struct xc *c, const char *dir)
{
	struct dirent **names;
	int n, i, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return m3x_fail("%s: %m", dir);
	for (i = 0; i < n; i++) {
		ret = ret || xc_read(c, dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	if (!ret && !c->nr_files)
		return m3x_fail("no logs in %s", dir);
	return ret || xc_read_faults(c, dir) || xc_members(c);
}
