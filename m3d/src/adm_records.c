// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every record m3adm prints, once: its fields (JSON key, text column,
 * kind, where the value is, meaning), its text line or table; and every
 * query: the records of its JSON object, under which keys. The emitters
 * (adm_emit.c) and `m3adm keys` (adm_keys.c) read these tables only;
 * m3adm(8) holds the output of `m3adm keys`, checked by
 * tests/m3d/test_adm_json.sh.
 */
#include <stddef.h>
#include "adm.h"

/* A value at member m of struct T: a kind of that size (not checked for
 * char arrays). */
#define ADM_SIZE(k)	((k) == ADM_U64 ? sizeof(uint64_t) : \
			 (k) == ADM_NODES ? sizeof(uint64_t[M3_NODE_WORDS]) : \
			 (k) == ADM_TEXT ? sizeof(char *) : sizeof(uint32_t))
#define AT(T, m, k)	.kind = (k), .off = offsetof(T, m) + 0 * sizeof(char[ \
			 (k) == ADM_STR || (k) == ADM_IDS || \
			 sizeof(((T *)0)->m) == ADM_SIZE(k) ? 1 : -1])
#define FIELDS(a)	.fields = (a), .nr_fields = sizeof(a) / sizeof((a)[0])

static void always(const void *rec, struct adm_val *v)
{
	(void)rec;
	v->i = 1;
}

/* ---- status ---------------------------------------------------------- */

#define DRVS(m, k)	AT(struct m3_drvs_info, m, k)
static const struct adm_field drvs_fields[] = {
	{ .key = "initialized", DRVS(initialized, ADM_BOOL),
	  .doc = "a DRVS runs on this node" },
	{ .key = "nodeid", DRVS(nodeid, ADM_INT),
	  .doc = "this node's id; -1 without a DRVS" },
	{ .key = "nr_nodes", DRVS(nr_nodes, ADM_UINT),
	  .doc = "nodes in the DRVS" },
	{ .key = "max_vms", DRVS(max_vms, ADM_UINT),
	  .doc = "VM ids are 0 to max_vms-1" },
	{ .key = "max_procs", DRVS(max_procs, ADM_UINT),
	  .doc = "the most slots a VM may have" },
	{ .key = "max_copy", DRVS(max_copy, ADM_UINT),
	  .doc = "the most bytes one vcopy may move" },
	{ .key = "nr_vms", DRVS(nr_vms, ADM_UINT),
	  .doc = "VMs running" },
	{ .key = "version", DRVS(version, ADM_VERSION),
	  .doc = "the module's interface version, \"1.0\"" },
};

static const char *drvs_line(const void *rec)
{
	const struct m3_drvs_info *di = rec;

	if (!di->initialized)
		return "drvs:  not initialized (module {version})\n";
	return "drvs:  node {nodeid} of {nr_nodes}, {nr_vms} VMs (max "
	       "{max_vms}), max_procs {max_procs}, max_copy {max_copy}, "
	       "module {version}\n";
}

static const struct adm_record drvs = {
	.name = "DRVS", .doc = "the module's state on this node",
	FIELDS(drvs_fields), .line = drvs_line,
};

static void m3d_running(const void *rec, struct adm_val *v)
{
	const struct adm_daemon_info *d = rec;

	v->null = d->pid == ADM_DAEMON_UNKNOWN;
	v->i = d->pid > 0;
}

static const struct adm_when m3d_unknown = { "running", "null" };
static const struct adm_when m3d_runs = { "running", "true" };

#define M3D(m, k)	AT(struct adm_daemon_info, m, k)
static const struct adm_field m3d_fields[] = {
	{ .key = "running", .kind = ADM_BOOL, .get = m3d_running,
	  .nullable = 1, .doc = "null: its status file is unreadable" },
	{ .key = "error", M3D(why, ADM_STR), .when = &m3d_unknown,
	  .doc = "why the status file cannot be read" },
	{ .key = "pid", M3D(pid, ADM_INT), .when = &m3d_runs,
	  .doc = "its process id" },
	{ .key = "source", M3D(src, ADM_STR), .when = &m3d_runs,
	  .doc = "its configuration's source: file or ldap" },
	{ .key = "ldap", M3D(ldap, ADM_STR), .when = &m3d_runs,
	  .doc = "connected or disconnected; \"\" for a file" },
	{ .key = "status", M3D(status, ADM_STR), .when = &m3d_runs,
	  .doc = "what its last reconcile did" },
	{ .key = "cluster", M3D(cluster, ADM_STR), .when = &m3d_runs,
	  .doc = "this node among the others; \"\": alone" },
	{ .key = "managed", M3D(managed, ADM_IDS), .when = &m3d_runs,
	  .doc = "the ids of the VMs it manages here" },
};

