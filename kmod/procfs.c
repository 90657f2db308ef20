// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: /proc/m3ipc (info, nodes, vms, vm<ID>/{info,procs,stats}).
 *
 * Global files take m3_drvs.lock. A VM's files are removed (proc_remove
 * waits for readers) before the VM is freed, so their data pointer is valid
 * for as long as a reader runs.
 */
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "xport.h"

static struct proc_dir_entry *m3_proc_root;

static void m3_seq_nodes(struct seq_file *m, const u64 *nodes)
{
	int n, start = -1;
	const char *sep = "";

	for (n = 0; n <= M3_MAX_NODES; n++) {
		bool set = n < M3_MAX_NODES && M3_NODE_ISSET(nodes, n);

		if (set && start < 0)
			start = n;
		if (set || start < 0)
			continue;
		if (n - 1 > start)
			seq_printf(m, "%s%d-%d", sep, start, n - 1);
		else
			seq_printf(m, "%s%d", sep, start);
		sep = ",";
		start = -1;
	}
}

static int m3_info_show(struct seq_file *m, void *v)
{
	const struct m3_drvs_params *d = &m3_drvs.params;

	mutex_lock(&m3_drvs.lock);
	seq_printf(m, "version:     %d.%d\n", M3IPC_VERSION_MAJOR,
		   M3IPC_VERSION_MINOR);
	seq_printf(m, "initialized: %s\n", m3_drvs.initialized ? "yes" : "no");
	seq_printf(m, "nodeid:      %d\n", m3_drvs.nodeid);
	if (m3_drvs.initialized) {
		seq_printf(m, "nr_nodes:    %u\n", d->nr_nodes);
		seq_printf(m, "max_vms:     %u\n", d->max_vms);
		seq_printf(m, "max_procs:   %u\n", d->max_procs);
		seq_printf(m, "max_copy:    %u\n", d->max_copy);
		seq_printf(m, "nr_vms:      %u\n", m3_drvs.nr_vms);
	}
	seq_printf(m, "slot_bytes:  %zu\n", sizeof(struct m3_slot));
	seq_printf(m, "mem_limit:   %llu\n", m3_vm_mem_limit());
	seq_printf(m, "mem_reserved: %ld\n", m3_vm_mem_reserved());
	mutex_unlock(&m3_drvs.lock);
	return 0;
}

static int m3_nodes_show(struct seq_file *m, void *v)
{
	unsigned int n, i;
	struct m3_vm *vm;

	mutex_lock(&m3_drvs.lock);
	seq_printf(m, "node  self  %svms\n", m3_xport_nodes_header);
	for (n = 0; m3_drvs.initialized && n < m3_drvs.params.nr_nodes; n++) {
		const char *sep = "";

		seq_printf(m, "%-5u %-5s ", n, n == m3_drvs.nodeid ? "yes" : "no");
		m3_xport_seq_node(m, n);
		for (i = 0; i < M3_MAX_VMS; i++) {
			vm = rcu_dereference_protected(m3_drvs.vms[i],
				lockdep_is_held(&m3_drvs.lock));
			if (vm && M3_NODE_ISSET(vm->params.nodes, n)) {
				seq_printf(m, "%s%d", sep, vm->vmid);
				sep = ",";
			}
		}
		seq_puts(m, "\n");
	}
	mutex_unlock(&m3_drvs.lock);
	return 0;
}

static int m3_vms_show(struct seq_file *m, void *v)
{
	struct m3_vm *vm;
	unsigned int i;

	mutex_lock(&m3_drvs.lock);
	seq_puts(m, "vmid name             procs max   uid   gid   mode flags bytes     nodes\n");
	for (i = 0; i < M3_MAX_VMS; i++) {
		vm = rcu_dereference_protected(m3_drvs.vms[i],
					       lockdep_is_held(&m3_drvs.lock));
		if (!vm)
			continue;
		seq_printf(m, "%-4d %-16s %-5d %-5d %-5u %-5u %04o %-5x %-9zu ",
			   vm->vmid, vm->params.name, READ_ONCE(vm->nr_procs),
			   vm->max_procs, vm->params.uid, vm->params.gid,
			   vm->params.mode, vm->params.flags,
			   m3_vm_mem_size(vm));
		m3_seq_nodes(m, vm->params.nodes);
		seq_puts(m, "\n");
	}
	mutex_unlock(&m3_drvs.lock);
	return 0;
}

