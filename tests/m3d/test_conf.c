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
#include "conf_file.h"
#include "state_file.h"

static struct m3d_settings set;
static struct m3d_model *model;
static struct m3d_errors err;

/* Reads text as t.conf (this node's host name is "alpha"). */
static int load(const char *text)
{
	FILE *f = fopen("t.conf", "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	m3d_settings_default(&set);
	m3d_model_free(model);
	model = m3d_model_new();
	memset(&err, 0, sizeof(err));
	m3d_conf_read("t.conf", &set, model, &err);
	m3d_validate(model, "alpha", &err);
	return err.count;
}

#define BAD(text, msg) do {					\
	assert_int_equal(load(text), 1);			\
	assert_string_equal(err.buf, msg "\n");			\
} while (0)

#define DRVS2 "drvs = { nr_nodes = 2; };\n"

static void t_syntax_error(void **state)
{
	(void)state;
	BAD("source = \"file\";\nnodeid = ;\n", "t.conf:2: syntax error");
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

static void t_unknown_setting(void **state)
{
	(void)state;
	BAD("nodeid = 0;\ncolour = 1;\n", "t.conf:2: unknown setting \"colour\"");
}

static void t_bad_source(void **state)
{
	(void)state;
	BAD("source = \"nis\";\n", "t.conf:1: source: must be \"file\" or \"ldap\"");
}

static void t_nodeid_range(void **state)
{
	(void)state;
	BAD("nodeid = 300;\n", "t.conf:1: nodeid: 300 is out of range (0..255)");
}

static void t_nodeid_type(void **state)
{
	(void)state;
	BAD("\nnodeid = \"one\";\n", "t.conf:2: nodeid: must be a number");
}

static void t_nodeid_above_nr_nodes(void **state)
{
	(void)state;
	BAD("nodeid = 2;\n" DRVS2,
	    "t.conf:1: nodeid: 2 is not below nr_nodes (2)");
}

static void t_nodeid_unknown(void **state)
{
	(void)state;
	BAD(DRVS2, "t.conf:1: nodeid: not set, and no node has host \"alpha\"");
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

static void t_drvs_not_group(void **state)
{
	(void)state;
	BAD("nodeid = 0;\ndrvs = 3;\n", "t.conf:2: drvs must be a group { ... }");
}

static void t_drvs_range(void **state)
{
	(void)state;
	BAD("drvs = {\n  nr_nodes = 300;\n};\n",
	    "t.conf:2: drvs.nr_nodes: 300 is out of range (0..256)");
}

static void t_drvs_max_procs(void **state)
{
	(void)state;
	BAD("drvs = { max_procs = 5000; };\n",
	    "t.conf:1: drvs.max_procs: 5000 is out of range (0..4096)");
}

static void t_drvs_unknown(void **state)
{
	(void)state;
	BAD("drvs = {\n  max_vm = 3;\n};\n",
	    "t.conf:2: unknown setting \"max_vm\"");
}

static void t_node_id_range(void **state)
{
	(void)state;
	BAD("nodeid = 0;\ndrvs = { nr_nodes = 2; nodes = (\n"
	    "  { id = 5; }\n); };\n",
	    "t.conf:3: id: node 5 is not below nr_nodes (2)");
}

static void t_node_twice(void **state)
{
	(void)state;
	BAD("nodeid = 0;\ndrvs = { nr_nodes = 2; nodes = (\n"
	    "  { id = 1; },\n  { id = 1; }\n); };\n",
	    "t.conf:4: id: node 1 is described twice");
}

static void t_node_missing_id(void **state)
{
	(void)state;
	BAD("drvs = { nodes = (\n  { name = \"a\"; }\n); };\n",
	    "t.conf:2: id: missing");
}

static void t_vm_not_group(void **state)
{
	(void)state;
	BAD("vms = ( 3 );\n", "t.conf:1: a VM must be a group { ... }");
}

static void t_vm_missing_vmid(void **state)
{
	(void)state;
	BAD("vms = (\n  { name = \"a\"; }\n);\n", "t.conf:2: vmid: missing");
}

static void t_vm_unknown_setting(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1;\n  colour = \"red\"; });\n",
	    "t.conf:2: unknown setting \"colour\"");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Reads inc/main.conf, which @includes inc/vms.conf holding @vms. */
static int load_with_include(const char *vms)
{
	assert_true(mkdir("inc", 0755) == 0 || errno == EEXIST);
	write_file("inc/main.conf", "nodeid = 0;\nvms = (\n"
		   "@include \"vms.conf\"\n);\n");
	write_file("inc/vms.conf", vms);
	m3d_settings_default(&set);
	m3d_model_free(model);
	model = m3d_model_new();
	memset(&err, 0, sizeof(err));
	m3d_conf_read("inc/main.conf", &set, model, &err);
	m3d_validate(model, "alpha", &err);
	return err.count;
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
	BAD("drvs = { max_copy = 4294967296; };\n",
	    "t.conf:1: drvs.max_copy: 4294967296 is out of range "
	    "(0..4294967295)");
	BAD("vms = ({ vmid = 1;\n owner = 4294967295; });\n",
	    "t.conf:2: owner: 4294967295 is out of range (0..4294967294)");
	BAD("vms = ({ vmid = 1; group = \"5000000000\"; });\n",
	    "t.conf:1: group: 5000000000 is out of range (0..4294967294)");
	BAD("vms = ({ vmid = 1; owner = -1; });\n",
	    "t.conf:1: owner: -1 is out of range (0..4294967294)");
	BAD("\nnodeid = 99999999999999999999;\n",
	    "t.conf:2: 99999999999999999999 is out of range (more than 64 "
	    "bits)");
	BAD("vms = ({ vmid = 4294967297; });\n",
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
	BAD("drvs = { nodes = ({ id = 0; host = \"a b\"; }); };\n",
	    "t.conf:1: host: must be a host name: letters, digits, '-', '.', "
	    "'_'");
}

/* ldap.password_file that group or others may read: refused (nslcd's
 * rule), at its line, before any bind. */
static void t_password_file_mode(void **state)
{
	(void)state;
	write_file("pw", "secret\n");
	assert_int_equal(chmod("pw", 0644), 0);
	BAD("ldap = {\n  password_file = \"pw\"; };\n",
	    "t.conf:2: ldap.password_file: pw may be read or written by group "
	    "or others (mode 0644): chmod 600 it");
	assert_int_equal(chmod("pw", 0600), 0);
	assert_int_equal(load("ldap = { password_file = \"pw\"; };\n"), 0);
	unlink("pw");
}

static void t_vmid_range(void **state)
{
	(void)state;
	BAD("vms = ({\n  vmid = 2000; });\n",
	    "t.conf:2: vmid: 2000 is out of range (0..1023)");
}

static void t_vmid_negative(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = -1; });\n",
	    "t.conf:1: vmid: -1 is out of range (0..1023)");
}

