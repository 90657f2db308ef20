// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of libm3's pure user-space logic: the message layout and
 * ABI sizes, error names, endpoint helpers, argument checks done before
 * the kernel is asked, the device handle, and the exported symbols.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <m3/m3.h>

static void message_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(message), 64);
	assert_int_equal(offsetof(message, m_source), 0);
	assert_int_equal(offsetof(message, m_type), 4);
	assert_int_equal(offsetof(message, m_u), 8);
	assert_int_equal(offsetof(message, m1_i1), 8);
	assert_int_equal(offsetof(message, m1_p1), 24);
	assert_int_equal(offsetof(message, m2_l1), 24);
	assert_int_equal(offsetof(message, m3_ca1), 24);
	assert_int_equal(sizeof(((message *)0)->m3_ca1), M3_STRING);
	assert_int_equal(offsetof(message, m4_l5), 40);
	assert_int_equal(offsetof(message, m_u.m_notify.timestamp), 8);
	assert_int_equal(offsetof(message, m_u.m_notify.count), 16);
	/* Every union member fits in the 56-byte payload. */
	assert_true(sizeof(mess_1) <= 56 && sizeof(mess_2) <= 56);
	assert_true(sizeof(mess_3) <= 56 && sizeof(mess_4) <= 56);
	assert_true(sizeof(mess_5) <= 56 && sizeof(mess_7) <= 56);
	assert_true(sizeof(mess_8) <= 56 && sizeof(mess_9) <= 56);
	assert_true(sizeof(mess_10) <= 56);
}

/* The same sizes on every ABI: no pointer, no long, explicit padding. */
static void abi_sizes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct m3_ipc_args), 32);
	assert_int_equal(sizeof(struct m3_vcopy_args), 32);
	assert_int_equal(sizeof(struct m3_bind_args), 8);
	assert_int_equal(sizeof(struct m3_drvs_params), 32);
	assert_int_equal(sizeof(struct m3_drvs_init_args), 16);
	assert_int_equal(sizeof(struct m3_vm_params), 88);
	assert_int_equal(offsetof(struct m3_vm_params, nodes), 40);
	assert_int_equal(sizeof(struct m3_vm_info), 160);
	assert_int_equal(sizeof(struct m3_drvs_info), 64);
	assert_int_equal(sizeof(struct m3_vm_stats), 64);
	assert_int_equal(sizeof(struct m3_proc_info), 80);
	assert_int_equal(sizeof(struct m3_whois_args), 16);
}

static const int minix_codes[] = {
	ELOCKED, EBADCALL, EBADSRCDST, ECALLDENIED, EDEADSRCDST, ENOTREADY,
	EBADREQUEST, ENODRVS, ENOTBOUND, EVMDOWN,
};

static void error_names(void **state)
{
	size_t i, j;

	(void)state;
	assert_string_equal(m3_errname(-EDEADSRCDST), "EDEADSRCDST");
	assert_string_equal(m3_errname(EDEADSRCDST), "EDEADSRCDST");
	assert_string_equal(m3_errname(-ELOCKED), "ELOCKED");
	assert_string_equal(m3_errname(-ENOTBOUND), "ENOTBOUND");
	assert_string_equal(m3_errname(-EPERM), "EPERM");
	assert_string_equal(m3_errname(-ETIMEDOUT), "ETIMEDOUT");
	assert_string_equal(m3_errname(0), "OK");
	assert_string_equal(m3_strerror(0), "Success");
	assert_string_equal(m3_strerror(-EINTR), "Interrupted system call");
	assert_non_null(strstr(m3_strerror(-ENODRVS), "DRVS"));
	/* Every Minix code has its own name and text, above Linux's range. */
	for (i = 0; i < sizeof(minix_codes) / sizeof(minix_codes[0]); i++) {
		assert_true(minix_codes[i] > M3_ERRNO_BASE);
		assert_true(minix_codes[i] <= M3_ERRNO_LAST);
		assert_non_null(strstr(m3_errname(-minix_codes[i]), "E"));
		for (j = 0; j < i; j++)
			assert_string_not_equal(m3_strerror(-minix_codes[i]),
						m3_strerror(-minix_codes[j]));
	}
	/* Unknown codes still get a string. */
	assert_string_equal(m3_errname(-9999), "EUNKNOWN");
	assert_string_equal(m3_strerror(-9999), "Unknown error");
}

