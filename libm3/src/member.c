// SPDX-License-Identifier: LGPL-2.1-or-later
/* Membership: bind and unbind the calling thread. */
#include <stdint.h>

#include "internal.h"

M3_API int mnx_bind(int vmid, int p_nr)
{
	struct m3_bind_args a = { .vmid = vmid, .p_nr = p_nr };

	return m3_ioctl(M3_IOC_BIND, (uintptr_t)&a);
}

M3_API int mnx_unbind(void)
{
	return m3_ioctl(M3_IOC_UNBIND, 0);
}
