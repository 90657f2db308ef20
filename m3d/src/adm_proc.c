// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm proc [list] [VMID]: the bound threads, slot by slot. */
#include <errno.h>
#include <string.h>
#include "adm.h"

static const char *ep_str(int ep, char *buf, size_t len)
{
	if (ep == M3_ANY)
		return "ANY";
	if (ep == M3_NONE)
		return "-";
	snprintf(buf, len, "%d", ep);
	return buf;
}

static const char *state_str(const struct m3_proc_info *p)
{
	if (p->state & M3_ST_SENDING)
		return p->state & M3_ST_SENDREC ? "sendrec" : "sending";
	if (p->state & M3_ST_RECEIVING)
		return p->state & M3_ST_SENDREC ? "sendrec-wait" : "receiving";
	return "running";
}

static void row(const struct m3_proc_info *p, int json, int first)
{
	char b[16];
	int peer = p->state & M3_ST_SENDING ? p->sendto : p->getfrom;

	if (json) {
		printf("%s{\"vmid\":%d,\"endpoint\":%d,\"slot\":%d,\"pid\":%d,"
		       "\"tgid\":%d,\"nodeid\":%d,\"state\":\"%s\",\"peer\":%d,"
		       "\"name\":", first ? "" : ",", p->vmid, p->endpoint,
		       m3_ep_slot(p->endpoint), p->pid, p->tgid, p->nodeid,
		       state_str(p), peer);
		json_str(stdout, p->name);
		printf(",\"sends\":%llu,\"receives\":%llu,\"notifies\":%llu,"
		       "\"copies\":%llu}", (unsigned long long)p->sends,
		       (unsigned long long)p->receives,
		       (unsigned long long)p->notifies,
		       (unsigned long long)p->copies);
		return;
	}
	printf("%-5d %-9d %-5d %-7d %-7d %-12s %-6s %s\n", p->vmid,
	       p->endpoint, m3_ep_slot(p->endpoint), p->pid, p->tgid,
	       state_str(p), ep_str(peer, b, sizeof(b)), p->name);
}

/* Rows of one VM; -errno if the VM cannot be read. */
static int vm_rows(int vmid, int json, int *n)
{
	struct m3_vm_info vi;
	struct m3_proc_info p;
	unsigned int slot;
	int r = mnx_vm_info(vmid, &vi);

	if (r < 0)
		return r;
	for (slot = 0; slot < vi.params.max_procs; slot++) {
		r = mnx_proc_info(vmid, (int)slot, &p);
		if (r == 0)
			row(&p, json, !(*n)++);
	}
	return 0;
}

int adm_proc(struct adm *a, int argc, char **argv)
{
	int id, from, to, r, n = 0;

	if (argc > 1 && !strcmp(argv[1], "list")) {
		argc--;
		argv++;
	}
	r = adm_vm_range(argc, argv, &from, &to);
	if (r)
		return r;
	if (a->json)
		printf("{\"procs\":[");
	else
		printf("%-5s %-9s %-5s %-7s %-7s %-12s %-6s %s\n", "VMID",
		       "ENDPOINT", "SLOT", "PID", "TGID", "STATE", "PEER",
		       "NAME");
	for (id = from; id < to; id++) {
		r = vm_rows(id, a->json, &n);
		if (r < 0 && (argc == 2 || r != -ENOENT))
			return adm_error(r, "proc list");
	}
	if (a->json)
		printf("]}\n");
	return ADM_OK;
}
