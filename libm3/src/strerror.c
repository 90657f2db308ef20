// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of error codes: the Minix conditions of <m3/m3ipc.h> from a table,
 * the Linux ones from glibc. Every string returned is static and constant,
 * so both calls are thread-safe.
 */
#include <string.h>

#include "internal.h"

struct m3_err {
	int code;
	const char *name;
	const char *text;
};

static const struct m3_err m3_errs[] = {
	{ ELOCKED, "ELOCKED", "Send would close a cycle of blocked processes" },
	{ EBADCALL, "EBADCALL", "Unknown call" },
	{ EBADSRCDST, "EBADSRCDST", "Bad source or destination endpoint" },
	{ ECALLDENIED, "ECALLDENIED", "Call not permitted" },
	{ EDEADSRCDST, "EDEADSRCDST", "Source or destination is not alive" },
	{ ENOTREADY, "ENOTREADY", "Peer not ready" },
	{ EBADREQUEST, "EBADREQUEST", "Destination cannot handle request" },
	{ ENOCONSENT, "ENOCONSENT", "A vcopy party did not consent" },
	{ EDEADNODE, "EDEADNODE", "The peer's node is down or unreachable" },
	{ ENODRVS, "ENODRVS", "DRVS not initialized on this node" },
	{ ENOTBOUND, "ENOTBOUND", "Caller is not bound to a VM" },
	{ EVMDOWN, "EVMDOWN", "The VM was ended" },
};

static const struct m3_err *m3_err_find(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(m3_errs) / sizeof(m3_errs[0]); i++)
		if (m3_errs[i].code == err)
			return &m3_errs[i];
	return NULL;
}

M3_API const char *m3_strerror(int err)
{
	const struct m3_err *e = m3_err_find(err);
	const char *s;

	if (err == 0)
		return "Success";
	if (e)
		return e->text;
	s = strerrordesc_np(err < 0 ? -err : err);
	return s ? s : "Unknown error";
}

M3_API const char *m3_errname(int err)
{
	const struct m3_err *e = m3_err_find(err);
	const char *s;

	if (err == 0)
		return "OK";
	if (e)
		return e->name;
	s = strerrorname_np(err < 0 ? -err : err);
	return s ? s : "EUNKNOWN";
}
