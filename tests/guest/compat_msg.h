/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message patterns for the 32/64-bit tests (t_compat and m3peer32).
 *
 * Both programs include this header, one compiled for x86-64 and one for
 * i386. cm_fill() writes every field of one Minix layout by its name;
 * cm_check() reads them back by name. A message filled on one ABI passes
 * the check on the other only if both place every field at the same
 * offset with the same width: the layout is then really shared.
 */
#ifndef M3T_COMPAT_MSG_H
#define M3T_COMPAT_MSG_H

#include <m3/m3.h>
#include <stdint.h>
#include <string.h>

_Static_assert(sizeof(message) == 64, "a message is 64 bytes");

/* Request types of the peer protocol. */
#define CM_REPLY	100	/* reply to layout L: m_type CM_REPLY + L */
#define CM_COPY		50	/* m1_p1 address, m1_i1 length: copy it and back */
#define CM_NOTIFY_ME	51	/* reply, then notify the requester */
#define CM_QUIT		52

/* The Minix layouts: 1-5 and 7-10 (there is no mess_6). */
static const int cm_layouts[] = { 1, 2, 3, 4, 5, 7, 8, 9, 10 };
#define CM_NR_LAYOUTS (int)(sizeof(cm_layouts) / sizeof(cm_layouts[0]))

/* Field @k's value for @seed: every byte differs, the top bits are set. */
static inline uint64_t cm_val(uint32_t seed, int k)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (seed * 131u + (uint32_t)k + 1);

	return x | 0x8000000080008080ULL;
}

#define CM_FIELDS_1(X) X(m1_i1) X(m1_i2) X(m1_i3) X(m1_p1) X(m1_p2) X(m1_p3) X(m1_p4)
#define CM_FIELDS_2(X) X(m2_i1) X(m2_i2) X(m2_i3) X(m2_l1) X(m2_l2) X(m2_p1) \
		       X(m2_ul1) X(m2_s1)
#define CM_FIELDS_3(X) X(m3_i1) X(m3_i2) X(m3_p1)
#define CM_FIELDS_4(X) X(m4_l1) X(m4_l2) X(m4_l3) X(m4_l4) X(m4_l5)
#define CM_FIELDS_5(X) X(m5_s1) X(m5_s2) X(m5_i1) X(m5_i2) X(m5_l1) X(m5_l2) \
		       X(m5_l3)
#define CM_FIELDS_7(X) X(m7_i1) X(m7_i2) X(m7_i3) X(m7_i4) X(m7_i5) X(m7_p1) \
		       X(m7_p2)
#define CM_FIELDS_8(X) X(m8_i1) X(m8_i2) X(m8_p1) X(m8_p2) X(m8_p3) X(m8_p4)
#define CM_FIELDS_9(X) X(m9_l1) X(m9_l2) X(m9_l3) X(m9_l4) X(m9_l5) X(m9_s1) \
		       X(m9_s2) X(m9_s3) X(m9_s4)
#define CM_FIELDS_10(X) X(m10_i1) X(m10_i2) X(m10_i3) X(m10_i4) X(m10_l1) \
			X(m10_l2) X(m10_l3)

#define CM_EACH_LAYOUT(X)						\
	case 1: CM_FIELDS_1(X) break;					\
	case 2: CM_FIELDS_2(X) break;					\
	case 3: CM_FIELDS_3(X) break;					\
	case 4: CM_FIELDS_4(X) break;					\
	case 5: CM_FIELDS_5(X) break;					\
	case 7: CM_FIELDS_7(X) break;					\
	case 8: CM_FIELDS_8(X) break;					\
	case 9: CM_FIELDS_9(X) break;					\
	case 10: CM_FIELDS_10(X) break;

/* m3_ca1, the one array field, gets a string of its own. */
static inline void cm_string(char *s, uint32_t seed)
{
	int i;

	for (i = 0; i < M3_STRING - 1; i++)
		s[i] = (char)('A' + (seed + i * 7) % 26);
	s[i] = 0;
}

/* Fill @m with layout @layout for @seed; m_type is @layout. */
static inline void cm_fill(message *m, int layout, uint32_t seed)
{
	int k = 0;

	memset(m, 0, sizeof(*m));
	m->m_type = layout;
#define CM_SET(f) m->f = (__typeof__(m->f))cm_val(seed, k++);
	switch (layout) {
	CM_EACH_LAYOUT(CM_SET)
	}
#undef CM_SET
	if (layout == 3)
		cm_string(m->m3_ca1, seed);
}

/* 0 if @m holds layout @layout for @seed, else 1 + the first bad field. */
static inline int cm_check(const message *m, int layout, uint32_t seed)
{
	char s[M3_STRING];
	int k = 0;

#define CM_CMP(f) if (m->f != (__typeof__(m->f))cm_val(seed, k++)) return k;
	switch (layout) {
	CM_EACH_LAYOUT(CM_CMP)
	default:
		return -1;
	}
#undef CM_CMP
	if (layout == 3) {
		cm_string(s, seed);
		if (memcmp(m->m3_ca1, s, sizeof(s)))
			return 100;
	}
	return 0;
}

/* The byte at @i of a copy's data for @seed (the inverse goes back). */
static inline unsigned char cm_byte(uint32_t seed, uint64_t i)
{
	return (unsigned char)((i * 31 + seed * 7 + (i >> 9)) ^ (i >> 3));
}

#endif /* M3T_COMPAT_MSG_H */
