// SPDX-License-Identifier: GPL-2.0-or-later
/* The module's ioctls across nodes (knode.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "knode.h"

/* One ioctl on a descriptor of its own: 0, or -errno. */
static int call(unsigned long cmd, void *arg)
{
	const char *path = getenv("M3IPC_DEVICE");
	int fd = open(path && *path ? path : M3IPC_DEVICE, O_RDWR | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -errno;
	r = ioctl(fd, cmd, arg) < 0 ? -errno : 0;
	close(fd);
	return r;
}

int m3d_knode_join(const uint8_t key[M3_CLUSTER_KEY_LEN])
{
	struct m3_cluster_args a = { .key_len = M3_CLUSTER_KEY_LEN };
	int r;

	memcpy(a.key, key, M3_CLUSTER_KEY_LEN);
	r = call(M3_IOC_CLUSTER_JOIN, &a);
	explicit_bzero(&a, sizeof(a));
	return r;
}

int m3d_knode_leave(void)
{
	return call(M3_IOC_CLUSTER_LEAVE, NULL);
}

int m3d_knode_info(unsigned int node, struct m3_node_info *ni)
{
	memset(ni, 0, sizeof(*ni));
	ni->node = node;
	return call(M3_IOC_NODE_INFO, ni);
}

const char *m3d_knode_error(int r)
{
	if (r == -ENOTTY)
		return "the m3ipc module does not support nodes yet (it does "
		       "not know this ioctl)";
	return m3_strerror(r);
}
