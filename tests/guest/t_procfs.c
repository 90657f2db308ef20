// SPDX-License-Identifier: GPL-2.0
/* /proc/m3ipc, the device node, and the m3ipc tracepoints. */
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "util.h"

static char *slurp(const char *path)
{
	static char buf[16384];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	ASSERT_GE(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	ASSERT_GE(n, 0);
	buf[n] = 0;
	close(fd);
	return buf;
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

TEST(device_node_is_open_to_everyone)
{
	struct stat st;

	ASSERT_EQ(stat("/dev/m3ipc", &st), 0);
	ASSERT_TRUE(S_ISCHR(st.st_mode));
	ASSERT_EQ(st.st_mode & 0777, 0666);
}

static void blocked_receiver(int i)
{
	message m;

	m3t_bind_publish(0, i);
	mnx_receive(ANY, &m);
	m3t_park();
}

/* A member that names itself with a newline, an escape and a backslash. */
static void evil_name(int i)
{
	prctl(PR_SET_NAME, "ev\nil\033[2J\\");
	m3t_bind_publish(0, i);
	m3t_park();
}

TEST(procs_escapes_member_names)
{
	const char *procs;

	m3t_setup();
	m3t_spawn(evil_name, 1);
	m3t_wait_ep(1);
	procs = slurp("/proc/m3ipc/vm0/procs");
	ASSERT_TRUE(strstr(procs, " ev\\012il\\033[2J\\134\n") != NULL);
	ASSERT_TRUE(strchr(procs, '\033') == NULL);
	/* Two lines: the header and the member. */
	ASSERT_EQ(strchr(strchr(strchr(procs, '\n') + 1, '\n') + 1, '\n') == NULL, 1);
}

TEST(proc_files_show_drvs_vms_and_procs)
{
	struct m3_vm_params p = { .vmid = 2, .mode = 0640, .uid = 7 };
	char line[128];
	int r;

	m3t_setup();
	strcpy(p.name, "storage");
	ASSERT_EQ(mnx_vm_init(&p), 2);
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/info"), "initialized: yes"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/info"), "nodeid:      0"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vms"), "storage"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vms"), "0640"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/nodes"), "\n0     yes   self "));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/nodes"), " 0,2\n"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm2/info"), "name:      storage"));
	m3t_spawn(blocked_receiver, 1);
	r = m3t_wait_blocked(0, 1, M3_ST_RECEIVING);
	snprintf(line, sizeof(line), "%-4d %-8d", m3_ep_slot(r), r);
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm0/procs"), line));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm0/procs"), "receiving  ANY"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm0/procs"), "t_procfs"));
	ASSERT_EQ(mnx_bind(0, -1) >= 0, 1);
	ASSERT_EQ(mnx_notify(r), 0);
	ASSERT_EQ(mnx_notify(r), 0);
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm0/stats"), "notifies:   2"));
	ASSERT_TRUE(strstr(slurp("/proc/m3ipc/vm0/stats"), "binds:      2"));
	ASSERT_EQ(mnx_vm_end(2), 0);
	ASSERT_EQ(access("/proc/m3ipc/vm2", F_OK), -1);
}

TEST(tracepoints_follow_messages)
{
	static const char *const events[] = {
		"m3_drvs_init", "m3_drvs_end", "m3_vm_init", "m3_vm_end",
		"m3_bind", "m3_unbind", "m3_send", "m3_receive", "m3_notify",
		"m3_deadlock", "m3_vcopy",
	};
	/* What the test does traces these events (at least). */
	static const char *const seen[] = {
		"m3_drvs_init:", "m3_vm_init:", "m3_bind:", "m3_send:",
		"m3_receive:", "m3_vcopy:",
	};
	const char *tr = "/sys/kernel/tracing";
	char path[256], buf[64];
	message m = { .m_type = 4242 };
	const char *t;
	size_t i;
	int r;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/m3ipc/%s/enable", tr,
			 events[i]);
		ASSERT_EQ(access(path, W_OK), 0);
	}
	snprintf(path, sizeof(path), "%s/trace", tr);
	put(path, "");
	snprintf(path, sizeof(path), "%s/events/m3ipc/enable", tr);
	put(path, "1");
	m3t_setup();
	m3t_spawn(blocked_receiver, 1);
	r = m3t_wait_blocked(0, 1, M3_ST_RECEIVING);
	ASSERT_GE(mnx_bind(0, -1), 0);
	ASSERT_EQ(mnx_send(r, &m), 0);
	ASSERT_EQ(mnx_vcopy(SELF, buf, SELF, buf + 32, 16), 0);
	put(path, "0");
	snprintf(path, sizeof(path), "%s/trace", tr);
	t = slurp(path);
	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		if (!strstr(t, seen[i]))
			M3TEST_FAIL("no \"%s\" in the trace", seen[i]);
	/* The receive names what it took, as the send does. */
	snprintf(buf, sizeof(buf), "src=%d type=4242 ret=0", mnx_getep(0));
	ASSERT_TRUE(strstr(strstr(t, "m3_receive:"), buf));
}
