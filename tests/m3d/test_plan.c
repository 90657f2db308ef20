// SPDX-License-Identifier: GPL-2.0-or-later
/* The reconciler's plans: desired model vs the kernel's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fields.h"
#include "kstate.h"
#include "plan.h"

static struct m3d_plan plan;

static struct m3d_model *drvs(int nodeid, int initialized)
{
	struct m3d_model *m = m3d_model_new();

	m->nodeid = nodeid;
	m->initialized = initialized;
	m->drvs = (struct m3_drvs_params){ .nr_nodes = 2, .max_vms = 32,
					   .max_procs = 256 };
	return m;
}

/* A VM as validation leaves it; nodes: bit mask of node ids. */
static struct m3d_vm *vm(struct m3d_model *m, int vmid, uint64_t nodes,
			 unsigned int members)
{
	struct m3d_vm *v = m3d_model_add_vm(m);

	v->vmid = vmid;
	snprintf(v->name, sizeof(v->name), "vm%d", vmid);
	v->max_procs = 256;
	v->mode = 0660;
	v->nodes[0] = nodes;
	v->nr_procs = members;
	return v;
}

/* The plan as "kind:vmid kind:vmid ...". */
static const char *plan_str(void)
{
	static char buf[1024];
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < plan.n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s:%d",
				      i ? " " : "",
				      m3d_act_name(plan.acts[i].kind),
				      plan.acts[i].vmid);
	return buf;
}

static void t_fresh_kernel(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(-1, 0);

	(void)state;
	vm(want, 1, 1, 0);
	vm(want, 2, 2, 0);	/* node 1 only: not here */
	vm(want, 3, 3, 0);
	m3d_plan(want, have, NULL, &plan);
	assert_string_equal(plan_str(), "drvs-init:-1 vm-init:1 vm-init:3");
	assert_int_equal(m3d_plan_changes(&plan), 3);
	m3d_model_free(want);
	m3d_model_free(have);
}

static void t_adopt_running(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);

	(void)state;
	vm(want, 1, 1, 0);
	vm(have, 1, 1, 5);	/* members: they must survive */
	m3d_plan(want, have, NULL, &plan);
	assert_string_equal(plan_str(), "vm-keep:1");
	assert_int_equal(m3d_plan_changes(&plan), 0);
	m3d_model_free(want);
	m3d_model_free(have);
}

static void t_add_and_remove(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);
	struct m3d_model *last = drvs(0, 0);

	(void)state;
	vm(last, 1, 1, 0);
	vm(last, 2, 1, 0);
	vm(have, 1, 1, 2);
	vm(have, 2, 1, 2);
	vm(want, 1, 1, 0);
	vm(want, 4, 1, 0);
	m3d_plan(want, have, last, &plan);
	assert_string_equal(plan_str(), "vm-keep:1 vm-end:2 vm-init:4");
	m3d_model_free(want);
	m3d_model_free(have);
	m3d_model_free(last);
}

static void t_foreign_left_alone(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);
	struct m3d_model *last = drvs(0, 0);

	(void)state;
	vm(last, 1, 1, 0);
	vm(have, 1, 1, 0);
	vm(have, 9, 1, 1);	/* started by hand */
	vm(want, 1, 1, 0);
	m3d_plan(want, have, last, &plan);
	assert_string_equal(plan_str(), "vm-keep:1 vm-foreign:9");
	m3d_plan(want, have, NULL, &plan);
	assert_string_equal(plan_str(), "vm-keep:1 vm-foreign:9");
	m3d_model_free(want);
	m3d_model_free(have);
	m3d_model_free(last);
}

static void t_changed_vm_replaced(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);

	(void)state;
	vm(have, 1, 1, 1);
	vm(have, 2, 1, 1);
	vm(want, 1, 1, 0)->mode = 0600;
	strcpy(vm(want, 2, 1, 0)->name, "renamed");
	m3d_plan(want, have, want, &plan);
	assert_string_equal(plan_str(), "vm-replace:1 vm-replace:2 vm-init:1 "
			    "vm-init:2");
	m3d_model_free(want);
	m3d_model_free(have);
}

static void t_vm_moved_away(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);

	(void)state;
	vm(have, 1, 1, 1);
	vm(want, 1, 2, 0);	/* now on node 1 only */
	m3d_plan(want, have, want, &plan);
	assert_string_equal(plan_str(), "vm-end:1");
	m3d_model_free(want);
	m3d_model_free(have);
}

static void t_drvs_changed_empty(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);

	(void)state;
	want->drvs.max_vms = 64;
	vm(have, 1, 1, 0);
	vm(want, 1, 1, 0);
	m3d_plan(want, have, want, &plan);
	assert_string_equal(plan_str(), "drvs-end:-1 drvs-init:-1 vm-init:1");
	m3d_model_free(want);
	m3d_model_free(have);
}

