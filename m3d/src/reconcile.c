// SPDX-License-Identifier: GPL-2.0-or-later
/* Reconcile: the kernel made to match a desired model, which is saved. */
#include <errno.h>
#include <string.h>
#include "apply.h"
#include "daemon.h"
#include "kstate.h"
#include "load.h"
#include "log.h"
#include "state_file.h"

void m3d_log_errors(const struct m3d_errors *e)
{
	char copy[sizeof(e->buf)], *line, *save = NULL;

	memcpy(copy, e->buf, sizeof(copy));
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		m3d_log(LOG_ERR, "%s", line);
}

/* The saved state: the VMs a previous m3d managed, and the fallback. */
static struct m3d_model *saved(struct m3d_daemon *d)
{
	struct m3d_errors e = { .count = 0 };
	struct m3d_model *m = m3d_model_new();
	const char *dir = m3d_state_dir(d->opt.state_dir, &d->set);

	if (m && m3d_state_load(dir, m, &e) == 0)
		return m;
	if (e.count)
		m3d_log(LOG_WARNING, "ignoring %s/%s: %s", dir, M3D_STATE_FILE,
			e.buf);
	m3d_model_free(m);
	return NULL;
}

struct m3d_model *m3d_copy_model(const struct m3d_model *m)
{
	struct m3d_model *c = m3d_model_new();

	if (c)
		*c = *m;
	return c;
}

static void remember(struct m3d_daemon *d, struct m3d_model *want, int ok)
{
	const char *dir = m3d_state_dir(d->opt.state_dir, &d->set);
	int r;

	m3d_model_free(d->last);
	d->last = want;
	d->applied = 1;
	if (!ok)
		return;
	r = m3d_state_save(dir, want);
	if (r < 0)
		m3d_log(LOG_WARNING, "cannot save %s/%s: %s", dir,
			M3D_STATE_FILE, strerror(-r));
}

int m3d_reconcile(struct m3d_daemon *d, struct m3d_model *want)
{
	static struct m3d_plan plan;
	struct m3d_model *have;
	int failed, fatal, r;

	if (!want)
		return -1;
	if (!d->last) {		/* first run: what did m3d manage? */
		d->last = saved(d);
		m3d_cluster_adopt(&d->cluster, d->last);
	}
	have = m3d_model_new();
	r = have ? m3d_kstate_read(have) : -ENOMEM;
	if (r < 0) {
		m3d_log(LOG_ERR, "cannot read the kernel's state (%s): is "
			"m3ipc.ko loaded?", m3_strerror(r));
		m3d_model_free(have);
		m3d_model_free(want);
		return -1;
	}
	m3d_plan(want, have, d->last, &plan);
	failed = m3d_apply(&plan, want, &d->cluster, !d->ready && !d->applied,
			   &fatal);
	m3d_model_free(have);
	if (fatal) {
		m3d_model_free(want);
		m3d_status(d, "not started: this node could not join the "
			   "others (see the journal)");
		return -1;
	}
	remember(d, want, !failed);
	m3d_status(d, "%zu VM%s configured, %zu change%s applied%s",
		   want->nr_vms, want->nr_vms == 1 ? "" : "s",
		   m3d_plan_changes(&plan),
		   m3d_plan_changes(&plan) == 1 ? "" : "s",
		   failed ? ", some failed (see the journal)" : "");
	return 0;
}

int m3d_fallback(struct m3d_daemon *d)
{
	if (d->applied)
		return 0;	/* keep running what we run */
	if (!d->last)
		d->last = saved(d);
	if (d->last) {
		m3d_log(LOG_WARNING, "LDAP unreachable: running on the last "
			"configuration applied (%s/%s)",
			m3d_state_dir(d->opt.state_dir, &d->set),
			M3D_STATE_FILE);
		return m3d_reconcile(d, m3d_copy_model(d->last));
	}
	m3d_log(LOG_WARNING, "LDAP unreachable and no saved configuration: "
		"waiting for LDAP");
	m3d_status(d, "waiting for LDAP");
	return 0;
}
