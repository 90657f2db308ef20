// SPDX-License-Identifier: GPL-2.0
/*
 * m3bench: COPY1 and COPY2 against process_vm_writev, a pipe, a UNIX
 * stream socket and an in-process memcpy.
 *
 * The measuring process C is bound to the VM and moves a block of N bytes
 * from its buffer to another process's buffer, over and over:
 *   COPY1   mnx_vcopy(SELF, src, D, dst, N); D is blocked in receive(C),
 *           which is its consent (the Minix server pattern).
 *   COPY2   mnx_vcopy(A, src, B, dst, N) between two other processes, both
 *           blocked in receive(C).
 *   pvw     process_vm_writev() into D (the same process and buffer).
 *   pipe    C writes N bytes to a pipe (1 MiB of pipe buffer); a reader
 *           reads them into its buffer; a batch ends when the reader
 *           acknowledges its last block (one byte on a second pipe).
 *   unix    the same over a UNIX stream socket pair (default buffers).
 *   memcpy  memcpy() inside C: the upper bound of one copy.
 *   pvr+pvw-3rd  what a third process does on Linux without M3 to copy
 *           between two others (COPY2's job): process_vm_readv() from A
 *           into its own buffer, then process_vm_writev() into B.
 * The repetitions of every (alignment, size) cell are interleaved across
 * the mechanisms. Buffers are page-aligned mappings without THP, faulted
 * in before measuring.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "bench.h"

#define MAX_BLOCK	(4L << 20)
#define BUF_SIZE	(MAX_BLOCK + 4 * 4096)
#define NSIZES		6
#define NALIGN		3
#define NMECH		7

static const long sizes[NSIZES] = {
	4096, 16384, 65536, 262144, 1048576, 4194304,
};

static const struct {
	const char *name;
	long soff, doff;
} aligns[NALIGN] = {
	{ "aligned", 0, 0 },
	{ "unaligned", 1, 1 },		/* same offset in the page, not 0 */
	{ "shifted", 1, 2051 },		/* src_off != dst_off */
};

enum { M_COPY1, M_COPY2, M_PVW, M_PIPE, M_UNIX, M_MEMCPY, M_PVRW };
static const char *const mech_names[NMECH] = {
	"m3-copy1", "m3-copy2", "process_vm_writev", "pipe", "unix-stream",
	"memcpy", "pvr+pvw-3rd",
};

struct hdr {
	long k, n, off;
};

struct copy_shared {
	volatile int ep[3];	/* D, A, B endpoints (0: not yet) */
	volatile pid_t pid[3];
};

static struct copy_shared *csh;
static char *src, *lbuf, *rbuf;	/* rbuf: the same address in every helper */
static int self_ep;
static int pipe_data[2], pipe_ctl[2], pipe_ack[2];
static int sock_data[2], sock_ctl[2], sock_ack[2];

struct copy_run {
	int mech;
	long n, soff, doff;
};

static char *buf_alloc(void)
{
	char *p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	/*
	 * No transparent huge pages (Debian's kernel has THP "always"): with
	 * them, khugepaged collapsing the helpers' buffers in the background
	 * made some cells bimodal (docs/performance.md). m3bench -H keeps the
	 * kernel's default.
	 */
	if (!opt_thp)
		madvise(p, BUF_SIZE, MADV_NOHUGEPAGE);
	memset(p, 0, BUF_SIZE);	/* fault in, before any fork */
	return p;
}

/* D, A, B: bound, buffer faulted in, blocked in receive(C) until C says. */
static int m3_helper(void *arg)
{
	int idx = (int)(long)arg;
	message m;
	int ep, ret;

	memset(rbuf, idx, BUF_SIZE);
	ep = mnx_bind(opt_vmid, -1);
	if (ep < 0)
		return ep;
	csh->pid[idx] = getpid();
	csh->ep[idx] = ep;
	ret = mnx_receive(self_ep, &m);
	mnx_unbind();
	return ret;
}

/* Pipe and socket readers: fds[0] data, [1] control, [2] acknowledgement. */
static int stream_reader(void *arg)
{
	int *fds = arg;
	struct hdr h;
	char ack = 1;
	int ret;

	memset(rbuf, 7, BUF_SIZE);
	for (;;) {
		ret = readn(fds[1], &h, sizeof(h));
		if (ret || !h.k)
			return ret;
		for (long i = 0; i < h.k && !ret; i++)
			ret = readn(fds[0], rbuf + h.off, h.n);
		if (ret || write(fds[2], &ack, 1) != 1)
			return ret ?: -errno;
	}
}

static int stream_batch(int data, int ctl, int ack_fd, const struct copy_run *r,
			long k)
{
	struct hdr h = { k, r->n, r->doff };
	char ack;
	int ret;

	ret = writen(ctl, &h, sizeof(h));
	for (long i = 0; i < k && !ret; i++)
		ret = writen(data, src + r->soff, r->n);
	if (!ret && read(ack_fd, &ack, 1) != 1)
		ret = -EPIPE;
	return ret;
}

