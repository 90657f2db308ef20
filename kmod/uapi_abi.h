/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The uapi's layout, asserted where it is compiled: in the module (x86-64)
 * and in libm3, which is built for x86-64 and i386 (tests/guest/m3peer32).
 * A 32-bit process and the module must agree on every size and on the
 * offset of every 64-bit field (i386 aligns those to 4, x86-64 to 8), or
 * the compat ioctl path would read garbage. Not installed.
 */
#ifndef M3IPC_UAPI_ABI_H
#define M3IPC_UAPI_ABI_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#else
#include <assert.h>
#include <stddef.h>
#endif
#include "uapi/m3ipc.h"

#define M3_ABI_SIZE(t, n) static_assert(sizeof(struct t) == (n), #t " size")
#define M3_ABI_AT(t, f, n) \
	static_assert(offsetof(struct t, f) == (n), #t "." #f " offset")

M3_ABI_SIZE(m3_message, 64);
M3_ABI_AT(m3_message, m_u, 8);
M3_ABI_SIZE(m3_drvs_params, 32);
M3_ABI_SIZE(m3_vm_params, 88);
M3_ABI_AT(m3_vm_params, nodes, 40);
M3_ABI_AT(m3_vm_params, reserved, 72);
M3_ABI_SIZE(m3_drvs_init_args, 16);
M3_ABI_AT(m3_drvs_init_args, params, 8);
M3_ABI_SIZE(m3_ipc_args, 32);
M3_ABI_AT(m3_ipc_args, msg, 8);
M3_ABI_AT(m3_ipc_args, timeout_ms, 16);
M3_ABI_AT(m3_ipc_args, src, 24);
M3_ABI_SIZE(m3_vcopy_args, 32);
M3_ABI_AT(m3_vcopy_args, src_addr, 8);
M3_ABI_AT(m3_vcopy_args, len, 24);
M3_ABI_SIZE(m3_bind_args, 8);
M3_ABI_SIZE(m3_drvs_info, 64);
M3_ABI_SIZE(m3_vm_stats, 64);
M3_ABI_SIZE(m3_vm_info, 160);
M3_ABI_AT(m3_vm_info, stats, 96);
M3_ABI_SIZE(m3_vm_info_args, 16);
M3_ABI_AT(m3_vm_info_args, info, 8);
M3_ABI_SIZE(m3_proc_info, 80);
M3_ABI_AT(m3_proc_info, name, 32);
M3_ABI_AT(m3_proc_info, sends, 48);
M3_ABI_SIZE(m3_proc_info_args, 16);
M3_ABI_AT(m3_proc_info_args, info, 8);
M3_ABI_SIZE(m3_whois_args, 16);
M3_ABI_SIZE(m3_cluster_args, 56);
M3_ABI_AT(m3_cluster_args, key, 8);
M3_ABI_SIZE(m3_node_info, 72);
M3_ABI_AT(m3_node_info, tx_frames, 16);
M3_ABI_AT(m3_node_info, ups, 48);

#endif /* M3IPC_UAPI_ABI_H */
