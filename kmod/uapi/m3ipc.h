/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * M3-IPC user-space ABI: Minix-3-style synchronous message passing.
 *
 * This one header is shared by the kernel module (kmod/) and by libm3; it is
 * installed as <m3/m3ipc.h>. Nothing here may depend on the word size: every
 * structure has the same layout for 32- and 64-bit processes (fixed-width
 * types, 64-bit integers for user addresses, explicit padding).
 *
 * Model
 *   A DRVS spans up to M3_MAX_NODES nodes; this machine is one of them
 *   (its nodeid). A VM is a compartment of processes spanning a set of
 *   nodes. A thread binds to one VM and gets an endpoint; it can then
 *   exchange 64-byte messages with the other members of that VM only.
 *
 * Endpoints
 *   endpoint = (generation << M3_EP_GEN_SHIFT) + slot, as in Minix 3. When a
 *   slot is reused after an unbind its generation changes, so a stale
 *   endpoint is rejected (-EDEADSRCDST) and never reaches the newcomer.
 *   Generations never wrap: a slot that has used up all of them is retired
 *   until its VM ends (binding it asks fail -EBUSY; any-slot binds skip it).
 *   Endpoints say nothing about where the peer runs.
 *   M3_ANY, M3_NONE and M3_SELF are the Minix 3.3 values; the kernel never
 *   hands them out.
 *
 * Device and commands (ioctl on /dev/m3ipc)
 *   M3_IOC_DRVS_INIT  admin: initialize the DRVS on this node.
 *   M3_IOC_DRVS_END   admin: end every VM, then the DRVS.
 *   M3_IOC_VM_INIT    admin: create a VM; returns its vmid and writes the
 *                     effective parameters (defaults applied) back.
 *   M3_IOC_VM_END     admin: SIGPIPE to every member, wake every blocked
 *                     call in it with -EVMDOWN, free it.
 *   M3_IOC_BIND       bind the calling thread; returns the endpoint.
 *   M3_IOC_UNBIND     unbind the calling thread.
 *   M3_IOC_CLUSTER_JOIN  admin: talk to the other nodes (over TIPC).
 *   M3_IOC_CLUSTER_LEAVE admin: stop; every remote call fails EDEADNODE.
 *   M3_IOC_SEND       rendezvous send (struct m3_ipc_args).
 *   M3_IOC_RECEIVE    receive from one endpoint or M3_ANY.
 *   M3_IOC_SENDREC    send, then receive the reply from the same peer,
 *                     atomically (the reply cannot be lost or stolen).
 *   M3_IOC_NOTIFY     non-blocking notification; coalesces per source.
 *   M3_IOC_REPLYREC   servers: non-blocking reply to ep, then receive
 *                     from src (one kernel entry per request).
 *   M3_IOC_VCOPY      copy between address spaces (struct m3_vcopy_args).
 *   M3_IOC_DRVS_INFO, M3_IOC_VM_INFO, M3_IOC_PROC_INFO, M3_IOC_WHOIS,
 *   M3_IOC_NODE_INFO:
 *                     read-only queries, open to every user.
 *
 * Errors are returned as negative errno values. Minix conditions use the
 * codes below, chosen above Linux's errno range and below the kernel's
 * internal restart codes, so they never collide with either.
 */
#ifndef M3IPC_UAPI_H
#define M3IPC_UAPI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#ifdef __KERNEL__
typedef __s8 m3_i8;
typedef __u8 m3_u8;
typedef __s16 m3_i16;
typedef __u16 m3_u16;
typedef __s32 m3_i32;
typedef __u32 m3_u32;
typedef __s64 m3_i64;
typedef __u64 m3_u64;
#else
typedef int8_t m3_i8;
typedef uint8_t m3_u8;
typedef int16_t m3_i16;
typedef uint16_t m3_u16;
typedef int32_t m3_i32;
typedef uint32_t m3_u32;
typedef int64_t m3_i64;
typedef uint64_t m3_u64;
#endif

#define M3IPC_VERSION_MAJOR	1
#define M3IPC_VERSION_MINOR	0
#define M3IPC_DEVICE		"/dev/m3ipc"

