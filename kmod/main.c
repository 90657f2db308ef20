// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the misc device, ioctl dispatch, module parameters, init/exit.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "rcopy.h"
#include "xport.h"
#include "m3_version.h"
#include "uapi_abi.h"

#define CREATE_TRACE_POINTS
#include "m3_trace.h"

int m3_param_nodeid = -1;
module_param_named(nodeid, m3_param_nodeid, int, 0444);
MODULE_PARM_DESC(nodeid, "Initialize the DRVS at load with this node id (-1: do not)");

unsigned int m3_param_max_copy = M3_MAX_COPY_DEFAULT;
module_param_named(max_copy, m3_param_max_copy, uint, 0644);
MODULE_PARM_DESC(max_copy, "Largest vcopy in bytes for DRVS initialized without a limit");

unsigned long m3_param_max_mem_mb;
module_param_named(max_mem_mb, m3_param_max_mem_mb, ulong, 0644);
MODULE_PARM_DESC(max_mem_mb, "Memory that all VMs together may take, in MiB (default: an eighth of RAM)");

/*
 * Create a VM and write its effective parameters (defaults applied, vmid
 * picked) back: the VM exists only if they reached the caller.
 */
static long m3_ioctl_vm_init(struct m3_vm_params __user *arg)
{
	struct m3_vm_params p;
	int vmid;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	vmid = m3_vm_create(&p);
	if (vmid >= 0 && copy_to_user(arg, &p, sizeof(p))) {
		m3_vm_end(vmid);
		return -EFAULT;
	}
	return vmid;
}

static long m3_ioctl_admin(unsigned int cmd, unsigned long arg)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	switch (cmd) {
	case M3_IOC_DRVS_INIT:
		return m3_drvs_ioctl_init((void __user *)arg);
	case M3_IOC_DRVS_END:
		return m3_drvs_end();
	case M3_IOC_VM_INIT:
		return m3_ioctl_vm_init((void __user *)arg);
	case M3_IOC_VM_END:
		/* An int argument: only the low 32 bits are meaningful. */
		return m3_vm_end((int)arg);
	case M3_IOC_CLUSTER_JOIN:
		return m3_xport_join((void __user *)arg);
	case M3_IOC_CLUSTER_LEAVE:
		return m3_xport_leave();
	}
	return -ENOTTY;
}

static long m3_ioctl_bind(void __user *arg)
{
	struct m3_bind_args a;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	return m3_bind(a.vmid, a.p_nr);
}

static long m3_ioctl_other(unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case M3_IOC_VCOPY:
		return m3_ioctl_vcopy(uarg);
	case M3_IOC_BIND:
		return m3_ioctl_bind(uarg);
	case M3_IOC_UNBIND:
		return m3_unbind_current();
	case M3_IOC_DRVS_INFO:
		return m3_ioctl_drvs_info(uarg);
	case M3_IOC_VM_INFO:
		return m3_ioctl_vm_info(uarg);
	case M3_IOC_PROC_INFO:
		return m3_ioctl_proc_info(uarg);
	case M3_IOC_WHOIS:
		return m3_ioctl_whois(uarg);
	case M3_IOC_NODE_INFO:
		return m3_ioctl_node_info(uarg);
	case M3_IOC_DRVS_INIT:
	case M3_IOC_DRVS_END:
	case M3_IOC_VM_INIT:
	case M3_IOC_VM_END:
	case M3_IOC_CLUSTER_JOIN:
	case M3_IOC_CLUSTER_LEAVE:
		return m3_ioctl_admin(cmd, arg);
	}
	return -ENOTTY;
}

/*
 * Every call leaves the module with nothing queued for other nodes: what
 * a reply, a bind or an unbind queued for them is sent before it returns.
 */
static long m3_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	/* The message calls first, with one comparison each. */
	if (likely(cmd == M3_IOC_SENDREC || cmd == M3_IOC_REPLYREC ||
		   cmd == M3_IOC_SEND || cmd == M3_IOC_RECEIVE))
		ret = m3_ioctl_ipc(cmd, (void __user *)arg);
	else if (cmd == M3_IOC_NOTIFY)
		ret = m3_ioctl_notify((int)arg);
	else
		ret = m3_ioctl_other(cmd, arg);
	m3_xport_flush_pending();
	return ret;
}

static const struct file_operations m3_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = m3_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice m3_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "m3ipc",
	.fops = &m3_fops,
	.mode = 0666,
};

static int __init m3_init(void)
{
	int ret;

	mutex_init(&m3_drvs.lock);
	m3_drvs.nodeid = -1;
	if (!m3_param_max_mem_mb)
		m3_param_max_mem_mb = max(totalram_pages() >> (20 - PAGE_SHIFT) >> 3, 1UL);

	ret = m3_vm_wq_init();
	if (ret < 0)
		goto err_vm_wq;
	ret = m3_xport_init();
	if (ret < 0)
		goto err_xport;
	ret = m3_rcopy_init();
	if (ret < 0)
		goto err_rcopy;
	ret = m3_task_hooks_init();
	if (ret < 0)
		goto err_task_hooks;
	ret = m3_procfs_init();
	if (ret < 0)
		goto err_procfs;
	if (m3_param_nodeid >= 0) {
		ret = m3_drvs_init(m3_param_nodeid, NULL);
		if (ret < 0) {
			pr_err("cannot initialize the DRVS with nodeid=%d: %d\n",
			       m3_param_nodeid, ret);
			goto err_drvs;
		}
	}
	ret = misc_register(&m3_miscdev);
	if (ret < 0)
		goto err_misc;
	pr_info("M3-IPC %s loaded\n", M3_VERSION_STRING);
	return 0;

err_misc:
	m3_drvs_end();
err_drvs:
	m3_procfs_uninit();
err_procfs:
	m3_task_hooks_uninit();
err_task_hooks:
	m3_rcopy_exit();
err_rcopy:
	m3_xport_exit();
err_xport:
	m3_vm_wq_uninit();
err_vm_wq:
	return ret;
}

static void __exit m3_exit(void)
{
	/* The mirror of m3_init()'s unwind. */
	misc_deregister(&m3_miscdev);
	m3_drvs_end();
	m3_procfs_uninit();
	m3_task_hooks_uninit();
	m3_rcopy_exit();	/* waits for the copy jobs' page faults */
	m3_xport_exit();
	m3_vm_wq_uninit();	/* waits until every ended VM is freed */
	pr_info("M3-IPC unloaded\n");
}

module_init(m3_init);
module_exit(m3_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("M3-IPC: Minix-3-style synchronous message passing");
MODULE_VERSION(M3_VERSION_STRING);