static const char *m3d_line(const void *rec)
{
	const struct adm_daemon_info *d = rec;
	static const char *const lines[2][2] = {
		{ "m3d:   pid {pid}, source {source}, {status}\n",
		  "m3d:   pid {pid}, source {source}, {status}\n"
		  "nodes: {cluster}\n" },
		{ "m3d:   pid {pid}, source {source} ({ldap}), {status}\n",
		  "m3d:   pid {pid}, source {source} ({ldap}), {status}\n"
		  "nodes: {cluster}\n" },
	};

	if (d->pid == ADM_DAEMON_UNKNOWN)
		return "m3d:   unknown ({error})\n";
	if (!d->pid)
		return "m3d:   not running\n";
	return lines[!!*d->ldap][!!*d->cluster];
}

static const struct adm_record m3d = {
	.name = "M3D", .doc = "m3d, as its status file says",
	FIELDS(m3d_fields), .line = m3d_line,
};

/* ---- Nodes -------------------------------------------------------------- */

static int node_reported(const void *rec)
{
	return ((const struct adm_node *)rec)->reported;
}

static int node_links_known(const void *rec)
{
	return ((const struct adm_node *)rec)->links_known;
}

/* This node is "self" even when the module does not report nodes. */
static void node_state(const void *rec, struct adm_val *v)
{
	const struct adm_node *n = rec;

	v->null = !n->reported && !n->self;
	v->u = n->reported ? n->ni.state : M3_NODE_SELF;
}

static void node_addr(const void *rec, struct adm_val *v)
{
	const struct adm_node *n = rec;

	v->null = !n->reported || !n->ni.tipc_addr;
	snprintf(v->buf, sizeof(v->buf), "%08x", n->ni.tipc_addr);
	v->s = v->buf;
}

static void node_rtt(const void *rec, struct adm_val *v)
{
	const struct adm_node *n = rec;

	v->null = !n->reported || !n->ni.rtt_us;
	v->u = n->ni.rtt_us;
}

static void node_links(const void *rec, struct adm_val *v)
{
	const struct adm_node *n = rec;

	v->null = !n->links_known;
	snprintf(v->buf, sizeof(v->buf), "%u/%u", n->links_up, n->links);
	v->s = v->buf;
}

#define NODE(m, k)	AT(struct adm_node, m, k)
#define REPORTED	.nullable = 1, .known = node_reported
static const struct adm_field node_fields[] = {
	{ "node", "NODE", 5, NODE(ni.node, ADM_UINT), .doc = "the node's id" },
	{ "state", "STATE", 6, .kind = ADM_NODE_STATE, .get = node_state,
	  .nullable = 1,
	  .doc = "as the module says; null: it does not" },
	{ "tipc_addr", "TIPC", 9, .kind = ADM_TEXT, .get = node_addr,
	  .nullable = 1, .doc = "its module's TIPC address, in hex" },
	{ .key = "links_up", NODE(links_up, ADM_UINT), .nullable = 1,
	  .known = node_links_known, .doc = "TIPC links to it that are up" },
	{ .key = "links", NODE(links, ADM_UINT), .nullable = 1,
	  .known = node_links_known,
	  .doc = "TIPC links to it; null: not read" },
	{ .header = "LINKS", .width = 6, .kind = ADM_TEXT,
	  .get = node_links },
	{ "rtt_us", "RTT_US", 7, .kind = ADM_UINT, .get = node_rtt,
	  .nullable = 1, .doc = "last round trip to it, in us" },
	{ "tx_frames", "TX", 10, NODE(ni.tx_frames, ADM_U64), REPORTED,
	  .doc = "frames the module sent it" },
	{ "rx_frames", "RX", 10, NODE(ni.rx_frames, ADM_U64), REPORTED,
	  .doc = "frames the module took from it" },
	{ "rx_dropped", "DROPPED", 0, NODE(ni.rx_dropped, ADM_U64), REPORTED,
	  .doc = "frames from it refused" },
	{ .key = "tx_errors", NODE(ni.tx_errors, ADM_U64), REPORTED,
	  .doc = "frames that could not be sent to it" },
	{ .key = "ups", NODE(ni.ups, ADM_UINT), REPORTED,
	  .doc = "times it came up" },
	{ .key = "downs", NODE(ni.downs, ADM_UINT), REPORTED,
	  .doc = "times it was lost" },
};

static const struct adm_record node = {
	.name = "NODE", .doc = "a node of the DRVS", FIELDS(node_fields),
	.empty = "no nodes: no DRVS",
};

/* ---- VMs, members, counters ------------------------------------------ */

static void vm_members(const void *rec, struct adm_val *v)
{
	const struct m3d_vm *vm = rec;

	snprintf(v->buf, sizeof(v->buf), "%u/%u", vm->nr_procs,
		 vm->max_procs);
	v->s = v->buf;
}

