// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm vm list|start|end, and stats. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "adm.h"
#include "kstate.h"

static int vm_list(struct adm *a)
{
	struct m3d_model *m = m3d_model_new();
	int r = m ? m3d_kstate_read(m) : -ENOMEM;

	if (r < 0) {
		m3d_model_free(m);
		return adm_error(r, "/dev/m3ipc");
	}
	adm_begin(&a->e, &adm_q_vm_list);
	adm_put_vms(a, m);
	adm_end(&a->e);
	m3d_model_free(m);
	return ADM_OK;
}

/* One KEY=VALUE of vm start into p; 0 or ADM_USAGE. */
static int start_arg(const char *arg, struct m3_vm_params *p)
{
	const char *v = strchr(arg, '=');
	unsigned long n;
	char *list, *tok, *save = NULL, q[256];
	int bad = 0;

	if (!v++)
		return ADM_USAGE;
	if (!strncmp(arg, "name=", 5) && !m3d_check_vm_name(v))
		snprintf(p->name, sizeof(p->name), "%s", v);
	else if (!strncmp(arg, "max_procs=", 10) && !m3d_parse_uint(v, M3_MAX_PROCS, &n))
		p->max_procs = (m3_u32)n;
	else if (!strncmp(arg, "owner=", 6) && !m3d_parse_user(v, &p->uid))
		;
	else if (!strncmp(arg, "group=", 6) && !m3d_parse_group(v, &p->gid))
		;
	else if (!strncmp(arg, "mode=", 5) && !m3d_parse_mode(v, &p->mode))
		;
	else if (!strncmp(arg, "flags=", 6) || !strncmp(arg, "nodes=", 6)) {
		list = strdup(v);
		bad = !list;
		tok = list ? strtok_r(list, ",", &save) : NULL;
		for (; tok && !bad; tok = strtok_r(NULL, ",", &save)) {
			if (arg[0] == 'f')
				bad = m3d_parse_flag(tok, &p->flags);
			else if (!(bad = m3d_parse_uint(tok, M3_MAX_NODES - 1, &n)))
				M3_NODE_SET(p->nodes, n);
		}
		free(list);
	} else
		bad = 1;
	if (bad)
		fprintf(stderr, "m3adm: vm start: bad setting \"%s\"\n",
			adm_esc(arg, q, sizeof(q)));
	return bad ? ADM_USAGE : 0;
}

static int vm_start(struct adm *a, int argc, char **argv)
{
	struct m3_vm_params p = { .vmid = -1 };
	struct m3_drvs_info di;
	struct adm_said said = { 0 };
	int i, r;

	if (argc < 1 || (strcmp(argv[0], "any") && adm_vmid(argv[0], &p.vmid)))
		return ADM_USAGE;
	for (i = 1; i < argc; i++)
		if (start_arg(argv[i], &p))
			return ADM_USAGE;
	r = adm_module(&di);
	if (r)
		return r;
	r = mnx_vm_init(&p);
	if (r < 0)
		return adm_error(r, "vm start");
	said.vmid = r;
	adm_print(&a->e, &adm_q_vm_start, &said);
	return ADM_OK;
}

static int vm_end(struct adm *a, int argc, char **argv)
{
	struct m3_drvs_info di;
	struct adm_said said = { 0 };
	char what[32];
	int r;

	if (argc != 1 || adm_vmid(argv[0], &said.vmid))
		return ADM_USAGE;
	r = adm_module(&di);
	if (r)
		return r;
	r = mnx_vm_end(said.vmid);
	snprintf(what, sizeof(what), "vm end: VM %d", said.vmid);
	if (r < 0)
		return adm_error(r, what);
	adm_print(&a->e, &adm_q_vm_end, &said);
	return ADM_OK;
}

int adm_vm(struct adm *a, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "list"))
		return argc > 2 ? ADM_USAGE : vm_list(a);
	if (!strcmp(argv[1], "start"))
		return vm_start(a, argc - 2, argv + 2);
	if (!strcmp(argv[1], "end"))
		return vm_end(a, argc - 2, argv + 2);
	return ADM_USAGE;
}

static int stats_row(struct adm *a, int vmid)
{
	struct m3_vm_info vi;
	int r = mnx_vm_info(vmid, &vi);

	if (r == 0)
		adm_put(&a->e, &vi);
	return r;
}

int adm_stats(struct adm *a, int argc, char **argv)
{
	return adm_each_vm(a, argc, argv, "stats", &adm_q_stats, stats_row);
}