/* ---- Limits -------------------------------------------------------------- */
#define M3_MAX_NODES		256	/* node ids 0..255 */
#define M3_NODE_WORDS		(M3_MAX_NODES / 64)
#define M3_MAX_VMS		1024	/* hard upper bound of max_vms */
#define M3_MAX_PROCS		4096	/* hard upper bound of slots per VM */
#define M3_NAME_LEN		16	/* VM and process names, NUL included */

/*
 * Defaults: what a zero field of struct m3_drvs_params or m3_vm_params
 * becomes. These, m3_drvs_def_nodes() and m3_vm_name_len() are the
 * module's rules; m3d applies the same ones before it asks.
 */
#define M3_DEF_NODES		1	/* at least: see m3_drvs_def_nodes() */
#define M3_DEF_VMS		32
#define M3_DEF_PROCS		256
#define M3_DEF_VM_MODE		0660
#define M3_DEF_VM_NAME		"vm%d"	/* printf format of the vmid */
#define M3_MAX_COPY_DEFAULT	(4U << 20)	/* module parameter max_copy */

/* Nodes of a DRVS that does not say: enough to contain its nodeid. */
static inline m3_u32 m3_drvs_def_nodes(int nodeid)
{
	return nodeid >= M3_DEF_NODES ? (m3_u32)nodeid + 1 : M3_DEF_NODES;
}

/*
 * The VM name rule: printable ASCII without spaces, NUL-terminated within
 * M3_NAME_LEN bytes. Returns the name's length (0: none given, the VM is
 * named M3_DEF_VM_NAME), or -1 if it breaks the rule.
 */
static inline int m3_vm_name_len(const char *name)
{
	int n;

	for (n = 0; n < M3_NAME_LEN && name[n]; n++)
		if ((unsigned char)name[n] <= ' ' ||
		    (unsigned char)name[n] >= 0x7f)
			return -1;
	return n < M3_NAME_LEN ? n : -1;
}

/* ---- Endpoints (Minix 3.3) ------------------------------------------------ */
#define M3_EP_GEN_SHIFT		15
#define M3_EP_SLOT_MASK		((1 << M3_EP_GEN_SHIFT) - 1)
#define M3_EP_MAX_GEN		((0x7fffffff >> M3_EP_GEN_SHIFT) - 1)
#define M3_ENDPOINT(gen, slot)	(((gen) << M3_EP_GEN_SHIFT) + (slot))
#define M3_EP_SLOT(ep)		((ep) & M3_EP_SLOT_MASK)
#define M3_EP_GEN(ep)		((ep) >> M3_EP_GEN_SHIFT)
#define M3_ANY			0x7ace	/* receive from anyone */
#define M3_NONE			0x6ace	/* no process */
#define M3_SELF			0x8ace	/* the caller */

/* ---- Minix error codes (returned negated) -------------------------------- */
#define M3_ERRNO_BASE		300
#define ELOCKED			301	/* send would deadlock */
#define EBADCALL		302	/* unknown call */
#define EBADSRCDST		303	/* bad source or destination endpoint */
#define ECALLDENIED		304	/* call not permitted */
#define EDEADSRCDST		305	/* source or destination is not alive */
#define ENOTREADY		306	/* peer not ready (non-blocking call) */
#define EBADREQUEST		307	/* destination cannot handle request */
#define ENOCONSENT		308	/* vcopy: a party did not consent */
#define EDEADNODE		309	/* the peer's node is down or unreachable */
#define ENODRVS			320	/* DRVS not initialized on this node */
#define ENOTBOUND		321	/* caller is not bound to a VM */
#define EVMDOWN			322	/* the caller's VM was ended */
#define M3_ERRNO_LAST		322

/*
 * ---- Messages (Minix 3.3 layout, 64 bytes on every ABI) --------------------
 * <m3/m3.h> gives these their Minix names: message, mess_1, ... mess_10.
 */
#define NOTIFY_MESSAGE		0x1000	/* m_type of a notification */
#define M3_STRING		40	/* m3_ca1 length */

struct mess_1 {
	m3_i32 m1i1, m1i2, m1i3, m1pad;
	m3_u64 m1p1, m1p2, m1p3, m1p4;
};

