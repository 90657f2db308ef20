// SPDX-License-Identifier: LGPL-2.1-or-later
/* The uapi's layout, asserted for the ABI this file is compiled for. */
#include "../../kmod/uapi_abi.h"
