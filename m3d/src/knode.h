/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The module's ioctls across nodes (the uapi's M3_IOC_CLUSTER_JOIN,
 * M3_IOC_CLUSTER_LEAVE, M3_IOC_NODE_INFO), which libm3 does not wrap: on
 * /dev/m3ipc (or $M3IPC_DEVICE, as libm3 opens it), each 0 or -errno. A
 * module that does not know them answers -ENOTTY; m3d_knode_error() says
 * so in words.
 */
#ifndef M3D_KNODE_H
#define M3D_KNODE_H

#include <stdint.h>
#include <m3/m3.h>

int m3d_knode_join(const uint8_t key[M3_CLUSTER_KEY_LEN]);
int m3d_knode_leave(void);
int m3d_knode_info(unsigned int node, struct m3_node_info *ni);
/* r as text: m3_strerror(), or what -ENOTTY means here. */
const char *m3d_knode_error(int r);

#endif
