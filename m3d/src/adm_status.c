// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm status: the DRVS, m3d, and the VMs with their member counts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "kstate.h"

static void human_vms(FILE *o, const struct m3d_model *m)
{
	char name[4 * M3_NAME_LEN], members[24], nodes[M3_MAX_NODES * 4];
	size_t i;
	FILE *f;

	if (!m->nr_vms) {
		fprintf(o, "no VMs\n");
		return;
	}
	fprintf(o, "%-5s %-15s %-9s %-9s %-6s %-6s %-5s %s\n", "VMID", "NAME",
		"NODES", "MEMBERS", "UID", "GID", "MODE", "FLAGS");
	for (i = 0; i < m->nr_vms; i++) {
		const struct m3d_vm *v = &m->vms[i];

		f = fmemopen(nodes, sizeof(nodes), "w");
		if (f) {
			print_nodes(f, v->nodes, 0);
			fclose(f);
		}
		snprintf(members, sizeof(members), "%u/%u", v->nr_procs,
			 v->max_procs);
		fprintf(o, "%-5d %-15s %-9s %-9s %-6u %-6u %04o  %s\n", v->vmid,
			adm_esc(v->name, name, sizeof(name)), f ? nodes : "?",
			members, (unsigned int)v->uid, (unsigned int)v->gid,
			v->mode,
			v->flags & M3_VM_STRICT_COPY ? "strict_copy" : "-");
	}
}

static void json_vms(FILE *o, const struct m3d_model *m)
{
	size_t i;

	fprintf(o, "\"vms\":[");
	for (i = 0; i < m->nr_vms; i++) {
		const struct m3d_vm *v = &m->vms[i];

		fprintf(o, "%s{\"vmid\":%d,\"name\":", i ? "," : "", v->vmid);
		m3d_json_str(o, v->name);
		fprintf(o, ",\"nodes\":");
		print_nodes(o, v->nodes, 1);
		fprintf(o, ",\"members\":%u,\"max_procs\":%u,\"uid\":%u,"
			"\"gid\":%u,\"mode\":\"%04o\",\"flags\":[%s]}",
			v->nr_procs, v->max_procs, (unsigned int)v->uid,
			(unsigned int)v->gid, v->mode,
			v->flags & M3_VM_STRICT_COPY ? "\"strict_copy\"" : "");
	}
	fprintf(o, "]");
}

/* m3d's status file, as read by adm_daemon(). */
struct daemon_info {
	int pid;			/* or ADM_DAEMON_UNKNOWN */
	char src[16], ldap[32], status[512], managed[8192], why[4400];
};

static void json_managed(FILE *o, const char *list)
{
	int ids[M3_MAX_VMS], i, n = adm_managed_ids(list, ids, M3_MAX_VMS);

	fprintf(o, ",\"managed\":[");
	for (i = 0; i < n; i++)
		fprintf(o, "%s%d", i ? "," : "", ids[i]);
	fprintf(o, "]");
}

static void json_daemon(FILE *o, const struct daemon_info *d)
{
	if (d->pid == ADM_DAEMON_UNKNOWN) {
		fprintf(o, "\"m3d\":{\"running\":null,\"error\":");
		m3d_json_str(o, d->why);
		fprintf(o, "}");
		return;
	}
	fprintf(o, "\"m3d\":{\"running\":%s", d->pid ? "true" : "false");
	if (d->pid) {
		fprintf(o, ",\"pid\":%d,\"source\":", d->pid);
		m3d_json_str(o, d->src);
		fprintf(o, ",\"ldap\":");
		m3d_json_str(o, d->ldap);
		fprintf(o, ",\"status\":");
		m3d_json_str(o, d->status);
		json_managed(o, d->managed);
	}
	fprintf(o, "}");
}

static void human_daemon(FILE *o, const struct daemon_info *d)
{
	char src[64], ldap[128], st[2048], why[sizeof(d->why) * 4];

	if (d->pid == ADM_DAEMON_UNKNOWN) {
		fprintf(o, "m3d:   unknown (%s)\n",
			adm_esc(d->why, why, sizeof(why)));
		return;
	}
	if (!d->pid) {
		fprintf(o, "m3d:   not running\n");
		return;
	}
	fprintf(o, "m3d:   pid %d, source %s%s%s%s, %s\n", d->pid,
		adm_esc(d->src, src, sizeof(src)), *d->ldap ? " (" : "",
		adm_esc(d->ldap, ldap, sizeof(ldap)), *d->ldap ? ")" : "",
		adm_esc(d->status, st, sizeof(st)));
}

static void daemon_line(struct adm *a)
{
	struct daemon_info d = { 0 };

	d.pid = adm_daemon(a, "source", d.src, sizeof(d.src));
	if (d.pid == ADM_DAEMON_UNKNOWN) {
		adm_daemon(a, NULL, d.why, sizeof(d.why));
	} else {
		adm_daemon(a, "ldap", d.ldap, sizeof(d.ldap));
		adm_daemon(a, "status", d.status, sizeof(d.status));
		adm_daemon(a, "managed", d.managed, sizeof(d.managed));
	}
	if (a->json)
		json_daemon(a->out, &d);
	else
		human_daemon(a->out, &d);
}

static void drvs_line(FILE *o, const struct m3_drvs_info *di, int json)
{
	if (json) {
		fprintf(o, "\"drvs\":{\"initialized\":%s,\"nodeid\":%d,"
			"\"nr_nodes\":%u,\"max_vms\":%u,\"max_procs\":%u,"
			"\"max_copy\":%u,\"nr_vms\":%u,\"version\":\"%u.%u\"}",
			di->initialized ? "true" : "false", di->nodeid,
			di->nr_nodes, di->max_vms, di->max_procs, di->max_copy,
			di->nr_vms, di->version >> 16, di->version & 0xffff);
	} else if (!di->initialized) {
		fprintf(o, "drvs:  not initialized (module %u.%u)\n",
			di->version >> 16, di->version & 0xffff);
	} else {
		fprintf(o, "drvs:  node %d of %u, %u VMs (max %u), max_procs "
			"%u, max_copy %u, module %u.%u\n", di->nodeid,
			di->nr_nodes, di->nr_vms, di->max_vms, di->max_procs,
			di->max_copy, di->version >> 16, di->version & 0xffff);
	}
}

void adm_print_vms(struct adm *a, const struct m3d_model *m)
{
	if (!a->json) {
		human_vms(a->out, m);
		return;
	}
	fprintf(a->out, "{");
	json_vms(a->out, m);
	fprintf(a->out, "}\n");
}

int adm_status(struct adm *a, int argc, char **argv)
{
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
	fputs(a->json ? "{" : "", a->out);
	drvs_line(a->out, &di, a->json);
	fputs(a->json ? "," : "", a->out);
	daemon_line(a);
	if (a->json) {
		fprintf(a->out, ",");
		json_vms(a->out, m);
		fprintf(a->out, "}\n");
	} else {
		fprintf(a->out, "\n");
		human_vms(a->out, m);
	}
	m3d_model_free(m);
	return ADM_OK;
}