struct mess_2 {
	m3_i32 m2i1, m2i2, m2i3, m2pad;
	m3_i64 m2l1, m2l2;
	m3_u64 m2p1;
	m3_u64 m2ul1;
	m3_i16 m2s1;
	m3_u16 m2pad2[3];
};

struct mess_3 {
	m3_i32 m3i1, m3i2;
	m3_u64 m3p1;
	char m3ca1[M3_STRING];
};

struct mess_4 {
	m3_i64 m4l1, m4l2, m4l3, m4l4, m4l5;
};

struct mess_5 {
	m3_i16 m5s1, m5s2;
	m3_i32 m5i1, m5i2, m5pad;
	m3_i64 m5l1, m5l2, m5l3;
};

struct mess_7 {
	m3_i32 m7i1, m7i2, m7i3, m7i4, m7i5, m7pad;
	m3_u64 m7p1, m7p2;
};

struct mess_8 {
	m3_i32 m8i1, m8i2;
	m3_u64 m8p1, m8p2, m8p3, m8p4;
};

struct mess_9 {
	m3_u64 m9l1, m9l2, m9l3, m9l4, m9l5;
	m3_i16 m9s1, m9s2, m9s3, m9s4;
};

struct mess_10 {
	m3_i32 m10i1, m10i2, m10i3, m10i4;
	m3_i64 m10l1, m10l2, m10l3;
};

/* What a receiver finds in a NOTIFY_MESSAGE. */
struct mess_notify {
	m3_u64 timestamp;	/* CLOCK_MONOTONIC ns at delivery */
	m3_u64 count;		/* notifications coalesced into this one */
};

struct m3_message {
	m3_i32 m_source;	/* stamped by the kernel: the sender */
	m3_i32 m_type;
	union {
		struct mess_1 m_m1;
		struct mess_2 m_m2;
		struct mess_3 m_m3;
		struct mess_4 m_m4;
		struct mess_5 m_m5;
		struct mess_7 m_m7;
		struct mess_8 m_m8;
		struct mess_9 m_m9;
		struct mess_10 m_m10;
		struct mess_notify m_notify;
		m3_u8 m_u8[56];
		m3_u32 m_u32[14];
		m3_u64 m_u64[7];
	} m_u;
};

#define m1_i1 m_u.m_m1.m1i1
#define m1_i2 m_u.m_m1.m1i2
#define m1_i3 m_u.m_m1.m1i3
#define m1_p1 m_u.m_m1.m1p1
#define m1_p2 m_u.m_m1.m1p2
#define m1_p3 m_u.m_m1.m1p3
#define m1_p4 m_u.m_m1.m1p4

#define m2_i1 m_u.m_m2.m2i1
#define m2_i2 m_u.m_m2.m2i2
#define m2_i3 m_u.m_m2.m2i3
#define m2_l1 m_u.m_m2.m2l1
#define m2_l2 m_u.m_m2.m2l2
#define m2_p1 m_u.m_m2.m2p1
#define m2_ul1 m_u.m_m2.m2ul1
#define m2_s1 m_u.m_m2.m2s1

#define m3_i1 m_u.m_m3.m3i1
#define m3_i2 m_u.m_m3.m3i2
#define m3_p1 m_u.m_m3.m3p1
#define m3_ca1 m_u.m_m3.m3ca1

#define m4_l1 m_u.m_m4.m4l1
#define m4_l2 m_u.m_m4.m4l2
#define m4_l3 m_u.m_m4.m4l3
#define m4_l4 m_u.m_m4.m4l4
#define m4_l5 m_u.m_m4.m4l5

#define m5_s1 m_u.m_m5.m5s1
#define m5_s2 m_u.m_m5.m5s2
#define m5_i1 m_u.m_m5.m5i1
#define m5_i2 m_u.m_m5.m5i2
#define m5_l1 m_u.m_m5.m5l1
#define m5_l2 m_u.m_m5.m5l2
#define m5_l3 m_u.m_m5.m5l3

