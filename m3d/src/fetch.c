// SPDX-License-Identifier: GPL-2.0-or-later
/* The LDAP read in a child process (fetch.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "fetch.h"
#include "ldap_conn.h"
#include "ldap_read.h"

struct m3d_fetch_out {
	int done;			/* set last by the child */
	int rc;				/* m3d_ldap_load()'s */
	char err[512];
	struct m3d_errors e;
	struct m3d_model m;
};

static void fetch_child(void *arg)
{
	struct m3d_fetch *f = arg;
	struct m3d_fetch_out *o = f->out;

	o->rc = m3d_ldap_load(&f->conf, &o->m, &o->e, o->err, sizeof(o->err));
	o->done = 1;
}

int m3d_fetch_start(struct m3d_fetch *f, const struct m3d_ldap_conf *c,
		    const struct m3d_model *base)
{
	int r;

	f->out = mmap(NULL, sizeof(*f->out), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (f->out == MAP_FAILED) {
		f->out = NULL;
		return -errno;
	}
	f->out->m = *base;
	f->conf = *c;
	r = m3d_job_start(&f->job, c->timeout, fetch_child, f);
	if (r < 0) {
		munmap(f->out, sizeof(*f->out));
		f->out = NULL;
	}
	return r;
}

static void add_errors(struct m3d_errors *to, const struct m3d_errors *from)
{
	size_t room = sizeof(to->buf) - 1 - to->len;
	size_t n = from->len < room ? from->len : room;

	memcpy(to->buf + to->len, from->buf, n);
	to->len += n;
	to->buf[to->len] = 0;
	to->count += from->count;
}

static enum m3d_load_result outcome(const struct m3d_fetch_out *o,
				    struct m3d_model *m, struct m3d_errors *e,
				    char *err, size_t len)
{
	if (o->rc == LDAP_UNREACHABLE || o->rc == LDAP_REFUSED) {
		snprintf(err, len, "%s", o->err);
		return o->rc == LDAP_REFUSED ? LOAD_LDAP_ERROR :
		       LOAD_UNREACHABLE;
	}
	*m = o->m;
	add_errors(e, &o->e);
	return LOAD_OK;
}

enum m3d_load_result m3d_fetch_end(struct m3d_fetch *f, struct m3d_model *m,
				   struct m3d_errors *e, char *err,
				   size_t len)
{
	enum m3d_load_result r = LOAD_UNREACHABLE;

	if (m3d_job_end(&f->job, err, len) == 0 && !f->out->done)
		snprintf(err, len, "the LDAP process ended without an answer");
	if (f->out->done)	/* whatever came after it */
		r = outcome(f->out, m, e, err, len);
	munmap(f->out, sizeof(*f->out));
	f->out = NULL;
	return r;
}

void m3d_fetch_cancel(struct m3d_fetch *f)
{
	if (!f->job.pid)
		return;
	m3d_job_kill(&f->job);
	munmap(f->out, sizeof(*f->out));
	f->out = NULL;
}

enum m3d_load_result m3d_fetch_wait(const struct m3d_ldap_conf *c,
				    struct m3d_model *m, struct m3d_errors *e,
				    char *err, size_t len)
{
	static struct m3d_fetch f;
	char line[M3D_JOB_LINE];
	struct pollfd p;
	int r = m3d_fetch_start(&f, c, m);

	if (r < 0) {
		snprintf(err, len, "cannot start the LDAP process: %s",
			 strerror(-r));
		return LOAD_UNREACHABLE;
	}
	while ((r = m3d_job_line(&f.job, line, sizeof(line))) >= 0) {
		p = (struct pollfd){ .fd = f.job.fd, .events = POLLIN };
		if (r == 0)
			poll(&p, 1, -1);
	}
	return m3d_fetch_end(&f, m, e, err, len);
}