static void t_vmid_max_vms(void **state)
{
	(void)state;
	BAD("vms = ({\n  vmid = 40; });\n",
	    "t.conf:2: vmid: 40 is not below max_vms (32)");
}

static void t_vmid_twice(void **state)
{
	(void)state;
	BAD("vms = (\n { vmid = 1; },\n { vmid = 1; }\n);\n",
	    "t.conf:3: vmid: VM 1 is defined twice");
}

static void t_name_twice(void **state)
{
	(void)state;
	BAD("vms = (\n { vmid = 1; name = \"a\"; },\n"
	    " { vmid = 2;\n   name = \"a\"; }\n);\n",
	    "t.conf:4: name: \"a\" is the name of VM 1 too");
}

static void t_name_long(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; name = \"abcdefghijklmnop\"; });\n",
	    "t.conf:1: name: longer than 15 characters");
}

static void t_name_space(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; name = \"a b\"; });\n",
	    "t.conf:1: name: must be printable, without spaces");
}

static void t_mode_number(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1;\n  mode = 660; });\n",
	    "t.conf:2: mode: must be octal permission bits in a string, like "
	    "\"0660\"");
}

static void t_mode_digits(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; mode = \"0690\"; });\n",
	    "t.conf:1: mode: must be octal permission bits in a string, like "
	    "\"0660\"");
}

static void t_owner_unknown(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; owner = \"no-such-user-x\"; });\n",
	    "t.conf:1: owner: no such user \"no-such-user-x\"");
}

static void t_group_unknown(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1;\n group = \"no-such-group-x\"; });\n",
	    "t.conf:2: group: no such group \"no-such-group-x\"");
}

static void t_flags_unknown(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; flags = [\"fast\"]; });\n",
	    "t.conf:1: flags: unknown flag \"fast\" (known: strict_copy)");
}

static void t_nodes_type(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1; nodes = 0; });\n",
	    "t.conf:1: nodes: must be an array of node ids, like [0, 1]");
}

