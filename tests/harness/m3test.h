/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3test: a small test harness in the spirit of kselftest_harness.h.
 *
 *   TEST(name) { ... }                  a test, registered at load
 *   TEST_TIMEOUT(name, seconds) { ... } the same with its own timeout
 *   ASSERT_EQ(a, b), ASSERT_NE, ASSERT_LT, ASSERT_LE, ASSERT_GT, ASSERT_GE,
 *   ASSERT_TRUE(x), ASSERT_FALSE(x), ASSERT_STREQ(a, b), ASSERT_MEMEQ(a, b, n)
 *
 * Every test runs in a forked child that leads its own process group, under
 * a timeout; whatever the test forked is killed with it when it ends. An
 * ASSERT prints the expression and both values and ends the test. The
 * program prints one TAP line per test and ends with "N passed, N failed";
 * it exits 0 only if every test passed. Arguments select tests by name
 * (substring match).
 */
#ifndef M3TEST_H
#define M3TEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct m3test {
	const char *name;
	void (*fn)(void);
	int timeout;
	struct m3test *next;
};

extern struct m3test *m3test_list;
void m3test_register(struct m3test *t);

#define M3TEST_DEFAULT_TIMEOUT 30

#define TEST_TIMEOUT(tname, secs)					\
	static void m3test_fn_##tname(void);				\
	static struct m3test m3test_##tname = {				\
		.name = #tname, .fn = m3test_fn_##tname, .timeout = secs \
	};								\
	static void __attribute__((constructor)) m3test_reg_##tname(void) \
	{								\
		m3test_register(&m3test_##tname);			\
	}								\
	static void m3test_fn_##tname(void)

#define TEST(tname) TEST_TIMEOUT(tname, M3TEST_DEFAULT_TIMEOUT)

#define M3TEST_FAIL(fmt, ...) do {					\
	fprintf(stderr, "#   %s:%d: " fmt "\n", __FILE__, __LINE__,	\
		##__VA_ARGS__);						\
	fflush(stderr);							\
	_exit(1);							\
} while (0)

#define M3TEST_CMP(a, op, b) do {					\
	long long m3_a_ = (long long)(a), m3_b_ = (long long)(b);	\
	if (!(m3_a_ op m3_b_))						\
		M3TEST_FAIL("%s %s %s: %lld vs %lld", #a, #op, #b,	\
			    m3_a_, m3_b_);				\
} while (0)

#define ASSERT_EQ(a, b) M3TEST_CMP(a, ==, b)
#define ASSERT_NE(a, b) M3TEST_CMP(a, !=, b)
#define ASSERT_LT(a, b) M3TEST_CMP(a, <, b)
#define ASSERT_LE(a, b) M3TEST_CMP(a, <=, b)
#define ASSERT_GT(a, b) M3TEST_CMP(a, >, b)
#define ASSERT_GE(a, b) M3TEST_CMP(a, >=, b)
#define ASSERT_TRUE(x) do {						\
	if (!(x))							\
		M3TEST_FAIL("%s is false", #x);				\
} while (0)
#define ASSERT_FALSE(x) ASSERT_TRUE(!(x))
#define ASSERT_STREQ(a, b) do {						\
	const char *m3_a_ = (a), *m3_b_ = (b);				\
	if (strcmp(m3_a_, m3_b_))					\
		M3TEST_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b,	\
			    m3_a_, m3_b_);				\
} while (0)
#define ASSERT_MEMEQ(a, b, n) do {					\
	if (memcmp((a), (b), (n)))					\
		M3TEST_FAIL("%s and %s differ in %zu bytes", #a, #b,	\
			    (size_t)(n));				\
} while (0)

#endif /* M3TEST_H */
