/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * This node among the others of the DRVS: what m3d does with TIPC
 * (tipc_nl.h) and with the module (knode.h) when m3d_cluster_reason()
 * says the node joins, before any VM starts and before READY:
 *   1. TIPC's node identity from the nodeid (the rule of tipc_nl.h); an
 *      identity already set must be that one (TIPC keeps it until its
 *      module is reloaded);
 *   2. the cluster key as TIPC's master key (gcm(aes));
 *   3. an Ethernet bearer on each interface named, and its link tolerance;
 *   4. M3_IOC_CLUSTER_JOIN with the same key.
 * A failure names its step and the kernel's words; the bearers enabled by
 * that attempt are disabled again. Once joined, a reconcile enables and
 * disables bearers and sets the tolerance as the configuration says; a
 * changed key is not applied (the other nodes and the module's handshake
 * still use the old one): it is reported, and takes effect when m3d
 * starts again on every node. Leaving: M3_IOC_CLUSTER_LEAVE, the bearers
 * m3d enabled disabled, TIPC's keys flushed if m3d set them.
 */
#ifndef M3D_CLUSTER_H
#define M3D_CLUSTER_H

#include "model.h"

struct m3d_cluster_state {
	int joined;			/* the module is in the cluster */
	int adopted;			/* a previous m3d may have joined */
	int key_set;			/* m3d gave TIPC its key */
	uint8_t key[M3_CLUSTER_KEY_LEN];	/* the key it joined with */
	char ours[M3D_MAX_BEARERS][M3D_IFNAME_LEN];	/* bearers it enabled */
	char status[400];		/* for m3adm: joined, failed... */
};

/* What a configuration a previous m3d applied joined with is m3d's: its
 * bearers, its key, the module's join. */
void m3d_cluster_adopt(struct m3d_cluster_state *s,
		       const struct m3d_model *last);
/* Joins, follows or leaves as want says: 0, or -1 (logged). */
int m3d_cluster_apply(struct m3d_cluster_state *s,
		      const struct m3d_model *want);
void m3d_cluster_leave(struct m3d_cluster_state *s);

#endif