static void t_nodes_range(void **state)
{
	(void)state;
	BAD("nodeid = 0;\n" DRVS2 "vms = ({ vmid = 1;\n  nodes = [0, 2]; });\n",
	    "t.conf:4: nodes: node 2 is not below nr_nodes (2)");
}

static void t_max_procs_above_drvs(void **state)
{
	(void)state;
	BAD("vms = ({ vmid = 1;\n\n max_procs = 300; });\n",
	    "t.conf:3: max_procs: 300 is more than the DRVS's max_procs (256)");
}

static void t_starttls_type(void **state)
{
	(void)state;
	BAD("ldap = { starttls = \"yes\"; };\n",
	    "t.conf:1: ldap.starttls: must be true or false");
}

static void t_ldap_with_vms(void **state)
{
	(void)state;
	BAD("source = \"ldap\";\nvms = ({ vmid = 1; });\n",
	    "t.conf:1: source: is \"ldap\": the DRVS and the VMs come from the "
	    "directory, not from this file");
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
			      " nodes = ({ id = 1; name = \"n\\\"1\"; host = \"h\"; }); };\n"
			      "vms = ({ vmid = 4; name = \"a\"; nodes = [0, 1];"
			      " mode = \"0604\"; flags = [\"strict_copy\"]; },"
			      " { vmid = 5; nodes = [2]; });\n"), 0);
	assert_int_equal(m3d_state_save(".", model), 0);
	assert_int_equal(m3d_state_load(".", back, &e), 0);
	assert_int_equal(back->nodeid, 1);
	assert_memory_equal(&back->drvs, &model->drvs, sizeof(back->drvs));
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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_syntax_error),
		cmocka_unit_test(t_missing_file),
		cmocka_unit_test(t_unknown_setting),
		cmocka_unit_test(t_bad_source),
		cmocka_unit_test(t_nodeid_range),
		cmocka_unit_test(t_nodeid_type),
		cmocka_unit_test(t_nodeid_above_nr_nodes),
		cmocka_unit_test(t_nodeid_unknown),
		cmocka_unit_test(t_nodeid_by_host),
		cmocka_unit_test(t_nr_nodes_default),
		cmocka_unit_test(t_drvs_not_group),
		cmocka_unit_test(t_drvs_range),
		cmocka_unit_test(t_drvs_max_procs),
		cmocka_unit_test(t_drvs_unknown),
		cmocka_unit_test(t_node_id_range),
		cmocka_unit_test(t_node_twice),
		cmocka_unit_test(t_node_missing_id),
		cmocka_unit_test(t_vm_not_group),
		cmocka_unit_test(t_vm_missing_vmid),
		cmocka_unit_test(t_vm_unknown_setting),
		cmocka_unit_test(t_include_relative_to_conf),
		cmocka_unit_test(t_include_error_names_included_file),
		cmocka_unit_test(t_big_values),
		cmocka_unit_test(t_values_above_32_bits),
		cmocka_unit_test(t_include_lines),
		cmocka_unit_test(t_hostile_strings),
		cmocka_unit_test(t_node_strings),
		cmocka_unit_test(t_password_file_mode),
		cmocka_unit_test(t_vmid_range),
		cmocka_unit_test(t_vmid_negative),
		cmocka_unit_test(t_vmid_max_vms),
		cmocka_unit_test(t_vmid_twice),
		cmocka_unit_test(t_name_twice),
		cmocka_unit_test(t_name_long),
		cmocka_unit_test(t_name_space),
		cmocka_unit_test(t_mode_number),
		cmocka_unit_test(t_mode_digits),
		cmocka_unit_test(t_owner_unknown),
		cmocka_unit_test(t_group_unknown),
		cmocka_unit_test(t_flags_unknown),
		cmocka_unit_test(t_nodes_type),
		cmocka_unit_test(t_nodes_range),
		cmocka_unit_test(t_max_procs_above_drvs),
		cmocka_unit_test(t_starttls_type),
		cmocka_unit_test(t_ldap_with_vms),
		cmocka_unit_test(t_all_errors_reported),
		cmocka_unit_test(t_defaults),
		cmocka_unit_test(t_example_config),
		cmocka_unit_test(t_state_roundtrip),
		cmocka_unit_test(t_state_missing),
	};
	char dir[] = "/tmp/m3d-conf.XXXXXX";
	int r;

	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	unlink("t.conf");
	unlink(M3D_STATE_FILE);
	rmdir(dir);
	return r;
}