static void t_drvs_changed_busy(void **state)
{
	struct m3d_model *want = drvs(1, 0), *have = drvs(0, 1);

	(void)state;
	vm(have, 1, 3, 1);
	vm(want, 1, 3, 0);
	vm(want, 2, 3, 0);
	m3d_plan(want, have, want, &plan);
	assert_string_equal(plan_str(), "drvs-differs:-1 vm-keep:1 vm-init:2");
	m3d_model_free(want);
	m3d_model_free(have);
}

/* The cluster step comes after the DRVS, before the VMs, when this node
 * joins; after the VMs when it joined under the last configuration and
 * leaves now. It is no change of the kernel's VMs. */
static void t_cluster_step(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(-1, 0);
	struct m3d_model *last = drvs(0, 0);

	(void)state;
	vm(want, 1, 3, 0);
	want->cluster.wanted = 1;
	m3d_plan(want, have, NULL, &plan);
	assert_string_equal(plan_str(), "drvs-init:-1 cluster:-1 vm-init:1");
	assert_int_equal(m3d_plan_changes(&plan), 2);
	have->initialized = 1;
	have->nodeid = 0;
	want->drvs.max_vms = 64;	/* re-created: joined again */
	m3d_plan(want, have, NULL, &plan);
	assert_string_equal(plan_str(), "drvs-end:-1 drvs-init:-1 cluster:-1 "
			    "vm-init:1");
	want->cluster.wanted = 0;
	last->cluster.wanted = 1;
	want->drvs.max_vms = 32;
	m3d_plan(want, have, last, &plan);
	assert_string_equal(plan_str(), "vm-init:1 cluster:-1");
	last->cluster.wanted = 0;
	m3d_plan(want, have, last, &plan);
	assert_string_equal(plan_str(), "vm-init:1");
	m3d_model_free(want);
	m3d_model_free(have);
	m3d_model_free(last);
}

static void t_max_copy_zero_keeps_module(void **state)
{
	struct m3d_model *want = drvs(0, 0), *have = drvs(0, 1);

	(void)state;
	have->drvs.max_copy = 4 << 20;
	assert_true(m3d_drvs_equal(want, have));
	want->drvs.max_copy = 1 << 20;
	assert_false(m3d_drvs_equal(want, have));
	m3d_model_free(want);
	m3d_model_free(have);
}

/* A VM whose every field is set, to values of its own. */
static void full_vm(struct m3d_vm *v)
{
	memset(v, 0, sizeof(*v));
	v->vmid = 7;
	strcpy(v->name, "web");
	v->max_procs = 64;
	v->uid = 1000;
	v->gid = 4294967294U;
	v->mode = 0604;
	v->flags = M3_VM_STRICT_COPY;
	M3_NODE_SET(v->nodes, 0);
	M3_NODE_SET(v->nodes, 255);
}

/* The table places every field of a VM where the module reads it, and
 * back; a VM differs from another in any one field. */
static void t_vm_params(void **state)
{
	struct m3d_vm v, back;
	struct m3_vm_params p;
	unsigned char *byte;
	int f;

	(void)state;
	full_vm(&v);
	m3d_vm_to_params(&v, &p);
	assert_int_equal(p.vmid, 7);
	assert_string_equal(p.name, "web");
	assert_int_equal(p.max_procs, 64);
	assert_int_equal(p.uid, 1000);
	assert_int_equal(p.gid, 4294967294U);
	assert_int_equal(p.mode, 0604);
	assert_int_equal(p.flags, M3_VM_STRICT_COPY);
	assert_memory_equal(p.nodes, v.nodes, sizeof(p.nodes));
	assert_int_equal(p.reserved[0] | p.reserved[3], 0);
	memset(&back, 0xff, sizeof(back));
	m3d_vm_from_params(&back, &p);
	assert_true(m3d_vm_equal(&v, &back));
	m3d_each_field(f, G_VM) {
		full_vm(&back);
		byte = m3d_field_ptr(f, &back);
		*byte ^= 1;
		assert_false(m3d_vm_equal(&v, &back));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_fresh_kernel),
		cmocka_unit_test(t_adopt_running),
		cmocka_unit_test(t_add_and_remove),
		cmocka_unit_test(t_foreign_left_alone),
		cmocka_unit_test(t_changed_vm_replaced),
		cmocka_unit_test(t_vm_moved_away),
		cmocka_unit_test(t_drvs_changed_empty),
		cmocka_unit_test(t_drvs_changed_busy),
		cmocka_unit_test(t_max_copy_zero_keeps_module),
		cmocka_unit_test(t_cluster_step),
		cmocka_unit_test(t_vm_params),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
