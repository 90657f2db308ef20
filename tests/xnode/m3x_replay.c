// SPDX-License-Identifier: GPL-2.0
/*
 * m3x replay FILE SECS IFACE...: the frames of a capture (m3x_capture.c),
 * sent again in rounds for SECS, three ways each round:
 *   same   what this node sent, again as it was, on the same link: the
 *          peer gets each a second time
 *   back   what a peer sent, back to that peer (its own MAC as the
 *          destination, ours as the source): the originating node gets
 *          its own frames
 *   cross  every frame on each of our other links, to the node at its
 *          end: a node gets the frames of a link it is not on
 * A peer's MAC is the source of what came from it in the capture. Prints
 * how many frames went each way (encrypted, clear) and how many the
 * kernel refused to send.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>

#include "m3x.h"
#include "m3x_capture.h"

enum { M3X_RP_SAME, M3X_RP_BACK, M3X_RP_CROSS, M3X_RP_MODES };

static const char *const m3x_rp_names[M3X_RP_MODES] = { "same", "back", "cross" };

struct m3x_link {
	int fd;
	int has_peer;
	unsigned char mac[ETH_ALEN], peer[ETH_ALEN];
};

struct m3x_replay {
	int nr_links;
	struct m3x_link links[M3X_CAP_LINKS];
	size_t nr;
	struct m3x_cap_rec *recs;
	unsigned char **frames;
	long sent[M3X_RP_MODES][2], errors;
	unsigned char scratch[M3X_CAP_MAX];
};

static int m3x_link_open(struct m3x_link *l, const char *ifname)
{
	struct ifreq r = { 0 };

	l->fd = m3x_packet_socket(ifname);
	if (l->fd < 0)
		return 1;
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", ifname);
	if (ioctl(l->fd, SIOCGIFHWADDR, &r) < 0)
		return m3x_fail("%s: its MAC: %m", ifname);
	memcpy(l->mac, r.ifr_hwaddr.sa_data, ETH_ALEN);
	return 0;
}

/* The records of @path, and each peer's MAC: 0, or 1. */
static int m3x_replay_load(struct m3x_replay *rp, const char *path)
{
	struct m3x_cap_rec r;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return m3x_fail("%s: %m", path);
	while (fread(&r, sizeof(r), 1, f) == 1 && r.len <= M3X_CAP_MAX &&
	       r.link < rp->nr_links) {
		if (rp->nr == cap) {
			cap = cap ? 2 * cap : 1024;
			rp->recs = realloc(rp->recs, cap * sizeof(*rp->recs));
			rp->frames = realloc(rp->frames, cap * sizeof(*rp->frames));
		}
		rp->frames[rp->nr] = malloc(r.len);
		if (!rp->recs || !rp->frames || !rp->frames[rp->nr] ||
		    fread(rp->frames[rp->nr], r.len, 1, f) != 1)
			break;
		if (!r.out && !rp->links[r.link].has_peer) {
			memcpy(rp->links[r.link].peer, rp->frames[rp->nr] + ETH_ALEN,
			       ETH_ALEN);
			rp->links[r.link].has_peer = 1;
		}
		rp->recs[rp->nr++] = r;
	}
	fclose(f);
	printf("replay: %zu frames captured\n", rp->nr);
	return rp->nr ? 0 : m3x_fail("%s: no frames", path);
}

/* Frame @k on link @l, to @dst (NULL: as it was). */
static void m3x_replay_send(struct m3x_replay *rp, size_t k, int l,
			    const unsigned char *dst, int mode)
{
	struct m3x_link *link = &rp->links[l];
	unsigned char *f = rp->scratch;
	size_t len = rp->recs[k].len;

	memcpy(f, rp->frames[k], len);
	if (dst) {
		memcpy(f, dst, ETH_ALEN);
		memcpy(f + ETH_ALEN, link->mac, ETH_ALEN);
	}
	if (send(link->fd, f, len, 0) < 0)
		rp->errors++;
	else
		rp->sent[mode][m3x_is_encrypted(f)]++;
}

/* A round of every frame, cut short at @end (ms). */
static void m3x_replay_round(struct m3x_replay *rp, long long end)
{
	size_t k;
	int l, at;

	for (k = 0; k < rp->nr && m3x_now_ms() < end; k++) {
		at = rp->recs[k].link;
		if (rp->recs[k].out)
			m3x_replay_send(rp, k, at, NULL, M3X_RP_SAME);
		else
			m3x_replay_send(rp, k, at, rp->frames[k] + ETH_ALEN,
					M3X_RP_BACK);
		for (l = 0; l < rp->nr_links; l++)
			if (l != at && rp->links[l].has_peer)
				m3x_replay_send(rp, k, l, rp->links[l].peer,
						M3X_RP_CROSS);
		if (k % 32 == 31)
			m3x_sleep_ms(1);
	}
}

int m3x_replay(int argc, char **argv)
{
	static struct m3x_replay rp;
	long long t0 = m3x_now_ms(), end;
	int k, rounds = 0;

	rp.nr_links = argc - 2;
	if (rp.nr_links < 1 || rp.nr_links > M3X_CAP_LINKS)
		return 2;
	for (k = 0; k < rp.nr_links; k++)
		if (m3x_link_open(&rp.links[k], argv[2 + k]))
			return 1;
	if (m3x_replay_load(&rp, argv[0]))
		return 1;
	end = t0 + 1000LL * m3x_int(argv[1]);
	while (m3x_now_ms() < end) {
		m3x_replay_round(&rp, end);
		rounds++;
		m3x_sleep_ms(200);
	}
	printf("replay: %d rounds in %lld ms;", rounds, m3x_now_ms() - t0);
	for (k = 0; k < M3X_RP_MODES; k++)
		printf(" %s %ld (encrypted %ld)", m3x_rp_names[k],
		       rp.sent[k][0] + rp.sent[k][1], rp.sent[k][1]);
	printf("; refused %ld\n", rp.errors);
	return 0;
}
