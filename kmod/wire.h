/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M3-IPC: the wire format between the modules of a DRVS, in one place.
 *
 * Every frame is one TIPC datagram from one module's socket to another's:
 * a fixed header, then for the frames that carry one a 64-byte message.
 * Fields are little-endian and fixed-width; the message travels as its 64
 * bytes (m_source is rewritten by the receiving module, which stamps the
 * sender it has authenticated). TIPC gives order and reliability per pair
 * of sockets; the version field lets a module refuse a frame it does not
 * understand.
 *
 * Frames
 *   CHAL	a challenge: prove you hold the cluster key (nonce)
 *   RESP	the answer: nonce echoed, the responder's incarnation (random
 *		at each DRVS init), HMAC-SHA256 over these, the responder's
 *		node and port and the challenger's port; and the responder's
 *		own challenge (chal)
 *   CONFIRM	the challenger's answer to that: each side has then proved
 *		itself to the other before anything else is sent
 *   BIND	@src_ep of @vmid is bound on the sender's node (@name its comm)
 *   UNBIND	@src_ep is gone
 *   FLOOR	the sender has seen generations up to @dst_ep's of that slot
 *		of ours: bind it above them (after this node came back)
 *   SEND	@src_ep sends @msg to @dst_ep; flags: sendrec, nonblock; @seq
 *		names the call in the answer
 *   DONE	the call @seq of @dst_ep ended with @result (a reply in @msg)
 *   CANCEL	@src_ep gives up its call @seq (@result: -EINTR, -ETIMEDOUT)
 *   NOTIFY	@src_ep notifies @dst_ep
 *   SYNC	announce your members of @vmid; with M3_WF_NEWVM, the sender
 *		created it anew: tell it the generations seen (FLOOR) too
 *   VREAD	vcopy: @src_ep asks for @total bytes of party @dst_ep at @addr
 *   VDATA	bytes of a VREAD, at @offset of the copy
 *   VWRITE	vcopy: bytes for party @dst_ep at @addr, @offset of @total;
 *		the caller's node sends at most M3_WIRE_WINDOW chunks beyond
 *		the last @offset acknowledged (VACK)
 *   VDONE	the copy @seq of @dst_ep ended with @result
 *   VACK	the party's node has written @offset bytes of VWRITE copy @seq
 */
#ifndef M3_WIRE_H
#define M3_WIRE_H

#include <linux/tipc.h>
#include <linux/types.h>

#include "uapi/m3ipc.h"

#define M3_WIRE_MAGIC		0x334d	/* "M3" */
#define M3_WIRE_VERSION		2	/* 2: VWRITE has a window (VACK) */
#define M3_WIRE_NONCE		16
#define M3_WIRE_MAC		32	/* HMAC-SHA256 */
#define M3_WIRE_CHUNK		(64 << 10)	/* vcopy bytes per frame */
#define M3_WIRE_WINDOW		4	/* VWRITE chunks not yet acknowledged */
#define M3_WIRE_MAX		TIPC_MAX_USER_MSG_SIZE

enum m3_wire_type {
	M3_W_CHAL = 1,
	M3_W_RESP,
	M3_W_BIND,
	M3_W_UNBIND,
	M3_W_FLOOR,
	M3_W_SEND,
	M3_W_DONE,
	M3_W_CANCEL,
	M3_W_NOTIFY,
	M3_W_SYNC,
	M3_W_VREAD,
	M3_W_VDATA,
	M3_W_VWRITE,
	M3_W_VDONE,
	M3_W_CONFIRM,
	M3_W_VACK,
	M3_W_NR_TYPES
};

/* SEND flags */
#define M3_WF_SENDREC		0x1
#define M3_WF_NONBLOCK		0x2
/* SYNC flags */
#define M3_WF_NEWVM		0x1

/* DONE: the request of a sendrec was taken; it waits for the reply. */
#define M3_W_PARKED		1

struct m3_wire_hdr {
	__le16 magic;
	u8 version;
	u8 type;
	__le16 node;		/* the sender's node id */
	__le16 vmid;
	__le32 seq;
	__le32 flags;
	__le32 src_ep;
	__le32 dst_ep;
	__le32 result;
	__le32 pad;
};

struct m3_wire_msg {
	struct m3_wire_hdr h;
	struct m3_message msg;
};

struct m3_wire_bind {
	struct m3_wire_hdr h;
	char name[M3_NAME_LEN];
};

struct m3_wire_auth {
	struct m3_wire_hdr h;
	u8 nonce[M3_WIRE_NONCE];
	u8 incarnation[M3_WIRE_NONCE];	/* RESP, CONFIRM */
	u8 mac[M3_WIRE_MAC];		/* RESP, CONFIRM */
	u8 chal[M3_WIRE_NONCE];		/* RESP */
};

struct m3_wire_copy {
	struct m3_wire_hdr h;	/* src_ep: the caller; dst_ep: the party */
	__le64 addr;		/* the party's address of these bytes */
	__le32 offset;		/* of these bytes in the copy; VACK: bytes done */
	__le32 count;		/* bytes here (VDATA, VWRITE) */
	__le32 total;		/* bytes of the whole copy */
	__le32 pad;
	u8 data[];
};

/* The largest fixed-size frame. */
union m3_wire_frame {
	struct m3_wire_hdr h;
	struct m3_wire_msg m;
	struct m3_wire_bind b;
	struct m3_wire_auth a;
};

static inline size_t m3_wire_len(unsigned int type)
{
	switch (type) {
	case M3_W_CHAL:
	case M3_W_RESP:
	case M3_W_CONFIRM:
		return sizeof(struct m3_wire_auth);
	case M3_W_BIND:
		return sizeof(struct m3_wire_bind);
	case M3_W_SEND:
	case M3_W_DONE:
		return sizeof(struct m3_wire_msg);
	case M3_W_VREAD:
	case M3_W_VDATA:
	case M3_W_VWRITE:
	case M3_W_VDONE:
	case M3_W_VACK:
		return sizeof(struct m3_wire_copy);
	}
	return sizeof(struct m3_wire_hdr);
}

/* Does a frame of @type carry @count bytes after its fixed part? */
static inline bool m3_wire_has_data(unsigned int type)
{
	return type == M3_W_VDATA || type == M3_W_VWRITE;
}

#endif /* M3_WIRE_H */
