// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * m3d.conf(5) parsing and validation: every malformed input has a test
 * that asserts the exact message, file and line included.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/tipc_config.h>
#include "conf_file.h"
#include "fields.h"
#include "secret.h"
#include "state_file.h"

static struct m3d_settings set;
static struct m3d_model *model;
static struct m3d_errors err;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Reads path afresh; with check, the whole-model checks too (this node's
 * host name is "alpha"). The number of errors. */
static int read_path(const char *path, int check)
{
	m3d_settings_default(&set);
	m3d_model_free(model);
	model = m3d_model_new();
	memset(&err, 0, sizeof(err));
	m3d_conf_read(path, &set, model, &err);
	if (check)
		m3d_validate(model, "alpha", &err);
	return err.count;
}

/* Reads text as t.conf, without the whole-model checks. */
static int read_conf(const char *text)
{
	write_file("t.conf", text);
	return read_path("t.conf", 0);
}

/* Reads and checks text as t.conf. */
static int load(const char *text)
{
	write_file("t.conf", text);
	return read_path("t.conf", 1);
}

/* text is refused with one error, msg (without its newline). */
static void assert_bad(const char *text, const char *msg)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s\n", msg);
	assert_int_equal(load(text), 1);
	assert_string_equal(err.buf, want);
}

#define DRVS2 "drvs = { nr_nodes = 2; };\n"
/* Two nodes that this one joins: a bearer, and a key file (not there:
 * said when the key is used). */
#define JOIN2 "drvs = { nr_nodes = 2; bearers = [\"eth0\"]; " \
	      "cluster_key_file = \"nokey\"; };\n"
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One malformed input, its one message. */
struct bad_case {
	const char *name, *text, *msg;
};

