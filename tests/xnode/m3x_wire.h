/* SPDX-License-Identifier: GPL-2.0 */
/*
 * m3x: the modules' wire format, for the hostile process. It is the
 * module's own header (kmod/wire.h), not a copy, so that forged frames
 * stay well formed when the format changes: a test that sent frames the
 * module drops for their shape would prove nothing. The kernel's short
 * type names are given here.
 */
#ifndef M3X_WIRE_H
#define M3X_WIRE_H

#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#include "../../kmod/wire.h"

#endif
