// SPDX-License-Identifier: GPL-2.0
/* Helpers for the guest tests; see util.h. */
#include <fcntl.h>
#include <grp.h>
#include <linux/userfaultfd.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#include "util.h"

struct m3t_shared *m3t_sh;

static void __attribute__((constructor)) m3t_shared_init(void)
{
	m3t_sh = mmap(NULL, sizeof(*m3t_sh), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m3t_sh == MAP_FAILED)
		abort();
}

int m3t_vm(int vmid, unsigned int mode, unsigned int flags,
	   unsigned int max_procs)
{
	struct m3_vm_params p = {
		.vmid = vmid, .mode = mode, .flags = flags,
		.max_procs = max_procs,
	};

	return mnx_vm_init(&p);
}

int m3t_setup(void)
{
	int ret;

	memset((void *)m3t_sh, 0, sizeof(*m3t_sh));
	/* Leave first: ending the DRVS sends SIGPIPE to its members. */
	mnx_unbind();
	ret = mnx_drvs_end();
	if (ret < 0)
		ASSERT_EQ(ret, -ENODRVS);
	ASSERT_EQ(mnx_drvs_init(0, NULL), 0);
	ret = m3t_vm(0, 0666, 0, 0);
	ASSERT_EQ(ret, 0);
	return ret;
}

void m3t_setup_vm1(unsigned int flags, unsigned int max_procs)
{
	m3t_setup();
	ASSERT_EQ(m3t_vm(1, 0666, flags, max_procs), 1);
}

pid_t m3t_spawn(void (*fn)(int), int arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Die with the test, whatever happens. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn(arg);
		fflush(NULL);
		_exit(0);
	}
	return pid;
}

int m3t_join(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		ASSERT_EQ(errno, EINTR);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void m3t_join_ok(pid_t pid)
{
	ASSERT_EQ(m3t_join(pid), 0);
}

void m3t_msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

void m3t_park(void)
{
	for (;;)
		pause();
}

long long m3t_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int m3t_wait_for(volatile int *p, int ms)
{
	long long end = m3t_now_ns() + ms * 1000000LL;

	while (!*p && m3t_now_ns() < end)
		m3t_msleep(1);
	return *p;
}

void m3t_fill(void *buf, size_t n, unsigned int seed)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + seed + (i >> 12));
}

int m3t_check(const void *buf, size_t n, unsigned int seed)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 131 + seed + (i >> 12)))
			return 0;
	return 1;
}

void m3t_uffd_page(struct m3t_uffd *u)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	u->uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	ASSERT_GE(u->uffd, 0);
	ASSERT_EQ(ioctl(u->uffd, UFFDIO_API, &api), 0);
	u->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(u->page, MAP_FAILED);
	reg.range.start = (uintptr_t)u->page;
	reg.range.len = 4096;
	ASSERT_EQ(ioctl(u->uffd, UFFDIO_REGISTER, &reg), 0);
}

int m3t_wait_set(volatile int *p)
{
	ASSERT_NE(m3t_wait_for(p, 10000), 0);
	return *p;
}

void m3t_publish(int i, int ep)
{
	ASSERT_GE(ep, 0);
	m3t_sh->ep[i] = ep;
	__sync_synchronize();
	m3t_sh->ready[i] = 1;
}

int m3t_wait_ep(int i)
{
	m3t_wait_set(&m3t_sh->ready[i]);
	__sync_synchronize();
	return m3t_sh->ep[i];
}

int m3t_bind_publish(int vmid, int i)
{
	int ep = mnx_bind(vmid, -1);

	m3t_publish(i, ep);
	return ep;
}

void m3t_wait_state(int vmid, int ep, unsigned int state)
{
	struct m3_proc_info pi;
	int i;

	for (i = 0; i < 10000; i++) {
		ASSERT_EQ(mnx_proc_info(vmid, m3_ep_slot(ep), &pi), 0);
		ASSERT_EQ(pi.endpoint, ep);
		if ((pi.state & state) == state)
			return;
		m3t_msleep(1);
	}
	M3TEST_FAIL("endpoint %d never reached state %#x (has %#x)", ep,
		    state, pi.state);
}

int m3t_wait_blocked(int vmid, int i, unsigned int state)
{
	int ep = m3t_wait_ep(i);

	m3t_wait_state(vmid, ep, state);
	return ep;
}

void m3t_wait_gone(int vmid, int ep)
{
	struct m3_proc_info pi;
	int i;

	for (i = 0; i < 10000; i++) {
		if (mnx_proc_info(vmid, m3_ep_slot(ep), &pi) < 0 ||
		    pi.endpoint != ep)
			return;
		m3t_msleep(1);
	}
	M3TEST_FAIL("endpoint %d still bound", ep);
}

void m3t_become(uid_t uid, gid_t gid)
{
	ASSERT_EQ(setgroups(0, NULL), 0);
	ASSERT_EQ(setresgid(gid, gid, gid), 0);
	ASSERT_EQ(setresuid(uid, uid, uid), 0);
}

int m3t_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

int m3t_read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	return 0;
}

void m3t_cgroup2_mount(void)
{
	struct statfs sf;

	if (statfs(M3T_CGROUP_ROOT, &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC)
		return;
	if (mount("none", M3T_CGROUP_ROOT, "cgroup2", 0, NULL) < 0)
		M3TEST_FAIL("cgroup v2 not available: mount cgroup2 on %s: %s",
			    M3T_CGROUP_ROOT, strerror(errno));
}