static const struct bad_case bad_cases[] = {
	{ "t_syntax_error", "source = \"file\";\nnodeid = ;\n",
	  "t.conf:2: syntax error" },
	{ "t_unknown_setting", "nodeid = 0;\ncolour = 1;\n",
	  "t.conf:2: unknown setting \"colour\"" },
	{ "t_bad_source", "source = \"nis\";\n",
	  "t.conf:1: source: must be \"file\" or \"ldap\"" },
	{ "t_nodeid_range", "nodeid = 300;\n",
	  "t.conf:1: nodeid: 300 is out of range (0..255)" },
	{ "t_nodeid_type", "\nnodeid = \"one\";\n",
	  "t.conf:2: nodeid: must be a number" },
	{ "t_nodeid_above_nr_nodes", "nodeid = 2;\n" DRVS2,
	  "t.conf:1: nodeid: 2 is not below nr_nodes (2)" },
	{ "t_nodeid_unknown", DRVS2,
	  "t.conf:1: nodeid: not set, and no node has host \"alpha\"" },
	{ "t_drvs_not_group", "nodeid = 0;\ndrvs = 3;\n",
	  "t.conf:2: drvs must be a group { ... }" },
	{ "t_drvs_range", "drvs = {\n  nr_nodes = 300;\n};\n",
	  "t.conf:2: drvs.nr_nodes: 300 is out of range (0..256)" },
	{ "t_drvs_max_procs", "drvs = { max_procs = 5000; };\n",
	  "t.conf:1: drvs.max_procs: 5000 is out of range (0..4096)" },
	{ "t_drvs_unknown", "drvs = {\n  max_vm = 3;\n};\n",
	  "t.conf:2: unknown setting \"max_vm\"" },
	{ "t_node_id_range",
	  "nodeid = 0;\ndrvs = { nr_nodes = 2; nodes = (\n"
	  "  { id = 5; }\n); };\n",
	  "t.conf:3: id: node 5 is not below nr_nodes (2)" },
	{ "t_node_twice",
	  "nodeid = 0;\ndrvs = { nr_nodes = 2; nodes = (\n"
	  "  { id = 1; },\n  { id = 1; }\n); };\n",
	  "t.conf:4: id: node 1 is described twice" },
	{ "t_node_missing_id",
	  "drvs = { nodes = (\n  { name = \"a\"; }\n); };\n",
	  "t.conf:2: id: missing" },
	{ "t_vm_not_group", "vms = ( 3 );\n",
	  "t.conf:1: a VM must be a group { ... }" },
	{ "t_vm_missing_vmid", "vms = (\n  { name = \"a\"; }\n);\n",
	  "t.conf:2: vmid: missing" },
	{ "t_vm_unknown_setting",
	  "vms = ({ vmid = 1;\n  colour = \"red\"; });\n",
	  "t.conf:2: unknown setting \"colour\"" },
	{ "t_vmid_range", "vms = ({\n  vmid = 2000; });\n",
	  "t.conf:2: vmid: 2000 is out of range (0..1023)" },
	{ "t_vmid_negative", "vms = ({ vmid = -1; });\n",
	  "t.conf:1: vmid: -1 is out of range (0..1023)" },
	{ "t_vmid_max_vms", "vms = ({\n  vmid = 40; });\n",
	  "t.conf:2: vmid: 40 is not below max_vms (32)" },
	{ "t_vmid_twice", "vms = (\n { vmid = 1; },\n { vmid = 1; }\n);\n",
	  "t.conf:3: vmid: VM 1 is defined twice" },
	{ "t_name_twice",
	  "vms = (\n { vmid = 1; name = \"a\"; },\n"
	  " { vmid = 2;\n   name = \"a\"; }\n);\n",
	  "t.conf:4: name: \"a\" is the name of VM 1 too" },
	{ "t_name_long",
	  "vms = ({ vmid = 1; name = \"abcdefghijklmnop\"; });\n",
	  "t.conf:1: name: longer than 15 characters" },
	{ "t_name_space", "vms = ({ vmid = 1; name = \"a b\"; });\n",
	  "t.conf:1: name: must be printable, without spaces" },
	{ "t_mode_number", "vms = ({ vmid = 1;\n  mode = 660; });\n",
	  "t.conf:2: mode: must be octal permission bits in a string, like "
	  "\"0660\"" },
	{ "t_mode_digits", "vms = ({ vmid = 1; mode = \"0690\"; });\n",
	  "t.conf:1: mode: must be octal permission bits in a string, like "
	  "\"0660\"" },
	{ "t_owner_unknown",
	  "vms = ({ vmid = 1; owner = \"no-such-user-x\"; });\n",
	  "t.conf:1: owner: no such user \"no-such-user-x\"" },
	{ "t_group_unknown",
	  "vms = ({ vmid = 1;\n group = \"no-such-group-x\"; });\n",
	  "t.conf:2: group: no such group \"no-such-group-x\"" },
	{ "t_flags_unknown", "vms = ({ vmid = 1; flags = [\"fast\"]; });\n",
	  "t.conf:1: flags: unknown flag \"fast\" (known: strict_copy)" },
	{ "t_nodes_type", "vms = ({ vmid = 1; nodes = 0; });\n",
	  "t.conf:1: nodes: must be an array of node ids, like [0, 1]" },
	{ "t_nodes_range",
	  "nodeid = 0;\n" JOIN2 "vms = ({ vmid = 1;\n  nodes = [0, 2]; });\n",
	  "t.conf:4: nodes: node 2 is not below nr_nodes (2)" },
	{ "t_max_procs_above_drvs",
	  "vms = ({ vmid = 1;\n\n max_procs = 300; });\n",
	  "t.conf:3: max_procs: 300 is more than the DRVS's max_procs (256)" },
	{ "t_starttls_type", "ldap = { starttls = \"yes\"; };\n",
	  "t.conf:1: ldap.starttls: must be true or false" },
	{ "t_ldap_with_vms", "source = \"ldap\";\nvms = ({ vmid = 1; });\n",
	  "t.conf:1: source: is \"ldap\": the DRVS and the VMs come from the "
	  "directory, not from this file" },
	{ "t_bearers_type", "drvs = { bearers = \"eth0\"; };\n",
	  "t.conf:1: drvs.bearers: must be a list of names, like [\"eth0\"]" },
	{ "t_bearers_twice", "drvs = {\n bearers = [\"eth0\", \"eth0\"]; };\n",
	  "t.conf:2: drvs.bearers: \"eth0\" is named twice" },
	{ "t_bearers_too_many",
	  "drvs = { bearers = [\"a\", \"b\", \"c\", \"d\"]; };\n",
	  "t.conf:1: drvs.bearers: more than 3 interfaces (TIPC's limit)" },
	{ "t_bearer_name_slash", "drvs = { bearers = [\"eth/0\"]; };\n",
	  "t.conf:1: drvs.bearers: \"eth/0\" is not a network interface name "
	  "(1 to 15 printable characters, no space, '/' or ':')" },
	{ "t_bearer_name_long",
	  "drvs = { bearers = [\"0123456789abcdef\"]; };\n",
	  "t.conf:1: drvs.bearers: \"0123456789abcdef\" is not a network "
	  "interface name (1 to 15 printable characters, no space, '/' or "
	  "':')" },
	{ "t_tolerance_below_tipc", "drvs = { link_tolerance_ms = 49; };\n",
	  "t.conf:1: drvs.link_tolerance_ms: 49 is out of range (50..30000)" },
	/* One message: a malformed node id is not also "missing". */
	{ "t_node_id_malformed", "drvs = { nodes = ({ id = 300; }); };\n",
	  "t.conf:1: id: 300 is out of range (0..255)" },
};

static void t_bad(void **state)
{
	const struct bad_case *b = *state;

	assert_bad(b->text, b->msg);
}

static void t_missing_file(void **state)
{
	struct m3d_settings s;
	struct m3d_model *m = m3d_model_new();
	struct m3d_errors e = { .count = 0 };

	(void)state;
	m3d_settings_default(&s);
	assert_int_equal(m3d_conf_read("nope.conf", &s, m, &e), 1);
	assert_string_equal(e.buf, "nope.conf: cannot read: No such file or "
			    "directory\n");
	m3d_model_free(m);
}

static void t_nodeid_by_host(void **state)
{
	(void)state;
	assert_int_equal(load("drvs = { nr_nodes = 2; nodes = (\n"
			      "  { id = 0; host = \"beta.example.org\"; },\n"
			      "  { id = 1; host = \"alpha.example.org\"; });\n"
			      "};\n"), 0);
	assert_int_equal(model->nodeid, 1);
}

/* Without nr_nodes the DRVS has enough nodes for this node, as the
 * module would give it (m3_drvs_def_nodes()); m3d gave it 1 and refused
 * any nodeid above 0. */
