// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3adm's emitters (adm_emit.c) over its record tables (adm_records.c),
 * on records made up here, so without the module: every kind in text and
 * in JSON, the text tables and lines byte for byte as m3adm has always
 * printed them (each line's every form), NONE and ANY, null and the
 * keys present only when another has a value, escapes, counters above
 * 2^32; and the tables themselves (a key or a column each, a meaning for
 * each key, conditions on keys written before). Run by test_adm_json.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "adm_emit.c"
#include "adm_records.c"
#include "adm_util.c"

static char *out;
static size_t out_len;

static struct adm_emit emitter(int json)
{
	struct adm_emit e = { 0 };

	free(out);
	out = NULL;
	e.out = open_memstream(&out, &out_len);
	e.json = json;
	assert_non_null(e.out);
	return e;
}

static const char *done(struct adm_emit *e)
{
	assert_int_equal(fclose(e->out), 0);
	return out;
}

/* q of one part, these records in it, as text or JSON. */
static const char *table(const struct adm_query *q, const void *recs,
			 size_t size, size_t n, int json)
{
	struct adm_emit e = emitter(json);
	size_t i;

	adm_begin(&e, q);
	adm_part(&e);
	for (i = 0; i < n; i++)
		adm_put(&e, (const char *)recs + i * size);
	adm_end(&e);
	return done(&e);
}

static const char *one(const struct adm_query *q, const void *rec, int json)
{
	struct adm_emit e = emitter(json);

	adm_print(&e, q, rec);
	return done(&e);
}

/* Receiving from anyone, running, sending to 32771; a hostile name. */
static void t_proc(void **state)
{
	struct m3_proc_info p[3] = {
		{ .vmid = 1, .endpoint = M3_ENDPOINT(1, 2), .pid = 10,
		  .tgid = 9, .state = M3_ST_RECEIVING, .sendto = M3_NONE,
		  .getfrom = M3_ANY, .name = "a\x1b]0;x\x07\xff",
		  .sends = 5000000000ULL },
		{ .vmid = 1, .endpoint = 3, .pid = 11, .tgid = 11,
		  .nodeid = 1, .sendto = M3_NONE, .getfrom = M3_NONE,
		  .name = "b" },
		{ .vmid = 1, .endpoint = 4, .state = M3_ST_SENDING |
		  M3_ST_SENDREC, .sendto = 32771, .getfrom = M3_NONE },
	};

	(void)state;
	assert_string_equal(table(&adm_q_proc_list, p, sizeof(p[0]), 3, 0),
		"VMID  ENDPOINT  SLOT  PID     TGID    NODE  STATE        PEER   NAME\n"
		"1     32770     2     10      9       0     receiving    ANY    a\\x1b]0;x\\x07\\xff\n"
		"1     3         3     11      11      1     running      -      b\n"
		"1     4         4     0       0       0     sendrec      32771  \n");
	assert_string_equal(table(&adm_q_proc_list, p, sizeof(p[0]), 3, 1),
		"{\"procs\":[{\"vmid\":1,\"endpoint\":32770,\"slot\":2,\"pid\":10,"
		"\"tgid\":9,\"nodeid\":0,\"state\":\"receiving\",\"peer\":\"ANY\","
		"\"name\":\"a\\u001b]0;x\\u0007\\ufffd\",\"sends\":5000000000,"
		"\"receives\":0,\"notifies\":0,\"copies\":0},"
		"{\"vmid\":1,\"endpoint\":3,\"slot\":3,\"pid\":11,\"tgid\":11,"
		"\"nodeid\":1,\"state\":\"running\",\"peer\":null,\"name\":\"b\","
		"\"sends\":0,\"receives\":0,\"notifies\":0,\"copies\":0},"
		"{\"vmid\":1,\"endpoint\":4,\"slot\":4,\"pid\":0,\"tgid\":0,"
		"\"nodeid\":0,\"state\":\"sendrec\",\"peer\":32771,\"name\":\"\","
		"\"sends\":0,\"receives\":0,\"notifies\":0,\"copies\":0}]}\n");
	/* no members: the header; [] */
	assert_string_equal(table(&adm_q_proc_list, p, sizeof(p[0]), 0, 0),
		"VMID  ENDPOINT  SLOT  PID     TGID    NODE  STATE        PEER   NAME\n");
	assert_string_equal(table(&adm_q_proc_list, p, sizeof(p[0]), 0, 1),
		"{\"procs\":[]}\n");
}

static void t_vms(void **state)
{
	struct m3d_vm v[2] = {
		{ .vmid = 1, .name = "web", .max_procs = 64, .uid = 0,
		  .gid = 100, .mode = 0660, .nr_procs = 2 },
		{ .vmid = 12, .name = "db", .max_procs = 4096,
		  .uid = 4294967294U, .gid = 0, .mode = 0600,
		  .flags = M3_VM_STRICT_COPY },
	};

	(void)state;
	M3_NODE_SET(v[0].nodes, 0);
	M3_NODE_SET(v[0].nodes, 2);
	M3_NODE_SET(v[1].nodes, 255);
	assert_string_equal(table(&adm_q_vm_list, v, sizeof(v[0]), 2, 0),
		"VMID  NAME            NODES     MEMBERS   UID    GID    MODE  FLAGS\n"
		"1     web             0,2       2/64      0      100    0660  -\n"
		"12    db              255       0/4096    4294967294 0      0600  strict_copy\n");
	assert_string_equal(table(&adm_q_vm_list, v, sizeof(v[0]), 2, 1),
		"{\"vms\":[{\"vmid\":1,\"name\":\"web\",\"nodes\":[0,2],"
		"\"members\":2,\"max_procs\":64,\"uid\":0,\"gid\":100,"
		"\"mode\":\"0660\",\"flags\":[]},"
		"{\"vmid\":12,\"name\":\"db\",\"nodes\":[255],\"members\":0,"
		"\"max_procs\":4096,\"uid\":4294967294,\"gid\":0,"
		"\"mode\":\"0600\",\"flags\":[\"strict_copy\"]}]}\n");
	assert_string_equal(table(&adm_q_vm_list, v, sizeof(v[0]), 0, 0),
			    "no VMs\n");
	assert_string_equal(table(&adm_q_vm_list, v, sizeof(v[0]), 0, 1),
			    "{\"vms\":[]}\n");
}

static void t_stats(void **state)
{
	struct m3_vm_info vi = {
		.params.vmid = 3, .nr_procs = 2,
		.stats.v = { 1, 2, 3, 4, 5000000000ULL, 6, 7, 18446744073709551615ULL },
	};

	(void)state;
	assert_string_equal(table(&adm_q_stats, &vi, sizeof(vi), 1, 0),
		"VMID  MEMBERS SENDS      RECEIVES   NOTIFIES  COPIES   COPY_BYTES   ERRORS  BINDS  UNBINDS\n"
		"3     2       1          2          3         4        5000000000   6       7      18446744073709551615\n");
	assert_string_equal(table(&adm_q_stats, &vi, sizeof(vi), 1, 1),
		"{\"stats\":[{\"vmid\":3,\"members\":2,\"sends\":1,\"receives\":2,"
		"\"notifies\":3,\"copies\":4,\"copy_bytes\":5000000000,"
		"\"errors\":6,\"binds\":7,\"unbinds\":18446744073709551615}]}\n");
}

/* status: the DRVS, m3d (each of its states), its nodes (none without
 * a DRVS), the VMs, their members. */
static const char *status(const struct m3_drvs_info *di,
			  const struct adm_daemon_info *d, int json)
{
	struct m3d_vm vm = { .vmid = 2, .name = "w", .max_procs = 8,
			     .mode = 0660 };
	struct adm_node n[2] = {
		{ .ni = { .node = 0, .state = M3_NODE_SELF }, .reported = 1,
		  .self = 1 },
		{ .ni = { .node = 1 } },
	};
	struct adm_members mb = { .vmid = 2, .node = 0, .members = 0 };
	struct adm_emit e = emitter(json);
	unsigned int i;

	M3_NODE_SET(vm.nodes, 0);
	adm_begin(&e, &adm_q_status);
	adm_part(&e);
	adm_put(&e, di);
	adm_part(&e);
	adm_put(&e, d);
	adm_part(&e);
	for (i = 0; di->initialized && i < di->nr_nodes; i++)
		adm_put(&e, &n[i]);
	adm_part(&e);
	adm_put(&e, &vm);
	adm_part(&e);
	adm_put(&e, &mb);
	adm_end(&e);
	return done(&e);
}

static void t_status(void **state)
{
	struct m3_drvs_info di = { .version = 1 << 16 | 2, .nodeid = 0,
		.initialized = 1, .nr_nodes = 2, .max_vms = 32,
		.max_procs = 256, .max_copy = 4194304, .nr_vms = 1 };
	struct adm_daemon_info d = { .pid = 42, .src = "ldap",
		.ldap = "connected", .status = "ok \x1b[2J",
		.managed = " 11 23" };

	(void)state;
	assert_string_equal(status(&di, &d, 0),
		"drvs:  node 0 of 2, 1 VMs (max 32), max_procs 256, max_copy 4194304, module 1.2\n"
		"m3d:   pid 42, source ldap (connected), ok \\x1b[2J\n"
		"\n"
		"NODE  STATE  TIPC      LINKS  RTT_US  TX         RX         DROPPED\n"
		"0     self   -         -      -       0          0          0\n"
		"1     -      -         -      -       -          -          -\n"
		"\n"
		"VMID  NAME            NODES     MEMBERS   UID    GID    MODE  FLAGS\n"
		"2     w               0         0/8       0      0      0660  -\n"
		"\n"
		"VMID  NODE  MEMBERS\n"
		"2     0     0\n");
	assert_string_equal(status(&di, &d, 1),
		"{\"drvs\":{\"initialized\":true,\"nodeid\":0,\"nr_nodes\":2,"
		"\"max_vms\":32,\"max_procs\":256,\"max_copy\":4194304,"
		"\"nr_vms\":1,\"version\":\"1.2\"},"
		"\"m3d\":{\"running\":true,\"pid\":42,\"source\":\"ldap\","
		"\"ldap\":\"connected\",\"status\":\"ok \\u001b[2J\","
		"\"cluster\":\"\",\"managed\":[11,23]},"
		"\"nodes\":[{\"node\":0,\"state\":\"self\",\"tipc_addr\":null,"
		"\"links_up\":null,\"links\":null,\"rtt_us\":null,"
		"\"tx_frames\":0,\"rx_frames\":0,\"rx_dropped\":0,"
		"\"tx_errors\":0,\"ups\":0,\"downs\":0},"
		"{\"node\":1,\"state\":null,\"tipc_addr\":null,"
		"\"links_up\":null,\"links\":null,\"rtt_us\":null,"
		"\"tx_frames\":null,\"rx_frames\":null,\"rx_dropped\":null,"
		"\"tx_errors\":null,\"ups\":null,\"downs\":null}],"
		"\"vms\":[{\"vmid\":2,\"name\":\"w\",\"nodes\":[0],\"members\":0,"
		"\"max_procs\":8,\"uid\":0,\"gid\":0,\"mode\":\"0660\","
		"\"flags\":[]}],"
		"\"members\":[{\"vmid\":2,\"node\":0,\"members\":0}]}\n");
	snprintf(d.cluster, sizeof(d.cluster), "joined over eth:eth0");
	assert_non_null(strstr(status(&di, &d, 0), "\nm3d:   pid 42, source "
		"ldap (connected), ok \\x1b[2J\nnodes: joined over eth:eth0\n\n"));
	di.initialized = 0;
	di.nodeid = -1;
	snprintf(d.ldap, sizeof(d.ldap), "%s", "");
	d.cluster[0] = 0;
	assert_string_equal(one(&adm_q_status, &di, 0),	/* the first part */
		"drvs:  not initialized (module 1.2)\n");
	assert_string_equal(strstr(status(&di, &d, 0), "m3d"),
		"m3d:   pid 42, source ldap, ok \\x1b[2J\n\n"
		"no nodes: no DRVS\n"
		"\n"
		"VMID  NAME            NODES     MEMBERS   UID    GID    MODE  FLAGS\n"
		"2     w               0         0/8       0      0      0660  -\n"
		"\n"
		"VMID  NODE  MEMBERS\n"
		"2     0     0\n");
	assert_non_null(strstr(status(&di, &d, 1), ",\"nodes\":[],"));
	d.pid = 0;
	assert_non_null(strstr(status(&di, &d, 0), "\nm3d:   not running\n\n"));
	assert_non_null(strstr(status(&di, &d, 1), ",\"m3d\":{\"running\":false},"));
	d.pid = ADM_DAEMON_UNKNOWN;
	snprintf(d.why, sizeof(d.why), "cannot read /run/m3d/status: x\n");
	assert_non_null(strstr(status(&di, &d, 0),
		"\nm3d:   unknown (cannot read /run/m3d/status: x\\n)\n\n"));
	assert_non_null(strstr(status(&di, &d, 1),
		",\"m3d\":{\"running\":null,\"error\":"
		"\"cannot read /run/m3d/status: x\\u000a\"},"));
}

/* Nodes: as the module reports them, TIPC's links to them, what is not
 * known null ("-"); a node that is up with every value set. */
static void t_nodes(void **state)
{
	struct adm_node n[3] = {
		{ .ni = { .node = 0, .state = M3_NODE_UP,
			  .tipc_addr = 0x30000000, .rtt_us = 420,
			  .tx_frames = 5000000000ULL, .rx_frames = 12,
			  .rx_dropped = 1, .tx_errors = 2, .ups = 3,
			  .downs = 2 },
		  .reported = 1, .links_known = 1, .links_up = 1,
		  .links = 2 },
		{ .ni = { .node = 1, .state = M3_NODE_SELF,
			  .tipc_addr = 0x31000000 },
		  .reported = 1, .self = 1 },
		{ .ni = { .node = 2 }, .links_known = 1 },
	};
	struct adm_members mb[2] = { { 4, 0, 3 }, { 4, 1, 0 } };
	static const struct adm_part nodes_part = { "nodes", &node, 1 },
		members_part = { "members", &members, 1 };
	static const struct adm_query q_nodes = { "nodes", &nodes_part, 1 },
		q_members = { "members", &members_part, 1 };

	(void)state;
	assert_string_equal(table(&q_nodes, n, sizeof(n[0]), 3, 0),
		"NODE  STATE  TIPC      LINKS  RTT_US  TX         RX         DROPPED\n"
		"0     up     30000000  1/2    420     5000000000 12         1\n"
		"1     self   31000000  -      -       0          0          0\n"
		"2     -      -         0/0    -       -          -          -\n");
	assert_string_equal(table(&q_nodes, n, sizeof(n[0]), 1, 1),
		"{\"nodes\":[{\"node\":0,\"state\":\"up\","
		"\"tipc_addr\":\"30000000\",\"links_up\":1,\"links\":2,"
		"\"rtt_us\":420,\"tx_frames\":5000000000,\"rx_frames\":12,"
		"\"rx_dropped\":1,\"tx_errors\":2,\"ups\":3,\"downs\":2}]}\n");
	assert_string_equal(table(&q_members, mb, sizeof(mb[0]), 2,
				  0),
		"VMID  NODE  MEMBERS\n4     0     3\n4     1     0\n");
	assert_string_equal(table(&q_members, mb, sizeof(mb[0]), 2,
				  1),
		"{\"members\":[{\"vmid\":4,\"node\":0,\"members\":3},"
		"{\"vmid\":4,\"node\":1,\"members\":0}]}\n");
	assert_string_equal(table(&q_members, mb, sizeof(mb[0]), 0, 0),
			    "no members\n");
	assert_string_equal(table(&q_members, mb, sizeof(mb[0]), 0, 1),
			    "{\"members\":[]}\n");
}

/* What vm start, vm end, reload, help and keys say. */
static void t_said(void **state)
{
	struct adm_said s = { .vmid = 7, .pid = 412, .text = "a \"b\"\n" };

	(void)state;
	assert_string_equal(one(&adm_q_vm_start, &s, 1), "{\"vmid\":7}\n");
	assert_string_equal(one(&adm_q_vm_start, &s, 0),
		"VM 7 started; m3d leaves it alone unless its configuration "
		"names it\n");
	assert_string_equal(one(&adm_q_vm_end, &s, 1),
			    "{\"vmid\":7,\"ended\":true}\n");
	assert_string_equal(one(&adm_q_vm_end, &s, 0),
		"VM 7 ended; if m3d manages it, it starts it again on its "
		"next reload\n");
	assert_string_equal(one(&adm_q_reload, &s, 1),
			    "{\"pid\":412,\"reloading\":true}\n");
	assert_string_equal(one(&adm_q_reload, &s, 0),
			    "m3d (pid 412) reloading\n");
	assert_string_equal(one(&adm_q_help, &s, 1),
			    "{\"usage\":\"a \\\"b\\\"\\u000a\"}\n");
	assert_string_equal(one(&adm_q_help, &s, 0), "a \"b\"\n");
	assert_string_equal(one(&adm_q_keys, &s, 1),
			    "{\"keys\":\"a \\\"b\\\"\\u000a\"}\n");
}

static void check_record(const struct adm_record *r, int array)
{
	const struct adm_field *f, *k, *last = NULL;

	for (f = r->fields; f < r->fields + r->nr_fields; f++)
		last = f->header ? f : last;
	for (f = r->fields; f < r->fields + r->nr_fields; f++) {
		assert_true(f->key || f->header);
		assert_true(!f->key || f->doc);
		k = f->when ? find(r, f->when->key, strlen(f->when->key)) : r->fields;
		assert_true(k && k < f + !f->when);	/* a key before it */
		/* a column is as wide as its header, but the last */
		assert_true(!array || !f->header || f == last ||
			    f->width >= (int)strlen(f->header));
		assert_true(!f->nullable || f->get || f->known);
		assert_true(!f->known || f->nullable);
	}
	assert_true(array || r->line || r->text);
}

static void t_tables(void **state)
{
	const struct adm_query *const *q;
	const struct adm_part *p;

	(void)state;
	for (q = adm_queries; *q; q++) {
		assert_true((*q)->nr_parts > 0);
		for (p = (*q)->parts; p < (*q)->parts + (*q)->nr_parts; p++) {
			assert_true(p->key || (*q)->nr_parts == 1);
			check_record(p->rec, p->array);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_proc),
		cmocka_unit_test(t_vms),
		cmocka_unit_test(t_stats),
		cmocka_unit_test(t_status),
		cmocka_unit_test(t_nodes),
		cmocka_unit_test(t_said),
		cmocka_unit_test(t_tables),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(out);
	return r;
}
