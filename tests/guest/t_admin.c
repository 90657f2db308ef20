// SPDX-License-Identifier: GPL-2.0
/* DRVS and VM administration: init, end, defaults, validation. */
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "util.h"

static void no_drvs(void)
{
	int ret = mnx_drvs_end();

	if (ret < 0)
		ASSERT_EQ(ret, -ENODRVS);
}

TEST(drvs_init_defaults)
{
	struct m3_drvs_info i;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	ASSERT_EQ(mnx_drvs_info(&i), 0);
	ASSERT_EQ(i.initialized, 1);
	ASSERT_EQ(i.nodeid, 0);
	ASSERT_EQ(i.nr_nodes, M3_DEF_NODES);
	ASSERT_EQ(i.max_vms, M3_DEF_VMS);
	ASSERT_EQ(i.max_procs, M3_DEF_PROCS);
	ASSERT_EQ(i.max_copy, M3_MAX_COPY_DEFAULT);
	ASSERT_EQ(i.nr_vms, 0);
}

TEST(drvs_init_params_and_nodeid)
{
	struct m3_drvs_params p = {
		.nr_nodes = 8, .max_vms = 4, .max_procs = 16,
		.max_copy = 1 << 20,
	};
	struct m3_drvs_info i;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(5, &p), 0);
	ASSERT_EQ(mnx_drvs_info(&i), 0);
	ASSERT_EQ(i.nodeid, 5);
	ASSERT_EQ(i.nr_nodes, 8);
	ASSERT_EQ(i.max_vms, 4);
	ASSERT_EQ(i.max_procs, 16);
	ASSERT_EQ(i.max_copy, 1 << 20);
	/* Without a node count, the DRVS is large enough for its nodeid. */
	no_drvs();
	ASSERT_EQ(mnx_drvs_init(5, NULL), 0);
	ASSERT_EQ(mnx_drvs_info(&i), 0);
	ASSERT_EQ(i.nr_nodes, 6);
}

TEST(drvs_init_twice_is_eexist)
{
	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	ASSERT_EQ(mnx_drvs_init(0, NULL), -EEXIST);
}