#define VM(m, k)	AT(struct m3d_vm, m, k)
static const struct adm_field vm_fields[] = {
	{ "vmid", "VMID", 5, VM(vmid, ADM_INT), .doc = "the VM's id" },
	{ "name", "NAME", 15, VM(name, ADM_STR), .doc = "its name" },
	{ "nodes", "NODES", 9, VM(nodes, ADM_NODES),
	  .doc = "the ids of the nodes it spans" },
	{ .key = "members", VM(nr_procs, ADM_UINT),
	  .doc = "its members (bound slots) now" },
	{ .key = "max_procs", VM(max_procs, ADM_UINT),
	  .doc = "its slots: the most members" },
	{ .header = "MEMBERS", .width = 9, .kind = ADM_TEXT,
	  .get = vm_members },
	{ "uid", "UID", 6, VM(uid, ADM_UINT), .doc = "the user who owns it" },
	{ "gid", "GID", 6, VM(gid, ADM_UINT), .doc = "its group" },
	{ "mode", "MODE", 5, VM(mode, ADM_MODE),
	  .doc = "who may bind, in octal as chmod: \"0660\"" },
	{ "flags", "FLAGS", 0, VM(flags, ADM_FLAGS), .doc = "its flags" },
};

static const struct adm_record vm = {
	.name = "VM", .doc = "a VM on this node", FIELDS(vm_fields),
	.empty = "no VMs",
};

static void proc_slot(const void *rec, struct adm_val *v)
{
	v->i = m3_ep_slot(((const struct m3_proc_info *)rec)->endpoint);
}

static void proc_peer(const void *rec, struct adm_val *v)
{
	const struct m3_proc_info *p = rec;

	v->i = p->state & M3_ST_SENDING ? p->sendto : p->getfrom;
}

#define PROC(m, k)	AT(struct m3_proc_info, m, k)
static const struct adm_field proc_fields[] = {
	{ "vmid", "VMID", 5, PROC(vmid, ADM_INT), .doc = "its VM" },
	{ "endpoint", "ENDPOINT", 9, PROC(endpoint, ADM_INT),
	  .doc = "its endpoint" },
	{ "slot", "SLOT", 5, .kind = ADM_INT, .get = proc_slot,
	  .doc = "its slot in the VM" },
	{ "pid", "PID", 7, PROC(pid, ADM_INT),
	  .doc = "thread id; 0 if in another pid namespace" },
	{ "tgid", "TGID", 7, PROC(tgid, ADM_INT),
	  .doc = "process id; 0 as for pid" },
	{ "nodeid", "NODE", 5, PROC(nodeid, ADM_INT),
	  .doc = "its node; on another, pid and tgid are 0" },
	{ "state", "STATE", 12, PROC(state, ADM_STATE),
	  .doc = "what it does (m3adm(8), /proc/m3ipc)" },
	{ "peer", "PEER", 6, .kind = ADM_ENDPOINT, .get = proc_peer,
	  .doc = "the endpoint it waits for; \"ANY\": anyone" },
	{ "name", "NAME", 0, PROC(name, ADM_STR),
	  .doc = "its command name when it bound" },
	{ .key = "sends", PROC(sends, ADM_U64), .doc = "messages it sent" },
	{ .key = "receives", PROC(receives, ADM_U64),
	  .doc = "messages it received" },
	{ .key = "notifies", PROC(notifies, ADM_U64),
	  .doc = "notifications it sent" },
	{ .key = "copies", PROC(copies, ADM_U64), .doc = "its vcopy calls" },
};

static const struct adm_record proc = {
	.name = "PROC", .doc = "a member: a thread bound to a slot",
	FIELDS(proc_fields),
};

#define MEMBERS(m, k)	AT(struct adm_members, m, k)
static const struct adm_field members_fields[] = {
	{ "vmid", "VMID", 5, MEMBERS(vmid, ADM_INT), .doc = "the VM" },
	{ "node", "NODE", 5, MEMBERS(node, ADM_UINT),
	  .doc = "one of its nodes" },
	{ "members", "MEMBERS", 0, MEMBERS(members, ADM_UINT),
	  .doc = "its members there now" },
};

static const struct adm_record members = {
	.name = "MEMBERS", .doc = "a VM's members on one of its nodes",
	FIELDS(members_fields), .empty = "no members",
};

