/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libm3 internals: the device handle, the ioctl wrapper, vcopy's fallback. */
#ifndef LIBM3_INTERNAL_H
#define LIBM3_INTERNAL_H

#include <m3/m3.h>

#define M3_API __attribute__((visibility("default")))

/* The process's /dev/m3ipc descriptor, or a negative error. */
int m3_fd(void);

/* ioctl on the device: the result, or -errno (errno left untouched). */
long m3_ioctl(unsigned long cmd, unsigned long arg);

/* M3_IOC_WHOIS for thread @tid (0: the caller) into *a. */
int m3_whois(pid_t tid, struct m3_whois_args *a);

/*
 * vcopy after the kernel's -ENOCONSENT: the copy by process_vm_readv/writev,
 * so that the kernel's ptrace rule decides. A vcopy result; errno unchanged.
 */
int m3_vcopy_ptrace(const struct m3_vcopy_args *a);

#endif