static void t_nr_nodes_default(void **state)
{
	(void)state;
	assert_int_equal(load("nodeid = 2;\n"), 0);
	assert_int_equal(model->drvs.nr_nodes, 3);
	assert_int_equal(load("drvs = { nodes = (\n"
			      "  { id = 3; host = \"alpha\"; }); };\n"), 0);
	assert_int_equal(model->nodeid, 3);
	assert_int_equal(model->drvs.nr_nodes, 4);
	assert_int_equal(load("drvs = { nodes = ({ id = 1; }); };\n"), 1);
	assert_string_equal(err.buf, "t.conf:1: id: node 1 is not below "
			    "nr_nodes (1)\n");
}

/* Reads inc/main.conf, which @includes inc/vms.conf holding @vms. */
static int load_with_include(const char *vms)
{
	assert_true(mkdir("inc", 0755) == 0 || errno == EEXIST);
	write_file("inc/main.conf", "nodeid = 0;\nvms = (\n"
		   "@include \"vms.conf\"\n);\n");
	write_file("inc/vms.conf", vms);
	return read_path("inc/main.conf", 1);
}

/* @include is relative to m3d.conf's directory, not to the cwd. */
static void t_include_relative_to_conf(void **state)
{
	(void)state;
	assert_int_equal(load_with_include("{ vmid = 3; name = \"inc\"; }\n"), 0);
	assert_int_equal(model->nr_vms, 1);
	assert_int_equal(model->vms[0].vmid, 3);
}

/* An error in an included file names that file and its line. */
static void t_include_error_names_included_file(void **state)
{
	(void)state;
	assert_int_equal(load_with_include("{ vmid = 3; name = \"a\"; },\n"
					   "{ vmid = 99; name = \"b\"; }\n"), 1);
	assert_string_equal(err.buf, "inc/vms.conf:2: vmid: 99 is not below "
			    "max_vms (32)\n");
	assert_int_equal(load_with_include("{ vmid = 3;\n  colour = 1; }\n"), 1);
	assert_string_equal(err.buf, "inc/vms.conf:2: unknown setting "
			    "\"colour\"\n");
}

/* Numbers between 2^31 and 2^32 - 1, which libconfig 1.5 reads negative
 * unless written with an L, are taken as written, in hex too. */
static void t_big_values(void **state)
{
	(void)state;
	assert_int_equal(load("drvs = { max_copy = 3000000000; };\n"
			      "vms = ({ vmid = 1; owner = 3000000000; "
			      "group = 4294967294; },\n"
			      " { vmid = 2; owner = 2147483648L; "
			      "group = 0x80000000; });\n"), 0);
	assert_int_equal(model->drvs.max_copy, 3000000000U);
	assert_int_equal(model->vms[0].uid, 3000000000U);
	assert_int_equal(model->vms[0].gid, 4294967294U);
	assert_int_equal(model->vms[1].uid, 2147483648U);
	assert_int_equal(model->vms[1].gid, 2147483648U);
	assert_int_equal(load("drvs = { max_copy = 0xffffffff; };\n"), 0);
	assert_int_equal(model->drvs.max_copy, 4294967295U);
}

/* Above the kernel's 32 bits: refused, not wrapped (4294967296 was 0). */
static void t_values_above_32_bits(void **state)
{
	(void)state;
	assert_bad("drvs = { max_copy = 4294967296; };\n",
		   "t.conf:1: drvs.max_copy: 4294967296 is out of range "
		   "(0..4294967295)");
	assert_bad("vms = ({ vmid = 1;\n owner = 4294967295; });\n",
		   "t.conf:2: owner: 4294967295 is out of range "
		   "(0..4294967294)");
	assert_bad("vms = ({ vmid = 1; group = \"5000000000\"; });\n",
		   "t.conf:1: group: 5000000000 is out of range "
		   "(0..4294967294)");
	assert_bad("vms = ({ vmid = 1; owner = -1; });\n",
		   "t.conf:1: owner: -1 is out of range (0..4294967294)");
	assert_bad("\nnodeid = 99999999999999999999;\n",
		   "t.conf:2: 99999999999999999999 is out of range "
		   "(more than 64 bits)");
	assert_bad("vms = ({ vmid = 4294967297; });\n",
		   "t.conf:1: vmid: 4294967297 is out of range (0..1023)");
}

/* Lines after an @include, and in it, are still the right ones. */
static void t_include_lines(void **state)
{
	(void)state;
	assert_true(mkdir("inc", 0755) == 0 || errno == EEXIST);
	write_file("inc/main.conf", "nodeid = 0;\nvms = (\n"
		   "@include \"vms.conf\"\n);\nfoo = ;\n");
	write_file("inc/vms.conf", "{ vmid = 1; max_procs = 300000000000; }\n");
	m3d_settings_default(&set);
	memset(&err, 0, sizeof(err));
	m3d_conf_read("inc/main.conf", &set, model, &err);
	assert_string_equal(err.buf, "inc/main.conf:5: syntax error\n");
	write_file("inc/main.conf", "nodeid = 0;\nvms = (\n"
		   "@include \"vms.conf\"\n);\n");
	memset(&err, 0, sizeof(err));
	m3d_conf_read("inc/main.conf", &set, model, &err);
	assert_string_equal(err.buf, "inc/vms.conf:1: max_procs: 300000000000 "
			    "is out of range (0..4096)\n");
}

/* Error text is one line per error, printable ASCII: nothing that a
 * terminal or the journal would take for a command or a line. */