#define INFO(m, k)	AT(struct m3_vm_info, m, k)
static const struct adm_field stats_fields[] = {
	{ "vmid", "VMID", 5, INFO(params.vmid, ADM_INT), .doc = "the VM" },
	{ "members", "MEMBERS", 7, INFO(nr_procs, ADM_UINT),
	  .doc = "its members now" },
	{ "sends", "SENDS", 10, INFO(stats.sends, ADM_U64),
	  .doc = "messages sent (send, sendrec, replyrec)" },
	{ "receives", "RECEIVES", 10, INFO(stats.receives, ADM_U64),
	  .doc = "messages taken by receive" },
	{ "notifies", "NOTIFIES", 9, INFO(stats.notifies, ADM_U64),
	  .doc = "notify calls" },
	{ "copies", "COPIES", 8, INFO(stats.copies, ADM_U64),
	  .doc = "vcopy calls that copied" },
	{ "copy_bytes", "COPY_BYTES", 12, INFO(stats.copy_bytes, ADM_U64),
	  .doc = "bytes they copied" },
	{ "errors", "ERRORS", 7, INFO(stats.errors, ADM_U64),
	  .doc = "IPC calls that failed" },
	{ "binds", "BINDS", 6, INFO(stats.binds, ADM_U64),
	  .doc = "threads bound to it" },
	{ "unbinds", "UNBINDS", 0, INFO(stats.unbinds, ADM_U64),
	  .doc = "unbinds, by the member or by its death" },
};

static const struct adm_record stats = {
	.name = "STATS", .doc = "a VM's counters, since it started",
	FIELDS(stats_fields),
};

/* ---- What the commands that act say ----------------------------------- */

#define SAID(m, k)	AT(struct adm_said, m, k)
static const struct adm_field started_fields[] = {
	{ .key = "vmid", SAID(vmid, ADM_INT), .doc = "the VM started" },
};

static const struct adm_record started = {
	.name = "STARTED", .doc = "what vm start says", FIELDS(started_fields),
	.text = "VM {vmid} started; m3d leaves it alone unless its "
		"configuration names it\n",
};

static const struct adm_field ended_fields[] = {
	{ .key = "vmid", SAID(vmid, ADM_INT), .doc = "the VM ended" },
	{ .key = "ended", .kind = ADM_BOOL, .get = always,
	  .doc = "true" },
};

static const struct adm_record ended = {
	.name = "ENDED", .doc = "what vm end says", FIELDS(ended_fields),
	.text = "VM {vmid} ended; if m3d manages it, it starts it again on "
		"its next reload\n",
};

static const struct adm_field reload_fields[] = {
	{ .key = "pid", SAID(pid, ADM_INT), .doc = "m3d's process id" },
	{ .key = "reloading", .kind = ADM_BOOL, .get = always,
	  .doc = "true: m3d got SIGHUP" },
};

static const struct adm_record reload = {
	.name = "RELOAD", .doc = "what reload says", FIELDS(reload_fields),
	.text = "m3d (pid {pid}) reloading\n",
};

/* help and keys: m3adm's own text under KEY, printed as it is. */
#define TEXT_RECORD(id, NAME, says, KEY, meaning)			\
	static const struct adm_field id##_fields[] = {			\
		{ .key = KEY, SAID(text, ADM_TEXT), .doc = meaning },	\
	};								\
	static const struct adm_record id = {				\
		.name = NAME, .doc = says, FIELDS(id##_fields),		\
		.text = "{" KEY "}",					\
	}

TEXT_RECORD(usage, "USAGE", "what help says", "usage",
	    "the usage, as m3adm help prints it");
TEXT_RECORD(keys, "KEYS", "what keys says", "keys",
	    "this list, as m3adm keys prints it");

/* ---- The queries ------------------------------------------------------- */

#define PARTS(...)	(const struct adm_part[]){ __VA_ARGS__ }, \
			sizeof((const struct adm_part[]){ __VA_ARGS__ }) / \
			sizeof(struct adm_part)

#define ONE(name, key, rec, array) { name, PARTS({ key, &rec, array }) }

const struct adm_query adm_q_status = {
	"status", PARTS({ "drvs", &drvs, 0 }, { "m3d", &m3d, 0 },
			{ "nodes", &node, 1 }, { "vms", &vm, 1 },
			{ "members", &members, 1 })
};
const struct adm_query adm_q_vm_list = ONE("vm list", "vms", vm, 1);
const struct adm_query adm_q_vm_start = ONE("vm start", NULL, started, 0);
const struct adm_query adm_q_vm_end = ONE("vm end", NULL, ended, 0);
const struct adm_query adm_q_proc_list = ONE("proc list", "procs", proc, 1);
const struct adm_query adm_q_stats = ONE("stats", "stats", stats, 1);
const struct adm_query adm_q_reload = ONE("reload", NULL, reload, 0);
const struct adm_query adm_q_help = ONE("help", NULL, usage, 0);
const struct adm_query adm_q_keys = ONE("keys", NULL, keys, 0);

const struct adm_query *const adm_queries[] = {
	&adm_q_status, &adm_q_vm_list, &adm_q_vm_start, &adm_q_vm_end,
	&adm_q_proc_list, &adm_q_stats, &adm_q_reload, &adm_q_help,
	&adm_q_keys, NULL,
};
