// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm status: the DRVS, m3d, and the VMs with their member counts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "kstate.h"

static void human_vms(const struct m3d_model *m)
{
	size_t i;

	if (!m->nr_vms) {
		printf("no VMs\n");
		return;
	}
	printf("%-5s %-15s %-9s %-9s %-6s %-6s %-5s %s\n", "VMID", "NAME",
	       "NODES", "MEMBERS", "UID", "GID", "MODE", "FLAGS");
	for (i = 0; i < m->nr_vms; i++) {
		const struct m3d_vm *v = &m->vms[i];
		char members[24];
		char *nodes = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&nodes, &len);

		print_nodes(f, v->nodes, 0);
		fclose(f);
		snprintf(members, sizeof(members), "%u/%u", v->nr_procs,
			 v->max_procs);
		printf("%-5d %-15s %-9s %-9s %-6u %-6u %04o  %s\n", v->vmid,
		       v->name, nodes, members, (unsigned int)v->uid,
		       (unsigned int)v->gid, v->mode,
		       v->flags & M3_VM_STRICT_COPY ? "strict_copy" : "-");
		free(nodes);
	}
}

static void json_vms(const struct m3d_model *m)
{
	size_t i;

	printf("\"vms\":[");
	for (i = 0; i < m->nr_vms; i++) {
		const struct m3d_vm *v = &m->vms[i];

		printf("%s{\"vmid\":%d,\"name\":", i ? "," : "", v->vmid);
		json_str(stdout, v->name);
		printf(",\"nodes\":");
		print_nodes(stdout, v->nodes, 1);
		printf(",\"members\":%u,\"max_procs\":%u,\"uid\":%u,\"gid\":%u,"
		       "\"mode\":\"%04o\",\"flags\":[%s]}", v->nr_procs,
		       v->max_procs, (unsigned int)v->uid,
		       (unsigned int)v->gid, v->mode,
		       v->flags & M3_VM_STRICT_COPY ? "\"strict_copy\"" : "");
	}
	printf("]");
}

static void daemon_line(struct adm *a)
{
	char src[16], ldap[32], st[512], managed[8192];
	const char *p;
	int pid = adm_daemon(a, "source", src, sizeof(src));

	adm_daemon(a, "ldap", ldap, sizeof(ldap));
	adm_daemon(a, "status", st, sizeof(st));
	adm_daemon(a, "managed", managed, sizeof(managed));

	if (a->json) {
		printf("\"m3d\":{\"running\":%s", pid ? "true" : "false");
		if (pid) {
			printf(",\"pid\":%d,\"source\":", pid);
			json_str(stdout, src);
			printf(",\"ldap\":");
			json_str(stdout, ldap);
			printf(",\"status\":");
			json_str(stdout, st);
			printf(",\"managed\":[");
			for (p = managed; *p; p++)
				putchar(*p == ' ' ? ',' : *p);
			printf("]");
		}
		printf("}");
		return;
	}
	if (!pid) {
		printf("m3d:   not running\n");
		return;
	}
	printf("m3d:   pid %d, source %s%s%s%s, %s\n", pid, src,
	       *ldap ? " (" : "", ldap, *ldap ? ")" : "", st);
}

static void drvs_line(const struct m3_drvs_info *di, int json)
{
	if (json) {
		printf("\"drvs\":{\"initialized\":%s,\"nodeid\":%d,"
		       "\"nr_nodes\":%u,\"max_vms\":%u,\"max_procs\":%u,"
		       "\"max_copy\":%u,\"nr_vms\":%u,\"version\":\"%u.%u\"}",
		       di->initialized ? "true" : "false", di->nodeid,
		       di->nr_nodes, di->max_vms, di->max_procs, di->max_copy,
		       di->nr_vms, di->version >> 16, di->version & 0xffff);
	} else if (!di->initialized) {
		printf("drvs:  not initialized (module %u.%u)\n",
		       di->version >> 16, di->version & 0xffff);
	} else {
		printf("drvs:  node %d of %u, %u VMs (max %u), max_procs %u, "
		       "max_copy %u, module %u.%u\n", di->nodeid, di->nr_nodes,
		       di->nr_vms, di->max_vms, di->max_procs, di->max_copy,
		       di->version >> 16, di->version & 0xffff);
	}
}

void adm_print_vms(const struct m3d_model *m, int json)
{
	if (!json) {
		human_vms(m);
		return;
	}
	printf("{");
	json_vms(m);
	printf("}\n");
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
	printf(a->json ? "{" : "");
	drvs_line(&di, a->json);
	printf(a->json ? "," : "");
	daemon_line(a);
	if (a->json) {
		printf(",");
		json_vms(m);
		printf("}\n");
	} else {
		printf("\n");
		human_vms(m);
	}
	m3d_model_free(m);
	return ADM_OK;
}
