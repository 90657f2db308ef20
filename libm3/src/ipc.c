// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Messages: one ioctl per call, the argument block on the stack, no lock
 * and no allocation on the way.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "internal.h"

static inline int m3_ipc(unsigned long cmd, int ep, message *m,
			 unsigned int flags, int64_t timeout, int src)
{
	struct m3_ipc_args a = {
		.ep = ep,
		.flags = flags,
		.msg = (uintptr_t)m,
		.timeout_ms = timeout,
		.src = src,
	};

	if (!m)
		return -EFAULT;
	return m3_ioctl(cmd, (uintptr_t)&a);
}

/*
 * The _T variants pass an absolute deadline, so that a call the kernel
 * restarts after a stop or a freeze keeps it.
 */
static inline int m3_ipc_t(unsigned long cmd, int ep, message *m,
			   long timeout_ms)
{
	struct timespec now;
	int64_t deadline;

	if (timeout_ms < 0)
		return -EINVAL;
	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	if (timeout_ms > (INT64_MAX - deadline) / 1000000)
		return m3_ipc(cmd, ep, m, 0, 0, 0);
	deadline += (int64_t)timeout_ms * 1000000;
	return m3_ipc(cmd, ep, m, M3_IPC_DEADLINE, deadline, 0);
}

M3_API int mnx_send(int dst_ep, message *m)
{
	return m3_ipc(M3_IOC_SEND, dst_ep, m, 0, 0, 0);
}

M3_API int mnx_receive(int src_ep, message *m)
{
	return m3_ipc(M3_IOC_RECEIVE, src_ep, m, 0, 0, 0);
}

M3_API int mnx_sendrec(int ep, message *m)
{
	return m3_ipc(M3_IOC_SENDREC, ep, m, 0, 0, 0);
}

M3_API int mnx_sendnb(int dst_ep, message *m)
{
	return m3_ipc(M3_IOC_SEND, dst_ep, m, M3_IPC_NONBLOCK, 0, 0);
}

M3_API int mnx_receivenb(int src_ep, message *m)
{
	return m3_ipc(M3_IOC_RECEIVE, src_ep, m, M3_IPC_NONBLOCK, 0, 0);
}

M3_API int mnx_replyrec(int reply_ep, message *m, int src_ep)
{
	return m3_ipc(M3_IOC_REPLYREC, reply_ep, m, 0, 0, src_ep);
}

M3_API int mnx_send_T(int dst_ep, message *m, long timeout_ms)
{
	return m3_ipc_t(M3_IOC_SEND, dst_ep, m, timeout_ms);
}

M3_API int mnx_receive_T(int src_ep, message *m, long timeout_ms)
{
	return m3_ipc_t(M3_IOC_RECEIVE, src_ep, m, timeout_ms);
}

M3_API int mnx_sendrec_T(int ep, message *m, long timeout_ms)
{
	return m3_ipc_t(M3_IOC_SENDREC, ep, m, timeout_ms);
}

M3_API int mnx_notify(int dst_ep)
{
	return m3_ioctl(M3_IOC_NOTIFY, (unsigned long)(unsigned int)dst_ep);
}

M3_API int mnx_vircopy(int src_ep, uint64_t src, int dst_ep, uint64_t dst,
			uint64_t len)
{
	struct m3_vcopy_args a = {
		.src_ep = src_ep,
		.dst_ep = dst_ep,
		.src_addr = src,
		.dst_addr = dst,
		.len = len,
	};
	int ret = m3_ioctl(M3_IOC_VCOPY, (uintptr_t)&a);

	/* No consent: copy if process_vm_writev would let us. */
	if (ret == -ENOCONSENT)
		ret = m3_vcopy_ptrace(&a);
	return ret;
}

M3_API int mnx_vcopy(int src_ep, const void *src, int dst_ep, void *dst,
		     size_t len)
{
	return mnx_vircopy(src_ep, (uintptr_t)src, dst_ep, (uintptr_t)dst, len);
}
