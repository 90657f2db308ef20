// SPDX-License-Identifier: GPL-2.0
/*
 * m3netbench: the buffers of the M3 copy rows, both ends, and what checks
 * that a copy moved the right bytes (a pattern, a checksum).
 */
#include <sys/mman.h>

#include "m3nb.h"

char *m3_buf_alloc(void)
{
	char *p = mmap(NULL, NB_MAX_BULK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* As bench/copy.c: khugepaged must not change the buffers meanwhile. */
	madvise(p, NB_MAX_BULK, MADV_NOHUGEPAGE);
	memset(p, 0, NB_MAX_BULK);
	return p;
}

uint64_t m3_sum(const char *buf, size_t len)
{
	uint64_t h = 14695981039346656037ULL, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, buf + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
	return h;
}

void m3_fill(char *buf, size_t len, uint64_t seed)
{
	uint64_t w = seed;

	for (size_t i = 0; i + 8 <= len; i += 8) {
		w = w * 6364136223846793005ULL + 1442695040888963407ULL;
		memcpy(buf + i, &w, 8);
	}
}
