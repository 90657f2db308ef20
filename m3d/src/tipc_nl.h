/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TIPC through its generic netlink family ("TIPCv2", linux/tipc_netlink.h),
 * with libmnl: what `tipc node set identity`, `tipc node set key ...
 * master`, `tipc bearer enable|disable|set tolerance` and `tipc link list`
 * do, for m3d (which needs CAP_NET_ADMIN for the changes) and m3adm (the
 * link dump is open to every user). One request at a time on one socket;
 * every call returns 0 or -errno, and on failure t->err holds the
 * kernel's own text (the extended ack, "Already enabled.") or strerror.
 *
 * How an M3 node is named in TIPC is here too, once: node N of the DRVS
 * has the TIPC node identity "N", the decimal string, as
 * `tipc node set identity N` sets it (TIPC takes a short string as the
 * identity's bytes, NUL-padded to 16; "0" is accepted). TIPC then names
 * a link "0:eth0-1:eth0", from the two identities and interfaces.
 */
#ifndef M3D_TIPC_NL_H
#define M3D_TIPC_NL_H

#include <stdint.h>
#include <linux/tipc.h>
#include <m3/m3.h>

#define M3D_TIPC_ID_LEN		16	/* TIPC_NODEID_LEN */

struct mnl_socket;

struct m3d_tipc {
	struct mnl_socket *nl;
	uint16_t family;		/* TIPCv2's id */
	uint32_t seq;
	char err[256];
};

/* A link as `tipc link list` and `tipc link stat show` see it. */
struct m3d_tipc_link {
	char name[TIPC_MAX_LINK_NAME];	/* "0:eth0-1:eth0" */
	int up;
	uint32_t rx, tx;		/* packets */
};

int m3d_tipc_open(struct m3d_tipc *t);
void m3d_tipc_close(struct m3d_tipc *t);

/* The node identity (all zero: not set yet); setting it is refused or
 * ignored by TIPC once set, so the caller reads it first. */
int m3d_tipc_identity(struct m3d_tipc *t, uint8_t id[M3D_TIPC_ID_LEN]);
int m3d_tipc_set_identity(struct m3d_tipc *t,
			  const uint8_t id[M3D_TIPC_ID_LEN]);
/* The cluster master key: gcm(aes), 256-bit key and 32-bit salt. */
int m3d_tipc_set_master_key(struct m3d_tipc *t,
			    const uint8_t key[M3_CLUSTER_KEY_LEN]);
int m3d_tipc_flush_keys(struct m3d_tipc *t);

/* Ethernet bearers by interface name ("eth0" is bearer "eth:eth0"). */
int m3d_tipc_bearer_on(struct m3d_tipc *t, const char *ifname);
int m3d_tipc_bearer_enable(struct m3d_tipc *t, const char *ifname);
int m3d_tipc_bearer_disable(struct m3d_tipc *t, const char *ifname);
int m3d_tipc_bearer_tolerance(struct m3d_tipc *t, const char *ifname,
			      unsigned int ms);

/* Every unicast link, to fn (which returns 0 to go on); 0 or -errno. */
int m3d_tipc_links(struct m3d_tipc *t,
		   int (*fn)(const struct m3d_tipc_link *l, void *arg),
		   void *arg);

/* The naming rule: node nodeid's identity; the M3 node at the other end
 * of a link (-1: not an M3 node's link). */
void m3d_tipc_node_identity(int nodeid, uint8_t id[M3D_TIPC_ID_LEN]);
int m3d_tipc_link_peer(const char *link_name);

#endif
