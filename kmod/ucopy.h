/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the small fixed-size copies of the message path (the argument
 * block, a 64-byte message) in one user-access window each, word by word,
 * unrolled: no call into the kernel's generic copy routine (a string copy
 * on CPUs without ERMS), no checks that a constant size makes useless. Each returns 0 or -EFAULT; on a
 * fault the destination may be partly written, and callers do not use it.
 */
#ifndef M3_UCOPY_H
#define M3_UCOPY_H

#include <linux/uaccess.h>

#include "uapi/m3ipc.h"

static __always_inline int m3_words_from_user(void *dst, const void __user *src,
					      size_t bytes)
{
	const u64 __user *s = src;
	u64 *d = dst;
	size_t i;

	if (!user_access_begin(src, bytes))
		return -EFAULT;
#pragma GCC unroll 8
	for (i = 0; i < bytes / sizeof(u64); i++)
		unsafe_get_user(d[i], &s[i], fault);
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

static __always_inline int m3_words_to_user(void __user *dst, const void *src,
					    size_t bytes)
{
	const u64 *s = src;
	u64 __user *d = dst;
	size_t i;

	if (!user_access_begin(dst, bytes))
		return -EFAULT;
#pragma GCC unroll 8
	for (i = 0; i < bytes / sizeof(u64); i++)
		unsafe_put_user(s[i], &d[i], fault);
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

static inline int m3_msg_from_user(struct m3_message *m,
				   const struct m3_message __user *u)
{
	BUILD_BUG_ON(sizeof(*m) % sizeof(u64));
	return m3_words_from_user(m, u, sizeof(*m));
}

static inline int m3_msg_to_user(struct m3_message __user *u,
				 const struct m3_message *m)
{
	return m3_words_to_user(u, m, sizeof(*m));
}

static inline int m3_ipc_args_from_user(struct m3_ipc_args *a,
					const struct m3_ipc_args __user *u)
{
	BUILD_BUG_ON(sizeof(*a) % sizeof(u64));
	return m3_words_from_user(a, u, sizeof(*a));
}

/*
 * Is the message buffer at @u writable? Each end is read and written back
 * unchanged: a call that then fails leaves the caller's message as it was
 * (a sendrec retried after -EINTR sends what it sent before). With page
 * faults enabled this faults the buffer in.
 */
static inline int m3_msg_probe(struct m3_message __user *u)
{
	u8 __user *first = (u8 __user *)u;
	u8 __user *last = first + sizeof(*u) - 1;
	u8 v;

	if (!user_access_begin(u, sizeof(*u)))
		return -EFAULT;
	unsafe_get_user(v, first, fault);
	unsafe_put_user(v, first, fault);
	unsafe_get_user(v, last, fault);
	unsafe_put_user(v, last, fault);
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

#endif /* M3_UCOPY_H */
