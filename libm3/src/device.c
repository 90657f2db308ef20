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

#include "internal.h"

static int dev_fd = -1;
static int dev_err;
static pthread_once_t dev_once = PTHREAD_ONCE_INIT;

static void dev_open(void)
{
	const char *path = getenv("M3IPC_DEVICE");

	dev_fd = open(path && *path ? path : M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	if (dev_fd < 0)
		dev_err = -errno;
}

int m3_fd(void)
{
	int saved = errno;

	pthread_once(&dev_once, dev_open);
	errno = saved;
	return dev_fd >= 0 ? dev_fd : dev_err;
}

long m3_ioctl(unsigned long cmd, unsigned long arg)
{
	int fd = m3_fd();
	int saved;
	long ret;

	if (fd < 0)
		return fd;
	saved = errno;
	ret = ioctl(fd, cmd, arg);
	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
}
