/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client and server of the 32/64-bit tests (compat_proto.c).
 *
 * The client sends a request in every Minix layout, then asks the server
 * to copy 65537 bytes out of its memory and their inverse back (the
 * server's vcopy, with the client's consent), then to notify it, then to
 * quit. The server checks every request and answers in the same layout.
 * Both return 0, or -1 with the reason in cm_why.
 */
#ifndef M3T_COMPAT_PROTO_H
#define M3T_COMPAT_PROTO_H

#include "compat_msg.h"

#define CM_COPY_MAX	(1 << 17)	/* buffers are at least this + 64 */

extern char cm_why[160];

int cm_client(int srv, unsigned char *buf);
/* Serve requests from endpoint @client until CM_QUIT. */
int cm_server(int client, unsigned char *buf);

#endif /* M3T_COMPAT_PROTO_H */