static void assert_errors_printable(int count)
{
	const char *p;
	int lines = 0;

	for (p = err.buf; *p; p++) {
		lines += *p == '\n';
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
	}
	assert_int_equal(lines, count);
}

/* Control characters, a newline, escape sequences and invalid UTF-8 in
 * every string of m3d.conf: each refused with one error, never echoed. */
static void t_hostile_strings(void **state)
{
	static const char *const fields[] = {
		"source = \"%s\";", "state_dir = \"%s\";",
		"drvs = { nodes = ({ id = 0; name = \"%s\"; }); };",
		"drvs = { nodes = ({ id = 0; host = \"%s\"; }); };",
		"vms = ({ vmid = 1; name = \"%s\"; });",
		"vms = ({ vmid = 1; owner = \"%s\"; });",
		"vms = ({ vmid = 1; group = \"%s\"; });",
		"vms = ({ vmid = 1; mode = \"%s\"; });",
		"vms = ({ vmid = 1; flags = [\"%s\"]; });",
		"ldap = { uri = \"%s\"; };", "ldap = { base = \"%s\"; };",
		"ldap = { bind_dn = \"%s\"; };",
		"ldap = { password_file = \"%s\"; };",
		"ldap = { sasl_mech = \"%s\"; };",
	};
	static const char *const values[] = {
		"\x1b]0;pwned\x07\x1b[2J", "x\nm3d: forged line", "tab\there",
		"bad\xff\xfe", "c1\xc2\x9b" "2J", "del\x7f",
	};
	char text[512];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		for (j = 0; j < sizeof(values) / sizeof(values[0]); j++) {
			snprintf(text, sizeof(text), fields[i], values[j]);
			strcat(text, "\n");
			if (load(text) != 1)
				print_error("field %zu, value %zu: %d errors\n",
					    i, j, err.count);
			assert_int_equal(err.count, 1);
			assert_errors_printable(1);
		}
}

/* A node's name and host as LDAP gives them (cn, m3NodeHost: control
 * characters allowed there) are checked by m3d_validate, for both sources. */
static void t_node_strings(void **state)
{
	struct m3d_model *m = m3d_model_new();
	struct m3d_node *n = m3d_model_add_node(m);
	struct m3d_errors e = { .count = 0 };

	(void)state;
	n->id = 0;
	m3d_origin_ldap(&n->origin, "cn=n0,dc=example,dc=org");
	strcpy(n->name, "n\x1b[2J");
	strcpy(n->host, "h\nm3d: forged line");
	m->nodeid = 0;
	assert_int_equal(m3d_validate(m, "alpha", &e), 2);
	assert_string_equal(e.buf,
		"cn=n0,dc=example,dc=org: cn: must be text: UTF-8 without "
		"control characters\n"
		"cn=n0,dc=example,dc=org: m3NodeHost: must be a host name: "
		"letters, digits, '-', '.', '_'\n");
	m3d_model_free(m);
	assert_bad("drvs = { nodes = ({ id = 0; host = \"a b\"; }); };\n",
		   "t.conf:1: host: must be a host name: letters, digits, "
		   "'-', '.', '_'");
}

/* ldap.password_file that group or others may read: refused (nslcd's
 * rule), at its line, before any bind. */
static void t_password_file_mode(void **state)
{
	(void)state;
	write_file("pw", "secret\n");
	assert_int_equal(chmod("pw", 0644), 0);
	assert_bad("ldap = {\n  password_file = \"pw\"; };\n",
		   "t.conf:2: ldap.password_file: pw may be read or written "
		   "by group or others (mode 0644): chmod 600 it");
	assert_int_equal(chmod("pw", 0600), 0);
	assert_int_equal(load("ldap = { password_file = \"pw\"; };\n"), 0);
	unlink("pw");
}

/* The key of the cluster tests: bytes 0..35. */
static const char key_hex[] = "000102030405060708090a0b0c0d0e0f"
			      "101112131415161718191a1b1c1d1e1f20212223";

static void assert_test_key(const struct m3d_cluster *c)
{
	uint8_t key[M3_CLUSTER_KEY_LEN], want[M3_CLUSTER_KEY_LEN];
	char why[600];
	unsigned int i;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)i;
	assert_int_equal(m3d_secret_key(c, key, why, sizeof(why)), 0);
	assert_memory_equal(key, want, sizeof(key));
}

/* A secret file as the rule wants it: text, mode 0600. */
static void write_secret(const char *path, const char *text)
{
	write_file(path, text);
	assert_int_equal(chmod(path, 0600), 0);
}

/* This node joins when a VM here spans another node: its key file,
 * bearers and tolerance are read and kept; the key's bytes come from the
 * file. The tolerance is TIPC's default unless given. */
static void t_cluster_fields(void **state)
{
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), "%s\n", key_hex);
	write_secret("key", text);
	assert_int_equal(load("nodeid = 1;\ndrvs = { nr_nodes = 3;\n"
			      " cluster_key_file = \"key\";\n"
			      " bearers = [\"eth0\", \"eth1\"];\n"
			      " link_tolerance_ms = 200; };\n"
			      "vms = ({ vmid = 1; nodes = [0, 1]; });\n"), 0);
	assert_true(model->cluster.wanted);
	assert_string_equal(model->cluster.bearers[0], "eth0");
	assert_string_equal(model->cluster.bearers[1], "eth1");
	assert_string_equal(model->cluster.bearers[2], "");
	assert_int_equal(model->cluster.tolerance_ms, 200);
	assert_test_key(&model->cluster);
	assert_int_equal(load("nodeid = 0;\ndrvs = { nr_nodes = 2; bearers = [\"e\"];\n"
			      " cluster_key_file = \"key\"; };\n"
			      "vms = ({ vmid = 1; nodes = [0, 1]; });\n"), 0);
	assert_int_equal(model->cluster.tolerance_ms, TIPC_DEF_LINK_TOL);
	unlink("key");
}

