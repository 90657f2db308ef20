/* SPDX-License-Identifier: GPL-2.0 */
/* m3x: SHA-256 and HMAC-SHA256 (m3x_sha256.c). */
#ifndef M3X_SHA256_H
#define M3X_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define M3X_SHA256_LEN	32

struct m3x_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
};

/* A piece of a message: HMAC over several, one after the other. */
struct m3x_piece {
	const void *data;
	size_t len;
};

void m3x_sha256_init(struct m3x_sha256 *c);
void m3x_sha256_update(struct m3x_sha256 *c, const void *data, size_t n);
void m3x_sha256_final(struct m3x_sha256 *c, uint8_t out[M3X_SHA256_LEN]);
void m3x_hmac_sha256(const void *key, size_t key_len,
		     const struct m3x_piece *parts, int nr,
		     uint8_t out[M3X_SHA256_LEN]);

#endif