static void endpoints(void **state)
{
	int gen, slot, ep;

	(void)state;
	for (gen = 0; gen < 100; gen += 7)
		for (slot = 0; slot < M3_MAX_PROCS; slot += 97) {
			ep = M3_ENDPOINT(gen, slot);
			assert_int_equal(m3_ep_slot(ep), slot);
			assert_int_equal(m3_ep_gen(ep), gen);
		}
	assert_int_equal(ANY, 0x7ace);
	assert_int_equal(NONE, 0x6ace);
	assert_int_equal(SELF, 0x8ace);
	assert_int_equal(NOTIFY_MESSAGE, 0x1000);
	assert_true(M3_MAX_PROCS <= M3_EP_SLOT_MASK + 1);
}

/* Checks libm3 makes before it asks the kernel. */
static void argument_checks(void **state)
{
	(void)state;
	assert_int_equal(mnx_send(1, NULL), -EFAULT);
	assert_int_equal(mnx_receive(ANY, NULL), -EFAULT);
	assert_int_equal(mnx_sendrec(1, NULL), -EFAULT);
	assert_int_equal(mnx_vm_init(NULL), -EINVAL);
	assert_int_equal(mnx_vm_end(-1), -EINVAL);
	assert_int_equal(mnx_receive_T(ANY, &(message){ 0 }, -1), -EINVAL);
	assert_int_equal(mnx_drvs_info(NULL), -EFAULT);
	assert_int_equal(mnx_vm_info(0, NULL), -EFAULT);
	assert_int_equal(mnx_proc_info(0, 0, NULL), -EFAULT);
}

/* Run @fn in a child with M3IPC_DEVICE=@dev (the handle opens once). */
static int in_child(const char *dev, int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		setenv("M3IPC_DEVICE", dev, 1);
		_exit(fn() ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int missing_device(void)
{
	errno = 1234;
	return mnx_bind(0, -1) == -ENOENT && errno == 1234 &&
	       mnx_unbind() == -ENOENT;
}

static int not_our_device(void)
{
	errno = 77;
	return mnx_send(1, &(message){ 0 }) == -ENOTTY && errno == 77 &&
	       mnx_notify(1) == -ENOTTY;
}

static void device_handle_errors(void **state)
{
	(void)state;
	assert_int_equal(in_child("/nonexistent/m3ipc", missing_device), 0);
	assert_int_equal(in_child("/dev/null", not_our_device), 0);
}

static void *call_from_thread(void *arg)
{
	*(int *)arg = mnx_getep(0);
	return NULL;
}

static int threads_agree(void)
{
	pthread_t t[8];
	int r[8], i;

	for (i = 0; i < 8; i++)
		if (pthread_create(&t[i], NULL, call_from_thread, &r[i]))
			return 0;
	for (i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 8; i++)
		if (r[i] != -ENOTTY)
			return 0;
	return 1;
}

static void device_handle_threads(void **state)
{
	(void)state;
	assert_int_equal(in_child("/dev/null", threads_agree), 0);
}

/* Only the API is exported from libm3.so. */
static void exported_symbols(void **state)
{
	void *h = dlopen("libm3.so.1", RTLD_NOW | RTLD_LOCAL);

	(void)state;
	assert_non_null(h);
	assert_non_null(dlsym(h, "mnx_sendrec"));
	assert_non_null(dlsym(h, "mnx_vcopy"));
	assert_non_null(dlsym(h, "mnx_vircopy"));
	assert_non_null(dlsym(h, "m3_strerror"));
	assert_null(dlsym(h, "m3_ioctl"));
	assert_null(dlsym(h, "m3_fd"));
	dlclose(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(message_layout),
		cmocka_unit_test(abi_sizes),
		cmocka_unit_test(error_names),
		cmocka_unit_test(endpoints),
		cmocka_unit_test(argument_checks),
		cmocka_unit_test(device_handle_errors),
		cmocka_unit_test(device_handle_threads),
		cmocka_unit_test(exported_symbols),
	};

	return cmocka_run_group_tests_name("libm3", tests, NULL, NULL);
}