/* No VM here spans another node (or there is one node): nothing to
 * join, nothing needed, whatever the other nodes' VMs do. */
static void t_cluster_not_needed(void **state)
{
	(void)state;
	assert_int_equal(load("nodeid = 0;\n" DRVS2 "vms = ({ vmid = 1; nodes = [0]; },\n"
			      " { vmid = 2; nodes = [1]; });\n"), 0);
	assert_false(model->cluster.wanted);
	assert_int_equal(load("drvs = { bearers = [\"eth0\"]; "
			      "cluster_key_file = \"nokey\"; };\n"
			      "vms = ({ vmid = 1; });\n"), 0);
	assert_false(model->cluster.wanted);
}

/* A VM here spans another node: the key and a bearer are missing, each
 * said, with the VM that needs them. */
static void t_cluster_needs_key_and_bearer(void **state)
{
	(void)state;
	assert_int_equal(load("nodeid = 1;\n" DRVS2
			      "vms = ({ vmid = 7; nodes = [0, 1]; });\n"), 2);
	assert_string_equal(err.buf,
		"t.conf:2: drvs.cluster_key_file: missing: VM 7 spans node 1 "
		"and others: this node joins them over TIPC, with the "
		"cluster key\n"
		"t.conf:2: drvs.bearers: missing: VM 7 spans node 1 and "
		"others: this node joins them over TIPC, over at least one "
		"network interface\n");
	/* refused values are not also missing */
	assert_int_equal(load("nodeid = 1;\ndrvs = { nr_nodes = 2;\n"
			      " bearers = [\"a/b\"];\n cluster_key = \"0\"; };\n"
			      "vms = ({ vmid = 7; nodes = [0, 1]; });\n"), 2);
	assert_null(strstr(err.buf, "missing"));
}

/* The key file: the rule of secret files at its line (group or others
 * may read it; another user's), its first line a key, or said when the
 * key is used if the file is not there. */
static void t_cluster_key_file_rules(void **state)
{
	const char *other = "key";
	char why[600], want[600];
	uint8_t key[M3_CLUSTER_KEY_LEN];

	(void)state;
	write_file("key", key_hex);
	assert_int_equal(chmod("key", 0640), 0);
	assert_bad("drvs = {\n cluster_key_file = \"key\"; };\n",
		   "t.conf:2: drvs.cluster_key_file: key may be read or "
		   "written by group or others (mode 0640): chmod 600 it");
	assert_int_equal(chmod("key", 0600), 0);
	if (geteuid() == 0)
		assert_int_equal(chown("key", 65534, (gid_t)-1), 0);
	else
		other = "/etc/passwd";	/* root's */
	snprintf(want, sizeof(want), "t.conf:2: "
		 "drvs.cluster_key_file: %s belongs to uid %u, not to the user "
		 "m3d runs as (uid %u): chown it", other,
		 geteuid() ? 0U : 65534U, (unsigned int)geteuid());
	snprintf(why, sizeof(why), "drvs = {\n cluster_key_file = \"%s\"; };\n",
		 other);
	assert_bad(why, want);
	unlink("key");
	write_secret("key", "not a key\n");
	assert_bad("drvs = {\n cluster_key_file = \"key\"; };\n",
		   "t.conf:2: drvs.cluster_key_file: key: its first line is "
		   "not a key: 72 hex digits (36 bytes)");
	unlink("key");
	assert_int_equal(load("drvs = { cluster_key_file = \"key\"; };\n"), 0);
	assert_int_equal(m3d_secret_key(&model->cluster, key, why,
					sizeof(why)), -1);
	assert_string_equal(why, "key: No such file or directory");
}

/* t.conf with text, of mode, read and checked. */
static int load_mode(const char *text, mode_t mode)
{
	write_file("t.conf", text);
	assert_int_equal(chmod("t.conf", mode), 0);
	return read_path("t.conf", 1);
}

/* The key itself: only in a file that its owner alone may read; 72 hex
 * digits, never shown in the message; not with a key file too. */
static void t_cluster_key_inline(void **state)
{
	char text[256];

	(void)state;
	snprintf(text, sizeof(text), "drvs = {\n cluster_key = \"%s\"; };\n",
		 key_hex);
	assert_int_equal(load_mode(text, 0644), 1);
	assert_string_equal(err.buf, "t.conf:2: drvs.cluster_key: a key may "
		"be written only in a file that its owner alone may read: "
		"t.conf may be read or written by group or others (mode "
		"0644): chmod 600 it; or give cluster_key_file\n");
	assert_int_equal(load_mode(text, 0600), 0);
	assert_test_key(&model->cluster);
	assert_int_equal(load_mode("drvs = {\n cluster_key = \"00ff\"; };\n",
				   0600), 1);
	assert_string_equal(err.buf, "t.conf:2: drvs.cluster_key: not a key: "
		"72 hex digits (36 bytes: TIPC's gcm(aes) key and salt)\n");
	snprintf(text, sizeof(text), "drvs = {\n cluster_key = \"%s\";\n"
		 " cluster_key_file = \"k\"; };\n", key_hex);
	assert_int_equal(load_mode(text, 0600), 1);
	assert_string_equal(err.buf, "t.conf:2: drvs.cluster_key: give the "
		"key or its file (drvs.cluster_key_file), not both\n");
	chmod("t.conf", 0644);
}