#define m7_i1 m_u.m_m7.m7i1
#define m7_i2 m_u.m_m7.m7i2
#define m7_i3 m_u.m_m7.m7i3
#define m7_i4 m_u.m_m7.m7i4
#define m7_i5 m_u.m_m7.m7i5
#define m7_p1 m_u.m_m7.m7p1
#define m7_p2 m_u.m_m7.m7p2

#define m8_i1 m_u.m_m8.m8i1
#define m8_i2 m_u.m_m8.m8i2
#define m8_p1 m_u.m_m8.m8p1
#define m8_p2 m_u.m_m8.m8p2
#define m8_p3 m_u.m_m8.m8p3
#define m8_p4 m_u.m_m8.m8p4

#define m9_l1 m_u.m_m9.m9l1
#define m9_l2 m_u.m_m9.m9l2
#define m9_l3 m_u.m_m9.m9l3
#define m9_l4 m_u.m_m9.m9l4
#define m9_l5 m_u.m_m9.m9l5
#define m9_s1 m_u.m_m9.m9s1
#define m9_s2 m_u.m_m9.m9s2
#define m9_s3 m_u.m_m9.m9s3
#define m9_s4 m_u.m_m9.m9s4

#define m10_i1 m_u.m_m10.m10i1
#define m10_i2 m_u.m_m10.m10i2
#define m10_i3 m_u.m_m10.m10i3
#define m10_i4 m_u.m_m10.m10i4
#define m10_l1 m_u.m_m10.m10l1
#define m10_l2 m_u.m_m10.m10l2
#define m10_l3 m_u.m_m10.m10l3

/* ---- Configuration --------------------------------------------------------- */

/*
 * DRVS parameters. A zero field takes its default (M3_DEF_*); max_copy 0
 * keeps the module parameter. nr_nodes <= M3_MAX_NODES, max_vms <=
 * M3_MAX_VMS, max_procs <= M3_MAX_PROCS. reserved must be zero.
 */
struct m3_drvs_params {
	m3_u32 nr_nodes;	/* nodes in the DRVS; nodeid < nr_nodes */
	m3_u32 max_vms;		/* vmids are 0..max_vms-1 */
	m3_u32 max_procs;	/* upper bound of a VM's max_procs */
	m3_u32 max_copy;	/* vcopy limit in bytes */
	m3_u32 flags;		/* none defined: must be zero */
	m3_u32 reserved[3];
};

/* Node sets: bit n of nodes[n / 64] is node n. All zero means this node. */
#define M3_NODE_SET(set, n)	((set)[(n) / 64] |= (m3_u64)1 << ((n) % 64))
#define M3_NODE_ISSET(set, n)	(((set)[(n) / 64] >> ((n) % 64)) & 1)

/* VM flags */
#define M3_VM_STRICT_COPY	0x1	/* vcopy needs consent; no ptrace rule */
#define M3_VM_FLAGS_ALL		M3_VM_STRICT_COPY

/*
 * VM parameters. vmid < 0 asks for any free vmid. A zero max_procs takes
 * the DRVS's max_procs; a zero mode takes M3_DEF_VM_MODE. uid/gid own the
 * VM: a thread may bind if it has CAP_SYS_ADMIN or the write bit of the
 * mode that applies to it (owner, group, other), as for a UNIX socket.
 * The node set must include this node.
 */
struct m3_vm_params {
	m3_i32 vmid;
	char name[M3_NAME_LEN];	/* NUL-terminated; printable, no spaces */
	m3_u32 max_procs;
	m3_u32 uid;
	m3_u32 gid;
	m3_u32 mode;		/* permission bits, 0..0777 */
	m3_u32 flags;		/* M3_VM_* */
	m3_u64 nodes[M3_NODE_WORDS];
	m3_u32 reserved[4];
};

struct m3_drvs_init_args {
	m3_i32 nodeid;		/* < 0: the module parameter nodeid */
	m3_u32 pad;
	m3_u64 params;		/* struct m3_drvs_params *, or 0 */
};

/* ---- IPC -------------------------------------------------------------------- */

