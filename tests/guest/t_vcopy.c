// SPDX-License-Identifier: GPL-2.0
/*
 * vcopy: COPY1 (the caller is a side), COPY2 (a third process asks), any
 * alignment, the consent rule, limits and bad input.
 */
#include <sys/mman.h>

#include "util.h"

#define BIG (4 << 20)

static unsigned char *region(size_t n)
{
	unsigned char *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(p, MAP_FAILED);
	return p;
}

/*
 * Client @i: its buffer (shared with the test, so the test can check it)
 * is published in val[i]; it then blocks in sendrec to ep[0] (the server),
 * which consents to the server copying from and to it.
 */
static void client(int i)
{
	message m = { .m_type = 1 };

	m3t_bind_publish(0, i);
	m.m1_p1 = (uintptr_t)m3t_sh->val[i];
	m3t_sh->ret[i] = mnx_sendrec(m3t_wait_ep(0), &m);
	ASSERT_EQ(m3t_sh->ret[i], 0);
}

struct sizes {
	size_t len, soff, doff;
};

static const struct sizes cases[] = {
	{ 1, 0, 0 }, { 64, 3, 3 }, { 4096, 0, 0 }, { 4096, 1, 2 },
	{ 65536, 0, 0 }, { 65536 + 7, 5, 4091 }, { 1 << 20, 100, 0 },
	{ BIG, 0, 0 }, { BIG - 8, 3, 1 },
};

TEST(copy1_from_and_to_a_client_any_alignment)
{
	unsigned char *cbuf = region(BIG + 8192), *mine = region(BIG + 8192);
	message m;
	size_t k;
	int c;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = (long)(uintptr_t)cbuf;
	m3t_spawn(client, 1);
	c = m3t_wait_ep(1);
	ASSERT_EQ(mnx_receive(c, &m), 0);	/* the client waits for us */
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct sizes *s = &cases[k];

		m3t_fill(cbuf + s->soff, s->len, k);
		memset(mine, 0, s->len + s->doff);
		ASSERT_EQ(mnx_vcopy(c, cbuf + s->soff, SELF, mine + s->doff,
				    s->len), 0);
		ASSERT_TRUE(m3t_check(mine + s->doff, s->len, k));
		m3t_fill(mine + s->soff, s->len, k + 50);
		memset(cbuf, 0, s->len + s->doff);
		ASSERT_EQ(mnx_vcopy(SELF, mine + s->soff, c, cbuf + s->doff,
				    s->len), 0);
		ASSERT_TRUE(m3t_check(cbuf + s->doff, s->len, k + 50));
	}
	/* Our own endpoint works like SELF. */
	ASSERT_EQ(mnx_vcopy(m3t_sh->ep[0], mine, c, cbuf, 16), 0);
	ASSERT_EQ(mnx_send(c, &m), 0);
}

/* A third process copies between two clients blocked on it. */
TEST(copy2_between_two_other_processes)
{
	unsigned char *a = region(BIG + 4096), *b = region(BIG + 4096);
	message m;
	size_t k;
	int ca, cb;

	m3t_setup();
	m3t_bind_publish(0, 0);
	m3t_sh->val[1] = (long)(uintptr_t)a;
	m3t_sh->val[2] = (long)(uintptr_t)b;
	m3t_spawn(client, 1);
	m3t_spawn(client, 2);
	ca = m3t_wait_ep(1);
	cb = m3t_wait_ep(2);
	ASSERT_EQ(mnx_receive(ca, &m), 0);
	ASSERT_EQ(mnx_receive(cb, &m), 0);
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct sizes *s = &cases[k];

		m3t_fill(a + s->soff, s->len, k + 7);
		memset(b, 0, s->len + s->doff + 1);
		ASSERT_EQ(mnx_vcopy(ca, a + s->soff, cb, b + s->doff, s->len), 0);
		ASSERT_TRUE(m3t_check(b + s->doff, s->len, k + 7));
		ASSERT_EQ(b[s->doff + s->len], 0);	/* not one byte more */
	}
	ASSERT_EQ(mnx_send(ca, &m), 0);
	ASSERT_EQ(mnx_send(cb, &m), 0);
}

static void bystander(int i)
{
	message m;

	m3t_bind_publish((int)m3t_sh->go[i], i);
	if (m3t_sh->val[i] == 1)
		mnx_receive(ANY, &m);	/* ANY is no consent */
	m3t_park();
}