static int copy_batch(void *arg, long k)
{
	const struct copy_run *r = arg;
	struct iovec l = { src + r->soff, r->n }, rv = { rbuf + r->doff, r->n };
	int ret = 0;

	switch (r->mech) {
	case M_COPY1:
		for (long i = 0; i < k && !ret; i++)
			ret = mnx_vcopy(SELF, src + r->soff, csh->ep[0],
					rbuf + r->doff, r->n);
		return ret;
	case M_COPY2:
		for (long i = 0; i < k && !ret; i++)
			ret = mnx_vcopy(csh->ep[1], rbuf + r->soff, csh->ep[2],
					rbuf + r->doff, r->n);
		return ret;
	case M_PVW:
		for (long i = 0; i < k; i++)
			if (process_vm_writev(csh->pid[0], &l, 1, &rv, 1, 0) != r->n)
				return -errno;
		return 0;
	case M_PIPE:
		return stream_batch(pipe_data[1], pipe_ctl[1], pipe_ack[0], r, k);
	case M_UNIX:
		return stream_batch(sock_data[0], sock_ctl[1], sock_ack[0], r, k);
	case M_PVRW: {
		struct iovec ra = { rbuf + r->soff, r->n };

		l.iov_base = lbuf + r->soff;
		for (long i = 0; i < k; i++)
			if (process_vm_readv(csh->pid[1], &l, 1, &ra, 1, 0) != r->n ||
			    process_vm_writev(csh->pid[2], &l, 1, &rv, 1, 0) != r->n)
				return -errno;
		return 0;
	}
	case M_MEMCPY:
		for (long i = 0; i < k; i++) {
			memcpy(lbuf + r->doff, src + r->soff, r->n);
			__asm__ volatile("" : : "r"(lbuf) : "memory");
		}
		return 0;
	}
	return -EINVAL;
}

/* Is the helper with endpoint @ep blocked in receive from us? */
static int consenting(int ep)
{
	struct m3_proc_info pi;

	if (mnx_proc_info(opt_vmid, m3_ep_slot(ep), &pi))
		return 0;
	return (pi.state & M3_ST_RECEIVING) && pi.getfrom == self_ep;
}

void bench_copy(void)
{
	static struct cell cells[NALIGN][NSIZES][NMECH];
	int pfds[3], sfds[3], i, a, s, m, rep, ret, psz = 1 << 20;
	pid_t helpers[5];
	struct stat3 st;

	csh = shm_alloc(sizeof(*csh));
	src = buf_alloc();
	lbuf = buf_alloc();
	rbuf = buf_alloc();
	memset(src, 0x5a, BUF_SIZE);
	memset(lbuf, 0, BUF_SIZE);
	self_ep = mnx_bind(opt_vmid, -1);
	if (self_ep < 0)
		die("copy: bind: %s", m3_strerror(self_ep));
	if (pipe2(pipe_data, O_CLOEXEC) || pipe2(pipe_ctl, O_CLOEXEC) ||
	    pipe2(pipe_ack, O_CLOEXEC) || pipe2(sock_ctl, O_CLOEXEC) ||
	    pipe2(sock_ack, O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock_data))
		die("copy: pipes: %s", strerror(errno));
	if (fcntl(pipe_data[1], F_SETPIPE_SZ, psz) < 0)
		note("copy: F_SETPIPE_SZ: %s", strerror(errno));
	note("copy: pipe buffer %d bytes", fcntl(pipe_data[1], F_GETPIPE_SZ));
	pfds[0] = pipe_data[0]; pfds[1] = pipe_ctl[0]; pfds[2] = pipe_ack[1];
	sfds[0] = sock_data[1]; sfds[1] = sock_ctl[0]; sfds[2] = sock_ack[1];
	for (i = 0; i < 3; i++)
		helpers[i] = spawn(m3_helper, (void *)(long)i);
	helpers[3] = spawn(stream_reader, pfds);
	helpers[4] = spawn(stream_reader, sfds);
	for (i = 0; i < 3; i++) {
		while (!csh->ep[i] || !consenting(csh->ep[i]))
			usleep(1000);
	}

	for (a = 0; a < NALIGN; a++)
		for (s = 0; s < NSIZES; s++)
			for (rep = 0; rep < opt_reps; rep++)
				for (m = 0; m < NMECH; m++) {
					struct copy_run r = {
						m, sizes[s], aligns[a].soff,
						aligns[a].doff,
					};
					struct cell *c = &cells[a][s][m];
					long it = c->iters;
					double rate;

					if (c->iters < 0)
						continue;	/* failed */
					ret = measure1(copy_batch, &r,
						       opt_copy_secs, &it, &rate);
					if (ret) {
						note("copy: %s %s %ld: %s",
						     mech_names[m], aligns[a].name,
						     sizes[s], m3_strerror(ret));
						c->iters = -1;
						continue;
					}
					cell_add(c, rate * sizes[s] / (1 << 20), it);
				}

	for (a = 0; a < NALIGN; a++)
		for (s = 0; s < NSIZES; s++)
			for (m = 0; m < NMECH; m++) {
				if (cell_stat(&cells[a][s][m], &st) == 0)
					result("copy", aligns[a].name, mech_names[m],
					       "", sizes[s], &st, "MiB/s");
				else
					result_na("copy", aligns[a].name,
						  mech_names[m], "", sizes[s],
						  "failed");
			}

	/* Stop the helpers. */
	for (i = 0; i < 3; i++) {
		message msg = { .m_type = QUIT_TYPE };

		mnx_send(csh->ep[i], &msg);
	}
	{
		struct hdr h = { 0, 0, 0 };

		if (writen(pipe_ctl[1], &h, sizeof(h)) ||
		    writen(sock_ctl[1], &h, sizeof(h)))
			note("copy: stopping readers failed");
	}
	for (i = 0; i < 5; i++)
		join(helpers[i]);
	mnx_unbind();
	close(pipe_data[0]); close(pipe_data[1]);
	close(pipe_ctl[0]); close(pipe_ctl[1]);
	close(pipe_ack[0]); close(pipe_ack[1]);
	close(sock_ctl[0]); close(sock_ctl[1]);
	close(sock_ack[0]); close(sock_ack[1]);
	close(sock_data[0]); close(sock_data[1]);
	munmap(src, BUF_SIZE);
	munmap(lbuf, BUF_SIZE);
	munmap(rbuf, BUF_SIZE);
	shm_free(csh, sizeof(*csh));
}