/* m3_ipc_args.flags */
#define M3_IPC_NONBLOCK		0x1	/* fail with -ENOTREADY, never block */
#define M3_IPC_TIMEOUT		0x2	/* give up after timeout_ms: -ETIMEDOUT */
#define M3_IPC_DEADLINE		0x4	/* give up at deadline_ns: -ETIMEDOUT */
#define M3_IPC_RESUME		0x8	/* set by the kernel, see below */
#define M3_IPC_FLAGS_ALL	(M3_IPC_NONBLOCK | M3_IPC_TIMEOUT | \
				 M3_IPC_DEADLINE | M3_IPC_RESUME)

/*
 * Restarts. A blocking call that a signal interrupts before it has done
 * anything (a stop, a freeze, a signal without a handler) is restarted by
 * the kernel with the same arguments, so a relative timeout_ms starts
 * again; M3_IPC_DEADLINE (an absolute CLOCK_MONOTONIC time) keeps its
 * deadline. -EINTR only when a handler ran. Two calls have done something
 * by then, and the kernel writes into the argument block so that the
 * restart resumes them:
 *   M3_IOC_SENDREC waiting for its reply: flags |= M3_IPC_RESUME; the
 *     restarted call (always restarted, after a handler too) only waits
 *     for the reply. Meanwhile the thread's other IPC calls fail -EBUSY.
 *   M3_IOC_REPLYREC after its reply went: ep = M3_NONE; a replyrec to
 *     M3_NONE sends nothing and only receives.
 */
struct m3_ipc_args {
	m3_i32 ep;		/* peer: destination, or source (may be M3_ANY) */
	m3_u32 flags;		/* M3_IPC_* */
	m3_u64 msg;		/* struct m3_message * (in for send, out for receive) */
	union {
		m3_i64 timeout_ms;	/* with M3_IPC_TIMEOUT; >= 0 */
		m3_i64 deadline_ns;	/* with M3_IPC_DEADLINE: CLOCK_MONOTONIC */
	};
	m3_i32 src;		/* M3_IOC_REPLYREC: receive from (or M3_ANY) */
	m3_u32 pad;
};

/*
 * vcopy consent: every party other than the caller must be blocked in a
 * receive from the caller or in a sendrec to it, checked under the party's
 * exec_update_lock. Without it the kernel copies nothing: -EPERM in a VM
 * with M3_VM_STRICT_COPY, else -ENOCONSENT, on which libm3 applies the
 * ptrace rule by copying with process_vm_readv/writev itself (so the
 * kernel's own checks, LSMs included, decide).
 */
struct m3_vcopy_args {
	m3_i32 src_ep;		/* M3_SELF allowed */
	m3_i32 dst_ep;		/* M3_SELF allowed */
	m3_u64 src_addr;
	m3_u64 dst_addr;
	m3_u64 len;		/* <= max_copy */
};

struct m3_bind_args {
	m3_i32 vmid;
	m3_i32 p_nr;		/* slot, or < 0 for any free slot */
};

/* ---- Queries ------------------------------------------------------------------ */

struct m3_drvs_info {
	m3_u32 version;		/* (major << 16) | minor */
	m3_i32 nodeid;		/* -1 when the DRVS is not initialized */
	m3_u32 initialized;
	m3_u32 nr_nodes;
	m3_u32 max_vms;
	m3_u32 max_procs;
	m3_u32 max_copy;
	m3_u32 nr_vms;
	m3_u32 flags;
	m3_u32 reserved[7];
};

/*
 * A VM's counters, by index (enum m3_stat, named by m3_stat_name()) or by
 * field; the first M3_NR_SLOT_STATS are also kept per member.
 */
enum m3_stat {
	M3_STAT_SENDS,		/* messages delivered by send/sendrec/replyrec */
	M3_STAT_RECEIVES,	/* messages taken by receive (incl. notify) */
	M3_STAT_NOTIFIES,	/* notify calls */
	M3_STAT_COPIES,		/* successful vcopy calls */
	M3_STAT_COPY_BYTES,
	M3_STAT_ERRORS,		/* IPC calls that failed */
	M3_NR_SLOT_STATS,
	M3_STAT_BINDS = M3_NR_SLOT_STATS,
	M3_STAT_UNBINDS,	/* explicit and by death */
	M3_NR_STATS
};

