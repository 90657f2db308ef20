// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every model m3d accepts comes back equal from its state file: a property
 * test over the whole range of every field (the bounds, INT32_MAX and
 * INT32_MAX + 1, random values in between), with names holding quotes,
 * backslashes and UTF-8, and the cluster's key (kept: the file is 0600). Round 0 takes every field at its minimum, round 1
 * at its maximum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/tipc_config.h>
#include "state_file.h"

#define ROUNDS	2000

static int round_nr;

static uint64_t rnd64(void)
{
	return (uint64_t)rand() << 42 ^ (uint64_t)rand() << 21 ^
	       (uint64_t)rand();
}

/* A value in [lo, hi]: a bound, near INT32_MAX, or anywhere. */
static uint32_t pick(uint32_t lo, uint32_t hi)
{
	uint64_t span = (uint64_t)hi - lo + 1;

	if (round_nr < 2)
		return round_nr ? hi : lo;
	switch (rand() % 8) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return hi > 0x80000000U && lo <= 0x7fffffffU ?
		       0x7fffffffU + (uint32_t)(rand() % 2) : hi;
	default:
		return lo + (uint32_t)(rnd64() % span);
	}
}

/* Random text of at most max bytes from pieces that stay whole. */
static void random_text(char *s, size_t max, const char *const *pieces,
			size_t nr)
{
	size_t len = 0, n = round_nr == 1 ? max : (size_t)rand() % (max + 1);
	const char *p;

	s[0] = 0;
	while (len < n) {
		p = pieces[round_nr == 1 ? 0 : (size_t)rand() % nr];
		if (len + strlen(p) > max)
			break;
		strcpy(s + len, p);
		len += strlen(p);
	}
}

static const char *const name_pieces[] = {
	"a", "Z", "9", " ", "\"", "\\", "#", "caf\xc3\xa9",
	"\xe6\x97\xa5", "\xf0\x9f\x98\x80", "{", ";",
};
static const char *const host_pieces[] = { "a", "b-", ".", "_", "7" };
static const char *const vm_pieces[] = { "w", "\"", "\\", "#", "=", "1" };
static const char *const if_pieces[] = { "e", "th", "0", "-", ".", "\"",
					  "\\", "#", "@" };
static const char *const path_pieces[] = { "/", "etc", "k", " ", "\"",
					    "caf\xc3\xa9", "." };

/* What the node needs to join: bearers, a tolerance, a key or its file
 * (which need not be there). */
static void random_cluster(struct m3d_model *m)
{
	struct m3d_cluster *c = &m->cluster;
	int i, n = round_nr == 1 ? M3D_MAX_BEARERS : 1 + rand() % 3;
	unsigned int b;

	for (i = 0; i < n; i++) {
		do {
			random_text(c->bearers[i], M3D_IFNAME_LEN - 3, if_pieces,
				    sizeof(if_pieces) / sizeof(if_pieces[0]));
			snprintf(c->bearers[i] + strlen(c->bearers[i]), 3,
				 "%d", i);	/* never empty, never twice */
		} while (m3d_check_ifname(c->bearers[i]));
	}
	c->tolerance_ms = pick(TIPC_MIN_LINK_TOL, TIPC_MAX_LINK_TOL);
	if (round_nr == 1 || rand() % 2) {
		for (i = 0; i < M3D_KEY_HEX_LEN; i++) {
			b = (unsigned int)rand() % 16;
			c->key_hex[i] = "0123456789abcdefABCDEF"[b +
				(b > 9 && rand() % 2 ? 6 : 0)];
		}
	} else {
		random_text(c->key_file, 60, path_pieces,
			    sizeof(path_pieces) / sizeof(path_pieces[0]));
		strcat(c->key_file, "/nokey");
	}
}

static void random_nodes(struct m3d_model *m)
{
	size_t i, want = round_nr == 1 ? 3 : (size_t)rand() % 4;
	struct m3d_node *n;
	int id;

	for (i = 0; i < want; i++) {
		id = (int)pick(0, m->drvs.nr_nodes - 1);
		for (n = m->nodes; n < m->nodes + m->nr_nodes; n++)
			if (n->id == id)
				break;
		if (n < m->nodes + m->nr_nodes)
			continue;
		n = m3d_model_add_node(m);
		n->id = id;
		random_text(n->name, sizeof(n->name) - 1, name_pieces,
			    sizeof(name_pieces) / sizeof(name_pieces[0]));
		random_text(n->host, 40, host_pieces,
			    sizeof(host_pieces) / sizeof(host_pieces[0]));
	}
}

