/* SPDX-License-Identifier: GPL-2.0 */
/* m3x: TIPC's Ethernet frames, captured and sent again (m3x_capture.c). */
#ifndef M3X_CAPTURE_H
#define M3X_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#define M3X_CAP_LINKS	4		/* interfaces at the most */
#define M3X_CAP_MAX	(64 << 10)	/* bytes of a frame at the most */

/* A frame in a capture file: this header, then its @len bytes. */
struct m3x_cap_rec {
	uint16_t link;		/* the interface's place in the list given */
	uint8_t out;		/* sent by this node (else received) */
	uint8_t pad;
	uint32_t len;
};

int m3x_packet_socket(const char *ifname);
int m3x_is_tipc(const unsigned char *f, size_t len);
int m3x_is_encrypted(const unsigned char *f);
int m3x_capture(int argc, char **argv);
int m3x_replay(int argc, char **argv);

#endif
