// SPDX-License-Identifier: GPL-2.0-or-later
/* m3adm proc [list] [VMID]: the bound threads, slot by slot. */
#include <errno.h>
#include <string.h>
#include "adm.h"

/* A peer endpoint: "-" (none), "ANY", or the number; JSON null, "ANY",
 * or the number. */
static const char *peer_str(int ep, int json, char *buf, size_t len)
{
	if (ep == M3_ANY)
		return json ? "\"ANY\"" : "ANY";
	if (ep == M3_NONE)
		return json ? "null" : "-";
	snprintf(buf, len, "%d", ep);
	return buf;
}

/* The one vocabulary of states, shared with /proc/m3ipc (uapi). */
static const char *state_str(const struct m3_proc_info *p)
{
	return m3_state_name(p->state);
}

static void json_row(FILE *o, const struct m3_proc_info *p, int first)
{
	char b[16];
	int peer = p->state & M3_ST_SENDING ? p->sendto : p->getfrom;

	fprintf(o, "%s{\"vmid\":%d,\"endpoint\":%d,\"slot\":%d,\"pid\":%d,"
		"\"tgid\":%d,\"nodeid\":%d,\"state\":\"%s\",\"peer\":%s,"
		"\"name\":", first ? "" : ",", p->vmid, p->endpoint,
		m3_ep_slot(p->endpoint), p->pid, p->tgid, p->nodeid,
		state_str(p), peer_str(peer, 1, b, sizeof(b)));
	m3d_json_str(o, p->name);
	fprintf(o, ",\"sends\":%llu,\"receives\":%llu,\"notifies\":%llu,"
		"\"copies\":%llu}", (unsigned long long)p->sends,
		(unsigned long long)p->receives,
		(unsigned long long)p->notifies,
		(unsigned long long)p->copies);
}

static void row(struct adm *a, const struct m3_proc_info *p, int first)
{
	char b[16], name[4 * M3_NAME_LEN];
	int peer = p->state & M3_ST_SENDING ? p->sendto : p->getfrom;

	if (a->json) {
		json_row(a->out, p, first);
		return;
	}
	fprintf(a->out, "%-5d %-9d %-5d %-7d %-7d %-12s %-6s %s\n", p->vmid,
		p->endpoint, m3_ep_slot(p->endpoint), p->pid, p->tgid,
		state_str(p), peer_str(peer, 0, b, sizeof(b)),
		adm_esc(p->name, name, sizeof(name)));
}

/* Rows of one VM; -errno if the VM cannot be read. */
static int vm_rows(struct adm *a, int vmid, int *n)
{
	struct m3_vm_info vi;
	struct m3_proc_info p;
	unsigned int slot;
	int r = mnx_vm_info(vmid, &vi);

	if (r < 0)
		return r;
	for (slot = 0; slot < vi.params.max_procs; slot++) {
		r = mnx_proc_info(vmid, (int)slot, &p);
		if (r == 0) {
			p.name[sizeof(p.name) - 1] = 0;
			row(a, &p, !(*n)++);
		}
	}
	return 0;
}

int adm_proc(struct adm *a, int argc, char **argv)
{
	char what[32];
	int id, from, to, r, n = 0;

	if (argc > 1 && !strcmp(argv[1], "list")) {
		argc--;
		argv++;
	}
	r = adm_vm_range(argc, argv, &from, &to);
	if (r)
		return r;
	if (a->json)
		fprintf(a->out, "{\"procs\":[");
	else
		fprintf(a->out, "%-5s %-9s %-5s %-7s %-7s %-12s %-6s %s\n",
			"VMID", "ENDPOINT", "SLOT", "PID", "TGID", "STATE",
			"PEER", "NAME");
	for (id = from; id < to; id++) {
		r = vm_rows(a, id, &n);
		snprintf(what, sizeof(what), "proc: VM %d", id);
		if (r < 0 && (argc == 2 || r != -ENOENT))
			return adm_error(r, what);
	}
	if (a->json)
		fprintf(a->out, "]}\n");
	return ADM_OK;
}
