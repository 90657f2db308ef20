// SPDX-License-Identifier: GPL-2.0
/*
 * m3x capture and m3x replay: a node's root taps the Ethernet frames of
 * its TIPC links (AF_PACKET, ethertype ETH_P_TIPC) while genuine calls
 * run, and later sends them again, as an attacker on the wire would.
 *   capture SECS FILE IFACE...   every TIPC frame that goes out of or
 *                                comes in on each IFACE for SECS, kept
 *                                in FILE (m3x_cap_rec records)
 *   replay FILE SECS IFACE...    the same IFACEs, in the same order;
 *                                rounds of them for SECS (m3x_replay.c)
 * A frame is "encrypted" when TIPC's header says so (the version field
 * of its first word is 7, TIPC_EVERSION), "clear" otherwise (neighbour
 * discovery, and a link's reset, go unencrypted).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "m3x.h"
#include "m3x_capture.h"

/* A raw socket on @ifname for every frame (ours too): fd, or -1. */
int m3x_packet_socket(const char *ifname)
{
	struct sockaddr_ll a = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = (int)if_nametoindex(ifname),
	};
	int fd;

	if (!a.sll_ifindex) {
		m3x_fail("no interface %s", ifname);
		return -1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		m3x_fail("AF_PACKET on %s: %m", ifname);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int m3x_is_tipc(const unsigned char *f, size_t len)
{
	return len > ETH_HLEN && f[12] == (ETH_P_TIPC >> 8) &&
	       f[13] == (ETH_P_TIPC & 0xff);
}

int m3x_is_encrypted(const unsigned char *f)
{
	return f[ETH_HLEN] >> 5 == 7;
}

/* Take one frame from @fd into @file: 1 if it was TIPC's. */
static int m3x_capture_one(int fd, int link, FILE *file,
			   long counts[][2][2])
{
	static unsigned char f[M3X_CAP_MAX];
	struct sockaddr_ll a;
	socklen_t alen = sizeof(a);
	struct m3x_cap_rec r = { .link = (uint16_t)link };
	ssize_t n = recvfrom(fd, f, sizeof(f), MSG_DONTWAIT,
			     (struct sockaddr *)&a, &alen);

	if (n <= 0 || !m3x_is_tipc(f, (size_t)n))
		return 0;
	r.out = a.sll_pkttype == PACKET_OUTGOING;
	r.len = (uint32_t)n;
	if (fwrite(&r, sizeof(r), 1, file) != 1 ||
	    fwrite(f, (size_t)n, 1, file) != 1)
		return 0;
	counts[link][r.out][m3x_is_encrypted(f)]++;
	return 1;
}

int m3x_capture(int argc, char **argv)
{
	struct pollfd pf[M3X_CAP_LINKS];
	long counts[M3X_CAP_LINKS][2][2] = { { { 0 } } };
	int nr = argc - 2, k;
	long long end;
	FILE *file;

	if (nr < 1 || nr > M3X_CAP_LINKS)
		return 2;
	for (k = 0; k < nr; k++) {
		pf[k].fd = m3x_packet_socket(argv[2 + k]);
		pf[k].events = POLLIN;
		if (pf[k].fd < 0)
			return 1;
	}
	file = fopen(argv[1], "w");
	if (!file)
		return m3x_fail("%s: %m", argv[1]);
	end = m3x_now_ms() + 1000LL * m3x_int(argv[0]);
	while (m3x_now_ms() < end)
		if (poll(pf, (nfds_t)nr, (int)(end - m3x_now_ms())) > 0)
			for (k = 0; k < nr; k++)
				while ((pf[k].revents & POLLIN) &&
				       m3x_capture_one(pf[k].fd, k, file, counts))
					;
	fclose(file);
	for (k = 0; k < nr; k++)
		printf("capture: %s: in %ld (encrypted %ld), out %ld (encrypted %ld)\n",
		       argv[2 + k], counts[k][0][0] + counts[k][0][1],
		       counts[k][0][1], counts[k][1][0] + counts[k][1][1],
		       counts[k][1][1]);
	return 0;
}
