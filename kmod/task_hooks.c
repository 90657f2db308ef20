// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: what happens to a binding when its thread exits or execs.
 *
 * An unpatched kernel has no exit or exec hook for modules, but every task
 * passes the sched_process_exit and sched_process_exec tracepoints. We
 * attach probes to them: a hash lookup for every exiting or exec'ing task,
 * and work only for bound ones. Probes run with preemption disabled, so
 * nothing here sleeps.
 *
 * Exit: the thread is unbound (peers blocked on it wake with -EDEADSRCDST).
 * Exec: the binding survives a plain exec, as an endpoint does in Minix,
 * and follows the thread's new pid (a non-leader that execs takes its
 * process id) and name. An exec that changes credentials (setuid, setgid,
 * file capabilities: what the kernel marks AT_SECURE) or leaves the new
 * program non-dumpable unbinds the thread before the new program runs: a
 * privileged program never starts life as a member of someone's VM, and
 * nobody keeps an endpoint that now names it.
 */
#include <linux/binfmts.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "xport.h"

static struct tracepoint *m3_exit_tp, *m3_exec_tp;

static void m3_exit_probe(void *data, struct task_struct *task)
{
	struct m3_slot *p;

	rcu_read_lock();
	p = m3_task_lookup(task);
	if (p) {
		m3_unbind_slot(p, -EDEADSRCDST);
		m3_xport_kick();	/* nothing sleeps here: a worker sends */
	}
	rcu_read_unlock();
}

/* Does the program @bprm just loaded run with more than its caller had? */
static bool m3_exec_gains_privilege(const struct linux_binprm *bprm)
{
	return bprm->secureexec || !current->mm ||
	       get_dumpable(current->mm) != SUID_DUMP_USER;
}

static void m3_exec_probe(void *data, struct task_struct *task,
			  pid_t old_pid, struct linux_binprm *bprm)
{
	struct m3_slot *p;

	rcu_read_lock();
	p = m3_task_lookup(task);
	if (p && m3_exec_gains_privilege(bprm)) {
		m3_unbind_slot(p, -EDEADSRCDST);
		m3_xport_kick();
	} else if (p) {
		m3_slot_exec(p, task);
	}
	rcu_read_unlock();
}

static void m3_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		m3_exit_tp = tp;
	else if (!strcmp(tp->name, "sched_process_exec"))
		m3_exec_tp = tp;
}

int m3_task_hooks_init(void)
{
	int ret;

	for_each_kernel_tracepoint(m3_find_tp, NULL);
	if (!m3_exit_tp || !m3_exec_tp) {
		pr_err("tracepoints sched_process_exit/exec not found\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(m3_exit_tp, m3_exit_probe, NULL);
	if (ret < 0)
		goto err;
	ret = tracepoint_probe_register(m3_exec_tp, m3_exec_probe, NULL);
	if (ret < 0)
		goto err_exit;
	return 0;

err_exit:
	tracepoint_probe_unregister(m3_exit_tp, m3_exit_probe, NULL);
	tracepoint_synchronize_unregister();
err:
	pr_err("cannot attach to the task tracepoints: %d\n", ret);
	return ret;
}

void m3_task_hooks_uninit(void)
{
	tracepoint_probe_unregister(m3_exec_tp, m3_exec_probe, NULL);
	tracepoint_probe_unregister(m3_exit_tp, m3_exit_probe, NULL);
	tracepoint_synchronize_unregister();
}