struct m3_vm_stats {
	union {
		struct {
			m3_u64 sends;
			m3_u64 receives;
			m3_u64 notifies;
			m3_u64 copies;
			m3_u64 copy_bytes;
			m3_u64 errors;
			m3_u64 binds;
			m3_u64 unbinds;
		};
		m3_u64 v[M3_NR_STATS];
	};
};

static inline const char *m3_stat_name(unsigned int i)
{
	static const char *const names[M3_NR_STATS] = {
		"sends", "receives", "notifies", "copies", "copy_bytes",
		"errors", "binds", "unbinds",
	};

	return i < M3_NR_STATS ? names[i] : "?";
}

struct m3_vm_info {
	struct m3_vm_params params;	/* with defaults applied */
	m3_u32 nr_procs;		/* bound slots now */
	m3_u32 pad;
	struct m3_vm_stats stats;
};

struct m3_vm_info_args {
	m3_i32 vmid;
	m3_u32 pad;
	m3_u64 info;		/* struct m3_vm_info * */
};

/* m3_proc_info.state bits */
#define M3_ST_SENDING		0x1	/* blocked in send to sendto */
#define M3_ST_RECEIVING		0x2	/* blocked in receive from getfrom */
#define M3_ST_SENDREC		0x4	/* the send is part of a sendrec */

/*
 * The one vocabulary of states, for /proc/m3ipc, m3adm and the man pages:
 * "running", "sending" (blocked in send), "sendrec" (a sendrec whose
 * request is not taken yet), "receiving", "replywait" (a sendrec waiting
 * for its reply).
 */
static inline const char *m3_state_name(m3_u32 st)
{
	if (st & M3_ST_SENDING)
		return st & M3_ST_SENDREC ? "sendrec" : "sending";
	if (st & M3_ST_RECEIVING)
		return st & M3_ST_SENDREC ? "replywait" : "receiving";
	return "running";
}

struct m3_proc_info {
	m3_i32 vmid;
	m3_i32 endpoint;
	/* pid: thread id in the caller's pid namespace; 0 (tgid 0, name "")
	 * for a member outside it
	 */
	m3_i32 pid;
	m3_i32 tgid;
	m3_i32 nodeid;
	m3_u32 state;		/* M3_ST_* */
	m3_i32 sendto;		/* M3_NONE unless SENDING */
	m3_i32 getfrom;		/* M3_NONE unless RECEIVING */
	char name[M3_NAME_LEN];	/* comm of the thread at bind */
	m3_u64 sends;
	m3_u64 receives;
	m3_u64 notifies;
	m3_u64 copies;
};

struct m3_proc_info_args {
	m3_i32 vmid;
	m3_i32 p_nr;		/* slot number; -ESRCH if the slot is free */
	m3_u64 info;		/* struct m3_proc_info * */
};

struct m3_whois_args {
	m3_i32 pid;		/* thread id; 0 means the caller */
	m3_i32 vmid;		/* out */
	m3_i32 endpoint;	/* out */
	m3_u32 pad;
};

/* ---- Across nodes ------------------------------------------------------------ */

/*
 * Slot ownership. Every node of a VM has all its slots; a slot is owned
 * by one node of the VM, and only a thread on that node can bind it: the
 * k-th node of the VM's set (ascending, from 0) owns the slots whose
 * number modulo the VM's node count is k. Elsewhere the slot stands for
 * the remote member. m3_slot_owner() is that rule (-1: bad arguments).
 */
static inline int m3_slot_owner(const m3_u64 *nodes, m3_u32 slot)
{
	int n, k, nr = 0;

	for (n = 0; n < M3_MAX_NODES; n++)
		nr += M3_NODE_ISSET(nodes, n);
	if (!nr)
		return -1;
	k = (int)(slot % (m3_u32)nr);
	for (n = 0; n < M3_MAX_NODES; n++)
		if (M3_NODE_ISSET(nodes, n) && k-- == 0)
			return n;
	return -1;
}

/*
 * The cluster key: 36 bytes, the key and salt of TIPC's gcm(aes) with a
 * 256-bit key. m3d gives TIPC the same bytes for its link encryption
 * ("tipc node set key"); the module derives its own handshake key from
 * them (docs/design.md, "Across nodes").
 */
