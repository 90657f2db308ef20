// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm status: the DRVS, m3d, the nodes, the VMs and their members. */
#include <errno.h>
#include "adm.h"
#include "kstate.h"

void adm_put_vms(struct adm *a, const struct m3d_model *m)
{
	size_t i;

	adm_part(&a->e);
	for (i = 0; i < m->nr_vms; i++)
		adm_put(&a->e, &m->vms[i]);
}

/* m3d's status file, as read by adm_daemon(). */
static void read_daemon(struct adm *a, struct adm_daemon_info *d)
{
	d->pid = adm_daemon(a, "source", d->src, sizeof(d->src));
	if (d->pid == ADM_DAEMON_UNKNOWN) {
		adm_daemon(a, NULL, d->why, sizeof(d->why));
		return;
	}
	adm_daemon(a, "ldap", d->ldap, sizeof(d->ldap));
	adm_daemon(a, "status", d->status, sizeof(d->status));
	adm_daemon(a, "cluster", d->cluster, sizeof(d->cluster));
	adm_daemon(a, "managed", d->managed, sizeof(d->managed));
}

int adm_status(struct adm *a, int argc, char **argv)
{
	struct adm_daemon_info d = { 0 };
	struct m3d_model *m;
	struct m3_drvs_info di;
	int r;

	(void)argv;
	if (argc > 1)
		return ADM_USAGE;
	r = mnx_drvs_info(&di);
	if (r < 0)
		return adm_error(r, "/dev/m3ipc");
	m = m3d_model_new();
	r = m ? m3d_kstate_read(m) : -ENOMEM;
	if (r < 0) {
		m3d_model_free(m);
		return adm_error(r, "reading the VMs");
	}
	read_daemon(a, &d);
	adm_begin(&a->e, &adm_q_status);
	adm_part(&a->e);
	adm_put(&a->e, &di);
	adm_part(&a->e);
	adm_put(&a->e, &d);
	adm_put_nodes(a, &di);
	adm_put_vms(a, m);
	adm_put_members(a, m);
	adm_end(&a->e);
	m3d_model_free(m);
	return ADM_OK;
}
