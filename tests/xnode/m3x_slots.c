// SPDX-License-Identifier: GPL-2.0
/* m3x: binding a slot, holding one, watching one from this node. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "m3x.h"

/* The node that owns @slot of m3x_vm, and this node's id. */
static int m3x_owner(int slot, int *self)
{
	struct m3_drvs_info d;
	struct m3_vm_info v;
	int ret;

	ret = mnx_drvs_info(&d);
	if (ret == 0)
		ret = mnx_vm_info(m3x_vm, &v);
	if (ret < 0) {
		m3x_fail("info: %s", m3_errname(ret));
		return -1;
	}
	*self = d.nodeid;
	return m3_slot_owner(v.params.nodes, (m3_u32)slot);
}

/*
 * SLOT RESULT: bind SLOT (-1: any) in m3x_vm; RESULT is OK (the slot
 * bound is then one this node owns) or the error the bind must give.
 */
int m3x_bind_cmd(int argc, char **argv)
{
	int ep, owner, self = -1;

	if (argc != 2)
		return 2;
	ep = mnx_bind(m3x_vm, m3x_int(argv[0]));
	if (strcmp(m3_errname(ep < 0 ? ep : 0), argv[1]))
		return m3x_fail("bind vm %d slot %s: %s, expected %s", m3x_vm,
				argv[0], ep < 0 ? m3_errname(ep) : "OK",
				argv[1]);
	if (ep < 0) {
		printf("bind vm %d slot %s: %s\n", m3x_vm, argv[0], argv[1]);
		return 0;
	}
	owner = m3x_owner(M3_EP_SLOT(ep), &self);
	printf("bound %d in vm %d: slot %d, owned by node %d (we are %d)\n",
	       ep, m3x_vm, M3_EP_SLOT(ep), owner, self);
	return owner == self ? 0 : m3x_fail("a slot of another node");
}

/*
 * [-u FILE] SLOT SECS: bind SLOT and stay, doing nothing, for SECS (or
 * until SIGPIPE); unbind (and stay) once FILE exists.
 */
int m3x_hold(int argc, char **argv)
{
	const char *unbind_at = NULL;
	long long end;
	int ep, ret;

	if (argc == 4 && !strcmp(argv[0], "-u")) {
		unbind_at = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (argc != 2)
		return 2;
	m3x_catch_sigpipe();
	ep = m3x_bind(m3x_int(argv[0]));
	if (ep < 0)
		return 1;
	printf("hold %d\n", ep);
	end = m3x_now_ms() + 1000LL * m3x_int(argv[1]);
	while (m3x_now_ms() < end && !m3x_sigpipes()) {
		if (unbind_at && !access(unbind_at, F_OK)) {
			ret = mnx_unbind();
			printf("unbind %d: %s\n", ep, m3_errname(ret));
			if (ret < 0)
				return 1;
			unbind_at = NULL;
		}
		m3x_sleep_ms(10);
	}
	printf("hold %d: %s\n", ep, m3x_sigpipes() ? "SIGPIPE" : "over");
	return 0;
}

/* The state of @slot as STATE names it: free, bound, or m3_state_name(). */
static int m3x_slot_is(int slot, const char *state, int ep, int *now)
{
	struct m3_proc_info i;
	int ret = mnx_proc_info(m3x_vm, slot, &i);

	*now = ret;
	if (ret == -ESRCH)
		return !strcmp(state, "free");
	if (ret < 0)
		return 0;
	*now = i.endpoint;
	if (ep != M3_NONE && i.endpoint != ep)
		return 0;
	return !strcmp(state, "bound") || !strcmp(state, m3_state_name(i.state));
}

/* Until @ep is bound, as this node sees it: 0, or 1 after @secs. */
int m3x_wait_bound(int ep, int secs)
{
	long long end = m3x_now_ms() + 1000LL * secs;
	int now;

	while (!m3x_slot_is(M3_EP_SLOT(ep), "bound", ep, &now)) {
		if (m3x_now_ms() >= end)
			return m3x_fail("vm %d endpoint %d not bound after %d s",
					m3x_vm, ep, secs);
		m3x_sleep_ms(5);
	}
	return 0;
}

/* SLOT STATE SECS [EP]: until SLOT (with endpoint EP) is in STATE. */
int m3x_waitproc(int argc, char **argv)
{
	long long t0 = m3x_now_ms(), end;
	int slot, ep, now;

	if (argc < 3 || argc > 4)
		return 2;
	slot = m3x_int(argv[0]);
	ep = argc > 3 ? m3x_int(argv[3]) : M3_NONE;
	end = t0 + 1000LL * m3x_int(argv[2]);
	while (!m3x_slot_is(slot, argv[1], ep, &now)) {
		if (m3x_now_ms() >= end)
			return m3x_fail("vm %d slot %d not %s%s%s after %s s (%s %d)",
					m3x_vm, slot, argv[1],
					argc > 3 ? " as " : "",
					argc > 3 ? argv[3] : "", argv[2],
					now < 0 ? m3_errname(now) : "endpoint",
					now);
		m3x_sleep_ms(5);
	}
	printf("vm %d slot %d %s (%d) after %lld ms\n", m3x_vm, slot, argv[1],
	       now, m3x_now_ms() - t0);
	return 0;
}

int m3x_now_cmd(int argc, char **argv)
{
	(void)argv;
	if (argc)
		return 2;
	printf("%lld\n", m3x_now_ms());
	return 0;
}
