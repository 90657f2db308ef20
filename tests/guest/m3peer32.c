// SPDX-License-Identifier: GPL-2.0
/*
 * m3peer32: the 32-bit side of t_compat. Built with -m32 (i386), with
 * libm3 built for i386 too; t_compat (x86-64) runs it in the guest.
 *
 *   m3peer32 client VMID SERVER_EP   cm_client() (compat_proto.h)
 *   m3peer32 server VMID CLIENT_EP   cm_server()
 *   m3peer32 admin VMID NAME         creates a VM, reads it back
 *   m3peer32 calls VMID              queries and refused calls
 *
 * Exits 0 when everything it checked was right; otherwise it prints what
 * went wrong on stderr and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat_proto.h"

_Static_assert(sizeof(void *) == 4, "m3peer32 is built for i386");

static const char *mode = "?";

#define FAIL(fmt, ...) do {						\
	fprintf(stderr, "#   m3peer32 %s: line %d: " fmt "\n", mode,	\
		__LINE__, ##__VA_ARGS__);				\
	exit(1);							\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		FAIL("%s == %s: %lld vs %lld", #a, #b, a_, b_);		\
} while (0)

static unsigned char buf[CM_COPY_MAX + 64];

static void run_client(int vmid, int srv)
{
	CHECK_EQ(mnx_bind(vmid, -1) >= 0, 1);
	if (cm_client(srv, buf))
		FAIL("%s", cm_why);
	CHECK_EQ(mnx_unbind(), 0);
}

static void run_server(int vmid, int client)
{
	CHECK_EQ(mnx_bind(vmid, -1) >= 0, 1);
	if (cm_server(client, buf))
		FAIL("%s", cm_why);
}

/* Create VM @vmid with every parameter set, and read it back. */
static void run_admin(int vmid, const char *name)
{
	struct m3_vm_params p = {
		.vmid = vmid, .max_procs = 48, .uid = 65534, .gid = 65533,
		.mode = 0640, .flags = M3_VM_STRICT_COPY,
	};
	struct m3_drvs_info d;
	struct m3_vm_info vi;

	snprintf(p.name, sizeof(p.name), "%s", name);
	M3_NODE_SET(p.nodes, 0);
	M3_NODE_SET(p.nodes, 200);
	CHECK_EQ(mnx_vm_init(&p), vmid);
	CHECK_EQ(mnx_drvs_info(&d), 0);
	CHECK_EQ(d.version, (M3IPC_VERSION_MAJOR << 16) | M3IPC_VERSION_MINOR);
	CHECK_EQ(d.nr_nodes, 256);
	CHECK_EQ(mnx_vm_info(vmid, &vi), 0);
	CHECK_EQ(vi.params.vmid, vmid);
	CHECK_EQ(strcmp(vi.params.name, name), 0);
	CHECK_EQ(vi.params.max_procs, 48);
	CHECK_EQ(vi.params.mode, 0640);
	CHECK_EQ(vi.params.gid, 65533);
	CHECK_EQ(vi.params.nodes[0], 1);
	CHECK_EQ(vi.params.nodes[3], 1ULL << (200 - 192));
	CHECK_EQ(vi.nr_procs, 0);
}

static void run_calls(int vmid)
{
	struct m3_proc_info pi;
	message m = { 0 };
	int ep;

	ep = mnx_bind(vmid, -1);
	CHECK_EQ(ep >= 0, 1);
	CHECK_EQ(mnx_getep(0), ep);
	CHECK_EQ(mnx_getvmid(0), vmid);
	CHECK_EQ(mnx_proc_info(vmid, m3_ep_slot(ep), &pi), 0);
	CHECK_EQ(pi.endpoint, ep);
	CHECK_EQ(pi.pid, syscall(SYS_gettid));
	CHECK_EQ(strcmp(pi.name, "m3peer32"), 0);
	CHECK_EQ(mnx_notify(-1), -EBADSRCDST);
	CHECK_EQ(mnx_notify(ANY), -EBADSRCDST);
	CHECK_EQ(mnx_send(ep, &m), -EBADSRCDST);
	CHECK_EQ(mnx_sendrec(ep + 1, NULL), -EFAULT);
	CHECK_EQ(mnx_receive_T(ANY, &m, 20), -ETIMEDOUT);
	CHECK_EQ(mnx_receivenb(ANY, &m), -ENOTREADY);
	CHECK_EQ(mnx_vircopy(SELF, 1ULL << 32, SELF, (uintptr_t)buf, 16), -EFAULT);
	CHECK_EQ(mnx_vircopy(SELF, (uintptr_t)buf, SELF, (uintptr_t)buf + 64,
			     (1ULL << 32) + 16), -E2BIG);
	CHECK_EQ(mnx_vcopy(SELF, buf, SELF, buf + 64, 64), 0);
	CHECK_EQ(mnx_vm_end(-1), -EINVAL);
	CHECK_EQ(mnx_unbind(), 0);
	CHECK_EQ(mnx_unbind(), -ENOTBOUND);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		FAIL("usage: m3peer32 client|server|admin|calls VMID [ARG]");
	mode = argv[1];
	if (!strcmp(mode, "client") && argc == 4)
		run_client(atoi(argv[2]), atoi(argv[3]));
	else if (!strcmp(mode, "server") && argc == 4)
		run_server(atoi(argv[2]), atoi(argv[3]));
	else if (!strcmp(mode, "admin") && argc == 4)
		run_admin(atoi(argv[2]), argv[3]);
	else if (!strcmp(mode, "calls"))
		run_calls(atoi(argv[2]));
	else
		FAIL("bad arguments");
	return 0;
}
