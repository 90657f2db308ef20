// SPDX-License-Identifier: GPL-2.0
/*
 * pingpong: N round trips of one exchange between two processes, between
 * two marks that bench/prof/insnprof.so sees (`xchg %bx,%bx`), so that the
 * instructions of exactly those N round trips, kernel and user, both
 * processes, are counted per address. One vCPU, -icount: see profile.sh.
 *
 *   pingpong MODE N      MODE: sendrecv sendrec replyrec notify eventfd
 *                              getppid ioctl
 *
 * The M3 modes are the paper's tests as bench/mech.c runs them (IPC1
 * send+receive / receive+send, IPC2 sendrec against receive+send or
 * replyrec, IPC3 notify+receive / receive+notify); eventfd is the fastest
 * Linux peer (eventfd pair plus 64 bytes through shared memory each way);
 * getppid and ioctl are the kernel-entry floors (N calls).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <m3/m3.h>

#define MSG 64

enum mode { SENDRECV, SENDREC, REPLYREC, NOTIFY, EVENTFD, GETPPID, IOCTL };

static const char *const mode_names[] = {
	"sendrecv", "sendrec", "replyrec", "notify", "eventfd", "getppid",
	"ioctl",
};

struct shared {
	volatile int server_ep;
	char req[MSG] __attribute__((aligned(64)));
	char rep[MSG] __attribute__((aligned(64)));
};

static inline void mark(void)
{
	__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
}

static void die(const char *what, int err)
{
	fprintf(stderr, "pingpong: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static int vm_setup(void)
{
	struct m3_vm_params p = { .vmid = -1, .mode = 0666, .max_procs = 64 };
	struct m3_drvs_params d = { 0 };
	int ret;

	strcpy(p.name, "prof");
	ret = mnx_drvs_init(0, &d);
	if (ret < 0 && ret != -EEXIST)
		die("drvs_init", ret);
	ret = mnx_vm_init(&p);
	if (ret < 0)
		die("vm_init", ret);
	return ret;
}

static void m3_serve(enum mode mode, int vmid, struct shared *sh)
{
	message m;
	int ep = mnx_bind(vmid, -1), ret;

	if (ep < 0)
		die("bind", ep);
	sh->server_ep = ep;
	ret = mnx_receive(ANY, &m);
	while (!ret && m.m_type != 99) {
		if (mode == NOTIFY) {
			ret = mnx_notify(m.m_source) ?: mnx_receive(ANY, &m);
			continue;
		}
		m.m1_i1++;
		if (mode == REPLYREC)
			ret = mnx_replyrec(m.m_source, &m, ANY);
		else
			ret = mnx_send(m.m_source, &m) ?: mnx_receive(ANY, &m);
	}
	exit(ret ? 1 : 0);
}

static int m3_round_trip(enum mode mode, int srv, message *m)
{
	switch (mode) {
	case SENDRECV:
		return mnx_send(srv, m) ?: mnx_receive(srv, m);
	case NOTIFY:
		return mnx_notify(srv) ?: mnx_receive(srv, m);
	default:
		return mnx_sendrec(srv, m);
	}
}

static void m3_client(enum mode mode, int vmid, struct shared *sh, long n)
{
	message m = { .m_type = 1 };
	int ret, srv;
	long i;

	ret = mnx_bind(vmid, -1);
	if (ret < 0)
		die("bind", ret);
	while (!sh->server_ep)
		sched_yield();
	srv = sh->server_ep;
	for (i = 0; i < 1000; i++)		/* warm every path once */
		m3_round_trip(mode, srv, &m);
	mark();
	for (i = 0; i < n; i++)
		if ((ret = m3_round_trip(mode, srv, &m)))
			break;
	mark();
	if (ret)
		die("round trip", ret);
	m.m_type = 99;
	mnx_send(srv, &m);
}

static void efd_serve(int *fd, struct shared *sh)
{
	char buf[MSG];
	uint64_t v;

	for (;;) {
		if (read(fd[0], &v, sizeof(v)) != sizeof(v))
			exit(1);
		if (v > 1)
			exit(0);
		memcpy(buf, sh->req, MSG);
		buf[MSG - 1]++;
		memcpy(sh->rep, buf, MSG);
		v = 1;
		if (write(fd[1], &v, sizeof(v)) != sizeof(v))
			exit(1);
	}
}

static int efd_round_trip(int *fd, struct shared *sh, char *buf)
{
	uint64_t v = 1;

	memcpy(sh->req, buf, MSG);
	if (write(fd[0], &v, sizeof(v)) != sizeof(v) ||
	    read(fd[1], &v, sizeof(v)) != sizeof(v))
		return -errno;
	memcpy(buf, sh->rep, MSG);
	return 0;
}

static void efd_client(int *fd, struct shared *sh, long n)
{
	uint64_t quit = 2;
	char buf[MSG] = { 0 };
	long i;

	for (i = 0; i < 1000; i++)
		efd_round_trip(fd, sh, buf);
	mark();
	for (i = 0; i < n; i++)
		if (efd_round_trip(fd, sh, buf))
			die("eventfd", errno);
	mark();
	if (write(fd[0], &quit, sizeof(quit)) != sizeof(quit))
		die("eventfd quit", errno);
}

static void floor_calls(enum mode mode, long n)
{
	long i;

	mark();
	for (i = 0; i < n; i++)
		if (mode == GETPPID)
			syscall(SYS_getppid);
		else
			ioctl(0, 0x7fff, 0);
	mark();
}

int main(int argc, char **argv)
{
	int fd[2], vmid = -1, status;
	struct shared *sh;
	long n;
	enum mode mode;
	pid_t srv;

	if (argc != 3)
		goto usage;
	for (mode = 0; mode <= IOCTL; mode++)
		if (!strcmp(argv[1], mode_names[mode]))
			break;
	n = atol(argv[2]);
	if (mode > IOCTL || n <= 0)
		goto usage;
	if (mode >= GETPPID) {
		floor_calls(mode, n);
		return 0;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", errno);
	if (mode == EVENTFD) {
		fd[0] = eventfd(0, 0);
		fd[1] = eventfd(0, 0);
	} else {
		vmid = vm_setup();
	}
	srv = fork();
	if (srv == 0) {
		if (mode == EVENTFD)
			efd_serve(fd, sh);
		m3_serve(mode, vmid, sh);
	}
	if (mode == EVENTFD)
		efd_client(fd, sh, n);
	else
		m3_client(mode, vmid, sh, n);
	waitpid(srv, &status, 0);
	if (vmid >= 0)
		mnx_vm_end(vmid);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
usage:
	fprintf(stderr, "usage: pingpong sendrecv|sendrec|replyrec|notify|eventfd|getppid|ioctl N\n");
	return 2;
}
