// SPDX-License-Identifier: GPL-2.0
/*
 * m3x stall ROLE ...: a vcopy across nodes whose party's memory never
 * comes, to show that it stalls that copy alone.
 *   party SLOT CALLER SIZE   bind SLOT; SIZE bytes of fresh anonymous
 *                            memory registered with userfaultfd for its
 *                            missing pages, a fault nobody resolves: any
 *                            access waits until this process dies (kernel
 *                            accesses too: no UFFD_USER_MODE_ONLY, which
 *                            root may leave out); sendrec CALLER their
 *                            address (so we consent), then wait to be
 *                            killed (a SIGPIPE, the VM's end, is caught:
 *                            the fault stays stuck through it)
 *   caller SLOT read|write PARTY SIZE RESULT
 *                            bind SLOT; take PARTY's request, say
 *                            "copying", read its memory into ours or write
 *                            ours into it; the copy must end with RESULT
 *                            (an error name, or OK); says how long it took
 */
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "m3x.h"

/*
 * @n bytes (a whole number of pages) whose pages, all missing, wait on a
 * userfaultfd that nobody reads: NULL on failure. The descriptor stays
 * open until the process ends, and with it the fault.
 */
static void *m3x_never_region(size_t n)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	void *p;

	if (fd < 0 || ioctl(fd, UFFDIO_API, &api)) {
		m3x_fail("userfaultfd: %m");
		return NULL;
	}
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		m3x_fail("mmap %zu bytes: %m", n);
		return NULL;
	}
	reg.range.start = (uintptr_t)p;
	reg.range.len = n;
	if (ioctl(fd, UFFDIO_REGISTER, &reg)) {
		m3x_fail("UFFDIO_REGISTER: %m");
		return NULL;
	}
	return p;
}

static int m3x_stall_party(char **argv)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t n = (size_t)atol(argv[2]);
	int ep, caller = m3x_ep(argv[1]), ret;
	unsigned char *b;
	message m;

	m3x_catch_sigpipe();
	ep = m3x_bind(m3x_int(argv[0]));
	/* One page more: the copy starts at an odd address. */
	b = ep < 0 ? NULL : m3x_never_region((n / page + 2) * page);
	if (!b || m3x_wait_bound(caller, 20))
		return 1;
	memset(&m, 0, sizeof(m));
	m3x_stamp(&m, ep);
	m.m1_p1 = (uintptr_t)(b + 1);
	m.m1_i1 = (int)n;
	printf("party %d: %zu bytes at %p, never resolved\n", ep, n,
	       (void *)(b + 1));
	ret = mnx_sendrec(caller, &m);
	printf("party %d: sendrec: %s; waits to be killed\n", ep,
	       m3_errname(ret));
	for (;;)
		pause();
}

static int m3x_stall_caller(char **argv)
{
	int write = !strcmp(argv[1], "write"), party = m3x_ep(argv[2]);
	size_t n = (size_t)atol(argv[3]);
	int self = m3x_bind(m3x_int(argv[0])), ret;
	unsigned char *b = malloc(n);
	long long t0;
	uint64_t at;
	message m;

	if (self < 0 || !b || m3x_wait_bound(party, 20))
		return 1;
	memset(b, 0x3c, n);
	ret = mnx_receive(party, &m);
	if (ret < 0)
		return m3x_fail("receive from %d: %s", party, m3_errname(ret));
	at = m.m1_p1;
	printf("copying %zu bytes %s party %d\n", n, write ? "into" : "from",
	       party);
	t0 = m3x_now_ms();
	ret = write ? mnx_vircopy(M3_SELF, (uintptr_t)b, party, at, n) :
		      mnx_vircopy(party, at, M3_SELF, (uintptr_t)b, n);
	printf("vcopy %s party %d: %s after %lld ms\n", write ? "into" : "from",
	       party, m3_errname(ret), m3x_now_ms() - t0);
	if (strcmp(m3_errname(ret), argv[4]))
		return m3x_fail("expected %s", argv[4]);
	return 0;
}

int m3x_stall(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[0], "party"))
		return m3x_stall_party(argv + 1);
	if (argc == 6 && !strcmp(argv[0], "caller") &&
	    (!strcmp(argv[2], "read") || !strcmp(argv[2], "write")))
		return m3x_stall_caller(argv + 1);
	return 2;
}