static int m3_vm_info_show(struct seq_file *m, void *v)
{
	struct m3_vm *vm = m->private;

	seq_printf(m, "vmid:      %d\n", vm->vmid);
	seq_printf(m, "name:      %s\n", vm->params.name);
	seq_printf(m, "procs:     %d\n", READ_ONCE(vm->nr_procs));
	seq_printf(m, "max_procs: %d\n", vm->max_procs);
	seq_printf(m, "retired:   %d\n", READ_ONCE(vm->nr_retired));
	seq_printf(m, "uid:       %u\n", vm->params.uid);
	seq_printf(m, "gid:       %u\n", vm->params.gid);
	seq_printf(m, "mode:      %04o\n", vm->params.mode);
	seq_printf(m, "flags:     0x%x\n", vm->params.flags);
	seq_printf(m, "bytes:     %zu\n", m3_vm_mem_size(vm));
	seq_puts(m, "nodes:     ");
	m3_seq_nodes(m, vm->params.nodes);
	seq_puts(m, "\n");
	return 0;
}

static void m3_seq_ep(struct seq_file *m, int ep)
{
	if (ep == M3_NONE)
		seq_printf(m, "%-10s", "-");
	else if (ep == M3_ANY)
		seq_printf(m, "%-10s", "ANY");
	else
		seq_printf(m, "%-10d", ep);
}

/*
 * A member's name, which its thread chooses (prctl(PR_SET_NAME)): bytes
 * outside printable ASCII, and the backslash, as \ooo, so that no name can
 * forge a line or a column, or reach a terminal raw.
 */
static void m3_seq_name(struct seq_file *m, const char *name)
{
	for (; *name; name++) {
		unsigned char c = *name;

		if (c < 0x20 || c >= 0x7f || c == '\\')
			seq_printf(m, "\\%03o", c);
		else
			seq_putc(m, c);
	}
}

/* Members as m3_proc_fill() shows them to the reader. */
static int m3_vm_procs_show(struct seq_file *m, void *v)
{
	struct m3_vm *vm = m->private;
	struct m3_proc_info i;
	int s;

	seq_puts(m, "slot endpoint node pid     tgid    state      blocked-on name\n");
	for (s = 0; s < vm->max_procs; s++) {
		if (m3_proc_fill(&vm->procs[s], &i) < 0)
			continue;
		seq_printf(m, "%-4d %-8d %-4d ", s, i.endpoint, i.nodeid);
		if (i.pid)
			seq_printf(m, "%-7d %-7d ", i.pid, i.tgid);
		else
			seq_printf(m, "%-7s %-7s ", "-", "-");
		seq_printf(m, "%-10s ", m3_state_name(i.state));
		m3_seq_ep(m, i.state & M3_ST_SENDING ? i.sendto : i.getfrom);
		seq_putc(m, ' ');
		m3_seq_name(m, i.name[0] ? i.name : "-");
		seq_putc(m, '\n');
	}
	return 0;
}

static int m3_vm_stats_show(struct seq_file *m, void *v)
{
	struct m3_vm *vm = m->private;
	struct m3_vm_stats s;
	unsigned int i;

	m3_vm_stats_sum(vm, &s);
	for (i = 0; i < M3_NR_STATS; i++)
		seq_printf(m, "%s:%*s%llu\n", m3_stat_name(i),
			   (int)(11 - strlen(m3_stat_name(i))), "", s.v[i]);
	return 0;
}

void m3_procfs_vm_add(struct m3_vm *vm)
{
	char name[16];

	snprintf(name, sizeof(name), "vm%d", vm->vmid);
	vm->procdir = proc_mkdir(name, m3_proc_root);
	if (!vm->procdir) {
		pr_warn("cannot create /proc/m3ipc/%s\n", name);
		return;
	}
	proc_create_single_data("info", 0444, vm->procdir, m3_vm_info_show, vm);
	proc_create_single_data("procs", 0444, vm->procdir, m3_vm_procs_show,
				vm);
	proc_create_single_data("stats", 0444, vm->procdir, m3_vm_stats_show,
				vm);
}

void m3_procfs_vm_remove(struct m3_vm *vm)
{
	proc_remove(vm->procdir);
	vm->procdir = NULL;
}

int m3_procfs_init(void)
{
	m3_proc_root = proc_mkdir("m3ipc", NULL);
	if (!m3_proc_root)
		return -ENOMEM;
	if (!proc_create_single("info", 0444, m3_proc_root, m3_info_show) ||
	    !proc_create_single("nodes", 0444, m3_proc_root, m3_nodes_show) ||
	    !proc_create_single("vms", 0444, m3_proc_root, m3_vms_show)) {
		proc_remove(m3_proc_root);
		return -ENOMEM;
	}
	return 0;
}

void m3_procfs_uninit(void)
{
	proc_remove(m3_proc_root);
}