/* The state file keeps a key given as such (it is mode 0600, whatever
 * the umask), and reads it back; m3d --check --print never shows it. */
static void t_state_keeps_key(void **state)
{
	struct m3d_model *back = m3d_model_new();
	struct m3d_errors e = { .count = 0 };
	char text[256], *out = NULL;
	size_t len = 0;
	struct stat st;
	FILE *f;

	(void)state;
	snprintf(text, sizeof(text), "nodeid = 0;\ndrvs = { nr_nodes = 2; cluster_key = "
		 "\"%s\"; bearers = [\"eth0\"]; };\nvms = ({ vmid = 1; "
		 "nodes = [0, 1]; });\n", key_hex);
	assert_int_equal(load_mode(text, 0600), 0);
	assert_int_equal(m3d_state_save(".", model), 0);
	assert_int_equal(stat(M3D_STATE_FILE, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(m3d_state_load(".", back, &e), 0);
	assert_string_equal(back->cluster.key_hex, key_hex);
	assert_test_key(&back->cluster);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	m3d_model_write(f, model, 0);
	fclose(f);
	assert_null(strstr(out, key_hex));
	assert_non_null(strstr(out, "/* cluster_key: set, not shown */"));
	free(out);
	m3d_model_free(back);
	chmod("t.conf", 0644);
}

static void t_all_errors_reported(void **state)
{
	(void)state;
	assert_int_equal(load("vms = (\n { vmid = 1; mode = \"9\"; },\n"
			      " { vmid = 1; flags = [\"x\"]; }\n);\n"), 3);
	assert_string_equal(err.buf,
		"t.conf:2: mode: must be octal permission bits in a string, "
		"like \"0660\"\n"
		"t.conf:3: flags: unknown flag \"x\" (known: strict_copy)\n"
		"t.conf:3: vmid: VM 1 is defined twice\n");
}

static void t_defaults(void **state)
{
	const struct m3d_vm *vm;

	(void)state;
	assert_int_equal(load("vms = ({ vmid = 3; owner = 12; group = \"0\"; "
			      "flags = [\"strict_copy\"]; });\n"), 0);
	assert_int_equal(set.source, SRC_FILE);
	assert_int_equal(model->nodeid, 0);
	assert_int_equal(model->drvs.nr_nodes, M3_DEF_NODES);
	assert_int_equal(model->drvs.max_vms, M3_DEF_VMS);
	vm = m3d_model_find_vm(model, 3);
	assert_non_null(vm);
	assert_string_equal(vm->name, "vm3");
	assert_int_equal(vm->max_procs, M3_DEF_PROCS);
	assert_int_equal(vm->mode, 0660);
	assert_int_equal(vm->uid, 12);
	assert_int_equal(vm->flags, M3_VM_STRICT_COPY);
	assert_int_equal(vm->nodes[0], 1);
}

/* Every field has a name, a key unique in its group, and an LDAP
 * attribute that the schema defines if it is one of the directory's. */
static void t_field_table(void **state)
{
	const struct m3d_field_info *fi;
	char path[4096], *schema, attr[64];
	FILE *f;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "%s/schema/m3.schema", getenv("TOP"));
	f = fopen(path, "r");
	assert_non_null(f);
	schema = calloc(1, 65536);
	assert_non_null(schema);
	assert_true(fread(schema, 1, 65535, f) > 0);
	fclose(f);
	assert_null(m3d_field(F_ENTRY));
	for (i = F_ENTRY + 1; i < F_NR_FIELDS; i++) {
		fi = m3d_field(i);
		assert_non_null(fi->name);
		assert_int_equal(m3d_field_find(fi->group, m3d_field_key(i)), i);
		assert_true(fi->size > 0);
		if (fi->group == G_DRVS || fi->group == G_NODE ||
		    fi->group == G_VM)
			assert_non_null(fi->attr);
		if (!fi->attr || !strcmp(fi->attr, "cn"))
			continue;
		snprintf(attr, sizeof(attr), "NAME '%s'", fi->attr);
		assert_non_null(strstr(schema, attr));
	}
	free(schema);
}

/* The flag names: every flag of the module, each read back to its bit. */
static void t_flag_table(void **state)
{
	const struct m3d_flag *fl;
	unsigned int all = 0, bit;
	char buf[M3D_FLAGS_LEN];

	(void)state;
	for (fl = m3d_vm_flags; fl->name; fl++) {
		bit = 0;
		assert_int_equal(m3d_parse_flag(fl->name, &bit), 0);
		assert_int_equal(bit, fl->bit);
		all |= fl->bit;
	}
	assert_int_equal(all, M3_VM_FLAGS_ALL);
	assert_string_equal(m3d_flags_str(buf, sizeof(buf), M3_VM_STRICT_COPY,
					  "\"", ", "), "\"strict_copy\"");
	assert_string_equal(m3d_flags_str(buf, sizeof(buf), 0, "\"", ", "), "");
	assert_string_equal(m3d_flags_str(buf, sizeof(buf), 0x80000001U, "",
					  ","), "strict_copy,0x80000000");
	assert_int_equal(m3d_parse_flag("Strict_copy", &bit), -1);
}

/* A number field of group g set to v, as m3d.conf writes it. */
static int read_number(enum m3d_field f, unsigned long v)
{
	static const char *const wrap[] = {
		[G_TOP] = "%s = %lu;\n", [G_DRVS] = "drvs = { %s = %lu; };\n",
		[G_NODE] = "drvs = { nodes = ({ %s = %lu; }); };\n",
		[G_VM] = "vms = ({ %s = %lu; });\n",
		[G_LDAP] = "ldap = { %s = %lu; };\n",
	};
	char text[256];

	snprintf(text, sizeof(text), wrap[m3d_field(f)->group],
		 m3d_field_key(f), v);
	return read_conf(text);
}

/* The object of f's group that read_number() filled. */
static void *number_object(enum m3d_field f)
{
	switch (m3d_field(f)->group) {
	case G_TOP:
		return model;
	case G_DRVS:
		return model;
	case G_NODE:
		return &model->nodes[0];
	case G_VM:
		return &model->vms[0];
	default:
		return &set.ldap;
	}
}

/*
 * One row of the table bounds a number in the file, in LDAP and in the
 * whole-model checks: its max is taken, max + 1 refused by each.
 */
static void t_limits_one_table(void **state)
{
	const struct m3d_field_info *fi;
	char want[256], why[256], s[32];
	void *obj;
	int i;

	(void)state;
	for (i = F_ENTRY + 1; i < F_NR_FIELDS; i++) {
		fi = m3d_field(i);
		if (fi->kind != K_UINT && fi->kind != K_ID)
			continue;
		assert_int_equal(read_number(i, fi->max), 0);
		assert_int_equal(*(unsigned int *)m3d_field_ptr(i,
				 number_object(i)), fi->max);
		assert_int_equal(read_number(i, fi->max + 1), 1);
		snprintf(want, sizeof(want), "t.conf:1: %s: %lu is out of range "
			 "(%lu..%lu)\n", fi->name, fi->max + 1, fi->min,
			 fi->max);
		assert_string_equal(err.buf, want);
		if (fi->min) {
			assert_int_equal(read_number(i, fi->min - 1), 1);
			snprintf(want, sizeof(want), "t.conf:1: %s: %lu is out "
				 "of range (%lu..%lu)\n", fi->name,
				 fi->min - 1, fi->min, fi->max);
			assert_string_equal(err.buf, want);
		}
		if (!fi->attr || fi->group == G_TOP)	/* not read from LDAP */
			continue;
		obj = number_object(i);
		snprintf(s, sizeof(s), "%lu", fi->max);
		assert_int_equal(m3d_field_parse(i, obj, s, why, sizeof(why)), 0);
		assert_int_equal(*(unsigned int *)m3d_field_ptr(i, obj),
				 fi->max);
		snprintf(s, sizeof(s), "%lu", fi->max + 1);
		assert_int_equal(m3d_field_parse(i, obj, s, why, sizeof(why)),
				 -1);
		snprintf(want, sizeof(want), "\"%s\" is not a number from %lu "
			 "to %lu", s, fi->min, fi->max);
		assert_string_equal(why, want);
	}
}

/* The DRVS's limits in the whole-model checks are the table's too (a
 * model from anywhere: the kernel's, a test's). */
static void t_drvs_limits_validated(void **state)
{
	const struct m3d_field_info *fi;
	char want[256];
	int i;

	(void)state;
	m3d_each_field(i, G_DRVS) {
		fi = m3d_field(i);
		if (fi->kind != K_UINT || fi->max >= 0xffffffffUL)
			continue;
		read_conf("nodeid = 0;\n");
		*(unsigned int *)m3d_field_ptr(i, model) =
			(unsigned int)fi->max + 1;
		assert_int_equal(m3d_validate(model, "alpha", &err), 1);
		snprintf(want, sizeof(want), "t.conf: %s: %lu is more than "
			 "%lu\n", fi->name, fi->max + 1, fi->max);
		assert_string_equal(err.buf, want);
		if (fi->min <= 1)	/* 0 takes the default */
			continue;
		read_conf("nodeid = 0;\n");
		*(unsigned int *)m3d_field_ptr(i, model) =
			(unsigned int)fi->min - 1;
		assert_int_equal(m3d_validate(model, "alpha", &err), 1);
		snprintf(want, sizeof(want), "t.conf: %s: %lu is less than "
			 "%lu\n", fi->name, fi->min - 1, fi->min);
		assert_string_equal(err.buf, want);
	}
}

/* LDAP values are bounded and named as in the file: an owner number out
 * of range said "no such user" there, a malformed id is not "missing". */
static void t_ldap_values_as_file(void **state)
{
	static const struct {
		enum m3d_field f;
		const char *s, *why;	/* why: NULL if taken */
	} cases[] = {
		{ F_OWNER, "4294967295",
		  "4294967295 is out of range (0..4294967294)" },
		{ F_GROUP, "no-such-group-x", "no such group \"no-such-group-x\"" },
		{ F_NAME, "a b", "must be printable, without spaces" },
		{ F_FLAGS, "fast", "unknown flag \"fast\" (known: strict_copy)" },
		{ F_VMID, "1024", "\"1024\" is not a number from 0 to 1023" },
		{ F_OWNER, "4294967294", NULL },
	};
	struct m3d_vm vm;
	char why[256];
	size_t i;

	(void)state;
	memset(&vm, 0, sizeof(vm));
	for (i = 0; i < N(cases); i++) {
		assert_int_equal(m3d_field_parse(cases[i].f, &vm, cases[i].s,
						 why, sizeof(why)),
				 cases[i].why ? -1 : 0);
		if (cases[i].why)
			assert_string_equal(why, cases[i].why);
	}
	assert_int_equal(vm.uid, 4294967294U);
	assert_int_equal(vm.vmid, -2);
}

static void t_example_config(void **state)
{
	struct m3d_settings s;
	struct m3d_model *m = m3d_model_new();
	struct m3d_errors e = { .count = 0 };
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/etc/m3d.conf", getenv("TOP"));
	m3d_settings_default(&s);
	assert_int_equal(m3d_conf_read(path, &s, m, &e), 0);
	assert_int_equal(m3d_validate(m, "alpha", &e), 0);
	assert_int_equal(m->nr_vms, 2);
	assert_int_equal(m3d_vm_spans_node(&m->vms[1], m->nodeid), 0);
	m3d_model_free(m);
}

static void t_state_roundtrip(void **state)
{
	struct m3d_model *back = m3d_model_new();
	struct m3d_errors e = { .count = 0 };
	size_t i;

	(void)state;
	assert_int_equal(load("nodeid = 1;\ndrvs = { nr_nodes = 3; max_copy = 65536;"
			      " bearers = [\"eth0\", \"e\\\"1\"];"
			      " cluster_key_file = \"nokey\";"
			      " link_tolerance_ms = 300;"
			      " nodes = ({ id = 1; name = \"n\\\"1\"; host = \"h\"; }); };\n"
			      "vms = ({ vmid = 4; name = \"a\"; nodes = [0, 1];"
			      " mode = \"0604\"; flags = [\"strict_copy\"]; },"
			      " { vmid = 5; nodes = [2]; });\n"), 0);
	assert_int_equal(m3d_state_save(".", model), 0);
	assert_int_equal(m3d_state_load(".", back, &e), 0);
	assert_int_equal(back->nodeid, 1);
	assert_memory_equal(&back->drvs, &model->drvs, sizeof(back->drvs));
	assert_true(model->cluster.wanted);
	assert_memory_equal(&back->cluster, &model->cluster,
			    sizeof(back->cluster));
	assert_string_equal(back->nodes[0].name, "n\"1");
	assert_int_equal(back->nr_vms, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(back->vms[i].vmid, model->vms[i].vmid);
		assert_string_equal(back->vms[i].name, model->vms[i].name);
		assert_memory_equal(back->vms[i].nodes, model->vms[i].nodes,
				    sizeof(model->vms[i].nodes));
		assert_int_equal(back->vms[i].mode, model->vms[i].mode);
		assert_int_equal(back->vms[i].flags, model->vms[i].flags);
	}
	m3d_model_free(back);
}

static void t_state_missing(void **state)
{
	struct m3d_model *m = m3d_model_new();
	struct m3d_errors e = { .count = 0 };

	(void)state;
	assert_int_equal(m3d_state_load("/nonexistent", m, &e), -ENOENT);
	m3d_model_free(m);
}

int main(void)
{
	static const struct CMUnitTest other[] = {
		cmocka_unit_test(t_missing_file),
		cmocka_unit_test(t_nodeid_by_host),
		cmocka_unit_test(t_nr_nodes_default),
		cmocka_unit_test(t_include_relative_to_conf),
		cmocka_unit_test(t_include_error_names_included_file),
		cmocka_unit_test(t_big_values),
		cmocka_unit_test(t_values_above_32_bits),
		cmocka_unit_test(t_include_lines),
		cmocka_unit_test(t_hostile_strings),
		cmocka_unit_test(t_node_strings),
		cmocka_unit_test(t_password_file_mode),
		cmocka_unit_test(t_cluster_fields),
		cmocka_unit_test(t_cluster_not_needed),
		cmocka_unit_test(t_cluster_needs_key_and_bearer),
		cmocka_unit_test(t_cluster_key_file_rules),
		cmocka_unit_test(t_cluster_key_inline),
		cmocka_unit_test(t_state_keeps_key),
		cmocka_unit_test(t_all_errors_reported),
		cmocka_unit_test(t_defaults),
		cmocka_unit_test(t_field_table),
		cmocka_unit_test(t_flag_table),
		cmocka_unit_test(t_limits_one_table),
		cmocka_unit_test(t_drvs_limits_validated),
		cmocka_unit_test(t_ldap_values_as_file),
		cmocka_unit_test(t_example_config),
		cmocka_unit_test(t_state_roundtrip),
		cmocka_unit_test(t_state_missing),
	};
	struct CMUnitTest tests[N(bad_cases) + N(other)];
	char dir[] = "/tmp/m3d-conf.XXXXXX";
	size_t i, n = 0;
	int r;

	for (i = 0; i < N(bad_cases); i++)
		tests[n++] = (struct CMUnitTest){ bad_cases[i].name, t_bad,
						  NULL, NULL,
						  (void *)&bad_cases[i] };
	for (i = 0; i < N(other); i++)
		tests[n++] = other[i];
	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	unlink("t.conf");
	unlink(M3D_STATE_FILE);
	rmdir(dir);
	return r;
}