static void random_vm(struct m3d_model *m, struct m3d_vm *vm, int vmid)
{
	unsigned int n;

	vm->vmid = vmid;
	random_text(vm->name, sizeof(vm->name) - 6, vm_pieces,
		    sizeof(vm_pieces) / sizeof(vm_pieces[0]));
	snprintf(vm->name + strlen(vm->name), 6, "v%d", vmid);
	vm->max_procs = pick(0, m->drvs.max_procs);
	vm->uid = pick(0, M3D_ID_MAX);
	vm->gid = pick(0, M3D_ID_MAX);
	vm->mode = pick(0, 0777);
	vm->flags = pick(0, M3_VM_FLAGS_ALL) & M3_VM_FLAGS_ALL;	/* names */
	for (n = 0; n < m->drvs.nr_nodes; n++)
		if (round_nr == 1 || (round_nr >= 2 && rand() % 3 == 0))
			M3_NODE_SET(vm->nodes, n);
}

static struct m3d_model *random_model(void)
{
	struct m3d_model *m = m3d_model_new();
	size_t i, want;
	int vmid;

	m->drvs.nr_nodes = pick(1, M3_MAX_NODES);
	m->drvs.max_vms = pick(1, M3_MAX_VMS);
	m->drvs.max_procs = pick(1, M3_MAX_PROCS);
	m->drvs.max_copy = pick(0, UINT32_MAX);
	m->nodeid = (int)pick(0, m->drvs.nr_nodes - 1);
	random_nodes(m);
	random_cluster(m);
	want = round_nr == 1 ? 4 : (size_t)rand() % 5;
	for (i = 0; i < want && i < m->drvs.max_vms; i++) {
		vmid = round_nr == 1 ? (int)(m->drvs.max_vms - 1 - i) :
		       (int)pick(0, m->drvs.max_vms - 1);
		if (m3d_model_find_vm(m, vmid))
			continue;
		random_vm(m, m3d_model_add_vm(m), vmid);
	}
	return m;
}

static void assert_same(const struct m3d_model *a, const struct m3d_model *b)
{
	size_t i;

	assert_int_equal(a->nodeid, b->nodeid);
	assert_memory_equal(&a->drvs, &b->drvs, sizeof(a->drvs));
	assert_memory_equal(&a->cluster, &b->cluster, sizeof(a->cluster));
	assert_int_equal(a->nr_nodes, b->nr_nodes);
	for (i = 0; i < a->nr_nodes; i++) {
		assert_int_equal(a->nodes[i].id, b->nodes[i].id);
		assert_string_equal(a->nodes[i].name, b->nodes[i].name);
		assert_string_equal(a->nodes[i].host, b->nodes[i].host);
	}
	assert_int_equal(a->nr_vms, b->nr_vms);
	for (i = 0; i < a->nr_vms; i++) {
		const struct m3d_vm *x = &a->vms[i], *y = &b->vms[i];

		assert_int_equal(x->vmid, y->vmid);
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->max_procs, y->max_procs);
		assert_int_equal(x->uid, y->uid);
		assert_int_equal(x->gid, y->gid);
		assert_int_equal(x->mode, y->mode);
		assert_int_equal(x->flags, y->flags);
		assert_memory_equal(x->nodes, y->nodes, sizeof(x->nodes));
	}
}

static void t_state_roundtrip_whole_range(void **state)
{
	struct m3d_model *want, *back;
	struct m3d_errors e;

	(void)state;
	srand(3);
	for (round_nr = 0; round_nr < ROUNDS; round_nr++) {
		want = random_model();
		memset(&e, 0, sizeof(e));
		assert_int_equal(m3d_validate(want, NULL, &e), 0);
		assert_int_equal(m3d_state_save(".", want), 0);
		back = m3d_model_new();
		if (m3d_state_load(".", back, &e)) {
			print_error("round %d:\n%s", round_nr, e.buf);
			fail();
		}
		assert_same(want, back);
		m3d_model_free(want);
		m3d_model_free(back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_state_roundtrip_whole_range),
	};
	char dir[] = "/tmp/m3d-state.XXXXXX";
	int r;

	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(M3D_STATE_FILE);
	rmdir(dir);
	return r;
}
