// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vcopy without consent. The kernel copies only for parties that consent
 * (blocked in a receive from the caller or a sendrec to it); otherwise, in
 * a VM without M3_VM_STRICT_COPY, it returns -ENOCONSENT and the copy is
 * done here with process_vm_readv/process_vm_writev. Whether the caller
 * may reach a party is then the kernel's own ptrace verdict, decided under
 * the party's exec_update_lock: uids/gids, dumpable, capability subset,
 * user namespaces, Yama and the other LSMs. libm3 adds no rule of its own
 * and never grants what process_vm_writev refuses.
 *
 * The kernel has already checked the endpoints, the length and same-mm
 * overlap before it looked at consent, so none of that is repeated here.
 *
 * Residual race: a party is resolved to a thread id, and that thread may
 * die and its id be reused before the syscall reaches it. The syscall then
 * reaches a newcomer, but only one the caller may ptrace anyway (the
 * kernel checks the thread it actually finds), so nothing is reached that
 * process_vm_writev would not reach. The check after the copy reports
 * such a death as -EDEADSRCDST.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

#define M3_BOUNCE_SIZE	(64 * 1024)	/* COPY2 chunk */

/* One side of the copy: the caller itself (tid 0) or another member. */
struct m3_side {
	int ep;
	pid_t tid;
	pid_t tgid;	/* its process, in the caller's pid namespace */
	uintptr_t addr;
};

/* A process_vm_* errno as a vcopy result. */
static int m3_pvm_error(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return -EPERM;
	case ESRCH:
		return -EDEADSRCDST;
	case EFAULT:
	case ENOMEM:
		return -EFAULT;
	default:
		return -err;
	}
}

/* [addr, addr + len) as a pointer range of this process's ABI. */
static bool m3_addr_fits(uint64_t addr, uint64_t len)
{
	uint64_t last = addr + len - 1;

	if (!len)
		return true;
	return last >= addr && (uintptr_t)last == last;
}

/*
 * The member in @ep's slot of @vmid, if it is still @ep and visible in the
 * caller's pid namespace.
 */
static int m3_member_info(int vmid, int ep, struct m3_proc_info *pi)
{
	int ret = mnx_proc_info(vmid, M3_EP_SLOT(ep), pi);

	if (ret == -ESRCH || (ret == 0 && pi->endpoint != ep))
		return -EDEADSRCDST;
	if (ret < 0)
		return ret;
	return pi->pid ? 0 : -EPERM;
}

static int m3_side_resolve(const struct m3_whois_args *me, int ep,
			   uint64_t addr, uint64_t len, struct m3_side *s)
{
	struct m3_proc_info pi;
	int ret;

	s->ep = ep;
	s->tid = 0;
	s->tgid = getpid();
	if (!m3_addr_fits(addr, len))
		return -EFAULT;
	s->addr = (uintptr_t)addr;
	if (ep == M3_SELF || ep == me->endpoint)
		return 0;
	ret = m3_member_info(me->vmid, ep, &pi);
	if (ret < 0)
		return ret;
	s->tid = pi.pid;
	s->tgid = pi.tgid;
	return 0;
}

/*
 * Source and destination in one process, overlapping: -EINVAL, as the
 * kernel says when it copies (it cannot see this without consent).
 */
static bool m3_sides_overlap(const struct m3_side *src,
			     const struct m3_side *dst, uint64_t len)
{
	return src->tgid == dst->tgid && len &&
	       src->addr < dst->addr + len && dst->addr < src->addr + len;
}

/* After the copy: the party is the same thread it was before. */
static int m3_side_recheck(int vmid, const struct m3_side *s)
{
	struct m3_proc_info pi;

	if (!s->tid)
		return 0;
	if (m3_member_info(vmid, s->ep, &pi) < 0 || pi.pid != s->tid)
		return -EDEADSRCDST;
	return 0;
}

/*
 * @len bytes between the caller's @local and @remote in thread @tid, in one
 * process_vm_* call per partial transfer.
 */
static int m3_pvm_copy(pid_t tid, uintptr_t local, uintptr_t remote,
		       size_t len, bool to_remote)
{
	struct iovec l, r;
	ssize_t n;

	while (len) {
		l.iov_base = (void *)local;
		l.iov_len = len;
		r.iov_base = (void *)remote;
		r.iov_len = len;
		if (to_remote)
			n = process_vm_writev(tid, &l, 1, &r, 1, 0);
		else
			n = process_vm_readv(tid, &l, 1, &r, 1, 0);
		if (n < 0)
			return m3_pvm_error(errno);
		if (n == 0)
			return -EFAULT;
		local += n;
		remote += n;
		len -= n;
	}
	return 0;
}

/* COPY2: from one party to the other through a bounce buffer. */
static int m3_pvm_copy2(const struct m3_side *src, const struct m3_side *dst,
			size_t len)
{
	uintptr_t saddr = src->addr, daddr = dst->addr;
	char *buf = malloc(len < M3_BOUNCE_SIZE ? len : M3_BOUNCE_SIZE);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (len && !ret) {
		size_t n = len < M3_BOUNCE_SIZE ? len : M3_BOUNCE_SIZE;

		ret = m3_pvm_copy(src->tid, (uintptr_t)buf, saddr, n, false);
		if (!ret)
			ret = m3_pvm_copy(dst->tid, (uintptr_t)buf, daddr, n,
					  true);
		saddr += n;
		daddr += n;
		len -= n;
	}
	free(buf);
	return ret;
}

static int m3_pvm_dispatch(const struct m3_side *src,
			   const struct m3_side *dst, size_t len)
{
	if (src->tid && dst->tid)
		return m3_pvm_copy2(src, dst, len);
	if (dst->tid)
		return m3_pvm_copy(dst->tid, src->addr, dst->addr, len, true);
	if (src->tid)
		return m3_pvm_copy(src->tid, dst->addr, src->addr, len, false);
	return -EPERM;	/* no party: the kernel never refuses that */
}

static int m3_vcopy_by_ptrace(const struct m3_vcopy_args *a)
{
	struct m3_whois_args me = { 0 };
	struct m3_side src, dst;
	int ret;

	ret = m3_whois(0, &me);
	if (ret < 0)
		return ret;
	ret = m3_side_resolve(&me, a->src_ep, a->src_addr, a->len, &src);
	if (ret < 0)
		return ret;
	ret = m3_side_resolve(&me, a->dst_ep, a->dst_addr, a->len, &dst);
	if (ret < 0)
		return ret;
	if (!a->len)
		return 0;
	if (m3_sides_overlap(&src, &dst, a->len))
		return -EINVAL;
	ret = m3_pvm_dispatch(&src, &dst, a->len);
	if (ret < 0)
		return ret;
	ret = m3_side_recheck(me.vmid, &src);
	if (!ret)
		ret = m3_side_recheck(me.vmid, &dst);
	return ret;
}

int m3_vcopy_ptrace(const struct m3_vcopy_args *a)
{
	int saved = errno;
	int ret = m3_vcopy_by_ptrace(a);

	errno = saved;
	return ret;
}
