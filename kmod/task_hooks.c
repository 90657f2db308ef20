// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: unbinding threads that exit without calling unbind.
 *
 * An unpatched kernel has no exit hook for modules, but every exiting task
 * passes the sched_process_exit tracepoint. We attach a probe to it: a hash
 * lookup for every exiting task, and an unbind for the bound ones. The probe
 * runs with preemption disabled, so the unbind path never sleeps.
 */
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "core.h"

static struct tracepoint *m3_exit_tp;

static void m3_exit_probe(void *data, struct task_struct *task)
{
	struct m3_proc *p;

	rcu_read_lock();
	p = m3_task_lookup(task);
	if (p)
		m3_unbind_slot(p, -EDEADSRCDST);
	rcu_read_unlock();
}

static void m3_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		m3_exit_tp = tp;
}

int m3_exit_hook_init(void)
{
	int ret;

	for_each_kernel_tracepoint(m3_find_tp, NULL);
	if (!m3_exit_tp) {
		pr_err("tracepoint sched_process_exit not found\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(m3_exit_tp, m3_exit_probe, NULL);
	if (ret < 0)
		pr_err("cannot attach to sched_process_exit: %d\n", ret);
	return ret;
}

void m3_exit_hook_uninit(void)
{
	tracepoint_probe_unregister(m3_exit_tp, m3_exit_probe, NULL);
	tracepoint_synchronize_unregister();
}