#define M3_CLUSTER_KEY_LEN	36
#define M3_TIPC_SERVICE		0x4d334950	/* the modules' TIPC service type */

/* M3_IOC_CLUSTER_JOIN: start talking to the DRVS's other nodes. */
struct m3_cluster_args {
	m3_u32 key_len;		/* M3_CLUSTER_KEY_LEN */
	m3_u32 flags;		/* none defined: must be zero */
	m3_u8 key[M3_CLUSTER_KEY_LEN];
	m3_u32 reserved[3];
};

/* m3_node_info.state */
#define M3_NODE_DOWN		0	/* no authenticated module there */
#define M3_NODE_UP		1	/* its module answered the handshake */
#define M3_NODE_SELF		2	/* this node */

static inline const char *m3_node_state_name(m3_u32 st)
{
	return st == M3_NODE_SELF ? "self" : st == M3_NODE_UP ? "up" : "down";
}

struct m3_node_info {
	m3_u32 node;		/* in: node id */
	m3_u32 state;		/* M3_NODE_* */
	m3_u32 tipc_addr;	/* TIPC node address of its module, 0 unknown */
	m3_u32 rtt_us;		/* last handshake or probe round trip, 0 unknown */
	m3_u64 tx_frames;	/* frames sent to it */
	m3_u64 rx_frames;	/* frames accepted from it */
	m3_u64 rx_dropped;	/* frames from it refused (bad, stale, foreign) */
	m3_u64 tx_errors;	/* frames that could not be sent to it */
	m3_u32 ups;		/* times it came up */
	m3_u32 downs;		/* times it was lost */
	m3_u32 reserved[4];
};

/* ---- ioctl numbers -------------------------------------------------------------- */
#define M3_IOC_MAGIC		0xe3

#define M3_IOC_DRVS_INIT	_IOW(M3_IOC_MAGIC, 0x01, struct m3_drvs_init_args)
#define M3_IOC_DRVS_END		_IO(M3_IOC_MAGIC, 0x02)
#define M3_IOC_VM_INIT		_IOWR(M3_IOC_MAGIC, 0x03, struct m3_vm_params)
#define M3_IOC_VM_END		_IO(M3_IOC_MAGIC, 0x04)	/* arg: vmid */
#define M3_IOC_BIND		_IOW(M3_IOC_MAGIC, 0x05, struct m3_bind_args)
#define M3_IOC_UNBIND		_IO(M3_IOC_MAGIC, 0x06)
#define M3_IOC_CLUSTER_JOIN	_IOW(M3_IOC_MAGIC, 0x07, struct m3_cluster_args)
#define M3_IOC_CLUSTER_LEAVE	_IO(M3_IOC_MAGIC, 0x08)
#define M3_IOC_SEND		_IOW(M3_IOC_MAGIC, 0x10, struct m3_ipc_args)
#define M3_IOC_RECEIVE		_IOW(M3_IOC_MAGIC, 0x11, struct m3_ipc_args)
#define M3_IOC_SENDREC		_IOW(M3_IOC_MAGIC, 0x12, struct m3_ipc_args)
#define M3_IOC_NOTIFY		_IO(M3_IOC_MAGIC, 0x13)	/* arg: endpoint */
#define M3_IOC_REPLYREC		_IOW(M3_IOC_MAGIC, 0x14, struct m3_ipc_args)
#define M3_IOC_VCOPY		_IOW(M3_IOC_MAGIC, 0x18, struct m3_vcopy_args)
#define M3_IOC_DRVS_INFO	_IOR(M3_IOC_MAGIC, 0x20, struct m3_drvs_info)
#define M3_IOC_VM_INFO		_IOW(M3_IOC_MAGIC, 0x21, struct m3_vm_info_args)
#define M3_IOC_PROC_INFO	_IOW(M3_IOC_MAGIC, 0x22, struct m3_proc_info_args)
#define M3_IOC_WHOIS		_IOWR(M3_IOC_MAGIC, 0x23, struct m3_whois_args)
#define M3_IOC_NODE_INFO	_IOWR(M3_IOC_MAGIC, 0x24, struct m3_node_info)

#endif /* M3IPC_UAPI_H */
