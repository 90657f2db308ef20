// SPDX-License-Identifier: GPL-2.0
/*
 * M3-IPC: the DRVS of this node (init, end).
 */
#include <linux/uaccess.h>

#include "xport.h"
#include "m3_trace.h"

struct m3_drvs m3_drvs;

/*
 * Apply defaults to @p into @d. A DRVS that does not say how many nodes it
 * has gets enough to contain @nodeid.
 */
static int m3_drvs_params_fill(struct m3_drvs_params *d,
			       const struct m3_drvs_params *p, int nodeid)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	if (p) {
		if (p->flags)
			return -EINVAL;
		for (i = 0; i < ARRAY_SIZE(p->reserved); i++)
			if (p->reserved[i])
				return -EINVAL;
		if (p->nr_nodes > M3_MAX_NODES || p->max_vms > M3_MAX_VMS ||
		    p->max_procs > M3_MAX_PROCS)
			return -EINVAL;
		*d = *p;
	}
	if (!d->nr_nodes)
		d->nr_nodes = m3_drvs_def_nodes(nodeid);
	if (!d->max_vms)
		d->max_vms = M3_DEF_VMS;
	if (!d->max_procs)
		d->max_procs = M3_DEF_PROCS;
	if (!d->max_copy)
		d->max_copy = READ_ONCE(m3_param_max_copy);
	return 0;
}

int m3_drvs_init(int nodeid, const struct m3_drvs_params *p)
{
	struct m3_drvs_params d;
	int ret;

	if (nodeid < 0)
		nodeid = m3_param_nodeid;
	if (nodeid < 0 || nodeid >= M3_MAX_NODES)
		return -EINVAL;
	ret = m3_drvs_params_fill(&d, p, nodeid);
	if (ret < 0)
		return ret;
	if (nodeid >= d.nr_nodes)
		return -EINVAL;

	mutex_lock(&m3_drvs.lock);
	if (m3_drvs.initialized) {
		ret = -EEXIST;
		goto out;
	}
	m3_drvs.params = d;
	m3_drvs.nodeid = nodeid;
	m3_xport_incarnation();
	m3_drvs.nr_vms = 0;
	m3_drvs.initialized = true;
	trace_m3_drvs_init(nodeid, d.nr_nodes);
	pr_info("DRVS initialized: node %d of %u, %u VMs, %u procs per VM\n",
		nodeid, d.nr_nodes, d.max_vms, d.max_procs);
out:
	mutex_unlock(&m3_drvs.lock);
	return ret;
}

int m3_drvs_ioctl_init(void __user *arg)
{
	struct m3_drvs_init_args a;
	struct m3_drvs_params p;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.pad)
		return -EINVAL;
	if (!a.params)
		return m3_drvs_init(a.nodeid, NULL);
	if (copy_from_user(&p, u64_to_user_ptr(a.params), sizeof(p)))
		return -EFAULT;
	return m3_drvs_init(a.nodeid, &p);
}

int m3_drvs_end(void)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&m3_drvs.lock);
	if (!m3_drvs.initialized) {
		ret = -ENODRVS;
		goto out;
	}
	for (i = 0; i < M3_MAX_VMS; i++)
		if (rcu_access_pointer(m3_drvs.vms[i]))
			m3_vm_end_locked(i);
	/* The members' unbinds are out: then the cluster, if it was joined. */
	m3_xport_flush();
	m3_xport_leave();
	m3_drvs.initialized = false;
	m3_drvs.nodeid = -1;
	trace_m3_drvs_end(0);
	pr_info("DRVS ended\n");
out:
	mutex_unlock(&m3_drvs.lock);
	return ret;
}
