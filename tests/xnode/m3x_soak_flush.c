// SPDX-License-Identifier: GPL-2.0
/*
 * m3x soak: the orchestrator's side of the members' rings. Records go to
 * the log file in the order each member wrote them (members interleave);
 * a killed member's ring is emptied after its death, then marked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "m3x_soak.h"

static int xs_fd = -1;
static struct xs_rec xs_out_buf[XS_RING];

int xs_flush_open(const char *path)
{
	xs_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (xs_fd < 0)
		return m3x_fail("%s: %m", path);
	return 0;
}

static void xs_write(const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n) {
		w = write(xs_fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			m3x_fail("soak log: %m");
			return;
		}
		c += w;
		n -= (size_t)w;
	}
}

/* What member @member wrote since the last flush, to the file. */
void xs_flush(int member)
{
	struct xs_ring *g = &xs->ring[member];
	uint64_t h = __atomic_load_n(&g->head, __ATOMIC_ACQUIRE);
	uint64_t t = g->tail;
	size_t n = 0;

	for (; t < h; t++)
		xs_out_buf[n++] = g->rec[t % XS_RING];
	if (n)
		xs_write(xs_out_buf, n * sizeof(xs_out_buf[0]));
	__atomic_store_n(&g->tail, t, __ATOMIC_RELEASE);
}

void xs_flush_all(void)
{
	int m;

	for (m = 0; m < XS_MEMBERS; m++)
		xs_flush(m);
}

/* A record of the orchestrator's own about member @member. */
static void xs_flush_mark(int member, int type, uint32_t aux, uint32_t aux2)
{
	struct xs_rec r = { .type = (uint8_t)type, .self = xs->ep[member],
			    .peer = M3_NONE, .aux = aux, .aux2 = aux2 };

	r.t0 = r.t1 = xs_now();
	xs_write(&r, sizeof(r));
}

/*
 * Member @member's process is dead: its records, then the mark that it
 * ended there; and if it @died on its own (not killed by us), an anomaly
 * with its wait @status.
 */
void xs_flush_killed(int member, int died, int status)
{
	xs_flush(member);
	if (xs->ep[member] >= 0) {
		xs_flush_mark(member, XS_KILLED, 0, 0);
		if (died)
			xs_flush_mark(member, XS_ANOM, XS_A_DIED,
				      (uint32_t)status);
	}
	xs->ep[member] = -1;
	xs->ended[member] = 0;
}

/* Member @member left when told to: its last records. */
void xs_flush_left(int member)
{
	xs_flush(member);
	xs->ep[member] = -1;
}

/* Member @member did not end when told to (@what: its slot's state). */
void xs_flush_stuck(int member, uint32_t what)
{
	xs_flush(member);
	xs_flush_mark(member, XS_ANOM, XS_A_STUCK, what);
}
