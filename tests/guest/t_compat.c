// SPDX-License-Identifier: GPL-2.0
/*
 * 32- and 64-bit processes share one ABI: this x86-64 test talks to
 * m3peer32, an i386 program (beside it in the guest), through the module's
 * compat ioctl path. Messages in every Minix layout cross both ways field by
 * field, copies cross with 64-bit addresses, a VM created by a 32-bit admin
 * reads back the same from a 64-bit process, and errors keep their codes.
 */
#include <libgen.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "compat_proto.h"
#include "util.h"

static char peer_path[256];

static void __attribute__((constructor)) find_peer(void)
{
	char self[200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		n = 0;
	self[n] = 0;
	snprintf(peer_path, sizeof(peer_path), "%s/m3peer32", dirname(self));
}

/* Run m3peer32 with @mode and up to two integer arguments. */
static pid_t spawn_peer(const char *mode, long a, const char *b)
{
	char sa[24];
	pid_t pid;

	snprintf(sa, sizeof(sa), "%ld", a);
	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(peer_path, "m3peer32", mode, sa, b, (char *)NULL);
		fprintf(stderr, "#   exec %s: %s\n", peer_path, strerror(errno));
		_exit(127);
	}
	return pid;
}

static void num(char *s, size_t n, int v)
{
	snprintf(s, n, "%d", v);
}

/* Wait (up to 10 s) until thread @pid is bound; its endpoint. */
static int wait_bound(pid_t pid)
{
	int i, ep = -1;

	for (i = 0; i < 10000 && ep < 0; i++) {
		ep = mnx_getep(pid);
		if (ep < 0)
			m3t_msleep(1);
	}
	ASSERT_GE(ep, 0);
	return ep;
}

/* A buffer above 4 GiB, out of reach of any 32-bit pointer. */
static unsigned char *high_buffer(void)
{
	void *p = mmap((void *)(1ULL << 40), CM_COPY_MAX + 64,
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	ASSERT_NE(p, MAP_FAILED);
	ASSERT_GT((uintptr_t)p, UINT32_MAX);
	return p;
}

TEST(peer_is_32bit)
{
	unsigned char hdr[5];
	FILE *f = fopen(peer_path, "r");

	ASSERT_TRUE(f != NULL);
	ASSERT_EQ(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	ASSERT_MEMEQ(hdr, "\177ELF", 4);
	ASSERT_EQ(hdr[4], 1);	/* ELFCLASS32 */
}

/* This process plays one side (@self) with m3peer32 on the other (@peer). */
static void play(const char *peer, int (*self)(int, unsigned char *))
{
	char sep[16];
	pid_t c;
	int ep;

	m3t_setup();
	ep = mnx_bind(0, -1);
	ASSERT_GE(ep, 0);
	num(sep, sizeof(sep), ep);
	c = spawn_peer(peer, 0, sep);
	if (self(wait_bound(c), high_buffer()))
		M3TEST_FAIL("%s", cm_why);
	m3t_join_ok(c);
}

TEST(client32_server64)
{
	play("client", cm_server);
}

TEST(server32_client64)
{
	play("server", cm_client);
}

TEST(vm_made_by_32bit_admin)
{
	struct m3_drvs_params dp = { .nr_nodes = 256 };
	struct m3_vm_info vi;

	m3t_setup();
	ASSERT_EQ(mnx_drvs_end(), 0);
	ASSERT_EQ(mnx_drvs_init(0, &dp), 0);
	m3t_join_ok(spawn_peer("admin", 7, "compat32"));
	ASSERT_EQ(mnx_vm_info(7, &vi), 0);
	ASSERT_STREQ(vi.params.name, "compat32");
	ASSERT_EQ(vi.params.max_procs, 48);
	ASSERT_EQ(vi.params.uid, 65534);
	ASSERT_EQ(vi.params.gid, 65533);
	ASSERT_EQ(vi.params.mode, 0640);
	ASSERT_EQ(vi.params.flags, M3_VM_STRICT_COPY);
	ASSERT_EQ(vi.params.nodes[0], 1);
	ASSERT_EQ(vi.params.nodes[1], 0);
	ASSERT_EQ(vi.params.nodes[2], 0);
	ASSERT_EQ(vi.params.nodes[3], 1ULL << (200 - 192));
}

TEST(calls_and_errors_from_32bit)
{
	m3t_setup();
	m3t_join_ok(spawn_peer("calls", 0, NULL));
}
