// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device handle: /dev/m3ipc (or $M3IPC_DEVICE) opened once per process
 * on first use, close-on-exec. The kernel identifies callers by thread, so
 * one descriptor serves every thread, and a child after fork() may keep
 * using the inherited one.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "internal.h"

static int dev_fd = -1;
static int dev_err;
static pthread_once_t dev_once = PTHREAD_ONCE_INIT;

static void dev_open(void)
{
	const char *path = getenv("M3IPC_DEVICE");

	int fd = open(path && *path ? path : M3IPC_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		dev_err = -errno;
	__atomic_store_n(&dev_fd, fd, __ATOMIC_RELEASE);
}

int m3_fd(void)
{
	int saved = errno;

	pthread_once(&dev_once, dev_open);
	errno = saved;
	return dev_fd >= 0 ? dev_fd : dev_err;
}

/* ioctl(2) returning -errno, errno untouched. */
static inline long sys_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
#ifdef __x86_64__
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"((long)SYS_ioctl), "D"((long)fd), "S"(cmd), "d"(arg)
			 : "rcx", "r11", "memory");
	return ret;
#else
	int saved = errno;
	long ret = ioctl(fd, cmd, arg);

	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
#endif
}

long m3_ioctl(unsigned long cmd, unsigned long arg)
{
	/* Once the device is open, no pthread_once() on the message path. */
	int fd = __atomic_load_n(&dev_fd, __ATOMIC_ACQUIRE);

	if (fd < 0) {
		fd = m3_fd();
		if (fd < 0)
			return fd;
	}
	return sys_ioctl(fd, cmd, arg);
}
