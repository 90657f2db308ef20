// SPDX-License-Identifier: GPL-2.0
/*
 * The module's memory limit: a VM reserves what its slots may take at most
 * (notification rows included) from max_mem_mb when it is created, and
 * gives it back when it is freed; a VM that would pass the limit is
 * refused -ENOMEM. Its memory is charged to its creator's memory cgroup.
 */
#include <sys/stat.h>

#include "util.h"

#define PARAM	"/sys/module/m3ipc/parameters/max_mem_mb"
#define CG	M3T_CGROUP_ROOT "/m3t_budget"

static long info_value(const char *key)
{
	char buf[4096], *p;

	ASSERT_EQ(m3t_read_file("/proc/m3ipc/info", buf, sizeof(buf)), 0);
	p = strstr(buf, key);
	ASSERT_TRUE(p != NULL);
	return strtol(p + strlen(key), NULL, 10);
}

static long param_mb(void)
{
	char buf[64];

	ASSERT_EQ(m3t_read_file(PARAM, buf, sizeof(buf)), 0);
	return strtol(buf, NULL, 10);
}

static void set_param_mb(long mb)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%ld", mb);
	ASSERT_EQ(m3t_write_file(PARAM, buf), 0);
}

/* A DRVS whose limits allow the largest VMs. */
static void big_drvs(void)
{
	struct m3_drvs_params p = {
		.max_vms = M3_MAX_VMS, .max_procs = M3_MAX_PROCS,
	};

	mnx_unbind();
	if (mnx_drvs_end() < 0)
		ASSERT_EQ(mnx_drvs_end(), -ENODRVS);
	ASSERT_EQ(mnx_drvs_init(0, &p), 0);
}

/* Until the ended VMs are freed (after a grace period): 0 reserved. */
static void wait_released(void)
{
	long long end = m3t_now_ns() + 5000000000LL;

	while (info_value("mem_reserved:") && m3t_now_ns() < end)
		m3t_msleep(10);
	ASSERT_EQ(info_value("mem_reserved:"), 0);
}

TEST(default_limit_is_an_eighth_of_ram)
{
	char buf[4096], *p;
	long kb;

	ASSERT_EQ(m3t_read_file("/proc/meminfo", buf, sizeof(buf)), 0);
	p = strstr(buf, "MemTotal:");
	ASSERT_TRUE(p != NULL);
	kb = strtol(p + 9, NULL, 10);
	ASSERT_EQ(param_mb(), kb / 1024 / 8);
	ASSERT_EQ(info_value("mem_limit:"), param_mb() << 20);
}

/* Under an 8 MiB limit (set by the test, restored whatever happens). */
static void past_the_limit(int i)
{
	long reserved;
	int n = 0, ret;

	(void)i;
	/* 4096 slots may take ~20 MiB with every notification row. */
	ASSERT_EQ(m3t_vm(-1, 0666, 0, M3_MAX_PROCS), -ENOMEM);
	ASSERT_EQ(info_value("mem_reserved:"), 0);
	/* Small VMs fit until the limit, never past it. */
	while ((ret = m3t_vm(-1, 0666, 0, 256)) >= 0)
		n++;
	reserved = info_value("mem_reserved:");
	ASSERT_EQ(ret, -ENOMEM);
	ASSERT_GT(n, 0);
	ASSERT_LE(reserved, 8L << 20);
	/* Ending them gives it all back. */
	ASSERT_EQ(mnx_drvs_end(), 0);
	wait_released();
}

TEST(vm_past_the_limit_refused)
{
	long saved = param_mb();
	pid_t pid;
	int st;

	big_drvs();
	wait_released();
	set_param_mb(8);
	pid = m3t_spawn(past_the_limit, 0);
	st = m3t_join(pid);
	set_param_mb(saved);
	ASSERT_EQ(st, 0);
	ASSERT_EQ(param_mb(), saved);
}

static long cg_current(void)
{
	char buf[64];

	ASSERT_EQ(m3t_read_file(CG "/memory.current", buf, sizeof(buf)), 0);
	return strtol(buf, NULL, 10);
}

/* In the test cgroup: create a VM of 4096 slots; report the charge. */
static void create_in_cgroup(int i)
{
	char s[32];
	long before;

	snprintf(s, sizeof(s), "%d", getpid());
	ASSERT_EQ(m3t_write_file(CG "/cgroup.procs", s), 0);
	before = cg_current();
	m3t_sh->ret[i] = m3t_vm(-1, 0666, 0, M3_MAX_PROCS);
	m3t_sh->val[i] = cg_current() - before;
}

TEST(vm_memory_charged_to_creator_cgroup)
{
	pid_t pid;

	big_drvs();
	m3t_cgroup2_mount();
	m3t_write_file(M3T_CGROUP_ROOT "/cgroup.subtree_control", "+memory");
	rmdir(CG);
	ASSERT_EQ(mkdir(CG, 0755), 0);
	if (access(CG "/memory.current", R_OK))
		M3TEST_FAIL("no memory controller (%s/memory.current)", CG);
	pid = m3t_spawn(create_in_cgroup, 0);
	m3t_join_ok(pid);
	rmdir(CG);
	ASSERT_GE(m3t_sh->ret[0], 0);
	/* 4096 slots of a cache line or more each: at least 1 MiB charged. */
	printf("# charged %ld bytes for %d slots\n", m3t_sh->val[0], M3_MAX_PROCS);
	ASSERT_GE(m3t_sh->val[0], (long)M3_MAX_PROCS * 256);
}