TEST(copy_without_consent_is_eperm_in_strict_vm)
{
	unsigned char buf[64];
	int b, r;

	m3t_setup_vm1(M3_VM_STRICT_COPY, 0);
	ASSERT_GE(mnx_bind(1, -1), 0);
	m3t_sh->go[1] = 1;
	m3t_sh->go[2] = 1;
	m3t_spawn(bystander, 1);
	m3t_sh->val[2] = 1;
	m3t_spawn(bystander, 2);
	b = m3t_wait_ep(1);
	r = m3t_wait_blocked(1, 2, M3_ST_RECEIVING);
	ASSERT_EQ(mnx_vcopy(b, buf, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(SELF, buf, b, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(r, buf, SELF, buf, 64), -EPERM);
	ASSERT_EQ(mnx_vcopy(b, buf, r, buf, 64), -EPERM);
}

TEST(copy_without_consent_allowed_to_ptracer)
{
	unsigned char *buf = region(4096);
	unsigned char mine[64];
	int b;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	m3t_spawn(bystander, 1);
	b = m3t_wait_ep(1);
	/* Same uid, not blocked on us: the process_vm_writev rule allows. */
	m3t_fill(mine, 64, 9);
	ASSERT_EQ(mnx_vcopy(SELF, mine, b, buf, 64), 0);
	ASSERT_TRUE(m3t_check(buf, 64, 9));
}

TEST(copy_limits_and_bad_input)
{
	unsigned char *p = region(BIG + 8192);
	struct m3_drvs_params d = { .max_copy = 8 << 20 };
	unsigned char *q;
	int me;

	m3t_setup();
	me = mnx_bind(0, -1);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + 8192, 0), 0);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + BIG, BIG + 1), -E2BIG);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + 100, 200), -EINVAL);	/* overlap */
	ASSERT_EQ(mnx_vcopy(me, p + 100, SELF, p, 200), -EINVAL);
	ASSERT_EQ(mnx_vcopy(SELF, (void *)16, SELF, p, 64), -EFAULT);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, (void *)0xffffffffffff0000ULL, 64),
		  -EFAULT);
	ASSERT_EQ(mnx_vcopy(SELF, (void *)-64L, SELF, p, 128), -EFAULT);
	q = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(q, MAP_FAILED);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, q, 64), -EFAULT);	/* read-only */
	ASSERT_EQ(mnx_vcopy(M3_ENDPOINT(0, 9), p, SELF, p + 4096, 64),
		  -EDEADSRCDST);
	ASSERT_EQ(mnx_vcopy(ANY, p, SELF, p + 4096, 64), -EBADSRCDST);
	ASSERT_EQ(mnx_vcopy(SELF, p, NONE, p + 4096, 64), -EBADSRCDST);
	/* Within one address space, disjoint: a plain copy. */
	m3t_fill(p, 4096, 3);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + 8192 + 5, 4096), 0);
	ASSERT_TRUE(m3t_check(p + 8192 + 5, 4096, 3));
	/* The limit is the DRVS's. */
	mnx_unbind();
	ASSERT_EQ(mnx_drvs_end(), 0);
	ASSERT_EQ(mnx_drvs_init(0, &d), 0);
	ASSERT_EQ(m3t_vm(0, 0666, 0, 0), 0);
	ASSERT_GE(mnx_bind(0, -1), 0);
	munmap(p, BIG + 8192);
	p = region(16 << 20);
	m3t_fill(p, 8 << 20, 4);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + (8 << 20), 8 << 20), 0);
	ASSERT_TRUE(m3t_check(p + (8 << 20), 8 << 20, 4));
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + (8 << 20), (8 << 20) + 1),
		  -E2BIG);
}

TEST(copy_counts_in_stats)
{
	unsigned char *p = region(8192);
	struct m3_vm_info vi;

	m3t_setup();
	ASSERT_GE(mnx_bind(0, -1), 0);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + 4096, 1000), 0);
	ASSERT_EQ(mnx_vcopy(SELF, p, SELF, p + 4096, 24), 0);
	ASSERT_EQ(mnx_vm_info(0, &vi), 0);
	ASSERT_EQ(vi.stats.copies, 2);
	ASSERT_EQ(vi.stats.copy_bytes, 1024);
}
