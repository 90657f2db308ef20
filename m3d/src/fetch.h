/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directory's part of the model, read in a job (job.h): the child
 * runs m3d_ldap_load() into a shared mapping that holds a copy of the
 * file's part, the errors and the outcome; the parent takes them once the
 * child has ended, or learns that it ran out of time.
 */
#ifndef M3D_FETCH_H
#define M3D_FETCH_H

#include "job.h"
#include "load.h"

struct m3d_fetch_out;

struct m3d_fetch {
	struct m3d_job job;		/* job.pid 0: no read under way */
	struct m3d_fetch_out *out;	/* shared with the child */
	struct m3d_ldap_conf conf;
};

/* Starts reading the entries under c's base on top of base; 0 or -errno. */
int m3d_fetch_start(struct m3d_fetch *f, const struct m3d_ldap_conf *c,
		    const struct m3d_model *base);
/*
 * After m3d_job_line() returned -1: LOAD_OK with the model in m (errors of
 * the entries, if any, added to e; not validated yet), LOAD_UNREACHABLE or
 * LOAD_LDAP_ERROR with the reason in err.
 */
enum m3d_load_result m3d_fetch_end(struct m3d_fetch *f, struct m3d_model *m,
				   struct m3d_errors *e, char *err,
				   size_t len);
/* Ends a read under way (SIGKILL); nothing of it is used. */
void m3d_fetch_cancel(struct m3d_fetch *f);
/* Start, wait, end (m3d --check): m holds the base and gets the rest. */
enum m3d_load_result m3d_fetch_wait(const struct m3d_ldap_conf *c,
				    struct m3d_model *m, struct m3d_errors *e,
				    char *err, size_t len);

#endif