TEST(drvs_init_bad_params)
{
	struct m3_drvs_params p;

	no_drvs();
	memset(&p, 0, sizeof(p));
	p.nr_nodes = 2;
	ASSERT_EQ(mnx_drvs_init(2, &p), -EINVAL);	/* nodeid >= nr_nodes */
	p.nr_nodes = M3_MAX_NODES + 1;
	ASSERT_EQ(mnx_drvs_init(0, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.max_vms = M3_MAX_VMS + 1;
	ASSERT_EQ(mnx_drvs_init(0, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.max_procs = M3_MAX_PROCS + 1;
	ASSERT_EQ(mnx_drvs_init(0, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.flags = 1;
	ASSERT_EQ(mnx_drvs_init(0, &p), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.reserved[2] = 1;
	ASSERT_EQ(mnx_drvs_init(0, &p), -EINVAL);
	ASSERT_EQ(mnx_drvs_init(M3_MAX_NODES, NULL), -EINVAL);
	/* No nodeid and no module parameter. */
	ASSERT_EQ(mnx_drvs_init(-1, NULL), -EINVAL);
	ASSERT_EQ(mnx_drvs_init(0, (void *)8), -EFAULT);
	/* Nothing was half applied. */
	ASSERT_EQ(mnx_drvs_end(), -ENODRVS);
}

TEST(calls_before_drvs_init)
{
	struct m3_vm_params vp = { .vmid = 0 };
	struct m3_vm_info vi;
	message m = { 0 };

	no_drvs();
	ASSERT_EQ(mnx_vm_init(&vp), -ENODRVS);
	ASSERT_EQ(mnx_vm_end(0), -ENODRVS);
	ASSERT_EQ(mnx_bind(0, -1), -ENODRVS);
	ASSERT_EQ(mnx_unbind(), -ENODRVS);
	ASSERT_EQ(mnx_send(1, &m), -ENODRVS);
	ASSERT_EQ(mnx_receive(ANY, &m), -ENODRVS);
	ASSERT_EQ(mnx_notify(1), -ENODRVS);
	ASSERT_EQ(mnx_vcopy(SELF, &m, SELF, &vi, 8), -ENODRVS);
	ASSERT_EQ(mnx_vm_info(0, &vi), -ENODRVS);
	ASSERT_EQ(mnx_drvs_end(), -ENODRVS);
}

TEST(vm_init_defaults_and_info)
{
	struct m3_vm_params p = { .vmid = 3 };
	struct m3_vm_info i;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	ASSERT_EQ(mnx_vm_init(&p), 3);
	ASSERT_EQ(mnx_vm_info(3, &i), 0);
	ASSERT_EQ(i.params.vmid, 3);
	ASSERT_STREQ(i.params.name, "vm3");
	ASSERT_EQ(i.params.max_procs, M3_DEF_PROCS);
	ASSERT_EQ(i.params.mode, M3_DEF_VM_MODE);
	ASSERT_EQ(i.params.nodes[0], 1);	/* this node only */
	ASSERT_EQ(i.nr_procs, 0);
	ASSERT_EQ(mnx_vm_info(4, &i), -ENOENT);
	ASSERT_EQ(mnx_vm_info(-1, &i), -ENOENT);
}

TEST(vm_init_picks_lowest_free_vmid)
{
	struct m3_drvs_params d = { .max_vms = 3 };
	struct m3_vm_params p = { .vmid = 1 };

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, &d), 0);
	ASSERT_EQ(mnx_vm_init(&p), 1);
	ASSERT_EQ(mnx_vm_init(&p), -EEXIST);
	p.vmid = -1;
	ASSERT_EQ(mnx_vm_init(&p), 0);
	ASSERT_EQ(mnx_vm_init(&p), 2);
	ASSERT_EQ(mnx_vm_init(&p), -ENOSPC);
	p.vmid = 3;
	ASSERT_EQ(mnx_vm_init(&p), -EINVAL);	/* vmid >= max_vms */
	ASSERT_EQ(mnx_vm_end(1), 0);
	p.vmid = -1;
	ASSERT_EQ(mnx_vm_init(&p), 1);
}

TEST(vm_init_bad_params)
{
	struct m3_drvs_params d = { .nr_nodes = 4, .max_procs = 64 };
	struct m3_vm_params p;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(1, &d), 0);
#define BAD(field_set) do {						\
		memset(&p, 0, sizeof(p));				\
		field_set;						\
		ASSERT_EQ(mnx_vm_init(&p), -EINVAL);			\
	} while (0)
	BAD(memset(p.name, 'a', sizeof(p.name)));	/* no NUL */
	BAD(strcpy(p.name, "two words"));
	BAD(strcpy(p.name, "tab\there"));
	BAD(strcpy(p.name, "caf\xc3\xa9"));		/* printable ASCII only */
	BAD(p.mode = 01000);
	BAD(p.max_procs = 65);
	BAD(p.flags = 0x80);
	BAD(p.reserved[0] = 1);
	BAD(M3_NODE_SET(p.nodes, 4));			/* node >= nr_nodes */
	BAD(M3_NODE_SET(p.nodes, 2));			/* not this node */
	BAD(p.vmid = M3_DEF_VMS);
#undef BAD
	ASSERT_EQ(mnx_vm_init(NULL), -EINVAL);
	ASSERT_EQ(mnx_vm_end(-1), -EINVAL);
	ASSERT_EQ(mnx_vm_end(0), -ENOENT);
	ASSERT_EQ(mnx_vm_end(1 << 20), -EINVAL);
	/* A good one, with a node set that spans others, still works. */
	memset(&p, 0, sizeof(p));
	strcpy(p.name, "web");
	M3_NODE_SET(p.nodes, 1);
	M3_NODE_SET(p.nodes, 3);
	p.mode = 0600;
	p.max_procs = 64;
	ASSERT_EQ(mnx_vm_init(&p), 0);
}

TEST(vm_name_tail_is_cleared)
{
	struct m3_vm_params p = { .vmid = 0 };
	struct m3_vm_info i;
	size_t k;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	memset(p.name, 'x', sizeof(p.name));
	memcpy(p.name, "db\0", 3);
	ASSERT_EQ(mnx_vm_init(&p), 0);
	memset(&i, 0xaa, sizeof(i));
	ASSERT_EQ(mnx_vm_info(0, &i), 0);
	ASSERT_STREQ(i.params.name, "db");
	for (k = 2; k < sizeof(i.params.name); k++)
		ASSERT_EQ(i.params.name[k], 0);
	ASSERT_EQ(i.pad, 0);
}

static void member(int vmid)
{
	message m;

	signal(SIGPIPE, SIG_DFL);
	m3t_bind_publish(vmid, vmid);
	mnx_receive(ANY, &m);
	m3t_park();
}

TEST(drvs_end_ends_every_vm)
{
	pid_t a, b;
	struct m3_drvs_info i;

	m3t_setup_vm1(0, 0);
	a = m3t_spawn(member, 0);
	b = m3t_spawn(member, 1);
	m3t_wait_blocked(0, 0, M3_ST_RECEIVING);
	m3t_wait_blocked(1, 1, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_drvs_end(), 0);
	ASSERT_EQ(m3t_join(a), 128 + SIGPIPE);
	ASSERT_EQ(m3t_join(b), 128 + SIGPIPE);
	ASSERT_EQ(mnx_drvs_info(&i), 0);
	ASSERT_EQ(i.initialized, 0);
	ASSERT_EQ(i.nr_vms, 0);
}

TEST(admin_calls_need_cap_sys_admin)
{
	struct m3_vm_params p = { .vmid = 1 };

	m3t_setup();
	m3t_become(65534, 65534);
	ASSERT_EQ(mnx_drvs_init(0, NULL), -EPERM);
	ASSERT_EQ(mnx_drvs_end(), -EPERM);
	ASSERT_EQ(mnx_vm_init(&p), -EPERM);
	ASSERT_EQ(mnx_vm_end(0), -EPERM);
}

/* The raw ioctl writes the effective parameters back (it is _IOWR). */
TEST(vm_init_writes_effective_params_back)
{
	struct m3_vm_params p = { .vmid = -1 }, *ro;
	struct m3_vm_info vi;
	int fd, vmid;

	no_drvs();
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	fd = open(M3IPC_DEVICE, O_RDWR);
	ASSERT_GE(fd, 0);
	vmid = ioctl(fd, M3_IOC_VM_INIT, &p);
	ASSERT_EQ(vmid, 0);
	ASSERT_EQ(p.vmid, 0);
	ASSERT_STREQ(p.name, "vm0");
	ASSERT_EQ(p.max_procs, M3_DEF_PROCS);
	ASSERT_EQ(p.mode, M3_DEF_VM_MODE);
	ASSERT_TRUE(M3_NODE_ISSET(p.nodes, 0));
	/* A block it can read but not write back: no VM is left behind. */
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(ro, MAP_FAILED);
	ro->vmid = 1;
	ASSERT_EQ(mprotect(ro, 4096, PROT_READ), 0);
	ASSERT_EQ(ioctl(fd, M3_IOC_VM_INIT, ro), -1);
	ASSERT_EQ(errno, EFAULT);
	ASSERT_EQ(mnx_vm_info(1, &vi), -ENOENT);
	close(fd);
}
