/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libm3: the M3-IPC user library.
 *
 * Every call returns 0, or a non-negative value where stated, on success
 * and a negative error code on failure (Minix convention): -EDEADSRCDST,
 * -ELOCKED, -ENOTREADY... for Minix conditions (see <m3/m3ipc.h>), and
 * -EPERM, -EINVAL, -EFAULT, -EINTR, -ETIMEDOUT, -ENOMEM... for the rest.
 * errno is left untouched. m3_strerror() names every code.
 *
 * The library opens /dev/m3ipc once per process, on first use, close-on-exec
 * (set M3IPC_DEVICE in the environment to use another path). All calls are
 * thread-safe; a binding belongs to the calling thread.
 *
 * Signals: a blocking call interrupted by a signal returns -EINTR and then
 * did nothing: a send was not delivered, a receive consumed nothing. In
 * mnx_sendrec() only the send half is interruptible: once the request has
 * been taken the caller waits for the reply (fatal signals still kill it).
 */
#ifndef M3_M3_H
#define M3_M3_H

#include <errno.h>	/* results are -EPERM, -EINVAL... */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "m3ipc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Minix 3 names of the message types of <m3/m3ipc.h>. */
typedef struct m3_message message;
typedef struct mess_1 mess_1;
typedef struct mess_2 mess_2;
typedef struct mess_3 mess_3;
typedef struct mess_4 mess_4;
typedef struct mess_5 mess_5;
typedef struct mess_7 mess_7;
typedef struct mess_8 mess_8;
typedef struct mess_9 mess_9;
typedef struct mess_10 mess_10;
typedef struct mess_notify mess_notify;

/* Minix 3 spellings of the special endpoints. */
#ifndef ANY
#define ANY	M3_ANY
#endif
#ifndef NONE
#define NONE	M3_NONE
#endif
#ifndef SELF
#define SELF	M3_SELF
#endif

/* Administration (CAP_SYS_ADMIN) */
int mnx_drvs_init(int nodeid, const struct m3_drvs_params *p);
int mnx_drvs_end(void);
int mnx_vm_init(const struct m3_vm_params *p);	/* returns the vmid */
int mnx_vm_end(int vmid);
/* Talk to the DRVS's other nodes over TIPC (configured already). */
int mnx_cluster_join(const void *key, size_t key_len);	/* M3_CLUSTER_KEY_LEN */
int mnx_cluster_leave(void);

/* Membership */
int mnx_bind(int vmid, int p_nr);		/* returns the endpoint */
int mnx_unbind(void);

/* Messages */
int mnx_send(int dst_ep, message *m);
int mnx_receive(int src_ep, message *m);	/* src_ep may be ANY */
int mnx_sendrec(int ep, message *m);		/* reply overwrites *m */
int mnx_notify(int dst_ep);
int mnx_sendnb(int dst_ep, message *m);	/* -ENOTREADY if not waiting */
int mnx_receivenb(int src_ep, message *m);	/* -ENOTREADY if nothing */
/* Non-blocking reply to reply_ep, then receive from src_ep into *m. */
int mnx_replyrec(int reply_ep, message *m, int src_ep);

/* Timeouts in milliseconds (>= 0); -ETIMEDOUT when they expire. */
int mnx_send_T(int dst_ep, message *m, long timeout_ms);
int mnx_receive_T(int src_ep, message *m, long timeout_ms);
int mnx_sendrec_T(int ep, message *m, long timeout_ms);

/* Block copy between address spaces; src_ep/dst_ep may be SELF. */
int mnx_vcopy(int src_ep, const void *src, int dst_ep, void *dst,
	      size_t len);
/*
 * The same with addresses as 64-bit integers, as messages carry them
 * (m1_p1...): a 32-bit server can copy to and from a 64-bit client.
 */
int mnx_vircopy(int src_ep, uint64_t src, int dst_ep, uint64_t dst,
		uint64_t len);

/* Read-only queries (any user) */
int mnx_drvs_info(struct m3_drvs_info *info);
int mnx_vm_info(int vmid, struct m3_vm_info *info);
int mnx_proc_info(int vmid, int p_nr, struct m3_proc_info *info);
int mnx_node_info(int node, struct m3_node_info *info);
int mnx_getep(pid_t tid);		/* endpoint of a thread (0: caller) */
int mnx_getvmid(pid_t tid);		/* vmid of a thread (0: caller) */

/* Helpers */
const char *m3_strerror(int err);	/* err negative or positive */
const char *m3_errname(int err);	/* "EDEADSRCDST", "EINVAL", ... */
int m3_ep_slot(int ep);			/* slot (p_nr) of an endpoint */
int m3_ep_gen(int ep);			/* generation of an endpoint */

#ifdef __cplusplus
}
#endif

#endif /* M3_M3_H */
