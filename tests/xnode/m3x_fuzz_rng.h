/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: the wire fuzzer's random numbers, splitmix64 (Steele, Lea and
 * Flood): one 64-bit state, the same sequence from the same seed on any
 * machine, so that a run that found something can be run again. Also the
 * byte patterns of the genuine copies, a function of a key and an index.
 */
#ifndef M3X_FUZZ_RNG_H
#define M3X_FUZZ_RNG_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t m3x_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t m3x_rng_next(uint64_t *state)
{
	*state += 0x9e3779b97f4a7c15ULL;
	return m3x_mix64(*state);
}

/* A number in 0..@n-1 (@n > 0). */
static inline uint32_t m3x_rng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)((m3x_rng_next(state) >> 32) * n >> 32);
}

/* True one time in @n. */
static inline int m3x_rng_one_in(uint64_t *state, uint32_t n)
{
	return m3x_rng_below(state, n) == 0;
}

/* Byte @i of the pattern named @key. */
static inline uint8_t m3x_pattern_byte(uint64_t key, size_t i)
{
	return (uint8_t)(m3x_mix64(key * 0x100000001b3ULL + (i >> 3)) >>
			 (8 * (i & 7)));
}

#endif
