/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libm3 internals: the device handle and the ioctl wrapper. */
#ifndef LIBM3_INTERNAL_H
#define LIBM3_INTERNAL_H

#include <m3/m3.h>

#define M3_API __attribute__((visibility("default")))

/* The process's /dev/m3ipc descriptor, or a negative error. */
int m3_fd(void);

/* ioctl on the device: the result, or -errno (errno left untouched). */
long m3_ioctl(unsigned long cmd, unsigned long arg);

#endif
