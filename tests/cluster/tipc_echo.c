// SPDX-License-Identifier: GPL-2.0
/*
 * tipc_echo: a raw TIPC peer for the cluster tests (no m3ipc): an echo
 * service {ECHO_TYPE, INSTANCE} over RDM sockets, and a watch on that
 * service through TIPC's topology server.
 *   tipc_echo serve INSTANCE          publish the service (cluster scope)
 *                                     and echo every message, forever
 *   tipc_echo ping INSTANCE COUNT MS  send COUNT 64-byte messages to the
 *                                     service, one at a time, each to be
 *                                     echoed within MS ms; print the round
 *                                     trips (min, median, max in us)
 *   tipc_echo wait INSTANCE up|down MS
 *                                     wait (MS ms at most) until the
 *                                     service is published (up), or is
 *                                     published and then withdrawn (down,
 *                                     e.g. its node was lost); print each
 *                                     event as "published|withdrawn T", T
 *                                     in ms since boot (/proc/uptime's
 *                                     clock, CLOCK_BOOTTIME)
 * Exit status: 0 done, 1 failed (why on stderr), 2 usage.
 */
#include <errno.h>
#include <linux/tipc.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ECHO_TYPE 18888u
#define MSG_BYTES 64
#define MAX_COUNT 10000

static long long now_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int fail(const char *what)
{
	fprintf(stderr, "tipc_echo: %s: %s\n", what, strerror(errno));
	return 1;
}

static struct sockaddr_tipc service_addr(unsigned int instance)
{
	struct sockaddr_tipc a = {
		.family = AF_TIPC,
		.addrtype = TIPC_ADDR_NAME,
		.scope = TIPC_CLUSTER_SCOPE,
		.addr.name.name = { .type = ECHO_TYPE, .instance = instance },
	};

	return a;
}

static int serve(unsigned int instance)
{
	struct sockaddr_tipc a = service_addr(instance), from;
	socklen_t len;
	char buf[MSG_BYTES * 16];
	ssize_t n;
	int fd = socket(AF_TIPC, SOCK_RDM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return fail("serve: socket, bind");
	for (;;) {
		len = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (n < 0)
			return fail("serve: recvfrom");
		/* A sender whose node was lost meanwhile is no failure. */
		if (sendto(fd, buf, n, 0, (struct sockaddr *)&from, len) < 0 &&
		    errno != EHOSTUNREACH)
			return fail("serve: sendto");
	}
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* One round trip of message number SEQ; its time in *US. */
static int round_trip(int fd, const struct sockaddr_tipc *to, unsigned int seq,
		      int ms, long long *us)
{
	char msg[MSG_BYTES] = { 0 }, echo[MSG_BYTES];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long long t0 = now_us(CLOCK_MONOTONIC);

	snprintf(msg, sizeof(msg), "tipc_echo %u", seq);
	if (sendto(fd, msg, sizeof(msg), 0, (const struct sockaddr *)to, sizeof(*to)) < 0)
		return fail("ping: sendto");
	if (poll(&p, 1, ms) != 1) {
		fprintf(stderr, "tipc_echo: ping: no echo of message %u within %d ms\n", seq, ms);
		return 1;
	}
	if (recv(fd, echo, sizeof(echo), 0) != sizeof(echo))
		return fail("ping: recv");
	if (memcmp(msg, echo, sizeof(msg))) {
		fprintf(stderr, "tipc_echo: ping: message %u came back changed\n", seq);
		return 1;
	}
	*us = now_us(CLOCK_MONOTONIC) - t0;
	return 0;
}

static int ping(unsigned int instance, int count, int ms)
{
	struct sockaddr_tipc to = service_addr(instance);
	static long long us[MAX_COUNT];
	int fd = socket(AF_TIPC, SOCK_RDM, 0), i;

	if (fd < 0)
		return fail("ping: socket");
	for (i = 0; i < count; i++)
		if (round_trip(fd, &to, i, ms, &us[i]))
			return 1;
	qsort(us, count, sizeof(us[0]), cmp_ll);
	printf("ping %u: %d round trips, min %lld us, median %lld us, max %lld us\n",
	       instance, count, us[0], us[count / 2], us[count - 1]);
	return 0;
}

/* Subscribe to the echo service INSTANCE for MS ms; the socket, or -1. */
static int subscribe(unsigned int instance, int ms)
{
	struct sockaddr_tipc top = {
		.family = AF_TIPC,
		.addrtype = TIPC_ADDR_NAME,
		.addr.name.name = { .type = TIPC_TOP_SRV, .instance = TIPC_TOP_SRV },
	};
	struct tipc_subscr sub = {
		.seq = { .type = ECHO_TYPE, .lower = instance, .upper = instance },
		.timeout = ms,
		.filter = TIPC_SUB_SERVICE,
	};
	int fd = socket(AF_TIPC, SOCK_SEQPACKET, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&top, sizeof(top)) < 0 ||
	    send(fd, &sub, sizeof(sub), 0) != sizeof(sub)) {
		fail("wait: the topology server");
		return -1;
	}
	return fd;
}

static int wait_for(unsigned int instance, int down, int ms)
{
	struct tipc_event ev;
	int fd = subscribe(instance, ms), published = 0;

	if (fd < 0)
		return 1;
	while (recv(fd, &ev, sizeof(ev), 0) == sizeof(ev) &&
	       ev.event != TIPC_SUBSCR_TIMEOUT) {
		published = ev.event == TIPC_PUBLISHED;
		printf("%s %lld\n", published ? "published" : "withdrawn",
		       now_us(CLOCK_BOOTTIME) / 1000);
		fflush(stdout);
		if (published != down)
			return 0;
	}
	fprintf(stderr, "tipc_echo: wait: service %u not %s within %d ms%s\n", instance,
		down ? "withdrawn" : "published", ms,
		down && !published ? " (it was not published to begin with)" : "");
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: tipc_echo serve INSTANCE\n"
		"       tipc_echo ping INSTANCE COUNT MS\n"
		"       tipc_echo wait INSTANCE up|down MS\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int instance;

	if (argc < 3)
		return usage();
	instance = strtoul(argv[2], NULL, 0);
	if (!strcmp(argv[1], "serve") && argc == 3)
		return serve(instance);
	if (!strcmp(argv[1], "ping") && argc == 5 && atoi(argv[3]) > 0 &&
	    atoi(argv[3]) <= MAX_COUNT)
		return ping(instance, atoi(argv[3]), atoi(argv[4]));
	if (!strcmp(argv[1], "wait") && argc == 5 &&
	    (!strcmp(argv[3], "up") || !strcmp(argv[3], "down")))
		return wait_for(instance, !strcmp(argv[3], "down"), atoi(argv[4]));
	return usage();
}
