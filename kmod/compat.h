/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the differences between the kernels the module builds on
 * (Debian 12's 6.1 to 6.12), all in this one file. The code is written
 * against the newest interface; older kernels are mapped onto it here.
 * Nothing else in the module tests a kernel version or a kernel feature.
 */
#ifndef M3_COMPAT_H
#define M3_COMPAT_H

#include <linux/mm.h>
#include <linux/version.h>

/* 6.5 dropped the vmas argument of pin_user_pages_remote(). */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
#define pin_user_pages_remote(mm, start, nr, flags, pages, locked) \
	pin_user_pages_remote(mm, start, nr, flags, pages, NULL, locked)
#endif

/*
 * The compiler's attribute that exempts one variable from
 * CONFIG_INIT_STACK_ALL_ZERO: newer kernels name it __uninitialized
 * (6.12 does, 6.1 does not); tested by name, not by a guessed version.
 * Used only on stack buffers that are filled whole before they are read.
 */
#ifndef __uninitialized
#if __has_attribute(__uninitialized__)
#define __uninitialized __attribute__((__uninitialized__))
#else
#define __uninitialized
#endif
#endif

#endif /* M3_COMPAT_H */
